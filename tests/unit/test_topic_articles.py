"""Whole short articles from tests/fixtures/topic_articles.yaml, tagged as the pipeline tags them.

The fixture holds original articles in the style of news copy and the complete list of topics an
analyst would give each; see its header for the format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.analysis.text import clean, normalize, sentences
from monitor.analysis.topics import TopicSet

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "topic_articles.yaml"
DATA: dict[str, Any] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def cases() -> list[Any]:
    out = []
    for case in DATA["articles"]:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


@pytest.fixture(scope="module")
def topic_set() -> TopicSet:
    return TopicSet.load()


def test_fixture_is_well_formed(topic_set: TopicSet) -> None:
    ids = [c["id"] for c in DATA["articles"]]
    assert len(ids) == len(set(ids)), "case ids are unique"
    for case in DATA["articles"]:
        assert set(case) <= {"id", "title", "text", "topics", "why", "xfail"}, case["id"]
        assert set(case["topics"]) <= set(topic_set.ids), case["id"]


@pytest.mark.parametrize("case", cases())
def test_topics(case: dict[str, Any], topic_set: TopicSet) -> None:
    title = case.get("title")
    sents = sentences(clean(case["text"]))
    # As the pipeline does: the title leads the sentences unless the body already opens with it.
    if title and (not sents or normalize(title) not in sents[0]):
        sents.insert(0, normalize(title))
    assert topic_set.tag(sents, title=title) == sorted(case["topics"])
