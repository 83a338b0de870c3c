"""Troop figures and casualty counts.

A troop figure is a number that counts military personnel: "about 1,500
soldiers", "3,000 North Korean troops", "up to 12,000", and follow-ups that
inherit the noun ("... with a planned increase to 10,000 by December").
Munitions, money, years, dates, areas and durations are not figures; killed,
wounded, captured or missing counts are casualties, a separate list.

Each figure says whose troops (actor), where (location), who says so
(attribution), how sure (qualifier), and whether it is background
(historical). The vocabulary lives in ``figures.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from monitor.analysis.actions import (
    POSTED_CLAIM,
    SurnameContext,
    claimed_lines,
    is_claim,
    it_subject,
    surname_context,
    with_surnames,
)
from monitor.analysis.entities import EntityLexicon, Mention, default_lexicon
from monitor.analysis.keywords import KeywordScan, lowered_pattern
from monitor.analysis.numbers import NumberMention, find_numbers
from monitor.analysis.temporal import (
    dated_by_context,
    entry_is_past,
    is_historical_count,
    is_scenario,
    may_date_by_context,
    soviet_era,
    timeline_dates,
)
from monitor.errors import ConfigError
from monitor.models import Casualties, TroopFigure
from monitor.yamlfile import load_yaml, strip_lines

DEFAULT_PATH = Path(__file__).with_name("figures.yaml")


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# The words that may stand between a phrase and its count ("including about 500", "up from an estimate of
# some 3,000"), as an optional group.
_QUAL = (r"(?:(?:about|around|some|roughly|approximately|nearly|almost|up\s+to|over|more\s+than|at\s+least"
         r"|an\s+estimated|as\s+many\s+as|just|only|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than"
         r"|close\s+to|upwards\s+of|in\s+excess\s+of|a\s+minimum\s+of)\s+)?")


@dataclass(frozen=True, slots=True)
class _Vocab:
    scanner: KeywordScan  # sentences naming a troop noun or a unit
    noun_after: re.Pattern[str]
    strong_after: re.Pattern[str]
    qualifier_before: list[tuple[str, re.Pattern[str]]]
    planned: re.Pattern[str]
    expected: re.Pattern[str]
    casualty_after: list[tuple[str, re.Pattern[str]]]
    casualty_noun: list[tuple[str, re.Pattern[str]]]  # also "captured ... soldiers" (an adjective, then the noun)
    loss_before: list[tuple[str, re.Pattern[str]]]
    deploy_verb: re.Pattern[str]
    followup_before: re.Pattern[str]
    noun_anywhere: re.Pattern[str]
    troops_anywhere: re.Pattern[str]  # a troop noun, a unit or a loss: a sentence about troops
    loss_count_before: re.Pattern[str]
    loss_kinds: dict[str, str]  # the first word of a casualty noun -> its kind
    count_before: re.Pattern[str]
    numbering_before: re.Pattern[str]
    size_before: re.Pattern[str]


@cache
def vocabulary(path: Path = DEFAULT_PATH) -> _Vocab:
    data: Any = strip_lines(load_yaml(path, what="figures vocabulary"))
    try:
        nouns = _alt(data["troop_nouns"])
        units = _alt(data["unit_nouns"])
        mods = _alt(data["modifiers"])
        qual_words = _alt([w for ws in data["qualifiers"].values() for w in ws])
        quals = [(q, re.compile(rf"(?:^|\W)(?:{_alt(ws)})\s*$", re.IGNORECASE)) for q, ws in data["qualifiers"].items()]
        # "were killed", "are thought to have been killed", "have reportedly been wounded"
        cas = [(k, re.compile(rf"^\s*(?:(?:were|was|have\s+been|had\s+been|are|is|being|been|reportedly|who\s+were"
                              r"|thought|believed|estimated|reported|said|feared|known|presumed|likely|to\s+have"
                              r"|became|become|have\s+become|still|now|officially"
                              # "identified 101 soldiers by name as having died"
                              r"|by\s+name|as\s+having\s+been|as\s+having|listed\s+as"
                              # "have since been killed", "have already been wounded"
                              r"|(?:has|have|had)(?=\s+(?:since|now|already|also|so\s+far)\s+been\b)|since|already|so\s+far"
                              # "had died", "have gone missing": an intransitive loss; not "had captured a
                              # village", which the troops did.
                              r"|(?:has|have|had)(?=\s+(?:died|perished|lost\s+their\s+lives|gone\s+missing"
                              r"|surrendered)\b))\s+)*"
                              rf"(?:{_alt(ws)})\b", re.IGNORECASE)) for k, ws in data["casualties"].items()]
        loss = [(k, re.compile(rf"\b(?:{_alt(ws)})\s+(?:(?:about|around|some|more\s+than|over|at\s+least|nearly"
                               rf"|up\s+to|an\s+estimated)\s+)?$", re.IGNORECASE))
                for k, ws in data["loss_verbs"].items()]
        casualty_noun = [(k, re.compile(rf"^(?:\s+(?:{mods}))*\s+(?:{_alt(ws)})\b", re.IGNORECASE))
                         for k, ws in data["casualty_nouns"].items()]
        # A noun phrase: capitalised words (demonyms: "North Korean") or modifiers, then the noun. The
        # capital is tested case-sensitively inside the case-insensitive pattern: otherwise any word
        # would pass and "40 brigades of troops" would count troops.
        # (And an abbreviation in brackets: "11,000 Korean People's Army (KPA) soldiers".)
        phrase = rf"(?:\s+(?:(?-i:[A-Z])[\w'.-]*|\((?-i:[A-Z])[\w.-]*\)|{mods}))*?"
        # The more specific first: "300 dead North Korean soldiers" counts the soldiers, not "dead".
        casualty_noun = [(k, re.compile(rf"^\s+(?:{_alt(ws)}){phrase}\s+(?:{nouns})\b", re.IGNORECASE))
                         for k, ws in data.get("casualty_adjectives", {}).items()] + casualty_noun
        return _Vocab(
            scanner=KeywordScan({"troops": [re.escape(w).replace(r"\ ", r"\s+")
                                             for w in [*data["troop_nouns"], *data["unit_nouns"],
                                                       *(w for ws in data["casualty_nouns"].values() for w in ws),
                                                       # "puts the North Korean presence in Russia at 12,000",
                                                       # "commands an army of some 1.28 million", "fields a
                                                       # 1.2-million-strong military"
                                                       "presence", "strength", "army", "strong"]]}),
            # "10,000-plus troops": the suffix says "more than" (see _qualifier).
            noun_after=re.compile(rf"^(?:-?plus|\+|-odd)?(?P<phrase>{phrase})\s+(?P<noun>{nouns})\b", re.IGNORECASE),
            # (A national force too: "a 1.2 million-strong army", background below.)
            strong_after=re.compile(rf"^-strong(?:\s+[\w-]+){{0,2}}?\s+(?:{units}|{nouns}|army|armed\s+forces|military)\b",
                                    re.IGNORECASE),
            qualifier_before=quals,
            planned=re.compile(rf"\b(?:{_alt(data['planned'])})\b", re.IGNORECASE),
            expected=re.compile(rf"\b(?:{_alt(data['expected'])})\b", re.IGNORECASE),
            casualty_after=cas,
            casualty_noun=casualty_noun,
            loss_before=loss,
            deploy_verb=re.compile(rf"\b(?:{_alt(data['deploy_verbs'])})\b", re.IGNORECASE),
            followup_before=re.compile(
                r"\b(?:to|reach(?:ing)?|total(?:ling|ing)?|of)\s+(?:(?:about|around|some|up\s+to|as\s+many\s+as"
                r"|more\s+than|over|at\s+least|nearly|roughly|approximately|almost|an\s+estimated)\s+)?$",
                re.IGNORECASE),
            noun_anywhere=re.compile(rf"\b(?:{nouns})\b", re.IGNORECASE),
            troops_anywhere=re.compile(
                rf"\b(?:{nouns}|{units}|{_alt([w for ws in data['casualty_nouns'].values() for w in ws])})\b",
                re.IGNORECASE),
            # A casualty count named before the number: "North Korean casualties have exceeded 3,000".
            loss_count_before=re.compile(
                rf"\b(?P<noun>{_alt([w for ws in data['casualty_nouns'].values() for w in ws])})\b"
                r"(?P<gap>[^.;:0-9]{0,60}?)\b(?:exceeded|exceeds|exceed|reached|reaches|topped|tops|surpassed|passed"
                r"|hit|to|at|is|are|was|were|of|totals?|totall?ing|totall?ed|numbered|numbers|stands|stood)\s+"
                rf"(?:(?:{qual_words})\s+)?$", re.IGNORECASE),
            loss_kinds={w.split()[0].lower(): kind for kind, ws in data["casualty_nouns"].items() for w in ws},
            # The count named before the number: "the total number of North Korean troops in Russia had
            # risen to about 13,000", "bringing the number of soldiers deployed there to roughly 13,000".
            # The size given after the noun: "North Korean troops numbering around 10,000", "the contingent,
            # which numbers about 10,000", "a force estimated at 12,000".
            numbering_before=re.compile(
                rf"\b(?P<noun>{nouns}|{units})\b(?P<gap>[^.;:0-9]{{0,40}}?)\b(?:numbering|numbers|number|numbered|totall?ing"
                rf"|estimated\s+at|put\s+at|thought\s+to\s+number|believed\s+to\s+number"
                # ("North Korean military personnel in Russia, which EU officials estimate at around 10,000")
                rf"|(?<=which\s)(?:[\w-]+\s+){{1,3}}(?:estimate|estimates|put|puts|place|places)\s+at)\s+"
                rf"(?:(?:{qual_words})\s+)?$", re.IGNORECASE),
            # A force's size as it changes: "North Korean troop numbers in Kursk fell to around 8,000", "the
            # North Korean contingent in Russia now stands at roughly 11,000 soldiers".
            size_before=re.compile(
                rf"\b(?P<noun>troop\s+(?:numbers|levels|strength|presence)|deployment|presence|(?:{units}))\b"
                rf"(?P<gap>[^.;:0-9]{{0,40}}?)"
                rf"\b(?:fell|dropped|declined|shrank|rose|grew|increased|swelled|climbed|reached|stands|stood|is|was"
                # "North Korea's deployment could increase to 10,000": a change to come (the qualifier says so)
                rf"|increases?|rises?|grows?|expands?|swells?|reach(?:es)?"
                # ("the initial contingent as a whole came to some 11,000 to 12,000")
                rf"|came|comes|amounted|amounts"
                rf"|has\s+grown|has\s+risen|has\s+fallen|has\s+reached)\s+(?:(?:to|at)\s+)?(?:(?:{qual_words})\s+)?$",
                re.IGNORECASE),
            count_before=re.compile(
                rf"\b(?:number|count|strength|size|tally)\s+of(?P<phrase>{phrase})\s+(?P<noun>{nouns})\b"
                rf"(?P<gap>[^.;:]{{0,80}}?)\b(?:to|at|is|was|of|reached|reaching|hit|totals?|totall?ing|totall?ed"
                rf"|now)\s+(?:(?:{qual_words})\s+)?$", re.IGNORECASE),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"figures vocabulary: missing or malformed entry {exc}", file=str(path)) from None


_LOCATION = re.compile(
    r"^[\s,]*(?:(?:were|was|are|is|have|had|been|being|now|currently|already|reportedly|stationed|deployed|based"
    r"|training|trained|fighting|remain|remaining|stay|staying|sent|moved|arrived|undergoing|transported|shipped|flown|airlifted|dispatched|relocated"
    r"|redeployed|heading|headed|bound|believed|thought|reported|said|estimated|understood|known|to\s+have"
    r"|to\s+be)\s+){0,6}"
    r"(?:in|to|into|inside|at|near|across|along)\s+(?:the\s+)?"
    r"(?:(?:eastern|western|northern|southern|central|north-?eastern|north-?western|south-?eastern|south-?western"
    r"|far-?eastern)\s+)?(?P<place>(?:[A-Z][\w'-]*)(?:\s+(?:[A-Z][\w'-]*))*)"
)
_NOT_PLACE = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|December"
                        r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# A source's name may hold initials ("the U.S. State Department"): a capital and a dot are one token.
_NAME_CHARS = r"(?:(?:[A-Z]\.){2,}(?=\s+[A-Z])|[^,.;])"
_ACCORDING = re.compile(rf"\baccording\s+to\s+(?:the\s+)?(?P<who>{_NAME_CHARS}{{3,60}}?)(?=[,.;]|$)", re.IGNORECASE)
# "..., citing South Korean intelligence": the source the report relies on, before the outlet reporting it.
_CITING = re.compile(rf"\bciting\s+(?:the\s+)?(?P<who>[A-Z]{_NAME_CHARS}{{2,60}}?)(?=[,.;]|$)")
_SAYS_LEAD = re.compile(
    # (After a timeline entry's date: "18 October - South Korea's NIS says".)
    r"^(?:[^,]{0,40},\s*(?:\d{4},\s*)?|\d{1,2}\s+[A-Z][a-z]+\.?(?:\s+\d{4})?\s*[-\u2013\u2014:]+\s+"
    r"|[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s+\d{4})?\s*[-\u2013\u2014:]+\s+)?"
    r"(?P<who>(?:the\s+)?[A-Z][^,;]{2,70}?)\s+(?:said|says|say|reported|reports|confirmed|"
    r"estimated|estimates|estimate|claimed|claims|claim|told|announced|believes|believe|assessed|assesses|assess"
    r"|puts?\s+the\s+(?:figure|number|toll|total|count)"
    r"|(?:raised|lowered|revised|updated|increased)\s+(?:its|their|the)\s+(?:estimate|assessment|figure|count))\b")
# "..., the NIS believes around 11,000 remain there": a source in the middle, before what it says.
_SAYS_MID = re.compile(
    r",\s*(?P<who>(?:the\s+)?[A-Z][^,;]{2,40}?)\s+(?:believes|believe|says|say|estimates|estimate|thinks|think"
    r"|reckons|assesses)\s+(?:that\s+)?(?=\S)")
_SAYS_TAIL = re.compile(
    r",\s*(?P<who>(?:the\s+)?[A-Z][^,;]{2,70}?)\s+(?:said|says|say|reported|reports|confirmed|estimated|estimates"
    r"|estimate|claimed|claims|believes|assessed|assesses|told\s+\w+)"
    r"(?:\s+(?:on|in|at)\s+[^,;\"]{1,40}?|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today"
    r"|yesterday|earlier|last\s+(?:week|month)|this\s+(?:week|month)))?"
    r"(?:\.?\"?$|,\s+(?:up|down|compared|citing|adding|and|but|while|though"
    r"|although)\b)")
# Stripped from a source's name ("South Korean intelligence services"); not "agency", which is the
# noun of "Seoul's spy agency".
# Lower case only: "the National Intelligence Service" is a name.
_GENERIC_TAIL = re.compile(r"\s+(?:services?|officials?|sources?)$")
# "Jan 10 - Ukraine's special operations forces said": the dateline before the source.
_DATELINE_HEAD = re.compile(r"^[^-\u2013\u2014]{1,25}\s[-\u2013\u2014]+\s+")
_CLAUSE_HEAD = re.compile(r"\s(?:after|when|as|that|while|since|before|because|until|once)\s")
_NO_SOURCE = frozenset({"officials", "sources", "analysts", "experts", "observers", "reports", "media", "they", "it",
                        "he", "she", "we", "some", "others"})
_DETERMINERS = frozenset({"its", "their", "his", "her", "our", "the", "a", "an", "this", "that"})
_COUNT_WORDS = frozenset({"two", "three", "four", "five", "six", "several", "many", "some", "few", "multiple", "a",
                          "one", "numerous", "various", "dozens"})
def _supposed(figure: TroopFigure | Casualties) -> bool:
    """Whether a count is supposed or denied, not reported: a hypothesis, a unit's size in general, or a claim
    the sentence says is false ("Video does not show 100,000 North Korean soldiers", "No evidence North Korea
    has pledged a million soldiers")."""
    sentence = figure.sentence
    if any(w in sentence for w in ("not ", "n't ", "Not ", "rather than", "instead of")) and any(
            n.value == figure.value and _SET_AGAINST.search(sentence, max(0, n.start - 30), n.start) is not None
            for n in find_numbers(sentence)):
        return True
    if _DOUBT_LOWER.search(sentence.lower()) is None:
        return False  # most sentences: one case-sensitive search of the lower-cased text
    supposing = _SUPPOSING.search(sentence) is not None
    low = figure.low if isinstance(figure, TroopFigure) else None
    shown = f"{low if low is not None else figure.value:,}"
    at = sentence.find(shown)
    if at < 0:  # written in words ("a million"): where the figure is is not known, the sentence decides
        return supposing or _DENIED.search(sentence) is not None
    return (supposing and _SUPPOSING.search(sentence, max(0, at - 90), at + 1) is not None) \
        or _DENIED.search(sentence, max(0, at - 80), at) is not None


# A claim the sentence calls false, before the count it makes.
_DENIED = re.compile(
    r"\b(?:(?:does|did|do)\s+not\s+show|(?:there\s+is\s+)?no\s+(?:\w+\s+)?(?:evidence|proof|record|statement|report|sign|trace|announcement)s?|not\s+true\s+that"
    r"|(?:false|fake|bogus|baseless|unfounded|debunked)\s+(?:claims?|reports?|posts?|rumou?rs?)"
    r"|falsely\s+(?:claim|claims|claimed|say|says|said|show|shows|showing|reported)|(?:denied|denies|deny)\s+"
    r"(?:that|reports|claims)"
    # A fact-check's claim: "with the claim that it shows 100,000", "What was claimed:" (what posts claim: _claimed).
    r"|with\s+the\s+claim\s+that|what\s+was\s+claimed)\b", re.IGNORECASE)
# A count set against the one given: "1,000 deminers and 5,000 military builders, not 30,000 combat troops".
# (Or one denied: "Shoigu did not announce 30,000 more North Korean troops".)
_SET_AGAINST = re.compile(r"(?:(?:,|\bbut|\band|^)\s*not|\brather\s+than|\binstead\s+of"
                          r"|\b(?:did|does|do|has|have|had)(?:\s+not|n't)\s+(?:announce|send|deploy|dispatch|pledge"
                          r"|promise|confirm|mention|have)\w*)\s+(?:some\s+|about\s+)?$", re.IGNORECASE)


_SUPPOSING = re.compile(
    r"\b(?:imagine|imagining|suppose|supposing|hypothetically|what\s+if|were\s+to\b|in\s+the\s+event|"
    r"(?:asked|wondered|questioned)\s+whether|"
    r"if\s+(?!confirmed|true|accurate|correct)\w+(?:\s+\w+){0,4}?\s+(?:were|was|had|should|sends?|deploys?|commits?)"
    r"|(?:can|could|may|typically|usually|normally|generally)\s+(?:number|comprise|consist\s+of|include|field"
    r"|contain)\s+(?:up\s+to\s+|between\s+|about\s+|some\s+)?\d)", re.IGNORECASE)
# Either, for the lower-cased sentence (case-sensitive matching is much faster; see lowered_pattern).
_DOUBT_LOWER = re.compile(lowered_pattern(f"{_SUPPOSING.pattern}|{_DENIED.pattern}"))
_MIN_FORCE = 10  # troops fewer than this are individuals, not a force a figure counts
_PLACE_BEFORE = re.compile(r"\b(?:in|into|to|from|at|near|inside|across|within)\s+(?:the\s+)?$", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
# "Ukraine's military intelligence has estimated": the source is the noun phrase, not its auxiliary.
_AUXILIARY_TAIL = re.compile(r"(?:\s+(?:has|have|had|also|now|previously|recently|earlier|reportedly|further))+$")
_YEAR_PREP = re.compile(r"\b(?:in|since|by|during|from|until|till|through|throughout|before|after|of|for|into)\s+$",
                        re.IGNORECASE)
# "troops from the North", "soldiers dispatched by Pyongyang": whose they are, after the noun.
_POSSESSOR_AFTER = re.compile(
    r"^\s+(?:from|of|(?:(?:already|reportedly)\s+)?(?:dispatched|sent|deployed|supplied|provided)\s+by)\s+(?:the\s+)?"
    # "11,000 servicemen of the army of the DPRK"
    r"(?:(?:army|armed\s+forces|military)\s+of\s+(?:the\s+)?)?"
    # "the roughly 11,000 combat troops that North Korea already deployed", "the 11,000 troops North Korea sent": the
    # sender named in the clause after.
    r"|^\s+(?:(?:that|which|whom)\s+)?(?=(?:the\s+)?(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*){0,2}\s+"
    r"(?:(?:has|have|had)\s+)?(?:(?:already|reportedly|since)\s+)?(?:sent|deployed|dispatched|shipped|moved|transferred)\b)",
    re.IGNORECASE)


# ("On 18 October 2024 South Korea's NIS reported", "In October the agency said": a date before the source.)
_TIME_HEAD = re.compile(r"^(?:On|Last|Earlier|Later|This|In)\s+(?:(?:\d{1,2}\s+)?[A-Z]\w+\.?(?:\s+\d{1,2})?"
                        r"(?:,?\s+\d{4})?|\d{4}|week|month|year)\s*,?\s+(?:the\s+)?")


def _attribution(sentence: str, lexicon: EntityLexicon) -> str | None:
    for rx in (_ACCORDING, _CITING, _SAYS_LEAD, _SAYS_TAIL, _SAYS_MID):
        m = rx.search(sentence)
        if m:
            who = _PARENTHESIS.sub("", m.group("who")).strip()
            # "South Korean officials": the country; "Western officials" stay as they are.
            bare = _GENERIC_TAIL.sub("", who)
            if len(bare.split()) > 1 or lexicon.canonical(re.sub(r"^(?:the|The)\s+", "", bare)) is not None:
                who = bare
            # "The visit comes weeks after South Korea's spy agency said": the source is the clause's subject.
            who = _CLAUSE_HEAD.split(who)[-1]
            who = _AUXILIARY_TAIL.sub("", re.sub(r"^(?:the|The)\s+", "", _DATELINE_HEAD.sub("", who)))
            who = who.rsplit(": ", 1)[-1]  # "LIVE: Russia says ...": a label before the source
            who = _TIME_HEAD.sub("", who)  # "On Wednesday the spy agency told": a time before the source
            words = who.split()
            if words and words[-1] in _DETERMINERS:
                continue  # "The NIS also raised its estimate to": the noun, not a source estimating
            if words and (words[0].lower() in _COUNT_WORDS or words[0].isdigit()):
                continue  # "according to two officials familiar with ...": no one named
            if len(words) > 8 or (words and words[-1].islower() and (
                    words[-1].endswith("ed") or words[-1] in ("is", "are", "was", "were", "be", "been"))):
                continue  # "The Kremlin dismissed reports that ...": a verb and a noun, not a source saying
            if who.lower() in _NO_SOURCE:
                continue  # "Officials say ...": no one in particular
            # A country by any of its names is the country ("the DPRK", "Seoul", "Ukrainian officials"); an
            # institution or a person is the source as named ("per NIS", "per Zelensky"), which says more.
            return who if lexicon.role(who) in ("institution", "person") else lexicon.canonical(who) or who
    return None


def _actor_in(mentions: Sequence[Mention], start: int, end: int) -> str | None:
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    return inside[-1].entity if inside else None


def _subject_actor(sentence: str, mentions: Sequence[Mention], number_start: int, vocab: _Vocab) -> str | None:
    """The owner named as subject of a deploy verb before the number ("Pyongyang sent about 1,500")."""
    before = sentence[:number_start]
    verbs = list(vocab.deploy_verb.finditer(before))
    if not verbs:
        return None
    verb = verbs[-1]
    if number_start - verb.end() > 60:
        return None  # (within reach: "has sent to Russia since autumn 2024 in total about 14,000")
    if _AUXILIARY_HAVE.match(sentence, verb.start(), number_start):
        return None  # "The NIS has consistently put it at about 11,000": "has" helps another verb, owns nothing
    # Not the source of an estimate: "..., according to South Korean estimates, and has also agreed to dispatch".
    # Nor whom the news was told to, nor who told it of another: "Shoigu told Russian state media that Kim had decided
    # to send".
    # Nor a place ("a rotation of its forces in Russia, bringing home about 4,000"), nor whose ships or planes carried
    # them ("Russian navy transport ships had carried about 1,500 special forces soldiers").
    # (The last one that qualifies, looked for from the verb back.)
    subject = next((m for m in reversed(mentions) if m.end <= verb.start() and verb.start() - m.end <= 60
                    and not _ACCORDING_BEFORE.search(sentence, max(0, m.start - 20), m.start)
                    and not _MEDIA_AFTER.match(sentence, m.end)
                    and not _TOLD_THAT.match(sentence, m.end, verb.start())
                    and not _SAID_THAT.match(sentence, m.end, verb.start())
                    and not _PLACE_BEFORE.search(sentence, max(0, m.start - 12), m.start)
                    and not _CARRIER_AFTER.match(sentence, m.end, number_start)), None)
    if subject is not None and _PRONOUN_BEFORE_VERB.search(sentence, subject.end, verb.start()):
        return None  # "South Korean intelligence estimates it has deployed": "it", not the estimator
    return subject.entity if subject is not None else None


# A carrier named after its country, before the verb: "Russian navy transport ships had".
_CARRIER_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:ships|vessels|planes|aircraft|airplanes|jets|trains|trucks|buses"
                            r"|ferries|convoys|flights|airlines?)\b")


# Between two counts, an "and" that joins the second to the first's verb: no verb or clause of its own.
_JOINED_COUNT = re.compile(r"^(?:(?!\b(?:has|have|had|is|are|was|were|sent|deployed|dispatched|said|says|but)\b)"
                           r"[^;.])*\band\s+(?:(?:about|around|some|roughly|nearly|another|a\s+further)\s+)?$",
                           re.IGNORECASE)
def _pronoun_sends(sentence: str, number_start: int, vocab: _Vocab) -> bool:
    """Whether the deploy verb before the number has "it" or "they" for its subject ("it has deployed some")."""
    verbs = list(vocab.deploy_verb.finditer(sentence, 0, number_start))
    return bool(verbs) and number_start - verbs[-1].end() <= 40 \
        and _PRONOUN_BEFORE_VERB.search(sentence, max(0, verbs[-1].start() - 30), verbs[-1].start()) is not None


def _pronoun_antecedent(sentence: str, mentions: Sequence[Mention], number_start: int, vocab: _Vocab) -> str | None:
    """Whom the "it" or "they" that sends the count stands for in its own sentence: the actor named last before it,
    not a place, and not one that reports what "it" did."""
    verb = list(vocab.deploy_verb.finditer(sentence, 0, number_start))[-1]
    pronoun = _PRONOUN_BEFORE_VERB.search(sentence, max(0, verb.start() - 30), verb.start())
    if pronoun is None:
        return None
    # (Nor a war's name: "During the Vietnam War it sent only about 100 air force personnel".)
    named = [m for m in mentions if m.end <= pronoun.start() and m.role in ("demonym", "name", "capital", "person")
             and not _PLACE_BEFORE.search(sentence, max(0, m.start - 12), m.start)
             and not sentence.startswith((" War", " war"), m.end)]
    if not named or _REPORTS_BETWEEN.search(sentence, named[-1].end, pronoun.start()):
        return None
    # (A country by its name before one by an adjective: "North Korea had moved 1,500 soldiers aboard Russian navy
    # ships, and it planned to send 12,000".)
    return next((m.entity for m in reversed(named) if m.role != "demonym"), named[-1].entity)


_SIZED_FORCE_GAP = re.compile(r"(?:,\s+(?:with|of|at|which\s+(?:carries|has|numbers)|that's|numbering)"
                              r"|\s+(?:numbers?|numbering))\s+"
                              r"(?:(?:about|around|some|roughly|nearly|almost|approximately|an\s+estimated|more\s+than"
                              r"|over|up\s+to|at\s+least)\s+)?$", re.IGNORECASE)
_ESTIMATED_BY = re.compile(rf"\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+)?(?:estimated|put|reckoned"
                           rf"|assessed|believed)\s+by\s+[^,;]{{1,60}}?\s+at\s+(?:between\s+)?{_QUAL}$", re.IGNORECASE)
# "has" or "had" before a reporting verb's participle: the source of an estimate, not the owner of the troops; before
# "been", a passive or a perfect ("some 2,000 of them have been killed, and about 6,000 engineers remain").
_AUXILIARY_HAVE = re.compile(r"(?:has|have|had)\s+(?:\w+ly\s+)?(?:been|put|set|given|said|told|estimated|reported"
                             r"|claimed|assessed|cited|offered|placed|spoken|quoted|suggested|calculated)\s",
                             re.IGNORECASE)
_TOLD_THAT = re.compile(r"\s+told\s+[^,;]{0,40}?\bthat\s+[A-Z]")
# Who says that another sends: "Sergei Shoygu, secretary of the Security Council of the Russian Federation (RF), said on
# Tuesday that the Korean peninsula's North would send" (not "Pyongyang said it would send": "it" is the sayer).
_SAID_THAT = re.compile(r"[^;.]{0,30}?\b(?:said|says|announced|stated|added|confirmed)\s+(?:[^,;]{0,30}?\s)?that\s+"
                        r"(?!(?:it|they|he|she)\b)")
_MEDIA_AFTER = re.compile(r"(?:'s)?\s+(?:state(?:-run)?\s+)?(?:media|news\s+agency|television|TV|press|reporters)\b")
# (A self-report's "it" is its speaker: "North Korea said it had sent"; an estimate's is not: "Seoul estimates it has".)
_REPORTS_BETWEEN = re.compile(r"\b(?:estimates?|estimated|believes?|believed|thinks?|reports?|reported|according"
                              r"|claims?|claimed|assess(?:es|ed)?|suspects?|suspected)\b", re.IGNORECASE)
_PRONOUN_BEFORE_VERB = re.compile(r"\b(?:it|they)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def extract_figures(
    sentences: Sequence[str], *, published: datetime | None = None, lexicon: EntityLexicon | None = None,
    headline: int = 0, home: str | None = None,
) -> tuple[list[TroopFigure], list[Casualties]]:
    """Troop figures and casualty counts in an article's sentences (the first ``headline`` of them its title).

    ``home``: the country of the outlet that published it (:meth:`EntityLexicon.home_of`): whose "the armed forces" are
    when the article names no country more than any other."""
    figures, casualties = _figures_of_rows(sentences, published, lexicon, headline, home)
    if any(len(s) < 20 and "laim" in s for s in sentences) and (claims := claimed_lines(sentences)):
        # "Claim: | In November 2024, South Korea sent 5,000 soldiers to Ukraine.": the claim a check tests.
        said = {sentences[i] for i in claims}
        figures = [f for f in figures if f.sentence not in said]
        casualties = [c for c in casualties if c.sentence not in said]
    if published is not None and (figures or casualties) \
            and (dates := timeline_dates(sentences, published)) is not None:
        # "Oct. 18 - The NIS says Pyongyang has decided to send a total of 12,000 soldiers": an entry before the news.
        dated = dict(reversed(list(zip(sentences, dates, strict=True))))
        figures = [replace(f, historical=True) if not f.historical and (entry := dated.get(f.sentence)) is not None
                   and entry_is_past(entry, published) else f for f in figures]
        casualties = [replace(c, historical=True) if not c.historical and (entry := dated.get(c.sentence)) is not None
                      and entry_is_past(entry, published) else c for c in casualties]
    return figures, casualties


def _figures_of_rows(sentences: Sequence[str], published: datetime | None, lexicon: EntityLexicon | None,
                     headline: int, home: str | None) -> tuple[list[TroopFigure], list[Casualties]]:
    """Troop figures and casualties, a table's rows read as the entries they are."""
    rows = _table_rows(sentences) if any(" | " in s for s in sentences) else {}
    if not rows:
        return _extract_figures(sentences, published=published, lexicon=lexicon, headline=headline, home=home)
    # A table's rows are read as the entries they are ("Oct-Dec 2024: 11,000-12,000 troops"), and told by their
    # own line.
    figures, casualties = _extract_figures([rows.get(i, s) for i, s in enumerate(sentences)], published=published,
                                           lexicon=lexicon, headline=headline, home=home)
    line = {rows[i]: sentences[i] for i in rows}
    # Whose troops the table counts: those the article named last before it ("... North Korean soldiers killed in
    # Kursk. Phase | Period | Reported size"), not whoever it named last.
    lexicon = lexicon or default_lexicon()
    vocab = vocabulary()
    # (Else the first it names after: "Taken together, no fewer than 20,000 North Koreans have now passed through".)
    owner = next((o for s in [*reversed(sentences[:min(rows)]), *sentences[max(rows) + 1:]]
                  if (o := _troops_owner(s, lexicon.find(s), vocab)) is not None), None)
    return ([replace(f, sentence=line[f.sentence], actor=owner or f.actor) if f.sentence in line else f
             for f in figures],
            [replace(c, sentence=line[c.sentence]) if c.sentence in line else c for c in casualties])


# A table of counts, its cells split by " |": a column headed by a size ("Phase | Period | Reported size | Source"),
# and one headed by a time.
_SIZE_HEADER = re.compile(r"\b(?:estimates?|size|personnel|troops|soldiers|strength|deployed|number)\b", re.IGNORECASE)
# (Nor a row, or a column, of things or losses: "KN-23/KN-24 ballistic missiles | about 250 | HUR, Kyiv".)
_NOT_TROOPS_HEADER = re.compile(r"casualt|killed|dead|wounded|loss|shells|rounds|missile|rocket|launcher|artillery"
                                r"|howitzer|\bguns?\b|tank|vehicle|drone|container|munition|ammunition|weapon|\$|cost|budget",
                                re.IGNORECASE)
_WHAT_HEADER = re.compile(r"^(?:category|item|items|type|kind|system|asset|equipment|what)$", re.IGNORECASE)
_TIME_HEADER = re.compile(r"^(?:date|dates|period|when|month|time|timing)$", re.IGNORECASE)
_CELL_COUNT = re.compile(r"^(?:(?:about|around|some|roughly|approximately|nearly|almost|over|more\s+than|at\s+least"
                         r"|up\s+to|an\s+estimated)\s+)?\d[\d,.]*(?:\s*(?:-|to)\s*\d[\d,.]*)?(?:\s+(?:million|thousand))?(?=\s|$)",
                         re.IGNORECASE)


def _table_rows(sentences: Sequence[str]) -> dict[int, str]:
    """The rows of a table of troop counts, each as an entry of a timeline ("Oct-Dec 2024: 11,000-12,000 troops";
    without a time column, the count alone), by their index among the sentences."""
    vocab = vocabulary()
    out: dict[int, str] = {}
    size: int | None = None
    when: int | None = None
    what: int | None = None
    width = 0
    for i, sentence in enumerate(sentences):
        if " | " not in sentence:
            size = None
            continue
        cells = [c.strip() for c in sentence.split(" | ")]
        if size is not None and len(cells) == width:
            count = _CELL_COUNT.match(cells[size])
            # (A column that says what each row counts: "Category | Estimate | Source" counts troops only in a row
            # that names them.)
            if count is not None and not _NOT_TROOPS_HEADER.search(sentence) \
                    and (what is None or vocab.troops_anywhere.search(cells[what]) is not None):
                out[i] = f"{cells[when]}: {count.group()} troops" if when is not None and cells[when] \
                    else f"{count.group()} troops"
        elif not any(ch.isdigit() for ch in sentence):
            size = next((k for k, c in enumerate(cells) if _SIZE_HEADER.search(c) and not _NOT_TROOPS_HEADER.search(c)),
                        None)
            when = next((k for k, c in enumerate(cells) if _TIME_HEADER.match(c)), None)
            what = next((k for k, c in enumerate(cells) if _WHAT_HEADER.match(c)), None)
            width = len(cells)
        else:
            size = None
    return out


def _extract_figures(
    sentences: Sequence[str], *, published: datetime | None, lexicon: EntityLexicon | None, headline: int,
    home: str | None,
) -> tuple[list[TroopFigure], list[Casualties]]:
    vocab = vocabulary()
    lexicon = lexicon or default_lexicon()
    figures: list[TroopFigure] = []
    forces: set[int] = set()  # where in ``figures`` a national force's size is (no one's deployment to inherit)
    casualties: list[Casualties] = []
    # The sentence before, when it named troops, and whose troops it counted: "About 3,000 of them".
    troops_before: tuple[str, list[Mention], str | None] | None = None
    named: SurnameContext | None = None  # the article's surnames, read when first needed
    passed = False  # whether ``troops_before`` was carried past a sentence that counted nothing
    for index, (sentence, found) in enumerate(zip(sentences, vocab.scanner.scan(sentences), strict=True)):
        before, troops_before = troops_before, None
        if found and is_scenario(sentence):
            continue  # "Possible: a further 5,000 troops are sent": an outlook's scenario, no count of anyone's
        if not found:
            so_far = len(figures) + len(casualties)
            of_them = before is not None and " of th" in sentence and _OF_THEM_HINT.search(sentence) is not None
            # (Or a total of them: "And the total is projected to fall to just 350,000 by 2040".)
            bare_count = not of_them and before is not None and (
                _COUNT_THEN_VERB.search(sentence) is not None
                or (" total " in sentence and (_TOTAL_VERB.search(sentence) is not None
                                               or _TOTAL_BEFORE_ANY.search(sentence) is not None)))
            if before is not None and (of_them or bare_count):
                owner = before[2] or _troops_owner(before[0], before[1], vocab) or _last_owner(figures)
                if of_them and owner is not None:
                    _them(sentence, owner, published, lexicon, vocab, figures, casualties)
                elif bare_count:
                    # "About 11,000 North Korean troops were deployed. The Pentagon has said some 12,000 were sent."
                    _elided_after_troops(sentence, owner, published, lexicon, vocab, figures, casualties)
            if before is not None and len(figures) + len(casualties) > so_far:
                troops_before = before  # it went on counting those troops: so may the next sentence
            elif before is not None and not passed and (
                    _DIGIT.search(sentence) is None
                    or not any(not n.vague and not n.is_year for n in find_numbers(sentence))):
                # "... had sent 3,000 soldiers. Lawmakers leave the briefing on Wednesday. The agency expects the
                # number to reach 10,000 by December": one sentence of no count between (a caption's scene).
                troops_before, passed = before, True
            continue
        passed = False
        mentions = lexicon.find(sentence)
        if sentence.startswith("It ") and index:
            # "Pyongyang has shipped shells to Russia. It has sent more than 14,000 soldiers"
            it = it_subject(sentence, lexicon.find(sentences[index - 1]))
            mentions = [it, *mentions] if it is not None else mentions
        troops_before = (sentence, mentions, None)
        numbers = [n for n in find_numbers(sentence) if not n.vague]
        if not numbers:
            continue
        counted_from, lost_from = len(figures), len(casualties)
        attribution: str | None = None
        attribution_done = False
        previous: TroopFigure | None = None
        previous_loss: Casualties | None = None
        revised: NumberMention | None = None  # "revised its estimate from 3,000": the count replaced
        for num in numbers:
            if "of" in sentence and _SMALL_GROUPS_BEFORE.search(sentence, max(0, num.start - 30), num.start):
                continue  # "advancing in groups of 10 to 20 soldiers": how they move, not how many were sent
            after = sentence[num.end:]
            if after[:1] in ('"', "\u201d") or after[:2] == "' ":
                # 'had sent "well over 10,000" soldiers', "'between 11,000 and 12,000' North Korean troops": the quote
                # closes before the noun.
                after = " " + after[1:]
            elif after[:1] == ":" and _LABEL_NOUN.match(after):
                # "By the numbers: 10,000: North Korean troops the Pentagon believes are in Russia": the count as
                # a label, its noun after the colon.
                after = after[1:]
            noun = vocab.noun_after.match(after)
            strong = vocab.strong_after.match(after) if noun is None else None
            counted = _casualty_noun(after, vocab) if noun is None and strong is None else None
            if noun is None and strong is None and counted is None:
                if num.is_year:
                    continue
                if attribution_done is False:
                    attribution, attribution_done = _attribution(sentence, lexicon), True
                if "from" in sentence[max(0, num.start - 30):num.start] \
                        and _REVISED_FROM.search(sentence, max(0, num.start - 140), num.start) is not None:
                    # "HUR revised its estimate from 3,000 to 11,000": the count it replaced, background, whose troops
                    # the sentence (or the one before) names.
                    owner = _troops_owner(sentence, mentions, vocab) or (
                        before[2] or _troops_owner(before[0], before[1], vocab) if before else None) \
                        or _last_owner(figures)
                    to = num.text.find(" to ")
                    if num.low is not None and num.high is not None and to > 0:
                        # ("from 3,000 to 11,000" read as one range: the old count and the new one.)
                        old = NumberMention(num.low, None, None, num.start, num.start + to, num.text[:to])
                        figures.append(replace(_figure(sentence, old, owner, None, attribution, published, vocab),
                                               historical=True))
                        new = NumberMention(num.high, None, None, num.start + to + 4, num.end, num.text[to + 4:])
                        previous = _figure(sentence, new, owner, _location(after, lexicon), attribution, published,
                                           vocab)
                        figures.append(previous)
                        continue
                    previous = replace(_figure(sentence, num, owner, None, attribution, published, vocab),
                                       historical=True)
                    figures.append(previous)
                    revised = num
                    continue
                if " total of " in sentence[max(0, num.start - 40):num.start] \
                        and _TOTAL_OF_BEFORE.search(sentence, max(0, num.start - 60), num.start) is not None:
                    # "after rotations that brought a total of about 15,000 through the country": all those sent,
                    # the troops the sentence counts.
                    owner = (previous.actor if previous else None) or _troops_owner(sentence, mentions, vocab) \
                        or (before[2] or _troops_owner(before[0], before[1], vocab) if before else None)
                    previous = _figure(sentence, num, owner, _location(after, lexicon), attribution, published, vocab)
                    figures.append(previous)
                    continue
                if revised is not None and previous is not None and _TO_AFTER_FROM.fullmatch(sentence, revised.end,
                                                                                              num.start):
                    # ("... from 3,000 to 11,000": the count now.)
                    previous = _figure(sentence, num, previous.actor, _location(after, lexicon), attribution,
                                       published, vocab)
                    figures.append(previous)
                    continue
                # "killed 50 soldiers and wounded 47 others": the verb before the number says the loss too.
                others = _OTHERS.match(after)
                elided = _casualty_kind(sentence[: num.start] if others else "", after[others.end():] if others
                                        else after, vocab) if previous_loss or previous else None
                if elided is not None:
                    # "300 soldiers were killed and 2,700 wounded": the noun is left out, the soldiers are the
                    # same as those just counted.
                    owner = previous_loss.actor if previous_loss else previous.actor if previous else None
                    previous_loss = _casualty(sentence, num, elided, owner, None, attribution, published, vocab)
                    casualties.append(previous_loss)
                    continue
                people = next((m for m in mentions if m.start == num.end + 1 and m.role == "demonym"
                               and m.text.endswith("s")), None)
                lost = _casualty_kind("", sentence[people.end:], vocab) if people is not None else None
                if people is not None and lost is not None:
                    # "an estimated 4,000 North Koreans have been killed or wounded": the people of a country
                    # lost, in a sentence about troops.
                    previous_loss = _casualty(sentence, num, lost, people.entity, None, attribution, published, vocab)
                    casualties.append(previous_loss)
                    continue
                whole_of = _DENOMINATOR_BEFORE.search(sentence, max(0, num.start - 40), num.start) is not None
                if people is not None and (_ARRIVED_AFTER.match(sentence[people.end:]) or (
                        whole_of and _SENT_PARTICIPLE.match(sentence[people.end:]))) \
                        and (whole_of or vocab.noun_anywhere.search(sentence)):
                    # "around 15,000 North Koreans had already been sent", in a sentence about troops; "4,700 of the
                    # roughly 15,000 North Koreans sent to Russia": those a part of whom was lost
                    previous = _figure(sentence, num, people.entity, _location(sentence[people.end:], lexicon),
                                       attribution, published, vocab)
                    figures.append(previous)
                    continue
                if _BARE_LOSS.match(after) and vocab.troops_anywhere.search(sentence, 0, num.start):
                    # "North Korean troops suffered heavy losses, with roughly 300 killed and 2,700 wounded": the
                    # troops named before, lost.
                    lost = _casualty_kind("", after, vocab)
                    if lost is not None:
                        owner = previous.actor if previous else _troops_owner(sentence, mentions, vocab)
                        previous_loss = _casualty(sentence, num, lost, owner, None, attribution, published, vocab)
                        casualties.append(previous_loss)
                        continue
                sender = _SENDER_AFTER.match(after) if after[1:2].isupper() or after.startswith(" men ") else None
                who = next((m for m in mentions if m.start == num.end + sender.start("who")
                            and m.role in ("name", "capital", "person")), None) if sender else None
                if sender is not None and who is not None and vocab.troops_anywhere.search(sentence):
                    # "out of the approximately 15,000 Pyongyang has sent", "the roughly 15,000 men Pyongyang sent
                    # to Russia": the count of what the country named after it sent, in a sentence about troops.
                    previous = _figure(sentence, num, who.entity, _location(after[sender.end():], lexicon),
                                       attribution, published, vocab)
                    figures.append(previous)
                    continue
                if whole_of and _SENT_PARTICIPLE.match(after) and (
                        previous_loss is not None or vocab.troops_anywhere.search(sentence, 0, num.start)):
                    # "around 2,000 North Korean soldiers had been killed, out of roughly 15,000 sent there": the
                    # force those lost were part of.
                    owner = previous_loss.actor if previous_loss is not None else _troops_owner(sentence, mentions,
                                                                                                vocab)
                    previous = _figure(sentence, num, owner, _location(after, lexicon), attribution, published, vocab)
                    figures.append(previous)
                    continue
                total = _TOTAL_BEFORE.search(sentence, max(0, num.start - 120), num.start) \
                    if " to " in sentence[max(0, num.start - 25):num.start] else None
                if total is not None:
                    # "..., bringing the total it has deployed to roughly 12,000 to 12,500": the new total of the
                    # troops counted (or named) before; "bringing the death toll to 300" is a loss.
                    # (Not where they are: "bringing the total in Russia to some 3,000".)
                    owner = _actor_in([m for m in mentions if not _PLACE_BEFORE.search(sentence, max(0, m.start - 12),
                                                                                        m.start)],
                                      total.start(), total.end()) \
                        or (previous.actor if previous else None) \
                        or _troops_owner(sentence, mentions, vocab)
                    lost = _casualty_kind("", total.group("gap"), vocab)
                    if lost is not None:
                        owner = owner or (previous_loss.actor if previous_loss else None)
                        previous_loss = _casualty(sentence, num, lost, owner, None, attribution, published, vocab)
                        casualties.append(previous_loss)
                        continue
                    place = previous.location if previous else _location(after, lexicon)
                    previous = _figure(sentence, num, owner, place, attribution, published, vocab)
                    figures.append(previous)
                    continue
                lead = sentence[max(0, num.start - 30):num.start]
                put = (_PUT_AT.search(sentence, max(0, num.start - 100), num.start) if " at " in lead else None) \
                    or (_FIGURE_OF.search(sentence, max(0, num.start - 70), num.start) if " of " in lead else None) \
                    or (_FORCE_OF.search(sentence, max(0, num.start - 50), num.start)
                        if " of " in lead and (_SIZE_AFTER.match(after) or _RELATIVE_AFTER.match(after)
                                               or _ARRIVED_AFTER.match(after)) else None)
                # ("put the total sent since last October at about 14,000": a total of those sent is a force's.)
                if put is not None and (put.group("noun").lower() in _FORCE_NOUNS or before is not None
                                        or vocab.troops_anywhere.search(sentence, 0, num.start)
                                        or _SENT_WORD.search(sentence, put.end("noun"), num.start)):
                    # "The NIS puts the deployment at around 11,000": the size of the force the article counts
                    # ("puts the North Korean presence in Russia at": whose, named with the noun).
                    # (Not who puts it, the source: "South Korean estimates put the total at".)
                    owner = next((m.entity for m in mentions if put.start() <= m.start and m.end <= put.start("noun")
                                  and m.role in ("demonym", "name")), None) \
                        or (previous.actor if previous else None) or _troops_owner(sentence, mentions, vocab) \
                        or (before[2] or _troops_owner(before[0], before[1], vocab) if before else None) \
                        or _last_owner(figures)
                    # ("put the number of North Korean soldiers in Russia at": where, named before the count.)
                    span = sentence[put.end("noun"):num.start]
                    inside = _IN_PLACE_WORD.search(span)
                    place = _location(after, lexicon) or (_location(span[inside.start():], lexicon) if inside else None)
                    loss = _LOSS_OF.match(span)
                    if loss is not None:
                        # "The NIS puts the number of dead at around 300": a loss, not a force.
                        previous_loss = _casualty(sentence, num, _loss_kind(loss), owner, place,
                                                  attribution, published, vocab)
                        casualties.append(previous_loss)
                        continue
                    previous = _figure(sentence, num, owner, place, attribution, published, vocab)
                    if put.group("noun").lower() == "forces" and _STANDING_FORCES.search(sentence, put.start(),
                                                                                         put.end("noun")):
                        # "put the North's special operations forces at about 200,000": a standing branch's size.
                        previous = replace(previous, historical=True)
                        forces.add(len(figures))
                    figures.append(previous)
                    continue
                if previous is not None and vocab.followup_before.search(sentence[: num.start]) \
                        and _SIZE_AFTER.match(after):
                    # "... 3,000 troops, with a planned increase to 10,000 by December"
                    fig = _figure(sentence, num, previous.actor, previous.location, previous.attribution, published,
                                  vocab, follow_up=True)
                    if figures and figures[-1] is previous and len(figures) - 1 in forces:
                        gap_from = max((n.end for n in numbers if n.end <= num.start), default=0)
                        own = vocab.troops_anywhere.search(sentence, gap_from, num.start)
                        if own is None:
                            # "whose armed forces number close to 200,000, wants to reach 300,000": the same national
                            # force's size to come, background as well.
                            fig = replace(fig, historical=True)
                            forces.add(len(figures))
                        else:
                            # "With a standing army of 1.2 million, ...; the NIS expects the North Korean contingent
                            # in Russia to reach 12,000": another force, whose its noun says.
                            fig = replace(fig, actor=_named_before(sentence, mentions, own.start(), ("", "'s"),
                                                                   roles=("demonym", "name", "capital"))
                                          or fig.actor, location=_location(sentence[own.end():num.start], lexicon))
                    figures.append(fig)
                    previous = fig
                    continue
                strength = (_STRENGTH_BEFORE.search(sentence, max(0, num.start - 120), num.start)
                            or _FORCE_OF_BEFORE.search(sentence, max(0, num.start - 40), num.start)) \
                    if _SIZE_AFTER.match(after) or _RELATIVE_AFTER.match(after) else None
                if strength is not None and not _NOT_A_FORCE_WORD.search(strength.group("gap")):
                    # "Russia's active strength is assessed at approximately 1,320,000", "the group of forces
                    # committed to operations in Ukraine is estimated at about 700,000": a force sized with no noun
                    # after the count; whose is named before its noun, else the force counted last.
                    owner = _named_before(sentence, mentions, strength.start("noun"), ("'s", "'", ", whose"),
                                          roles=("demonym", "name", "capital")) \
                        or _force_holder(sentence, mentions, strength.start("noun")) \
                        or (previous.actor if previous else None) or _last_owner(figures)
                    fig = _figure(sentence, num, owner, None, attribution, published, vocab)
                    if _NATIONAL_STRENGTH.match(strength.group("noun")):
                        # A national force's size: background, as with its noun ("an army of 500,000 soldiers").
                        fig = replace(fig, historical=True)
                        forces.add(len(figures))
                    previous = fig
                    figures.append(fig)
                    continue
                count = vocab.count_before.search(sentence[: num.start])
                if count is not None:
                    # "the total number of North Korean troops in Russia had risen to about 13,000"
                    owner = _actor_in(mentions, count.start("phrase"), count.end("noun"))
                    lost = _casualty_kind("", count.group("gap"), vocab)
                    if lost is not None:  # "the number of North Korean troops killed is estimated at 300"
                        previous_loss = _casualty(sentence, num, lost, owner, None, attribution, published, vocab)
                        casualties.append(previous_loss)
                        continue
                    fig = _figure(sentence, num, owner, _location(count.group("gap"), lexicon), attribution,
                                  published, vocab)
                    if _STANDING.search(sentence, count.start(), num.start):
                        # "the number of active-duty soldiers in South Korea's armed forces has fallen to about
                        # 450,000": a national force's size, background (and nothing when whose is not said).
                        previous = replace(fig, historical=True)
                        figures.append(previous)
                        forces.add(len(figures) - 1)
                        continue
                    figures.append(fig)
                    previous = fig
                    continue
                numbering = vocab.numbering_before.search(sentence[: num.start])
                if numbering is not None and _OTHER_CLAUSE.search(numbering.group("gap")):
                    numbering = None  # "500,000 troops, while the North's army numbers": another clause's noun
                if numbering is not None and _SINCE_THE_NOUN.search(sentence, max(0, numbering.start("noun") - 60),
                                                                    numbering.start("noun")):
                    # "North Korean casualties since the first deployment are estimated at around 6,500": the noun
                    # dates a loss, it is not what the count sizes.
                    numbering = None
                if numbering is not None:
                    # "North Korean troops numbering around 10,000", "Poland, whose armed forces number close to"
                    at = numbering.start("noun")
                    armed = sentence.endswith("armed ", 0, at) or sentence.endswith(("Self-Defense ", "Self-Defence "),
                                                                                     0, at)
                    owner = _named_before(sentence, mentions, at - 6 if armed else at, ("", "'s", ", whose"),
                                          roles=("demonym", "name", "capital"))
                    previous = _figure(sentence, num, owner, _location(after, lexicon), attribution, published, vocab)
                    if armed or numbering.group("noun").lower() in ("army", "military"):
                        # "Poland, whose armed forces number close to 200,000": a national force's size, background.
                        previous = replace(previous, historical=True)
                        forces.add(len(figures))
                    figures.append(previous)
                    continue
                size = vocab.size_before.search(sentence[: num.start]) if _SIZE_AFTER.match(after) else None
                if size is not None:
                    # "North Korean troop numbers in Kursk fell to around 8,000"
                    owner = _named_before(sentence, mentions, size.start("noun"), ("", "'s", ", whose"),
                                          roles=("demonym", "name", "capital"))
                    previous = _figure(sentence, num, owner, _location(size.group("gap"), lexicon), attribution,
                                       published, vocab)
                    figures.append(previous)
                    continue
                part = _OF_THE_COUNT.match(after)
                # Where the whole's noun ends, in the sentence: "the 11,000 North Korean troops"; "the roughly
                # 15,000 North Koreans sent to Russia" (a country's people sent).
                whole_end: int | None = None
                if part is not None:
                    at = num.end + part.end()
                    if (whole := vocab.noun_after.match(sentence[at:])) is not None:
                        whole_end = at + whole.end()
                    elif (sent := next((m for m in mentions if m.start == at + 1 and m.role == "demonym"
                                        and m.text.endswith("s")), None)) is not None \
                            and _SENT_PARTICIPLE.match(sentence, sent.end):
                        whole_end = sent.end
                if part is not None and whole_end is not None:
                    # "roughly 4,000 of the 11,000 North Korean troops sent to Russia had been killed": a part of
                    # the troops counted next, lost when they were.
                    rest = sentence[whole_end:]
                    lost = _casualty_kind("", rest, vocab) or _casualty_after_aside(rest, _ASIDE.match(rest), vocab)
                    owner = _actor_in(mentions, num.end + part.end(), whole_end)
                    if lost is not None:
                        previous_loss = _casualty(sentence, num, lost, owner, None, attribution, published, vocab)
                        casualties.append(previous_loss)
                    else:
                        previous = _figure(sentence, num, owner, _location(rest, lexicon), attribution, published,
                                           vocab)
                        figures.append(previous)
                    continue
                them = _OF_THEM.match(after)
                nouns = list(vocab.noun_anywhere.finditer(sentence, 0, num.start)) if them is not None else []
                if them is not None and (nouns or (before is not None and vocab.troops_anywhere.search(before[0])
                                                   and _OPENING_COUNT.fullmatch(sentence, 0, num.start))):
                    if nouns:
                        # "the deployment of DPRK soldiers to Russia, where over 10,000 of them have fought"
                        owner = _named_before(sentence, mentions, nouns[-1].start(), ("", "'s"),
                                              roles=("demonym", "name", "capital"))
                    else:
                        # "Some 10,000-12,000 of Kim Jong Un's troops are now inside Russia. Around 8,000 of them
                        # have been moved close to the fighting, where Ukrainian forces ...": those counted before.
                        assert before is not None
                        owner = before[2] or _troops_owner(before[0], before[1], vocab) or _last_owner(figures)
                    if owner is None and previous is not None:
                        owner = previous.actor  # "sent around 15,000 troops, about 600 of whom have been killed"
                    tail = after[them.end():]
                    lost = _casualty_kind(sentence[: num.start], tail, vocab) or \
                        _casualty_after_aside(tail, None, vocab)
                    if lost is not None:
                        previous_loss = _casualty(sentence, num, lost, owner, None, attribution, published, vocab)
                        casualties.append(previous_loss)
                    elif (num.value or 0) >= 10:  # "two soldiers, one of whom said": a person, not a count
                        previous = _figure(sentence, num, owner, _location(tail, lexicon), attribution, published,
                                           vocab)
                        figures.append(previous)
                    continue
                loss = vocab.loss_count_before.search(sentence[: num.start])
                if loss is not None and _FORCE_GAP.search(loss.group("gap")):
                    loss = None  # "to replace losses in Kursk, on top of the contingent of about 11,000": the force's
                if loss is not None:
                    # "North Korean casualties have exceeded 3,000", "the death toll rose to 300"
                    # "killed 40 North Korean soldiers, bringing the death toll to about 300": theirs, when not said
                    owner = _named_before(sentence, mentions, loss.start("noun"), ("", "'s")) or (
                        previous_loss.actor if previous_loss else None)
                    previous_loss = _casualty(sentence, num, vocab.loss_kinds[loss.group("noun").split()[0].lower()],
                                              owner, None, attribution, published, vocab)
                    casualties.append(previous_loss)
                    continue
                if not num.is_year and previous is not None \
                        and _COMPARED_BEFORE.search(sentence, max(0, num.start - 60), num.start):
                    # "3,000 soldiers, up from the 1,500 it had reported last Friday": the count before, background.
                    figures.append(_figure(sentence, num, previous.actor, None, attribution, published, vocab))
                    continue
                if not num.is_year and (figures or vocab.noun_anywhere.search(sentence, 0, num.start)) \
                        and (_TOTAL_TO.search(sentence, max(0, num.start - 110), num.start)
                             or _TOTAL_FALLS.search(sentence, max(0, num.start - 70), num.start)):
                    # "1,500 special forces had arrived. The agency expected the total to reach roughly 12,000":
                    # the troops counted before; "the number of North Korean military personnel in Russia was
                    # expected to reach about 16,000", "and the total sent to Russia later reached around 11,000".
                    owner = (previous.actor if previous else None) or _troops_owner(sentence, mentions, vocab) \
                        or _last_owner(figures)
                    previous = _figure(sentence, num, owner, _location(after, lexicon), attribution, published, vocab)
                    figures.append(previous)
                    continue
                if not num.is_year and (_elided_troops(sentence, num, after_figure=previous is not None) or (
                        figures and _MORE_SENT_AFTER.match(after))):
                    # (Or "roughly 3,000 more have been dispatched since January", the troops counted before it.)
                    # "had sent about 11,000 soldiers and dispatched an additional 3,000 in January", "some
                    # 1,500 had already arrived": the noun is left out, the troops are those named before.
                    owner = _elided_owner(sentence, mentions, num.start, previous, vocab)
                    fig = _figure(sentence, num, owner, _location(after, lexicon), attribution, published, vocab)
                    if _REMAIN_AFTER.match(after):
                        # "Of the 15,000 sent since October, around 11,000 remain there": how many are there now,
                        # where those before were.
                        fig = replace(fig, historical=False, location=fig.location or (
                            previous.location if previous else None))
                    if previous is not None and figures and previous is figures[-1] and len(figures) - 1 in forces:
                        # "about 450,000 active-duty personnel, down from 690,000 in 2006": the same national force.
                        fig = replace(fig, actor=previous.actor, historical=True)
                        forces.add(len(figures))
                    previous = fig
                    figures.append(previous)
                continue
            if num.is_year and (noun is None or _YEAR_PREP.search(sentence[: num.start])):
                continue  # "in 2024 troops moved": a year, not a count
            if (noun is not None and (_STANDING.search(noun.group("phrase"))
                                      or _ARMY_SIZE_BEFORE.search(sentence, max(0, num.start - 60), num.start)
                                      or (_GARRISON_BEFORE.search(sentence, max(0, num.start - 40), num.start)
                                          and _GARRISON_AFTER.match(sentence, num.end + noun.end())))) \
                    or (strong is not None and _NATIONAL_NOUN.search(strong.group(0))):
                # ("the North's 1.2 million-strong armed forces": the same, sized before its noun.)
                # "South Korea has about 500,000 active-duty troops": a national force's size, background (never an
                # alert), whose is the clause's subject or the possessive before it.
                if not attribution_done:
                    attribution, attribution_done = _attribution(sentence, lexicon), True
                owner = _named_before(sentence, mentions, num.start, ("'s", "'")) \
                    or _force_owner(sentence, mentions, num.start, attribution)
                previous = replace(_figure(sentence, num, owner, None, attribution, published, vocab), historical=True)
                figures.append(previous)
                forces.add(len(figures) - 1)
                continue
            if noun is not None and noun.group("noun").lower() == "officers" and _POLICE.search(sentence):
                continue  # "the police prefecture deployed around 250 officers": police, not troops
            phrase_end = num.end + (noun.end() if noun else strong.end() if strong else counted[1] if counted else 0)
            tail = sentence[phrase_end:]
            kind = counted[0] if counted else _casualty_kind(sentence[: num.start], tail, vocab)
            if kind == "wounded" and counted and _casualty_kind(sentence[: num.start], "", vocab) == "captured":
                kind = "captured"  # "captured two wounded North Korean soldiers": taken prisoner, wounded
            loss = vocab.loss_count_before.search(sentence[: num.start]) if kind is None and noun else None
            if loss is not None:
                # "Russia's losses over the past day totalled 1,230 personnel": a loss counted with its noun
                kind = vocab.loss_kinds[loss.group("noun").split()[0].lower()]
            aside = _ASIDE.match(tail)
            if kind is None:
                kind = _casualty_after_aside(tail, aside, vocab)
            if kind is not None and not counted and _PART_BEFORE.search(sentence, max(0, num.start - 50), num.start):
                kind = None  # "4,000 of the 11,000 troops sent had been killed": the part was lost, not the whole
            actor = _actor_in(mentions, num.end, phrase_end)
            if actor is None and kind is None and _OF_THOSE.match(sentence, num.end):
                # "about 8,000 of those soldiers were now in Kursk": a part of the troops counted before.
                actor = _last_owner(figures) or (before[2] if before else None)
            if actor is None:
                poss = _POSSESSOR_AFTER.match(tail)
                if poss:
                    # "troops from the North": the lexicon's name may take in the article
                    nxt = [m for m in mentions if phrase_end < m.start <= phrase_end + poss.end()]
                    actor = nxt[0].entity if nxt else None
            if actor is None and (_PRONOUN_SENDER.match(tail) or _OF_ITS_BEFORE.match(sentence, num.end)):
                # "among the roughly 15,000 troops it had deployed", "some 320,000 of its troops served": whom "it"
                # stands for, the actor named last before the count.
                # (Not a place the clause names: "sent combat forces to Vietnam, where some 320,000 of its troops".)
                # (A country by its name before one by an adjective: "Pyongyang has received Russian help in return
                # for the roughly 14,000 soldiers it sent".)
                earlier = [m for m in mentions if m.end <= num.start
                           and m.role in ("demonym", "name", "capital", "person")
                           and not _PLACE_BEFORE.search(sentence, max(0, m.start - 12), m.start)]
                actor = next((m.entity for m in reversed(earlier) if m.role != "demonym"),
                             earlier[-1].entity if earlier else None)
            if actor is None:
                # "North Korea's 1,500 soldiers"
                actor = _named_before(sentence, mentions, num.start, ("'s", "'"))
            if actor is None and kind is None and (sized := _SIZED_FORCE_GAP.search(
                    sentence, max(0, num.start - 40), num.start)) is not None:
                # "Japan's Self-Defense Forces, with about 247,000 personnel", "the Cheonghae anti-piracy unit,
                # which carries about 300 naval personnel": the force named right before, whose size it is.
                # (Not a place: "sending special forces troops to Russia, with some 1,500 soldiers already there".)
                actor = next((m.entity for m in reversed(mentions) if m.end <= sized.start()
                              and sized.start() - m.end <= 30
                              and m.role in ("name", "demonym", "institution", "capital")
                              and not (m.role in ("name", "capital")
                                       and _PLACE_BEFORE.search(sentence, max(0, m.start - 12), m.start))), None)
            if actor is None and kind is None and " by " in sentence[max(0, num.start - 80):num.start] \
                    and (estimated := _ESTIMATED_BY.search(sentence, max(0, num.start - 80), num.start)) is not None:
                # "Moscow's grouping in the Pokrovsk direction is estimated by Ukrainian commanders at around 110,000
                # troops": the subject's force; who estimates is the source.
                actor = next((m.entity for m in mentions if m.end <= estimated.start()
                              and m.role in ("name", "demonym", "capital", "person")
                              and not _PLACE_BEFORE.search(sentence, max(0, m.start - 12), m.start)), None)
            if actor is None and kind is None:
                actor = _subject_actor(sentence, mentions, num.start, vocab)
                if actor is None:  # "Kim sent some 11,000 soldiers": a person the article named in full before
                    named = surname_context(sentences, lexicon) if named is None else named
                    if named.surnames:
                        actor = _subject_actor(sentence, with_surnames(named, sentence, mentions), num.start, vocab)
                if actor is None and _pronoun_sends(sentence, num.start, vocab):
                    # "Pyongyang's first deployment abroad since it sent some 80 pilots to North Vietnam": "it" is
                    # the actor the sentence named before it, unless that one reports ("Seoul estimates it has").
                    actor = _pronoun_antecedent(sentence, mentions, num.start, vocab)
                if actor is None and index and _pronoun_sends(sentence, num.start, vocab):
                    # "North Korea keeps sending troops. Seoul estimates it has deployed some 14,000 soldiers":
                    # "it" is whom the sentence before opened on.
                    opening = next((m for m in lexicon.find(sentences[index - 1]) if m.start <= 60), None)
                    actor = opening.entity if opening is not None else None
            if actor is None and kind is None and " with " in sentence[max(0, num.start - 30):num.start] \
                    and (launched := _LAUNCHED_WITH.search(sentence, max(0, num.start - 100), num.start)) is not None:
                # "The Kursk operation, which Ukraine launched in August 2024 with an estimated 10,000 troops": the
                # force of whoever launched it.
                actor = next((m.entity for m in reversed(mentions) if m.end <= launched.start()
                              and launched.start() - m.end <= 12 and m.role in ("demonym", "name", "capital")), None)
            if actor is None and kind is None and " at " in sentence[max(0, num.start - 30):num.start] \
                    and (put_at := _PUT_AT_BEFORE.search(sentence, max(0, num.start - 120), num.start)) is not None:
                # "Western estimates put the total North Korean deployment to Russia at around 14,000 troops",
                # "puts North Korea's armed forces at about 1.28 million": whose force the estimate sizes, named in it.
                # (Not where it is: "puts the contingent in Russia at 10,000-12,000 servicemen".)
                actor = next((m.entity for m in mentions if put_at.start("what") <= m.start
                              and m.end <= put_at.end("what") and m.role in ("demonym", "name")
                              and not _PLACE_BEFORE.search(sentence, max(0, m.start - 12), m.start)), None)
            grown: re.Match[str] | None = None  # "the North Korean contingent now stands at"
            if actor is None and kind is None:
                grown = vocab.size_before.search(sentence[: num.start])
                if grown is not None:
                    actor = _named_before(sentence, mentions, grown.start("noun"), ("", "'s"),
                                          roles=("demonym", "name", "capital"))
                if actor is None:
                    # "the first North Korean contingent of around 3,000 soldiers", "the DPRK contingent, which
                    # Seoul puts at roughly 11,000 personnel": the force the count sizes, and whose it is.
                    unit = _UNIT_OF_BEFORE.search(sentence, max(0, num.start - 70), num.start)
                    if unit is not None:
                        actor = _named_before(sentence, mentions, unit.start("noun"), ("",),
                                              roles=("demonym", "name", "capital"))
            elif actor is None:
                # "Russia lost 3,000 troops": the loser is the subject just before the number; not the source
                # ("Ukrainian officials put the toll at 250 dead").
                if not attribution_done:
                    attribution, attribution_done = _attribution(sentence, lexicon), True
                # Nor a place ("N. Korea rotating troops in Russia, 2,000 soldiers killed"): where, not whose.
                near = [m for m in mentions if m.end <= num.start and num.start - m.end <= 40
                        and not (attribution and (m.entity == attribution or m.text in attribution))
                        and not _PLACE_BEFORE.search(sentence, max(0, m.start - 12), m.start)]
                actor = near[-1].entity if near else None
            location = _location(tail, lexicon)
            if location is None and grown is not None:
                location = _location(grown.group("gap"), lexicon)  # "the presence in Russia will grow to 15,000"
            if location is None and aside is not None:
                # "11,000 troops, including special forces, were sent to Russia"
                location = _location(tail[aside.end():], lexicon)
            if not attribution_done:
                attribution, attribution_done = _attribution(sentence, lexicon), True
            if kind is not None:
                if actor is None and previous_loss is not None:
                    actor = previous_loss.actor  # "casualties have topped 4,000, including 1,000 dead"
                previous_loss = _casualty(sentence, num, kind, actor, location, attribution, published, vocab)
                casualties.append(previous_loss)
                continue
            if previous is not None and (_INCLUDING_BEFORE.search(sentence, max(0, num.start - 40), num.start)
                                         or _INCLUDING_LIST.search(sentence, max(0, num.start - 90), num.start)) \
                    and not _WAVE_AFTER.match(sentence, num.end):
                # "around 12,000 troops, including 500 officers", "6,000 personnel, including 1,000 sappers and
                # 5,000 builders": parts of the force just counted (a wave sent at its own time is a count of its
                # own: "15,000 in total, including roughly 11,000 in the autumn of 2024 and some 3,000
                # reinforcements early this year")
                continue
            if actor is None and previous is not None:
                actor = previous.actor  # "sent more than 15,000 combat troops, as well as up to 6,000 engineers"
            fig = _figure(sentence, num, actor, location, attribution, published, vocab)
            prior = next((n for n in reversed(numbers) if n.end <= num.start), None)
            if previous is not None and previous.qualifier == "planned" and fig.qualifier == "exact" \
                    and prior is not None and _JOINED_COUNT.match(sentence[prior.end:num.start]):
                # "will send 1,000 sappers to clear mines and 5,000 military construction workers": the same plan.
                fig = replace(fig, qualifier="planned")
            figures.append(fig)
            previous = fig
        if any(f.actor is None for f in figures[counted_from:]):
            # "The new arrivals include a 1,500-strong contingent", "the NIS said 1,500 special forces had
            # been moved": a count whose sentence does not say whose troops goes on about those counted last.
            # (Not a national force's size: "the armed forces stood at about 450,000" is no one's deployment.)
            # (Of the same time: a deployment now is not the force a war of 1950 was fought with, nor the reverse.)
            owners = {hist: next((f.actor for n, f in reversed(list(enumerate(figures[:counted_from])))
                                  if f.actor and n not in forces and f.historical == hist), None)
                      for hist in (False, True)}
            if None in owners.values():
                # (With none counted before: whose troops the sentences before named, "North Korean troops fought in
                # Kursk, where officials say around 11,000 soldiers were deployed".)
                named_troops = next((o for before_s in (sentence, *reversed(sentences[max(0, index - 5):index]))
                                     if vocab.troops_anywhere.search(before_s) is not None
                                     and (o := _troops_owner(before_s, lexicon.find(before_s), vocab)) is not None),
                                    None)
                # (And else the last owner of any time: "earlier deployment ... in the 1960s, when about 200 air
                # force personnel flew for North Vietnam" after North Korea's troops of today.)
                owners = {hist: owner or named_troops or owners[not hist] for hist, owner in owners.items()}
            figures[counted_from:] = [replace(f, actor=owners[f.historical]) if f.actor is None and n not in forces
                                      else f for n, f in enumerate(figures[counted_from:], counted_from)]
        if before is not None and any(c.actor is None for c in casualties[lost_from:]):
            # "North Korean troops suffered heavy losses. Seoul put the figure at about 300 dead": the losses of
            # the troops the article counted last.
            owner = _last_owner(figures) or next((c.actor for c in reversed(casualties[:lost_from]) if c.actor), None)
            casualties[lost_from:] = [replace(c, actor=owner) if c.actor is None else c for c in casualties[lost_from:]]
        if len(figures) > counted_from and ("march" in sentence or "parad" in sentence):
            figures[counted_from:] = [_paraded(f, sentence, numbers, mentions) for f in figures[counted_from:]]
        # "Pyongyang has sent 11,000 troops. About 3,000 of them ...": the troops counted here.
        troops_before = (sentence, mentions, next((f.actor for f in figures[counted_from:] if f.actor), None))
    if any(f.actor is None and (n in forces or _NATIONAL_FORCE.search(f.sentence)) for n, f in enumerate(figures)):
        # "the armed forces have shrunk to about 450,000", "the Defense Ministry counts about 500,000 service
        # members": a national force's size with no owner named is the country the article is about; background.
        country = _article_country(sentences, lexicon, home)
        # ("Some may have confused it with the size of North Korea's entire military. The IISS puts the country's
        # active armed forces at about 1.28 million": the country the sentence before named last.)
        where = {s: i for i, s in reversed(list(enumerate(sentences)))}
        figures = [replace(f, historical=True, actor=(_country_before(sentences, where[f.sentence], lexicon)
                                                      if "the country's" in f.sentence else None) or country)
                   if f.actor is None and (n in forces or _NATIONAL_FORCE.search(f.sentence)) else f
                   for n, f in enumerate(figures)]
        # (With no country to own it, a national force's size is nothing the article counts.)
        figures = [f for n, f in enumerate(figures) if f.actor is not None or n not in forces]
    if any(f.actor is None for f in figures):
        # "Tyrant ships 12,000 troops to fight Putin's war" over "Kim Jong Un is shipping a staggering 12,000 troops":
        # a count the article gives again with its owner is that owner's.
        owned = {f.value: f.actor for f in figures if f.actor is not None and f.value is not None}
        figures = [replace(f, actor=owned[f.value]) if f.actor is None and f.value in owned else f for f in figures]
    if any(f.actor is None for f in figures):
        # "about 280 soldiers were flown to the National Assembly" in a story about Seoul: whose troops no sentence
        # says, the country the article is about.
        country = _article_country(sentences, lexicon, home)
        # (Not the country of the count's source: "The NIS said roughly 3,000 additional soldiers had been sent"
        # reports another country's troops.)
        figures = [replace(f, actor=country) if f.actor is None and not _source_of(f.attribution, country, lexicon)
                   else f for f in figures]
    if any(f.actor is None for f in figures):
        # "How many North Koreans are we talking about? | The first contingent last autumn was about 11,000": the
        # people a sentence just before named, else the troops counted nearest before.
        where = {s: i for i, s in reversed(list(enumerate(sentences)))}
        figures = [replace(f, actor=_people_before(sentences, where[f.sentence], lexicon)
                           or next((g.actor for g in reversed(figures[:n]) if g.actor), None))
                   if f.actor is None else f for n, f in enumerate(figures)]
    # "accept the two soldiers", "the three soldiers captured": people, not a force (losses of any size count).
    # "Imagine that 50,000 soldiers were fighting", "if Kim were to commit a further 20,000": no count of
    # anything; "a brigade can number 3,000 to 5,000 soldiers": a size in general.
    figures = [f for f in figures if (f.value is None or f.value >= _MIN_FORCE) and not _supposed(f)]
    casualties = [c for c in casualties if not _supposed(c)]
    told = {*(f.sentence for f in figures), *(c.sentence for c in casualties)}
    # "Did South Korea Send 5,000 Troops to Ukraine?": a question asks, it reports no count.
    figures = [f for f in figures if not (f.sentence.endswith("?") and _ASKS.match(f.sentence))]
    if any(is_claim(s) or " claim" in s or " alleg" in s or "caption" in s for s in told):
        # "Claim: ... the European Union will send "20,000 soldiers"", "Posts shared on X claim that North Korea
        # has shipped "100,000 soldiers"": what a fact-check tests is no count it gives.
        figures = [f for f in figures if not _claimed(f)]
        casualties = [c for c in casualties if not _claimed(c)]
    if (any(not f.historical for f in figures) or any(not c.historical for c in casualties)) \
            and may_date_by_context("\n".join(sentences), published):
        # "Prosecutors say about 1,500 soldiers were mobilised that night", "The invasion, launched with about
        # 135,000 soldiers, ..." after a sentence dated in 1950: dated by the sentences before.
        where = {s: i for i, s in reversed(list(enumerate(sentences)))}
        figures = [replace(f, historical=True) if not f.historical
                   and dated_by_context(sentences, where[f.sentence], published) else f for f in figures]
        casualties = [replace(c, historical=True) if not c.historical
                      and dated_by_context(sentences, where[c.sentence], published) else c for c in casualties]
    sources = [f.attribution for f in figures] + [c.attribution for c in casualties]
    if any(a and a.lower() in _SAME_SOURCE for a in sources):
        figures, casualties = _sources_named_before(sentences, figures, casualties)
    if headline and len(figures) > 2:
        figures = _without_headline_sums(figures, set(sentences[:headline]))
    if any(f.actor in _STANDING_ABROAD and not f.historical and f.value is not None for f in figures):
        # "the 28,500 US troops stationed in Korea": a standing garrison's size, no news of its own.
        figures = [replace(f, historical=True) if f.actor in _STANDING_ABROAD and not f.historical
                   and f.location in (None, *_STANDING_ABROAD[f.actor]) and _stationed(f) else f for f in figures]
    if any(" now " in f.sentence for f in figures):
        # "The NIS, which in late October put the number dispatched at around 3,000, now says more than 10,000": the
        # estimate replaced, background.
        figures = [replace(f, historical=True) if not f.historical and _replaced(f) else f for f in figures]
    # "In 1945 the Red Army sent some 115,000 Russian troops": Moscow's troops of the Soviet era are the Soviet Union's.
    figures = [replace(f, actor="Soviet Union") if f.actor == "Russia" and f.historical
               and soviet_era(f.sentence, published) else f for f in figures]
    return figures, casualties


def _without_headline_sums(figures: list[TroopFigure], headline: set[str]) -> list[TroopFigure]:
    """Without a headline's figure that adds up the parts one sentence of the body counts ("North Korea to send
    6,000 military builders and deminers" over "will send 1,000 sappers ... and 5,000 military construction
    workers"): the body's figures are the facts, the sum is not one more."""
    by_sentence: dict[str, list[TroopFigure]] = {}
    for f in figures:
        if f.sentence not in headline and f.value is not None:
            by_sentence.setdefault(f.sentence, []).append(f)

    def summed(f: TroopFigure) -> bool:
        for parts in by_sentence.values():
            values = [p.value for p in parts if p.actor in (f.actor, None) and p.value is not None]
            if len(values) >= 2 and f.value not in values and sum(values) == f.value:
                return True
        return False

    return [f for f in figures if f.sentence not in headline or not summed(f)]


# A source named by its kind only, after the article named it in full: "The agency also said ...".
_SAME_SOURCE = frozenset({"agency", "spy agency", "intelligence agency", "ministry", "military", "service",
                          "office", "report", "agency also", "ministry also", "military also"})


# A whole national force named without its country: "the armed forces", "the military", "service members".
_NATIONAL_FORCE = re.compile(r"\b(?:armed\s+forces|the\s+military|(?:standing|active-duty)\s+(?:force|army)"
                             r"|service\s+members|military\s+manpower|troop\s+levels?)\b", re.IGNORECASE)


def _source_of(attribution: str | None, country: str | None, lexicon: EntityLexicon) -> bool:
    """Whether a count's source (as its attribution names it) speaks for ``country``."""
    return attribution is not None and country is not None \
        and any(m.entity == country for m in lexicon.find(attribution))


def _article_country(sentences: Sequence[str], lexicon: EntityLexicon, home: str | None = None) -> str | None:
    """The country an article is about: the one it names most (at least twice, and more than any other); else, of
    those named most, the outlet's own."""
    counts = Counter(m.entity for s in sentences for m in lexicon.find(s) if m.entity in lexicon.nations)
    top = counts.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] == top[0][1]):
        most = max(counts.values(), default=0)
        return home if home is not None and (counts.get(home, 0) == most or not counts) else None
    return top[0][0]


def _sources_named_before(sentences: Sequence[str], figures: list[TroopFigure], casualties: list[Casualties]
                          ) -> tuple[list[TroopFigure], list[Casualties]]:
    """Counts whose source is "the agency" take the source the article named in full before them."""
    order = {s: i for i, s in reversed(list(enumerate(sentences)))}
    items: list[tuple[int, int, int]] = sorted(
        [(order.get(f.sentence, 0), 0, i) for i, f in enumerate(figures)]
        + [(order.get(c.sentence, 0), 1, i) for i, c in enumerate(casualties)])
    named: str | None = None
    figs, cas = list(figures), list(casualties)
    for _, kind, i in items:
        item: TroopFigure | Casualties = figs[i] if kind == 0 else cas[i]
        source = item.attribution
        if source and source.lower() in _SAME_SOURCE:
            if named is not None:
                if kind == 0:
                    figs[i] = replace(figs[i], attribution=named)
                else:
                    cas[i] = replace(cas[i], attribution=named)
        elif source:
            named = source
    return figs, cas


# A clause of its own between a noun and "numbers": the count is not that noun's.
_OTHER_CLAUSE = re.compile(r",\s+(?:while|whereas|but|and|although|though)\b|\b(?:army|armed\s+forces|military)\s+$",
                           re.IGNORECASE)


def _force_owner(sentence: str, mentions: Sequence[Mention], at: int, attribution: str | None) -> str | None:
    """Whose national force a count sizes: the actor its clause names last before it ("South Korea fields about
    450,000", "Japan's Self-Defense Forces have about 230,000"), not a place, a source or another clause's."""
    if sentence.startswith(("With ", "Having ")) and "," not in sentence[:at]:
        # "With a 450,000-strong military and fast-growing arms exports, Seoul is seen as a partner": the subject the
        # opening phrase leads to.
        comma = sentence.find(", ", at, at + 90)
        subject = next((m for m in mentions if comma >= 0 and comma + 2 <= m.start <= comma + 6
                        and m.role in ("demonym", "name", "capital", "person")), None)
        if subject is not None:
            return subject.entity
    start = max(sentence.rfind(";", 0, at), sentence.rfind(", while ", 0, at), sentence.rfind(", but ", 0, at)) + 1
    near = [m for m in mentions if start <= m.start and m.end <= at and at - m.end <= 90
            and m.role in ("demonym", "name", "capital", "person", "institution")
            and not (attribution and (m.entity == attribution or m.text in attribution))
            and not _PLACE_BEFORE.search(sentence, max(0, m.start - 12), m.start)
            and not _ACCORDING_BEFORE.search(sentence, max(0, m.start - 20), m.start)]
    return near[-1].entity if near else None


_POLICE = re.compile(r"\bpolice\b", re.IGNORECASE)
# A force's size told with no noun after the count: "Russia's active strength is assessed at approximately
# 1,320,000", "the army numbers about 1.2 million", "the group of forces ... is estimated at about 700,000" (not "the
# total could fall to about 350,000": a sentence with no troop word is not read for counts at all).
_STRENGTH_BEFORE = re.compile(
    r"\b(?P<noun>(?:(?:own\s+)?(?:active-duty|active|total|current|overall|authori[sz]ed|combined|peacetime|wartime)\s+)?"
    r"strength"
    r"|armed\s+forces|army|group\s+of\s+forces|grouping|force)\b"
    r"(?P<gap>[^.;:0-9\"]{0,70}?)\b(?:(?:is|are|was|were|has\s+been|had\s+been)\s+(?:now\s+)?(?:estimated|assessed"
    r"|put|thought|believed|reckoned|calculated|projected)\s+(?:at|to\s+(?:number|total|be|reach|fall\s+to))"
    r"|numbered|numbers|totall?ed|stands\s+at|stood\s+at"
    r"|(?:could|would|will|may|might|is\s+(?:expected|projected|set)\s+to)\s+(?:fall|shrink|drop|decline|rise|grow"
    r"|increase)\s+to"
    r"|(?:has\s+|had\s+)?(?:fell|fallen|shrank|shrunk|dropped|declined|rose|risen|grew|grown|increased)\s+to)\s+"
    rf"{_QUAL}$", re.IGNORECASE)
# Who holds the force named next: "Kim Jong Un commands a bloated army of", "China has an army of".
_HOLDS_BEFORE = re.compile(r"\s+(?:has|have|had|commands|commanded|maintains|maintained|fields|fielded|keeps|kept"
                           r"|boasts|boasted)\s+(?:(?:a|an|the|its)\s+)?(?:[\w-]+\s+){0,2}")


def _force_holder(sentence: str, mentions: Sequence[Mention], noun: int) -> str | None:
    """Whom the sentence says holds the force whose noun starts at ``noun``, named right before its verb."""
    holder = next((m for m in reversed(mentions) if m.end <= noun), None)
    if holder is None or holder.role not in ("name", "demonym", "capital", "person"):
        return None
    return holder.entity if _HOLDS_BEFORE.fullmatch(sentence, holder.end, noun) else None


# "Kim Jong Un commands a bloated army of some 1.28 million": a force sized by "of", no noun after the count (read as
# _STRENGTH_BEFORE is, with nothing between its noun and the count: an empty "gap").
_FORCE_OF_BEFORE = re.compile(
    rf"\b(?P<noun>army|armed\s+forces|military|force|contingent|grouping)(?P<gap>)\s+of\s+{_QUAL}$", re.IGNORECASE)
_NATIONAL_STRENGTH = re.compile(r"(?:[\w-]+\s+){0,2}strength|armed\s+forces|army", re.IGNORECASE)
_LAUNCHED_WITH = re.compile(r"\b(?:launched|began|started|mounted|staged|invaded|attacked|crossed)\b[^,;.]{0,60}?"
                            r"\bwith\s+(?:(?:an\s+estimated|about|around|some|roughly|nearly|up\s+to|over|more\s+than"
                            r"|at\s+least)\s+)?$")
_SINCE_THE_NOUN = re.compile(r"\b(?:casualt\w+|losses|dead|deaths|killed|wounded)\s+(?:since|during|in)\s+"
                             r"(?:the|its|their)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_NOT_A_FORCE_WORD = re.compile(r"\b(?:loss|losses|casualt|killed|dead|deaths|wounded|fatalit|budget|spending|cost)",
                            re.IGNORECASE)
# A whole national force, like "a 1.2 million-strong army": its size is background, not a deployment.
_STANDING = re.compile(r"\b(?:active-duty|active|standing)\b", re.IGNORECASE)
# A country's standing forces, or a branch of them, put at a size: "the North's special operations forces".
_STANDING_FORCES = re.compile(r"\b(?:active-duty|active|standing|armed|special\s+operations|ground|air|naval"
                              r"|reserve)\s+forces$", re.IGNORECASE)
_NATIONAL_NOUN = re.compile(r"\b(?:army|armed\s+forces|military)\b", re.IGNORECASE)
# A garrison kept abroad: "Washington, which keeps about 28,500 troops in South Korea" (its standing size, background).
_GARRISON_BEFORE = re.compile(r"\b(?:keeps|kept|maintains|maintained|stations|has\s+stationed|have\s+stationed"
                              r"|bases)\s+(?:(?:about|some|roughly|around|nearly|approximately|more\s+than|over)\s+)?$",
                              re.IGNORECASE)
_GARRISON_AFTER = re.compile(r"\s*(?:in|on)\s+(?:the\s+)?(?:[A-Z]|country\b|peninsula\b)")
_ARMY_SIZE_BEFORE = re.compile(
    # ("Ukraine's armed forces, which number around 880,000 personnel")
    # (Translated: "The Polish Army counts today over 200 thousand soldiers", "The Armed Forces of Ukraine count,
    # according to official data, about 880 thousand soldiers".)
    r"\b(?:army|armed\s+forces|military|Self-Defen[cs]e\s+Forces)(?:\s+of\s+[A-Z][\w-]*)?(?:,\s+(?:which|that))?\s+"
    r"(?:now\s+|currently\s+)?"
    r"(?:(?:counts|count|counted)(?:\s+(?:today|now|currently))?(?:,\s+[^,;]{1,40},)?|numbers|number|totals"
    r"|comprises|stands\s+at|has"
    # "North Korea, whose armed forces are estimated at about 1.28 million personnel".
    r"|(?:is|are)\s+(?:estimated|put|thought|believed|reckoned)\s+(?:at|to\s+(?:number|total|be))"
    r"|(?:is|are)\s+(?:estimated\s+)?(?:some|about|around|roughly))\s+"
    rf"{_QUAL}$"
    # A national force's planned size: "intends to expand its armed forces to around 300,000 personnel".
    # "Poland, which wants an army of 300,000 soldiers": a national army's size ("Lithuania, which has an active-duty
    # military of around 23,000 personnel").
    # ("North Korea's standing army of about 1.28 million soldiers")
    rf"|\b(?:an|its|their|the|[\w-]+'s)\s+(?:[\w-]+\s+)?(?:army|military|armed\s+forces)\s+of\s+{_QUAL}$"
    r"|\b(?:expand|grow|increase|enlarge|boost|raise)\w*\s+(?:its|their|the(?:\s+country's)?)\s+(?:\w+\s+)?"
    rf"(?:armed\s+forces|army|military)\s+to\s+{_QUAL}$"
    # "The IISS puts the country's active armed forces at about 1.28 million personnel".
    r"|\b(?:puts?|putting|estimates?|estimated|assess(?:es|ed)?)\s+(?:the\s+)?(?:country's|[\w-]+'s|its|their)\s+"
    rf"(?:(?:active|active-duty|standing|total|regular)\s+)?(?:armed\s+forces|army|military)(?:\s+strength)?\s+at\s+{_QUAL}$",
    re.IGNORECASE)
# (Or a dash opening the breakdown: "at about 14,000 - around 11,000 in the first wave and roughly 3,000 ...".)
_INCLUDING_BEFORE = re.compile(
    rf"(?:\b(?:including|among\s+them|of\s+which|of\s+whom)|\d\s+[-\u2013\u2014])\s+{_QUAL}$", re.IGNORECASE)
_SENT_WORD = re.compile(r"\b(?:sent|deployed|dispatched)\b", re.IGNORECASE)
_INCLUDING_LIST = re.compile(rf"\b(?:including|among\s+them)\s+[^;:()]{{1,70}}?(?:,|\band)\s+{_QUAL}$", re.IGNORECASE)
# An aside between a count and its verb, set off by commas.
_WAVE_AFTER = re.compile(
    r"\s+(?:more\s+)?(?:(?:\w+\s+)?reinforcements\b|in\s+the\s+(?:first|initial|second|third|latest|new|next)\s+"
    r"(?:wave|contingent|batch|rotation|deployment)\b|(?:who|that)\s+(?:arrived|were\s+sent|were\s+deployed)\b"
    r"|(?:(?:troops|soldiers|personnel|servicemen|forces|men)\s+)?(?:sent|deployed|dispatched)\s+(?:in|last|earlier|this"
    r"|since)\b|in\s+(?:the\s+)?(?:autumn|fall|spring|summer|winter|late|early"
    r"|january|february|march|april|may|june|july|august|september|october|november|december)\b)", re.IGNORECASE)
_ASIDE = re.compile(r"^\s*,[^,;]{1,60},")
# A participle phrase between a count and its verb: "1,100 soldiers deployed to Russia have been killed".
_PARTICIPLE_PHRASE = re.compile(
    r"^\s+(?:sent|deployed|dispatched|stationed|fighting|based|serving|posted)\b[^,;]{0,40}?"
    r"(?=\s+(?:have|had|were|was|are|has|is)\s)", re.IGNORECASE)
# "4,000 of the 11,000 troops ...": a part of a count named after it, and the whole named before.
_PART_BEFORE = re.compile(
    r"\d\s+of\s+(?:the|those|their)\s+(?:(?:estimated|some|roughly|about|around|nearly|over)\s+)?$", re.IGNORECASE)
# The whole a part is counted against: "out of roughly 15,000", "of the estimated 15,000".
_DENOMINATOR_BEFORE = re.compile(r"\b(?:out\s+of|of\s+(?:the|those|an))\s+(?:(?:estimated|some|roughly|about|around"
                                 r"|nearly|over|approximately|more\s+than|almost)\s+)?$", re.IGNORECASE)
_SENT_PARTICIPLE = re.compile(r"\s+(?:(?:who\s+were|that\s+were)\s+)?(?:sent|deployed|dispatched)"
                              r"\s+(?:to|there|into|in)\b")
_OF_THE_COUNT = re.compile(
    r"^\s+of\s+(?:the|those|their)\s+(?:(?:estimated|some|roughly|about|around|nearly|over)\s+)?\d[\d,.]*"
    r"(?:\s+(?:million|thousand))?", re.IGNORECASE)


def _casualty_after_aside(tail: str, aside: re.Match[str] | None, vocab: _Vocab) -> str | None:
    """The loss a count's verb names past an aside ("2,000 troops, a fifth of those deployed, have been
    killed") or a participle phrase ("1,100 soldiers deployed to Russia have been killed")."""
    if aside is not None:
        return _casualty_kind("", tail[aside.end():], vocab)
    phrase = _PARTICIPLE_PHRASE.match(tail)
    return _casualty_kind("", tail[phrase.end():], vocab) if phrase else None
# A loss right after a count with no noun: "with roughly 300 killed and 2,700 wounded".
_BARE_LOSS = re.compile(r"^\s+(?:killed|dead|wounded|injured|captured|missing|slain)\b", re.IGNORECASE)
# "300 soldiers were killed and 2,700 others wounded": a word standing for the noun left out.
_OTHERS = re.compile(r"^\s+(?:others|more)\b")
_OF_THOSE = re.compile(r"\s+of\s+(?:those|these|the|their)\s+(?!\d)", re.IGNORECASE)
_OF_THEM_HINT = re.compile(r"\bof\s+(?:them|those|these|whom)\b", re.IGNORECASE)
_OF_THEM = re.compile(r"^\s+of\s+(?:them|those|these|whom)\b", re.IGNORECASE)
# A count that opens its sentence, perhaps after a qualifier: "Around 8,000 of them".
_OPENING_COUNT = re.compile(r"(?:(?:And|But|Now|So)\s+)?(?:[A-Za-z]+\s+){0,3}")


# After a force's size with no noun: the clause goes on, it does not count something else ("3 km").
_SIZE_AFTER = re.compile(
    r"^(?:\s+(?:strong|more|men))?(?:\s*(?:[,.;:)]|$)|\s+(?:in|into|to|by|at|from|on|during|across|near|along|last|this"
    r"|earlier|so\s+far|after|as|since|following|according|amid|due|because|owing|thanks|while|whereas"
    # "expects the total to climb to around 12,000 before the year is out"
    r"|before|within|until|over\s+the|next|later|soon"
    # "with a total of around 12,000 expected"
    r"|expected|planned|anticipated)\b)", re.IGNORECASE)
# A count whose noun is left out: after a verb that moves troops, or before one saying they arrived.
_ELIDED_BEFORE = re.compile(
    r"\b(?:send|sends|sent|sending|deploy|deploys|deployed|deploying|dispatch|dispatches|dispatched|dispatching"
    r"|transferred|moved|stationed|mobili[sz]ed|added|rotated|reinforced\s+(?:(?:them|it|the\s+\w+)\s+)?with"
    # "about 11,000 soldiers in Russia, including a second wave of about 3,000 sent in January"
    r"|including(?=\s+(?:an?|another|the)\s+(?:(?:new|fresh|second|third|fourth|further|next|larger|smaller)\s+)?"
    r"(?:batch|wave|contingent|rotation)\s+of\s))\s+"
    # "sending a fresh batch of about 5,000"
    r"(?:(?:an?|another|the)\s+(?:(?:new|fresh|second|third|fourth|further|next|larger|smaller)\s+)?"
    r"(?:batch|wave|contingent|group|rotation|unit)\s+of\s+)?"
    r"(?:(?:an?|another|further|additional|extra|about|around|some|roughly|approximately|nearly|up\s+to|over"
    r"|more\s+than|at\s+least|an\s+estimated|as\s+many\s+as)\s+){0,3}$", re.IGNORECASE)
# "..., with about 3,000 already near the front line": where some of the troops just counted are.
_WITH_BEFORE = re.compile(r",\s+with\s+(?:(?:about|around|some|roughly|nearly|almost|over|more\s+than|at\s+least"
                          r"|an\s+estimated|approximately)\s+)?$", re.IGNORECASE)
_POSTED_AFTER = re.compile(r"\s+(?:(?:already|now|still|reportedly)\s+)?(?:near|at|on|in|deployed|stationed|fighting"
                           r"|positioned)\s", re.IGNORECASE)
# "15,000 troops it had deployed": a pronoun sends them.
_PRONOUN_SENDER = re.compile(r"\s+(?:that\s+|which\s+)?(?:it|they)\s+(?:(?:has|have|had)\s+)?"
                             r"(?:(?:already|since|so\s+far)\s+)?(?:sent|deployed|dispatched)\b", re.IGNORECASE)
# "320,000 of its troops": a pronoun owns them.
# ("roughly 8,000 of the country's soldiers": the country named last.)
_OF_ITS_BEFORE = re.compile(r"\s+of\s+(?:its|their|the\s+(?:country|nation)'s)\s+(?:[\w-]+\s+)?(?:troops|soldiers"
                            r"|forces|personnel|servicemen)\b", re.IGNORECASE)
# A count revised: "revised its estimate from 3,000", "raised its estimate of North Korean troops in Russia from about".
_REVISED_FROM = re.compile(
    r"\b(?:raised|lowered|revised|updated|increased|upped|cut|reduced)\s+(?:its|their|the|his|her)\s+(?:[\w-]+\s+){0,2}"
    rf"(?:estimate|assessment|figure|count|number|tally)(?:\s+(?:of|for)\s+[^,;.]{{1,60}}?)?\s+from\s+{_QUAL}$",
    re.IGNORECASE)
_TO_AFTER_FROM = re.compile(rf"\s+to\s+{_QUAL}", re.IGNORECASE)
_TOTAL_OF_BEFORE = re.compile(rf"\b(?:brought|bringing|brings|sent|rotated|rotating|deployed|dispatched)\s+(?:a|the)\s+"
                              rf"(?:combined\s+|cumulative\s+)?total\s+of\s+{_QUAL}$", re.IGNORECASE)
# An estimate of a force's size: "put the total North Korean deployment to Russia at around".
_PUT_AT_BEFORE = re.compile(r"\b(?:put|puts|putting|estimated?|estimates|estimating|places?|placed|placing)\s+"
                            r"(?P<what>(?:the\s+|(?-i:[A-Z]))[^,;]{0,80}?)\s+at\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# "10,000: North Korean troops ...": a count given as a label, its noun phrase after the colon.
_LABEL_NOUN = re.compile(r":\s+(?:[A-Z][\w'-]*\s+){1,3}(?:troops|soldiers|servicemen|personnel)\b")
_ELIDED_AFTER = re.compile(
    r"^(?:-odd)?(?:\s+more)?(?:\s+or\s+so)?(?:\s+(?:sent|deployed|dispatched|followed|arrived))?(?:\s*(?:[,.;:)]|$)|\s+(?:in|into|to|by|at|from|on|during|across|near|along|last|this|earlier|early|between"
    r"|late|next|later|soon|within|before|so\s+far)\b)"
    r"", re.IGNORECASE)
# "the approximately 15,000 Pyongyang has sent", "the roughly 15,000 men Pyongyang sent": who sent them.
_SENDER_AFTER = re.compile(r"^(?:\s+men)?\s+(?P<who>[A-Z])[\w'-]*(?:\s[A-Z][\w'-]*){0,3}\s+(?:(?:has|have|had)\s+)?"
                           r"(?:(?:so\s+far|already|reportedly|now)\s+)?(?:sent|deployed|dispatched)\b")
# "bringing the total it has deployed to roughly 12,000", "raising its contingent in Russia to about 14,000".
_TOTAL_BEFORE = re.compile(
    r"\b(?:bring|brings|bringing|brought|rais(?:e|es|ed|ing)|tak(?:e|es|ing)|took|push(?:es|ed|ing)?|lift(?:s|ed|ing)?)"
    # ("bring the North Korean presence currently in Russia to": whose, named before the noun.)
    r"\s+(?:the|its|their|his|her)\s+(?:(?:overall|total|estimated|combined|(?-i:[A-Z])[\w'-]*)\s+){0,3}"
    rf"(?:total|number|tally|count|contingent|deployment|presence|force)\b(?P<gap>[^.;:0-9]{{0,60}}?)\s+to\s+{_QUAL}$",
    re.IGNORECASE)
# (Anywhere: "expected a second echelon to bring the total to 15,000 by the end of the year".)
_TOTAL_BEFORE_ANY = re.compile(r"\b(?:bring|brings|bringing|brought)\s+(?:the|its|their)\s+total\s+to\s+\S*\d")
_AND_ANOTHER = re.compile(r"\b(?:and|then|plus|followed\s+by)\s+(?:another|a\s+further|an?\s+additional)\s+$",
                          re.IGNORECASE)
# "sent 11,000 soldiers last year and around 3,000 more this year": "more" after the count says the same.
# (Also past an aside: "and, according to the NIS, roughly 3,000 more in January".)
_AND_MORE = re.compile(rf"\b(?:and|then|plus|followed\s+by)(?:\s*,[^,;]{{1,50}},)?\s+{_QUAL}$", re.IGNORECASE)
_REMAIN_AFTER = re.compile(r"\s+(?:still\s+)?(?:remain|stay)\b", re.IGNORECASE)
# "on top of the roughly 11,000 sent last year": a count the participle after it says were sent.
_SENT_AFTER = re.compile(r"^\s+(?:sent|deployed|dispatched)\s+(?:in|to|last|since|earlier|so\s+far|by|from|into"
                         r"|during|before|after|this)\b", re.IGNORECASE)
_ARRIVED_AFTER = re.compile(
    # "including some 3,000 who arrived as reinforcements early this year"
    # ("the roughly 11,000 who first deployed last autumn")
    r"^\s+(?:who|that)\s+(?:(?:had|have|has)\s+)?(?:(?:first|initially|originally)\s+)?"
    r"(?:arrived|deployed|were\s+sent|were\s+deployed|had\s+been\s+sent)\b|"
    # "part of the more than 10,000 it believes were sent to eastern Russia"
    r"^\s+(?:it|they|Seoul|Washington|Kyiv)\s+(?:believes?|says?|estimates?|thinks?)\s+(?:were|had\s+been|have\s+been)\s+"
    r"(?:sent|deployed|dispatched)\b|"
    # "since the first contingent of roughly 11,000 arrived in late 2024"
    r"^\s+arrived\s+(?:in|at|on|during|last|early|late)\b|"
    # "the NIS believes around 11,000 remain there"
    r"^\s+(?:still\s+)?(?:remain|remained|stay|stayed)\b|"
    # "11,000 North Koreans are already in Kursk"
    r"^\s+(?:are|were|is|was)\s+(?:already\s+|now\s+|still\s+)?(?:in|inside)\s+(?=[A-Z])|"
    r"^(?:\s+more)?(?:\s+in\s+total)?\s+(?:(?:had|have|has|were|are|was|is|been|already|reportedly|now|also|since|still"
    r"|initially|originally|first"
    r"|would|will|could|may|might|to"
    r"|expected|soon|later)\s+){1,3}"
    r"(?:arrived|deployed|sent|dispatched|stationed|based|located|positioned|moved|transferred|crossed|joined|been\s+sent"
    r"|been\s+deployed|follow|arrive|be\s+sent|be\s+deployed|involved|be\s+involved|taking\s+part|take\s+part"
    # "up to 15,000 North Koreans in total have served in Russia"
    r"|served|fought|(?:been\s+)?rotated(?!\s+(?:home|out|back|away))"
    r"|fighting|be\s+fighting)\b", re.IGNORECASE)


# "roughly 3,000 more have been dispatched since January": more of the troops the article counted.
# (Or "about 15,000 were sent in total, including ...": how many of them.)
_MORE_SENT_AFTER = re.compile(r"^(?:\s+more)?(?:\s+in\s+total)?\s+(?:(?:have|had|has|were|was)\s+)?"
                              r"(?:(?:since|also|now|reportedly|already)\s+)?(?:been\s+)?(?:sent|dispatched|deployed)\b"
                              r"(?!\s+(?:home|back)\b)", re.IGNORECASE)


def _elided_owner(sentence: str, mentions: Sequence[Mention], at: int, previous: TroopFigure | None,
                  vocab: _Vocab) -> str | None:
    """Whose troops a count with its noun left out counts: the subject right before its verb ("and Russia
    sent 200"), else the troops counted before it in the sentence, else the subject of the verb before
    the troops' noun ("Pyongyang deployed troops to Russia and sent 100 more")."""
    verbs = list(vocab.deploy_verb.finditer(sentence, 0, at))
    if verbs:
        near = [m for m in mentions if m.end <= verbs[-1].start() and verbs[-1].start() - m.end <= 3]
        if near:
            return near[-1].entity
    if previous is not None:
        return previous.actor
    noun = vocab.noun_anywhere.search(sentence, 0, at)
    if noun is None:
        return None
    # (Or whose the noun says: "A new group of North Korean troops joined the roughly 11,000 who first deployed".)
    return _subject_actor(sentence, mentions, noun.start(), vocab) \
        or _named_before(sentence, mentions, noun.start(), ("", "'s"), roles=("demonym", "name", "capital"))


# "sent 11,000 soldiers in October, and 3,000 followed in January", "; a further 3,000-odd followed".
_FOLLOWED_AFTER = re.compile(r"^(?:-odd)?(?:\s+or\s+so)?\s+(?:more\s+)?(?:followed|arrived|came)\b", re.IGNORECASE)
# (Or a wave of them: "and a second wave of roughly 3,000 followed in January".)
_AND_COUNT_BEFORE = re.compile(r"(?:\band|;|\bthen|\bplus)\s+(?:that\s+)?(?:(?:an?|another|the)\s+"
                               r"(?:(?:new|fresh|second|third|fourth|further|next)\s+)?"
                               r"(?:batch|wave|contingent|group|rotation)\s+of\s+)?"
                               r"(?:(?:a\s+further|another|an\s+additional|about|around|some|roughly|nearly)\s+)*$",
                               re.IGNORECASE)


def _elided_troops(sentence: str, num: NumberMention, *, after_figure: bool) -> bool:
    """Whether a number with no noun after it counts the troops the sentence named before it.

    ``after_figure``: the sentence counted troops before it ("sent 11,000 troops in October and
    another 2,000 in November").
    """
    vocab = vocabulary()
    after = sentence[num.end:]
    if after_figure and _WAVE_AFTER.match(after) and _INCLUDING_BEFORE.search(sentence, max(0, num.start - 40),
                                                                                 num.start):
        return True  # "15,000 in total, including roughly 11,000 in the autumn of 2024": a wave of them
    if after_figure and _SERVE_AFTER.match(after) and _OF_WHOM_BEFORE.search(sentence, max(0, num.start - 40),
                                                                                num.start):
        return True  # "about 450,000, of whom roughly 365,000 serve in the army": a part of the force just sized
    if after_figure and _FOLLOWED_AFTER.match(after) and _AND_COUNT_BEFORE.search(sentence, 0, num.start):
        return True  # "The first contingent, of about 11,000, crossed ..., and a second wave of roughly 3,000 followed"
    if "of " in sentence[max(0, num.start - 40):num.start] and _MOVING_FORCE_OF.search(sentence, max(0, num.start - 40),
                                                                                      num.start) \
            and _FORCE_MOVED_AFTER.match(after):
        return True  # "A second contingent of about 3,000 reached Russia in January": the force its noun names
    if not vocab.noun_anywhere.search(sentence, 0, num.start):
        return False
    if after_figure and _WITH_BEFORE.search(sentence, max(0, num.start - 30), num.start) \
            and _POSTED_AFTER.match(after):
        return True  # "some 10,000 soldiers are in Russia, with about 3,000 already near the front line"
    if _ARRIVED_AFTER.match(after) or _SENT_AFTER.match(after):
        return True
    return bool(_ELIDED_AFTER.match(after) and (_ELIDED_BEFORE.search(sentence, 0, num.start) or (
        after_figure and (_AND_ANOTHER.search(sentence, 0, num.start) or (
            after.startswith(" more") and _AND_MORE.search(sentence, 0, num.start))))))


def _troops_owner(sentence: str, mentions: Sequence[Mention], vocab: _Vocab) -> str | None:
    """Whose troops a sentence names first: "North Korean soldiers have begun fighting", "North Korea has begun
    sending combat troops" -> North Korea."""
    noun = vocab.troops_anywhere.search(sentence)
    if noun is None:
        return None
    return _named_before(sentence, mentions, noun.start(), ("", "'s"), roles=("demonym", "name", "capital")) \
        or _subject_actor(sentence, mentions, noun.start(), vocab)


_DIGIT = re.compile(r"\d")
# A force named before its size, moving: "a second contingent of about 3,000 reached Russia", "a first group of about
# 1,500 left from Chongjin".
_MOVING_FORCE_OF = re.compile(r"\b(?:contingent|wave|batch|detachment|deployment|group|rotation|echelon)\s+of\s+"
                              r"(?:(?:about|around|some|roughly|nearly|approximately|an\s+estimated|up\s+to|more\s+than"
                              r"|over|at\s+least)\s+)?$", re.IGNORECASE)
_FORCE_MOVED_AFTER = re.compile(r"\s+(?:(?:had|has|have|was|were)\s+(?:been\s+)?)?(?:reached|arrived|left|followed"
                                r"|crossed|landed|sent|deployed|dispatched|moved|joined|came)\b")
# The size of the small groups a force moves or fights in, not a force's size.
_SMALL_GROUPS_BEFORE = re.compile(r"\b(?:groups|squads|teams|cells|pairs)\s+of\s+(?:up\s+to\s+|about\s+|around\s+)?$",
                                  re.IGNORECASE)
# A force named before its size: "contingent of around", "contingent, which Seoul puts at roughly".
_UNIT_OF_BEFORE = re.compile(
    r"\b(?P<noun>contingent|force|forces|deployment|detachment|unit|units|batch|wave|troops)(?:\s+of|,\s+which|\s+that)\b"
    r"[^.;:]{0,50}$", re.IGNORECASE)


def _named_before(sentence: str, mentions: Sequence[Mention], at: int, between: tuple[str, ...],
                  roles: tuple[str, ...] | None = None) -> str | None:
    """The actor named right before ``at``, with only ``between`` (spaces aside) in the way: the owner
    in "North Korea's 1,500 soldiers", "North Korean casualties"."""
    owners = [m for m in mentions if m.end <= at and sentence[m.end:at].strip() in between
              and (roles is None or m.role in roles)]
    return owners[-1].entity if owners else None


def _them(sentence: str, owner: str, published: datetime | None, lexicon: EntityLexicon, vocab: _Vocab,
          figures: list[TroopFigure], casualties: list[Casualties]) -> None:
    """ "North Korean soldiers have begun fighting. About 8,000 of them are in Kursk.": counts of the
    troops the sentence before named."""
    attribution: str | None = None
    for num in find_numbers(sentence):
        if num.vague or num.is_year:
            continue
        them = _OF_THEM.match(sentence[num.end:])
        if them is None:
            continue
        tail = sentence[num.end + them.end():]
        # "about 2,000 of those sent had been killed"
        kind = _casualty_kind(sentence[: num.start], tail, vocab) or _casualty_after_aside(tail, None, vocab)
        attribution = attribution or _attribution(sentence, lexicon)
        if kind is not None:
            casualties.append(_casualty(sentence, num, kind, owner, _location(tail, lexicon), attribution, published,
                                        vocab))
        else:
            figures.append(_figure(sentence, num, owner, _location(tail, lexicon), attribution, published, vocab))


# A bare count and its verb, in a sentence after one about troops: "some 12,000 were sent".
# "the total is projected to fall to": a total of nothing named, those the sentence before counted.
_TOTAL_VERB = re.compile(r"\b(?:the|their|its)\s+total\s+(?:is|was|are|were|will|would|could|may|might|has|had|stands"
                         r"|stood|reached|rose|fell|dropped|grew)\b", re.IGNORECASE)
_COUNT_THEN_VERB = re.compile(
    r"(?:\d|\bthousand|\bhundred)[\"\u201d]?(?:\s+[A-Z][\w-]*){0,2}(?:\s+more)?(?:\s+in\s+total)?\s+(?:had|have|has|were|are|was|is|been"
    r"|already|reportedly|now"
    r"|also|would|will|could"
    r"|may|might)\s|\b(?:put|puts|putting|places|placed|placing)\s+(?:the|its|their)\s+(?:[\w-]+\s+)?(?:number|figure"
    r"|total|count|estimate|deployment"
    r"|contingent|force|presence)\b"
    r"|\bthe\s+(?:total|number|figure|tally)\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:reach|rise\s+to|grow\s+to|climb\s+to"
    r"|increase\s+to|be\s+as\s+high\s+as|stands?\s+at|stood\s+at)\b"
    # A count told as it grew: "Then it was 1,500, then 3,000, then more than 10,000."
    r"|\b[Tt]hen\s+(?:it\s+was\s+)?(?:(?:about|around|some|roughly|nearly|more\s+than|over|up\s+to)\s+)?\d[\d,.]*"
    r"(?:\s+(?:thousand|million))?,\s+then\b"
    r"|\b(?:use[sd]?|using|cite[sd]?|citing|gave|gives|giving)\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+)?(?:figure|estimate"
    r"|number)\s+of\b"
    # "a second batch had followed, bringing the total in Russia to some 3,000"
    r"|\bbringing\s+the\s+total\b")
# "Ukraine's military intelligence has put the number higher, at up to 18,000": the troops of the sentence before.
_PUT_AT = re.compile(
    # (Or estimates it: "estimated the total North Korean engineering contingent in Kursk at roughly 6,000".)
    # (Or a country's forces: "put the North's special operations forces at about 200,000".)
    rf"\b(?:put|puts|putting|places|placed|placing|estimates|estimated|estimating|assessed|reckoned)\s+"
    rf"(?:the|its|their|(?-i:[A-Z])[\w.-]*(?:\s+(?-i:[A-Z])[\w-]*)?'s)\s+"
    rf"(?:[\w'-]+\s+){{0,4}}(?P<noun>number|figure|total|count"
    rf"|strength|size"
    rf"|estimate|deployment|contingent|forces|troops|soldiers"
    # ("places the number deployed in Kursk itself at about 11,000")
    rf"|force|presence)\b[^.;0-9]{{0,40}}?\bat\s+(?:between\s+)?"
    rf"{_QUAL}$",
    re.IGNORECASE)


# The count of a loss between "put the number" and "at": "puts the number of dead at around 300".
# ("puts the number of North Koreans killed or wounded at around 4,000": those lost named before the loss.)
_LOSS_OF = re.compile(r"\s+of\s+(?:[\w'-]+\s+){0,3}?((?:killed|dead)\s+(?:or|and)\s+(?:wounded|injured)"
                      r"|dead|killed|deaths|wounded|injured|casualties|captured|prisoners|missing)\b", re.IGNORECASE)
_LOSS_KINDS = {"dead": "killed", "killed": "killed", "deaths": "killed", "wounded": "wounded", "injured": "wounded",
               "casualties": "killed_or_wounded", "captured": "captured", "prisoners": "captured",
               "missing": "missing"}


def _loss_kind(loss: re.Match[str]) -> str:
    """The casualty kind a :data:`_LOSS_OF` match names ("killed or wounded" is both)."""
    return _LOSS_KINDS.get(loss.group(1).lower(), "killed_or_wounded")


# "America's Defence Department has used a figure of 12,000", "uses a lower figure of about 13,000".
_FIGURE_OF = re.compile(
    rf"\b(?:use[sd]?|using|cite[sd]?|citing|gave|gives|giving|offer(?:s|ed)?|offering)\s+(?:a|an|the|its|their)\s+"
    rf"(?:[\w-]+\s+)?(?P<noun>figure|estimate|number|total|count)\s+of\s+{_QUAL}$", re.IGNORECASE)
# "on top of the contingent of about 11,000 that arrived last autumn": a force's size, its noun before the count.
# (Also "The first contingent, of about 11,000 men, was sent".)
_FORCE_OF = re.compile(rf"\b(?:a|an|the|its|their)\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>contingent|deployment|force),?"
                       rf"\s+of\s+{_QUAL}$", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(r"\s+(?:that|who|which)\s")
# "expected the total to reach roughly 12,000": the troops of the sentence before, counted to come.
_OF_WHOM_BEFORE = re.compile(rf",\s+(?:of\s+whom|of\s+which|among\s+them)\s+{_QUAL}$", re.IGNORECASE)
_SERVE_AFTER = re.compile(r"\s+(?:are\s+|were\s+)?(?:serve|served|serving|in\s+the)\b", re.IGNORECASE)
_TOTAL_TO = re.compile(
    # (Also without "the": "expects total troop number to eventually reach 12,000".)
    r"\b(?:the\s+|its\s+|their\s+|(?=total\s))(?:total|number|figure|tally)\s+(?:[\w'-]+\s+){0,9}?(?:to\s+)?(?:reach|rise\s+to|grow\s+to|climb\s+to"
    # "the total could be as high as 15,000", "the total deployed since October 2024 is up to 15,000"
    rf"|increase\s+to|be\s+as\s+high\s+as|stands?\s+at|stood\s+at|is|was"
    # "the total sent to Russia later reached around 11,000"
    rf"|reached|rose\s+to|grew\s+to|climbed\s+to|increased\s+to)\s+{_QUAL}$", re.IGNORECASE)
# A total that shrinks, of nothing else named: "the total is projected to fall to just 350,000 by 2040".
_TOTAL_FALLS = re.compile(r"\b(?:the|its|their)\s+total\s+(?:(?:is|was|are|were|has|had|will|would|could)\s+)?"
                          r"(?:(?:projected|expected|set|likely|forecast|been)\s+)?(?:to\s+)?"
                          rf"(?:fall|drop|shrink|decline|fell|fallen|dropped|shrunk|shrank|declined)\s+to\s+{_QUAL}$",
                          re.IGNORECASE)


_FORCE_NOUNS = frozenset({"deployment", "contingent", "force", "presence", "strength", "size", "forces", "troops",
                          "soldiers"})
# A force named between a loss's noun and a count: the count is the force's size.
_FORCE_GAP = re.compile(r"\b(?:contingent|deployment|force|troops|soldiers|personnel|servicemen|strength)\b",
                        re.IGNORECASE)


# Forces a country keeps abroad in peacetime, by treaty, where they are stationed.
_STANDING_ABROAD = {"United States": ("South Korea", "Korea", "Japan", "Germany")}
_STATIONED_AFTER = re.compile(r"(?:\s+[\w.'-]+){0,4}?\s+(?:(?:that|who)\s+)?(?:(?:are|is|remain)\s+)?"
                              r"(?:permanently\s+)?(?:stationed|based|garrisoned)\s+(?:in|on)\b")


def _stationed(figure: TroopFigure) -> bool:
    """Whether a count is told as a force stationed somewhere ("28,500 American troops stationed in the country")."""
    return any(w in figure.sentence for w in ("stationed", "based", "garrisoned")) and any(
        n.value == figure.value and _STATIONED_AFTER.match(figure.sentence, n.end)
        for n in find_numbers(figure.sentence))


_ASKS = re.compile(r"(?:Did|Does|Do|Is|Are|Has|Have|Was|Were|Will|Can|Could|Would|Should)\s")
# What a claim under test says: "a claim spread on TikTok that South Korea had deployed 5,000 soldiers", "none of the
# sources supports the claim that 1.5 million", "repeat a Russian defence ministry claim that", "under the caption
# "South Korea sends 5,000 troops"".
_CLAIM_CONTENT = re.compile(
    r"\b(?:a|the|this|that)\s+(?:viral\s+|false\s+|widely\s+shared\s+|baseless\s+)?claim\s+(?:spread|circulat\w*"
    r"|went\s+viral|shared|posted|made|appeared)\b[^.;]{0,80}?\bthat\s"
    r"|\b(?:supports?|backs?\s+up|confirms?|substantiates?|corroborates?)\s+the\s+claim\s+that\s"
    r"|\brepeat(?:s|ed|ing)?\s+(?:a|the)\s+(?:[\w-]+\s+){0,4}?claim\s+that\s"
    r"|\b(?:under|with)\s+the\s+caption\s+[\"\u201c]")


def _claimed(count: TroopFigure | Casualties) -> bool:
    """Whether a count is what a fact-check's claim, or posts online, say."""
    if is_claim(count.sentence):
        return True
    told = POSTED_CLAIM.search(count.sentence) or _CLAIM_CONTENT.search(count.sentence)
    return told is not None and any(n.value == count.value and n.start >= told.end()
                                    for n in find_numbers(count.sentence))


def _country_before(sentences: Sequence[str], index: int, lexicon: EntityLexicon) -> str | None:
    """The country the sentence before ``index`` named last, whom "the country's" stands for."""
    if index == 0:
        return None
    named = [m.entity for m in lexicon.find(sentences[index - 1]) if m.entity in lexicon.nations]
    return named[-1] if named else None


_NOW_SAYS = re.compile(r"\bnow\s+(?:says|puts|estimates|believes|reckons|thinks|counts|assesses|reports)\b")


def _replaced(figure: TroopFigure) -> bool:
    """Whether a count is an estimate the sentence says its source has since replaced ("..., now says")."""
    now = _NOW_SAYS.search(figure.sentence)
    return now is not None and any(n.value == figure.value and n.end <= now.start()
                                   for n in find_numbers(figure.sentence[:now.start()])) \
        and any(not n.vague for n in find_numbers(figure.sentence[now.end():]))


def _people_before(sentences: Sequence[str], index: int, lexicon: EntityLexicon) -> str | None:
    """The people of a country the three sentences before ``index`` named last ("How many North Koreans ...")."""
    for sentence in reversed(sentences[max(0, index - 3):index]):
        people = [m for m in lexicon.find(sentence) if m.role == "demonym" and m.text.endswith("s")]
        if people:
            return people[-1].entity
    return None


def _last_owner(figures: Sequence[TroopFigure]) -> str | None:
    return next((f.actor for f in reversed(figures) if f.actor), None)


def _elided_after_troops(sentence: str, owner: str | None, published: datetime | None, lexicon: EntityLexicon,
                         vocab: _Vocab, figures: list[TroopFigure], casualties: list[Casualties]) -> None:
    """Counts with their noun left out in a sentence that goes on about the troops of the one before:
    "The Pentagon has said some 12,000 were sent", "Kyiv says 300 were killed"."""
    attribution: str | None = None
    for num in find_numbers(sentence):
        if num.vague or num.is_year:
            continue
        after = sentence[num.end:]
        if after[:1] in ('"', "\u201d"):
            after = after[1:]  # 'told lawmakers that "more than 10,000" had arrived in Russia'
        if after[:2].strip()[:1].isupper():
            # "Roughly 3,000 North Koreans are believed to have been wounded": the people of a country.
            people = next((m for m in lexicon.find(sentence) if m.start == num.end + 1 and m.role == "demonym"
                           and m.text.endswith("s")), None)
            if people is None:
                continue
            owner, after = people.entity, sentence[people.end:]
        arrived = _ARRIVED_AFTER.match(after) or _PUT_AT.search(sentence, max(0, num.start - 100), num.start) \
            or _FIGURE_OF.search(sentence, max(0, num.start - 70), num.start) \
            or _bare_total(sentence, num, vocab) \
            or _TOTAL_TO.search(sentence, max(0, num.start - 70), num.start) \
            or _TOTAL_FALLS.search(sentence, max(0, num.start - 70), num.start) \
            or (_THEN_COUNT.search(sentence, max(0, num.start - 40), num.start) if _LIST_END.match(after) else None)
        kind = None if arrived else _casualty_kind("", after, vocab)
        if arrived is not None and arrived.re is _PUT_AT and (loss := _LOSS_OF.match(
                sentence, arrived.end("noun"), num.start)) is not None:
            # "Ukrainian officials put the number of North Koreans killed or wounded at around 4,000": a loss.
            arrived, kind = None, _loss_kind(loss)
        if arrived is None and kind is None:
            continue
        attribution = attribution or _attribution(sentence, lexicon)
        if kind is not None:
            casualties.append(_casualty(sentence, num, kind, owner, None, attribution, published, vocab))
        else:
            fig = _figure(sentence, num, owner, _location(after, lexicon), attribution, published, vocab)
            # (A count told as it grew, "then 1,500, then 3,000", is the history of the estimate.)
            figures.append(replace(fig, historical=True) if arrived is not None and arrived.re is _THEN_COUNT else fig)


# Each count of "Then it was 1,500, then 3,000, then more than 10,000.", ending an item of the list.
_THEN_COUNT = re.compile(r"\b[Tt]hen\s+(?:it\s+was\s+)?(?:(?:about|around|some|roughly|nearly|more\s+than|over|up\s+to)"
                         r"\s+)?$")
_LIST_END = re.compile(r"(?:\s+(?:thousand|million))?\s*(?:[,.;]|$)")


def _bare_total(sentence: str, num: NumberMention, vocab: _Vocab) -> re.Match[str] | None:
    """ "bringing the total in Russia to some 3,000": a total of nothing else named (not "bringing the total of
    blacklisted tankers to 79", nor "adds 52 vessels ..., bringing the total to 79"), in a sentence that goes on
    about troops."""
    total = _TOTAL_BEFORE.search(sentence, max(0, num.start - 120), num.start)
    if total is None or not _PLACE_GAP.fullmatch(total.group("gap")):
        return None
    for other in find_numbers(sentence[:total.start()]):
        between = sentence[other.end:total.start()]
        if not other.vague and not other.is_year and vocab.noun_after.match(between) is None \
                and _LOWER_WORD.match(between):
            return None  # the total of what the sentence counted before it
    return total


_IN_PLACE_WORD = re.compile(r"\s(?:in|to)\s+(?:the\s+)?[A-Z]")
_LOWER_WORD = re.compile(r"\s+[a-z]")
_PLACE_GAP = re.compile(r"(?:\s+(?:in|inside)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*(?:\s+region)?)?")


def _casualty(sentence: str, num: NumberMention, kind: str, actor: str | None, location: str | None,
              attribution: str | None, published: datetime | None, vocab: _Vocab) -> Casualties:
    return Casualties(
        kind=kind, value=num.value, low=num.low, high=num.high,
        qualifier=_qualifier(sentence, num, vocab, allow_context=False), sentence=sentence, actor=actor,
        location=location, attribution=attribution, historical=is_historical_count(sentence, published, at=num.start),
    )


def _paraded(fig: TroopFigure, sentence: str, numbers: Sequence[NumberMention], mentions: Sequence[Mention]
             ) -> TroopFigure:
    """A parade's troops, no owner named with them, are the host's: "about 10,000 troops marched past" on the
    Tiananmen rostrum are China's, not the guests' named before."""
    num = next((n for n in numbers if n.value == fig.value and not n.vague), None)
    march = _MARCHED_AFTER.match(sentence, num.end) if num is not None else None
    if num is None or march is None or any(num.end <= m.start < march.end() for m in mentions):
        return fig  # ("about 300 North Korean soldiers marched across Red Square": their own country's)
    # The square marched through, else the rostrum or city named before the count.
    after = [m for m in mentions if m.role == "capital" and march.end() <= m.start <= march.end() + 30]
    before = [m for m in mentions if m.role == "capital" and num.start - 90 <= m.start < num.start]
    place = after[0] if after else before[-1] if before else None
    return fig if place is None else replace(fig, actor=place.entity)


# A count's troops on parade: "10,000 troops marched through Tiananmen Square".
_MARCHED_AFTER = re.compile(r"[^,.;]{0,50}?\b(?:marched|paraded|marching|parading|march)\b", re.IGNORECASE)


def _figure(sentence: str, num: NumberMention, actor: str | None, location: str | None, attribution: str | None,
            published: datetime | None, vocab: _Vocab, *, follow_up: bool = False) -> TroopFigure:
    qualifier = _qualifier(sentence, num, vocab, allow_context=True, follow_up=follow_up)
    # "notes estimates that the North is expected to raise its presence to 20,000 by the summer": a projection from
    # now is not background, whatever dates the rest of the sentence.
    projected = qualifier in ("planned", "expected") \
        and _PROJECTION_BEFORE.search(sentence, max(0, num.start - 80), num.start) is not None
    return TroopFigure(
        value=num.value,
        low=num.low,
        high=num.high,
        qualifier=qualifier,
        sentence=sentence,
        actor=actor,
        location=location,
        attribution=attribution,
        # "up from an estimate of 3,000 last week": the count compared with is background.
        historical=not projected and (
            bool(_COMPARED_BEFORE.search(sentence, max(0, num.start - 60), num.start))
            or _FIRST_WAVE_AFTER.match(sentence, num.end) is not None
            or is_historical_count(sentence[:cut.start()] if (cut := _PARTS_AFTER.search(sentence, num.end))
                                   else sentence, published, at=num.start)),
    )


_PROJECTION_BEFORE = re.compile(r"\b(?:(?:is|are)\s+(?:now\s+)?(?:expected|set|likely|projected|poised|planning)\s+to"
                                r"|will|could|may|might|plans\s+to|intends\s+to)\s+(?:[\w-]+\s+){0,6}?$",
                                re.IGNORECASE)


# "including roughly 11,000 in the initial contingent": the first of the waves counted, sent before the others.
_FIRST_WAVE_AFTER = re.compile(r"\s+(?:\w+\s+)?in\s+the\s+(?:first|initial)\s+(?:wave|contingent|batch|deployment)\b",
                               re.IGNORECASE)
# "has sent around 15,000 soldiers in total, including roughly 11,000 in the autumn of 2024": what dates the parts
# does not date the whole; nor does what dates a place ("are now in the Kursk region, where Ukraine has held a pocket
# of territory since its incursion in August").
# (Or a colon opening the parts: "about 15,000 have been sent in all: the 11,000 who arrived last autumn, ...".)
_PARTS_AFTER = re.compile(r",\s+(?:including|among\s+them|where)\s|\s[-\u2013\u2014]\s|:\s")


_COMPARED_BEFORE = re.compile(
    r"\b(?:(?:up|down|rising|falling|increasing|decreasing|an\s+increase|a\s+rise|a\s+drop|a\s+decrease)\s+from"
    r"|compared\s+(?:with|to))\s+(?:(?:an?|the|their|its)\s+)?(?:(?:earlier|previous|initial|prior|first)\s+)?"
    rf"(?:(?:estimate|figure|count|total|tally|peak|high|maximum|level)s?\s+of\s+)?{_QUAL}$", re.IGNORECASE)


# "handed over two soldiers", "concerns over 10,000 troops": "over" as a verb's particle or a
# preposition, not "more than".
_OVER_NOT_MORE = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turns|turned|turning|take|takes|took|taken|taking|pass|passes|passed"
    r"|passing|give|gives|gave|given|giving|swap|swaps|swapped|concerns?|worry|worries|worried|fears?|anger"
    r"|outrage|alarm|rows?|disputes?|clash|clashes|clashed|tensions?)\s+over\s*$", re.IGNORECASE)


_CLAUSE_END = re.compile(r",|;|\band\s|\bbut\s|\d")


def _qualifier(sentence: str, num: NumberMention, vocab: _Vocab, *, allow_context: bool,
               follow_up: bool = False) -> str:
    before = sentence[max(0, num.start - 40): num.start]
    if sentence.startswith(("-plus", "plus", "+"), num.end):
        return "more than"
    if sentence.startswith(("-odd", " odd ", " or so "), num.end):
        return "about"  # "10,000-odd troops", "10,000 or so troops"
    for name, rx in vocab.qualifier_before:
        if rx.search(before):
            if name == "more than" and _OVER_NOT_MORE.search(before):
                continue
            if name == "about" and num.low is not None:
                break  # "an estimated 10,000 to 12,000": a range is an estimate already, its bounds say more
            if name in ("about", "up to") and allow_context \
                    and _plan_or_expectation(sentence, num, vocab, follow_up=follow_up, strict=True) == "planned":
                # "was expected to reach about 16,000 by the end of the year", "up to 2,000 will be sent": a plan's
                # size, however hedged (not "is ready to send up to 12,000": an expectation keeps its bound).
                return "planned"
            return name
    # A plan or an expectation says more than "range" (the bounds stay in low and high): "may send between
    # 25,000 and 30,000 additional troops".
    context = _plan_or_expectation(sentence, num, vocab, follow_up=follow_up) if allow_context else None
    if context is not None:
        return context
    return "range" if num.low is not None and num.high is not None else "exact"


# A count held at a time, not planned for it: "had about 11,000 troops in Kursk by December".
_HELD_BEFORE = re.compile(r"\b(?:had|has|have|was|were|numbered|totall?ed)\s+(?:(?:already|about|around|some|roughly"
                          r"|approximately|nearly|over|an\s+estimated|more\s+than|at\s+least)\s+)*$", re.IGNORECASE)
# What keeps a hedged count's own bound: readiness or a possibility, not a plan ("is ready to send up to 12,000").
_READY = re.compile(r"\b(?:ready|prepared|poised)\s+to\b|\b(?:could|may|might|considering|if|unless)\b", re.IGNORECASE)


def _plan_or_expectation(sentence: str, num: NumberMention, vocab: _Vocab, *, follow_up: bool,
                         strict: bool = False) -> str | None:
    """``strict``: a plan only where no readiness hedges it and no other count stands between ("is ready to send
    up to 12,000" keeps its bound; "decided to send 10,000 troops, and some 2,500 have arrived" plans the first)."""
    # Context near the number only: the whole sentence may mix a count and a plan.
    if follow_up:
        window = sentence[max(0, num.start - 60): num.end + 40]
    else:
        # After the number, up to the end of its clause: "had sent 1,500 and planned to send 12,000"
        # plans the second, not the first.
        clause_end = _CLAUSE_END.search(sentence, num.end)
        stop = min(num.end + 40, clause_end.start() if clause_end else len(sentence))
        start = max(0, num.start - 45)
        if strict:
            digits = [i for i in range(start, num.start) if sentence[i].isdigit()]
            start = digits[-1] + 1 if digits else start
        window = sentence[start: stop]
    plan = vocab.planned.search(window)
    if plan is not None and plan.group().lower().startswith("by ") \
            and _HELD_BEFORE.search(sentence, max(0, num.start - 40), num.start):
        plan = None  # "North Korea had about 11,000 troops in Kursk by December": a count as of then
    if strict:
        return "planned" if plan is not None and not _READY.search(window) else None
    if plan is not None:
        return "planned"
    if vocab.expected.search(window):
        return "expected"
    return None


def _casualty_noun(after: str, vocab: _Vocab) -> tuple[str, int] | None:
    """The kind and end of a casualty noun right after the number ("3,000 casualties"), if any."""
    for kind, rx in vocab.casualty_noun:
        m = rx.match(after)
        if m:
            return kind, m.end()
    return None


def _casualty_kind(before: str, tail: str, vocab: _Vocab) -> str | None:
    for kind, rx in vocab.casualty_after:
        if rx.match(tail):
            return kind
    for kind, rx in vocab.loss_before:
        if rx.search(before):
            return kind
    return None


def _location(tail: str, lexicon: EntityLexicon) -> str | None:
    m = _LOCATION.match(tail)
    if not m:
        return None
    place = m.group("place").strip()
    if place.endswith("'s"):
        place = place[:-2]  # "Russia's far east" -> Russia
    elif "'s " in place and " " not in place.rsplit("'s ", 1)[1]:
        place = place.rsplit("'s ", 1)[1]  # "Russia's Kursk" -> Kursk ("Russia's Far East" stays whole)
    if _NOT_PLACE.match(place):
        return None
    named = lexicon.find(place)
    if named and named[0].start == 0 and named[0].role in ("person", "institution"):
        return None  # "handed over to Kim Jong Un", "sent to NATO": a person or a body, not a place
    return place
