"""Cheap keyword detection in front of the extractors' full patterns.

Most sentences of a news article hold none of an extractor's keywords; finding
the few that do with one Aho-Corasick pass over the article for all keyword
stems, instead of a regular-expression search per sentence and pattern, is
most of what makes the core fast.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import ahocorasick

from monitor.analysis import native

if TYPE_CHECKING:
    import monitor_native

_META = set("\\.^$*+?{}[]|()")


def literal_prefix(pattern: str) -> str:
    """The literal text every match of ``pattern`` starts with ("" when it starts with a metacharacter).

    ``summon(?:s|ed)?`` -> "summon"; ``ink(?:s)?`` -> "ink"; ``meets?`` -> "meet" (an optional
    last letter is not part of the prefix); alternations at the top level have none.
    """
    if "|" in re.sub(r"\\.|\([^()]*\)|\[[^\]]*\]", "", pattern):  # a top-level alternation
        return ""
    out: list[str] = []
    for ch in pattern:
        if ch in _META:
            if ch in "?*{" and out:
                out.pop()  # the previous character is optional
            break
        out.append(ch)
    return "".join(out).lower()


def lowered_pattern(pattern: str) -> str:
    """``pattern`` for lower-cased text: what it matches case-insensitively in ASCII text, it matches
    case-sensitively in the same text lower-cased (letters lower-cased outside escapes, group names
    and flags). Case-sensitive matching is much faster: the regex engine skips an alternative on
    its first letter only when letters compare exactly.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":  # an escape (\S, \W, \B...) keeps its case
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):  # a group name keeps its case
            end = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:end + 1])
            i = end + 1
        elif pattern.startswith("(?", i) and not pattern.startswith(("(?:", "(?=", "(?!", "(?<"), i):
            raise ValueError(f"inline flags are not supported here: {pattern[i:i + 6]!r}")
        else:
            out.append(ch.lower())
            i += 1
    return "".join(out)


def finditer_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying the pattern only at ``starts`` (increasing positions).

    The same matches when every match of the pattern starts at one of them: a start finder that
    knows where a pattern's first word can be spares trying it at every position of the text.
    """
    end = 0
    match = pattern.match
    for pos in starts:
        if pos >= end:
            m = match(text, pos)
            if m is not None:
                end = m.end()
                yield m


class KeywordScan:
    """Finds the sentences that hold a keyword of each group, in one pass over the article.

    Every keyword's literal prefix (stem) is found by one Aho-Corasick automaton (a C
    loop over the lower-cased article); only where a stem starts a word is the
    keyword's full pattern tried. Keywords without a literal prefix are searched
    with their pattern.
    """

    def __init__(self, keywords: Mapping[str, Sequence[str]]) -> None:
        by_stem: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        self.unprefixed: list[tuple[re.Pattern[str], str]] = []
        for name, kws in keywords.items():
            for kw in kws:
                rx = re.compile(rf"(?:{kw.lower()})\b")
                stem = literal_prefix(kw)
                if stem:
                    by_stem.setdefault(stem, []).append((rx, name))
                else:
                    self.unprefixed.append((re.compile(rf"\b(?:{kw.lower()})\b"), name))
        self.stems = tuple(by_stem.items())
        self._automaton = ahocorasick.Automaton()
        for stem, checks in self.stems:
            self._automaton.add_word(stem, (len(stem), checks))
        if self.stems:
            self._automaton.make_automaton()
        self._native = _native_scanner(self.stems)

    def scan(self, sentences: Sequence[str], *, use_native: bool = True) -> list[set[str]]:
        """For each sentence, the names of the groups whose keywords it holds.

        ASCII articles go to the native scanner when it is installed (the same sets).
        """
        if not sentences:
            return []
        if use_native and self._native is not None:
            found = self._native.scan(sentences)
            if found is not None:
                for rx, name in self.unprefixed:
                    _mark(found, sentences, rx, name)
                return found
        out: list[set[str]] = [set() for _ in sentences]
        low, starts = _joined(sentences)
        if self.stems:
            # Every occurrence of every stem, overlapping ones included, as (last index, value).
            for end, (size, checks) in self._automaton.iter(low):
                i = end - size + 1
                if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                    for rx, name in checks:
                        if rx.match(low, i):
                            out[bisect_right(starts, i) - 1].add(name)
        for rx, name in self.unprefixed:
            for m in rx.finditer(low):
                out[bisect_right(starts, m.start()) - 1].add(name)
        return out


def _joined(sentences: Sequence[str]) -> tuple[str, list[int]]:
    """The lower-cased article (sentences joined by newlines) and where each sentence starts in it."""
    starts: list[int] = []
    pos = 0
    for sentence in sentences:
        starts.append(pos)
        pos += len(sentence) + 1
    return "\n".join(sentences).lower(), starts


def _mark(found: list[set[str]], sentences: Sequence[str], rx: re.Pattern[str], name: str) -> None:
    """Add ``name`` to the sentences where the lower-cased ``rx`` matches (as the Python scan does)."""
    low, starts = _joined(sentences)
    for m in rx.finditer(low):
        found[bisect_right(starts, m.start()) - 1].add(name)


def _rust_regex(pattern: str) -> str:
    """A pattern for the native scanner: Python's ``\\s`` also matches the separators \\x1c-\\x1f."""
    return pattern.replace(r"\s", r"[\s\x1c-\x1f]").replace(r"\S", r"[^\s\x1c-\x1f]")


def _native_scanner(
    stems: Sequence[tuple[str, list[tuple[re.Pattern[str], str]]]],
) -> monitor_native.KeywordScanner | None:
    """The native scanner for these stems and checks, or None (not installed, or a pattern it cannot read)."""
    if native.kernels is None or not stems:
        return None
    names = sorted({name for _, checks in stems for _, name in checks})
    index = {name: i for i, name in enumerate(names)}
    checks = [[(_rust_regex(rx.pattern[len("(?:"):-len(")\\b")]), index[name]) for rx, name in group]
              for _, group in stems]
    try:
        return native.kernels.KeywordScanner([stem for stem, _ in stems], checks, names)
    except ValueError:  # a keyword in a syntax only Python's engine reads: the Python scan runs
        return None
