"""Phrasing variants from tests/fixtures/phrasings.yaml: figures, numbers, actions and topics.

The fixture holds original sentences in the style of news copy and the complete expected output of
each extractor for them; see its header for the format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.analysis.actions import extract_actions
from monitor.analysis.entities import default_lexicon
from monitor.analysis.figures import extract_figures
from monitor.analysis.numbers import find_numbers
from monitor.analysis.text import normalize, sentences, sentences_and_speakers
from monitor.analysis.topics import TopicSet

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "phrasings.yaml"
DATA: dict[str, Any] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
PUB = datetime.fromisoformat(DATA["published"].replace("Z", "+00:00"))

FIGURE_KEYS = ("value", "qualifier", "actor", "historical")
CASUALTY_KEYS = ("kind", "value", "qualifier", "actor")


def cases(section: str) -> list[Any]:
    out = []
    for case in DATA[section]:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


def split(case: dict[str, Any]) -> list[str]:
    if "sentences" in case:
        return [normalize(s) for s in case["sentences"]]
    return sentences(normalize(case["text"]))


def project(found: Iterable[Any], expected: Sequence[dict[str, Any]], required: Sequence[str],
            defaults: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What was found and what was expected, both reduced to the fields the fixture states."""
    keys = list(dict.fromkeys([*required, *(k for e in expected for k in e)]))
    want = [{k: e.get(k, defaults.get(k)) for k in keys} for e in expected]
    got = [{k: getattr(f, k) for k in keys} for f in found]
    return got, want


def test_fixture_is_well_formed() -> None:
    ids = [c["id"] for section in ("figures", "numbers", "actions", "topics") for c in DATA[section]]
    assert len(ids) == len(set(ids)), "case ids are unique"
    for case in DATA["figures"]:
        for fig in case["figures"]:
            assert {"value", "qualifier", "actor"} <= set(fig), case["id"]
        for cas in case.get("casualties", []):
            assert set(CASUALTY_KEYS) <= set(cas), case["id"]
    for case in DATA["actions"]:
        for act in case["actions"]:
            assert {"type", "actors", "targets"} <= set(act), case["id"]


def _published(case: dict[str, Any]) -> datetime:
    """The case's own publication time when it gives one, else the file's."""
    return datetime.fromisoformat(case["published"].replace("Z", "+00:00")) if "published" in case else PUB


@pytest.mark.parametrize("case", cases("figures"))
def test_figures(case: dict[str, Any]) -> None:
    figures, casualties = extract_figures(split(case), published=_published(case))
    got, want = project(figures, case["figures"], FIGURE_KEYS, {"historical": False})
    assert got == want
    got, want = project(casualties, case.get("casualties", []), CASUALTY_KEYS, {})
    assert got == want


@pytest.mark.parametrize("case", cases("numbers"))
def test_numbers(case: dict[str, Any]) -> None:
    assert [n.value for n in find_numbers(case["text"]) if not (n.vague or n.is_year)] == case["values"]


def _action_key(type_: str, actors: Iterable[str], targets: Iterable[str], historical: bool) -> tuple[Any, ...]:
    return (type_, tuple(sorted(actors)), tuple(sorted(targets)), historical)


@pytest.mark.parametrize("case", cases("actions"))
def test_actions(case: dict[str, Any]) -> None:
    speakers = None
    if "text" in case:  # (a transcript's turns: whose "we" is whose)
        sents, speakers = sentences_and_speakers(normalize(case["text"]))
    else:
        sents = split(case)
    # (An outlet's own government: "source" names the outlet, as an article's does.)
    home = default_lexicon().home_of(case["source"]) if "source" in case else None
    official = home is not None and default_lexicon().official(case["source"])
    found = extract_actions(sents, published=_published(case), speakers=speakers, home=home, official=official)
    got = sorted(_action_key(a.type, a.actors, a.targets, a.historical) for a in found)
    want = sorted(_action_key(a["type"], a["actors"], a["targets"], a.get("historical", False))
                  for a in case["actions"])
    assert got == want


@pytest.fixture(scope="module")
def topic_set() -> TopicSet:
    return TopicSet.load()


@pytest.mark.parametrize("case", cases("topics"))
def test_topics(case: dict[str, Any], topic_set: TopicSet) -> None:
    assert topic_set.tag(split(case), title=case.get("title")) == sorted(case["topics"])
