"""Numbers in news prose: "1,500", "12,000", "1.5 million", "twelve thousand",
"10,000-12,000", "between 10,000 and 12,000", "several thousand" (vague).

Not numbers for our purpose (skipped): years ("in 2024"), dates ("October 18",
"4 November"), clock times ("2 PM", "10:03"), percentages, money ("$1.5
million", "1 billion won"), ordinals ("29th"), ranks ("No. 2"), phone numbers
and codes ("1-800-273-8255"), and numbers glued into words ("3-year-long",
"Hwasong-19", "G7").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from monitor.analysis import native
from monitor.analysis.keywords import finditer_at, lowered_pattern

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}
_MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|December"
           r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")

# Thousands grouped by commas, or by spaces as European outlets print them ("11 000", from a thin or
# non-breaking space that normalising made plain): only groups of exactly three digits.
# Or by points, as German, Vietnamese or Turkish outlets print them and their translations keep ("11.000 soldiers"):
# groups of exactly three, not before a scale ("1.280 million" is a decimal).
_DIGITS = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3}(?!\d))+"
           r"|\d{1,3}(?:\.\d{3})+(?![\d.,]|\s*(?:hundred|thousand|million|billion|mn|bn|k\b|m\b))|\d+(?:\.\d+)?")
# (Also joined by a hyphen in a compound: "a 1.2-million-strong army".)
_SCALE = r"(?:(?:\s*|-)(?:hundred|thousand|million|billion|mn|bn)\b|(?:k|m)\b)"
_WORDNUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven"
            r"|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
            r"|fifteen|sixteen|seventeen|eighteen|nineteen)")
# Spoken numbers as transcripts spell them: "seven hundred thousand", "twenty-eight thousand five hundred", "one point
# two million".
_WORD_HUNDREDS = rf"(?:(?:a|an|{_WORDNUM})\s+hundred(?:\s+(?:and\s+)?{_WORDNUM})?)"
_WORD_FULL = (rf"(?:{_WORDNUM}\s+point\s+{_WORDNUM}\s+(?:thousand|million|billion)"
              rf"|(?:{_WORD_HUNDREDS}|a|an|{_WORDNUM})\s+(?:thousand|million)(?:\s+(?:and\s+)?(?:{_WORD_HUNDREDS}|{_WORDNUM}))?"
              rf"|{_WORD_HUNDREDS}|{_WORDNUM}(?!\s*-))")
_ONE = rf"(?:(?:{_DIGITS}){_SCALE}?|{_WORD_FULL})"
_NUMBER_PATTERN = (
    rf"(?<![\w$€£¥₩.,-])(?:between\s+(?P<b1>{_ONE})\s+and\s+(?P<b2>{_ONE})"
    rf"|(?P<r1>{_ONE})\s*(?:-|to|–)\s*(?P<r2>{_ONE})"
    rf"|(?P<one>{_ONE}))(?![\w%])"
)
_NUMBER = re.compile(_NUMBER_PATTERN, re.IGNORECASE)
# The same, case-sensitive, for lower-cased ASCII text: many times faster (see lowered_pattern).
_NUMBER_LOWER = re.compile(lowered_pattern(_NUMBER_PATTERN))
_VAGUE_PATTERN = (
    r"\b(?:(?:several|a few|few|many|some)\s+(?:hundred|thousand|million)|(?:tens\s+of\s+)?thousands|hundreds"
    r"|dozens|a dozen|millions)\b(?:\s+of)?"
)
_VAGUE = re.compile(_VAGUE_PATTERN, re.IGNORECASE)
_VAGUE_LOWER = re.compile(lowered_pattern(_VAGUE_PATTERN))
_VAGUE_WORDS = ("hundred", "thousand", "million", "dozen")  # one is in every match of _VAGUE_PATTERN
# Where a number can start, for the native start finder: after no word character, at a digit, at the
# whole word "a", "an" or "between" (each followed by a space in the pattern), or at a word that starts
# with a number word ("twenty-one", and "tento twenty" reads "ten to twenty"). tests/unit/test_native.py
# checks that trying the pattern only there finds the same numbers.
_NUMBER_WORDS = ("a", "an", "between")
_NUMBER_WORD_PREFIXES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety",
)
_NUMBER_STARTS = native.kernels.StartFinder(_NUMBER_WORDS, (), _NUMBER_WORD_PREFIXES) \
    if native.kernels is not None else None
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₩]|\b(?:US\$|USD|EUR|GBP|KRW|RUB|won|yen|yuan)\s?)$", re.IGNORECASE)
_MONEY_AFTER = re.compile(
    r"^\s*(?:(?:hundred|thousand|million|billion)\s+)?(?:dollars|usd|euros?|eur|pounds|won|yen|yuan|rubles|roubles"
    r"|hryvnias?)\b", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"^\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|^:\d", re.IGNORECASE)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})$")  # on the text before, trailing spaces and one "." removed
_DATE_AFTER = re.compile(rf"^\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTHS})\b")
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
_NUMERAL = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*|-)(hundred|thousand|million|billion|mn|bn|k|m)?")
_DIGIT_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_TRAILING_SCALE = re.compile(r"(hundred|thousand|million|billion|mn|bn|k|m)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# "3-year-long" is no count; "1,500-strong", "10,000-plus", "10,000-odd" are.
_GLUED_AFTER = re.compile(r"^-(?!strong\b|plus\b|odd\b)[A-Za-z]")
_CODE_AFTER = re.compile(r"^[-/.]\d")  # "1-800-273-8255", "02-2100-7000": a phone number or code, not a range
_RANK_BEFORE = re.compile(r"(?:\bNos?\.|#)\s*$")  # "No. 2", "#3": a rank


class NumberMention(NamedTuple):
    value: int | None  # the headline value (a range's upper bound); None when vague
    low: int | None
    high: int | None
    start: int
    end: int
    text: str
    vague: bool = False
    is_year: bool = False


def parse_number(text: str) -> int | None:
    """Parse one number phrase ("1,500", "1.5 million", "twelve thousand", "10k") to an int."""
    t = _DIGIT_GROUP_SPACE.sub("", text.strip().lower().replace("-", " "))
    if _DOTTED_THOUSANDS.fullmatch(t):
        t = t.replace(".", "")  # "11.000": thousands grouped by points (a scale after it is matched apart)
    m = _NUMERAL.fullmatch(t)
    if m:
        whole = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        scale = _SCALES.get(m.group(3) or "", 1)
        return round(whole * scale)
    total, current = 0, 0
    words = [w for w in t.split() if w != "and"]
    if not words:
        return None
    if "point" in words and len(words) == 4 and words[0] in _UNITS and words[2] in _UNITS and words[3] in _SCALES:
        # "one point two million": a whole, one decimal digit and a scale.
        return round((_UNITS[words[0]] + _UNITS[words[2]] / 10) * _SCALES[words[3]])
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in ("hundred",):
            current = max(current, 1) * 100
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
        else:
            return None
    return total + current


def _shared_scale(first: str, last: str) -> str:
    """The first end of a range with the scale of the last when it has none of its own and the scaled value
    stays below the last ("ten" in "ten to twelve thousand"; not "500" in "between 500 and 1 million")."""
    scale = _TRAILING_SCALE.search(last)
    if scale is None or _TRAILING_SCALE.search(first):
        return first
    scaled = f"{first} {scale.group(1)}"
    value, top = parse_number(scaled), parse_number(last)
    return scaled if value is not None and top is not None and value <= top else first


def _date_before(before: str) -> bool:
    """``before`` ends with a month name, an optional "." and spaces ("October 18", "Oct. 18")."""
    tail = before.rstrip()
    if tail.endswith("."):
        tail = tail[:-1]
    return _DATE_BEFORE.search(tail[-12:]) is not None  # the longest month name is 9 letters


def find_numbers(sentence: str, *, use_native: bool = True) -> list[NumberMention]:
    """Every count-like number in ``sentence``, left to right.

    With the native start finder (``use_native``, when installed) the number pattern is tried only
    where a number can start: the same numbers.
    """
    out: list[NumberMention] = []
    # ASCII lower-cases letter for letter, so the matches fall at the same offsets.
    ascii_text = sentence.isascii()
    lowered = sentence.lower() if ascii_text else ""
    matches: Iterable[re.Match[str]]
    if not ascii_text:
        matches = _NUMBER.finditer(sentence)
    elif use_native and _NUMBER_STARTS is not None:
        matches = finditer_at(_NUMBER_LOWER, lowered, _NUMBER_STARTS.starts(lowered))
    else:
        matches = _NUMBER_LOWER.finditer(lowered)
    for m in matches:
        before, after = sentence[: m.start()], sentence[m.end():]
        # The end-anchored patterns only ever match the last few characters: searching the
        # whole text before each number would cost O(length) per number.
        if _MONEY_BEFORE.search(before[-8:]) or _MONEY_AFTER.match(after) or _PERCENT_AFTER.match(after):
            continue
        if _TIME_AFTER.match(after) or _ORDINAL_AFTER.match(after) or _GLUED_AFTER.match(after):
            continue
        if _date_before(before) or _DATE_AFTER.match(after):
            continue
        if before.endswith((":", "-")) and before[-2:-1].isdigit():
            continue
        if _CODE_AFTER.match(after) or _RANK_BEFORE.search(before[-6:]):
            continue
        if m.group("b1") or m.group("r1"):
            # "1.5-2 million", "between ten and twelve thousand": the scale applies to both ends.
            r1, r2 = (m.group("b1"), m.group("b2")) if m.group("b1") else (m.group("r1"), m.group("r2"))
            low, high = parse_number(_shared_scale(r1, r2)), parse_number(r2)
        else:
            low = high = parse_number(m.group("one"))
        if not high or low is None:
            continue  # nothing, or "0": never a count worth reporting
        raw = sentence[m.start():m.end()]
        is_year = bool(_YEAR.fullmatch(raw.strip()))
        if low == high:
            out.append(NumberMention(high, None, None, m.start(), m.end(), raw, is_year=is_year))
        else:
            out.append(NumberMention(high, low, high, m.start(), m.end(), raw))
    # Every vague amount names one of these words: most sentences need no scan for them (half the cost
    # of this function when the pattern ran on every sentence).
    vague = _VAGUE.finditer(sentence) if not ascii_text else _VAGUE_LOWER.finditer(lowered) \
        if not use_native or any(w in lowered for w in _VAGUE_WORDS) else ()
    for v in vague:
        if not any(n.start <= v.start() < n.end for n in out):
            out.append(NumberMention(None, None, None, v.start(), v.end(), sentence[v.start():v.end()], vague=True))
    out.sort(key=lambda n: n.start)
    return out
