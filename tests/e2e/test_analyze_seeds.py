"""`monitor analyze` on the seed corpus reproduces labels.json.

The corpus is copyrighted and lives outside the repository; these tests read
it at run time and skip, saying why, when it is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest

from tests.corpus import CORPUS, CORPUS_MARKS

pytestmark = CORPUS_MARKS


@pytest.fixture(scope="module")
def analyzed(labels: dict[str, Any]) -> dict[str, dict[str, Any]]:
    files = [str(CORPUS / name) for name in labels["order"]]
    proc = subprocess.run(
        [sys.executable, "-m", "monitor", "analyze", *files], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["id"] for line in lines] == labels["order"], "one line per article, in input order"
    return {line["id"]: line for line in lines}


def _alert_key(alert: dict[str, Any]) -> tuple[Any, ...]:
    if alert["kind"] == "troop_figure":
        return ("troop_figure", alert["actor"], alert["value"])
    return ("diplomatic_action", alert["type"], tuple(sorted(alert["actors"])), tuple(sorted(alert["targets"])))


def test_topics(labels: dict[str, Any], analyzed: dict[str, dict[str, Any]]) -> None:
    for name, expected in labels["articles"].items():
        assert set(analyzed[name]["topics"]) == set(expected["topics"]), name


def test_duplicates(labels: dict[str, Any], analyzed: dict[str, dict[str, Any]]) -> None:
    for name, expected in labels["articles"].items():
        assert analyzed[name]["duplicate_of"] == expected["duplicate_of"], name


def test_stories(labels: dict[str, Any], analyzed: dict[str, dict[str, Any]]) -> None:
    names = list(labels["articles"])
    for a in names:
        for b in names:
            same_label = labels["articles"][a]["story"] == labels["articles"][b]["story"]
            same_story = analyzed[a]["story"] == analyzed[b]["story"]
            assert same_label == same_story, (a, b)


def test_troop_figures(labels: dict[str, Any], analyzed: dict[str, dict[str, Any]]) -> None:
    for name, expected in labels["articles"].items():
        got = {f["value"] for f in analyzed[name]["troop_figures"] if f["value"] is not None}
        assert got == {f["value"] for f in expected["troop_figures"]}, name
        for want in expected["troop_figures"]:
            match = [f for f in analyzed[name]["troop_figures"] if f["value"] == want["value"]]
            assert any(f["actor"] == want["actor"] and want["sentence_contains"] in f["sentence"] for f in match), want


def _expected_actions(labels: dict[str, Any], name: str) -> list[dict[str, Any]]:
    actions = labels["articles"][name]["diplomatic_actions"]
    if isinstance(actions, str):  # "same as <other>"
        actions = labels["articles"][actions.split()[-1]]["diplomatic_actions"]
    return list(actions)


def test_diplomatic_actions(labels: dict[str, Any], analyzed: dict[str, dict[str, Any]]) -> None:
    for name in labels["articles"]:
        expected = _expected_actions(labels, name)
        got = analyzed[name]["diplomatic_actions"]
        assert {(a["type"], a["historical"]) for a in got} == {
            (a["type"], a.get("historical", False)) for a in expected
        }, name
        for want in expected:
            assert any(
                a["type"] == want["type"]
                and a["historical"] == want.get("historical", False)
                and set(a["actors"]) == set(want["actors"])
                and set(a["targets"]) == set(want["targets"])
                for a in got
            ), (name, want)


def test_alerts(labels: dict[str, Any], analyzed: dict[str, dict[str, Any]]) -> None:
    for name, expected in labels["articles"].items():
        want = Counter(
            ("troop_figure", a["actor"], a["value"])
            if a["kind"] == "troop_figure"
            else ("diplomatic_action", a["type"], tuple(sorted(a["actors"])), tuple(sorted(a["targets"])))
            for a in expected["expected_alerts"]
        )
        got = Counter(_alert_key(a) for a in analyzed[name]["alerts"])
        assert got == want, name


def test_alerts_are_traceable(analyzed: dict[str, dict[str, Any]]) -> None:
    ids = [a["id"] for line in analyzed.values() for a in line["alerts"]]
    assert len(ids) == len(set(ids)), "alert ids are unique"
    for line in analyzed.values():
        for alert in line["alerts"]:
            assert alert["summary"]
            assert alert["article_id"] == line["id"]
            assert alert["sources"]
            assert alert["sources"][0]["article_id"] == line["id"]
