"""Time expressions in a sentence, resolved against the article's date.

Extractors ask :func:`is_historical` whether a fact at a position in a sentence
is background ("was summoned in June", "signed last year") rather than news
("on Monday", "on October 18", "by December"). The rule: the time expression
nearest to the fact decides; a resolved date more than :data:`RECENT_DAYS`
before publication, or an explicitly past phrase ("last year", "years ago",
"previously"), makes the fact historical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple

from monitor.analysis import native
from monitor.analysis.keywords import finditer_at, lowered_pattern

#: Anything dated within this many days before publication is still news.
RECENT_DAYS = 10

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTHS_ALT = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)
_PREP = (r"(?:(?P<prep>in|on|since|during|by|from|until|till|before|after|as\s+of|early|late|mid-?|end\s+of"
         r"|last|next)\s+)?")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a\s+few|few)"
_ORD = r"(?:st|nd|rd|th)?"

_DATE = (
    rf"(?P<date>(?<!\w){_PREP}(?<!\w)(?:(?P<d1>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m1>{_MONTHS_ALT})"
    rf"|(?P<m2>{_MONTHS_ALT})\s+(?P<d2>\d{{1,2}}){_ORD}(?!\d)|(?P<m3>{_MONTHS_ALT}))"
    rf"(?:,?\s+(?:of\s+)?(?P<year>(?:19|20)\d{{2}}))?(?!\w))"  # (also "in October of 2024")
)
# Dates in figures: "2024-11-05", "05.11.2024" (day first), "11/05/2024" (month first, as in American usage, unless
# the first number cannot be a month); without a year, "19/06" and "4/09" of cables and sitreps (day first unless the
# second cannot be a month; a second number of two digits, not a fraction: "1/3", "24/7").
_NUMERIC_DATE = (
    r"(?P<numdate>(?<![\w.])(?:(?P<nprep>on|since|by|until|before|after|from)\s+)?"
    r"(?:(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<na>\d{1,2})(?P<sep>[./])(?P<nb>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d{2})"
    r"|(?P<sa>\d{1,2})/(?P<sb>\d{2}))(?![\w-]|[./]\d))"
)
# Also a decade: "in the 1960s", "during the early 1950s".
# (Also "met three times between 2018 and 2019".)
# ("reports from 2017, when Spain and Italy expelled ...": a year named as a source's time.)
_YEAR = (r"(?P<yearonly>(?P<yprep>in|since|during|by|until|before|after|of|between|from)\s+"
         r"(?:the\s+(?=(?:(?:early|late|mid)(?:\s+|-))?(?:19|20)\d0s\b))?(?:(?:early|late|mid)(?:\s+|-))?"
         r"(?P<year2>(?:19|20)\d{2})(?P<decade>(?<=0)s)?(?![\w-]))")
# A season of a year: "in autumn 2024", "during the winter of 2024", "late summer 2025" (from its first month; a winter
# is the one that opens in December of its year).
_SEASON = (r"(?P<season>(?<!\w)(?:(?P<sprep>in|since|during|by|until|before|after|from|of)\s+(?:the\s+)?)?"
           r"(?:(?:early|late|mid)[\s-]+)?(?P<sname>spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
           r"(?P<syear>(?:19|20)\d{2})(?![\w-]))")
# A season with no year, after a preposition: "over the summer", "during the winter", "by the spring" (resolved from the
# article's date below). Not "last summer" (_PAST) nor "the summer of 2024" (above).
_SEASON_ALONE = (r"(?P<salone>(?<!\w)(?P<aprep>in|over|during|through|throughout|since|by|until|before)\s+"
                 r"(?:the\s+|this\s+)(?:(?:early|late|mid)[\s-]+)?(?P<aname>spring|summer|autumn|fall|winter)\b"
                 r"(?!\s+(?:of\s+)?(?:19|20)\d{2}))")
_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_PAST = (
    # (Not "over the past year": the months up to now.)
    r"(?P<past>\b(?:last|previous|(?<!the\s)past)\s+(?:year|month|spring|summer|autumn|fall|winter|decade)\b"
    # ("A year ago this week", "One year ago on Thursday", "a year ago today": a year ago, not this week.)
    rf"|\b{_NUMWORD}\s+(?:years?|months?|decades?)\s+(?:ago|earlier|before)\b(?:\s+this\s+(?:week|month)\b"
    rf"|,?\s+(?:on\s+)?(?:{_WEEKDAY}|today)\b)?"
    r"|\bearlier\s+this\s+year\b|\bpreviously\b|\bformerly\b|\bhistorically\b"
    # A past war named: "During the Vietnam War it sent about 200 air force personnel" (not "since the Vietnam War").
    r"|\b(?:during|in)\s+the\s+(?:Vietnam|Korean|Cold|Afghan|Soviet-Afghan|Iran-Iraq|Gulf|Second\s+World|First\s+World)"
    r"\s+War\b|\bduring\s+World\s+War\s+(?:II|Two|2|I|One|1)\b"
    # "in the past", but not "in the past week" (below: news)
    r"|\bin\s+the\s+past\b(?!\s+(?:few\s+|two\s+|three\s+|several\s+|\d+\s+)?(?:days?|weeks?|hours?)\b))"
)
_RECENT = (
    rf"(?P<recent>\b(?:(?:on|last|earlier|late|this|next)\s+)?{_WEEKDAY}\b"
    # ("By the afternoon, he and Kim had signed": the day told, not background.)
    r"|\b(?:this|by\s+the|later\s+in\s+the|earlier\s+in\s+the)\s+(?:morning|afternoon|evening)\b"
    r"|\b(?:yesterday|today|tonight|this\s+week|last\s+week|this\s+month|earlier\s+this\s+week"
    r"|earlier\s+today|overnight|recently|currently)\b"
    rf"|\b{_NUMWORD}\s+(?:days?|weeks?)\s+ago\b"
    r"|\bpast\s+(?:few\s+|two\s+|three\s+|several\s+|\d+\s+)?(?:days?|weeks?|hours?)\b)"
)
_FUTURE = (
    r"(?P<future>\b(?:next\s+(?:year|month|week)|tomorrow|later\s+this\s+(?:week|month|year)"
    r"|by\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:year|month)"
    r"|in\s+the\s+coming\s+(?:days|weeks|months))\b)"
)
# Order matters: the first alternative that matches at a position wins.
_TIME_PATTERN = "|".join((_DATE, _NUMERIC_DATE, _SEASON, _SEASON_ALONE, _YEAR, _PAST, _RECENT, _FUTURE))
_TIME_RE = re.compile(_TIME_PATTERN, re.IGNORECASE)
# The same, case-sensitive, for lower-cased ASCII sentences: several times faster (see lowered_pattern).
_TIME_RE_LOWER = re.compile(lowered_pattern(_TIME_PATTERN))

# Where a match can start, for the native start finder: every alternative above opens a whole word
# (followed by a space, a dot or a hyphen) that starts with a digit or is one of these, except the
# year phrase, whose preposition the pattern does not require to open a word ("within 2024").
# tests/unit/test_native.py checks that trying the pattern only there finds the same matches.
_WORD_STARTS = (
    "in", "on", "since", "during", "by", "from", "until", "till", "before", "after", "as", "early", "late", "mid",
    "end", "of", *(m for m in MONTHS), "last", "previous", "past", "earlier", "previously", "formerly",
    "historically", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "several", "many", "few", "this", "next", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "yesterday", "today", "tonight", "overnight", "recently", "currently", "between", "tomorrow", "later",
    "spring", "summer", "autumn", "fall", "winter", "over", "through", "throughout",
)
_YEAR_PREPOSITIONS = ("in", "since", "during", "by", "until", "before", "after", "of", "between", "from")
_STARTS = native.kernels.StartFinder(_WORD_STARTS, _YEAR_PREPOSITIONS) if native.kernels is not None else None

PAST, RECENT, FUTURE = "past", "recent", "future"
# A dateline: the city in capitals or title case, a comma, the date, then the agency or a dash.
_DATELINE_BEFORE = re.compile(
    r"[A-Z][A-Za-z.'/-]*(?:\s+[A-Z][A-Za-z.'-]*){0,2}(?:,\s+[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,2})?,\s+")
_DATELINE_AFTER = re.compile(r"\s*(?:\(|--|-\s|\u2014|\u2013|>>)")
# "since last autumn", "since late last year"
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:late|early|mid)[\s-]+)?$", re.IGNORECASE)
_NOT_ALONE = ("may", "march")  # month names that are more often other words when nothing dates them
_WHOLE = ("june", "july")  # whole month names as short as an abbreviation
_YEAR_WORD_AFTER = re.compile(r"\s+(?:of\s+)?(last|previous|this|next)\s+year\b", re.IGNORECASE)


class TimeRef(NamedTuple):
    """A time expression: where it is and how it relates to publication."""

    start: int
    end: int
    relation: str  # PAST | RECENT | FUTURE
    when: date | None = None
    since: bool = False  # "since 2023", "since last autumn": from then until now


def _resolve(month: int, day: int | None, year: int | None, prep: str | None, published: date) -> date:
    if year is not None:
        return date(year, month, min(day or 1, 28))
    candidate = date(published.year, month, min(day or 1, 28))
    if prep == "last":  # "last November": the one before this month
        return candidate if (month, day or 0) < (published.month, 0) else date(published.year - 1, month, candidate.day)
    if prep == "next":  # "next March": the one after this month
        return candidate if month > published.month else date(published.year + 1, month, candidate.day)
    forward = prep in {"by", "until", "till"}
    # A month named without a year is the most recent such month, unless the
    # phrase looks forward ("by December") or it is less than ~a month ahead.
    if not forward and (candidate - published).days > 31:
        candidate = date(published.year - 1, month, candidate.day)
    if forward and (published - candidate).days > 31:
        candidate = date(published.year + 1, month, candidate.day)
    return candidate


def time_refs(sentence: str, published: datetime | None, *, use_native: bool = True) -> list[TimeRef]:
    """Every time expression in ``sentence``, classified against ``published``.

    With the native start finder (``use_native``, when installed) the pattern is tried only where a
    match can start: the same matches, without trying it at every position of the sentence.
    """
    pub = (published or datetime.now(UTC)).astimezone(UTC).date()
    return list(_time_refs(sentence, pub, use_native and _STARTS is not None))


@lru_cache(maxsize=4096)
def _time_refs(sentence: str, pub: date, use_native: bool) -> tuple[TimeRef, ...]:
    out: list[TimeRef] = []
    # ASCII lower-cases letter for letter: same offsets. Case-sensitive tests below read the original.
    if not sentence.isascii():
        found: Iterable[re.Match[str]] = _TIME_RE.finditer(sentence)
    elif use_native and _STARTS is not None:
        low = sentence.lower()
        found = finditer_at(_TIME_RE_LOWER, low, _STARTS.starts(low))
    else:
        found = _TIME_RE_LOWER.finditer(sentence.lower())
    for m in found:
        if m.group("date"):
            if m.start() < 45 and _DATELINE_BEFORE.fullmatch(sentence, 0, m.start()) \
                    and _DATELINE_AFTER.match(sentence, m.end()):
                continue  # "MOSCOW, Nov 1 (Reuters) --": when the page was filed, not when anything happened
            month_word = (m.group("m1") or m.group("m2") or m.group("m3")).rstrip(".")
            day_s = m.group("d1") or m.group("d2")
            bare = not (day_s or m.group("year") or m.group("prep"))
            word = month_word.lower()
            if bare and (word in _NOT_ALONE or (len(word) <= 4 and word not in _WHOLE)):
                continue  # "may" is usually the verb; an abbreviation alone a name ("Mar", "Jan Lipavsky")
            if bare and sentence.endswith(("following ", "Following "), 0, m.start()):
                continue  # "the following June": the one after a time named before, not this year's
            month = MONTHS[month_word.lower()]
            year_s = m.group("year")
            prep = _original(sentence, m, "prep")
            prep = prep.lower() if prep else None
            year = int(year_s) if year_s else None
            relative_year = _YEAR_WORD_AFTER.match(sentence, m.end()) if year is None else None
            if relative_year is not None:
                # "in November last year", "in March of next year": the year is named in words.
                year = pub.year + {"last": -1, "previous": -1, "this": 0, "next": 1}[relative_year.group(1).lower()]
            # "the total sent since last October": from then until now.
            since_before = _SINCE_BEFORE.search(sentence, max(0, m.start() - 14), m.start()) is not None
            since = prep == "since" or (prep in (None, "last") and since_before)
            when = _resolve(month, int(day_s) if day_s else None, year, prep, pub)
            relation = _relation(when, pub, "since" if since else prep)
            if day_s is None and year is None and (when.year, when.month) == (pub.year, pub.month):
                relation = RECENT  # "in June" in a June article: this month, not background
            out.append(TimeRef(m.start(), m.end(), relation, when, since))
        elif m.group("numdate"):
            nprep = (_original(sentence, m, "nprep") or "").lower() or None
            numeric = _numeric_date(m) if not m.group("sa") else _short_date(m, nprep, pub)
            if numeric is not None:
                out.append(TimeRef(m.start(), m.end(), _relation(numeric, pub, nprep), numeric, nprep == "since"))
        elif m.group("season"):
            sprep = (_original(sentence, m, "sprep") or "").lower() or None
            when = _resolve(_SEASON_MONTHS[m.group("sname").lower()], None, int(m.group("syear")), sprep, pub)
            out.append(TimeRef(m.start(), m.end(), _relation(when, pub, sprep), when, sprep == "since"))
        elif m.group("salone"):
            ref = _season_alone(m, sentence, pub)
            if ref is not None:
                out.append(ref)
        elif m.group("yearonly"):
            year = int(m.group("year2"))
            yprep = (_original(sentence, m, "yprep") or "").lower()
            when = date(year, 12, 31) if yprep in {"since", "after"} else date(year, 6, 30)
            if m.group("decade"):
                # A decade is past once it has ended; the one under way is now.
                if year <= pub.year <= year + 9:
                    out.append(TimeRef(m.start(), m.end(), RECENT, pub, yprep == "since"))
                    continue
                year, when = year + 9, date(year + 9, 12, 31) if yprep in {"since", "after"} else date(year + 5, 6, 30)
            if year >= pub.year or yprep == "since":
                # "since 2024": a state that lasts until now, like "since February".
                out.append(TimeRef(m.start(), m.end(), FUTURE if year > pub.year else RECENT, when, yprep == "since"))
            else:
                out.append(TimeRef(m.start(), m.end(), PAST, when))
        elif m.group("past"):
            # "deployed since last autumn": a state that lasts until now, like "since February".
            since = _SINCE_BEFORE.search(sentence, max(0, m.start() - 14), m.start()) is not None
            out.append(TimeRef(m.start(), m.end(), RECENT if since else PAST, None, since))
        elif m.group("recent"):
            out.append(TimeRef(m.start(), m.end(), RECENT))
        elif m.group("future"):
            out.append(TimeRef(m.start(), m.end(), FUTURE))
    return tuple(out)


def _season_alone(m: re.Match[str], sentence: str, pub: date) -> TimeRef | None:
    """A season named without its year: the latest one begun by the article's date ("Seoul believes that over the
    summer about 1,000 deminers were sent", in October), the one under way being now; after "by", "until" or
    "before", the next one ("raise its presence to 20,000 by the summer"). None when it could be either (a season
    not yet begun this year, after "in" or "during")."""
    prep = (_original(sentence, m, "aprep") or "").lower()
    month = _SEASON_MONTHS[m.group("aname").lower()]
    if prep in ("by", "until", "before"):
        return TimeRef(m.start(), m.end(), FUTURE, None, False) if month > pub.month else None
    # (A winter opens in December: "during the winter" in October is the last one.)
    start = date(pub.year, month, 1) if month <= pub.month else date(pub.year - 1, 12, 1) if month == 12 else None
    if start is None:
        return None
    months_in = (pub.year - start.year) * 12 + pub.month - start.month
    relation = RECENT if prep == "since" or months_in < 3 else PAST
    return TimeRef(m.start(), m.end(), relation, start, prep == "since")


def _numeric_date(m: re.Match[str]) -> date | None:
    """The date a numeric match names (None when it names none: "31.02.2024")."""
    if m.group("iy"):
        year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        a, b, year = int(m.group("na")), int(m.group("nb")), int(m.group("ny"))
        # Dots are European (day first); slashes are American (month first) unless the first cannot be a month.
        day, month = (a, b) if m.group("sep") == "." or a > 12 else (b, a)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _short_date(m: re.Match[str], prep: str | None, pub: date) -> date | None:
    """The date "19/06" names in an article of ``pub`` (None for "9/11" and what names no day)."""
    a, b = int(m.group("sa")), int(m.group("sb"))
    if (a, b) == (9, 11):
        return None  # the attacks of 2001, not a day of this year
    day, month = (b, a) if b > 12 else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _resolve(month, day, None, prep, pub)


def _original(sentence: str, m: re.Match[str], group: str) -> str | None:
    """A group's text as the sentence writes it (the match may be on its lower-cased copy)."""
    start, end = m.span(group)
    return None if start < 0 else sentence[start:end]


def _relation(when: date, pub: date, prep: str | None) -> str:
    if prep == "since":
        # "since February 2022": a state that lasts until now, not background by itself.
        return RECENT
    delta = (pub - when).days
    if delta > RECENT_DAYS:
        return PAST
    if delta < 0:
        return FUTURE
    return RECENT


def _distance(ref: TimeRef, at: int) -> int:
    """How far a time expression is from offset ``at`` (0 inside it)."""
    return 0 if ref.start <= at < ref.end else min(abs(at - ref.start), abs(at - ref.end))


def _act_distance(ref: TimeRef, at: int, event_end: int | None) -> int:
    """How far a time expression is from an act: one after it from where its words end ("the partnership the
    two sides signed in Seoul in November 2022", not from "partnership"), one before it from where they start."""
    return _distance(ref, event_end) if event_end is not None and ref.start >= event_end else _distance(ref, at)


#: The last year the Soviet Union stood: Moscow's acts before it are the Soviet Union's.
SOVIET_UNTIL = 1991


def soviet_era(sentence: str, published: datetime | None) -> bool:
    """Whether every date a sentence gives is of the Soviet era ("In July 1961 Kim Il Sung travelled to Moscow")."""
    years = [r.when.year for r in time_refs(sentence, published) if r.when is not None]
    return bool(years) and max(years) <= SOVIET_UNTIL


def is_historical(sentence: str, published: datetime | None, *, at: int | None = None,
                  event_end: int | None = None) -> bool:
    """Whether the fact at character offset ``at`` of ``sentence`` is background.

    The nearest time expression (by distance to ``at``; the whole sentence
    when ``at`` is None) decides. With no time expression, a past-perfect
    verb ("had signed", "had been summoned") still marks background, unless a
    reporting verb before it makes it reported speech ("said ... had been sent").

    ``event_end``: the fact is something done (an action, its words ending there), not a state:
    "since 2023" starts a state that lasts until now ("troops have been there since October") but
    dates an action that began then after a perfect ("the EU has imposed sanctions since 2023"):
    background unless it began in the last days. A relative clause after the action's words dates
    what it describes ("discussed the treaty that Kim and Putin signed in June"), not the action.
    """
    if ("at the time" in sentence or "At the time" in sentence) and _SAID_AT_THE_TIME.search(sentence):
        # "1,500 special forces left North Korea in October, the NIS said at the time": then, not now.
        return True
    if event_end is not None and ("term" in sentence or "tenure" in sentence) and _PAST_TENURE.search(sentence):
        # "Trump, who met Kim Jong Un three times during his first term": an office held before.
        return True
    if at is not None and " after " in sentence and any(w in sentence for w in ("year", "month", "decade", "week")) \
            and (after := _AFTER_SUBJECT.search(sentence, max(0, at - 90), at)) is not None \
            and (event_end is not None or not after.group().lower().startswith("week")):
        # "comes a year after Putin and Kim signed the treaty", "a year after it sent 11,000 troops"; an act "a week
        # after" (not a count: "weeks after the agency said 11,000 had been sent" is still the count known).
        return True
    if event_end is not None and at is not None and (
            _SINCE_EVENT.search(sentence, max(0, at - 40), at) or _HABITUAL.search(sentence, max(0, at - 40), at)):
        # "marked one year since signing the treaty", "eight months after signing a partnership", "the
        # anniversary of the signing of"; "the EU has repeatedly condemned": done before, and again.
        return True
    if event_end is not None and at is not None and (" times" in sentence or "occasions" in sentence
                                                     or "more than once" in sentence) \
            and _PERFECT_BEFORE.search(sentence, max(0, at - 30), at) and _TIMES_AFTER.match(sentence, event_end):
        # "Seoul has summoned the Russian ambassador several times since the deployment began": done before, again.
        return True
    if event_end is not None and at is not None and "for " in sentence[event_end:] \
            and _PERFECT_BEFORE.search(sentence, max(0, at - 30), at) and _FOR_YEARS.match(sentence, event_end):
        # "The EU has imposed its own sanctions on North Korea for years": done over years up to now, background.
        return True
    if event_end is not None and at is not None and _EARLIER_NOUN.search(sentence, max(0, at - 30), at):
        # "follows his earlier visits to Kazakhstan", "their previous meeting": an act named as one before.
        return True
    refs = _fact_refs(sentence, published, at, event_end)
    if refs:
        if at is None:
            return any(r.relation == PAST for r in refs) and not any(r.relation == RECENT for r in refs)
        if event_end is None and len(refs) > 1 and any(r.relation == FUTURE for r in refs):
            # A time ahead in another clause does not date a count: "could send 30,000 more in the coming months, on
            # top of the roughly 11,000 who first deployed last autumn".
            refs = [r for r in refs if r.relation != FUTURE
                    or ", " not in (sentence[r.end:at] if r.end <= at else sentence[at:r.start])] or refs
        nearest = min(refs, key=lambda r: _act_distance(r, at, event_end))
        if event_end is not None and published is not None and published.day >= _EARLIER_THIS_MONTH_DAY \
                and nearest.relation == RECENT and sentence.endswith("this month", 0, nearest.end) \
                and sentence[max(0, nearest.start - 9):nearest.start].lower().endswith("earlier ") \
                and not (nearest.start >= event_end and _COMES_AFTER.search(sentence, event_end, nearest.start)):
            # "Kallas met Wang Yi in Brussels earlier this month", in a paper of the 24th: an act of days before,
            # background to the news.
            return True
        if nearest.since and nearest.when is not None and nearest.end <= at \
                and (_WHEN_CLAUSE if event_end is not None else _WHEN_SAID_CLAUSE).fullmatch(sentence, nearest.end, at):
            # "has not set foot in Russia since September 2023, when he met Putin": the act is dated at the start;
            # "has published no estimate since March, when it said the contingent numbered fewer than 8,000": so is
            # the count said then.
            pub = (published or datetime.now(UTC)).astimezone(UTC).date()
            return (pub - nearest.when).days > RECENT_DAYS
        if event_end is not None and nearest.since and (
                _PERFECT_SINCE.search(sentence, 0, nearest.start)
                # ("Since December 2024, the EU has sanctioned North Korean officials": the time opening the sentence.)
                or (nearest.start < 3 and _PERFECT_SINCE.search(sentence, nearest.end, event_end) is not None)):
            # "has imposed sanctions since 2023" (not "officials met to discuss flights suspended since 2022",
            # "his second visit since 2024": there the time is not the action's).
            pub = (published or datetime.now(UTC)).astimezone(UTC).date()
            return nearest.when is None or (pub - nearest.when).days > RECENT_DAYS
        if nearest.relation == PAST and nearest.end <= at and "since" in sentence \
                and _SINCE_THEN.search(sentence, nearest.end, at):
            return False  # "sent 11,000 last autumn and has since reinforced them with about 3,000 more": until now
        if event_end is None and nearest.relation == PAST and nearest.end <= at and " that " in sentence \
                and _SAID_THEN_THAT.match(sentence, nearest.end, at) and _STILL_AFTER.match(sentence, at) \
                and (nearest.when is None or (published is None or
                                              (published.astimezone(UTC).date() - nearest.when).days <= _STILL_DAYS)):
            # "told lawmakers last month that roughly 10,000 North Korean soldiers are still stationed there": the
            # time dates the telling, lately; the count is of troops there now.
            return False
        return nearest.relation == PAST
    # On ASCII text the lower-cased patterns find the same places, several times faster.
    text, perfect_re, reporting_re = (sentence.lower(), _PAST_PERFECT_LOWER, _REPORTING_LOWER) if sentence.isascii() \
        else (sentence, _PAST_PERFECT, _REPORTING)
    # (An act's own verb, not a clause after it: "called on Seoul to send arms, arguing that the war had turned".)
    perfect = perfect_re.search(text, 0, event_end if event_end is not None and at is not None else len(text)) \
        if "had" in text or not sentence.isascii() else None  # it needs "had"
    # Reported speech shifts tenses back: "officials said 3,000 troops had been sent" is the news.
    return perfect is not None and reporting_re.search(text, 0, perfect.start()) is None


_RELATIVE_CLAUSE_OPEN = re.compile(r",\s+(?:which|who|whose)\s")
_WHEN_CLAUSE = re.compile(r",?\s+when\s+(?:\S+\s+){0,4}?", re.IGNORECASE)
_WHEN_SAID_CLAUSE = re.compile(r",?\s+when\s+(?:\S+\s+){0,3}?(?:said|estimated|reported|put|told\s+\S+)\s[^,;]{0,100}?",
                               re.IGNORECASE)
_PAST_TENURE = re.compile(r"\b(?:in|during)\s+(?:his|her|their)\s+(?:first|previous|earlier|former)\s+"
                          r"(?:term|tenure)\b", re.IGNORECASE)
# (Or the time first: "At the time the agency said around 1,500 special forces troops had been shipped".)
_SAID_AT_THE_TIME = re.compile(r"\b(?:said|says|reported|estimated|announced|told\s+\w+)\s+at\s+the\s+time\b"
                               r"|^At\s+the\s+time,?\s+(?:[\w'-]+\s+){1,5}?(?:said|reported|estimated|announced|told)\b",
                               re.IGNORECASE)
# An action a time is counted from, or whose anniversary is marked: long done.
# An aside on a trip: ", on his last trip to Asia before ...", ", during a tour of Europe that ends in June".
_TRIP_ASIDE = re.compile(r",\s+(?:on|during|in\s+the\s+course\s+of)\s+[^,]*?\b(?:trip|visit|tour|mission|journey)\b")
# A perfect before an act, and the years it has gone on after it: "has imposed sanctions on North Korea for years".
_PERFECT_BEFORE = re.compile(r"\b(?:has|have)\s+(?:\w+\s+)?$", re.IGNORECASE)
# A timeline entry's date and its colon or dash: "Oct. 2024: ", "17 June 2025 - ".
_ENTRY_DATE = re.compile(r"[^:;,]{3,24}?\s*(?::|\s[-\u2013\u2014])\s")
# A presence kept up to now: "has kept", "have maintained", "has stationed".
_KEPT_BEFORE = re.compile(r"\b(?:has|have)\s+(?:long\s+)?(?:kept|maintained|stationed|based|had)\s+(?:\w+\s+){0,2}$",
                          re.IGNORECASE)
_FOR_YEARS = re.compile(r"[^.;:]{0,80}?\bfor\s+(?:many\s+|several\s+|some\s+)?(?:years|decades|a\s+decade)\b")
_SINCE_EVENT = re.compile(
    r"\b(?:since|anniversary\s+of(?:\s+(?:the|their|its))?|(?:days?|weeks?|months?|years?|decades?)\s+after)\s+$"
    # "their first meeting since Putin's June 2024 visit to Pyongyang": someone's act a time is counted from.
    r"|\bsince\s+(?:(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*'s|(?:his|her|their))\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE)
# "comes a little more than a year after Putin and Mr. Kim signed the treaty": done that long before.
_AFTER_SUBJECT = re.compile(r"\b(?:years?|months?|decades?|weeks?)\s+after\s+(?:[\w.'-]+\s+){1,8}$", re.IGNORECASE)
# The perfect of what was done again and again: background, not the news ("has repeatedly condemned").
# ("The EU has already sanctioned the defence minister": done before the news, which is what comes next.)
_TIMES_AFTER = re.compile(r"[^.;]{0,60}?\b(?:(?:several|many|multiple|numerous|two|three|four|five|six|\d+)\s+times"
                          r"|more\s+than\s+once|on\s+(?:several|many|multiple|numerous)\s+occasions)\b")
_HABITUAL = re.compile(r"\b(?:has|have|had)\s+['\"\u2018\u201c]?(?:also\s+)?(?:(?:repeatedly|long|consistently"
                       r"|regularly|routinely|frequently|often|already)\s+(?:and\s+\w+\s+)?)+(?:\w+\s+)?$",
                       re.IGNORECASE)
# Or an appositive with its participle: "held their first dialogue in Brussels, a meeting agreed upon in March".
# Or a participle after its noun: "condemned the treaty signed in June" (the treaty's time, not the act's).
# (Not a demonstrative: "They signed that treaty in Pyongyang in June", "met that day".)
_RELATIVE_AFTER = re.compile(r"\b(?:that(?!\s+(?:treaty|agreement|pact|accord|deal|partnership|document|memorandum"
                             r"|declaration|statement|day|week|month|year|morning|afternoon|evening|night|visit|trip"
                             r"|meeting|summit|package|resolution)\b)|which|who|whose)\s|,\s+(?:a|an)\s+[\w-]+\s+(?:first\s+)?[a-z]+(?:ed|en)\s"
                             r"|\b(?:treaty|treaties|agreements?|pacts?|accords?|partnerships?|deals?|memorandum)\s+"
                             r"(?:signed|concluded|agreed|ratified)\s+(?:in|on|last|during|at)\s")
_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which|whose)\s")
# A count, its noun, and the verb of those who sent them: "11,000 troops it dispatched ", "15,000 men Pyongyang sent ".
_SENT_WHEN = re.compile(r"[\w,.-]+(?:\s+(?:thousand|hundred|million))?\s+(?:[\w-]+\s+){0,2}?(?:(?:that|which|whom)\s+)?"
                        r"(?:it|they|he|she|[A-Z][\w'-]*)\s+(?:(?:had|has|have)\s+)?(?:sent|dispatched|deployed)\s+")
# An act's noun after a word that puts it before another: "his earlier visits", "their previous meeting".
_EARLIER_NOUN = re.compile(r"\b(?:his|her|their|its|the|an?)\s+(?:earlier|previous|prior|past)\s+(?:\w+\s+)?$",
                           re.IGNORECASE)
_FOLLOWED_WHEN = re.compile(r"[\w,.-]+(?:\s+or\s+so)?\s+(?:more\s+)?(?:followed|arrived)\s+")
_SINCE_THEN = re.compile(r"\b(?:has|have)\s+since\b", re.IGNORECASE)
# Between a time and a count: the clause that says what was told then ("last month that roughly ").
_SAID_THEN_THAT = re.compile(r"[^,;.]{0,20}?\bthat\s+(?:[\w-]+\s+){0,3}$")
# After the count: a state now ("10,000 North Korean soldiers are still stationed", "about 10,000 remain there").
_STILL_AFTER = re.compile(r"\S*[^,;.\d]{0,40}?\b(?:are|is|remain|remains)\s+(?:still\s+|now\s+)?"
                          r"(?:stationed|deployed|there|in|on|fighting|serving|based|present|guarding)\b")
_STILL_DAYS = 62  # how lately the telling was for its present to be now
_TALKED_ABOUT = frozenset({"discussed", "discusses", "discuss", "discussing"})
# Where and when a talk was held, after its verb: its time is the talk's.
_TALK_SETTING = re.compile(r"\b(?:during|on\s+the\s+(?:sidelines|margins)\s+of|at\s+(?:a|an|the|their|his|her)\s+"
                           r"(?:[\w-]+\s+){0,3}?(?:summit|meeting|talks|conference|forum|session|dinner|reception))\b"
                           r"[^,;]{0,60}$", re.IGNORECASE)
# A superlative or "first" whose count a "since" starts: "his first visit to Pyongyang since 2000".
_COUNTED_SINCE = re.compile(r"\b(?:first|only|largest|biggest|highest|lowest|most|longest)\b[^,;]{0,70}$",
                            re.IGNORECASE)
_SINCE_GERUND = re.compile(r"\bsince\s+[a-z]+ing\b", re.IGNORECASE)  # "since taking office in July"
_SINCE_CLAUSE = re.compile(r"\bsince\s+(?=[A-Za-z]+(?:'s)?\s+\w+)", re.IGNORECASE)  # also "since Russia's invasion"
# A perfect before "since": the action runs from then ("has imposed sanctions ... since 2023").
_PERFECT_SINCE = re.compile(
    r"\b(?:has|have|had)\s+(?:also\s+|been\s+|already\s+|repeatedly\s+)?\w+(?:ed|en|wn|ld|ung)\b", re.IGNORECASE)
# "3,000 soldiers have been sent, up from 1,500 last month": the time after a comparison dates what is
# compared with, not the fact before it.
# (Or "well below the peak of roughly 12,000 it recorded in early 2025", "above the 11,000 of last year".)
_COMPARISON = re.compile(r"\b(?:(?:up|down|rising|falling|increasing|decreasing)\s+from|compared\s+(?:with|to)"
                         r"|(?:well\s+|far\s+|just\s+)?(?:below|above|short\s+of)\s+(?:the|its|their|a)\b)",
                         re.IGNORECASE)


# A participle after its noun, right before a time: "the Digital Trade Agreement negotiated last year".
_NOUN_PARTICIPLE = re.compile(r"\b[A-Za-z]+,?\s+(?:negotiated|agreed|reached|drafted|initial(?:l)?ed|proposed|announced"
                              r"|signed|launched|concluded|approved|ratified|established|created|founded|built|opened"
                              r"|introduced|finali[sz]ed|struck|unveiled)(?:\s+by\s+(?:[\w'-]+\s+){0,2}[\w'-]+)?\s+$")
# ", and" and a verb of its own: the act's clause, after the one before.
_AND_VERB = re.compile(r",\s+and\s+(?:[a-z]+ly\s+)?$")
# An event named as the object of an act, dated after it: "the launch of a new intercontinental ballistic missile on".
_EVENT_NOUN_BEFORE = re.compile(r"\b(?:launch(?:es)?|tests?|attacks?|strikes?)\s+"
                                r"(?:(?:of|on|against)\s+(?:[\w'-]+\s+){1,8}?)?(?:(?:on|in|of)\s+(?:the\s+)?)?$",
                                re.IGNORECASE)


# A date before the event it names: "the January test of a new solid-fuel missile", "the October 31 launch".
_EVENT_NOUN_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:launch(?:es)?|tests?|attacks?|strikes?)\b", re.IGNORECASE)


def _fact_refs(sentence: str, published: datetime | None, at: int | None, event_end: int | None) -> list[TimeRef]:
    """The time expressions that may date the fact at ``at``."""
    refs = time_refs(sentence, published)
    if refs and at is not None and ("from" in sentence or "compared" in sentence):
        refs = _own_refs(sentence, refs, at)
    if refs and at is not None and ", wh" in sentence:
        # "Kaja Kallas, who took over as High Representative on 1 December, condemned ... on Monday": a relative
        # clause set off before the fact dates whom it describes, not the fact, when the fact has a time of its own
        # (not "Putin, who made a state visit to Beijing in May 2023, travelled a month later to Pyongyang").
        own = refs
        for rel in _RELATIVE_BEFORE.finditer(sentence, 0, at):
            close = sentence.find(",", rel.end())
            if 0 <= close < at:
                own = [r for r in own if not rel.start() < r.start < close]
        refs = own or refs
    if refs and event_end is not None and at is not None and ", " in sentence[:at]:
        # "Borrell, on what is likely his last trip to Asia before handing over to Kaja Kallas in December, arrived in
        # Seoul on Sunday": a trip's aside before the act dates what it tells, not the act, which has its own time.
        close = sentence.rfind(",", 0, at)
        opening = sentence.rfind(",", 0, close) if close >= 0 and not sentence[close + 1:at].strip() else -1
        if opening >= 0 and _TRIP_ASIDE.match(sentence, opening, close):
            refs = [r for r in refs if not opening < r.start < close] or refs
    if refs and event_end is not None and at is not None and sentence[at:event_end].lower() in _TALKED_ABOUT:
        # "The two leaders also discussed the DPRK's launch of an ICBM on October 31": what was talked about is dated
        # after the verb, the talk only before it.
        # (Not the talk's own setting: "discussed the issue with Cho during her visit to Seoul in early September".)
        refs = [r for r in refs if r.end <= at or _TALK_SETTING.search(sentence, event_end, r.start) is not None]
    if refs and event_end is not None and at is not None:
        # "discussed the treaty that Kim and Putin signed in June": a relative clause after the action dates
        # what it describes, not the action.
        relative = _RELATIVE_AFTER.search(sentence, event_end)
        if relative is not None:
            # The clause runs to its comma: "signed the treaty, which took effect in December, during Putin's
            # June visit" is dated by "June" again.
            close = sentence.find(",", relative.end())
            refs = [r for r in refs if r.start < relative.start() or (close >= 0 and r.start > close)]
        if refs and "ed " in sentence:
            # "signed the Digital Trade Agreement negotiated last year": the time of what a participle after a noun
            # tells (the negotiation), not of the act (unless the participle is the act's own word).
            kept: list[TimeRef] = []
            dropped_end = -10
            for r in refs:
                if not (r.start >= at and r.start <= event_end) and (
                        r.start - dropped_end <= 2 or (
                            (p := _NOUN_PARTICIPLE.search(sentence, max(0, r.start - 40), r.start)) is not None
                            and not at <= p.start() < event_end)):
                    dropped_end = r.end  # (and what goes on right after it: "signed in June last year")
                    continue
                kept.append(r)
            refs = kept
        if refs and ", and " in sentence:
            # "said North Korea had supplied shells since 2023, according to EU estimates, and demanded that ...": a
            # "since" in a clause closed before the act's own dates that clause's state.
            refs = [r for r in refs if not (r.since and r.end <= at and _AND_VERB.search(sentence, r.end, at))]
        if refs and ("launch" in sentence or "test" in sentence or "attack" in sentence or "strike" in sentence):
            # "condemned the DPRK's launch of a new ICBM on 9 April": the date of what is condemned, not of the
            # condemnation.
            refs = [r for r in refs if r.start < event_end
                    or not (_EVENT_NOUN_BEFORE.search(sentence, event_end, r.start)
                            or _EVENT_NOUN_AFTER.match(sentence, r.end))] or refs[:0]
        # "began talks, the first strategic dialogue since Cho took office in June": what a "since" clause after
        # the action names dates the start of the count, not the action (its own "since 2023" stays).
        since = _SINCE_CLAUSE.search(sentence, event_end) if "since " in sentence else None
        if since is not None and refs:
            close = sentence.find(",", since.end())
            refs = [r for r in refs if r.start <= since.start() or (close >= 0 and r.start > close)]
        if refs and "since " in sentence and len(refs) > 1:
            # "makes his first visit to Pyongyang since 2000": the last such act is counted from then; the act's own
            # time is another ("June 19 - Putin makes his first visit ... since 2000").
            refs = [r for r in refs if not (r.since and _COUNTED_SINCE.search(sentence, max(0, r.start - 80), r.start))
                    ] or refs
        if refs and "since " in sentence:
            # "..., on his first official visit to Russia since taking office in July, held talks": a "since" clause
            # on a gerund set off before the act dates the count, not the act either.
            for before in _SINCE_GERUND.finditer(sentence, 0, at):
                close = sentence.find(",", before.end())
                if 0 <= close < at:
                    refs = [r for r in refs if not before.start() < r.start < close]
    return refs


def is_future(sentence: str, published: datetime | None, *, at: int, event_end: int) -> bool:
    """Whether the time expression nearest the act at ``at`` lies ahead ("at the summit in Brussels next
    week"): it has not happened."""
    if ("today" in sentence or "tonight" in sentence) and _SCHEDULED_VERB.match(sentence, at) \
            and _TODAY_AFTER.match(sentence, event_end) is not None:
        # "Cho Hyun holds the third Strategic Dialogue with Kallas at the EEAS today", "Lee travels to Berlin later
        # today": a present tense with today is the day's schedule (what is done is told in the past).
        return True
    refs = _fact_refs(sentence, published, at, event_end)
    if refs and " and" in sentence[event_end:]:
        # "signed a plan ... and, according to the readout, discussed preparations for contacts later this year": the
        # time of a verb joined after the act is that verb's.
        refs = [r for r in refs if r.start < event_end or _JOINED_VERB.search(sentence, event_end, r.start) is None]
    if not refs:
        return False
    nearest = min(refs, key=lambda r: _act_distance(r, at, event_end))
    if nearest.relation == RECENT and published is not None and _SCHEDULED_VERB.match(sentence, at) \
            and nearest.start >= event_end and (day := _WEEKDAY_ALONE.fullmatch(sentence, nearest.start, nearest.end)):
        # "Wadephul travels on to Tokyo on Wednesday" in Tuesday's paper: a present tense with a day other than
        # the paper's own is a plan (a day gone by is told in the past: "flew to Tokyo on Wednesday").
        return _WEEKDAYS.index(day.group(1).lower()) != published.weekday()
    if nearest.relation != FUTURE and published is not None and nearest.when is not None \
            and nearest.when.year >= published.year and sentence[max(0, nearest.start - 6):nearest.start].lower() \
            == "later " and sentence.startswith(("in ", "In "), nearest.start):
        return True  # "travels to Russia later in 2025" in a paper of 2025: the rest of the year, ahead
    return nearest.relation == FUTURE


# A scenario an outlook lists, not something that happened: "Possible: Kim Jong Un travels to Russia", "Likely (65%):
# a Kim-Putin summit", "Scenario 2 - ...", "Worst case:".
_SCENARIO = re.compile(r"(?:[\u2022*-]\s*)?(?:(?:(?:highly|very|most|less|least|more)\s+)?(?:likely|unlikely|possible"
                       r"|probable|improbable|plausible)|scenario(?:\s+\d+|\s+[A-C])?|(?:best|worst|base|central)"
                       r"[\s-]+case(?:\s+scenario)?)\b[^:\n]{0,24}?(?::|\s[\u2013\u2014-])\s", re.IGNORECASE)


def is_scenario(sentence: str) -> bool:
    """Whether a sentence is an outlook's scenario ("Possible: Kim travels to Russia later in 2025"), not a fact."""
    head = sentence[:48]
    return sentence[:1] in "\u2022*-LUPMHVSBWCIlupmhvsbwci" and (":" in head or "-" in head or "\u2013" in head
                                                                or "\u2014" in head) \
        and _SCENARIO.match(sentence) is not None


# A verb joined after an act, past an aside: "and, according to the Russian readout, discussed".
_JOINED_VERB = re.compile(r"\band(?:,[^,]{1,60},)?\s+(?:also\s+|then\s+|later\s+)?[a-z]+ed\b")
# A present tense of a trip or a meeting, as a schedule tells it.
_SCHEDULED_VERB = re.compile(r"(?:travels|flies|heads|goes|arrives|visits|meets|hosts|holds)\b", re.IGNORECASE)
_TODAY_AFTER = re.compile(r"[^.;]{0,120}?\b(?:later\s+)?(?:today|tonight)\b", re.IGNORECASE)
_WEEKDAY_ALONE = re.compile(rf"(?:on\s+)?({_WEEKDAY})", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _own_refs(sentence: str, refs: list[TimeRef], at: int) -> list[TimeRef]:
    """The time expressions that may date the fact at ``at``: not those past a comparison after it."""
    cut = next((m.start() for m in _COMPARISON.finditer(sentence, at)), None)
    return refs if cut is None else [r for r in refs if r.start < cut]


def is_historical_count(sentence: str, published: datetime | None, *, at: int) -> bool:
    """:func:`is_historical` for a count (troops, casualties) at ``at``.

    A count dated in the last months that a source reported just now is the news being reported:
    "the NIS said last week that the North had sent 3,000 troops in January and February, bringing
    the total to 14,000". Older counts, and counts with no fresh report, are read as any fact.
    """
    if sentence[:1].isalnum() and (lead := _ENTRY_DATE.match(sentence)) is not None:
        # "Oct. 2024: North Korean units begin arriving ...; officials put their number at up to 12,000 by December":
        # a timeline entry of a past date, every count in it of that time.
        opening = next((r for r in time_refs(sentence, published) if r.start == 0), None)
        if opening is not None and opening.end <= lead.end() and opening.relation == PAST:
            return True
    cut = _LATER_REPORT.search(sentence, at) if ", and that " in sentence or "; " in sentence else None
    if cut is None and (" from " in sentence or " below " in sentence or " above " in sentence
                        or " compared " in sentence or " short of " in sentence):
        # "about 6,000 troops remain in Russia, well below the peak of roughly 12,000 it recorded in early 2025": the
        # time after a comparison dates what the count is compared with.
        cut = _COMPARISON.search(sentence, at)
    later = [r.start >= cut.start() for r in time_refs(sentence, published)
             if r.start >= cut.start() or r.end > at] if cut is not None else []
    if cut is not None and later and all(later):
        # "the North was preparing a rotation of 3,000 to 4,000 soldiers ..., and that about 2,000 had been killed
        # since the deployment began in the autumn of 2024": the time of a later reported clause is that clause's.
        return is_historical_count(sentence[:cut.start()], published, at=at)
    if "for " in sentence and _FOR_YEARS.match(sentence, at) \
            and _KEPT_BEFORE.search(sentence, max(0, at - 40), at):
        # "Washington, which has kept roughly 28,500 troops in the country for years": a standing presence, background.
        return True
    own = _SENT_WHEN.match(sentence, at) if " sent " in sentence or "dispatched" in sentence or "deployed" in sentence \
        else None
    if own is None and ("followed" in sentence or "arrived" in sentence):
        own = _FOLLOWED_WHEN.match(sentence, at)  # "and 3,000 followed in November": dated by its own verb
    if own is not None:
        # "on top of the some 11,000 troops it dispatched last fall": the time its own verb gives dates the count.
        dated = [r for r in time_refs(sentence, published) if own.end() <= r.start <= own.end() + 2]
        if dated:
            return dated[0].relation == PAST
    if ("stimate" in sentence or "figure" in sentence or "ssessment" in sentence) \
            and _FIRST_ESTIMATE_BEFORE.search(sentence, max(0, at - 70), at):
        # "The NIS's first public estimate of the deployment, in October, was 1,500": the estimate before the latest.
        return True
    if ("peak" in sentence or "height" in sentence) and _AT_PEAK_BEFORE.search(sentence, max(0, at - 100), at):
        # "At its height the contingent was put at 11,000 to 12,000", "down from a peak of about 15,000": a past high.
        return True
    if "had " in sentence and _HAD_PUT_AT.search(sentence, max(0, at - 60), at) is not None:
        # "The agency had put the figure at roughly 3,000 only a week earlier": the estimate before the latest.
        return True
    if not is_historical(sentence, published, at=at):
        return False
    if _THERE_NOW_AFTER.match(sentence, at) and _told_lately(sentence, published):
        return False
    if ("at the time" in sentence or "At the time" in sentence) and _SAID_AT_THE_TIME.search(sentence):
        return True  # reported then, however recent: not today's report
    refs = _own_refs(sentence, time_refs(sentence, published), at)
    if refs and (", " in sentence or "; " in sentence):
        # "The North sent about 11,000 troops last autumn, and the latest dispatch brings the total to around
        # 14,000": a clause of its own in the present is not dated by the time of the clause before it.
        lo = max((b.end() for b in _CLAUSE_JOIN.finditer(sentence, 0, at)), default=0)
        hi = next((b.start() for b in _CLAUSE_JOIN.finditer(sentence, at)), len(sentence))
        if (lo or hi < len(sentence)) and not any(lo <= r.start < hi for r in refs) \
                and _PRESENT_CLAUSE.search(sentence, lo, hi):
            return False
    since = _SINCE_WORD.search(sentence, at)
    if since is not None and _PRESENT_PERFECT.search(sentence, max(0, at - 80), since.start()) \
            and not any(at <= r.start < since.start() for r in refs):
        # "1,000 troops have been killed and 3,000 wounded since they were deployed last year": a total until
        # now (not "sent 11,000 in 2024 and has lost 4,000 since": the count has a time of its own).
        return False
    nearest = min(refs, key=lambda r: _distance(r, at), default=None)
    pub = (published or datetime.now(UTC)).astimezone(UTC).date()
    if nearest is None or nearest.when is None or (pub - nearest.when).days > REPORTED_DAYS:
        return True  # no dated time near it (a past perfect decided), or an older one
    text, reporting_re = (sentence.lower(), _REPORTING_LOWER) if sentence.isascii() else (sentence, _REPORTING)
    if "had " in text[max(0, at - 80):at] and _HAD_REPORTED.search(text, max(0, at - 80), at) is not None:
        # "The agency had put the figure at around 10,000 in November, according to lawmakers": an estimate given
        # before, told as such however a report after it is worded.
        return True
    verbs = list(reporting_re.finditer(text))
    # (The report that tells the count is the last before it: "The NIS estimates that 15,000 have been sent; in
    # February it reported that about 3,000 more had been dispatched".)
    told = [v for v in verbs if v.end() <= at]
    for verb in (told[-1:] if told else verbs):
        # The report's own time: the expression right after the reporting verb ("the NIS said last week
        # that ...") or shortly before it ("On Thursday, the NIS said"), not the count's own time before a
        # report named after it ("3,000 were sent in January, the JCS said"). A report that names none is
        # today's news ("the JCS said in a report to lawmakers that 3,000 soldiers were dispatched in January").
        # ("In June, Shoigu flew to Pyongyang and announced that the North would send 1,000 sappers": a time that
        # opens the sentence dates the report however far before it.)
        # (Not a span the clause before ran to: "... have been sent since last autumn; in February it reported".)
        said = [r for r in refs if 0 <= r.start - verb.end() <= _SAID_AFTER
                or (verb.start() < at and (0 <= verb.start() - r.end <= _SAID_BEFORE
                                           or (r.start == 0 and sentence.startswith(",", r.end)))
                    and not (r.since and ";" in sentence[r.end:verb.start()]))]
        if not said and text.endswith("later ", 0, verb.start()):
            continue  # "South Korea's spy agency later said": a report after one told before, no news of today
        if not said or any(r.relation == RECENT for r in said):
            return False
    return True


# An estimate given before (on the lower-cased sentence): "had put the number at", "had earlier estimated".
_HAD_REPORTED = re.compile(r"\bhad\s+(?:previously\s+|earlier\s+|initially\s+|first\s+)?(?:put|estimated|reported"
                           r"|assessed|placed|said|told)\b")
# A later clause of its own: "..., and that about 2,000 troops had been killed", "...; in February it reported".
_LATER_REPORT = re.compile(r",\s+and\s+that\s|;\s+")
# An estimate named as the first of several: "The NIS's first public estimate of the deployment, in October, was".
_FIRST_ESTIMATE_BEFORE = re.compile(r"\b(?:first|initial|earliest|original|earlier|previous|prior)\s+(?:public\s+"
                                    r"|official\s+)?(?:estimate|figure|assessment)s?\b[^;]{0,60}$", re.IGNORECASE)
# A past high: "At its height the contingent was put at", "down from a peak of", "a peak it had earlier put at".
_AT_PEAK_BEFORE = re.compile(r"\b(?:at\s+(?:its|their|the)\s+(?:height|peak)|(?:a|the|its|their)\s+peak\s+of"
                             r"|peaked\s+at|(?:a|the|its|their)\s+peak\s+(?:it|they|which|that)\s+)\b[^;]*$",
                             re.IGNORECASE)
# The strict form of ``_HAD_REPORTED``, background whatever the time: "had put the figure at roughly 3,000 only a
# week earlier" (the looser one decides only for a count dated within the reporting window).
_HAD_PUT_AT = re.compile(r"\bhad\s+(?:previously\s+|earlier\s+|initially\s+|first\s+)?(?:put|placed|estimated)\s+"
                         r"(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:figure|number|estimate|total|count|tally|strength)"
                         r"\s+at\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_CLAUSE_JOIN = re.compile(r",\s+(?:and|while|but|whereas)\s+|;\s+")
# ("claim that Pyongyang has sent as many as 15,000 soldiers, and that 11,000 of them were deployed in autumn 2024")
_PRESENT_CLAUSE = re.compile(r"\b(?:now|currently|still|brings|bringing|puts|raises|takes|remain|remains)\b"
                             r"|\b(?:has|have|is|are)\s+(?:now\s+|so\s+far\s+|already\s+)?(?:risen|grown|increased|reached"
                             r"|climbed|sent|deployed|dispatched)\b", re.IGNORECASE)
# A count whose troops are there now: "about 10,000 North Korean troops remain in Russia" (past an aside's own time,
# told lately: "Seoul's estimate, shared with lawmakers last month, is that ...").
_THERE_NOW_AFTER = re.compile(r"[\d.,]+(?:\s+(?:million|thousand))?\s+(?:[A-Z][\w'-]*\s+){0,3}(?:troops|soldiers"
                              r"|personnel|servicemen|military\s+personnel)\s+(?:now\s+|still\s+)?"
                              r"(?:remain|are\s+(?:still|now))\b")


def _told_lately(sentence: str, published: datetime | None) -> bool:
    """Whether every time the sentence names lies within :data:`_STILL_DAYS` of publication."""
    pub = (published or datetime.now(UTC)).astimezone(UTC).date()
    return all(r.when is None or (pub - r.when).days <= _STILL_DAYS for r in time_refs(sentence, published))
# A count's present perfect running from a time: "have been killed since they were first deployed last year".
_SINCE_WORD = re.compile(r"\bsince\b", re.IGNORECASE)
_PRESENT_PERFECT = re.compile(
    r"\b(?:have|has)\s+(?:now\s+|so\s+far\s+|already\s+|reportedly\s+)?(?:been\s+)?\w+(?:ed|en|n|t)\b", re.IGNORECASE)
_SAID_AFTER, _SAID_BEFORE = 25, 60  # characters between a reporting verb and the time of the report


#: How old a reported count may be and still be the news of a fresh report.
REPORTED_DAYS = 120

# (An aside between: "Brussels had already, in preceding packages, sanctioned".)
_PAST_PERFECT_PATTERN = (r"\bhad(?:\s+(?:been|already|previously|earlier|also|once))?(?:\s*,[^,]{1,40},)?\s+"
                         r"(?:\w+(?:ed|en|ned|gned)|flown|met|held|sent|made|come|gone|spoken|paid|brought)\b")
_PAST_PERFECT = re.compile(_PAST_PERFECT_PATTERN, re.IGNORECASE)
_PAST_PERFECT_LOWER = re.compile(lowered_pattern(_PAST_PERFECT_PATTERN))
_REPORTING_PATTERN = (
    r"\b(?:said|says|estimated|estimates|believes|believed|reported|reports|told|claimed|claims|confirmed|announced"
    r"|assessed|assesses|added|noted|stated|saying|adding|noting|according\s+to)\b")
_REPORTING = re.compile(_REPORTING_PATTERN, re.IGNORECASE)
_REPORTING_LOWER = re.compile(lowered_pattern(_REPORTING_PATTERN))


_FULL_DATE = re.compile(
    # The look-ahead lets most positions fail on one test instead of one per month name.
    rf"(?=[\dJFMASOND])(?:(?:(?P<d1>\d{{1,2}}){_ORD}\s+(?P<m1>{_MONTHS_ALT})"
    rf"|(?P<m2>{_MONTHS_ALT})\s+(?P<d2>\d{{1,2}}){_ORD},?)"
    rf"\s+(?P<year>(?:19|20)\d{{2}})(?!\d)"
    # A page's stamp in numbers, year first: "2025-03-12 17:20", "2025.03.12", "2025/03/12".
    rf"|(?<![\d.])(?P<iy>(?:19|20)\d{{2}})(?P<sep>[-./])(?P<im>\d{{1,2}})(?P=sep)(?P<id>\d{{1,2}})(?![\d.]\d))"
)


_DATELINE_NO_YEAR = re.compile(
    rf"(?m)^[A-Z][A-Za-z .'-]{{1,30}},\s+(?P<m>{_MONTHS_ALT})\s+(?P<d>\d{{1,2}})(?!\d)\s*(?:\.|\(|-|\u2014|\u2013|/)")


def infer_published(text: str, *, not_after: datetime | None = None) -> datetime | None:
    """Guess when an undated article was published from the dates it prints.

    Pages put their dateline ("11:33 JST, November 5, 2024") near the top; the
    latest complete date (day, month and year) in the text, not after
    ``not_after``, is the best guess. None when the text has no such date.
    """
    best: date | None = None
    limit = not_after.astimezone(UTC).date() if not_after else None
    for m in _FULL_DATE.finditer(text):
        if m.group("iy"):
            year, month_n, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
            month: int | None = month_n if 1 <= month_n <= 12 else None
        else:
            year = int(m.group("year"))
            month = MONTHS.get((m.group("m1") or m.group("m2")).rstrip(".").lower())
            day = int(m.group("d1") or m.group("d2"))
        if month is None or not 1 <= day <= 31:
            continue
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if limit is not None and found > limit:
            continue
        if best is None or found > best:
            best = found
    if best is None:
        # A dateline with no year ("MOSCOW, November 1. /TASS/.", "SEOUL, Nov. 3 (Yonhap) --"): the day is the
        # latest such day not after the reference time.
        line = _DATELINE_NO_YEAR.search(text[:2000])
        month = MONTHS.get(line.group("m").rstrip(".").lower()) if line else None
        if line is not None and month is not None and 1 <= int(line.group("d")) <= 31:
            ref = limit or datetime.now(UTC).date()
            for year in (ref.year, ref.year - 1):
                try:
                    found = date(year, month, int(line.group("d")))
                except ValueError:
                    continue
                if found <= ref:
                    best = found
                    break
    return datetime(best.year, best.month, best.day, 12, tzinfo=UTC) if best else None


# A time the sentence before gave: "that night", "the same day", "at the time", "earlier that month".
_ANAPHORIC_TIME = re.compile(
    r"\b(?:(?:that|the\s+same)\s+(?:day|night|morning|afternoon|evening|week|month|year|time|summer|autumn|fall"
    # "During that trip, the two leaders signed the treaty": the trip the sentence before dated.
    r"|winter|spring|trip|visit|summit|meeting)|at\s+the\s+time|back\s+then|by\s+then"
    # "Putin made the return trip to Pyongyang the following June": the one after the time named before.
    r"|the\s+following\s+(?:day|week|month|year|spring|summer|autumn|fall|winter|january|february|march|april|may"
    r"|june|july|august|september|october|november|december))\b"
    # "There, he and Cho signed ...": the place the sentence before went to, then. (Not "During the talks": the
    # talks are often the news, told before a sentence of background.)
    r"|^There,", re.IGNORECASE)
# What a sentence says of now, which no earlier time dates: "has sent", "are still", "now".
_NOW = re.compile(r"\b(?:has|have|is|are|remains?|now|currently|still|today|so\s+far|continues?|since)\b",
                  re.IGNORECASE)
_PRESENT_STATE = re.compile(r"\b(?:remains?|is|are|shows?|currently|still|now|today)\b")
#: How long ago a narrative's time must lie for the sentences after it, with no time of their own, to be read
#: as its story ("The invasion, launched with about 135,000 soldiers, ..." after "In June 1950, ...").
NARRATIVE_DAYS = 730
# ("The visit follows the signing earlier this month": the time of what it follows.)
_COMES_AFTER = re.compile(r"\b(?:follows?|followed|following|after|since|comes|came)\b")
_EARLIER_THIS_MONTH_DAY = 8  # from this day of the month on, "earlier this month" is a week or more ago


# A timeline's entry opens on its date and a dash or colon: "June 19, 2024 - ", "19 June 2024: ", "March 2025 - ".
_MONTH_WORD = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
               r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_TIMELINE_ENTRY = re.compile(
    rf"^(?:{_MONTH_WORD}\s+\d{{1,2}}(?:-\d{{1,2}})?,?\s+\d{{4}}|\d{{1,2}}(?:-\d{{1,2}})?\s+{_MONTH_WORD}\s+\d{{4}}"
    rf"|{_MONTH_WORD}\s+\d{{4}}|\d{{4}})\s*(?:-|:)\s", re.MULTILINE)


_TIMELINE_FIRST = frozenset("0123456789JFMASOND")  # what an entry's date opens on


# A timeline's heading ("June 2024", "OCTOBER 2024", "Dec. 3, 2024", "Dec. 4", "2017") and entry ("June 19: ",
# "Oct. 18 - ", "-- Oct. 2024: ", "May 22, 2023 - "): the date of what follows, until the next.
_DATE_PART = (rf"(?:(?P<m1>{_MONTH_WORD})\s+(?P<d1>\d{{1,2}})(?:-\d{{1,2}})?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
              rf"|(?P<d2>\d{{1,2}})(?:-\d{{1,2}})?\s+(?P<m2>{_MONTH_WORD})(?:\s+(?P<y2>(?:19|20)\d\d))?"
              rf"|(?P<m3>{_MONTH_WORD})\s+(?P<y3>(?:19|20)\d\d)|(?P<y4>(?:19|20)\d\d))")
_HEADING_DATE = re.compile(_DATE_PART, re.IGNORECASE)
_ENTRY_OPEN = re.compile(rf"(?:[-*\u2022]+\s*)?{_DATE_PART}\s*(?:-+|:)\s")
_ENTRY_FIRST = frozenset("0123456789JFMASONDjfmasond-*\u2022")


def timeline_dates(sentences: Sequence[str], published: datetime | None) -> list[tuple[date, str] | None] | None:
    """Each sentence's date in a timeline (two or more dated entries or headings), with how precise it is ("day",
    "month", "year"), or None outside one; None when the article has no timeline. An entry with no year takes its
    heading's ("June 2024 | June 19: Putin and Kim sign"), else the latest such day up to publication."""
    if published is None:
        return None
    marks = [(_HEADING_DATE.fullmatch(s) or _ENTRY_OPEN.match(s)) if s[:1] in _ENTRY_FIRST else None
             for s in sentences]
    if sum(m is not None for m in marks) < 2:
        return None
    pub = published.astimezone(UTC).date()
    out: list[tuple[date, str] | None] = []
    current: tuple[date, str] | None = None
    running: int | None = None  # the year the entries have reached
    for m in marks:
        if m is not None:
            month = m.group("m1") or m.group("m2") or m.group("m3")
            day = m.group("d1") or m.group("d2")
            year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
            if month is None:
                current = (date(int(year), 1, 1), "year")
            else:
                when = _resolve(MONTHS[month.lower().rstrip(".")], int(day) if day else None,
                                int(year) if year else running, None, pub)
                if not year and current is not None and running is not None and when < current[0]:
                    # "Dec. 27 - ... | Jan. 15 - ...": a timeline runs forward, into the next year.
                    when = _resolve(when.month, when.day if day else None, running + 1, None, pub)
                current = (when, "day" if day else "month")
            running = current[0].year
        out.append(current)
    # After the last entry, its date holds for the rest of its paragraph at most: two sentences, none a heading
    # ("What did Choe and Lavrov discuss?").
    last = max(i for i, m in enumerate(marks) if m is not None)
    for i in range(last + 1, len(out)):
        if i > last + 2 or not sentences[i].endswith(_SENTENCE_ENDS):
            out[i:] = [None] * (len(out) - i)
            break
    return out


_SENTENCE_ENDS = (".", '."', ".\u201d", ".'", ".)", "!")


def entry_is_past(entry: tuple[date, str], published: datetime) -> bool:
    """Whether a timeline entry's date is before the article's news (three days or more before its publication, for
    a day; an earlier month or year)."""
    when, precision = entry
    pub = published.astimezone(UTC).date()
    if precision == "day":
        return (pub - when).days >= 3
    if precision == "month":
        return (when.year, when.month) < (pub.year, pub.month)
    return when.year < pub.year


def may_date_by_context(text: str, published: datetime | None) -> bool:
    """Whether :func:`dated_by_context` can find anything in an article: it refers back to a time ("that
    night") or names a year long enough ago. Most articles do neither. (Both extractors ask about one article.)"""
    return _may_date(text, (published or datetime.now(UTC)).astimezone(UTC).year - NARRATIVE_DAYS // 365)


@lru_cache(maxsize=4)
def _may_date(text: str, old_year: int) -> bool:
    # Substring searches find the few places a pattern needs: scanning all of a text with one costs more.
    low = text.lower()
    for key in ("that ", "same "):
        at = low.find(key)
        while at >= 0:
            if _ANAPHORIC_AT.match(low, at):
                return True
            at = low.find(key, at + 1)
    if "at the time" in low or "back then" in low or "by then" in low:
        return True
    if "There, " in text and _THERE_OPENING.search(text):
        return True
    if (" - " in text or ": " in text) and any(
            line[:1] in _TIMELINE_FIRST and _TIMELINE_ENTRY.match(line) for line in text.split("\n")):
        return True
    return any(int(m.group()) <= old_year and not (m.start() and text[m.start() - 1] in "0123456789,.")
               and not text[m.end():m.end() + 1].isdigit() for m in _YEAR_NUMBER.finditer(text))


_THERE_OPENING = re.compile(r"(?:^|(?<=[.!?\"]\s)|(?<=\n))There,")  # opening a sentence
_ANAPHORIC_AT = re.compile(r"(?:that|same)\s+(?:day|night|morning|afternoon|evening|week|month|year|time|summer"
                           r"|autumn|fall|winter|spring|trip|visit|summit|meeting)\b")
_YEAR_NUMBER = re.compile(r"1[89]\d\d|20\d\d")


def dated_by_context(sentences: Sequence[str], index: int, published: datetime | None, *,
                     related: Callable[[int], bool] | None = None) -> bool:
    """Whether ``sentences[index]``, which names no time of its own, is background by the time the sentences
    before it gave: "that night", "the same month" refer to the last time named, and is background when that
    is; a sentence with no word of now continues a story dated long ago (:data:`NARRATIVE_DAYS`)."""
    sentence = sentences[index]
    anaphoric = _ANAPHORIC_TIME.search(sentence) is not None
    if (not anaphoric and _NOW.search(sentence)) or time_refs(sentence, published):
        return False
    for before in reversed(sentences[max(0, index - 3):index]):
        # A timeline's entry ("June 19, 2024 - Putin visits Pyongyang. The two leaders sign the treaty."): its
        # date dates the sentences after it until the next entry.
        if _TIMELINE_ENTRY.match(before):
            refs = time_refs(before, published)
            return bool(refs) and refs[0].relation == PAST
        if time_refs(before, published):
            break
    for j in range(index - 1, max(0, index - 3) - 1, -1):
        before = sentences[j]
        # (A span recalled, "served in the war between 1950 and 1953", sets no date a story goes on from; nor a
        # relative clause's time: "the free trade agreement, which took effect provisionally in July 2011".)
        refs = [r for r in time_refs(before, published) if not before.startswith(("between", "Between"), r.start)
                and not _RELATIVE_CLAUSE_OPEN.match(before, max(0, before.rfind(",", 0, r.start)), r.start)]
        if not refs:
            continue
        if anaphoric:
            return is_historical(before, published)
        if related is not None and not related(j):
            # "Pyongyang sent airmen to North Vietnam in the 1960s. Ukraine's foreign ministry condemned Choe's
            # trip": a story goes on about those it told of, not about others.
            return False
        if _PRESENT_STATE.search(before):
            # "Recorded trade remains small: customs data show about $34 million in 2023. Seoul's response was
            # restrained. The ministry urged Russia to comply": a figure of then told as the state now, no story
            # of long ago going on.
            return False
        pub = (published or datetime.now(UTC)).astimezone(UTC).date()
        latest = max((r.when for r in refs if r.when is not None), default=None)
        return latest is not None and all(r.relation == PAST for r in refs) and (pub - latest).days > NARRATIVE_DAYS
    return False
