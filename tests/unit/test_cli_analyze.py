"""`monitor analyze`: input handling, output shape, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.cli import main

ARTICLE = {
    "id": "a1",
    "url": "https://news.example/a1",
    "title": "Seoul summons Russian envoy over troop deployment",
    "text": (
        "South Korea's First Vice Foreign Minister summoned the Russian ambassador on Tuesday over North Korea's "
        "troop deployment to Russia. Seoul's spy agency said Pyongyang had sent about 2,000 soldiers to Russia "
        "this month."
    ),
    "published": "2025-03-04T08:00:00Z",
    "source": "example-wire",
}
KEYS = {"id", "topics", "duplicate_of", "story", "troop_figures", "casualties", "diplomatic_actions", "alerts"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]], str]:
    code = main(["analyze", *args])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_jsonl_and_txt_in_given_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonl = tmp_path / "batch.jsonl"
    second = dict(ARTICLE, id="a2", url="https://news.example/a2?utm_source=x")
    jsonl.write_text(json.dumps(ARTICLE) + "\n\n" + json.dumps(second) + "\n")
    txt = tmp_path / "note.txt"
    txt.write_text("The EU and South Korea held talks in Brussels on Monday.\n")
    code, lines, err = run(capsys, str(txt), str(jsonl))
    assert code == 0, err
    assert [line["id"] for line in lines] == ["note.txt", "a1", "a2"]
    for line in lines:
        assert set(line) >= KEYS
    # The same text again under another id is a duplicate and never alerts.
    assert lines[2]["duplicate_of"] == "a1"
    assert lines[2]["alerts"] == []
    assert lines[2]["story"] == lines[1]["story"]


def test_only_text_is_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "min.jsonl"
    f.write_text(json.dumps({"text": "North Korea and Russia signed a treaty on Friday."}) + "\n")
    code, lines, err = run(capsys, str(f))
    assert code == 0, err
    assert lines[0]["id"] == "min.jsonl:1"


def test_bad_records_are_reported_and_the_rest_processed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps(ARTICLE),
                "{not json",
                json.dumps({"id": "no-text", "title": "x"}),
                json.dumps({"id": "bad-time", "text": "x", "published": "yesterday-ish"}),
                json.dumps([1, 2]),
                json.dumps(dict(ARTICLE, id="a3", text="A different story about the EU budget.")),
            ]
        )
        + "\n"
    )
    code, lines, err = run(capsys, str(f))
    assert code == 1
    assert [line["id"] for line in lines] == ["a1", "a3"]
    assert f"{f}:2: invalid JSON" in err
    assert f"{f}:3: article has no text" in err
    assert f"{f}:4: published: not an ISO-8601 time" in err
    assert f"{f}:5: expected a JSON object" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.jsonl", b"\n  \n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin1.txt", "Caf\u00e9 news".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unusable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes,
                        message: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(ARTICLE) + "\n")
    code, lines, err = run(capsys, str(bad), str(good))
    assert code == 1
    assert [line["id"] for line in lines] == ["a1"]
    assert str(bad) in err
    assert message in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = run(capsys, str(tmp_path / "nope.jsonl"))
    assert code == 1
    assert lines == []
    assert "nope.jsonl: no such file" in err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["analyze"])
    assert exc.value.code == 2
    bad_topics = tmp_path / "topics.yaml"
    bad_topics.write_text("topics: [\n")
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps(ARTICLE) + "\n")
    assert main(["analyze", "--topics", str(bad_topics), str(f)]) == 2
    assert str(bad_topics) in capsys.readouterr().err


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    # "monitor analyze ... | head -1": the pipe closes under the writer; no traceback, the shell's code for SIGPIPE.
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps({"id": f"a{i}", "text": f"Seoul said on Monday {i} things."}) + "\n"
                           for i in range(3000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "analyze", str(src)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert json.loads(first)["id"] == "a0"
    assert "Traceback" not in err, err


def test_undated_articles_before_the_first_dated_one_are_placed_at_its_time(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The same event, first from an undated page, then from a dated wire: one story, and "in October"
    # read against the stream's time (October 2024: this month's news), not today's.
    (tmp_path / "a.txt").write_text(
        "Seoul summons Zinoviev over North Korean troops\n"
        "South Korea summoned Russian Ambassador Georgy Zinoviev on Monday over the North Korean troops in "
        "Russia, Vice Foreign Minister Kim Hong-kyun said. Seoul also summoned the Russian ambassador in October "
        "over arms transfers.")
    dated = {"id": "b", "published": "2024-10-21T14:00:00Z", "source": "wire",
             "title": "South Korea calls in Russian envoy Zinoviev",
             "text": "Vice Foreign Minister Kim Hong-kyun called in Russian envoy Georgy Zinoviev on Monday and "
                     "demanded the withdrawal of the North Korean soldiers sent to Russia."}
    (tmp_path / "b.jsonl").write_text(json.dumps(dated) + "\n")
    code, out, _ = run(capsys, str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"))
    assert code == 0
    assert out[1]["duplicate_of"] is None
    assert out[0]["story"] == out[1]["story"]
    summons = [a for a in out[0]["diplomatic_actions"] if a["type"] == "summon_ambassador"]  # type: ignore[union-attr]
    # The headline's summons of Zinoviev (named in full in the text), Monday's and October's.
    assert len(summons) == 3
    assert not any(a["historical"] for a in summons)
