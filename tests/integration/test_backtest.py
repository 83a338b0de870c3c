"""Backtests: archives and a real Kafka topic, compare mode, label scoring, isolation, reports, bad input."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from aiokafka import AIOKafkaProducer

from monitor.backtest import Run, backtest, ordered, read_labels, score
from monitor.demo.server import load_samples
from monitor.errors import InputError
from monitor.models import Article
from tests.receiver import Receiver

pytestmark = pytest.mark.integration
T0 = datetime(2030, 6, 1, 12, tzinfo=UTC)


def samples() -> list[Article]:
    items = sorted((i for f in load_samples(now=T0).values() for i in f), key=lambda i: i.published)
    return [Article(id=i.id, text=i.text, url=f"https://samples.test/{i.id}", title=i.title, published=i.published,
                    source=i.feed) for i in items]


def write_jsonl(path: Path, arts: list[Article]) -> Path:
    path.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in arts))
    return path


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", "backtest", *args], capture_output=True, text=True,
                          check=False, env=env or dict(os.environ), timeout=120)


def test_compare_two_topic_files(tmp_path: Path) -> None:
    narrow = tmp_path / "narrow.yaml"
    narrow.write_text("topics:\n  - id: japan-only\n    groups: {j: {entities: [Japan]}}\n"
                      "    rules: [{all_of: [j], within: sentence, score: 1}]\n    min_score: 1\n")
    from monitor.analysis.topics import TopicSet

    report = backtest(samples(), topics=TopicSet.load(narrow), base_topics=TopicSet.load())
    diff = report["compare"]
    assert diff["only_in_candidate"] == []
    assert len(diff["only_in_base"]) == 8  # the demo's eight facts alert only with the base rules
    assert diff["in_both"] == 0
    assert diff["tags"]["north-korea-russia"]["lost"] == 5
    assert diff["tags"]["eu-korea"]["lost"] == 1


def test_label_scoring_by_hand(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(x) for x in [
        {"id": "sw-1", "topics": ["north-korea-russia"], "troop_figures": [1000]},
        {"id": "sw-3", "troop_figures": [2500, 5000]},          # 5,000 is a plan the extractor reads as 'planned'
        {"id": "sd-3", "topics": ["sports"]},                    # wrong on purpose: a miss and a false... no tag
    ]) + "\n")
    run = Run.of(ordered(samples()), None)
    scores = score(run, read_labels(labels))
    figs = scores["fields"]["troop_figures"]
    got_sw3 = {f.value for a in run.analyses if a.id == "sw-3" for f in a.troop_figures}
    tp = 1 + len({2500, 5000} & got_sw3)
    fp = len(got_sw3 - {2500, 5000})
    assert (figs["tp"], figs["fp"]) == (tp, fp)
    topics = scores["fields"]["topics"]
    assert (topics["tp"], topics["fp"], topics["fn"]) == (1, 0, 1)
    assert topics["recall"] == 0.5
    assert any(p.get("missed") == "sports" for p in scores["problems"])


def test_labels_with_unknown_ids_are_rejected(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"id": "nope", "topics": []}) + "\n")
    with pytest.raises(InputError, match="not in the input"):
        score(Run.of(samples(), None), read_labels(labels))


def test_cli_archive_report_and_isolation(tmp_path: Path, redis_url: str, unique_prefix: str) -> None:
    archive = write_jsonl(tmp_path / "history.jsonl", samples())
    receiver = Receiver()

    async def serve_and_run() -> subprocess.CompletedProcess[str]:
        await receiver.start()
        try:
            env = {**os.environ, "MONITOR_ALERTS__WEBHOOK_URL": receiver.url, "MONITOR_REDIS__URL": redis_url,
                   "MONITOR_REDIS__KEY_PREFIX": unique_prefix}
            # Worker processes too: they only prepare articles, and nothing they do reaches the live system.
            return await asyncio.to_thread(run_cli, str(archive), "--report", str(tmp_path / "rep"), "--quiet",
                                           "--processes", "2", env=env)
        finally:
            await receiver.stop()

    proc = asyncio.run(serve_and_run())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["alerts"] == 8
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    assert report["figure_history"]["North Korea"] == [
        [a["first_seen"], a["value"]] for a in report["alerts"] if a["kind"] == "troop_figure"]
    page = (tmp_path / "rep" / "report.html").read_text()
    assert "<svg" in page
    assert "Alerts timeline" in page
    # Zero side effects: no alert delivered, no key written in the live Redis.
    assert receiver.requests == []
    assert redis.Redis.from_url(redis_url).keys(unique_prefix + "*") == []


def test_processes_do_not_change_the_report(tmp_path: Path) -> None:
    arts = samples()
    copies = [Article(id=a.id + "-copy", text="Via the wire. " + a.text, url=f"https://mirror.test/{a.id}",
                      title=a.title, published=a.published + timedelta(minutes=30) if a.published else None,
                      source="mirror") for a in arts]
    archive = write_jsonl(tmp_path / "history.jsonl", arts + copies)
    reports = []
    for n in ("1", "3"):
        proc = run_cli(str(archive), "--report", str(tmp_path / n), "--quiet", "--processes", n)
        assert proc.returncode == 0, proc.stderr
        reports.append((tmp_path / n / "report.json").read_text())
    assert reports[0] == reports[1]
    assert json.loads(reports[0])["summary"]["duplicates"] >= len(copies)  # the samples hold one more

    proc = run_cli(str(archive), "--processes", "0")
    assert proc.returncode == 2
    assert "--processes must be at least 1, got 0" in proc.stderr


def test_kafka_topic_sub_range(kafka_bootstrap: str, unique_prefix: str) -> None:
    topic = unique_prefix + "news.articles"
    arts = samples()
    # Brokers refuse record times far from now: the history is placed in the last days.
    base = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)

    async def produce() -> None:
        p = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await p.start()
        try:
            for i, a in enumerate(arts):
                ts = int((base + timedelta(hours=i)).timestamp() * 1000)
                await p.send_and_wait(topic, a.to_json(), key=a.id.encode(), timestamp_ms=ts, partition=0)
        finally:
            await p.stop()

    asyncio.run(produce())
    env = {**os.environ, "MONITOR_KAFKA__BOOTSTRAP_SERVERS": kafka_bootstrap}
    since = (base + timedelta(hours=1)).isoformat()
    until = (base + timedelta(hours=4)).isoformat()
    proc = run_cli("--topic", topic, "--since", since, "--until", until, "--quiet", env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["articles"] == 3
    whole = run_cli("--topic", topic, "--quiet", env=env)
    assert whole.returncode == 0, whole.stderr
    assert json.loads(whole.stdout)["articles"] == len(arts)
    empty = run_cli("--topic", topic, "--since", "1h", "--quiet", env=env)
    assert empty.returncode == 1
    assert "no articles" in empty.stderr
    # Offset ranges instead of times: partition 0 holds every record (one key per article, one partition).
    by_offset = run_cli("--topic", topic, "--offsets", "0:2-5", "--quiet", env=env)
    assert by_offset.returncode == 0, by_offset.stderr
    assert json.loads(by_offset.stdout)["articles"] == 3
    bad = run_cli("--topic", topic, "--offsets", "5-2", "--quiet", env=env)
    assert bad.returncode == 1
    assert "bad offset range" in bad.stderr
    unknown = run_cli("--topic", unique_prefix + "missing", "--quiet", env=env)
    assert unknown.returncode == 1
    assert "unknown topic" in unknown.stderr


def test_malformed_archive_records_are_reported(tmp_path: Path) -> None:
    archive = tmp_path / "bad.jsonl"
    archive.write_text(json.dumps(samples()[0].to_dict()) + "\n{oops\n")
    proc = run_cli(str(archive), "--quiet")
    assert proc.returncode == 1
    assert f"{archive}:2: invalid JSON" in proc.stderr
    assert json.loads(proc.stdout)["articles"] == 1


def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    import shutil

    from monitor.backtest import write_report

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium not installed: deploy/local/setup.sh installs Debian's chromium package")
    narrow = backtest(samples())
    page = write_report(tmp_path / "rep", narrow)
    proc = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "<svg" in dom
    assert "<polyline" in dom  # the figure history line chart
    assert "<rect" in dom  # the per-topic bars
    assert "Alerts timeline" in dom
    console_errors = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console_errors == []
