"""The keyword scan in front of the extractors: same sentences as a regex search, far fewer passes."""

from __future__ import annotations

import re

import pytest

from monitor.analysis.actions import vocabulary
from monitor.analysis.keywords import KeywordScan, literal_prefix


@pytest.mark.parametrize(("pattern", "prefix"), [
    ("summon(?:s|ed|ing)?", "summon"),
    (r"called\s+in", "called"),
    (r"denounc\w*", "denounc"),
    ("meets?", "meet"),            # an optional last letter is not part of the prefix
    ("ab*c", "a"),
    ("Talks", "talks"),            # lower-cased: the scan runs on lower-cased text
    ("a|b", ""),                   # a top-level alternation has no common prefix
    ("(?:x|y)z", ""),
    (r"\bfoo", ""),
])
def test_literal_prefix(pattern: str, prefix: str) -> None:
    assert literal_prefix(pattern) == prefix


SENTENCES = [
    "Seoul summoned the Russian ambassador on Tuesday.",
    "The metal workers' union met no one; it was a quiet think tank task.",   # "met" whole, not "metal"
    "Tourism rose while the tourists cut short their trip.",
    "Officials talked about the weather.",                                     # "talk" is no keyword
    "The ministers held talks with their counterparts.",
    "Brussels called in the envoy, then MEETS were cancelled.",
    "",
    "Nothing here: inkjet, asking-price, pressure, calligraphy, urgent.",
]


def test_scan_agrees_with_a_regex_search_per_sentence() -> None:
    keywords = {name: [k] for name, k in [("met", "met"), ("meet", "meets?"), ("talks", "talks"),
                                          ("summon", "summon(?:s|ed|ing)?"), ("call", r"call(?:s|ed)?\s+in"),
                                          ("trip", "trip"), ("cut", "cut"), ("ink", "ink(?:s|ed)?"),
                                          ("ask", "ask(?:s|ed)?"), ("urge", "urg(?:e|es|ed|ing)"),
                                          ("alt", "press(?:es|ed)?|tour"), ("word", r"\bquiet")]}
    found = KeywordScan(keywords).scan(SENTENCES)
    for sentence, names in zip(SENTENCES, found, strict=True):
        expected = {n for n, (k,) in keywords.items() if re.search(rf"\b(?:{k.lower()})\b", sentence.lower())}
        assert names == expected, sentence
    assert found[1] == {"met", "word"}
    assert found[2] == {"cut", "trip"}
    assert found[3] == set()
    assert found[7] == set()


def test_action_vocabulary_scan_matches_its_keyword_patterns() -> None:
    vocab = vocabulary()
    text = ("The EU condemned the launch. Pyongyang and Moscow signed a treaty. Kyiv urged Russia to pull out. "
            "They met in Brussels. A joint statement followed. The weather was calm.").split(". ")
    found = vocab.scanner.scan(text)
    for sentence, kinds in zip(text, found, strict=True):
        expected = {t.name for t in vocab.types.values() if t.keywords.search(sentence.lower())}
        assert kinds == expected, sentence
    assert found[-1] == set()
    assert "condemn" in found[0]
    assert "sign_agreement" in found[1]
    assert "meeting" in found[3]


def test_scan_of_no_sentences() -> None:
    assert KeywordScan({"x": ["x"]}).scan([]) == []


def test_lowered_pattern_matches_like_ignorecase() -> None:
    from monitor.analysis.keywords import lowered_pattern

    pattern = r"(?P<verb>Summon(?:ed)?)\s+(?:\S+\s+){0,2}?(?=[A-Z])(?P<who>[A-Z][a-z]+)\b|MoU\W"
    expected = r"(?P<verb>summon(?:ed)?)\s+(?:\S+\s+){0,2}?(?=[a-z])(?P<who>[a-z][a-z]+)\b|mou\W"
    assert lowered_pattern(pattern) == expected
    rx, low = re.compile(pattern, re.IGNORECASE), re.compile(lowered_pattern(pattern))
    for text in ["Seoul summoned the Russian Ambassador", "SEOUL SUMMONED THE RUSSIAN AMBASSADOR", "a MOU, signed",
                 "summon  the  envoy Kim", "they summoned 3 envoys"]:
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in low.finditer(text.lower())], text
    with pytest.raises(ValueError, match="inline flags"):
        lowered_pattern("(?i:abc)")
