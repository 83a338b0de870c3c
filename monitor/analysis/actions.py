"""Diplomatic actions: a closed vocabulary of typed events with actors and targets.

Triggers (``actions.yaml``) find candidate events in a sentence; actors are
read from the clause before the trigger (people and ministries resolve to
their country through the lexicon; "they", "the two countries" to the actors
last named), targets from what follows it. Negated, modal or hypothetical
mentions ("should condemn", "did not sign") are dropped; events recalled as
background ("was summoned in June") are kept with ``historical=True``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from monitor.analysis import native
from monitor.analysis.entities import EntityLexicon, Mention, default_lexicon, with_titled_people
from monitor.analysis.keywords import KeywordScan, lowered_pattern
from monitor.analysis.temporal import (
    dated_by_context,
    entry_is_past,
    is_future,
    is_historical,
    is_scenario,
    may_date_by_context,
    soviet_era,
    time_refs,
    timeline_dates,
)
from monitor.errors import ConfigError
from monitor.models import DiplomaticAction
from monitor.yamlfile import line_of, load_yaml

DEFAULT_PATH = Path(__file__).with_name("actions.yaml")
TARGET_MODES = ("object", "none", "place", "envoy")


@dataclass(frozen=True, slots=True)
class ActionType:
    name: str
    cameo: str
    targets: str
    min_actors: int
    keywords: re.Pattern[str]
    triggers: re.Pattern[str]
    summary: str
    triggers_lower: re.Pattern[str]  # the same triggers, for the lower-cased sentence when it is ASCII
    summary_untargeted: str | None = None  # how the alert reads when no target is named
    collective: frozenset[str] = frozenset()  # actors of several members: one alone meets min_actors


@dataclass(frozen=True, slots=True)
class Vocabulary:
    types: dict[str, ActionType]
    scanner: KeywordScan
    prefilter: re.Pattern[str]
    cessation: re.Pattern[str]
    appeal_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    negation: re.Pattern[str]
    modal: re.Pattern[str]
    negation_lower: re.Pattern[str]  # the same two, for the lower-cased sentence when it is ASCII
    modal_lower: re.Pattern[str]
    modal_coord: re.Pattern[str]  # a modal governing an earlier verb this one is joined to
    modal_coord_lower: re.Pattern[str]
    # Agreements known by name: the pattern (on the original sentence) and the pairs that signed one of that name.
    agreements: tuple[tuple[re.Pattern[str], tuple[tuple[str, ...], ...]], ...] = ()
    # The people "she" and "her" stand for, by their whole name as written (``women`` in the file).
    women: re.Pattern[str] = re.compile(r"(?!)")
    kernel: Any = None  # the native extractor (monitor_native.ActionKernel) for these rules, when installed
    order: dict[str, int] = field(default_factory=dict)  # each type's place in ``types``
    by_index: tuple[ActionType, ...] = ()


def _words(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def vocabulary(path: Path = DEFAULT_PATH) -> Vocabulary:
    """Load and validate the action vocabulary (errors name file and line)."""
    data: Any = load_yaml(path, what="actions vocabulary")
    file = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise ConfigError("expected a mapping with 'types'", file=file, line=line_of(data, 1))
    types: dict[str, ActionType] = {}
    keyword_lists: dict[str, list[str]] = {}
    for name, spec in data["types"].items():
        if name == "__line__":
            continue
        line = line_of(spec, line_of(data["types"]))
        if not re.fullmatch(r"[a-z]+(?:_[a-z]+)*", name) or not isinstance(spec, dict):
            raise ConfigError(f"bad action type {name!r}", file=file, line=line)
        mode = spec.get("targets", "object")
        if mode not in TARGET_MODES:
            raise ConfigError(f"{name}: 'targets' must be one of {', '.join(TARGET_MODES)}", file=file, line=line)
        cameo = str(spec.get("cameo", ""))
        if not re.fullmatch(r"\d{2,4}", cameo):
            raise ConfigError(f"{name}: 'cameo' must be a CAMEO code like \"111\"", file=file, line=line)
        pats = spec.get("triggers")
        if not isinstance(pats, list) or not pats:
            raise ConfigError(f"{name}: 'triggers' must be a non-empty list", file=file, line=line)
        kws = spec.get("keywords")
        if not isinstance(kws, list) or not kws:
            raise ConfigError(f"{name}: 'keywords' must be a non-empty list", file=file, line=line)
        try:
            # One boundary check around the whole alternation (the same matches as one per alternative):
            # most positions are not at a word start and fail at once, not once per alternative.
            trigger_pattern = rf"(?<![\w-])(?:{'|'.join(f'(?:{p})' for p in pats)})(?![\w-])"
            triggers = re.compile(trigger_pattern, re.IGNORECASE)
            triggers_lower = re.compile(lowered_pattern(trigger_pattern))
            # Matched against the lower-cased sentence: case-sensitive scanning is much faster.
            keywords = re.compile(rf"\b(?:{'|'.join(k.lower() for k in kws)})\b")
        except (re.error, ValueError) as exc:
            raise ConfigError(f"{name}: bad pattern: {exc}", file=file, line=line) from None
        keyword_lists[name] = [str(k) for k in kws]
        types[name] = ActionType(name, cameo, mode, int(spec.get("min_actors", 1)), keywords, triggers,
                                 str(spec.get("summary", "{actors}: " + name.replace("_", " ") + " {targets}")),
                                 triggers_lower,
                                 str(spec["summary_untargeted"]) if spec.get("summary_untargeted") else None,
                                 frozenset(str(a) for a in spec.get("collective_actors") or ()))
    try:
        denials = data.get("denials") or []
        denied = (rf"|\b(?:{_words(denials)})\s+(?:(?:the\s+)?(?:reports?|claims?|allegations?|suggestions?)\s+)?"
                  rf"that\s+(?:\S+\s+){{0,5}}") if denials else ""
        # "failed on Monday to agree on a statement condemning": the statement, and what it does, never was.
        failed = r"|\bfail(?:ed|s)?\s+(?:\w+\s+){0,3}?to\s+(?:agree\s+on|adopt|issue|pass|approve)\s+(?:\S+\s+){0,3}"
        # "No EU government has expelled ...": a subject none of whom acted.
        nobody = r"|(?:^|\W)no\s+(?:[\w-]+\s+){1,3}?(?:has|have|had)\s+(?:(?:yet|so\s+far|ever|since|formally)\s+)?"
        # "did not summon a Russian envoy or expel Russian diplomats": a verb joined by "or" to a negated one.
        either = r"|(?:(?:^|\W)(?:not|never)|n't)\s+(?:[\w'-]+\s+){1,6}?or\s+"
        # "found no record of any EU member state expelling Russian diplomats": what a check did not find.
        either += (r"|(?:^|\W)no\s+(?:\w+\s+)?(?:record|evidence|sign|trace|announcement|indication|report)s?\s+"
                   r"(?:of|that)\s+(?:[\w'-]+\s+){0,5}")
        negation = rf"(?:(?:^|\W)(?:{_words(data['negations'])})\s+(?:\w+\s+){{0,2}}{denied}{failed}{nobody}{either})$"
        # A verb between, and an article: "expected to issue a joint statement", "plans to impose new sanctions".
        # Or a verb joined to the one the modal governs: "will visit Pyongyang and sign a treaty" (not after
        # "to" alone, which is as often a preposition: "sent troops to Russia and signed").
        # Or a noun's words after the article: "a proposal by the United States to hold a Security Council meeting".
        # The word after it is no number: "on May 19 demanded" is a date, not "may".
        # (An adverb may come first: "will soon make his first trip to Moscow".)
        # (Or a quote closing after the modal: 'the bloc "could and should" impose further sanctions'.)
        modal = (rf"(?:^|\W)(?:{_words(data['modals'])})[\"']?\s+"
                 r"(?:(?:soon|also|then|again|likely|probably|later|first)\s+)?"
                 r"(?:[^\W\d]\w*\s+)?"
                 r"(?:(?:a|an|the|new|fresh|more|further|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?)?$")
        coordinated = _words([w for w in data["modals"] if w != "to"])
        # Before a noun trigger, the joined verb itself, bare (not ending in -d or -s): "and issue a joint statement".
        modal_coord = (rf"(?:^|\W)(?:{coordinated})\s+(?:[\w'-]+\s+){{1,8}}?(?:and|,)\s*"
                       r"(?:[a-z]*[a-ce-rt-z]\s+(?:(?:a|an|the|new|fresh|further)\s+)?)?$")
        kinds = tuple((code, re.compile(rf"\b(?:{_words(ws)})\b", re.IGNORECASE))
                      for code, ws in data.get("appeal_kinds", {}).items() if code != "__line__")
        vocab = Vocabulary(
            types=types,
            scanner=KeywordScan(keyword_lists),
            prefilter=re.compile("|".join(t.keywords.pattern for t in types.values())),  # on lower-cased text
            cessation=re.compile(rf"^\s+to\s+\"?(?:\w+\s+){{0,2}}?\"?(?:{_words(data['cessation_verbs'])})\b",
                                 re.IGNORECASE),
            appeal_kinds=kinds,
            negation=re.compile(negation, re.IGNORECASE),
            modal=re.compile(modal, re.IGNORECASE),
            negation_lower=re.compile(lowered_pattern(negation)),
            modal_lower=re.compile(lowered_pattern(modal)),
            modal_coord=re.compile(modal_coord, re.IGNORECASE),
            modal_coord_lower=re.compile(lowered_pattern(modal_coord)),
            agreements=_agreements(data.get("agreements") or [], file),
            women=re.compile(rf"(?:{'|'.join(re.escape(str(w)) for w in data.get('women') or ())})"
                             if data.get("women") else r"(?!)"),
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ConfigError(f"actions vocabulary: missing or malformed entry {exc}", file=file) from None
    return replace(vocab, kernel=_kernel(vocab), order={name: i for i, name in enumerate(types)},
                   by_index=tuple(types.values()))


def ascii_offsets(sentence: str) -> str:
    """A sentence the native extractor reads for what it names only, as ASCII: each other character a "?", so its
    byte offsets are the character offsets the mentions give ("Tags: Choe Son Hui · Sergey Lavrov")."""
    return sentence if sentence.isascii() else sentence.encode("ascii", "replace").decode("ascii")


def _agreements(specs: Any, file: str) -> tuple[tuple[re.Pattern[str], tuple[tuple[str, ...], ...]], ...]:
    """The ``agreements`` entries: each a name pattern and the pairs (two or more parties) known to have signed one."""
    out = []
    for spec in specs:
        line = line_of(spec, 1) if isinstance(spec, dict) else None
        parties = spec.get("parties") if isinstance(spec, dict) else None
        if not isinstance(spec, dict) or not isinstance(spec.get("pattern"), str) or not isinstance(parties, list) \
                or not parties or not all(isinstance(p, list) and len(p) >= 2 for p in parties):
            raise ConfigError("agreements: each entry needs a 'pattern' and 'parties', a list of lists of two or more",
                              file=file, line=line)
        try:
            pattern = re.compile(rf"(?<![\w-])(?:{spec['pattern']})(?![\w-])", re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"agreements: bad pattern: {exc}", file=file, line=line) from None
        out.append((pattern, tuple(tuple(str(x) for x in p) for p in parties)))
    return tuple(out)


def _kernel(vocab: Vocabulary) -> Any:
    """The native extractor for a vocabulary: the logic of this module in Rust, with its patterns.

    Python still finds the triggers (look-arounds, which the native engine lacks). None without
    the native kernels, or should a pattern use what the native engine lacks (the Python code runs
    then, with the same results).
    """
    if native.kernels is None:
        return None
    helpers = {
        "negation": vocab.negation, "modal": vocab.modal, "cessation": vocab.cessation, "prefilter": vocab.prefilter,
        "modal_coord": vocab.modal_coord, "inflected": _INFLECTED,
        "pronoun_subject": _PRONOUN_SUBJECT, "pronoun_object": _PRONOUN_OBJECT, "pair_object": _PAIR_OBJECT,
        "appositive_end": _APPOSITIVE_END, "relative_span": _RELATIVE_SPAN, "own_group": _OWN_GROUP,
        "purpose": _PURPOSE, "opening_he": _OPENING_HE, "third_venue": _THIRD_VENUE, "he_before": _HE_BEFORE,
        "during_visit": _DURING_VISIT,
        "by_later": _BY_LATER,
        "signing_noun": _SIGNING_NOUN,
        "clause_break": _CLAUSE_BREAK,
        "relative": _RELATIVE, "conj": _CONJ, "owned_and": _OWNED_AND, "and_tie": _AND_TIE, "sides_gap": _SIDES_GAP,
        "package_subject": _PACKAGE_SUBJECT,
        "gathering_after_sides": _GATHERING_AFTER_SIDES,
        "owned_with": _OWNED_WITH,
        "owned_before": _OWNED_BEFORE, "remit_before": _REMIT_BEFORE,
        "summoned_before": _SUMMONED_BEFORE,
        "posted_at": _POSTED_AT, "war_cause": _WAR_CAUSE, "superlative": _SUPERLATIVE,
        "to_be": _TO_BE, "finite_past": _FINITE_PAST, "auxiliary": _AUXILIARY,
        "proper_word": _PROPER_WORD, "title_gap": _TITLE_GAP,
        "pair_after": _PAIR_AFTER, "apposition_span": _APPOSITION_SPAN,
        "pulled_from": _PULLED_FROM, "negation_break": _NEGATION_BREAK,
        "he_signed": _HE_SIGNED,
        "place_after": _PLACE_AFTER, "talks": _TALKS, "by": _BY, "by_means": _BY_MEANS, "visit_of": _VISIT_OF,
        "document_noun": _DOCUMENT_NOUN, "it_document": _IT_DOCUMENT, "text_that": _TEXT_THAT,
        "joint_text_before": _JOINT_TEXT_BEFORE,
        "that_before_first": _THAT_BEFORE_FIRST,
        "coming_after": _COMING_AFTER, "coming_before": _COMING_BEFORE,
        "passive_summoned": _PASSIVE_SUMMONED, "possessive": _POSSESSIVE, "meeting_object": _MEETING_OBJECT,
        "host_place": _HOST_PLACE, "partner": _PARTNER, "request_to": _REQUEST_TO, "posted": _POSTED,
        "summoned_to": _SUMMONED_TO, "leading_phrase": _LEADING_PHRASE, "reporting": _REPORTING,
        "mission_after": _MISSION_AFTER, "and_clause": _AND_CLAUSE, "in_before": _IN_BEFORE,
        "name_token": _NAME_TOKEN, "given_name_after": _GIVEN_NAME_AFTER, "not_a_name_after": _NOT_A_NAME_AFTER,
        "list_join": _LIST_JOIN, "participle_before": _PARTICIPLE_BEFORE, "and_before": _AND_BEFORE,
        "joined_verb_before": _JOINED_VERB_BEFORE, "sanctions_object": _SANCTIONS_OBJECT, "place_by": _PLACE_BY,
        "troops_owner_after": _TROOPS_OWNER_AFTER, "personal_subject": _PERSONAL_SUBJECT,
        "definite_subject": _DEFINITE_SUBJECT, "named_body": _NAMED_BODY,
        "place_after_agent": _PLACE_AFTER_AGENT, "noun_gap": _NOUN_GAP, "pronoun_lead": _PRONOUN_LEAD,
        "gerund_clause": _GERUND_CLAUSE, "pair_subject": _PAIR_SUBJECT, "new_clause": _NEW_CLAUSE, "for_end": _FOR_END,
        "cessation_noun": _CESSATION_NOUN, "source_after": _SOURCE_AFTER, "own_verb_after": _OWN_VERB_AFTER,
        "joined_subject_after": _JOINED_SUBJECT_AFTER, "statement_by": _STATEMENT_BY,
        "members_word": _MEMBERS_WORD, "lead_he": _LEAD_HE,
        "definite_lead": _DEFINITE_LEAD, "envoy_cut": _ENVOY_CUT, "opening_lead": _OPENING_LEAD, "list_end": _LIST_END,
        "plural_says": _PLURAL_SAYS, "similar_before": _SIMILAR_BEFORE, "we_before": _WE_BEFORE,
        "singular_title": _SINGULAR_TITLE, "requester_before": _REQUESTER_BEFORE,
        "between_before": _BETWEEN_BEFORE, "quote_cut": _QUOTE_CUT, "manner": _MANNER,
        "said_before_gerund": _SAID_BEFORE_GERUND, "agreement_first": _AGREEMENT_FIRST, "pair_words": _PAIR_WORDS,
        "noun_phrase_gap": _NOUN_PHRASE_GAP, "pair_join": _PAIR_JOIN, "present_visit": _PRESENT_VISIT,
        "destination_before": _DESTINATION_BEFORE, "continued": _CONTINUED, "deed_by": _DEED_BY,
        "decision_to": _DECISION_TO, "at_place": _AT_PLACE,
        "between_before_pair": _BETWEEN_BEFORE_PAIR, "them": _THEM, "who_before": _WHO_BEFORE,
        "travelled_before": _TRAVELLED_BEFORE, "pair_agent": _PAIR_AGENT, "agent_title": _AGENT_TITLE,
        "when_before": _WHEN_BEFORE, "their_talks": _THEIR_TALKS,
        "force_subject": _FORCE_SUBJECT, "similar_after": _SIMILAR_AFTER, "plural_parties": _PLURAL_PARTIES,
        "issued_passive": _ISSUED_PASSIVE, "said_that_it": _SAID_THAT_IT, "national_body": _NATIONAL_BODY,
        "journey_to_come": _JOURNEY_TO_COME, "journey_purpose": _JOURNEY_PURPOSE,
        "readiness": _READINESS, "modal_clause": _MODAL_CLAUSE, "personal_lead": _PERSONAL_LEAD,
        "relation_with": _RELATION_WITH, "the_talks": _THE_TALKS,
        "it_object": _IT_OBJECT, "participle": _PARTICIPLE, "passive_aux": _PASSIVE_AUX, "passive_span": _PASSIVE_SPAN,
        "said_before_passive": _SAID_BEFORE_PASSIVE, "from_after": _FROM_AFTER, "relative_opening": _RELATIVE_OPENING,
        "title_words": _TITLE_WORDS, "statement_with": _STATEMENT_WITH, "subordinate_lead": _SUBORDINATE_LEAD,
        "he_word": _HE_WORD, "relative_now": _RELATIVE_NOW, "country_apposition": _COUNTRY_APPOSITION,
        "owned_title_lead": _OWNED_TITLE_LEAD, "envoy_word": _ENVOY_WORD,
    }
    try:
        return native.kernels.ActionKernel(
            [(t.name, t.cameo, t.targets, t.min_actors, sorted(t.collective)) for t in vocab.types.values()],
            {**{name: native.pattern_text(rx) for name, rx in helpers.items()},
             "women": rf"^(?:{vocab.women.pattern})$"},
            [(code, native.pattern_text(rx)) for code, rx in vocab.appeal_kinds],
            _SUBJECT_REACH, _MODAL_REACH, _NEGATION_REACH,
        )
    except ValueError:
        return None


def action_types() -> tuple[str, ...]:
    return tuple(vocabulary().types)


def summary_template(action_type: str, *, targeted: bool = True) -> str | None:
    """How an alert of this type reads; ``targeted=False``: when the text names no target."""
    t = vocabulary().types.get(action_type)
    if t is None:
        return None
    return t.summary if targeted or t.summary_untargeted is None else t.summary_untargeted


# --------------------------------------------------------------------------- resolution

_PRONOUN_SUBJECT = re.compile(
    r"(?:\b(?:they|the\s+sides|the\s+two(?:\s+(?:countries|sides|nations|ministers|leaders|governments|men|officials))?"
    r"|both(?:\s+(?:countries|sides|nations|governments|leaders))?"
    # "as their top diplomats met in Brussels": the people of those just named.
    r"|their\s+(?:\w+\s+){0,2}?(?:diplomats|leaders|ministers|envoys|officials|negotiators|delegations"
    # "Their joint press release condemned": the text of those just named.
    r"|statement|declaration|release|communiqu\u00e9|communique))\b)"
    # "since the two countries' leaders signed": their leaders are the two.
    r"(?:'s?)?\s+\"?(?:\w+\s+){0,3}\"?$"
    # "the four condemned", "The three countries said": those just named, like "they" (not "the three entities").
    r"|\b(?:the|all)\s+(?:three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+(?:[\w-]+\s+)?(?:countries"
    r"|nations|ministers|leaders|governments|partners|states|allies|sides)\b(?:'s?)?\s+(?:\w+\s+){0,3}"
    r"|\s+(?:also\s+|jointly\s+|together\s+)?(?:[a-z]+ed\s+(?:a|an|the|their)\s+)?)$", re.IGNORECASE)
# "The two ...", "both ...": a pair (see _pair).
_PAIR_SUBJECT = re.compile(r"\b(?:two|both|sides)\b", re.IGNORECASE)
_TWO_PEOPLE = re.compile(r"\b(?:leaders|men|presidents|ministers)\b", re.IGNORECASE)
# The main clause after a leading phrase opening on those words: "In a joint statement, the two sides ...".
_PRONOUN_LEAD = re.compile(
    r"\s*(?:they|the\s+two\s+(?:countries|sides|nations|ministers|leaders|governments|men|officials)"
    r"|(?:the|all)\s+(?:three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"|both\s+(?:countries|sides|nations|governments|leaders))\b", re.IGNORECASE)
# (Or the troops named before: "demanded that the soldiers be withdrawn".)
_IT_OBJECT = re.compile(r"\s*(?:that\s+)?it\b", re.IGNORECASE)
_PRONOUN_OBJECT = re.compile(
    r"^\s*(?:that\s+)?(?:it|them|its|their|(?:the|these|those)\s+(?:troops|soldiers|forces|servicemen))\b",
    re.IGNORECASE)
# Not whom a pronoun stands for but the actor's own: "called on its partners to", "urged their allies".
_OWN_GROUP = re.compile(r"^\s*(?:its|their)\s+(?:\w+\s+)?(?:partners|allies|members|counterparts|citizens|nationals"
                        r"|people|own)\b", re.IGNORECASE)
# "condemned both governments", "urged the two countries": a pair aimed at, named elsewhere.
_PAIR_OBJECT = re.compile(
    r"^\s*(?:both|the\s+two)\s+(?:governments|countries|states|regimes|capitals|nations|sides)\b"
    # ("called on all parties to exercise restraint": everyone, whom the request is to hold back.)
    r"|^\s*(?:all|both|the)\s+(?:parties|sides)(?:\s+concerned|\s+to\s+the\s+conflict)?\b"
    # ("calling on both to comply": "both" alone, before the request's "to", which the match holds and gives back.)
    r"|^\s*both\s+to\b", re.IGNORECASE)
# "as", "after", "when" ... open a clause before a capital ("as Seoul said", "after Putin and Kim signed");
# the clause starts at the capital (group `cut`).
# A spaced dash too ("Leaders meet in Brussels - EU and Korea condemn ..."). After a colon the clause starts
# whatever follows: "Russia's war against Ukraine: EU adopts new sanctions" (a headline's topic, then its
# sentence); "...: Council adopts ..." names no one the lexicon knows, and the topic is not its subject.
_CLAUSE_BREAK = re.compile(
    r"(?:\bthat\s|;\s|:\s+|\bwhile\s|(?:\b(?:as|after|before|when|because|since|until|once|although|though|whereas)\s"
    r"|\s-\s+"
    # A clause of its own after a place or a meeting: "visited Seoul, where South Korea urged the EU", "held a call with
    # Yeo, during which the Korean minister urged".
    r"|,\s+(?:where|(?:during|at|in)\s+which)\s+(?:the\s+)?"
    # A noun and its clause: "in a move Tehran condemned as illegal" (Tehran condemned, not the mover).
    r"|\b(?:move|decision|step|measure|measures|action|actions|deployment|statement|plan)\s+(?:that\s+|which\s+)?"
    # A report's content: "The NIS also said North Korean leader Kim met Putin" (the NIS did not meet him).
    r"|\b(?:said|says|reported|reports|added|noted|confirmed|believes|estimated|told\s+(?:reporters|lawmakers|journalists))"
    r"\s+"
    # A relative clause with a subject of its own: "is a further escalation, which Germany sharply condemns", "which we
    # sharply condemn" (not "Seoul and Brussels, which held consultations": the antecedent acts).
    r"|,\s+which\s+)"
    r"(?P<cut>[A-Z]|we\s|they\s)"
    r"|\bbut\s)")
_IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"(?:[A-Z][\w.'-]*\s+){1,4}")  # "President ", "Defence Minister " before a name
# (Also after a time or place first: "..., and in December the EU blacklisted".)
# (Or "but": "the Commission welcomed Korean investment but urged Seoul to prioritize joint ventures".)
_JOINED_VERB_BEFORE = re.compile(r"(?:[,\"]\s*and|\sbut)\s+(?:also\s+|then\s+)?$")
# The clause breaks that open what someone reported, or a clause of time or cause (rust: REPORT_BREAKS): a verb joined
# after them goes on from the main clause ("Kim ... held talks with Putin, their first meeting since Putin's visit to
# Pyongyang, and met Xi").
_REPORT_BREAKS = ("that", "said", "says", "reported", "reports", "added", "noted", "confirmed", "believes", "estimated",
                  "told", "while", "as ", "after", "before", "when", "because", "since", "until", "once", "although",
                  "though", "whereas", "but")
_AND_CLAUSE = re.compile(r"(?:,\s*|\s)and\s+(?:(?:in|on|at|last|later|earlier|then)\s+(?:[\w.-]+\s+){0,2}?)?"
                         # (Or those who acted, by a plural: "..., and the ministers urged China to".)
                         r"(?P<cut>(?:the\s+)?[A-Z]|the\s+(?:two\s+)?(?:leaders|(?:foreign\s+)?ministers|delegations"
                         r"|allies)\s)")
# A relative clause closed by that "and": its words are not the subject's ("Borrell, who is in Seoul on his final
# tour, and Cho signed": "tour" is not Borrell's act, so no new clause opens).
_APPOSITIVE_END = re.compile(r",\s+(?:who|which)\s[^,]*$")
# The same clause after a name, up to its closing comma before "and".
_RELATIVE_SPAN = re.compile(r",\s+(?:who|which)\s[^,]*(?P<close>,)\s*and\s")
# Not the "and" of "cooperation between North Korea and Russia": two names joined, no new clause.
# "at the request of the United States": who asked; "in a statement carried by KCNA": who relayed it. Neither is
# the act's object.
_REQUESTER_BEFORE = re.compile(r"\b(?:request|behest|behalf|urging)\s+of\b|\b(?:carried|relayed|published|released"
                               r"|distributed)\s+by\s+(?:the\s+)?(?:(?:official|state|state-run)\s+)?"
                               r"(?:(?:news\s+agency|media)\s+)?$"
                               # "condemned the deployment in a statement by High Representative Borrell": who spoke.
                               r"|\b(?:statement|remarks|speech|letter|post|declaration|communiqu\w+)\s+(?:issued\s+)?by"
                               r"\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# (Or a verb joined after it: "shared the information with South Korea and Japan and urged both countries".)
_LIST_END = re.compile(r"\s*(?:[,.;)]|$)|\s+and\s+(?:also\s+|then\s+)?[a-z]+ed\b")
_HE_BEFORE = re.compile(r"\b(?:he|she)$", re.IGNORECASE)  # "where he and Kim signed": one subject, not a new clause
_BETWEEN_BEFORE = re.compile(r"\b(?:between|both)\s+(?:the\s+)?(?:\S+\s+){0,3}\S+$")
_DEFINITE_LEAD = re.compile(r"\s*(?:the|both)\s", re.IGNORECASE)
# (Quoted too: 'condemned "in the strongest possible terms" the deepening cooperation'.)
_MANNER = re.compile(r"\s+\"?(?:in\s+the\s+(?:strongest|clearest|firmest)\s+(?:possible\s+)?terms"
                     r"|in\s+no\s+uncertain\s+terms|unequivocally|unreservedly)\b\"?", re.IGNORECASE)
# An agreement's noun opening a trigger ("treaty Pyongyang and Moscow signed", "partnership, signed").
# Also the noun of the act: "welcomes the signature of the EU-Republic of Korea Partnership", "the signing of the
# treaty between Russia and North Korea" (whoever welcomes it is not a party).
_SIGNING_NOUN = re.compile(r"signature\b|signing\s+(?:\w+\s+){0,3}?of\b", re.IGNORECASE)
_AGREEMENT_FIRST = re.compile(r"(?:agreements?|pacts?|treat(?:y|ies)|accords?|partnerships?|memorand(?:um|a)|deals?)\b"
                              r"|signature\b|signing\s+(?:\w+\s+){0,3}?of\b",
                              re.IGNORECASE)
_PAIR_AFTER = re.compile(r"^\s+(?:the\s+two|both)\b")
_HE_SIGNED = re.compile(r"\s(?:he|she)\s+(?:had\s+|has\s+)?(?:signed|inked)$", re.IGNORECASE)
_PAIR_WORDS = re.compile(r"\b(?:they|the\s+two|both\s+sides)\b", re.IGNORECASE)
# The words between the parties and the noun: "-Russia comprehensive strategic", nothing that ends a phrase.
_NOUN_PHRASE_GAP = re.compile(r"^(?:'s)?[\w\s-]*$")
_PAIR_JOIN = re.compile(r"^\s*(?:-|/|and)\s*$")
# Also "Iwaya, who arrived in Seoul earlier in the day", "Borrell, who is in Seoul on his final tour": this trip;
# "Sybiha, who held talks with Cho on Thursday, urged": the talks told in passing.
# "Shoigu, who was making his second trip to North Korea in two weeks", "Borrell, who traveled to Seoul on his final
# Asian tour": the trip the news is about.
_PRESENT_VISIT = re.compile(r",\s+who\s+(?:(?:(?:once\s+again|again|also)\s+)?(?:met|held\s+talks|had\s+talks)\s"
                            r"|(?:is|are)\s+(?:currently\s+|now\s+)?(?:on\s+(?:a|an|his|her|their)\s|visiting\s|in\s+[A-Z]|making\s)"
                            r"|(?:was|were)\s+(?:on\s+(?:a|an|his|her|their)\s|visiting\s|making\s)"
                            r"|(?:had\s+)?(?:arrived|traveled|travelled|flew|flown|came|landed)\s+(?:in|to)\s|visited\s+[A-Z])"
                            # A package's contents are the act told: "adopted its 15th package of sanctions against
                            # Russia, which also lists DPRK Defence Minister No Kwang Chol".
                            r"|,\s+which\s+(?:also\s+)?(?:lists|blacklists|targets|designates|includes|adds)\s"
                            # "Seoul and Brussels, which held consultations last month on ...": talks they held.
                            r"|,\s+which\s+(?:also\s+)?held\s+(?:talks|consultations)\s"
                            # A brief's present tense: "says High Representative Kaja Kallas, who condemns the
                            # deployment as a grave escalation".
                            r"|,\s+who\s+(?:also\s+)?(?:condemns|denounces|calls\s+on|urges|demands)\s")
_RELATIVE_NOW = re.compile(r"\b(?:has|have|had|is|are|am|been|being|would|could|will|can|may|might|should|must)\b",
                           re.IGNORECASE)
# (Nor past a comma: "," the ministers said, voicing concern that Moscow could ...".)
_QUOTE_CUT = re.compile(r"\b(?:told|in|at|to|from|on|about)\b|\b,")
# (Also "..., the Security Council press service reported".)
# ("..., the Russian Foreign Ministry said on Thursday": a body of the country names the source too.)
_SOURCE_AFTER = re.compile(r"\s+(?:(?:press|news|media)\s+(?:service|office|agency)\s+"
                           r"|(?:[Ff]oreign|[Dd]efen[cs]e)\s+[Mm]inistry\s+|(?:government|officials?)\s+)?"
                           r"(?:said|says|told|reported|reports|added|noted|announced|confirmed|quoted)\b")
# "condemned the collusion between Pyongyang and Moscow, and Seoul had summoned": a subject with its own verb after
# a comma opens a clause of its own, not one more object.
_OWN_VERB_AFTER = re.compile(r"\s+(?:(?:had|has|have|was|were|also|then|later|subsequently|itself)\s+)?"
                            r"(?:summoned|expelled|imposed|sanctioned|condemned|denounced|signed|issued|announced"
                            r"|adopted|urged|called|demanded|recalled|met|held|sent|visited|hosted|had|has|was"
                            # "expelled Pyongyang's ambassadors, and the EU went beyond the UN": a clause of its own.
                            r"|went|took|made|gave|came|followed|joined|moved|began|kept|warned|vowed|pledged|agreed"
                            r"|responded|reacted|rejected|retaliated|launched|introduced|added|said)\b")
# After ", and": "expelled North Korea's ambassadors, and Brazil and Cuba are among the few ...": a subject of its own
# (alone or joined), not one more object.
_JOINED_SUBJECT_AFTER = re.compile(r"(?:\s+and\s+(?:[A-Z][\w'-]*\s+){0,2}[A-Z][\w'-]*)?"
                                   r"\s+(?:are|were|have|remain|still)\b")
_RELATIVE = re.compile(r",\s+(?:who|which|whose)\s")
_WHO_BEFORE = re.compile(r",\s+who\s[^,]*$")  # a trigger inside "X, who ..." (its antecedent ends at the comma)
# Actors joined by "and", a comma or a hyphen ("North Korea-Russia cooperation"), also past a title and a name
# the lexicon does not know ("German Chancellor Olaf Scholz and British Prime Minister Keir Starmer") and
# before a title ("... and the foreign ministers of Poland and Sweden").
# (A state-media epithet between: "the United States and the puppet ROK clique".)
_CONJ = re.compile(r"^(?:\s+[A-Z][\w.'-]*){0,5}\s*(?:(?:,|and|&|,\s*and|-)\s*(?:the\s+(?:(?:puppet|so-called)\s+)?)?"
                   r"(?:(?:(?:foreign|defen[cs]e|trade|prime)\s+)?(?:ministers?|counterparts?|leaders?|presidents?)"
                   r"\s+of\s+(?:the\s+)?"
                   # A count before the next item: "5 senior officers of the Korean People's Army, 7 Russian
                   # individuals and 4 entities".
                   r"|(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|several|dozens\s+of)\s+)?)?$"
                   # After a demonym's noun: "sanctions on three North Korean officials and two Russian companies".
                   # Or after a possessive's noun: "condemns Pyongyang's deployment and Moscow's use of these troops".
                   # ("asset freezes on several Korean People's Army officers and on a Russian logistics company")
                   # ("a Laos-based software company and two Chinese nationals")
                   # ("nine North Korean individuals, most of them senior military commanders, and two Russian
                   # companies")
                   r"|^(?:'s|-based)?\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?"
                   r"(?:,\s+(?:most|many|some|all|several|one|two|three|four|five)\s+of\s+(?:them|whom)\s[^,;]{1,60}?)?"
                   r"\s*(?:,|,?\s*and)\s+(?:(?:on|against)\s+)?"
                   r"(?:the\s+|an?\s+)?(?:(?:\d[\d,]*|two|three|four"
                   r"|five|six|seven|eight|nine|ten|several|some|dozens\s+of|a\s+number\s+of)\s+)?$")
# (Or a place named by its kind: "arrived in the eastern port city of Wonsan".)
# (Or a military site named by its country: "visited the headquarters of Russia's Northern Fleet".)
# (Or a place named by its country: "travelled to a Russian spaceport".)
_PLACE_AFTER = re.compile(r"^\s*(?:to|in|of|into|at)?\s*(?:the\s+|an?\s+)?"
                          r"(?:(?:[\w-]+\s+){0,3}?(?:city|capital|town|port|resort)\s+of\s+"
                          r"|(?:headquarters|base|naval\s+base|air\s+base|shipyards?|command|garrison)\s+of\s+)?$")
# (Past an apposition: "the visit of Sergei Shoigu, Secretary of Russia's Security Council, to Pyongyang".)
# (Or after a name in apposition: "the visit of Kallas's predecessor, Josep Borrell, to Seoul".)
_PLACE_AFTER_AGENT = re.compile(r"^(?:,[^,;]{1,80},|,)?\s+(?:to|in)\s+(?:the\s+)?$")
_NAME_TOKEN = re.compile(r"\b[A-Z][a-z][\w-]*")
# (Any script's capital: "Šefčovič held a video call", for sentences the native kernel does not read.)
_ANY_NAME_TOKEN = re.compile(r"\b[^\W\d_]{2}[\w-]*")
# A family name followed by given names the lexicon does not know ("Kim Hong-kyun" when it knows Kim Jong Un).
_GIVEN_NAME_AFTER = re.compile(r"\s[A-Z][a-z]+\b")
_NOT_A_NAME_AFTER = re.compile(
    r"\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b")
# Compiled once: these run for every candidate action.
_TALKS = re.compile(r"\b(?:talks|negotiat)", re.IGNORECASE)
_BY = re.compile(r"^\s+by\s+")
# "the visit of Sergei Shoigu to Pyongyang": the visitor after "of", as after "by".
_VISIT_OF = re.compile(r"^\s+of\s+")
# A joint text named in a sentence, and the "It" that opens the next on a verb: "The declaration urged Pyongyang to
# cease ... It also called on the DPRK to comply".
_DOCUMENT_NOUN = re.compile(r"\b(?:declaration|communiqu[e\u00e9]|joint\s+(?:press\s+)?statement|the\s+statement)\b",
                            re.IGNORECASE)
_DOCUMENT_STEMS = ("tatement", "eclaration", "ommuniqu", "TATEMENT", "ECLARATION", "OMMUNIQU")  # (rust: the same)
_IT_DOCUMENT = re.compile(r"\s*It\s+(?:also\s+|further\s+|then\s+|again\s+)?[\"']?$")
_SIDES_DASH = ("-", "\u2013")
# "as leaders met in Brussels for the first EU-Republic of Korea summit": the gathering after the verb, named by its
# sides.
_SIDES_GAP = re.compile(r"^[^,;()\"]{0,40}?\s(?:for|at|during)\s+(?:the|their|an?)\s+(?:[\w-]+\s+){0,2}?$")
_GATHERING_AFTER_SIDES = re.compile(r"^\s+(?:[\w-]+\s+){0,2}?(?:summit|talks|dialogue|meeting|consultations)\b")
_THAT_BEFORE_FIRST = re.compile(r"\b(?:said|says|demanded|demands|insisted|insists|stressed|stresses|noted|notes|added"
                                r"|adds|warned|warns|argued|argues|claimed|claims|stated|states)\s+that\s+(?:the\s+)?$")
_JOINT_TEXT_BEFORE = re.compile(r"\bjoint\s+(?:press\s+)?(?:statement|declaration|communiqu[e\u00e9])\s+$",
                                re.IGNORECASE)
_TEXT_THAT = re.compile(r"\b(?:statement|declaration|communiqu[e\u00e9])(?:\s+(?:on|last)\s+\w+)?\s+that\s+$",
                        re.IGNORECASE)
# "by" and the means, not the agent: "held their annual strategic dialogue by video link on Tuesday".
_BY_MEANS = re.compile(r"^\s+by\s+(?:video|phone|telephone|videoconference|teleconference|videolink|satellite|letter"
                       r"|e-?mail|correspondence|mail)\b")
# An agent that names the pair: "by the leaders of the two countries", "by the two sides", "by both governments".
# A person's title in capitals before the name (after a passive's "by"): "by First Vice Foreign Minister Kim".
_AGENT_TITLE = re.compile(r"(?:[A-Z][\w.'-]*\s+){1,5}")
_PAIR_AGENT = re.compile(r"(?:the\s+)?(?:(?:leaders|heads\s+of\s+state|presidents|(?:foreign\s+)?ministers|governments)"
                         r"\s+of\s+(?:the\s+two|both)\s+(?:countries|nations|states|sides)"
                         r"|(?:the\s+two|both)\s+(?:countries|nations|sides|leaders|governments|ministers))\b",
                         re.IGNORECASE)
# "the deployment of more than ten thousand soldiers to": the words before a destination.
_DESTINATION_BEFORE = re.compile(r"\b(?:deployments?|dispatch|transfers?|sending|deliver(?:y|ies)|shipments?)\s+of\s+"
                                 r"(?:[^,;]{0,60}?\s)?(?:to|into)\s+(?:the\s+)?$", re.IGNORECASE)
# A deed and its doer after a condemnation: "the deportation of Ukrainian children by" (the object's last words).
_DEED_BY = re.compile(r"^\s+(?:the\s+)?(?:[a-z][\w-]*\s+){1,3}(?:of|on|against)\s+[^,;:\"()]{0,60}?"
                      r"\s+by\s+(?:the\s+)?$")
_DEED_REACH = 100  # characters from a condemnation to the doer of the deed it names
# A clause after the summoned envoy: "summon envoys as North Korean missiles hit Ukraine" (whose envoys is not said).
_ENVOY_CUT = re.compile(r"\b(?:as|after|when|while|because|since|amid|following)\s")
_PURPOSE_BEFORE = re.compile(r"\bfor\s+(?:(?:a|an|the|further|more|new)\s+)?$", re.IGNORECASE)
_TRIP_TO_COME = re.compile(
    r"\b(?:scheduled|due|expected|set|slated|planning|plans?|poised|preparing|will|would|could|may|might)\s+to\b"
    # "is expected in Moscow on Friday for talks with": where someone will be.
    r"|\b(?:is|are)\s+(?:expected|due)\s+(?:in|at)\b"
    r"|\b(?:will|would|could|may|might)\s+(?:\w+\s+)?(?:travel|fly|go|head|visit|come)\b"
    # A trip after the day's own business: "holds talks with Takaichi today before flying to Gyeongju on Wednesday".
    r"|\bbefore\s+(?:flying|travelling|traveling|heading|leaving|moving\s+on)\b", re.IGNORECASE)
_ARRANGED_BEFORE = re.compile(  # on the lower-cased sentence
    r"\b(?:date|dates|plans?|preparations?|arrangements?|invitations?|timing|timetable)\s+(?:[\w'-]+\s+){0,6}?for\s+"
    r"(?:(?:a|an|the|his|her|their|further|new)\s+)?(?:[\w'-]+\s+)?$")  # (a name between: "for a Kim trip to")
# A trip or talks as the subject of a plan: "a visit by Kim Jong Un to Russia was being prepared".
_NOUN_HEADS = ("visit", "trip", "meeting", "talks", "summit", "a visit", "a trip", "a meeting", "a summit", "the visit",
               "the trip", "the meeting", "the summit", "new visit", "a new visit", "another visit")
# "The signing of a security-of-information agreement, initially planned for the meeting, was postponed."
_CALLED_OFF_AFTER = re.compile(r"[^.;]{0,90}?\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?"
                               r"(?:postponed|delayed|cancell?ed|called\s+off|put\s+off|scrapped|shelved|suspended)\b")
_TRAVEL_NOUN_BEFORE = re.compile(  # on the lower-cased sentence
    r"\b(?:the|of|for|most|all|air|rail|visa-free|foreign|international|business|group|tourist|\w+(?:ian|ese|ish|an))\s+$")
_SANCTIONS_OBJECT = re.compile(r"^\s+(?:the|this|these|its|their|that|those)\s+(?:[\w-]+\s+){0,2}?(?:package|sanctions"
                               r"|measures|listings?|designations?)\b", re.IGNORECASE)
_AGENT_REACH = 30  # characters after "by" within which a visitor is named, with no comma or "and" before it


def _agent_after(sentence: str, mentions: Sequence[Mention], at: int) -> bool:
    """Whether an actor is named right after ``at`` (after "by"): not a means of travel ("by armored train, ...")."""
    first = next((m for m in mentions if m.start >= at and m.role != "non_actor"), None)
    if first is None or first.start - at > _AGENT_REACH:
        return False
    gap = sentence[at:first.start]
    return "," not in gap and " and " not in gap


_PLACE_BY = re.compile(r"\s+(?:to\s+)?(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}\s+by\s+")
_WITH_TROOPS = re.compile(  # on the lower-cased sentence
    r"[^,.;]{0,40}?\bwith\s+(?:the\s+|a\s+|an\s+|his\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:contingents?|troops|soldiers"
    r"|units|forces|battalions?|brigades?)\b")
_CALLED_OFF_BEFORE = re.compile(  # on the lower-cased sentence
    r"\b(?:postpon(?:e|es|ed|ing)|cancel(?:s|ed|led|ling|ing)?|call(?:s|ed|ing)?\s+off|put(?:s|ting)?\s+off"
    r"|scrap(?:s|ped|ping)?|shelv(?:e|es|ed|ing)|abandon(?:s|ed|ing)?|delay(?:s|ed|ing)?)\s+(?:[\w'-]+\s+){0,3}$")
_CALLED_OFF_HEADS = (*_NOUN_HEADS, "signing", "signature", "the signing", "the signature")
_PLANNED_AFTER = re.compile(
    r"[^,.;]{0,60}?\b(?:is|was|are|were)\s+(?:still\s+|now\s+|also\s+)?(?:being\s+)?"
    r"(?:prepared|planned|arranged|considered|expected|scheduled|discussed|in\s+the\s+works|\"?on\s+the\s+agenda)")
# (Up to the clause's comma: "if doing so helped bring about talks between the U.S. and the North".)
_CONDITION_BEFORE = re.compile(r"\b(?:if|unless|whether)\s+(?:[^\s,;]+\s+){0,5}$", re.IGNORECASE)
_PASSIVE_DISCUSSED = re.compile(r"discussed\b", re.IGNORECASE)
_PASSIVE_AUX = re.compile(r"\b(?:is|are|was|were|be|being|been)\s+(?:\w+\s+)?$", re.IGNORECASE)
# Those who cannot pay a visit, right before an arriving verb: "North Korean engineers began arriving in Kursk".
_CROWD_BEFORE = re.compile(
    r"\b(?:soldiers|troops|forces|units|personnel|workers|labou?rers|engineers|builders|sappers|deminers|reinforcements"
    r"|conscripts|fighters|mercenaries|recruits|servicemen|contingents?|battalions?|brigades?|shipments?|weapons"
    r"|missiles|munitions"
    # Nor do players, students or tourists: "North Korean junior hockey players and six coaches arrived in Khabarovsk".
    r"|players|athletes|coaches|students|tourists|pupils|children|passengers|performers|musicians|artists|skaters"
    r"|wrestlers|boxers|footballers|teams?|squads?"
    # Nor do private people: "their sons arrived in Moscow".
    r"|sons|daughters|husbands|brothers|relatives|citizens|nationals|migrants|civilians"
    r")\s+(?:(?:have|has|had|began|begun|started|reportedly|already|were|are|was|is|been|also|first"
    r"|now|recently|later|then)\s+){0,3}$", re.IGNORECASE)
_GO_BETWEEN = re.compile(r"\bto\s+(?:(?:press|push|lobby|work)\s+for|use\s+(?:its|their|his|her)\s+(?:\S+\s+){0,2}?"
                         r"(?:influence|relations|ties|leverage|contacts)|persuade|convince)\b")  # lower-cased
_PRIVATE_SUBJECT_BEFORE = re.compile(r"\b(?:sons|daughters|husbands|brothers|relatives|men|women|citizens|nationals"
                                     r"|migrants|civilians|recruits|workers)\s+[^,;.]{0,50}\b(?:after|before|upon|on)\s+$")
# Those an act is done to, right before a participle: "entities sanctioned under ...", "diplomats expelled in".
_PATIENT_BEFORE = re.compile(
    r"\b(?:individuals|entities|companies|firms|banks|vessels|ships|tankers|persons|people|generals|diplomats|envoys"
    r"|organi[sz]ations|institutions|items|goods|products)\s+(?:(?:already|previously|recently|earlier|newly)\s+)?$",
    re.IGNORECASE)
_PARTICIPLE = re.compile(r"[a-z]+ed\b", re.IGNORECASE)
# Who says what the passive tells: "The Polish foreign ministry said on Tuesday that the two men had been declared".
_SAID_BEFORE_PASSIVE = re.compile(r"\b(?:said|says|stated|announced|confirmed|reported)\b[^.;\"]*$")
# A trigger that names the passive: "diplomats were expelled".
_PASSIVE_SPAN = re.compile(r"\b(?:was|were|been)\s+[a-z]+ed$")
_RELATIVE_OPENING = re.compile(r"\b(?:that|which|who)\s+$")
# "were expelled from Poland", "were ordered to leave Poland": who expelled them.
_FROM_AFTER = re.compile(r"\s+(?:from|to\s+leave)\s+(?:the\s+)?")
_PASSIVE_SUMMONED = re.compile(r"\b(?:was|were|been)\s+(?:\S+\s+){0,2}?(?:summoned|called\s+in)\b", re.IGNORECASE)
# (With a word of when between: "her earlier visits to Japan".)
_SIMILAR_AFTER = re.compile(r"\s+(?:a|an)\s+similar\b")
# ("The pact follows a similar partnership the EU signed with Japan last week".)
_SIMILAR_BEFORE = re.compile(r"\b(?:a|an)\s+similar\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _told_to_compare(sentence: str, start: int, end: int) -> bool:
    """Whether an act is told to compare with the news: "signed a similar partnership with Japan", "the pact follows a
    similar partnership the EU signed with Japan last week"."""
    return "similar" in sentence and (_SIMILAR_AFTER.match(sentence, end) is not None
                                      or _SIMILAR_BEFORE.search(sentence, max(0, start - 40), start) is not None)
_THEIR_TALKS = re.compile(r"\btheir\s+(?:talks|meeting|summit)\b")
# "The meeting" closing the trigger: 'Tsahkna told ERR News after the meeting', the one told before.
_THE_TALKS = re.compile(r"\bthe\s+(?:talks|meeting|summit)$")
_POSSESSIVE = re.compile(r"(?:(?P<pron>\b(?:his|her|their)\s+(?:(?:earlier|previous|last|first|recent|latest|second"
                         r"|third|fourth|fifth|sixth)\s+)?)"
                         r"|'s\s+)$", re.IGNORECASE)
# "The Security Council met this afternoon to consider reports that the DPRK ...": whom a meeting was about comes
# after its purpose's verb, and does not meet.
# (Nor past "and," opening an aside: "Yoon, Biden and Ishiba meet and, in a joint statement, condemn Pyongyang's ...".)
_PURPOSE = re.compile(r"\bto\s+(?:consider|discuss|review|address|examine|debate|assess|hear|mark|prepare)\b|\band\s*,")
_MEETING_OBJECT = re.compile(
    r"(?:met|meet|meets|with|between|hosted|hosts|received|receives|greeted|greets|welcomed|welcomes|welcome|phoned|called"
    r"|call(?:ed|s)?\s+on|briefed"
    r"|(?:received|hosted|greeted)\s+by|(?:credentials|credence)\s+to"
    r"|(?:after|before|while|when)\s+meeting|call\s+from)$",
    re.IGNORECASE)
# "Shoigu said ... North Korea will send builders, after meeting Kim": a clause of a gerund after "after",
# "before", "while" has the sentence's subject, not the subject of the clause it follows.
# (Or its noun: "..., Shoigu said on Tuesday after talks with Kim".)
_GERUND_CLAUSE = re.compile(r"(?:after|before|while|when)\s+(?:\w+ing|(?:(?:his|her)\s+)?talks)\b", re.IGNORECASE)
# (Past an apposition: "..., Sergei Shoigu, the secretary of Russia's Security Council, said on Tuesday after talks".)
_SAID_BEFORE_GERUND = re.compile(r",\"?\s+(?P<who>[^,]{1,60}?)(?:,\s+[^,]{1,60},)?\s+(?:said|says|told|added)\b"
                                 r"[^,]{0,40}$")
_HOST_PLACE = re.compile(r"^\s*(?:\S+\s+){0,2}?in\s+$")
_THIRD_VENUE = re.compile(r"\bsidelines\b|\b[Tt]he\s+two\s+(?:leaders|men|sides|presidents|ministers)\b")
# Not past a comma (", with both sides condemning"), save one inside a name ("a Treaty of Friendship, Cooperation and
# Mutual Assistance with Nikita Khrushchev").
# (The partner may open on "the": "signed a partnership with the bloc", a description standing for the EU.)
_PARTNER = re.compile(r"^(?:[^,;]|,\s+[A-Z]){0,60}?\bwith\s+")
_REQUEST_TO = re.compile(r"\bto\s", re.IGNORECASE)
_FOR_END = re.compile(r"\bfor$", re.IGNORECASE)
# What a call aimed at no one may ask for and still be diplomacy.
_DIPLOMATIC_ASK = re.compile(
    r"\b(?:cease-?fire|truce|restraint|calm|de-?escalat\w*|dialogue|talks|negotiat\w*|peace\w*|withdraw\w*|sanction\w*"
    r"|investigat\w*|inquiry|probe|release|end\s+to|halt|stop|cessation|cooperation|support|aid|assistance|resolution"
    r"|solution|denucleari[sz]\w*|pressure|unity|action|response|meeting|summit|session|accountab\w*|respect|comply"
    r"|compliance|return|diplomac\w*|diplomatic|international|global|allies|partners|united|joint|ratif\w*|implement\w*"
    r"|reform|elections?|humanitarian|protection|security|stability|consultations?|alliance|ties|relations|partnership)\b",
    re.IGNORECASE)
_CESSATION_NOUN = re.compile(
    r"\s+(?:(?:the|their|its|his|her|an?)\s+)?(?:[\w-]+\s+){0,2}?(?:halt|end|stop|cessation|suspension|termination"
    # "called for a ceasefire", "calling for restraint": to hold back.
    r"|ceasefire|cease-fire|truce|restraint|de-escalation)\b",
    re.IGNORECASE)
# (Or "we", "they", "he": "condemn the dispatch of North Korean soldiers, and we will keep raising the cost".)
# Also the speaker's tag after the words reported: "condemned the deployment, Mr Rutte said".
_NEW_CLAUSE = re.compile(r"(?:,\s*and|;|,\s*but|,\s*while)\s+"
                         r"(?:(?:in|on|at|last|later|earlier|then)\s+(?:[\w.-]+\s+){0,2}?)?"
                         r"(?:(?:the\s+)?[A-Z]|(?:we|they|he|she)\s)"
                         # (Or "the deployment, he said, and he called on Moscow".)
                         r"|,\s+(?:(?:[A-Z][\w.'-]*\s+){1,4}|(?:he|she|they)\s+)(?:said|says|told|added|stressed)\b"
                         # Nor past "as": what it was called ("condemned the move as a dangerous expansion of
                         # Russia's war") or a clause of its own ("as their foreign ministers met in Brussels").
                         r"|\s+as\s+[\"']?(?:an?|the|their|they|its|it|his|he|her|she)\s"
                         # Nor past a verb of its own: "denounced the package and said Russia would respond",
                         # "condemned the launch and called for cooperation between Seoul and Tokyo".
                         r"|\s+and\s+(?:also\s+)?(?:said|says|added|warned|told|stressed|vowed|threatened|called|urged"
                         r"|demanded|asked|pledged|agreed|announced|reaffirmed|expressed|welcomed|praised|thanked"
                         r"|noted|rejected|denied|advised|accused|reminded|suggested)\b"
                         # Nor past a headline's comma before a subject's verb: "Seoul condemns, Kyiv turns to UN".
                         r"|,\s+(?:[A-Z][\w'-]*\s+){1,2}(?:turns|says|warns|vows|urges|calls|seeks|eyes|plans|asks|slams"
                         r"|rejects|denies|responds|weighs|mulls|reacts|hits\s+back)\b"
                         # (Or its own subject's next verb: "close Sakhir summit with backing for truce, call on Iran".)
                         r"|,\s+(?:calls?|urges?|demands?|warns?|vows?|says?|seeks?|pledges?)\s"
                         # Nor past a headline's dash: "EU adopts 17th sanctions package - Finland welcomes ...".
                         r"|\s-\s+[A-Z]"
                         # Nor past the subject's next verb after a comma: "condemns this cooperation, and will respond
                         # in close coordination with the United States".
                         r"|,\s*and\s+(?:also\s+)?(?:will|would|shall|could|can|must|should|has|have|had)\s")
_COUNTRY_ROLES = ("demonym", "name", "capital")
# "ambassador to Seoul", "envoy in Warsaw": the place is where the envoy serves, not whose envoy it is.
_POSTED = re.compile(r"\b(?:ambassador|envoy|charg[eé]\s+d.affaires|diplomats?)\s+(?:to|in)\s+(?:the\s+)?$",
                     re.IGNORECASE)
# Where a subject serves: "Russia's ambassador to the UN, Vassily Nebenzia, condemned", "the European Union's
# delegation to the U.N. issued" (the UN did not act).
_POSTED_AT = re.compile(r"\b(?:ambassadors?|envoys?|charg[eé]\s+d.affaires|diplomats?|delegations?|missions?"
                        r"|representatives?)\s+(?:to|at|in)\s+(?:the\s+)?$", re.IGNORECASE)
_SUMMONED_TO = re.compile(r"^\s+to\s+(?:\S+\s+){0,6}$", re.IGNORECASE)  # "to the Ministry of Foreign Affairs in"
# "North Korean troops", "Ukrainian soil", "a South Korean chipmaker", "Russian warships": a demonym
# naming a country's forces, land, companies, people or vessels, not the country acting.
_NOT_ACTING_AFTER = re.compile(
    # (Not its military's envoys: "received a Russian military delegation", "Russian military officials visited".)
    r"\s+(?:troops?|soldiers?|servicemen|forces|military(?!\s+(?:delegations?|officials?|leaders?|leadership|chiefs?"
    r"|attach[eé]s?)\b)|army|armed\s+forces|units?|fighters?|mercenaries|"
    r"personnel|weapons?|missiles?|shells?|munitions?|artillery|drones?|soil|territory|territories|"
    r"chipmakers?|carmakers?|automakers?|compan(?:y|ies)|firms?|conglomerates?|shipbuilders?|manufacturers?|"
    r"steelmakers?|exporters?|businesses|hackers?|workers?|laborers?|labourers?|tourists?|students?|defectors?|"
    r"ships?|warships?|vessels?|aircraft|planes?|jets?|trains?|cargo|shipments?|"
    # "Russian oil revenues are the fuel of this war", "Russian state media said": an economy or a press.
    r"oil|gas|crude|energy|revenues?|exports?|imports?|economy|banks?|assets|markets?|media|state\s+media|press|"
    r"television|TV|civilians?|citizens?|nationals?|prisoners?|POWs?|"
    # People on a trip of their own: "about 50 Russian children spent ten days at the camp".
    r"children|teenagers|athletes|skaters|footballers|cadets|visitors|travell?ers|passengers|fans|holidaymakers|"
    r"tour\s+groups?|tour\s+operators?|sightseers|"
    r"pilgrims|performers|musicians|artists|sailors|navy|fleet)\b",
    re.IGNORECASE)
# Counted people: "around 600 Russians have visited Rason" (tourists, not a government).
_COUNTED_PEOPLE = re.compile(r"(?:\d|\b(?:dozens|hundreds|thousands|millions)\s+of)\s*$")
# "about 1,500 tourists from Primorye had visited": people counted by where they come from, not its government.
_PEOPLE_FROM = re.compile(r"(?:\d|\b(?:dozens|hundreds|thousands|millions)\s+of)\s*(?:[\w-]+\s+){0,2}"
                          r"(?:tourists|workers|students|children|visitors|athletes|pupils|fans|travell?ers|holidaymakers|labou?rers|people"
                          r"|residents|citizens|pilgrims|performers|artists)\s+from\s+(?:the\s+)?$"
                          # (Uncounted ones that never act for a government: "the first tourist groups from
                          # Khabarovsk Krai visited the resort".)
                          r"|\b(?:tourists|tourist\s+groups?|tour\s+groups?|holidaymakers|sightseers|pilgrims|fans"
                          r"|schoolchildren)\s+from\s+(?:the\s+)?$", re.IGNORECASE)
# "ASEAN-related meetings", "Russia-linked hackers": what is about an actor, not the actor.
# A city in an institution's name: "Seoul National University", "the Moscow Conservatory" (not the government).
_CITY_INSTITUTION = re.compile(r"\s+(?:National\s+|State\s+|Metropolitan\s+)?(?:University|Institute|Conservatory"
                               r"|Museum|Hospital|Philharmonic|Symphony|Zoo|Stock\s+Exchange|Marathon|Film\s+Festival"
                               r"|District\s+Court|High\s+Court|City\s+Hall|Police"
                               # A text named after where it was agreed: "the Washington Summit Declaration", "the
                               # Minsk agreements".
                               r"|(?:[Ss]ummit\s+)?(?:[Dd]eclaration|[Cc]ommuniqu[eé]|Charter|Accords?|[Aa]greements?"
                               r"|Protocol|Consensus|Format))\b")
# "the UN missions of the Republic of Korea, Japan and the United States": the countries' own envoys to the body.
_MISSIONS_OF = re.compile(r"\s+(?:missions?|delegations?|envoys?|ambassadors?|representatives?)\s+(?:of|from)\s")
_HOSTING_BODIES = frozenset({"UN", "EU", "NATO", "OSCE", "Council of Europe", "ASEAN"})
_RELATED_SUFFIXES = ("-related", "-linked", "-affiliated", "-themed", "-focused", "-specific", "-bound", "-flagged",
                     "-registered")
# "demand their withdrawal": the troops named before are whose ("North Korea's deployment").
_TROOPS_OWNER_AFTER = re.compile(
    r"^(?:'s)?\s+(?:\w+\s+)?(?:deployment|dispatch|troops|soldiers|forces|servicemen)\b", re.IGNORECASE)
# "he met", 'she "strongly condemned"'
_OPENING_HE = re.compile(r"(?:He|She)\s")
_PERSONAL_LEAD = re.compile(r"\s*(?:he|she)\s", re.IGNORECASE)  # "After talks with Kim, he announced"
# Also "He and South Korean Foreign Minister Cho Tae-yul put their names to": he and those named with him.
# ('she told reporters, and demanded': a reporting verb's comma between.)
# ("He and his North Korean counterpart, No Kwang Chol, signed": an apposition after the partner.)
_PERSONAL_SUBJECT = re.compile(r"\b(?:he|she)\s+(?:\"?(?:\w+,?\s+){0,4}\"?|and\s+(?:[\w'-]+,?\s+){1,8})$",
                               re.IGNORECASE)
# A clause opening on "the" or "both", at most eight words before the verb ("The Minister and the High
# Representative condemned"); further off, the verb is not that phrase's.
# (Also after a leading phrase: "Of particular interest to clients in Asia, the package also lists ...".)
_DEFINITE_SUBJECT = re.compile(r"^\s*(?:the|both)\s+(?:\S+\s+){0,7}$"
                               r"|^[^,\s][^,]{0,79}\s[^,]*,\s+the\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
_FORCE_SUBJECT = re.compile(r"\s*the\s+(?:[\w-]+\s+){0,2}?(?:contingent|troops|soldiers|units?|forces|battalions?"
                            r"|brigades?|reinforcements|wave|batch|deployment)\b", re.IGNORECASE)
# A joint statement in the passive: "a joint press statement was issued by the two ministers", "the joint statement
# of the leaders was adopted": those named after "by", else the two who acted together last.
_ISSUED_PASSIVE = re.compile(r"(?:\s+of\s+the\s+(?:two\s+)?(?:leaders|ministers|sides|presidents))?(?:\s+(?:was|were"
                             r"|has\s+been|had\s+been)\s+(?:issued|adopted|announced|released|published"
                             r"|agreed(?:\s+on)?)\b(?:\s+by\s+)?"
                             # "the Washington Summit Declaration, adopted by NATO leaders"
                             r"|,\s+(?:issued|adopted|released|published)\s+by\s+)", re.IGNORECASE)
# A visit as a journey's purpose: "... for a state visit", "... on an official visit".
_JOURNEY_PURPOSE = re.compile(r"\b(?:for|on)\s+(?:an?|his|her|their)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# A journey to come, whose purpose the visit is: "is due to fly on to Hanoi later on Wednesday for a state visit".
_JOURNEY_TO_COME = re.compile(
    r"\b(?:will|would|(?:is|are|was|were)\s+(?:(?:due|set|expected|scheduled)\s+)?to|plans?\s+to)\s+"
    r"(?:(?:also|then|later|soon)\s+)?(?:(?:be\s+)?(?:fly|flying|travel|travelling|traveling|head|go"
    r"|leave|depart|come|return))\b[^.;,]*$", re.IGNORECASE)
# A government's body named without its country: "The foreign ministry", "Then, this afternoon, the government".
_NATIONAL_BODY = re.compile(r"(?:[^,.;]*,\s+){0,2}(?:the\s+)?(?:(?:foreign|defen[cs]e|unification)\s+ministry"
                            r"|government|presidential\s+office|foreign\s+office)\s+(?:\w+\s+)?$", re.IGNORECASE)
# Bodies that have no foreign ministry or government of their own.
_NO_MINISTRIES = frozenset(("EU", "UN", "NATO", "G7", "ASEAN", "CSTO"))
# Bodies whose summit declarations are their members' joint statement (not the EU's or the UN's own declarations).
_SUMMIT_BODIES = frozenset(("G7", "G20", "NATO", "ASEAN", "APEC", "BRICS", "GCC"))
_JOINT_WORD = re.compile(r"\b(?:[Jj]oint|[Tt]rilateral)\b")
# Bodies whose members meet among themselves (rust: MEMBERS_GATHER): where they meet is no side of the meeting.
_MEMBERS_GATHER = frozenset((*_NO_MINISTRIES, "G20", "OSCE", "Council of Europe", "BRICS"))
_MEMBERS_WORD = re.compile(r"\s+(?:(?:foreign|defen[cs]e|finance|trade|interior)\s+)?(?:ministers|leaders|members"
                           r"|allies|heads\s+of\s+(?:state|government)|ambassadors|envoys|delegates)\b")
# "said on Wednesday that ..., and that it had asked": "it" in a clause reported by the sentence's speaker.
# (Or quoting its words: 'said on Wednesday that it "strongly condemns"'.)
_SAID_THAT_IT = re.compile(r"\b(?:said|says|stated|announced|added|noted|confirmed)\b[^.;\"]*?\bthat\s+it\s+"
                           r"[\"']?(?:\w+\s+){0,2}$")
# Several parties: "The leaders adopted a joint statement", "The ministers signed a plan": those who met last,
# when the last act was one side's ("who travelled to Seoul for the summit").
_PLURAL_PARTIES = re.compile(r"\s*(?:the|both)\s+(?:two\s+)?(?:leaders|(?:foreign\s+)?ministers|sides|delegations"
                             r"|presidents|heads\s+of\s+state|heads\s+of\s+government)\b", re.IGNORECASE)
_SINGULAR_TITLE = re.compile(
    r"\s*the\s+(?:[\w-]+\s+){0,2}?(?:minister|president|chancellor|secretary|envoy|ambassador|leader|premier"
    r"|spokes(?:man|woman|person)|chief|official|commissioner|representative|king|diplomat)\b", re.IGNORECASE)
# "The Council of Europe condemned ...": a body's proper name the lexicon does not know is someone else, not
# those who acted last. So is a party at home ("The opposition People Power Party urged the government").
_NAMED_BODY = re.compile(r"\b(?:Council|Court|Commission|Assembly|Parliament|Organi[sz]ation|Committee|Institute"
                         r"|Foundation|Bank|Fund|League|Tribunal|Centre|Center|Forum|Agency|Party)\b")
# What may come before a sentence's opening subject: names, capitals, "the" ("On Friday, Kim and Putin").
_OPENING_LEAD = re.compile(r"(?:(?:[A-Z0-9][^\s,]*,?|the|and|of)\s+)*$")
# "The G7 foreign ministers said they condemn": people of one body, speaking of themselves (from the subject's first
# name to "they"; not one person's "Kallas said they had sent troops", who speaks of others).
_PLURAL_SAYS = re.compile(r"^[^,;]{0,40}?\b(?:ministers|leaders|officials|diplomats|members|governments|envoys"
                          r"|representatives|delegations|allies|partners|lawmakers|spokespeople)\s+(?:(?:also|jointly"
                          r"|then|later)\s+)?(?:said|say|stated|declared|added|stressed|warned|insisted|announced"
                          r"|agreed|vowed|noted)\s+(?:that\s+)?$", re.IGNORECASE)
_SUBJECT_REACH = 80  # characters from the clause start within which its subject is named
_NEGATION_REACH = 60  # characters before a trigger searched for a negation ("failed on Monday to agree on")
_MODAL_REACH = 80  # characters before a trigger searched for a modal ("will meet Kim in Moscow and sign")
# A verb not in its bare form ("signed", "meets", "met"): "and sign" goes on from "will visit", "and signed"
# does not.
_INFLECTED = re.compile(r"[a-z]*(?:ed|[^s]s)\b|(?:met|held|spoke|flew|broke|froze|slew|had|made|took|cut)\b",
                        re.IGNORECASE)
# "met Yoon at the NATO summit": the body whose meeting it is hosts the venue, it does not meet.
_VENUE_AFTER = re.compile(r"\s+(?:summit|conference|forum|ministerial|gathering)\b", re.IGNORECASE)
_VENUE_BEFORE = re.compile(
    r"\b(?:at|during|on\s+the\s+sidelines\s+of|on\s+the\s+margins\s+of|attend(?:s|ed|ing)?)"
    # ("attending his first G20 summit")
    r"\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?(?:(?:first|second|third|annual|latest|last|\w+th)\s+)?$",
    re.IGNORECASE)
# "at the NATO summit in The Hague", "a conference in Munich": the city hosts a gathering of others; "the Russian
# Embassy in Seoul" is no mission of its host.
_GATHERING_IN = re.compile(r"\b(?:summit|conference|forum|gathering|ministerial|session|embassy|embassies|consulate"
                           r"|legation)\s+in\s+(?:the\s+)?$", re.IGNORECASE)
_WHERE_AFTER = re.compile(r",\s+where\b")
# A dateline: where the story was filed, not who acts ("SEOUL (AP) -", "SEOUL, Sept 14 (Reuters) -",
# "PYONGYANG, September 13. /TASS/."). The city in capitals, then an agency or a dash.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'-]{2,}(?:\s+[A-Z][A-Z.'-]+){0,3}(?:/[A-Z][A-Z.'-]{2,})?(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?)?"
    r"(?:\s*(?:\([^()]{1,40}\)|/[A-Za-z]+/\.?)\s*(?:--|-|\u2014|\u2013)?|\s*(?:--|-|\u2014|\u2013))\s"
    # A press release's: "Berlin, 20 June 2025.", "Brussels, October 21, 2024 -".
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+(?:\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?)\s+\d{4}"
    r"\s*(?:[.:]|--|-|\u2014|\u2013)\s")
# "in violation of UN Security Council resolutions", "the UN Charter": a body's texts, not the body; no
# action is by it or aimed at it.
_REFERENCE_WORD = re.compile(r"resolution|charter|convention", re.IGNORECASE)  # one search, not one per mention
_REFERENCE_AFTER = re.compile(r"\s+(?:Security\s+Council\s+)?(?:resolutions?|charter|conventions?)\b",
                              re.IGNORECASE)
# "Seoul says North Korean troops arrive": only the noun's words between the troops and the verb.
_NOUN_GAP = re.compile(r"^\s+(?:[\w'-]+\s+){0,3}$")
# "expressing concern ... and calling for", "condemned ... and called for": a verb right after "and", or a
# participle after a comma, goes with the sentence's subject, the actors of the action before it.
# A participle after a comma, "and", or a statement's noun ("issued a joint statement condemning ...").
# ("a joint statement with the United States and Japan condemning": its parties condemn.)
_PARTICIPLE_BEFORE = re.compile(r"(?:,|\band|\b(?:statement|declaration|communiqu[eé])(?:\s+with\s+(?:the\s+)?"
                                r"[A-Z][\w.'-]*(?:(?:\s+|\s*,\s*|\s+and\s+)(?:the\s+)?[A-Z][\w.'-]*){0,5})?)\s+$")
_STATEMENT_WITH = re.compile(r"^\s+with\s+(?:the\s+)?")
_STATEMENT_BY = re.compile(r"^,?\s+(?:issued|released|adopted|signed|published)\s+(?:(?:on|last|this)\s+\w+\s+)?by\s+")
# Or an adjunct after the clause: "Borrell and Cho condemned ... , in a joint press statement issued after ...".
# (Or a verb joined before a noun that is the act: "..., and adopted a joint statement on", "and issued a joint
# declaration".)
_AND_PASSIVE = ("and was ", "and were ", "and is ", "and are ")
_AND_BEFORE = re.compile(r"\band\s+(?:also\s+|then\s+)?"
                         r"(?:(?:adopted|issued|released|published)\s+(?:a|an|the|their)\s+)?$|,\s+in\s+(?:a|an|their|the)\s+$")
# "visited the Russian embassy in Pyongyang": a country's mission abroad is not that country.
_MISSION_AFTER = re.compile(r"^\s+(?:embassy|embassies|consulate|consulates|mission|legation)\b", re.IGNORECASE)


@dataclass(slots=True)
class _Context:
    """What the article said so far: for "they", "the two countries", surnames."""

    last_actors: tuple[str, ...] = ()
    last_pair: tuple[str, ...] = ()  # the last action's actors that were two or more
    last_two: tuple[str, ...] = ()  # the last action's actors that were exactly two
    last_targets: tuple[str, ...] = ()
    by_type: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    surnames: dict[str, str | None] = field(default_factory=dict)
    last_person: str | None = None  # whose the person named last is: for "he", "she"
    last_gender: str = ""  # that person's: "f" (one of the vocabulary's ``women``), "m" (named, not one) or ""
    last_woman: str | None = None  # whose the woman named last is: for "she" after a man was named
    last_man: str | None = None  # whose the person named last who is none of the ``women`` is: for "he"
    # Whose the person a sentence opened on is ("Kim Hong Kyun called in Ambassador Zinoviev. He urged"): "he" at
    # the start of the next is the subject it continues, not the person named last.
    opening_person: str | None = None
    opening_gender: str = ""
    # Whose the actor a sentence opened on is ("Seoul reacted within hours."): "the foreign ministry" in the next.
    opening_actor: str | None = None
    recent: list[str] = field(default_factory=list)  # actors named so far, the latest first: for "the two leaders"
    named_last: dict[str, str] = field(default_factory=dict)  # a name's word -> whose person bore it last
    # The last list of each length (three or more) the article named: for "the four", "the eight countries".
    lists: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Whether the sentence before named a joint text ("The leaders adopted a joint statement"): for "It condemned".
    document_before: bool = False


#: The counts that stand for a list just named ("the four condemned").
_COUNT_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12}
# The words between two names of a list: "Australia, Japan, New Zealand and the Republic of Korea".
_LIST_JOIN = re.compile(r"^\s*(?:,|and|&|,\s*and)\s*(?:the\s+)?$")
# A title between two names of one actor: "Japanese Foreign Minister Takeshi Iwaya", "U.S. Secretary of State Rubio".
_TITLE_GAP = re.compile(r"^\s+(?:(?:[A-Z][\w.'-]*|of|the|for)\s+){1,6}$")


def _list_runs(sentence: str, mentions: Sequence[Mention], joined: Callable[[str], bool]) -> Iterator[list[str]]:
    """The run of actors named side by side (``joined`` says whether the words between two join them), as it stands
    after each mention: "Washington", "Washington, Seoul", "Washington, Seoul and Tokyo"."""
    run: list[str] = []
    previous: Mention | None = None
    for m in mentions:
        if previous is None or not joined(sentence[previous.end:m.start]):
            run = []
        if m.entity not in run:
            run.append(m.entity)
        yield run
        previous = m


def _lists_named(sentence: str, mentions: Sequence[Mention], lists: dict[int, tuple[str, ...]]) -> None:
    """Record, by length, the runs of three or more actors a sentence names as a list (whole lists only:
    "Australia, Japan, New Zealand and South Korea" is a list of four, not also of three)."""
    # One actor named by title and name is one item: "Japanese Foreign Minister Takeshi Iwaya".
    merged: list[Mention] = []
    for m in mentions:
        if merged and merged[-1].entity == m.entity and merged[-1].end <= m.start \
                and _TITLE_GAP.match(sentence[merged[-1].end:m.start]):
            merged[-1] = merged[-1]._replace(end=m.end)
        else:
            merged.append(m)
    last: tuple[str, ...] = ()
    for run in _list_runs(sentence, merged, lambda gap: _LIST_JOIN.match(gap) is not None):
        if len(run) == 1 and len(last) >= 3:
            lists[len(last)] = last
        last = tuple(run)
    if len(last) >= 3:
        lists[len(last)] = last


def _counted(words: str, sentence: str, mentions: Sequence[Mention], start: int, ctx: _Context) -> list[str]:
    """The list "the four", "all eight countries" stand for: the last list of that length named, in this sentence
    before ``start`` or before it; none when the words hold no count or no such list was named."""
    count = next((_COUNT_WORDS[w] for w in words.lower().split() if w in _COUNT_WORDS), None)
    if count is None:
        return []
    here: dict[int, tuple[str, ...]] = {}
    _lists_named(sentence, [m for m in mentions if m.end <= start], here)
    # ("Takaichi held talks with Costa and von der Leyen, and the three issued": the people named before.)
    people = [m.entity for m in mentions if m.end <= start and m.role == "person"]
    return list(here.get(count) or (tuple(dict.fromkeys(people)) if len(people) == count else ())
                or ctx.lists.get(count) or ())


def _gender(m: Mention, vocab: Vocabulary) -> str:
    """A person's: "f", one of the vocabulary's ``women``; "m", a person named who is not; "" when only described
    ("the United States' delegate")."""
    return "f" if vocab.women.fullmatch(m.text) else "m" if m.text else ""


def _by_pronoun(ctx: _Context, pronoun: str, person: str | None, gender: str) -> str | None:
    """Whose the person a pronoun stands for: ``person`` (of ``gender``), unless the pronoun says otherwise and the
    article named someone who fits: "she" after a man, "he" after a woman."""
    if pronoun.lower().startswith(("she", "her")):
        return ctx.last_woman if gender == "m" and ctx.last_woman is not None else person
    return ctx.last_man if gender == "f" and ctx.last_man is not None else person


def _named_by(ctx: _Context, pronoun: str, mentions: Sequence[Mention], before: int, opens: bool,
              vocab: Vocabulary) -> str | None:
    """Whose the person "he" or "she" at ``before`` stands for: the last one named before it in the sentence who
    fits the pronoun, else the person the sentences before opened on (``opens``) or named last."""
    people = [m for m in mentions if m.end <= before and m.role == "person"]
    if people:
        last, gender = people[-1], _gender(people[-1], vocab)
        if gender == ("m" if pronoun.lower().startswith(("she", "her")) else "f"):
            # ("Cho Hyun thanked Kallas, and he urged": the man named before the woman.)
            fits = next((m for m in reversed(people) if _gender(m, vocab) not in ("", gender)), None)
            if fits is not None:
                return fits.entity
        return _by_pronoun(ctx, pronoun, last.entity, gender)
    if opens and ctx.opening_person is not None:
        return _by_pronoun(ctx, pronoun, ctx.opening_person, ctx.opening_gender)
    return _by_pronoun(ctx, pronoun, ctx.last_person, ctx.last_gender)


def _remember(ctx: _Context, sentence: str, mentions: Sequence[Mention], vocab: Vocabulary) -> None:
    """What a sentence names, for the sentences after it."""
    _lists_named(sentence, mentions, ctx.lists)
    for m in mentions:
        if m.role == "person":
            ctx.last_gender = _gender(m, vocab)
            if ctx.last_gender == "f":
                ctx.last_woman = m.entity
            elif ctx.last_gender == "m":
                ctx.last_man = m.entity
    # Three or more people named ("Lee held talks with Costa and von der Leyen"): whom "the three leaders" stand for.
    people = [m.entity for m in mentions if m.role == "person"]
    if len(people) >= 3:
        ctx.lists[len(people)] = tuple(dict.fromkeys(people))
    ctx.last_person = next((m.entity for m in reversed(mentions) if m.role == "person"), ctx.last_person)
    opening = next((m for m in mentions if m.role != "non_actor"), None)
    # "Russian Security Council Secretary Sergei Shoigu arrived ...": a title of the same country before the person
    # (opening the sentence: not "Asked about U.S. President Donald Trump's offer, Lavrov said").
    person = opening if opening is None or opening.role == "person" else \
        next((m for m in mentions if m.role == "person"), None) if opening.start <= 4 else None
    # ("In June 2019 he met his South Korean counterpart": a sentence whose subject is "he" goes on with the person
    # the sentences before opened on.)
    if not _continues_subject(sentence, mentions):
        ctx.opening_person = person.entity if person is not None and opening is not None \
            and person.entity == opening.entity and person.start <= _SUBJECT_REACH else None
        ctx.opening_gender = _gender(person, vocab) if ctx.opening_person is not None and person is not None else ""
    # (Only of a sentence about that actor alone: "Seoul reacted within hours", not "In exchange, Russia is
    # suspected to transfer technology to Pyongyang".)
    ctx.opening_actor = opening.entity if opening is not None and opening.start <= _SUBJECT_REACH \
        and opening.role in ("name", "capital", "person") and opening.entity not in _NO_MINISTRIES \
        and all(m.entity == opening.entity for m in mentions if m.role != "non_actor") else None
    for m in mentions:
        if ctx.recent[:1] != [m.entity]:
            ctx.recent = [m.entity, *(e for e in ctx.recent if e != m.entity)][:4]
        if m.role == "person":
            for token in m.text.replace("-", " ").split():
                if len(token) >= 3:
                    ctx.named_last[token] = m.entity


_HE_WORD = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_HE_REACH = 60  # characters: "On November 1 of that year he and Josep Borrell signed" opens on "he"


# A leading phrase, then "he" or "she" speaks: "Noting that Foreign Minister Choe Son Hui had arrived in Moscow, she
# said ..." goes on with the speaker before it, whoever the phrase names (rust: `lead_he`).
_LEAD_HE = re.compile(r"(?:[A-Z][a-z]+ing|Asked|After|Before|While|When|As|Although|Though|Despite)\b[^\"]{0,160}?,\s+"
                      r"(?:he|she)\s+(?:also\s+|further\s+)?(?:said|says|told|added|stressed|warned|noted|called|urged"
                      r"|argued|insisted|recalled|pointed|expressed)\b")


def _continues_subject(sentence: str, mentions: Sequence[Mention]) -> bool:
    """Whether a sentence goes on with the subject before it: its subject is "he" or "she" before it names any actor
    (after a leading phrase at most), or it names no actor at all."""
    if (", he " in sentence or ", she " in sentence) and _LEAD_HE.match(sentence):
        return True
    he = _HE_WORD.search(sentence, 0, _HE_REACH)
    at = he.start() if he is not None else len(sentence) + 1
    return not any(m.start < at and m.role != "non_actor" for m in mentions)


def _pair(ctx: _Context) -> list[str]:
    """Whom "the two leaders", "both sides" stand for: those who acted last when they were two or more, else
    the last two who acted together ("Shoigu met Kim ... on his second visit. The two sides discussed"), else
    the last two actors named ("Yoon met Polish President Duda. The two leaders condemned ..."). When more than two
    acted last, the last two who acted together are the two ("Korea and the EU held a dialogue. The partnership was
    signed ..., making Korea the second country after Japan to conclude one. The two sides condemned ...")."""
    if len(ctx.last_actors) > 2 and ctx.last_two:
        return list(ctx.last_two)
    return list(ctx.last_actors) if len(ctx.last_actors) >= 2 else list(ctx.last_pair) or ctx.recent[:2]


# Words of two letters in names that are no one's surname, or that open English sentences ("No agreement was
# signed" is not Defence Minister No Kwang Chol; "To date" is not To Lam).
_PARTICLES = frozenset(("Al", "El", "Le", "La", "De", "Da", "Di", "Du", "Jr", "St", "Mr", "Ms", "Dr", "Mc", "Ed",
                        "No", "To", "In", "On", "At", "As", "If", "It", "Of", "By", "An", "So", "Do", "Go", "He",
                        "We", "Be", "Or", "Us", "Up", "My", "Me", "Is", "Am"))


def _learn_surnames(ctx: _Context, sentence: str, mentions: Sequence[Mention]) -> None:
    for m in mentions:
        if m.role != "person":
            continue
        for token in m.text.replace("-", " ").split():
            # Two letters are a surname ("Xi", "Li", "Wu"), not a particle ("Al", "De").
            if len(token) < 3 and (len(token) < 2 or token in _PARTICLES):
                continue
            known = ctx.surnames.get(token, m.entity)
            ctx.surnames[token] = known if known == m.entity else None  # ambiguous within the article


#: What the article said so far (its surnames among it), as other extractors see it.
SurnameContext = _Context


def surname_context(sentences: Sequence[str], lexicon: EntityLexicon,
                    mentions: Sequence[Sequence[Mention]] | None = None) -> _Context:
    """What an article's sentences teach about its people's surnames ("Kim" -> North Korea when it named Kim
    Jong Un), for :func:`with_surnames`; the figure extractor reads the same. ``mentions``: each sentence's, when
    known (with the people the lexicon does not know), else the lexicon's."""
    ctx = _Context()
    for i, sentence in enumerate(sentences):
        _learn_surnames(ctx, sentence, lexicon.find(sentence) if mentions is None else mentions[i])
    return ctx


def with_surnames(ctx: _Context, sentence: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` plus the people ``sentence`` names by a word of their name only ("Kim sent ...")."""
    return _mentions_with_surnames(ctx, sentence, mentions)


def _mentions_with_surnames(ctx: _Context, sentence: str, mentions: list[Mention]) -> list[Mention]:
    # A surname is found only as a whole token, so a sentence holding none of them as text has none:
    # most sentences, checked by substring searches instead of a pass over every capitalised word.
    if not any((entity or name in ctx.named_last) and name in sentence for name, entity in ctx.surnames.items()):
        return mentions
    extra = []
    for tok in (_NAME_TOKEN if sentence.isascii() else _ANY_NAME_TOKEN).finditer(sentence):
        if not (tok.group(0)[0].isupper() and tok.group(0)[1].islower()):
            continue  # (a word, not a name: the Unicode pattern takes any letter)
        # A word two people's names share ("Kim") is the one named last before this sentence.
        entity = ctx.surnames.get(tok.group(0)) or ctx.named_last.get(tok.group(0))
        if entity and _GIVEN_NAME_AFTER.match(sentence, tok.end()) and not _NOT_A_NAME_AFTER.match(sentence, tok.end()):
            continue  # "Kim Hong-kyun": another person of that family name
        if entity and not any(m.start <= tok.start() < m.end for m in mentions):
            extra.append(Mention(entity, tok.start(), tok.end(), "person", tok.group(0)))
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions


# "the UN special rapporteur on North Korean human rights", "Seoul's ambassador-at-large for North Korean human
# rights", "the US special representative for North Korea": what an office is for does not act.
_REMIT_BEFORE = re.compile(r"\b(?:rapporteurs?|envoys?|representatives?|ambassador-at-large|coordinators?"
                           r"|commissioners?)\s+(?:for|on)\s+(?:the\s+)?$", re.IGNORECASE)
_REMIT_STEMS = ("apporteur", "nvoy", "epresentative", "mbassador-at-large", "oordinator", "ommissioner")
# "the former Dutch prime minister urged them": who once served a country does not act for it now.
_FORMER = ("former ", "Former ", "ex-")


def _as_actors(sentence: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions, with those that cannot act given the role "non_actor": a country's troops, land,
    companies, people, vessels or former officials ("North Korean soldiers", "Ukrainian soil", "a South Korean
    chipmaker", "the former Dutch prime minister"), a place a clause goes on from ("in Brussels, where he met")
    and the host of a venue ("at the NATO summit"), and the city of a dateline ("SEOUL (AP) -"). They may still
    be what an action is aimed at."""
    out = [m for m in mentions if not _REFERENCE_AFTER.match(sentence, m.end)] \
        if _REFERENCE_WORD.search(sentence) else list(mentions)
    where = "where" in sentence
    # (Substring checks first: few sentences name an office's remit.)
    remit = (" for " in sentence or " on " in sentence) and any(w in sentence for w in _REMIT_STEMS)
    # ("FIUGGI, Italy - Foreign ministers of the Group of Seven ...": a city the lexicon does not know, and its
    # country.)
    dateline = _DATELINE.match(sentence) if out and (out[0].start == 0 or sentence[:3].isupper()) else None
    regime = "sanction" in sentence or "measures" in sentence
    for i, m in enumerate(out):
        if (dateline is not None and m.end <= dateline.end()) or \
                (m.role == "demonym" and _NOT_ACTING_AFTER.match(sentence, m.end)) or \
                (m.role == "demonym" and sentence.endswith(_FORMER, 0, m.start)) or \
                (m.role == "demonym" and m.text.endswith("s") and _COUNTED_PEOPLE.search(sentence, 0, m.start)) or \
                (m.role in ("capital", "name") and sentence.endswith(("from ", "from the "), 0, m.start)
                 and _PEOPLE_FROM.search(sentence, max(0, m.start - 60), m.start) is not None) or \
                (remit and _REMIT_BEFORE.search(sentence, max(0, m.start - 40), m.start) is not None) or \
                sentence.startswith(_RELATED_SUFFIXES, m.end) or \
                (m.role == "capital" and _CITY_INSTITUTION.match(sentence, m.end)) or \
                (m.entity in _HOSTING_BODIES and _MISSIONS_OF.match(sentence, m.end)) or \
                (where and m.role in ("capital", "name") and _WHERE_AFTER.match(sentence, m.end)) or \
                (m.role != "person" and _VENUE_AFTER.match(sentence, m.end)
                 and _VENUE_BEFORE.search(sentence, 0, m.start)) or \
                (m.role in ("capital", "name") and " in " in sentence[max(0, m.start - 5):m.start]
                 and _GATHERING_IN.search(sentence, max(0, m.start - 30), m.start)) or \
                (regime and m.role == "name" and _REGIME_AFTER.match(sentence, m.end)):
            out[i] = m._replace(role="non_actor")
    return out


# A sanctions regime named by whom it is aimed at: "the EU's 15th Russia sanctions package", "its Russia sanctions
# list".
_REGIME_AFTER = re.compile(r"\s+(?:sanctions?|restrictive\s+measures)\s+(?:package|list|regime|programme|program)s?\b")


def _uniq(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(set(items)))


_OWNERS_JOINED = ("'s", "", "'s and", "'s, and")
# (Not right after the verb: "demanded from Moscow and Pyongyang the immediate withdrawal" asks them.)
_PULLED_FROM = re.compile(r"\S\s+(?:from|out\s+of|leave|leaves|quit)\s+(?:the\s+)?$", re.IGNORECASE)
# Why, not on whom: "sanctions over the war in Ukraine".
_WAR_CAUSE = re.compile(r"\b(?:over|for)\s+(?:(?:the|its|their)\s+)?(?:[\w-]+\s+)?(?:war|invasion|aggression|conflict)"
                        r"\s+(?:in|on|against)\s+(?:the\s+)?$", re.IGNORECASE)
# An act's noun after its owner: "Putin's June 2024 visit".
_OWNED_BEFORE = re.compile(r"'s\s+(?:[\w-]+\s+){0,3}$")
# From one owner to the next: "'s dispatch of troops to Russia and " (Moscow's acceptance).
_OWNED_AND = re.compile(r"^'s\s+[a-z][^,;\"]{0,60}?\s(?:and|as\s+well\s+as)\s+(?:the\s+)?$")
# "condemned North Korea's military cooperation with Russia": a tie is both sides'.
_OWNED_WITH = re.compile(r"^'s\s+(?:[a-z][\w-]*\s+){0,3}?(?:cooperation|collaboration|collusion|ties|alliance"
                         r"|partnership|dealings)\s+with\s+(?:the\s+)?$")


def _object(sentence: str, mentions: Sequence[Mention], start: int, limit: int, *, actors_only: bool = False
            ) -> list[str]:
    """The first actor named after ``start`` (within ``limit``), plus actors joined to it by "and".

    ``actors_only``: skip mentions that cannot act (for a partner, not a target).
    """
    after = [m for m in mentions if m.start >= start and not (actors_only and m.role == "non_actor")]
    if not after or after[0].start - start > limit or _REQUESTER_BEFORE.search(sentence, start, after[0].start) \
            or _WAR_CAUSE.search(sentence, start, after[0].start):
        # "met on Wednesday at the request of the United States": who asked for it, not who met; "sanctions over the
        # war in Ukraine": why, not on whom.
        return []
    out = [after[0]]
    last_end = after[0].end
    for m in after[1:]:
        gap = sentence[last_end:m.start]
        if m.entity == out[-1].entity and gap.startswith(", ") and len(gap) <= 50 and " and " not in gap \
                and m.role != "person":
            # "met Marco Rubio, Secretary of State of the United States, and Cho Tae-yul": an apposition naming the
            # same side; the list goes on after it.
            last_end = m.end
            continue
        if "," in gap and (_SOURCE_AFTER.match(sentence, m.end) or sentence.startswith("'s ", m.end)
                           or _OWN_VERB_AFTER.match(sentence, m.end)):
            # "a summit with Putin, the NIS said": the source of the report; "urged China, North Korea's main ally,
            # to": an apposition; not one more object.
            break
        if ", and" in gap and _JOINED_SUBJECT_AFTER.match(sentence, m.end):
            break
        # ("North Korea's and Russia's decision": both owners.)
        if _CONJ.match(gap) or gap.strip() in _OWNERS_JOINED:
            out.append(m)
            last_end = m.end
        elif len(out) == 1 and _OWNED_WITH.match(sentence[out[0].end:m.start]):
            out.append(m)
            break
        else:
            if len(out) == 1 and sentence.startswith("'s ", out[0].end):
                # "North Korea's dispatch of troops to Russia and Moscow's acceptance of them": the owners of the
                # two things, past a place named inside the first.
                owner = next((x for x in after if x.start >= m.start and sentence.startswith("'s ", x.end)
                              and _OWNED_AND.match(sentence[out[0].end:x.start])), None)
                if owner is not None:
                    out.append(owner)
            break
    # "condemned the deployment of North Korean troops to Russia and Russia's use of them": an owner joined by
    # "and" to the object, within its phrase, is aimed at too.
    named = {o.entity for o in out} if not actors_only and sentence.find("'s ", out[-1].end) >= 0 else None
    if named is not None and (nxt := next((m for m in after if m.start >= out[-1].end and m.entity not in named
                                         and sentence.startswith("'s ", m.end)), None)) is not None \
            and nxt.start - out[0].end <= _OWNER_JOINED_REACH \
            and _AND_OWNER.search(sentence, out[-1].end, nxt.start) \
            and not _OWNER_BREAK.search(sentence, out[-1].end, nxt.start):
        out.append(nxt)
    if not actors_only and " between " in sentence:
        out += _tie_joined(sentence, after, out[-1].end)
    return [m.entity for m in out]


def _tie_joined(sentence: str, after: Sequence[Mention], end: int) -> list[Mention]:
    """The two sides of a tie joined to the object: "condemned the dispatch of North Korean soldiers to Russia
    and the deepening military cooperation between Pyongyang and Moscow" is aimed at both."""
    for one, two in itertools.pairwise(m for m in after if m.start >= end):
        if one.start - end > _TIE_JOINED_REACH:
            break
        if sentence[one.end:two.start].strip() == "and" and _AND_TIE.search(sentence[end:one.start]):
            return [one, two]
    return []


_OWNER_JOINED_REACH = 80  # characters from the object to an owner joined to its phrase
_AND_OWNER = re.compile(r"\sand\s+(?:the\s+)?$")
_TIE_JOINED_REACH = 100  # characters from the object to the first side of a tie joined to it
_AND_TIE = re.compile(r"^[^;:\"()]*?,?\s(?:and|as\s+well\s+as)\s+(?:the|their|its|growing|deepening|expanding|illegal"
                      r"|unlawful)\s+(?:[\w-]+\s+){0,2}?(?:cooperation|collaboration|collusion|ties|alliance|partnership"
                      r"|dealings|arms\s+trade)\s+between\s+(?:the\s+)?$")
_OWNER_BREAK = re.compile(r"[,;:\"()]")


def extract_actions(
    sentences: Sequence[str], *, published: datetime | None = None, lexicon: EntityLexicon | None = None,
    use_native: bool = True, home: str | None = None, speakers: Sequence[str | None] | None = None,
    official: bool = False,
) -> list[DiplomaticAction]:
    """Diplomatic actions in an article's sentences, in order.

    ``home``: the country of the outlet that published the article (:meth:`EntityLexicon.home_of`), whose
    "the foreign ministry" is its own when no dateline says otherwise. ``speakers``: each sentence's speaker
    label in a transcript (:func:`~monitor.analysis.text.sentences_and_speakers`), whose side "we" and "I" are.
    ``official``: the article is the home government's own text (:meth:`EntityLexicon.official`), whose bare
    "the ministry" is its own.

    With the native kernels installed (and ``use_native``), an article whose sentences with keywords
    are all printable ASCII is read by the native extractor: the same rules, the same results.
    """
    vocab = vocabulary()
    lexicon = lexicon or default_lexicon()
    # A question asks whether an act happens, it does not report one ("Would China join calls for the troops to
    # be pulled out?").
    # (Nor does an outlook's scenario: "Possible: Kim Jong Un travels to Russia later in 2025".)
    scan = [kinds if not kinds or not (s.rstrip(' "\'').endswith("?") or is_scenario(s)) else set()
            for s, kinds in zip(sentences, vocab.scanner.scan(sentences), strict=True)]
    # An interview's "Q: " and "A: " labels are not words of the sentence; which sentences answer is kept.
    answers: list[bool] | None = None
    if sum(s.startswith(_QA_LABELS) for s in sentences[:60]) >= 2:
        sentences, answers = _interview(sentences)
    elif sum(s.endswith("?") for s in sentences) >= 3:
        # (Or questions set apart with no labels: "POLITICO spoke to ... | How many troops does the EU think are in
        # Russia? | We rely largely on our Korean and Ukrainian partners.")
        answers = _unlabelled_interview(sentences)
    # "The bloc imposed sanctions": a description stands for the actor the article named (the EU).
    named = lexicon.with_descriptions(sentences, [lexicon.find(s) for s in sentences])
    # "Poland's defence minister, Wladyslaw Kosiniak-Kamysz, ...": people introduced by a country's title.
    named = with_titled_people(sentences, named)
    # "The representative of the Republic of Korea said": a delegate, a person of the country spoken for.
    named = _with_delegates(sentences, named)
    # "MINISTER CHO: ... We demanded that Russia send ...": a transcript's speaker's side.
    labelled = False
    if speakers is not None and any(speakers):
        named, labelled = _with_labelled_speakers(sentences, named, speakers, lexicon)
    # '"We condemn ...," she said', "We, the G7 Foreign Ministers, ...", "It calls on the DPRK": who speaks.
    named = _with_speakers(sentences, named)
    # "I met my counterpart", "We condemned ...": in an interview's answers, the interviewee's side.
    if answers is not None and not labelled:
        named = _with_interviewee(sentences, named, answers)
    elif not labelled:
        # "Speech by High Representative Kaja Kallas at ...", "By Cho Tae-yul, Minister of Foreign Affairs of the
        # Republic of Korea": a speech's or an official's own article's "we", "I", "my government".
        named = _with_author(sentences, named)
    elif speakers is not None:
        # "Briefing by Foreign Ministry Spokeswoman Maria Zakharova": her words up to the first labelled turn.
        first = next(i for i, label in enumerate(speakers) if label)
        if first > 1:
            named = [*_with_author(sentences[:first], named[:first]), *named[first:]]
    # "ROK MOFA summoned RF amb. | Condemned RU-DPRK mil. cooperation.": a cable's bullet that drops its subject.
    named = _with_dropped_subjects(sentences, named, scan, vocab)
    # "Seoul has taken a firm line: in October it summoned the Russian ambassador": the body the sentence opened on.
    named = _with_clause_it(sentences, named)
    # "Choe Son Hui pressed on with her visit, and Putin received her at the Kremlin": whom "her" stands for.
    named = _with_object_pronouns(sentences, named, vocab)
    # "The European Parliament, ... 3. Condemns in the strongest terms ...": a resolution's paragraphs are its author's.
    named = _with_document_author(sentences, named)
    # "SEOUL, Nov. 14 (Yonhap) -- ... the foreign ministry said": the government of the dateline's country.
    named = _with_home_government(sentences, named, home, official)
    # "Vice Foreign Minister Kim Hong-kyun summoned ... The ministry said": the ministry named last.
    named = _with_the_ministry(sentences, named)
    # "... North Korean individuals since it first sanctioned the country's defence minister": the country just named.
    if any("the country's" in s for s in sentences):
        named = [_with_the_country(s, ms) if "the country's" in s else ms
                 for s, ms in zip(sentences, named, strict=True)]
    # Mentions in order, never overlapping, as the lexicon finds them (the native extractor relies on it).
    named = [ms if all(a.end <= b.start for a, b in itertools.pairwise(ms)) else _apart(ms) for ms in named]
    # "Security Council chief Sergei Shoigu": a body named as a person's title is his office, not one more actor.
    named = [_without_title_bodies(s, ms) if len(ms) >= 2 and " " in s else ms for s, ms in zip(sentences, named,
                                                                                                 strict=True)]
    # "Lukas Brenner, a German member of the European Parliament": an MEP acts for the Parliament, not his country.
    named = [[m for m in ms if m.role != "demonym" or not _MEP_AFTER.match(s, m.end)]
             if ("Parliament" in s or "MEP" in s) and len(ms) >= 2 else ms
             for s, ms in zip(sentences, named, strict=True)]
    found: list[list[DiplomaticAction]] | None = None
    if vocab.kernel is not None and use_native and all(
            s.isascii() and s.isprintable() for s, kinds in zip(sentences, scan, strict=True) if kinds):
        # Surnames, actors and targets in Rust; the triggers (look-arounds) found here.
        # (A sentence with no trigger is read there for what it names only: see ascii_offsets.)
        items = [(s, _triggers(s, kinds, vocab), _as_actors(s, ms)) if kinds else (ascii_offsets(s), None, ms)
                 for s, kinds, ms in zip(sentences, scan, named, strict=True)]
        try:
            raw = vocab.kernel.extract(items)
        except BaseException as exc:  # (a Rust panic derives from BaseException; nothing else is caught here)
            if type(exc).__name__ != "PanicException":
                raise
            raw = None  # the Python code reads the article instead: the same rules, never a lost article
        if raw is not None:
            names = tuple(vocab.types)
            found = [[] for _ in sentences]
            for i, kind, actors, targets, cameo, start, end in raw:
                sentence = sentences[i]
                if _idle_appeal(names[kind], targets, sentence, start, end) \
                        or is_future(sentence, published, at=start, event_end=end):
                    continue  # an appeal for something at home; an act dated ahead ("next week")
                actors, targets = _done_by_object(sentence, named[i], start, end, vocab.types[names[kind]],
                                                  tuple(actors), tuple(targets))
                found[i].append(DiplomaticAction(
                    type=names[kind], actors=actors, targets=targets, cameo=cameo, sentence=sentence,
                    historical=_act_historical(names[kind], sentence, published, start, end)))
    if found is None:
        # Surnames from the whole article first: a headline names people by surname before the text
        # names them in full ("Zelensky meets Yoon at NATO summit").
        ctx = surname_context(sentences, lexicon, named)
        found = []
        for sentence, kinds, raw_mentions in zip(sentences, scan, named, strict=True):
            mentions = raw_mentions
            if kinds:
                mentions = _mentions_with_surnames(ctx, sentence, _as_actors(sentence, raw_mentions))
            # (One list per sentence, as the native extractor gives: the rules after this read them by sentence.)
            found.append(_sentence_actions(sentence, kinds, mentions, vocab, ctx, published) if kinds else [])
            _remember(ctx, sentence, mentions, vocab)
            ctx.document_before = any(w in sentence for w in _DOCUMENT_STEMS) \
                and _DOCUMENT_NOUN.search(sentence) is not None
    out: list[DiplomaticAction] = []
    if vocab.agreements and "sign_agreement" in vocab.types and any("sign_agreement" in kinds for kinds in scan):
        found = _known_signings(found, sentences, scan, named, vocab, published)
    if "visit" in vocab.types:
        found = _headline_visits(found, sentences, named, vocab, published)
    found = _dated_by_context(found, sentences, published, named)
    if any(a.type == "summon_ambassador" for acts in found for a in acts):
        found = [_demands_at_summons(acts) for acts in found]
    found = [_one_package(acts) if sum(a.type == "sanctions" for a in acts) > 1 else acts for acts in found]
    if sum(a.type == "sanctions" for acts in found for a in acts) > 1:
        found = _package_goes_on(found, sentences)
    if any(a.type == "sanctions" and "package" in a.sentence for acts in found for a in acts):
        found = _package_contents(found, sentences, named)
    # "is based on the treaty signed between the two countries": an agreement named by its signing, with no time
    # of its own, is one signed before.
    found = [[replace(a, historical=True) if a.type == "sign_agreement" and not a.historical
              and _SIGNED_NAMED.search(a.sentence) is not None and not time_refs(a.sentence, published) else a
              for a in acts] for acts in found]
    if any(a.type == "demand_withdrawal" and not a.targets for acts in found for a in acts):
        found = _withdrawn_from_before(found, sentences, named)
    if any(a.type == "condemn" and " from " in a.sentence for acts in found for a in acts):
        found = _rebukes_from(found, named)
    found = [_pair_after_meeting(acts) if len(acts) > 1 else acts for acts in found]
    if any(a.type == "meeting" and len(a.actors) >= 3 and (" separate" in a.sentence or " both " in a.sentence)
           for acts in found for a in acts):
        found = [_separate_meetings(acts, mentions) if acts else acts
                 for acts, mentions in zip(found, named, strict=True)]
    if any(a.type == "condemn" for acts in found for a in acts):
        found = _condemned_events(found, sentences, named)
        found = _condemned_documents(found, sentences, named)
    if any(a.type == "meeting" for acts in found for a in acts):
        found = _hosted_visits(found, sentences, named)
    if "meeting" in vocab.types and any(", meeting " in s for s in sentences) \
            and any(a.type == "visit" for acts in found for a in acts):
        found = _met_on_visit(found, sentences, named, vocab.types["meeting"].cameo)
    if any(len(s) < 20 and "laim" in s for s in sentences) and (claims := claimed_lines(sentences)):
        found = [[] if i in claims else acts for i, acts in enumerate(found)]
    if published is not None and any(found) and (dates := timeline_dates(sentences, published)) is not None:
        # "Oct. 18 - The NIS says ...", "June 2024 | June 19: Putin and Kim sign the treaty": a timeline's entries
        # before the news, whatever their tense.
        found = [[replace(a, historical=True) if not a.historical and entry is not None
                  and entry_is_past(entry, published) else a for a in acts]
                 for acts, entry in zip(found, dates, strict=True)]
    for acts in found:
        seen = set()
        for act in acts:
            if act.type == "joint_statement" and len(act.actors) == 1 and act.actors[0] not in _SUMMIT_BODIES \
                    and not _JOINT_WORD.search(act.sentence):
                continue  # "the European Parliament adopted a declaration": one body's own, no joint statement
            if act.type == "sign_agreement" and len(act.actors) == 1 and _PRICED_DEAL.search(act.sentence):
                continue  # "Poland signs $6.5 billion deal for 180 more K2 tanks": a purchase, no agreement of states
            key = (act.type, act.actors, act.targets, act.historical)
            if key not in seen:
                seen.add(key)
                out.append(act)
    # "Kim and Putin, both visiting Beijing": each visitor's own visit.
    if any(a.type == "visit" and len(a.actors) > 1 for a in out):
        out = list({(a.type, a.actors, a.targets, a.historical): a for a in (
            v for act in out for v in ([replace(act, actors=(x,)) for x in act.actors]
                                       if act.type == "visit" and len(act.actors) > 1 else [act]))}.values())
    # "In July 1961 Kim Il Sung travelled to Moscow and signed a treaty with Nikita Khrushchev": Moscow's side then
    # was the Soviet Union.
    out = [_as_soviet(a) if a.historical and ("Russia" in a.actors or "Russia" in a.targets)
           and soviet_era(a.sentence, published) else a for a in out]
    # "X condemned the deployment" next to "X condemned North Korea's deployment": one act, with its target.
    targeted = {(a.type, a.actors, a.historical) for a in out if a.targets}
    out = [a for a in out if a.targets or (a.type, a.actors, a.historical) not in targeted
           or vocab.types[a.type].targets == "none"]
    # "S. Korea, EU denounce N. Korean troops in Russia" over "the two sides condemned the dispatch of North Korean
    # soldiers to Russia and the military cooperation between Pyongyang and Moscow": one act, with all its targets.
    wider: dict[tuple[str, tuple[str, ...], bool], list[set[str]]] = {}
    for a in out:
        if len(a.targets) > 1:
            wider.setdefault((a.type, a.actors, a.historical), []).append(set(a.targets))
    if wider:
        out = [a for a in out if not any(set(a.targets) < w for w in wider.get((a.type, a.actors, a.historical), ()))]
    # "EU signed a trade agreement" next to "South Korea and the EU signed a trade agreement": one act
    # with its full list of parties. Only a lone actor with no target is the partial reading.
    joint = {(a.type, actor, a.historical) for a in out if len(a.actors) >= 2 for actor in a.actors}
    return [a for a in out if a.targets or len(a.actors) != 1 or (a.type, a.actors[0], a.historical) not in joint]


_TITLE_AFTER_BODY = re.compile(r"\s+(?:chief|secretary|head|chairman|chairwoman|chair|director|deputy\s+chairman"
                               r"|deputy\s+head|secretary-general|spokesman|spokeswoman|spokesperson)\s+$",
                               re.IGNORECASE)


_MEP_AFTER = re.compile(r"\s+(?:(?:member|lawmaker|legislator)s?\s+of\s+(?:the\s+)?European\s+Parliament|MEPs?)\b")


_UNION_BODIES = frozenset({"EU", "NATO", "UN"})
_UNION_TITLE = re.compile(r"\s+(?:President|Vice-President|Secretary-General|Secretary\s+General|High\s+Representative"
                          r"|Commissioner|[Cc]hief|[Hh]ead|Chair|Chairman|Chairwoman)\s+")


def _without_title_bodies(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions without a body that only titles the person named right after it as another actor's."""
    drop = set()
    for i, (m, n) in enumerate(itertools.pairwise(mentions)):
        if m.role not in ("institution", "name") or n.role != "person" or m.entity == n.entity:
            continue
        # ("European Council President Donald Tusk": an office of the Union's is held for the Union, whatever the
        # holder's country; "Security Council chief Sergei Shoigu" is his country's own council.)
        if m.entity in _UNION_BODIES and "ecurity" not in m.text \
                and _UNION_TITLE.fullmatch(sentence, m.end, n.start):
            drop.add(i + 1)
        elif _TITLE_AFTER_BODY.fullmatch(sentence, m.end, n.start):
            drop.add(i)
    return [m for i, m in enumerate(mentions) if i not in drop] if drop else mentions


def _as_soviet(act: DiplomaticAction) -> DiplomaticAction:
    """An act of the Soviet era with Moscow's side named as the Soviet Union."""
    def era(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted({"Soviet Union" if n == "Russia" else n for n in names}))
    return replace(act, actors=era(act.actors), targets=era(act.targets))


# A headline's or a cable's visit told with no verb: "Lavrov in Pyongyang for talks with Choe", "Shoigu in PYO 17/06
# on Putin's instructions", "von der Leyen in TYO 23/07" (the person opening the line, in a place, then nothing or
# what the stay is for or when).
_IN_PLACE_AFTER = re.compile(r"\s*(?:$|[,;:.]|\(|\s(?:for|on|since|to|from|until|ahead|after|amid)\b|\s\d)")


# Troops and whose they are: "North Korean troops", "the North Korean soldiers", "North Korea has sent 11,000".
_TROOPS_AFTER_OWNER = re.compile(r"(?:'s)?\s+(?:(?:[\w-]+\s+){0,2}(?:troops|soldiers|forces|personnel|servicemen|units"
                                 r"|contingent)\b|(?:has|have|had)\s+(?:now\s+|already\s+|reportedly\s+)?"
                                 r"(?:sent|deployed|dispatched)\b)")


def _withdrawn_from_before(found: list[list[DiplomaticAction]], sentences: Sequence[str],
                           named: Sequence[Sequence[Mention]]) -> list[list[DiplomaticAction]]:
    """A demand to withdraw troops that names no one's ("Seoul has repeatedly demanded the troops' withdrawal",
    "calling for their immediate withdrawal") is aimed at whose troops the article counted last, in that sentence
    before the demand or in the three before it."""
    out: list[list[DiplomaticAction]] = []
    for i, acts in enumerate(found):
        for k in [k for k, a in enumerate(acts) if a.type == "demand_withdrawal" and not a.targets]:
            owner = None
            for j in range(i, max(-1, i - 4), -1):
                cut = sentences[j].find("withdraw") if j == i else len(sentences[j])
                owner = next((m.entity for m in reversed(named[j])
                              if m.end <= cut and m.role in ("demonym", "name", "capital")
                              and _TROOPS_AFTER_OWNER.match(sentences[j], m.end)), None)
                if owner is not None:
                    break
            if owner is not None and owner not in acts[k].actors:
                acts = [*acts[:k], replace(acts[k], targets=(owner,)), *acts[k + 1:]]
        out.append(acts)
    return out



def _headline_visits(found: list[list[DiplomaticAction]], sentences: Sequence[str], named: Sequence[Sequence[Mention]],
                     vocab: Vocabulary, published: datetime | None) -> list[list[DiplomaticAction]]:
    """``found`` plus the visits told as "<person> in <place>" at the opening of a line."""
    visit = vocab.types["visit"]
    out = list(found)
    # (Only lines that open on a person: few.)
    for i in [i for i, ms in enumerate(named) if len(ms) >= 2 and ms[0].start == 0 and ms[0].role == "person"]:
        sentence, mentions = sentences[i], named[i]
        if sentence.find(" in ", mentions[0].end, mentions[0].end + 4) < 0 \
                or sentence.rstrip(' "\'').endswith("?"):
            continue  # (nor a question: "Putin in Beijing, Kim in Moscow?")
        who, where = mentions[0], mentions[1]
        if where.role not in ("capital", "name") or sentence[who.end:where.start] != " in " \
                or who.entity == where.entity or not _IN_PLACE_AFTER.match(sentence, where.end) \
                or any(a.type == "visit" for a in found[i]):
            continue
        out[i] = [*found[i], DiplomaticAction(
            type="visit", actors=(who.entity,), targets=(where.entity,), cameo=visit.cameo, sentence=sentence,
            historical=is_historical(sentence, published, at=who.end + 1, event_end=where.start))]
    return out


_SIGNED_NAMED = re.compile(r"\bthe\s+(?:[\w-]+\s+){0,4}?(?:treaty|agreement|pact|partnership|accord)\s+signed\s+"
                           r"(?:between|by)\b", re.IGNORECASE)


# --------------------------------------------------------------------------- one package, one act

def _one_package(acts: list[DiplomaticAction]) -> list[DiplomaticAction]:
    """The sanctions one sentence tells of the same actors are one act against all their targets: "adopted its
    19th package of sanctions against Russia, which also blacklists two North Korean generals" sanctions Russia
    and North Korea at once."""
    out: list[DiplomaticAction] = []
    first: dict[tuple[tuple[str, ...], bool], int] = {}
    for a in acts:
        key = (a.actors, a.historical)
        if a.type != "sanctions" or key not in first:
            if a.type == "sanctions":
                first[key] = len(out)
            out.append(a)
            continue
        kept = out[first[key]]
        out[first[key]] = replace(kept, targets=tuple(sorted({*kept.targets, *a.targets})))
    return out


# What a package adopted before lists: "The package also lists two North Korean trading companies", "It lists ...".
_PACKAGE_LISTS = re.compile(r"\b(?:[Pp]ackage|^It)\s+(?:also\s+|further\s+)?(?:lists|listed|targets|targeted|designates"
                            r"|designated|blacklists|blacklisted|includes|included|adds|added)\b")
_PACKAGE_REACH = 4  # sentences after the package's within which its contents are told
_PACKAGE_SUBJECT = re.compile(r"(?:^|,\s+)(?:the|its|this)\s+package\s+(?:also\s+|further\s+)?$", re.IGNORECASE)


def _package_goes_on(found: list[list[DiplomaticAction]], sentences: Sequence[str]) -> list[list[DiplomaticAction]]:
    """A package told in one sentence and its contents in the next few ("adopted its 20th package of sanctions against
    Russia. ... The package also lists eight North Korean entities") are one act against all their targets."""
    where = _first_places(sentences)
    out = [list(acts) for acts in found]
    # (actors, historical) -> the package's sentence, and where its act is in ``out``
    package: dict[tuple[tuple[str, ...], bool], tuple[int, int, int]] = {}
    merged: set[tuple[int, int]] = set()
    for n, acts in enumerate(out):
        for k, a in enumerate(acts):
            if a.type != "sanctions":
                continue
            key = (a.actors, a.historical)
            at = where[a.sentence]
            if key in package and 0 < at - package[key][0] <= _PACKAGE_REACH and _PACKAGE_LISTS.search(a.sentence):
                _, i, j = package[key]
                kept = out[i][j]
                out[i][j] = replace(kept, targets=tuple(sorted({*kept.targets, *a.targets})))
                merged.add((n, k))
            elif "package" in a.sentence:
                package[key] = (at, n, k)
    return [[a for k, a in enumerate(acts) if (n, k) not in merged] for n, acts in enumerate(out)] if merged else found


# A sentence that tells what a package holds: "Its listings cover ...", "New designations hit entities in Russia, China
# and North Korea", "The package, agreed by the Council on Tuesday, lists ...", "Among those listed is ...".
_CONTENTS_OPENING = re.compile(
    r"(?:(?:The|Its|Their|These|Those|Today's|New|Further|Fresh|Other)\s+(?:[\w-]+\s+){0,2}?(?:package|listings?"
    r"|designations?|additions|entries|names|measures|restrictions)\b|(?:It|They)\s+(?:also\s+|further\s+)?[a-z]+s\b"
    r"|Among\s+(?:those|the\s+[\w-]+)\s+(?:newly\s+)?(?:listed|designated|targeted|sanctioned|named)\b)")
_CONTENTS_VERB = re.compile(r"\b(?:lists?|listed|covers?|includ(?:es|ed|ing|e)|hits?|targets?|targeted|designates?"
                            r"|designated|adds?|added|blacklists?|blacklisted|names?|named|are|is|extend|extends"
                            r"|bans?|banned)\b")
# In the package's own sentence: "..., targeting nearly 200 vessels as well as companies registered in China",
# "..., adding North Korea's defence minister".
# (Or the main verb after an apposition: "The 16th sanctions package, adopted by EU foreign ministers on Monday, targets
# Russia and ...".)
_CONTENTS_AFTER = re.compile(r",\s+(?:(?:which|that)\s+(?:also\s+)?(?:lists|targets|includes|adds|blacklists|names)"
                             r"|targeting|including|listing|adding|blacklisting|naming"
                             r"|(?:also\s+)?(?:targets|lists|hits|covers|blacklists))\b")
# What a listed entity did, not who is listed: "accused of shipping munitions to Russian arms factories", "to fight
# against Ukraine", "Russia's war on Ukraine".
_CONTENTS_CAUSE = re.compile(r"\b(?:war|invasion|aggression|attacks?)\s+(?:on|of)\s+(?:the\s+)?$"
                             r"|\b(?:to|for|into|against)\s+(?:the\s+)?$")


def _package_contents(found: list[list[DiplomaticAction]], sentences: Sequence[str],
                      named: Sequence[Sequence[Mention]]) -> list[list[DiplomaticAction]]:
    """A sanctions package told in one sentence aims also at the countries whose people and companies its listings
    name, there or in the next few sentences: "adopted its 15th package of sanctions against Russia. Its listings
    cover ... Chinese suppliers of drone components and ... North Korea's defence minister"."""
    out = [list(acts) for acts in found]
    for n, acts in enumerate(out):
        for k, a in enumerate(acts):
            if a.type != "sanctions" or "package" not in a.sentence:
                continue
            extra: list[str] = []
            for q in range(n, min(n + 1 + _PACKAGE_REACH, len(sentences))):
                sentence = sentences[q]
                if q == n:
                    after = _CONTENTS_AFTER.search(sentence)
                    start = after.end() if after is not None else -1
                elif (opening := _CONTENTS_OPENING.match(sentence)) is not None \
                        and (verb := _CONTENTS_VERB.search(sentence, opening.start())) is not None \
                        and not any(b.type == "sanctions" and b.actors != a.actors for b in out[q]):
                    start = verb.end()
                else:
                    start = -1
                if start >= 0:
                    extra.extend(m.entity for m in named[q] if m.start >= start and m.role in ("name", "demonym")
                                 and m.entity not in a.actors
                                 and not _CONTENTS_CAUSE.search(sentence, max(0, m.start - 40), m.start))
            new = tuple(sorted({*a.targets, *extra}))
            if new != a.targets:
                acts[k] = replace(a, targets=new)
    return out


# --------------------------------------------------------------------------- a demand put to a summoned envoy

def _demands_at_summons(acts: list[DiplomaticAction]) -> list[DiplomaticAction]:
    """A withdrawal demanded where an envoy was summoned, of troops the demand does not say whose, is put to the
    envoy's country: "London summoned the North Korean ambassador to demand the withdrawal of the troops". A demand
    that names whose troops aims at them alone ("summoned Russia's ambassador and demanded the immediate withdrawal
    of the North Korean troops" is put to North Korea)."""
    envoys = {a.actors: a.targets for a in acts if a.type == "summon_ambassador" and a.targets}
    acts = [replace(a, targets=envoys[a.actors]) if a.type == "demand_withdrawal" and not a.targets
            and a.actors in envoys else a for a in acts]
    # "summoned Russian Ambassador Georgy Zinoviev to lodge a formal protest over the deployment", "was summoned by
    # Kim Hong-kyun, who protested against the deployment": the protest is the summons's, no condemnation of its own.
    summoners = {a.actors for a in acts if a.type == "summon_ambassador"}
    return [a for a in acts if not (a.type == "condemn" and a.actors in summoners and "protest" in a.sentence
                                    and _CONDEMN_WORD.search(a.sentence) is None)]


# A condemnation in words other than a protest's.
_CONDEMN_WORD = re.compile(r"\b(?:condemn|denounc|deplor|criticis|criticiz|slam|censur|decr[iy])", re.IGNORECASE)


# --------------------------------------------------------------------------- agreements known by name

_AGREEMENT_REACH = 60  # characters between an agreement's name and the verb that signs it


def _known_signings(found: list[list[DiplomaticAction]], sentences: Sequence[str], scan: Sequence[set[str]],
                    named: Sequence[Sequence[Mention]], vocab: Vocabulary, published: datetime | None
                    ) -> list[list[DiplomaticAction]]:
    """Signings of an agreement known by name whose sentence names fewer than two parties ("the Security and
    Defence Partnership, signed in November last year", "the treaty the two countries signed in June", "the
    partnership Cho signed in Seoul"): the parties are a pair known to have signed one of that name, the one
    the article named (in this sentence, else the latest named). Returns the acts sentence by sentence."""
    where = _first_places(sentences)
    by_sentence: list[list[DiplomaticAction]] = [[] for _ in sentences]
    for acts in found:
        for a in acts:
            by_sentence[where[a.sentence]].append(a)
    sign = vocab.types["sign_agreement"]
    last_named: dict[str, tuple[int, int]] = {}  # entity -> (sentence, offset) where it was named last
    counts: dict[str, int] = {}  # how often the article named each actor so far
    for i, (sentence, kinds, mentions) in enumerate(zip(sentences, scan, named, strict=True)):
        for m in mentions:
            last_named[m.entity] = (i, m.start)
            if m.role in ("demonym", "name", "capital", "person"):
                counts[m.entity] = counts.get(m.entity, 0) + 1
        if "sign_agreement" not in kinds:
            continue
        names = [(m, pairs) for rx, pairs in vocab.agreements for m in rx.finditer(sentence)]
        if not names:
            if not any(a.type == "sign_agreement" for a in by_sentence[i]) \
                    and (signed := _PAIR_SIGNED.search(sentence)) is not None:
                # "under Article 4 of the treaty the two countries signed in June 2024": no name the vocabulary knows,
                # the parties are the two the article is about (named most so far, each at least twice).
                top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
                if len(top) >= 2 and top[1][1] >= 2 and (len(top) == 2 or top[2][1] < top[1][1]) \
                        and not _not_told(sentence, sentence.lower() if sentence.isascii() else None, signed.start(),
                                          signed.end(), mentions, [r.start() for r in _RELATIVE.finditer(sentence)],
                                          vocab, joined=False) \
                        and not is_future(sentence, published, at=signed.start(), event_end=signed.end()):
                    by_sentence[i].append(DiplomaticAction(
                        type=sign.name, actors=tuple(sorted(e for e, _ in top[:2])), targets=(), cameo=sign.cameo,
                        sentence=sentence,
                        historical=_act_historical(sign.name, sentence, published, signed.start(), signed.end())))
            continue
        here = {m.entity for m in mentions}
        acts = by_sentence[i]
        signings = [k for k, a in enumerate(acts) if a.type == "sign_agreement"]
        for k in signings:
            a = acts[k]
            have = {*a.actors, *a.targets}
            candidates = [pairs for _, pairs in names]
            if len(have) >= 2 and not have <= here and not any(have == set(p) for ps in candidates for p in ps):
                # "the mutual defense treaty the two countries signed" read as the pair that acted last: a pair
                # known to have signed one that this sentence names is its parties.
                named_here = [p for ps in candidates for p in ps if set(p) <= here]
                # (Or one of it, with the other named before: "Russian officials dismissed the reports, even though
                # the two countries signed a comprehensive strategic partnership treaty", after Pyongyang.)
                named_here = named_here or [p for ps in candidates for p in ps if set(p) & here
                                            and all(e in last_named for e in p)]
                if named_here:
                    acts[k] = replace(a, actors=named_here[0], targets=())
                continue
            parties = _agreement_parties(candidates, have, here, last_named)
            if len(have) < 2 and parties:
                acts[k] = replace(a, actors=parties, targets=())
        if signings:
            continue
        # A signing whose parties the sentence does not name at all: the rules found no one, so no act.
        actors = _as_actors(sentence, mentions)
        relative = [m.start() for m in _RELATIVE.finditer(sentence)]
        low = sentence.lower() if sentence.isascii() else None
        for start, end, _ in _triggers(sentence, {"sign_agreement"}, vocab):
            # The name inside the trigger or next to it: "the partnership signed in Seoul", "signed the treaty".
            near = [pairs for m, pairs in names if m.start() - end <= _AGREEMENT_REACH
                    and start - m.end() <= _AGREEMENT_REACH
                    and ";" not in sentence[min(m.end(), end):max(m.start(), start)]]
            parties = _agreement_parties(near, set(), here, last_named) if near else None
            # (An agreement's name may open the trigger, "the Partnership the two sides signed": no bare verb.)
            if parties is None or _not_told(sentence, low, start, end, actors, relative, vocab, joined=False) \
                    or is_future(sentence, published, at=start, event_end=end):
                continue
            acts.append(DiplomaticAction(
                type=sign.name, actors=parties, targets=(), cameo=sign.cameo, sentence=sentence,
                historical=_act_historical(sign.name, sentence, published, start, end)))
            break
    return by_sentence


# A signing whose subject names the pair only as such: "the treaty the two countries signed in June".
_PAIR_SIGNED = re.compile(r"\b(?:treaty|pact|agreement|accord|partnership|FTA|framework)\s+(?:that\s+|which\s+)?"
                          r"(?:the\s+two\s+"
                          r"(?:countries|sides|governments|nations|leaders|neighbours|neighbors|allies)|the\s+countries"
                          r"|both\s+(?:countries|sides))\s+(?:had\s+|have\s+)?signed\b", re.IGNORECASE)


def _agreement_parties(candidates: Sequence[tuple[tuple[str, ...], ...]], have: set[str], here: set[str],
                       last_named: dict[str, tuple[int, int]]) -> tuple[str, ...] | None:
    """Of the pairs known to sign agreements of these names, the one holding ``have`` that the article named: all
    of it in this sentence, else the one named latest (by its party named earliest)."""
    pairs = [p for group in candidates for p in group if have <= set(p) and all(e in last_named for e in p)]
    if not pairs:
        return None
    return next((p for p in pairs if all(e in here for e in p)), None) \
        or max(pairs, key=lambda p: min(last_named[e] for e in p))


# --------------------------------------------------------------------------- a visit told by its host

# "Kim Jong Un received Russian Defence Minister Andrei Belousov in Pyongyang", "Lavrov hosted North Korean Foreign
# Minister Choe Son Hui in Moscow": the guest visited the host's country (CAMEO 043, host a visit).
_HOST_VERB = re.compile(r"\b(?:hosted|hosts|received|receives|welcomed|welcomes|welcome|greeted|greets)\s+")
_HOSTED_CAMEO = "043"


def _hosted_visits(found: list[list[DiplomaticAction]], sentences: Sequence[str],
                   named: Sequence[Sequence[Mention]]) -> list[list[DiplomaticAction]]:
    """A meeting whose host received its guest adds the guest's visit to the host's country, unless the sentence
    places it elsewhere ("received Shoigu at the summit in Beijing")."""
    where = _first_places(sentences)
    out: list[list[DiplomaticAction]] = []
    for acts in found:
        visits: list[DiplomaticAction] = []
        for a in acts:
            verb = _HOST_VERB.search(a.sentence) if a.type == "meeting" and len(a.actors) >= 2 else None
            if verb is None:
                continue
            # "Choe Son Hui was received by Putin": the host follows "by", the guest came before.
            # (Or a participle's: "the first EU-Republic of Korea summit since 2023, hosted by European Council
            # President Antonio Costa".)
            passive = _PASSIVE_AUX.search(a.sentence, max(0, verb.start() - 20), verb.start()) is not None \
                or (a.sentence.endswith(", ", 0, verb.start()) and a.sentence.startswith("by ", verb.end()))
            if passive and (not a.sentence.startswith("by ", verb.end())
                            or any(v.type == "visit" for v in acts)):
                continue  # "visited Moscow, where she was received by Putin": the visit the sentence already told
            mentions = named[where[a.sentence]]
            place = [m for m in mentions if m.start > verb.end() and m.role == "capital"]
            after = {m.entity for m in mentions if verb.end() <= m.start <= verb.end() + 80 and m.role != "non_actor"
                     and m not in place}
            if passive:  # the host is who "by" names, not whoever the clause names later
                host = next((m.entity for m in mentions if verb.end() <= m.start and m.role != "non_actor"
                             and m not in place), None)
                after = {host} if host is not None else set()
            guests = [e for e in a.actors if (e in after) != passive]
            hosts = [e for e in a.actors if (e in after) == passive]
            # The host named before the verb ("Xi hosts Putin and Kim" names neither of the two who met); in the
            # passive, the guest.
            # ("Beijing hosted Kim Jong Un and Vladimir Putin": each guest visited.)
            if not guests or len(hosts) != 1 or (passive and len(guests) != 1) \
                    or not any(m.entity == (guests if passive else hosts)[0] and m.end <= verb.start()
                               for m in mentions):
                continue
            places = {m.entity for m in place}
            if places and places != {hosts[0]}:
                continue
            visits.extend(replace(a, type="visit", actors=(guest,), targets=(hosts[0],), cameo=_HOSTED_CAMEO)
                          for guest in guests)
        out.append([*acts, *visits] if visits else acts)
    return out


def _met_on_visit(found: list[list[DiplomaticAction]], sentences: Sequence[str],
                  named: Sequence[Sequence[Mention]], cameo: str) -> list[list[DiplomaticAction]]:
    """A visit told with whom the visitor met on it ("Shoigu previously visited Pyongyang on June 4, meeting Kim",
    "travelled to Beijing, meeting President Xi Jinping and Premier Li Qiang") is also a meeting of the two."""
    where = _first_places(sentences)
    out: list[list[DiplomaticAction]] = []
    for acts in found:
        meetings: list[DiplomaticAction] = []
        for a in acts:
            if a.type != "visit" or ", meeting " not in a.sentence or any(m.type == "meeting" for m in acts):
                continue
            at = a.sentence.index(", meeting ") + len(", meeting ")
            met = next((m for m in named[where[a.sentence]] if at <= m.start <= at + 40
                        and m.role in ("person", "name", "capital")), None)
            if met is not None and met.entity not in a.actors and not any(x.type == "meeting" for x in meetings):
                meetings.append(replace(a, type="meeting", actors=tuple(sorted({*a.actors, met.entity})), targets=(),
                                        cameo=cameo))
        out.append([*acts, *meetings] if meetings else acts)
    return out


# --------------------------------------------------------------------------- what "the deployment" is

# A condemnation of the event the article is about, named by a definite noun: "condemned the deployment",
# "condemns this involvement", "condemned the move as an escalation", "condemned the cooperation".
_EVENT_OBJECT = re.compile(
    r"\"?\s+(?:(?:in\s+the\s+strongest\s+(?:possible\s+)?terms|strongly|firmly)\s+)?"
    # 'condemned what it called "a partnership in aggression"', "what it called the two countries' open admission".
    r"(?:what\s+(?:it|he|she|they)\s+(?:called|described\s+as|termed)\s+\"?(?:the|this|a|an|its|their)\s+"
    r"|(?:the|this|that|these|such|its|their)\s+)"
    r"(?:[\w'\"-]+\s+){0,4}?(?P<noun>(?P<forces>deployments?|dispatch|involvement|participation|presence|move|decision"
    r"|transfer|reinforcements?)|(?P<pair>cooperation|collaboration|collusion|ties|alliance|partnership|pact|treaty"
    r"|agreement|accord|deal|summit|axis)"
    r"|(?P<launch>(?:missile\s+)?(?:launch|launches|test|tests|test-firing|firing|strikes?|attacks?|bombardment"
    r"|shelling))"
    r"|(?P<admit>admission|acknowledge?ment|confirmation)|(?P<drills>drills?|exercises?|war\s+games)"
    # "denounced the expulsions": whoever expelled, listed or summoned last.
    r"|(?P<acts>(?P<expel>expulsions?|expelling)|(?P<sanction>sanctions|listings?|blacklisting)"
    r"|(?P<summon>summons|summoning))"
    # "We resolutely condemn these actions" after "the Council approved yet another package of restrictions": whoever
    # listed, expelled or summoned last.
    r"|(?P<deeds>actions|steps))\b",
    re.IGNORECASE)
# Who holds the drills a condemnation of "the drills" is aimed at: "South Korea and the United States began their annual
# Ulchi Freedom Shield exercise".
_DRILLS_HELD = re.compile(r"\b(?:began|begin|begins|launched|launch|started|start|staged|stage|held|hold|holds"
                          r"|conducted|conduct|kicked\s+off|wrapped\s+up)\s+(?:\S+\s+){0,7}?(?:drills?|exercises?)\b",
                          re.IGNORECASE)
# Who admitted what a condemnation of "the admission" is aimed at: "days after Moscow and Pyongyang acknowledged for the
# first time that", "Pyongyang publicly admitted the deployment".
# (Or its official: "Moscow's top general had confirmed their participation".)
_ADMITS_AFTER = re.compile(r"(?:'s(?:\s+[\w-]+){1,3}?)?\s+(?:(?:have|has|had|publicly|officially|finally|formally"
                           r"|also|now|for\s+the\s+first\s+time"
                           r"|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\s+){0,3}"
                           r"(?:admitted|acknowledged|confirmed)\b",
                           re.IGNORECASE)
_BARE_EVENT_END = re.compile(r"\s+and\s|\s*[,;.]|\s*$")
_OF_THESE_TROOPS = re.compile(r"\s+of\s+(?:these|those|such|the)\s+(?:[\w-]+\s+)?(?:troops|soldiers|forces|personnel)"
                              r"(?:\s+and\s|\s*[,;.]|\s*$)", re.IGNORECASE)
_DEMONSTRATIVE = re.compile(r"\s+(?:(?:in\s+the\s+strongest\s+(?:possible\s+)?terms|strongly|firmly)\s+)?"
                            r"(?:this|that|these|those|such)\s", re.IGNORECASE)
_EVENT_PRONOUN = re.compile(r"\s+(?:it|this)(?=[\s,.;\"]|$)(?!\s+[a-z]+(?:s|ed)?\s+(?:of|by|in|to)\b)", re.IGNORECASE)
_FORCES_WORDS = re.compile(r"\s+(?:[\w-]+\s+)?(?:troops|soldiers|servicemen|forces|personnel|units|contingent)\b",
                           re.IGNORECASE)
_SENDS_AFTER = re.compile(r"(?:'s)?\s+(?:(?:has|have|had|is|was)\s+)?(?:\w+\s+){0,2}?(?:sent|deployed|dispatched"
                          r"|sending|deploying|dispatching|dispatch\s+of|deployment\s+of"
                          # "Kim Jong Un ordered the deployment under a 2024 defence pact".
                          r"|(?:ordered|approved|authori[sz]ed)\s+the\s+deployment)\b"
                          # Not arms: "weighed sending weapons directly to Ukraine".
                          r"(?!\s+(?:\w+\s+)?(?:weapons|arms|shells|missiles|munitions|ammunition|artillery|drones"
                          r"|aid|equipment|supplies)\b)", re.IGNORECASE)
# "North Korea fired a ballistic missile", "Pyongyang's launch", "the North's ICBM": who launched.
# (Or struck: "Russian missiles hit the port", "Russia's drone attack on Odesa".)
_LAUNCHES_AFTER = re.compile(r"(?:'s)?\s+(?:(?:has|have|had)\s+)?(?:\w+\s+){0,2}?(?:launch(?:ed|es)?|fired|test-fired"
                             r"|missiles?|ICBMs?|ballistic|struck|attacked|shelled|bombed)\b"
                             # (The nouns only right after the owner: not "Zelenskyy said the attack".)
                             r"|(?:'s)?\s+(?:[\w-]+\s+)?(?:drones?|strikes?|attacks?)\b"
                             # "the launch of what Pyongyang described as a new hypersonic intermediate-range missile"
                             r"|\s+(?:described|called|termed|hailed)\s+as\s+(?:an?\s+)?(?:[\w-]+\s+){0,4}?"
                             r"(?:missiles?|ICBMs?|rockets?)\b", re.IGNORECASE)
# (Or fought, pushed back: "North Korean soldiers helped push Ukrainian forces out of Kursk".)
_BESIDE_BEFORE = re.compile(r"\b(?:alongside|with|against|beside|by|push|pushed|pushing|drive|drove|driving|repel"
                            r"|repelled|expel|expelled|oust|ousted|fight|fought|fighting|attack|attacked|attacking)"
                            r"\s+(?:the\s+)?$", re.IGNORECASE)
_BETWEEN_BEFORE_PAIR = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
# "the military cooperation between the two countries": the pair the article is about.
_TWO_AFTER = re.compile(r"(?:\s+(?:in|of)\s+[\w-]+)?\"?\s+between\s+the\s+two\s+"
                        r"(?:countries|sides|nations|states|neighbou?rs|governments|regimes|allies)\b", re.IGNORECASE)
_THE_TWO = re.compile(r"\b(?:the\s+two|both)\s+(?:countries|sides|nations|states|governments|regimes)\b", re.IGNORECASE)
_OPENER_REACH = 40  # characters into a sentence within which the actor it opens on is named
_DONE_ACTS_GROUPS = (("expel", "expel_diplomats"), ("sanction", "sanctions"), ("summon", "summon_ambassador"))
_DONE_ACTS = {t for _, t in _DONE_ACTS_GROUPS}
# A relative clause with its own subject before the verb: "is a further escalation, which we sharply condemn".
_WHICH_SUBJECT_BEFORE = re.compile(r",\s+which\s+(?:we|they|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s+(?:\w+ly\s+)?$")
# A purchase priced in money: "$6.5 billion deal", "a 9 trillion won contract", "EUR 2bn order".
_PRICED_DEAL = re.compile(r"(?:[$\u20ac\u00a3\u20a9]|\b(?:US\$|USD|EUR|KRW|PLN)\s?)\s?[\d.,]+\s*"
                          r"(?:billion|million|trillion|bn|m)?(?:\s+[\w-]+)?\s+(?:deal|contract|order)\b|\b[\d.,]+\s*(?:billion|million|trillion|bn)\s+"
                          r"(?:won|dollars?|euros?|zloty|yen)\s+(?:[\w-]+\s+)?(?:deal|contract|order)\b", re.IGNORECASE)
# A tie that goes on, not a text signed or a meeting held.
_TIE_NOUNS = frozenset(("cooperation", "collaboration", "collusion", "ties", "alliance", "axis"))
_CONDEMN_WORD = re.compile(r"\b(?:condemn|denounc|deplor|censur|critici[sz]|slam|decr[iy])\w*", re.IGNORECASE)


# A condemned text or measure, aimed at whoever issued it: "condemned the new measures", "denounced the resolution as
# a provocation", "criticised a joint statement issued by the European Union and South Korea".
_DOCUMENT_OBJECT = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:the|this|these|that|those|a|an|its|their)\s+(?:(?:new|latest|so-called|recent|joint"
    r"|summit|final)\s+){0,2}[\"']?(?P<noun>measures|restrictions|penalties|sanctions|package|resolution|decision"
    r"|statement|declaration"
    r"|document|listings?|designations?|text|report)\b[\"']?")
_ISSUED_BY = re.compile(r"\s+(?:(?:which|that)\s+(?:was|were)\s+)?(?:issued|adopted|published|released|announced|agreed"
                        r"|passed|imposed|signed)\s+(?:[\w-]+\s+){0,2}?by\s+(?:the\s+)?")
_MEASURE_NOUNS = frozenset(("measures", "restrictions", "penalties", "sanctions", "package", "listing", "listings",
                            "designation", "designations", "decision"))
_DOCUMENT_REACH = 20  # sentences back within which the issuer of a condemned text is looked for


# "Kosiniak-Kamysz held talks with South Korea's defence minister, and the pair signed a memorandum": the two who met.
_PAIR_JOINED = re.compile(r",?\s+and\s+(?:then\s+)?(?:the\s+pair|the\s+two(?:\s+(?:sides|men|ministers|leaders))?"
                          r"|both(?:\s+sides)?)\s+(?:also\s+)?$")


# "met both Xi Jinping and Vladimir Putin there", "held separate talks with Lavrov and Wang": one meeting with each.
_SEPARATE_MEETINGS = re.compile(r"\b(?:(?:met|meets|meeting)\s+(?:(?:with|separately(?:\s+with)?)\s+)?both"
                                r"|(?:met|meets|meeting|talked|spoke)\s+separately\s+with"
                                r"|(?:held|holds|had|has)\s+separate\s+(?:\w+\s+)?(?:talks|meetings|calls)\s+with)\s")


_CLAUSE_STOP = re.compile(r"[,;:()]|\.\s")


def _separate_meetings(acts: list[DiplomaticAction], mentions: Sequence[Mention]) -> list[DiplomaticAction]:
    """A meeting of three or more told as held with each guest apart is one meeting per guest."""
    out: list[DiplomaticAction] = []
    for a in acts:
        apart = _SEPARATE_MEETINGS.search(a.sentence) if a.type == "meeting" and len(a.actors) >= 3 else None
        if apart is None:
            out.append(a)
            continue
        stop = _CLAUSE_STOP.search(a.sentence, apart.end())
        end = stop.start() if stop is not None else len(a.sentence)
        guests = {m.entity for m in mentions if apart.end() <= m.start < end and m.role != "non_actor"} & set(a.actors)
        hosts = set(a.actors) - guests
        if len(hosts) != 1 or len(guests) < 2:
            out.append(a)
            continue
        out.extend(replace(a, actors=tuple(sorted(hosts | {g}))) for g in sorted(guests))
    return out


def _pair_after_meeting(acts: list[DiplomaticAction]) -> list[DiplomaticAction]:
    """A signing by "the pair" joined after a meeting in one sentence is the meeting's two sides'."""
    met = next((a for a in acts if a.type == "meeting" and len(a.actors) == 2), None)
    if met is None:
        return acts
    out = []
    for a in acts:
        if a.type == "sign_agreement" and set(a.actors) < set(met.actors) \
                and (verb := a.sentence.find(" sign")) > 0 and _PAIR_JOINED.search(a.sentence, 0, verb + 1):
            a = replace(a, actors=met.actors)
        out.append(a)
    return out


# "North Korea acknowledged that it had sent troops, two days after Moscow made a similar admission, drawing a sharp
# rebuke from Seoul": the rebuke is Seoul's, of those the clause before named.
_REBUKE_FROM = re.compile(r"\b(?:drawing|drew|draws|prompting|prompted|prompts|sparking|sparked|sparks|triggering"
                          r"|triggered|triggers|provoking|provoked|provokes|earning|earned)\s+(?:an?\s+)?(?:[\w-]+\s+)?"
                          r"(?:rebukes?|condemnations?|criticism|censure|protests?)\s+from\s+(?:the\s+)?")


def _rebukes_from(found: list[list[DiplomaticAction]], named: Sequence[Sequence[Mention]]
                  ) -> list[list[DiplomaticAction]]:
    """A condemnation told as drawn from its author ("drawing a sharp rebuke from Seoul"): the author acts, aimed at
    those the sentence named before it."""
    out: list[list[DiplomaticAction]] = []
    for acts, mentions in zip(found, named, strict=True):
        drawn = _REBUKE_FROM.search(acts[0].sentence) if any(a.type == "condemn" for a in acts) else None
        author = next((m for m in mentions if drawn is not None and m.start == drawn.end() and m.role != "non_actor"),
                      None)
        if drawn is None or author is None:
            out.append(acts)
            continue
        targets = tuple(sorted({m.entity for m in mentions if m.end <= drawn.start() and m.role != "non_actor"}
                               - {author.entity}))
        out.append([replace(a, actors=(author.entity,), targets=targets) if a.type == "condemn" else a
                    for a in acts])
    return out


def _condemned_documents(found: list[list[DiplomaticAction]], sentences: Sequence[str],
                         named: Sequence[Sequence[Mention]]) -> list[list[DiplomaticAction]]:
    """Condemnations of a text or measure with no target of their own, aimed at who issued it: named after "issued
    by", else the last to act with a package of sanctions (for measures, a package, a decision) or in a sentence
    naming the same kind of text (a resolution, a statement)."""
    out = [list(acts) for acts in found]
    for n, acts in enumerate(out):
        for k, a in enumerate(acts):
            if a.type != "condemn" or not a.actors or (a.targets and "package" not in a.sentence):
                continue
            verb = _CONDEMN_WORD.search(a.sentence)
            doc = _DOCUMENT_OBJECT.match(a.sentence, verb.end()) if verb is not None else None
            if doc is None:
                continue
            noun = doc.group("noun").lower()
            if a.targets and noun != "package":
                continue  # (a package's issuer is looked for again: the sanctions read last may be no package)
            issuers: list[str] = []
            by = _ISSUED_BY.match(a.sentence, doc.end())
            if by is not None:
                issuers = _object(a.sentence, named[n], by.end(), 5)
            else:
                # (The text named in the act's sentence or the two before it: "Resolution adopted. The text passed by
                # 488 votes to 47. In it, Parliament condemns ...".)
                earlier = [(q, b) for q in range(n, max(-1, n - _DOCUMENT_REACH - 1), -1)
                           for b in reversed(out[q][:k] if q == n else out[q])]
                # (A package is one: "Seoul imposed unilateral sanctions ... Russia denounced the package" is the EU's
                # package told before.)
                issuer = next((b for q, b in earlier if b.actors and not set(b.actors) & set(a.actors) and (
                    b.type == "sanctions" and (noun != "package" or "package" in b.sentence)
                    if noun in _MEASURE_NOUNS
                    else any(noun in sentences[i].lower() for i in range(max(0, q - 2), q + 1)))), None)
                issuers = list(issuer.actors) if issuer is not None else []
            issuers = [x for x in issuers if x not in a.actors]
            if issuers:
                acts[k] = replace(a, targets=tuple(sorted(set(issuers))))
    return out


def _condemned_events(found: list[list[DiplomaticAction]], sentences: Sequence[str],
                      named: Sequence[Sequence[Mention]]) -> list[list[DiplomaticAction]]:
    """Condemnations whose object is the article's event ("Japan condemned the deployment"; with a target of its
    own, only a bare "the deployment and ..."), aimed at whose forces the article named last ("North Korean
    troops") or, for a cooperation, the pair it named last ("cooperation between North Korea and Russia", "the
    North Korea-Russia alliance"); never the actor itself."""
    # The condemnations of an event, each with its object's match (None for "it", "this").
    events: dict[int, re.Match[str] | None] = {}
    for acts in found:
        for a in acts:
            if a.type == "condemn" and (verb := _CONDEMN_WORD.search(a.sentence)) is not None:
                event = _EVENT_OBJECT.match(a.sentence, verb.end())
                if event is None and (a.targets or (_EVENT_PRONOUN.match(a.sentence, verb.end()) is None
                                                    and _WHICH_SUBJECT_BEFORE.search(a.sentence, 0, verb.start())
                                                    is None)):
                    continue  # (", which we sharply condemn": what the clause hangs on, like "it")
                # With a target named, only a bare "the deployment and ..." adds its owner: not "the deployment of
                # North Korean troops", not "this cooperation between Pyongyang and Moscow".
                # (Nor past "of" these troops: "condemns the deployment of these troops and the complicity of the
                # Kremlin"; and "this cooperation, and it condemns Moscow": the pair told before.)
                if a.targets and (event is None or (_BARE_EVENT_END.match(a.sentence, event.end()) is None
                                  and _OF_THESE_TROOPS.match(a.sentence, event.end()) is None)
                                  or (event.group("forces") is None
                                      and not (event.group("pair") is not None and _DEMONSTRATIVE.match(
                                          a.sentence, verb.end()) is not None))):
                    continue
                events[id(a)] = event
    if not events:
        return found  # most articles: no condemnation of "the deployment" (the state below is not read)
    where = _first_places(sentences)
    upto = max(where[a.sentence] for acts in found for a in acts if id(a) in events)
    # What the article named before each sentence (up to the last one needed): whose forces, and the last pair.
    forces: list[str | None] = []
    launchers: list[str | None] = []
    pairs: list[tuple[str, ...]] = []
    last_forces: str | None = None
    last_launcher: str | None = None
    last_pair: tuple[str, ...] = ()
    admitters: list[tuple[str, ...]] = []
    last_admitters: tuple[str, ...] = ()
    # Whom the sentence before opened on: what "We condemn it" after it is about.
    openers: list[str | None] = []
    last_opener: str | None = None
    drillers: list[tuple[str, ...]] = []
    last_drillers: tuple[str, ...] = ()
    # The two actors the article named most so far: whom "the two countries" names when no pair was joined by name.
    counts: dict[str, int] = {}
    most: dict[int, tuple[str, ...]] = {}
    ranked: dict[int, tuple[str, ...]] = {}
    at_events = {where[a.sentence] for acts in found for a in acts if id(a) in events}
    # Who did each act last before each sentence: whom "denounced the expulsions" is aimed at.
    doers: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    # And who met or signed together: "Putin and Kim signed a pact ... Lithuania condemned the pact".
    together: list[tuple[int, tuple[str, ...]]] = []
    for acts in found:
        for a in acts:
            if a.type in _DONE_ACTS and not a.historical:
                doers.setdefault(a.type, []).append((where[a.sentence], a.actors))
            if a.type in ("meeting", "sign_agreement", "joint_statement") and len(a.actors) >= 2:
                together.append((where[a.sentence], a.actors))
    for n, (sentence, mentions) in enumerate(zip(sentences[:upto + 1], named, strict=False)):
        if n in at_events:
            most[n] = tuple(sorted(counts, key=lambda e: -counts[e])[:2])
            ranked[n] = tuple(sorted(counts, key=lambda e: -counts[e])[:4])
        for m in mentions:
            if m.role in ("demonym", "name", "capital", "person"):
                counts[m.entity] = counts.get(m.entity, 0) + 1
        forces.append(last_forces)
        launchers.append(last_launcher)
        pairs.append(last_pair)
        admitters.append(last_admitters)
        drillers.append(last_drillers)
        openers.append(last_opener)
        last_opener = next((m.entity for m in mentions if m.role in ("demonym", "name", "capital")
                            and m.start <= _OPENER_REACH), None)
        if ("drill" in sentence or "xercise" in sentence) and (held := _DRILLS_HELD.search(sentence)) is not None:
            holders = [m for m in mentions if m.end <= held.start() and m.role in ("demonym", "name", "capital")]
            for run in _list_runs(sentence, holders, lambda gap: _LIST_JOIN.match(gap) is not None):
                last_drillers = tuple(run)
        for k, m in enumerate(mentions):
            if m.role in ("demonym", "name", "capital", "person") and _ADMITS_AFTER.match(sentence, m.end):
                joined = k > 0 and sentence[mentions[k - 1].end:m.start].strip() == "and"
                last_admitters = tuple(dict.fromkeys((mentions[k - 1].entity, m.entity) if joined else (m.entity,)))
            # "North Korean troops", "Pyongyang has so far sent roughly 11,000 troops", "North Korea's dispatch of
            # soldiers"; not the forces fought beside or against ("alongside Russian forces").
            # (Whose deployment a possessive says is theirs wherever it stands: "to protest against Pyongyang's
            # deployment of soldiers".)
            if m.role in ("demonym", "name", "capital", "person") and (
                    _SENDS_AFTER.match(sentence, m.end) or (
                        _FORCES_WORDS.match(sentence, m.end)
                        and not _BESIDE_BEFORE.search(sentence, max(0, m.start - 20), m.start))):
                last_forces = m.entity
            if m.role in ("demonym", "name", "capital", "person") and _LAUNCHES_AFTER.match(sentence, m.end):
                last_launcher = m.entity
        for one, two in itertools.pairwise(mentions):
            joint = sentence[one.end:two.start]
            if one.entity != two.entity and (joint == "-" or (
                    joint.strip() == "and" and _BETWEEN_BEFORE_PAIR.search(sentence, 0, one.start))):
                last_pair = (one.entity, two.entity)
    out: list[list[DiplomaticAction]] = []
    for acts in found:
        new: list[DiplomaticAction] = []
        for a in acts:
            if id(a) in events:
                # ('"We condemn it in the strongest terms"' after the deployment is reported: the deployment; "condemned
                # the deployment and Russia's readiness to use foreign fighters": the deployment's owner too.)
                event = events[id(a)]
                i = where[a.sentence]
                owner = launchers[i] if event is not None and event.group("launch") else forces[i]
                if event is not None and not event.group("launch"):
                    # "After Seoul reported that North Korean soldiers are training in Russia, the EU condemns the
                    # deployment": the forces its own sentence named before it.
                    owner = next((m.entity for m in reversed(named[i]) if m.end <= event.start()
                                  and m.entity not in a.actors and m.role in ("demonym", "name", "capital", "person")
                                  and (_SENDS_AFTER.match(a.sentence, m.end) or (
                                      _FORCES_WORDS.match(a.sentence, m.end)
                                      and not _BESIDE_BEFORE.search(a.sentence, max(0, m.start - 20), m.start)))),
                                 owner)
                if event is None:
                    # "Russia's invasion continues to inflict suffering on Ukraine, and New Zealand condemns it": whom
                    # the sentence opened on; '"North Korea is now a direct participant in Russia's war. We condemn
                    # it"': whom the sentence before opened on.
                    verb = _CONDEMN_WORD.search(a.sentence)
                    first = next((m.entity for m in named[i] if verb is not None and m.end <= verb.start()
                                  and m.role in ("demonym", "name", "capital") and m.entity not in a.actors), None)
                    opener = openers[i] if openers[i] not in a.actors else None
                    owner = first or opener or owner
                pair = pairs[i] or (most[i] if event is not None and _TWO_AFTER.match(a.sentence, event.end()) else ())
                tie = event is not None and event.group("pair") is not None \
                    and event.group("pair").lower() in _TIE_NOUNS
                if not pair and event is not None and event.group("pair") and not tie:
                    # ("condemned the pact": of the two who signed it or met last, at or before this sentence.)
                    pair = next((actors for at, actors in reversed(together)
                                 if at <= i and not set(actors) & set(a.actors)), ())
                if not pair and event is not None and event.group("pair") \
                        and a.sentence.find(" this ", 0, event.end()) >= 0:
                    # '"The EU condemns this cooperation"' after the article told of North Korea's soldiers sent to
                    # Russia and named no pair: the two others it named most. (A tie is not a deal just signed:
                    # "condemn the growing military cooperation" after "South Korea and Poland inked a deal".)
                    others = [e for e in ranked[i] if e not in a.actors]
                    pair = tuple(others[:2]) if len(others) >= 2 else ()
                # ("condemned the admission, saying the two countries had confessed": those two admitted it.)
                admitted = (pairs[i] or most[i]) if event is not None and event.group("admit") \
                    and _THE_TWO.search(a.sentence, event.start()) else admitters[i]
                act = next((t for g, t in _DONE_ACTS_GROUPS if event is not None and event.group(g)), None)
                deeds = event is not None and event.group("deeds") is not None
                if act is not None or deeds:
                    # (The last one told before this sentence; a condemnation's own sentence tells its object.)
                    told = doers.get(act, []) if act is not None else sorted(
                        (d for t in _DONE_ACTS for d in doers.get(t, [])), key=lambda d: d[0])
                    aimed = next((actors for at, actors in reversed(told)
                                  if at < i and not set(actors) & set(a.actors)), ())
                    targets = tuple(sorted({*a.targets, *(t for t in aimed if t not in a.actors)}))
                    new.append(replace(a, targets=targets) if targets != a.targets else a)
                    continue
                aimed = pair if event is not None and event.group("pair") else admitted \
                    if event is not None and event.group("admit") else drillers[i] \
                    if event is not None and event.group("drills") else (owner,) if owner else ()
                targets = tuple(sorted({*a.targets, *(t for t in aimed if t not in a.actors)}))
                a = replace(a, targets=targets) if targets != a.targets else a
            new.append(a)
        out.append(new)
    return out


# --------------------------------------------------------------------------- who "we" and "it" are

_WE = re.compile(r"\b(?:[Ww]e|I)\b")  # (a post's "Today I met Foreign Minister Motegi" is its author's, as "we")
_SPEAKER_OPENINGS = ("It ", "Its ", "His ", "Her ", "He ", "She ", "In ", '"')
_PACKAGE_OPENING = re.compile(r"The\s+(?:(?:new|latest|\w+(?:st|nd|rd|th))\s+)?(?:sanctions\s+)?package\b")
_QUOTE_MARK = re.compile('"')
# A line that introduces a quote on the lines after it: "... issued the following statement:", "She said:".
_INTRODUCED = re.compile(r"\b(?:statement|declaration|said|says|stated|declared|added|wrote|following)\b")
# "We, the G7 Foreign Ministers of ...": a statement's authors, for every "we" of the text after it.
_WE_THE = re.compile(r"\bWe,\s+the\s+")
# "It also calls on the DPRK to withdraw": the body the sentence before opened on (not "It was the first time").
_IT_OPENING = re.compile(
    r"It\s+['\"]?(?:(?:also|further|again|therefore|strongly|firmly|once\s+again|now|today)\s+){0,2}"
    r"(?!(?:has|had)\s+(?:been|become|taken|come|emerged|also\s+been)\b)"
    r"(?!(?:is|was|will|would|may|might|could|should|must|remains?|remained|seems?|seemed|appears?"
    r"|appeared|comes?|came|means?|meant|takes?|took|goes|went|says?|said|added|noted|did|does|marks?|marked)\b)"
    # ("It had sanctioned North Korea's defence minister")
    r"(?:had\s+(?:(?:already|also|previously)\s+)?(?=[a-z]+(?:ed|en)\b))?[a-z]+(?:s|ed)\b")
_IN_CAPITAL_BODY = re.compile(r"In\s+(?P<city>[A-Z][\w-]+),\s+(?P<body>the\s+(?:(?:(?:foreign|defen[cs]e"
                              r"|unification)\s+)?(?:ministry|government)|presidential\s+office|foreign\s+office))\b")
_ITS_BODY = re.compile(r"Its\s+(?:(?:[Ff]oreign|[Dd]efen[cs]e|[Uu]nification)\s+[Mm]inist(?:ry|er)|[Gg]overnment)\b")
# (The letter first, the word's start checked after it: a pattern that opens on a set is scanned for fast.)
_HIS_GOVERNMENT = re.compile(r"[Hh](?<!\w[Hh])(?:is|er)\s+(?:[Gg]overnment|country|office|administration|ministry)\b")
# After a quote, who said it: '," she said', '," the ministry said', '," said Foreign Minister Cho'.
_QUOTE_PRONOUN = re.compile(r'^[,.!?]?"[,.]?\s+(?:he|she)\s+(?:\w+\s+)?(?:said|added|told|stressed|warned|declared'
                            r'|wrote|posted|tweeted)\b')
# '," the joint statement said': the statement speaks for those who issued it.
_QUOTE_STATEMENT = re.compile(r'^[,.!?]?"[,.]?\s+(?:the|their|a)\s+(?:(?:joint|common|trilateral|final|closing)\s+)?'
                              r'(?:statement|declaration|communiqu[eé])\s+(?:said|says|read|reads|stated|states|added)\b')
_PARTY_JOIN = re.compile(r"^(?:,\s*|\s+)(?:and\s+|&\s+)?(?:the\s+)?$")
_QUOTE_SAID = re.compile(r'^[,.!?]?"[,.]?\s+(?:said|added|told|stressed|warned|declared|wrote|posted|tweeted)\s')
# A government body with no country: '," the ministry said in a statement'.
# (Or its spokesperson, whom the lexicon does not know: '," spokesperson Koo Byoung-sam told a regular briefing'.)
_QUOTE_BODY_SAID = re.compile(r'^[,.!?]?"[,.]?\s+(?:the\s+(?:(?:foreign|defen[cs]e|unification)\s+)?'
                              r'(?:ministry|government|presidential\s+office)|(?:a\s+|the\s+)?(?:ministry\s+)?spokes(?:person|man|woman)'
                              r'(?:\s+[A-Z][\w-]*){0,3})\s+(?:said|added|stressed|warned|declared|wrote|told)\b',
                              re.IGNORECASE)
# Also '," the EU's top diplomat said': the body whose official speaks.
_QUOTE_SAID_AFTER = re.compile(r"(?:'s(?:\s+\w+){1,3}|\s+\w+)?\s+(?:said|says|added|told|stressed|warned|declared|wrote"
                                r"|writes|posted|tweeted)\b")
# Before a quote: 'Kallas said: "We condemn', 'the ministry said in a statement, "We ...'.
# (Or with no mark, as translations write it: 'said at the press conference on the 1st "We are ...", and stressed
# "we strongly condemn ..."'.)
_SAID_BEFORE_QUOTE = re.compile(r"\b(?:said|says|added|told\s+\w+|stressed|warned|declared|wrote|writes|posted"
                                r"|tweeted|emphasi[sz]ed|noted)\b[^\"]{0,40}[:,]?\s*$")


def _opening(mentions: Sequence[Mention], *, persons: bool = True) -> str | None:
    """The actor a sentence opens on: its first mention within the first words (the subject)."""
    first = next((m for m in mentions if m.role != "non_actor" and (persons or m.role != "person")), None)
    return first.entity if first is not None and first.start <= 60 else None


def _later_speaker(sentences: Sequence[str], mentions: Sequence[Sequence[Mention]], at: int) -> str | None:
    """Who speaks a quote that opens sentence ``at`` and closes in a later one ('"Today I met Foreign Minister Motegi
    in Tokyo. Japan is a like-minded partner," Kallas wrote on X')."""
    for n in range(at + 1, min(at + 4, len(sentences))):
        if sentences[n].count('"') % 2 == 1:
            return _quote_speaker(sentences[n], mentions[n], 0, sentences[n].find('"'), mentions[at - 1] if at else ())
        if '"' in sentences[n]:
            return None
    return None


def _statement_parties(sentence: str, close: int, before: str, previous: Sequence[Mention]) -> tuple[str, ...]:
    """Who issued the statement that speaks a quote closing at ``close`` ('," the joint statement said'): the run of
    actors the sentence before opened on ("Japan and South Korea held talks in Tokyo on Monday.")."""
    start = close - 1 if close > 0 and sentence[close - 1] in ",.!?" else close
    if not _QUOTE_STATEMENT.match(sentence[start:]):
        return ()
    actors = [m for m in previous if m.role != "non_actor"]
    if not actors or actors[0].start > 60:
        return ()
    run = [actors[0]]
    for m in actors[1:]:
        if m.entity == run[-1].entity or not _PARTY_JOIN.match(before[run[-1].end:m.start]):
            break
        run.append(m)
    return tuple(dict.fromkeys(m.entity for m in run))


def _quote_speaker(sentence: str, mentions: Sequence[Mention], open_at: int, close: int,
                   previous: Sequence[Mention]) -> str | None:
    """Who speaks the quote between ``open_at`` and ``close`` (its closing mark)."""
    after = sentence[close - 1 if close > 0 and sentence[close - 1] in ",.!?" else close:]
    if _QUOTE_PRONOUN.match(after):
        # '," she said': the person the sentence before named first (its speaker, not whom the speaker named:
        # "Sikorski said the deployment was an escalation by Putin. "We condemn this," he added."), else the
        # actor it opened on.
        person = next((m.entity for m in previous if m.role == "person"), None)
        return person or _opening(previous)
    said = _QUOTE_SAID.match(after)
    if said is not None:
        named = [m for m in mentions if close + said.end() <= m.start <= close + said.end() + 60
                 and m.role != "non_actor"]
        return named[0].entity if named else None
    named = [m for m in mentions if close < m.start <= close + 60 and m.role != "non_actor"]
    if named and _QUOTE_SAID_AFTER.match(sentence, named[-1].end) and '"' not in sentence[close + 1:named[0].start]:
        return named[0].entity
    if not named and _QUOTE_BODY_SAID.match(after):
        # '"We strongly condemn ...," the ministry said': the government the sentence before opened on ("South
        # Korea's foreign ministry hit back on Tuesday").
        return _opening(previous)
    said_before = _SAID_BEFORE_QUOTE.search(sentence, max(0, open_at - 80), open_at)
    if said_before is not None:
        # 'The High Representative for Foreign Affairs and Security Policy, Kaja Kallas, said: "...': the one named
        # right before the verb, else the sentence's subject.
        near = [m for m in mentions if m.end <= said_before.start() and said_before.start() - m.end <= 4
                and m.role != "non_actor"]
        return near[-1].entity if near else _opening(mentions)
    return None


# A government body named without its country: in a datelined story, the dateline's ("SEOUL (Yonhap) -- The
# foreign ministry said"), as news style has it.
_HOME_BODY = re.compile(
    # A Korean headline's "Gov't summons Russian ambassador".
    r"\bGov'?t\b(?=\s+[a-z])|\b[Tt]he\s+(?:(?i:foreign|defen[cs]e|unification)\s+(?i:ministry)"
    # "the previous government summoned Zinoviev": the country's government of another time is still its own.
    r"|(?:(?:previous|former|new|current|incoming|outgoing|[Ff]ederal)\s+)?(?i:government|presidential\s+office)"
    r"|Ministry\s+of\s+(?:Foreign\s+Affairs|National\s+Defen[cs]e|Unification))\b(?!\s+of\s)")
# Governments whose officials bear no minister's title (Secretaries instead).
_NO_MINISTERS = frozenset(("United States",))
_BARE_MINISTRY = re.compile(r"\b[Tt]he\s+[Mm]inistry\b(?!\s+of\s)(?!'s\s+(?:[a-z]+\s+)?(?:of|in)\s)")
_HOME_TITLE_ALONE = re.compile(
    r"\b[Tt]he\s+(?:(?:First|Second)\s+)?(?:(?:Vice|Deputy)\s+)?(?:(?:Foreign|Defen[cs]e|Unification)\s+)?"
    # (Or a department's head: "This morning the Secretary and Secretary Austin hosted", not "the Secretary-General".)
    r"(?:Minister|Secretary(?![-\w]))\b(?!\s+(?:of|for)\s)(?!\s+[A-Z])")
# The official a sentence ends on as its speaker: ", Foreign Minister Penny Wong announced on Monday."
_SPEAKER_TAIL = re.compile(r',\s+(?P<who>[^,"]{2,80}?)\s+(?:said|says|announced|announces|stated|added)\b[^,"]{0,30}$')
# An official by a title that names no country: "First Vice Foreign Minister Park Yoon-joo".
_HOME_TITLE = re.compile(
    r"\b(?:(?:First|Second)\s+)?(?:(?:Vice|Deputy)\s+)?(?:(?:Foreign|Defen[cs]e|Unification|Prime)\s+Minister"
    # "Minister of Foreign Affairs Kestutis Budrys", "the Minister for Europe and Foreign Affairs Jean-Noel Barrot"
    r"|Minister\s+(?:of|for)\s+(?:Europe\s+and\s+)?(?:Foreign\s+Affairs|(?:National\s+)?Defen[cs]e)"
    # "Foreign Ministry spokesman Heorhii Tykhyi"
    r"|(?:Foreign|Defen[cs]e)\s+Ministry\s+[Ss]pokes(?:man|woman|person))"
    r"\s+(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})")


def _with_home_government(sentences: Sequence[str], mentions: list[list[Mention]], outlet_home: str | None = None,
                          official: bool = False) -> list[list[Mention]]:
    """Each sentence's mentions plus the government bodies and officials named without their country, in a
    story whose dateline names one, else one an outlet of that country published (``outlet_home``): "SEOUL,
    Nov. 14 (Yonhap) -- ... the foreign ministry summoned", "First Vice Foreign Minister Park Yoon-joo ... Park
    urged Moscow" are South Korea's."""
    # The lead opens on the dateline (after the headline, when the article's sentences start with it).
    lead = next(((i, d) for i in range(min(2, len(sentences))) if (d := _DATELINE.match(sentences[i]))), None)
    home = next((m.entity for m in mentions[lead[0]] if m.end <= lead[1].end() and m.role in ("capital", "name")),
                None) if lead is not None else None
    # (A body's seat is no government's: "BRUSSELS, March 3 (Yonhap) -- ... Deputy Foreign Minister Chung" is the
    # outlet's country's.)
    home = (home if home not in _NOT_COUNTRIES else None) or outlet_home
    out: list[list[Mention]] = []
    for sentence, found in zip(sentences, mentions, strict=True):
        extra: list[Mention] = []
        low = sentence.lower()
        if home is None:
            # No dateline: "The federal government has imposed sanctions on ..., Foreign Minister Penny Wong
            # announced": the government of the official who announces it.
            if ("government" in low or "ministry" in low) and (tail := _SPEAKER_TAIL.search(sentence)):
                speaker = [m for m in found if m.role == "person" and m.start >= tail.start("who")]
                if speaker:
                    extra = [Mention(speaker[-1].entity, body.start(), body.end(), "name", body.group(0))
                             for body in _HOME_BODY.finditer(sentence, 0, tail.start())
                             if not any(m.end > body.start() - 3 and m.start < body.end() for m in found)]
            out.append(_apart([*found, *extra]) if extra else found)
            continue
        if "ministry" in low or "government" in low or "presidential" in low or "gov" in low:
            for body in _HOME_BODY.finditer(sentence):
                if not any(m.end > body.start() - 3 and m.start < body.end() for m in found):
                    extra.append(Mention(home, body.start(), body.end(), "name", body.group(0)))
            if official and home == outlet_home and "the ministry" in low:
                # A ministry's own briefing: "In June, the ministry also called in the Russian ambassador".
                for body in _BARE_MINISTRY.finditer(sentence):
                    if not any(m.end > body.start() - 3 and m.start < body.end() for m in found + extra):
                        extra.append(Mention(home, body.start(), body.end(), "name", body.group(0)))
        if "Minist" in sentence or "Secretary" in sentence:
            for alone in _HOME_TITLE_ALONE.finditer(sentence):
                # "The First Vice Minister stated that ...": the home government's official, named by title alone
                # (no name, so no surname for the rules to learn from it).
                if not any(m.end > alone.start() and m.start < alone.end() for m in found):
                    extra.append(Mention(home, alone.start(), alone.end(), "person", ""))
            for title in _HOME_TITLE.finditer(sentence):
                if any(m.end > title.start() - 3 and m.start < title.end() for m in found):
                    continue  # "South Korean Foreign Minister Cho Hyun", a known official
                if home in _NO_MINISTERS and "Minist" in title.group(0):
                    continue  # a State Department briefing's "Prime Minister Netanyahu" is no American
                # A person mention: the surname rules of both paths read "Park said" later from it.
                extra.append(Mention(home, title.start("name"), title.end("name"), "person", title.group("name")))
        out.append(_apart([*found, *extra]) if extra else found)
    return out


# Meetings coverage names its speakers by the country they speak for: "The representative of the Republic of Korea
# said", "Japan's delegate stressed", "The Chinese representative called on". Such a phrase is a person of that
# country (for "he", "his Government" after it); only as the subject of what the delegate says (not "the Russian
# delegation arrived in Pyongyang").
_DELEGATE_NOUN = (r"(?:(?:[Dd]eputy|[Aa]lternate|[Pp]ermanent|[Ss]enior)\s+)?"
                  r"(?:representative|delegate|speaker|observer)")
_DELEGATE_BEFORE = re.compile(r"\b(?:[Tt]he\s+)?" + _DELEGATE_NOUN + r"\s+(?:of|for|from)\s+(?:the\s+)?$")
_DELEGATE_AFTER = re.compile(r"(?:'s|')?\s+" + _DELEGATE_NOUN + r"\b")
_DELEGATE_SPEAKS = re.compile(
    r"(?:,[^,\"]{1,80},)?\s+(?:(?:also|further|then|again|too|later|however|instead)\s+)?"
    r"(?:said|says|stated|told|noted|added|stressed|warned|rejected|condemned|denounced|urged|called|welcomed"
    r"|expressed|emphasi[sz]ed|underlined|reiterated|recalled|voiced|argued|asserted|declared|insisted|dismissed"
    r"|deplored|regretted|accused|described|pointed|highlighted|reaffirmed|echoed|countered|responded|replied"
    r"|objected|explained|demanded|spoke|took\s+the\s+floor)\b")
# "Poland, speaking on behalf of the European Union, said": the one spoken for is the speaker.
_SPEAKING_FOR = re.compile(r"[Ss]peaking\s+(?:for|on\s+behalf\s+of)\s+(?:the\s+)?$")
_SPEAKING_AFTER_NAME = re.compile(r",\s+speaking\s")
_DELEGATE_STEMS = ("epresentative", "elegate", "peaker", "bserver", "peaking")


def _names_delegate(text: str) -> bool:
    return any(stem in text for stem in _DELEGATE_STEMS)


def _with_delegates(sentences: Sequence[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Each sentence's mentions with a delegate named by the country they speak for read as a person of that
    country ("The representative of the Republic of Korea said ... He demanded"), and "X, speaking on behalf of the
    European Union, said" as the EU's."""
    if not _names_delegate("\n".join(sentences)):
        return mentions  # most articles
    out: list[list[Mention]] = []
    for sentence, found in zip(sentences, mentions, strict=True):
        if not _names_delegate(sentence):
            out.append(found)
            continue
        changed = list(found)
        spoken_for: str | None = None  # "Speaking on behalf of the European Union, the delegate of Hungary said"
        for i, m in enumerate(found):
            if m.role not in ("name", "capital", "demonym"):
                continue
            before = _DELEGATE_BEFORE.search(sentence, max(0, m.start - 60), m.start) \
                if m.role != "demonym" else None
            after = _DELEGATE_AFTER.match(sentence, m.end) if before is None else None
            end = m.end if before is not None else after.end() if after is not None else -1
            if end >= 0 and (_DELEGATE_SPEAKS.match(sentence, end) or (spoken_for and sentence.startswith(",", end))):
                start = before.start() if before is not None else m.start
                changed[i] = Mention(spoken_for or m.entity, start, end, "person", "")
                spoken_for = None
            elif m.role == "name" and _SPEAKING_FOR.search(sentence, max(0, m.start - 40), m.start):
                spoken_for = m.entity
                # The speaker named before it: "Poland, speaking on behalf of ..." speaks as the EU.
                if i and _SPEAKING_AFTER_NAME.match(sentence, found[i - 1].end, m.start):
                    changed[i - 1] = Mention(m.entity, found[i - 1].start, found[i - 1].end, "person", "")
                changed[i] = Mention(m.entity, m.start, m.end, "person", "")
        out.append(_apart(changed) if changed != found else found)
    return out


# A ministry or its minister, and whose: "Vice Foreign Minister Kim Hong-kyun", "Russia's foreign ministry", "the
# Russian Foreign Ministry", "South Korea's Ministry of Foreign Affairs".
_MINISTER_BEFORE_NAME = re.compile(r"\b[Mm]inister\s+(?:of\s+(?:[A-Z]\w+\s+){1,3}?)?$")
_MINISTRY_AFTER_OWNER = re.compile(r"(?:'s?)?\s+(?:(?:[Ff]oreign|[Dd]efen[cs]e|[Uu]nification)\s+)?[Mm]inistry\b")
_THE_MINISTRY = re.compile(r"\b[Tt]he\s+ministry\b(?!\s+of\s)")


def _with_the_ministry(sentences: Sequence[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Each sentence's mentions plus whose "the ministry" is where the text does not say: the ministry or the
    minister it named last ("Vice Foreign Minister Kim Hong-kyun summoned Russian Ambassador Georgy Zinoviev. The
    ministry said it strongly condemns ...")."""
    if not any("the ministry" in s or "The ministry" in s for s in sentences):
        return mentions  # most articles
    last: str | None = None
    out: list[list[Mention]] = []
    for sentence, found in zip(sentences, mentions, strict=True):
        extra = [Mention(last, m.start(), m.end(), "name", m.group(0)) for m in _THE_MINISTRY.finditer(sentence)
                 if last is not None and not any(f.end > m.start() and f.start < m.end() for f in found)] \
            if "he ministry" in sentence else []
        if "inist" in sentence:
            for m in found:
                if m.role == "non_actor":
                    continue
                if (m.role == "person" and _MINISTER_BEFORE_NAME.search(sentence, max(0, m.start - 60), m.start)) \
                        or (m.role in ("name", "demonym", "capital") and _MINISTRY_AFTER_OWNER.match(sentence, m.end)):
                    last = m.entity
        out.append(_apart([*found, *extra]) if extra else found)
    return out


# Actors that are no country, whose "the country's" is another's.
_NOT_COUNTRIES = _HOSTING_BODIES | _SUMMIT_BODIES | frozenset(("CSTO", "ICRC", "Human Rights Watch",
                                                             "Amnesty International"))


def _with_the_country(sentence: str, found: list[Mention]) -> list[Mention]:
    """A sentence's mentions plus whose "the country's" is: the country it named last before it, when it named one
    ("has listed more than 40 North Korean individuals since it first sanctioned the country's defence minister")."""
    extra: list[Mention] = []
    for m in re.finditer(r"\bthe country's", sentence):
        if any(f.end > m.start() and f.start < m.end() for f in found):
            continue
        last = next((f.entity for f in reversed(found) if f.end <= m.start() and f.role in ("name", "demonym",
                     "capital") and f.entity not in _NOT_COUNTRIES), None)
        if last is not None:
            extra.append(Mention(last, m.start(), m.end() - 2, "name", "the country"))
    return _apart([*found, *extra]) if extra else found


def _apart(mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` in order, less any that overlaps one before it."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda x: (x.start, -x.end)):
        if not out or out[-1].end <= m.start:
            out.append(m)
    return out


def it_subject(sentence: str, previous: Sequence[Mention], before: str = "") -> Mention | None:
    """The body an opening "It" stands for: the one the sentence before (``before``, when given) opened on ("The
    European Council condemns ... It calls on the DPRK to withdraw"); none for "It was the first time", nor when
    that sentence's subject is no actor ("The resolution condemns the North Korean regime's ... It also urges")."""
    if not previous or not sentence.startswith("It ") or not _IT_OPENING.match(sentence):
        return None
    if before.startswith('"') and (close := before.find('"', 1)) > 0:
        # '"Moscow and Pyongyang are building an axis," the ministry said. It called on the EU': whoever said it,
        # not whom its words opened on.
        speaker = next((m for m in previous if m.start > close and m.role not in ("non_actor", "person")), None)
        return Mention(speaker.entity, 0, 2, "name", "It") \
            if speaker is not None and speaker.start - close <= 60 else None
    first = next((m for m in previous if m.role not in ("non_actor", "person")), None)
    if before and first is not None and _VERB_BEFORE.search(before, 0, first.start) is not None:
        return None
    body = _opening(previous, persons=False)
    return Mention(body, 0, 2, "name", "It") if body is not None else None


# A verb before the first actor a sentence names: its subject is something else ("The resolution condemns the North
# Korean regime's ...").
_VERB_BEFORE = re.compile(r"^(?:The|This|That|Its|Their)\s+[a-z][\w-]*\s+(?:[a-z]+ly\s+)?(?:[a-z]+s|[a-z]+ed)\s")


# "Seoul has taken a firm line: in October last year it summoned ...": "it" opening the clause after a colon or
# semicolon, as the subject of an act (not "it is", "it was", "it would"; _IT_OPENING's verbs).
# (Or after a verb of saying: "The bloc recalled that in December it had sanctioned".)
_CLAUSE_IT = re.compile(r"(?:[:;]|\b(?:said|says|recalled|recalls|noted|notes|added|adds|stressed|stresses|announced"
                        r"|confirmed|explained|insisted|argued)\s+that)\s+(?:[^,:;\"]{0,50}?,?\s+)?(?=it\s)")
_IT_ACTING = re.compile(_IT_OPENING.pattern.replace("It", "it", 1))


def _with_clause_it(sentences: Sequence[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Each sentence's mentions plus the body an "it" after a colon stands for: the one the sentence opened on."""
    out: list[list[Mention]] = []
    for index, (sentence, found) in enumerate(zip(sentences, mentions, strict=True)):
        extra: list[Mention] = []
        if index and (sentence.startswith("Its ") or ", its " in sentence[:48]) \
                and (opening_its := _OPENING_ITS.match(sentence)) is not None \
                and not any(m.start < opening_its.end() for m in found) \
                and (body := _opening(mentions[index - 1], persons=False)) is not None:
            # "Seoul has not been idle. On Oct. 21, its first vice foreign minister summoned ...": the government of
            # whom the sentence before opened on.
            extra.append(Mention(body, opening_its.start("its"), opening_its.end(), "name", opening_its.group("its")))
        if " it " in sentence and (":" in sentence or ";" in sentence or " that " in sentence):
            for clause in _CLAUSE_IT.finditer(sentence):
                at = clause.end()
                body = _opening([m for m in found if m.end <= clause.start()], persons=False)
                if body is not None and _IT_ACTING.match(sentence, at) \
                        and not any(m.start < at + 2 and at < m.end for m in found):
                    extra.append(Mention(body, at, at + 2, "name", "it"))
        if " its " in sentence and ";" in sentence:
            # "South Korea has protested repeatedly; its foreign ministry summoned ...": the government of whom the
            # sentence opened on.
            for clause in _CLAUSE_ITS.finditer(sentence):
                body = _opening([m for m in found if m.end <= clause.start()], persons=False)
                if body is not None and not any(m.start < clause.end() and clause.start("its") < m.end for m in found):
                    extra.append(Mention(body, clause.start("its"), clause.end(), "name", clause.group("its")))
        out.append(_apart([*found, *extra]) if extra else found)
    return out


_OPENING_ITS = re.compile(r"(?:(?:On|In|Last|Earlier|Later|By|Within)\b[^,]{0,30},\s+)?(?P<its>[Ii]ts\s+"
                          r"(?:(?:first|second|deputy|vice|top|chief)\s+){0,3}(?:(?:foreign|defen[cs]e|unification)\s+"
                          r"minist(?:er|ry)|government|diplomat|president|prime\s+minister|envoy))\b")
_CLAUSE_ITS = re.compile(r";\s+(?P<its>its\s+(?:foreign|defen[cs]e|unification)\s+ministry|its\s+government)\b",
                         re.IGNORECASE)


# A host's guest named by a pronoun: "Putin received her at the Kremlin", "Kim met him at the airport".
# (And whom a sanction names: "The European Union and the United States put him on their sanctions lists".)
_OBJECT_PRONOUN = re.compile(r"\b(?:received|receives|met|meets|hosted|hosts|greeted|greets|welcomed|welcomes"
                             r"|sanctioned|blacklisted|designated|(?:put|placed)(?=\s+(?:him|her)\s+(?:on|under)\s)"
                             r"|(?P<asks>urged|urges|asked|asks|pressed|presses|called\s+on|calls\s+on))\s+"
                             r"(?P<who>him|her)\b")


def _with_object_pronouns(sentences: Sequence[str], mentions: list[list[Mention]], vocab: Vocabulary
                          ) -> list[list[Mention]]:
    """Each sentence's mentions plus the person a host's "him" or "her" stands for: the one named last, in this
    sentence or before it, who is not the host (and, where the vocabulary knows, is a woman for "her", not one for
    "him")."""
    text = "\n".join(sentences)
    if (" him" not in text and " her" not in text) or _OBJECT_PRONOUN.search(text) is None:
        return mentions  # most articles: no host receives "him" or "her"
    out: list[list[Mention]] = []
    people: list[tuple[str, str]] = []  # whose the people named so far are and their gender, the latest last
    for sentence, found in zip(sentences, mentions, strict=True):
        extra: list[Mention] = []
        if " him" in sentence or " her" in sentence:
            for m in _OBJECT_PRONOUN.finditer(sentence):
                before = [(x.entity, _gender(x, vocab)) for x in found if x.end <= m.start() and x.role == "person"]
                # (Who asks is the clause's subject, the first named: "Biden called Prime Minister Netanyahu to
                # congratulate him and urged him to ...".)
                host = (before[0] if m.group("asks") else before[-1])[0] if before else None
                others = [e for e in reversed([*people, *before]) if e[0] != host]
                unlike = "m" if m.group("who") == "her" else "f"  # ("Putin received her": not the man named last)
                guest = next((e for e, g in others if g != unlike), None) or next((e for e, _ in others), None)
                if guest is not None and not any(x.start < m.end("who") and m.start("who") < x.end for x in found):
                    extra.append(Mention(guest, m.start("who"), m.end("who"), "person", m.group("who")))
        people.extend((x.entity, _gender(x, vocab)) for x in found if x.role == "person")
        out.append(sorted([*found, *extra], key=lambda x: x.start) if extra else found)
    return out


def _with_speakers(sentences: Sequence[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Each sentence's mentions plus who "we" and "it" stand for where the text says: a quote's speaker
    ('"We condemn the deployment," she said'), the authors of a statement ("We, the G7 Foreign Ministers of
    ..., condemn"), the body the sentence before opened on ("The European Council condemns ... It calls on
    the DPRK to withdraw"). Unsaid, they stand for no one."""
    text = "\n".join(sentences)
    quick = "We" in text or " we " in text or "I " in text or any(s.startswith(_SPEAKER_OPENINGS) for s in sentences)
    # "his Government", "her country": looked for once in the article (not once per sentence).
    his = _HIS_GOVERNMENT.search(text) is not None
    if not quick and not his:
        return mentions  # no "we", no opening "It", "His", "In", no quote, no "his office": most articles
    authors: tuple[str, ...] = ()  # who "we" are, the first of them standing where "we" is written
    out: list[list[Mention]] = []
    previous: Sequence[Mention] = ()
    quoted_before: str | None = None  # who spoke the quote that opened the sentence before
    # Who speaks a quote still open at the end of the sentence before ('Kallas said: "By sending its soldiers ...
    # We condemn this in the strongest terms."'): the sentence opens inside it.
    open_quote: str | None = None
    for at, (sentence, found) in enumerate(zip(sentences, mentions, strict=True)):
        extra: list[Mention] = []
        quoted_here: str | None = None
        inside = open_quote is not None and not sentence.startswith('"')
        if sentence.startswith('"'):
            close = sentence.find('"', 1)
            quoted_here = _quote_speaker(sentence, found, 0, close, previous) if close > 0 \
                else _later_speaker(sentences, mentions, at)
            if quoted_here is None and at and sentences[at - 1].endswith(":") \
                    and _INTRODUCED.search(sentences[at - 1]):
                # 'A Foreign Office spokesperson issued the following statement today:' then the quote, on lines
                # of its own: the one the introduction opened on.
                quoted_here = _opening(previous)
            if close < 0 or not sentence[close + 1:].strip(" .,"):
                # '"Pyongyang is a co-belligerent," Kallas told reporters. "We condemn ..."': the same speaker.
                quoted_here = quoted_here or quoted_before
        # (Not after a sentence about a package: "The package ... adds 189 tankers. It also lists 75 individuals" is
        # the package, whose authors listed them.)
        it = it_subject(sentence, previous, sentences[at - 1] if at else "") if sentence.startswith("It ") and not (
            at and _PACKAGE_OPENING.match(sentences[at - 1])) else None
        if it is not None:
            extra.append(it)
        elif sentence.startswith("Its ") and previous and (its := _ITS_BODY.match(sentence)) is not None:
            # "Seoul has condemned the deployment. Its Foreign Ministry summoned Russian Ambassador Georgy Zinoviev":
            # the government of whom the sentence before opened on.
            whose = _opening(previous, persons=False)
            if whose is not None:
                extra.append(Mention(whose, 0, its.end(), "name", its.group(0)))
        elif sentence.startswith("In ") and (body := _IN_CAPITAL_BODY.match(sentence)) is not None:
            # "In Pyongyang, the foreign ministry denounced the expulsion": the capital's government.
            city = next((m for m in found if m.start == body.start("city") and m.role == "capital"), None)
            if city is not None:
                extra.append(Mention(city.entity, body.start("body"), body.end("body"), "name", body.group("body")))
        elif his and at and (own := _HIS_GOVERNMENT.search(sentence)) is not None \
                and not any(m.role == "person" and m.start < own.start() for m in found):
            # "The representative of the Republic of Korea called the deployment a provocation. His Government
            # strongly condemned ...", "He noted that his country had summoned the Russian ambassador", "In a
            # statement afterwards, his office denounced": the government of the person the sentence before
            # named last, else of whom it opened on.
            whose = next((m.entity for m in reversed(previous) if m.role == "person"), None) or _opening(previous)
            if whose is None and not any(m.role != "non_actor" for m in previous):
                # ("..., he warned. His Government strongly condemned": a sentence that names no one goes on
                # with the person named before it.)
                whose = next((m.entity for ms in reversed(out) for m in reversed(ms) if m.role == "person"), None)
            if whose is not None:
                extra.append(Mention(whose, own.start(), own.end(), "name", own.group(0)))
        if ("We" in sentence or " we " in sentence or "I " in sentence) and _WE.search(sentence):
            we_the = _WE_THE.search(sentence)
            if we_the is not None:
                after = [m for m in found if we_the.end() <= m.start <= we_the.end() + 30]
                if after:
                    found = _members_listed(sentence, found, after[0])
                    # "We, the leaders of the European Union and the Republic of Korea, reaffirm": all those the
                    # apposition names, up to its comma.
                    close = sentence.find(",", after[0].end)
                    authors = tuple(dict.fromkeys(m.entity for m in found if m.start >= after[0].start
                                                  and (close < 0 or m.end <= close) and m.role != "non_actor"))
            quotes = [q.start() for q in _QUOTE_MARK.finditer(sentence)]
            for we in _WE.finditer(sentence):
                if any(m.start <= we.start() < m.end for m in found) or sentence.endswith("and ", 0, we.start()):
                    continue  # (", and we will keep raising the cost": the clause goes on with the same speaker)
                opened = [q for q in quotes if q < we.start()]
                closing = [q for q in quotes if q > we.start()]
                speaker: str | None
                if inside and not opened:  # inside the quote the sentence before opened
                    speaker = open_quote
                elif (len(opened) + inside) % 2 == 1:  # inside a quote
                    speaker = _quote_speaker(sentence, found, opened[-1], closing[0], previous) if closing else None
                    if speaker is None and opened[-1] == 0:
                        speaker = quoted_here
                    before = sentences[at - 1] if at else ""
                    if speaker is None and closing and (party := _statement_parties(sentence, closing[0], before,
                                                                                     previous)):
                        # '"We condemn the deployment," the joint statement said': all who issued it, the first
                        # where "we" is written and the others where it ends.
                        speaker = party[0]
                        extra.extend(Mention(a, we.end(), we.end(), "name", "") for a in party[1:])
                elif we_the is not None and we.start() == we_the.start():
                    speaker = None  # the authors' own names follow
                else:
                    speaker = authors[0] if authors else None
                    # (The others with it, where "we" ends: "We condemn" is all the statement's authors'.)
                    extra.extend(Mention(a, we.end(), we.end(), "name", "") for a in authors[1:])
                if speaker is not None:
                    extra.append(Mention(speaker, we.start(), we.end(), "name", we.group(0)))
        if extra:
            # One reading per place: what the text already names there stays.
            extra = [x for x in extra if not any(m.start < x.end and x.start < m.end for m in found)]
        out.append(sorted(found + extra, key=lambda x: x.start) if extra else found)
        marks = sentence.count('"')
        if inside:
            open_quote = open_quote if marks % 2 == 0 else None  # closed in this sentence, or still open
        elif marks % 2 == 1:
            # A quote opened here runs on: its speaker is the one said to speak it here.
            last = sentence.rfind('"')
            open_quote = (quoted_here or quoted_before) if last == 0 \
                else _quote_speaker(sentence, found, last, len(sentence), previous)
        else:
            open_quote = None
        # (With what "It" stood for: "It strongly condemns ... It also called on North Korea" is the same body.)
        previous, quoted_before = out[-1], quoted_here
    return out


# An interview: questions labelled "Q: " (the interviewer's; a question runs on over the sentences after its label
# that end in "?"), answers after them, optionally labelled "A: ".
_QA_LABELS = ("Q: ", "Q. ", "A: ", "A. ")
# Where the introduction names whom the interview is with: "the EU's ambassador in Seoul, Elena Marchetti, spoke to the
# Korea Ledger", "Viktor Belov, ..., explained Moscow's position", "We asked Dr Linnea Berg".
_INTERVIEW_CUE = re.compile(r"\b(?:spoke|spoken|talked|speaks|talks|sat\s+down)\s+(?:to|with)\b|\bgave\s+us\b"
                            r"|\b(?:explained|discussed|answered)\b|\b[Ww]e\s+asked\b|\btold\s+us\b|\binterview\b")
# An official's title there: whose side the headline names when the introduction names none ("Deputy Foreign Minister
# Iryna Kovalenko, back from talks in Warsaw, spoke to us in Kyiv" under "Kyiv deputy minister: ...").
_OFFICIAL_TITLE = re.compile(r"\b(?:[Mm]inister|[Aa]mbassador|[Ee]nvoy|[Ss]pokes(?:man|woman|person)|[Dd]iplomat"
                             r"|[Pp]resident|[Cc]hancellor|[Dd]irector|[Oo]fficial|[Cc]ommissioner|[Ss]ecretary)\b")
_PLACE_WORD_BEFORE = re.compile(r"\b(?:in|to|at|from|for)\s+(?:the\s+)?$")
# The interviewee's words for their side: "I", "we", "us", "our government" (not "my counterpart").
_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|us|[Oo]ur\s+(?:government|(?:foreign\s+)?ministry|country|side|president"
                           r"|delegation|embassy|leaders?|(?:two\s+)?governments)|[Mm]y\s+(?:government|country|ministry))\b"
                           # "This is my first visit to Wonsan": whose visit.
                           r"|\b[Mm]y(?=\s+(?:\w+\s+)?(?:visit|trip)\b)")
_SECOND_PERSON = re.compile(r"\b[Yy]ou\b")


# A sentence that opens on a verb in the past, its subject dropped as cables and sitreps do: "Condemned RU-DPRK mil.
# cooperation.", "Met HR/VP Kallas at EEAS HQ 21/05." (Not a participle that opens a clause before its subject: "Signed
# in June 2024, the treaty ...", "Asked about the deployment, Cho said".)
_DROPPED_SUBJECT = re.compile(r"(?:[-\u2013\u2022*]\s+)?"
                              r"(?P<verb>[A-Z][a-z]+ed|Met|Held|Sent|Spoke|Took|Made|Gave|Paid)\s")
_NOT_DROPPED = frozenset(("Asked", "Pressed", "Questioned", "Updated", "Related", "United", "Based", "Born"))
_CLAUSE_COMMA = re.compile(r"[^,;]{0,160},\s")


def _with_dropped_subjects(sentences: Sequence[str], mentions: list[list[Mention]], scan: Sequence[set[str]],
                           vocab: Vocabulary) -> list[list[Mention]]:
    """Each sentence's mentions plus, where a sentence opens on an act's verb with no subject, the actor the sentence
    before opened on (or stood for, when its own subject was dropped too), as a mention of no width before the verb."""
    out = list(mentions)
    implied_at = -2  # the sentence whose dropped subject was read last, and whom it stood for
    implied_who: str | None = None
    for i in [i for i, kinds in enumerate(scan) if kinds and i]:
        sentence, found, kinds = sentences[i], mentions[i], scan[i]
        if (dropped := _DROPPED_SUBJECT.match(sentence)) is None \
                or dropped.group("verb") in _NOT_DROPPED or _CLAUSE_COMMA.match(sentence, dropped.end()):
            continue  # (most sentences: the pattern's first word fails at once)
        at = dropped.start("verb")
        # Whom the sentence before opened on, or stood for when its subject was dropped too.
        carried = implied_who if implied_at == i - 1 else _opening(mentions[i - 1])
        if carried is None or any(m.start <= at for m in found) \
                or not any(start == at for start, _, _ in _triggers(sentence, kinds, vocab)):
            continue
        out[i] = [Mention(carried, at, at, "name", ""), *found]
        implied_at, implied_who = i, carried
    return out


# A speaker label's words that are titles, not the name: "HIGH REPRESENTATIVE KALLAS", "MINISTER CHOE SON HUI".
_LABEL_TITLES = frozenset((
    "MINISTER", "FOREIGN", "DEFENCE", "DEFENSE", "HIGH", "REPRESENTATIVE", "PRESIDENT", "PRIME", "SECRETARY",
    "GENERAL", "SPOKESPERSON", "SPOKESMAN", "SPOKESWOMAN", "MR", "MR.", "MS", "MS.", "MRS", "MRS.", "DR", "DR.",
    "AMBASSADOR", "CHAIRMAN", "CHAIR", "COMRADE", "DEPUTY", "VICE", "FIRST", "CHANCELLOR", "COMMISSIONER", "DIRECTOR",
    "STATE", "MADAM", "SENATOR", "REP.", "ENVOY", "SPECIAL", "PREMIER", "COUNSELLOR", "COUNSELOR",
    # Ranks: "AIR FORCE MAJ. GEN. PAT RYDER", "GEN. RYDER", "REAR ADM. JOHN KIRBY".
    "AIR", "FORCE", "ARMY", "NAVY", "MAJ.", "MAJ", "GEN.", "GEN", "LT.", "LT", "COL.", "COL", "ADM.", "ADM", "REAR",
    "BRIG.", "CAPT.", "PRESS", "ACTING"))


# Family names too common to say who speaks without a title ("KIM:", "LEE:").
_COMMON_FAMILY_NAMES = frozenset(("kim", "lee", "park", "pak", "choi", "choe", "cho", "jo", "jung", "chung", "kang",
                                  "yoon", "jang", "lim", "han", "shin", "oh", "seo", "kwon", "hwang", "ahn", "song",
                                  "ri", "yi"))


def _with_labelled_speakers(sentences: Sequence[str], mentions: list[list[Mention]],
                            speakers: Sequence[str | None], lexicon: EntityLexicon) -> tuple[list[list[Mention]], bool]:
    """Each sentence's mentions plus, in a transcript's turns ("MINISTER CHO: ..."), the speaker's side for "I",
    "we", "us" and "our government". The speaker is the person the article names whose name holds every word of
    the label's name ("CHO" is "Foreign Minister Cho Tae-yul"), else whom the lexicon knows by it; a label naming
    no one known ("MODERATOR", a correspondent) stands for no one. Also whether any turn's speaker was known."""
    # The words of each person's name as the article gives it, lower-cased ("Cho Tae-yul": cho, tae, yul, tae-yul),
    # and their side.
    people: list[tuple[set[str], str]] = []
    for found in mentions:
        for m in found:
            if m.role == "person":
                low = m.text.lower()
                people.append(({*low.split(), *low.replace("-", " ").split()}, m.entity))
    sides: dict[str, str | None] = {}
    for label in set(speakers):
        if label is None:
            continue
        words = [w.lower() for w in label.split() if w.upper() not in _LABEL_TITLES]
        side = None
        if words == label.lower().split() and len(words) == 1 and words[0] in _COMMON_FAMILY_NAMES:
            words = []  # "KIM:" with no title may be a correspondent as well as Kim Jong Un
        if words:
            side = next((e for name, e in people if name.issuperset(words)), None)
            if side is None:
                known = lexicon.find(" ".join(w.capitalize() for w in words))
                side = next((m.entity for m in known if m.role == "person"), None)
            if side is None:
                # "Yle spoke to Aino Lehtonen, a senior researcher at the Helsinki Institute for Strategic Studies":
                # whom the article's description of the speaker places.
                side = _described_side(sentences, mentions, words[-1])
            if side is None and not label.isupper():
                # "NATO Spokesperson Farah Dakhlallah", "Spokesperson of the Ministry of Foreign Affairs of Japan": the
                # body the label names (as written: "Nato" is no one).
                side = next((m.entity for m in lexicon.find(label) if m.role in ("name", "institution")), None)
        sides[label] = side
    if not any(sides.values()):
        return mentions, False
    out: list[list[Mention]] = []
    for sentence, found, label in zip(sentences, mentions, speakers, strict=True):
        side = sides.get(label) if label is not None else None
        if side is None:
            out.append(found)
            continue
        out.append(_with_side(sentence, found, side, _FIRST_PERSON))
    return out, True


def _described_side(sentences: Sequence[str], mentions: Sequence[Sequence[Mention]], surname: str) -> str | None:
    """The side of a person the article describes after their name ("Aino Lehtonen, a senior researcher at the
    Helsinki Institute"): the first country or body the description names, not a place it is in ("in Seoul"),
    though a capital naming an institution is its country's."""
    named = re.compile(rf"\b{re.escape(surname)}\b,\s", re.IGNORECASE)
    for sentence, found in zip(sentences, mentions, strict=True):
        at = named.search(sentence) if surname.lower() in sentence.lower() else None
        if at is None:
            continue
        clause = sentence.find(",", at.end())
        end = clause if clause > 0 else len(sentence)
        for m in found:
            if at.end() <= m.start < end and m.role in ("demonym", "name", "institution", "capital") \
                    and (not _PLACE_WORD_BEFORE.search(sentence, max(0, m.start - 12), m.start)
                         or (m.role != "capital" and sentence.endswith(("at the ", "at "), 0, m.start))
                         or _NAME_WORD_AFTER.match(sentence, m.end) is not None):
                return m.entity
        return None
    return None


_NAME_WORD_AFTER = re.compile(r"\s+(?:Institute|University|Center|Centre|Institution|School|Academy|Foundation"
                              r"|Council|Forum|Society)\b")


# Who speaks or writes a text in the first person, in its first sentences: "STRASBOURG, 11 March 2025 - Speech by
# High Representative/Vice-President Kaja Kallas at ...", "The following is the speech delivered by Kim Jong Un",
# "Article by Choe Son Hui, Minister of Foreign Affairs of the DPRK", "By Cho Tae-yul, Minister of ..." (not a joint
# statement's: its "we" are all its parties).
_AUTHORED_BY = re.compile(
    r"(?:^|[\u2014\u2013]\s+|\s-\s+|--\s+)(?:The\s+following\s+is\s+(?:the\s+)?(?:full\s+)?(?:text\s+of\s+)?"
    r"(?:the\s+|an?\s+)?)?(?!(?:[Jj]oint|JOINT)\b)(?:[\w/-]+\s+){0,2}?(?:[Ss]peech|[Aa]ddress|[Rr]emarks|[Ss]tatement"
    r"|[Bb]log\s+post|[Mm]essage|[Aa]rticle|[Oo]p-ed|[Ll]etter|[Ll]ecture|[Kk]eynote"
    # A spokesperson's or a minister's own briefing: "Briefing by Foreign Ministry Spokeswoman Maria Zakharova",
    # "Press Conference by Foreign Minister IWAYA Takeshi".
    r"|[Bb]riefing|[Pp]ress\s+[Cc]onference)\s+"
    r"(?:(?:delivered|given|made|written)\s+)?by\s+"
    # A byline: a name of two to four words, then the office or nothing ("By Tuesday, after talks" is no one).
    r"|^By\s+(?=[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3}\s*(?:,|$))")
# Or at its end, the author's office: "Dmytro Ponomarenko is the Ambassador of Ukraine to the Republic of Korea.",
# "The writer is ...".
_AUTHOR_IS = re.compile(
    r"(?:The\s+(?:writer|author)|(?:[A-Z][\w'-]*\s+){1,4}?)is\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,5}?"
    r"(?:[Aa]mbassador|[Mm]inister|[Pp]resident|[Ss]ecretary|[Rr]epresentative|[Ee]nvoy|[Ss]pokes\w+|[Cc]hancellor"
    r"|[Cc]ommissioner|[Hh]ead|[Dd]irector|[Cc]hair\w*)\b")


def _with_author(sentences: Sequence[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Each sentence's mentions plus, in a speech or an official's own article, the author's side for "I", "we",
    "us" and "our government" outside quotes: the first actor named (not as a place) after "Speech by" or "By" in its
    first sentences, else in the sentence at its end that gives the author's office."""
    side: str | None = None
    span = range(0)
    for at in range(min(4, len(sentences))):
        head = sentences[at][:160]
        if ("by " in head or "By " in head) and (by := _AUTHORED_BY.search(head)) is not None:
            side = _first_side(sentences[at], mentions[at], by.end())
            span = range(at + 1, len(sentences))
            break
    if side is None:
        for at in range(len(sentences) - 1, max(-1, len(sentences) - 4), -1):
            if " is " in sentences[at][:120] and (office := _AUTHOR_IS.match(sentences[at])) is not None:
                side = _first_side(sentences[at], mentions[at], office.start())
                span = range(0, at)
                break
    if side is None:
        return mentions
    out = list(mentions)
    for i in span:
        out[i] = _with_side(sentences[i], mentions[i], side, _FIRST_PERSON)
    return out


def _first_side(sentence: str, found: Sequence[Mention], start: int) -> str | None:
    """The first actor a sentence names from ``start`` on, not as a place ("Ambassador of the European Union to the
    Republic of Korea": the EU)."""
    return next((m.entity for m in found if m.start >= start
                 and m.role in ("person", "name", "demonym", "institution", "capital")
                 and not _PLACE_WORD_BEFORE.search(sentence, max(0, m.start - 12), m.start)), None)


def _interview(sentences: Sequence[str]) -> tuple[list[str], list[bool]]:
    """An interview's sentences without their "Q: "/"A: " labels, and which of them answer."""
    out: list[str] = []
    answers: list[bool] = []
    asking = False
    for s in sentences:
        if s.startswith(("Q: ", "Q. ")):
            asking = True
            s = s[3:]
        elif s.startswith(("A: ", "A. ")):
            asking = False
            s = s[3:]
        elif asking and not s.rstrip(' "\'').endswith("?"):
            asking = False  # the answer begins: "Q: What did you ask for? | I asked the Korean government ..."
        out.append(s)
        answers.append(not asking)
    return out, answers


# What says an article is an interview, before its first question.
_INTERVIEW_INTRO = re.compile(r"\b(?:interview(?:ed)?|sat\s+down\s+with|(?:spoke|talked)\s+(?:to|with))\b")


def _unlabelled_interview(sentences: Sequence[str]) -> list[bool] | None:
    """Which sentences answer in an interview whose questions carry no "Q: " label: three or more questions, each
    followed by an answer, after an introduction that says it is an interview."""
    asked = [i for i, s in enumerate(sentences) if s.endswith("?")]
    if len(asked) < 3 or not any(_INTERVIEW_INTRO.search(s) for s in sentences[:asked[0]]):
        return None
    answered = [i for i in asked if i + 1 < len(sentences) and not sentences[i + 1].endswith("?")]
    if len(answered) < 3:
        return None
    questions = set(asked)
    return [i not in questions for i in range(len(sentences))]


def _with_interviewee(sentences: Sequence[str], mentions: list[list[Mention]],
                      answers: Sequence[bool]) -> list[list[Mention]]:
    """Each sentence's mentions plus, in an interview, the interviewee's side for "I", "we", "us" and "our
    government" in the answers and for "you" in the questions. The side is the first actor the introduction names
    in the sentence that introduces the interviewee (not a place: "in Seoul"), else, for an official, the first the
    headline names; unknown, no one."""
    first_q = next((i for i, a in enumerate(answers) if not a), None)
    if first_q is None:
        return mentions
    # (Not "The interview has been condensed and edited.", which names no one.)
    cue = next((i for i in range(first_q - 1, -1, -1) if _INTERVIEW_CUE.search(sentences[i]) and mentions[i]), None)
    if cue is None:
        return mentions
    # The first named after the cue's verb, who is interviewed ("The Korea Herald sat down with Anna-Lena Vos,
    # ambassador of the European Union"), else the first in the sentence; "at" names an employer ("managing
    # director at the European External Action Service").
    after = _INTERVIEW_CUE.search(sentences[cue]).end()  # type: ignore[union-attr]
    sides = [m for m in mentions[cue] if m.role in ("demonym", "name", "capital", "person", "institution")
             and (not _PLACE_WORD_BEFORE.search(sentences[cue], max(0, m.start - 12), m.start)
                  or (m.role != "capital" and sentences[cue].endswith(("at the ", "at "), 0, m.start)))]
    side = next((m.entity for m in sides if m.start >= after), None) or next((m.entity for m in sides), None)
    if side is None and cue > 0 and _OFFICIAL_TITLE.search(sentences[cue]):
        side = next((m.entity for m in mentions[0] if m.role in ("demonym", "name", "capital", "person")
                     and not _PLACE_WORD_BEFORE.search(sentences[0], max(0, m.start - 12), m.start)), None)
    if side is None:
        return mentions
    out = list(mentions[:first_q])
    for sentence, found, answer in zip(sentences[first_q:], mentions[first_q:], answers[first_q:], strict=True):
        out.append(_with_side(sentence, found, side, _FIRST_PERSON) if answer
                   else _with_side(sentence, found, side, _SECOND_PERSON, in_quotes=True))
    return out


def _with_side(sentence: str, found: list[Mention], side: str, words: re.Pattern[str], *,
               in_quotes: bool = False) -> list[Mention]:
    """A sentence's mentions plus ``side`` for each of ``words`` ("we", "I", "our government") the lexicon did not
    name already, not inside a quote the speaker cites unless ``in_quotes``."""
    extra = [Mention(side, w.start(), w.end(), "name", w.group(0)) for w in words.finditer(sentence)
             if not any(m.start < w.end() and w.start() < m.end for m in found)
             and (in_quotes or sentence.count('"', 0, w.start()) % 2 == 0)]
    return sorted([*found, *extra], key=lambda x: x.start) if extra else found


# A resolution opens on its author alone ("The European Parliament,"), and its paragraphs on a verb ("3. Condemns in
# the strongest terms ...", "Calls on the Russian Federation to ...").
_AUTHOR_REACH = 12  # sentences: a resolution's reference and title come before its author
_AUTHOR_LINE = re.compile(r"(?:The\s+)?[A-Z][\w'-]*(?:\s+[\w'-]+){0,6}[,:]")
# (Also after an adverb: "1. Strongly condemns ...", "Once again calls on ...".)
_PARAGRAPH_VERBS = ("condemns", "calls", "demands", "urges", "welcomes", "reiterates", "deplores", "denounces",
                    "insists", "decides", "instructs", "reaffirms", "requests", "invites", "encourages", "expresses",
                    "appeals", "rejects", "supports", "stresses", "recalls", "notes", "underlines", "emphasises",
                    "emphasizes", "regrets", "takes")
_PARAGRAPH_VERB = re.compile(
    r"(?:\d{1,3}\.\s+|\([a-z]\)\s+|[-\u2013]\s+)?(?=(?:(?:Strongly|Firmly|Also|Further|Again|Once\s+again|Resolutely"
    rf"|Unequivocally)\s+(?:{'|'.join(_PARAGRAPH_VERBS)})|(?:{'|'.join(v.capitalize() for v in _PARAGRAPH_VERBS)}))\s)")


def _with_document_author(sentences: Sequence[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Each sentence's mentions plus, for a resolution's paragraphs that open on a verb, its author (named where
    the resolution opens, alone on its line)."""
    # Where the author is named: near the top (most articles name none there).
    opening = next((i for i, s in enumerate(sentences[:_AUTHOR_REACH]) if s.endswith((",", ":"))
                    and len(mentions[i]) == 1 and _AUTHOR_LINE.fullmatch(s)), None)
    if opening is None:
        return mentions
    author = mentions[opening][0].entity
    out = list(mentions[:opening + 1])
    for sentence, found in zip(sentences[opening + 1:], mentions[opening + 1:], strict=True):
        verb = _PARAGRAPH_VERB.match(sentence)
        out.append([Mention(author, verb.end(), verb.end(), "name", ""), *found] if verb is not None else found)
    return out


# "We, the G7 Foreign Ministers of Canada, France, ... and the United States of America, and the High
# Representative of the European Union": the countries listed are the body's members speaking as the body, not
# actors beside it; a co-author after the list still is one.
_MEMBERS_OF = re.compile(r"\s+(?:[A-Z][\w-]*\s+){0,3}(?:Ministers|Leaders|[Mm]embers|Heads\s+of\s+State\s+and\s+"
                         r"Government)\s+of\s+(?:the\s+)?")
_MEMBER_JOIN = re.compile(r"(?:,\s*|\s+and\s+|,\s+and\s+)(?:the\s+)?")


def _members_listed(sentence: str, found: list[Mention], body: Mention) -> list[Mention]:
    """``found`` with the members listed after a body's title ("the G7 Foreign Ministers of Canada, France,
    ...") read as the body."""
    members = _MEMBERS_OF.match(sentence, body.end)
    if members is None:
        return found
    listed: set[int] = set()
    at = members.end()
    for m in found:
        if m.start < at:
            continue
        if m.start != at:
            break
        listed.add(m.start)
        join = _MEMBER_JOIN.match(sentence, m.end)
        if join is None:
            break
        at = join.end()
    return [m._replace(entity=body.entity, role="name") if m.start in listed else m for m in found]


def _first_places(sentences: Sequence[str]) -> dict[str, int]:
    """Each sentence's first index in the article (an action names its sentence, not its place)."""
    return {s: i for i, s in reversed(list(enumerate(sentences)))}


def _dated_by_context(found: list[list[DiplomaticAction]], sentences: Sequence[str], published: datetime | None,
                      named: Sequence[Sequence[Mention]]) -> list[list[DiplomaticAction]]:
    """Acts whose sentence names no time of its own, dated by the sentences before it ("Britain announced
    parallel measures the same day", "The EU signed a similar partnership earlier the same month")."""
    if not any(not a.historical for acts in found for a in acts) \
            or not may_date_by_context("\n".join(sentences), published):
        return found
    where = _first_places(sentences)
    def dated(a: DiplomaticAction) -> bool:
        parties = {*a.actors, *a.targets}
        return dated_by_context(sentences, where[a.sentence], published,
                                related=lambda j: any(m.entity in parties for m in named[j]))

    return [[replace(a, historical=True) if not a.historical and dated(a) else a for a in acts] for acts in found]


def _idle_appeal(kind: str, targets: Sequence[str], sentence: str, start: int, end: int) -> bool:
    """A call for something at home, aimed at no one: "called for the mobilisation of young people to work on
    factory projects" is no diplomatic appeal; "called for a ceasefire", "called for restraint" are."""
    if kind == "appeal" and not targets and _ASKED.match(sentence, start):
        return True  # "asked the minister to convey his regards", "pressed the troops to": no one's government asked
    if kind == "appeal" and _COURTESY_ASKED.match(sentence, end, end + 80) is not None:
        return True  # "asked him to convey his warm greetings to President Putin": a courtesy, no demand
    if kind == "appeal" and _ON_END.search(sentence, start, end) is not None \
            and _REQUEST_AFTER.match(sentence, end) is None:
        return True  # "called on Prime Minister Han Duck-soo and delivered a lecture": a courtesy call, no request
    return kind == "appeal" and not targets and _FOR_END.search(sentence, start, end) is not None \
        and _DIPLOMATIC_ASK.search(sentence, end, end + 100) is None


_ENVOY_WITHDRAWN = re.compile(r"\bwithdraw\w*\s+(?:of\s+)?(?:its|their|the|his|her)\s+(?:own\s+)?(?:envoy|ambassador"
                              r"|diplomats?|embassy|consul)\b")  # on the lower-cased sentence
_WHICH_BEFORE = re.compile(r",\s+which\s+(?:also\s+)?$")  # on the lower-cased sentence
_PACKAGE_ADOPTED = re.compile(r"\b(?:adopt|approv|unveil|agree|impos|finali[sz])\w*\s+(?:\S+\s+){0,6}?package\b")
_ASKED = re.compile(r"(?:ask|press)", re.IGNORECASE)
_COURTESY_ASKED = re.compile(r"\s+(?:\S+\s+){0,4}?to\s+(?:convey|pass\s+on|extend|send|deliver)\s+(?:\S+\s+){0,3}?"
                             r"(?:greetings|regards|thanks|gratitude|best\s+wishes|congratulations|condolences)\b")
_ON_END = re.compile(r"\bon$", re.IGNORECASE)
# What "called on" someone asks of them: "to" a verb, "for" a thing, or "that" they act; past a relative clause that
# closes ("called on President-elect Trump, who takes office Jan. 20, to keep up aid"), not inside one that runs on
# ("called on Foreign Minister Cho, who urged the EU to back ...": a courtesy call).
_REQUEST_AFTER = re.compile(r"(?:,\s+(?:who|which)\b[^,;]*,|,(?!\s+(?:who|which)\b)|[^;,]){0,160}?\b(?:to|for|that)\s",
                            re.IGNORECASE)


def _triggers(sentence: str, kinds: set[str], vocab: Vocabulary) -> list[tuple[int, int, int]]:
    """Every trigger match in a sentence as (start, end, type index), type by type."""
    hits: list[tuple[int, int, int]] = []
    # ASCII lower-cases letter for letter, so matches on the lower-cased copy have the same offsets.
    low = sentence.lower() if sentence.isascii() else None
    # The full patterns only where a keyword is (a sentence has one or two kinds), in the types' order.
    for i in sorted(vocab.order[k] for k in kinds):
        t = vocab.by_index[i]
        found = t.triggers_lower.finditer(low) if low is not None else t.triggers.finditer(sentence)
        hits.extend((m.start(), m.end(), i) for m in found)
    return [h for h in hits if not _idle_trigger(sentence, low if low is not None else sentence.lower(), h, vocab)]


_DOMESTIC_MEETING = re.compile(r"\b(?:emergency|security|cabinet|crisis|party|plenary|staff|internal|inter-agency"
                               r"|interagency|national\s+security\s+council|nsc)\s+(?:\w+\s+)?meeting\b")
_LET_BEFORE = re.compile(r"\blet(?:s|ting)?\s+(?:[\w'-]+\s+){1,3}$")  # on the lower-cased sentence
_NAMED_IN_BEFORE = re.compile(r"\b(?:featured|figured|appeared|were\s+mentioned|was\s+mentioned|were\s+named"
                              r"|was\s+named|were\s+cited|was\s+cited)\s+(?:\w+\s+)?in\s+(?:the|a|an|their|its)\s+$")
# What posts online claim: "Posts shared thousands of times on X claim that North Korea has shipped ...".
POSTED_CLAIM = re.compile(r"\b(?:[Pp]osts?|[Uu]sers|[Aa]ccounts|[Vv]ideos?|[Cc]lips?|[Mm]emes?|[Tt]weets?|[Bb]loggers"
                          r"|[Ii]nfluencers|[Cc]hannels)\b[^.;:]{0,80}?\b(?:claim(?:s|ed|ing)?|alleg(?:e|es|ed|ing)"
                          r"|insist(?:s|ed|ing)?|says|said|reads|read)(?:\s+that\s+|:\s+|\s+)")
# A fact-check's claim, which it sets out to test: "Claim:", "Viral claim 2:", or a post quoted whole ('"BREAKING: ...',
# '"Shoigu CONFIRMS: 30,000 new troops," reads a post on X').
_CLAIM_HEAD = r"(?:(?:False|Viral|The|Misleading)\s+)?[Cc]laim(?:\s+\d+)?\s*"
_CLAIM_LABEL = re.compile(rf"{_CLAIM_HEAD}:|[\"\u201c](?:BREAKING|JUST\s+IN|URGENT)\b")
_QUOTED_POST = re.compile(r"[\"\u201d]\s+(?:reads|read|says|said|claims|claimed|runs)\s+(?:a|one|the)\s+"
                          r"(?:[\w-]+\s+){0,2}?(?:post|tweet|video|message|caption|meme)s?\b")


def is_claim(sentence: str) -> bool:
    """Whether a sentence is the claim a fact-check tests, not what it reports."""
    return _CLAIM_LABEL.match(sentence) is not None \
        or (sentence[:1] in ('"', "\u201c") and _QUOTED_POST.search(sentence) is not None)


# A claim label on a line of its own ("Claim:", "CLAIM"), the claim on the next.
_CLAIM_LINE = re.compile(rf"{_CLAIM_HEAD}:?|what\s+(?:was|is\s+being)\s+claimed\s*:?", re.IGNORECASE)


def claimed_lines(sentences: Sequence[str]) -> set[int]:
    """The sentences that state a fact-check's claim under a label of its own line ("Claim: | In November 2024,
    South Korea sent 5,000 soldiers to Ukraine.")."""
    return {i + 1 for i, s in enumerate(sentences[:-1]) if len(s) < 20 and _CLAIM_LINE.fullmatch(s)}
# (And talks sought, not yet held: "while Washington pursues talks with Moscow".)
_MEETING_TO_COME = ("future ", "any ", "upcoming ", "possible ", "potential ", "planned ", "proposed ",
                    "eventual ", "prospective ", "pursues ", "pursue ", "pursuing ", "seeks ", "seek ", "seeking ")
_NEXT_GATHERING = re.compile(r"\b(?:the|a|an|its|their)\s+(?:next|forthcoming|upcoming)\s+(?:[\w'\u2013-]+\s+){1,3}$")
_NEXT_IN_TRIGGER = re.compile(r"\b(?:the|a|an|its|their)\s+(?:next|forthcoming|upcoming)\s")
_NO_SIDE_AFTER_WITH = re.compile(r"\s+(?:clarity|concern|urgency|conviction|candou?r|caution|authority|emotion"
                                 r"|reporters|journalists|the\s+press|the\s+media|media|students)\b")
# ("A meeting between Cho and a Russian deputy minister, which media had reported as possible, did not take place".)
_NOT_BEGUN_AFTER = re.compile(r"(?:(?:\s+(?:between|with|of|on))?\s+[^,;.]{1,60}?)?"
                              r"(?:,\s+(?:which|that)\s+[^,;.]{1,80},)?\s+(?:(?:have|has|had)\s+(?:not|never|yet\s+to)|did\s+not|didn't|never)\s+(?:yet\s+)?"
                              r"(?:begun|begin|started|start|taken\s+place|take\s+place|been\s+held|happen|happened"
                              r"|materiali[sz]e|materiali[sz]ed|resumed|resume)\b")
# The words that open a noun phrase naming a meeting as a subject ("a meeting between ...", "that direct talks ...").
_NOUN_OPENERS = ("a ", "an ", "the ", "any ", "another ", "that ", "new ", "direct ", "further ", "possible ",
                 "future ", "such ")
_MEETING_NOUN_END = re.compile(r"\b(?:meeting|meetings|talks|summit)(?:\s+between)?$")
# (On the lower-cased text after the noun: " between putin and zelensky would be possible".)
# ('a Kim visit to Moscow remained "on the agenda"')
_POSSIBLE_AFTER = re.compile(r"(?:\s+(?:to|in|by)\s+[^,;.]{1,30}?)?\s+(?:(?:is|was|are|were|remains|remained|seems"
                             r"|looks|stays|stayed)\s+)?[\"'\u201c]?"
                             r"(?:possible|likely|unlikely|expected|planned|mooted|under\s+consideration"
                             r"|on\s+the\s+cards|in\s+preparation|on\s+the\s+agenda|on\s+the\s+table)\b")
_TRIP_PLANNED_BEFORE = re.compile(  # on the lower-cased sentence
    r"\b(?:planning|plans|planned|plan|preparing|considering|mulling|weighing|proposed|proposing"
    r"|(?:hopes|hoping|wants|intends|promised|pledged)\s+to\s+(?:make|pay))\s+"
    r"(?:(?:a|an|the|his|her|their|another|new|further|second|third|return|possible|state|official|first|working)\s+)"
    r"{0,3}$")
_ANY_WHO_BEFORE = re.compile(r"\b(?:countries|states|nations|partners|members|governments"
                             r"|any\s+(?:country|state|partner)|those|others)\s+(?:that|which)\s+(?:have\s+|has\s+|had\s+)?(?:already\s+|also\s+)?$")
_TALLY_BEFORE = re.compile(r"\b(?:number|total|tally)\s+of\s+(?:[\w'-]+\s+){1,6}(?:(?:has|have|had)\s+(?:\w+\s+)?)?$")
_QUOTED_NAME_AFTER = re.compile(r"[^\"'\u201d]{0,24}[\"'\u201d]\s+(?:list|category|status|procedure|mechanism)\b")
_WOULD_BE_BEFORE = re.compile(r"\b(?:would|will|could|might|may|is\s+to)\s+(?:also\s+|then\s+|now\s+)?be\s+"
                              r"(?:[^\s,;]+\s+){0,5}$")  # on the lower-cased sentence
_MODAL_AFTER_NOUN = re.compile(r"(?:(?:\s+(?:between|with|of))?\s+[^,;.]{1,60}?)?\s+(?:would|could|might|may)\s+"
                               r"(?:(?:only|still|then|not|also|yet)\s+)?(?:be\s|take\s+place|happen|go\s+ahead|come)")
_HOST_GUEST_TITLE = re.compile(  # on the lower-cased sentence (not past a comma: "receives in return, NIS officials")
    r"\s+(?:[^\s,]+\s+){0,4}?(?:presidents?|prime\s+ministers?|premier|chancellor|king|leaders?|ministers?|counterparts?"
    r"|secretary|delegations?|officials?|envoys?|speaker|chairman|chief|head)\b")
_HOST_GUEST_NAME = re.compile(r"\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,3}[A-Z][\w'-]*(?:[,.]|\s+(?:in|at|on|for|and|to"
                              r"|separately|later|again|briefly|warmly|today|yesterday)\b)")


# (Not "The EU has heavily sanctioned Russia": done, by whoever has.)
_HOW_SANCTIONED = re.compile(r"\b(?:(?:most|more|least)\s+(?:heavily\s+|widely\s+)?|(?:the|are|is|were|was|been|being"
                             r"|already|so)\s+(?:heavily|widely)\s+)$")
_WE_BEFORE = re.compile(r"(?:^|[,;:]\s+|\b(?:and|then|[Tt]oday|also|[Tt]his\s+(?:morning|afternoon|evening))\s+)"
                        r"(?:[Ww]e|[Oo]ur\s+(?:two\s+)?(?:governments|countries|sides|leaders|nations))\s+(?:(?:also|have|jointly|together|today"
                        r"|just)\s+){0,2}(?:(?:adopted|issued|signed|agreed|released|held|had)\s+(?:a|an|the|our)\s+"
                        r"(?:\w+\s+)?)?$")
_WELCOMED_GUEST = re.compile(r"\s+(?:(?:the\s+)?(?:(?:[A-Z][\w.-]*|and|von|der|van|de)\s+){1,8}"
                             r"|(?:his|her|their|its)\s+(?:[\w-]+\s+){0,2}?(?:counterparts?|guests?)\s+)(?:to|in|at)\s+(?:the\s+)?[A-Z]")


# (On the lower-cased sentence.)
_REACTED_TO_TEXT = re.compile(r"\b(?:comment(?:ed|s)?|respond(?:ed|s)?|react(?:ed|s)?|replied|reply)\s+(?:on|to)\s+"
                              r"(?:the|this|that|their|its|a)\s+$")


_CALLED_LEADER = re.compile(r"\s+(?:(?:his|her)\s+(?:[\w-]+\s+){0,2}?counterpart,?\s+)?(?:[A-Z][\w.'-]*\s+){1,5}"
                            r"(?:(?:late\s+|early\s+)?on\s+[A-Z]\w+\s+|(?:today|yesterday|again)\s+)?(?:to|and)\s")


def _idle_trigger(sentence: str, low: str, hit: tuple[int, int, int], vocab: Vocabulary) -> bool:
    """Whether a trigger's words say nothing was done by the sentence's actors. (Substring checks first: most
    sentences hold none of the words the patterns need.)"""
    start, end, kind = hit
    # "called Prime Minister Benjamin Netanyahu on Thursday to congratulate him": a leader named, in capitals (the
    # triggers match case-insensitively: not "called in the Russian ambassador to express", "called the move a
    # violation and urged").
    if kind == vocab.order.get("meeting") and low.startswith("called", start) and end - start == 6 \
            and _CALLED_LEADER.match(sentence, end) is None:
        return True
    # "the number of individuals and entities sanctioned under the regime": a participle after those it was
    # done to describes them; the act is no one's in the sentence (unless "by" names who did it).
    if _PARTICIPLE.match(sentence, start, end) and _PATIENT_BEFORE.search(sentence, max(0, start - 40), start) \
            and not _BY.match(sentence[end:]):
        return True
    # "the entities ... are already among the most heavily sanctioned in the world": how sanctioned they are, no act.
    if kind == vocab.order.get("sanctions") and low.startswith("sanctioned", start) \
            and _HOW_SANCTIONED.search(low, max(0, start - 30), start) is not None:
        return True
    # "transactions involving the designated persons are prohibited": those listed before, no new listing.
    if kind == vocab.order.get("sanctions") and low.startswith("designated", start) \
            and low.endswith(("the ", "those "), 0, start):
        return True
    # "welcomed the EU's 15th package of sanctions, which also targets North Korean officials": the package's
    # contents are the act only where the sentence's subject adopted it ("adopted its 15th package ..., which").
    if kind == vocab.order.get("sanctions") and _WHICH_BEFORE.search(low, max(0, start - 12), start) is not None \
            and _PACKAGE_ADOPTED.search(low, 0, start) is None:
        return True
    # "partners that have signed a security and defence partnership with the EU may supply": whoever has, no one's act.
    if (" that " in low[max(0, start - 40):start] or " which " in low[max(0, start - 40):start]) \
            and (anyone := _ANY_WHO_BEFORE.search(low, max(0, start - 40), start)) is not None \
            and not low.endswith(("among the ", "one of the ", "among "), 0, anyone.start()):
        return True  # (not "South Korea is among the partners that signed": one of them named)
    # "brings to 67 the number of individuals Seoul has sanctioned": a tally of those listed so far, no act.
    if kind == vocab.order.get("sanctions") and "number of " in low[max(0, start - 80):start] \
            and _TALLY_BEFORE.search(low, max(0, start - 80), start) is not None:
        return True
    # 'kept the DPRK, Iran and Myanmar on its "call for action" list': a list's name, no appeal.
    if kind == vocab.order.get("appeal") and start > 0 and low[start - 1] in "\"'\u201c" \
            and _QUOTED_NAME_AFTER.match(low, end) is not None:
        return True
    # 'urged South Africa to use its "close relations with Moscow" to press for the withdrawal': the addressee is asked
    # to press a third side, an appeal to it; the demand is not put to it.
    if kind == vocab.order.get("demand_withdrawal") and _GO_BETWEEN.search(low, end, end + 140) is not None \
            and (w := low.find("withdraw", end, end + 160)) >= 0 and _GO_BETWEEN.search(low, end, w) is not None:
        return True
    # "demanding that Vilnius withdraw its envoy": a diplomat called home, not troops.
    if kind == vocab.order.get("demand_withdrawal") and "withdraw" in low[end:end + 100] \
            and _ENVOY_WITHDRAWN.search(low, end, end + 100) is not None:
        return True
    # "called on Kallas to act" asks for something: an appeal, not a courtesy call.
    if kind == vocab.order.get("meeting") and _ON_END.search(sentence, start, end) is not None \
            and _REQUEST_AFTER.match(sentence, end) is not None:
        return True
    # "if they asked to be sent", "whether Seoul would summon": a condition, nothing done.
    window = low[max(0, start - 40):start]
    if ("if " in window or "unless " in window or "whether " in window) and _CONDITION_BEFORE.search(window):
        return True
    # "is scheduled to fly to Berlin on Thursday for talks with": the purpose of a trip to come.
    # "no date had yet been set for a visit by Kim", "accepted an invitation for a visit": a trip arranged, not made.
    if "for " in low[max(0, start - 12):start] and _PURPOSE_BEFORE.search(sentence, max(0, start - 12), start) \
            and (_TRIP_TO_COME.search(sentence, max(0, start - 90), start)
                 or _ARRANGED_BEFORE.search(low, max(0, start - 70), start)):
        return True
    # ("no sign of preparations for a Kim trip to Moscow": the traveller named between.)
    if "for " in low[max(0, start - 24):start] and _ARRANGED_BEFORE.search(low, max(0, start - 70), start):
        return True
    # "Neither Washington nor Seoul has commented on the joint statement": a reaction to a text, not its issue.
    if kind == vocab.order.get("joint_statement") and _REACTED_TO_TEXT.search(low, max(0, start - 40), start):
        return True
    # "North Korea and Russia featured prominently in the joint statement": named in it, not its authors.
    if kind == vocab.order.get("joint_statement") and " in " in low[max(0, start - 40):start] \
            and _NAMED_IN_BEFORE.search(low, max(0, start - 50), start) is not None:
        return True
    # "called on Kyiv to let both men meet the Red Cross": a permission asked or given, no act done.
    if "let" in low[max(0, start - 40):start] and _LET_BEFORE.search(low, max(0, start - 40), start) is not None:
        return True
    # 'Claim 3: "Russia and North Korea signed a new deal last week"': a claim a fact-check examines, not news.
    if start < 200 and is_claim(sentence):
        return True
    if (" claim" in low[:start] or " alleg" in low[:start]) \
            and (posted := POSTED_CLAIM.search(sentence, 0, start)) is not None and posted.end() <= start:
        return True  # "Posts on X claim that the EU summoned the Russian ambassador": what a check tests
    # "The presidential office held an emergency security meeting on Friday": a government's own meeting, no talks
    # between sides.
    if kind == vocab.order.get("meeting") and "meeting" in low[start:end] \
            and _DOMESTIC_MEETING.search(low, start, end) is not None \
            and not low.endswith(("with", "between"), start, end) \
            and not low.startswith((" with ", " between ", " of "), end):
        return True
    # "any future talks with Moscow", "ahead of any talks with the United States", "an upcoming summit": a meeting to
    # come.
    if kind == vocab.order.get("meeting") and low.endswith(_MEETING_TO_COME, 0, start):
        return True
    # "at the next EU-Korea summit", "the forthcoming G7 summit": one to come, named past its sides.
    if kind == vocab.order.get("meeting") and ("next " in low or "forthcoming " in low or "upcoming " in low) \
            and (_NEXT_GATHERING.search(low, max(0, start - 60), start) is not None
                 or _NEXT_IN_TRIGGER.search(low, start, end) is not None):
        return True
    # "has spoken with clarity about Russia's enablers", "spoke with reporters": how, or to the press, not a side.
    if kind == vocab.order.get("meeting") and low.endswith("with", start, end) \
            and _NO_SIDE_AFTER_WITH.match(low, end) is not None:
        return True
    # "is scheduled to meet Lee on Wednesday before traveling to Tokyo": a trip after an act to come.
    if kind == vocab.order.get("visit") and low.endswith(("before ", "after "), 0, start) \
            and _TRIP_TO_COME.search(sentence, max(0, start - 120), start) is not None:
        return True
    # "Talks between Seoul and Moscow have not begun": the meeting named, then denied.
    if kind == vocab.order.get("meeting") and (" not " in low[end:end + 160] or " yet to " in low[end:end + 90]
                                               or " never " in low[end:end + 160] or "n't " in low[end:end + 160]) \
            and _MEETING_NOUN_END.search(low, start, end) is not None and _NOT_BEGUN_AFTER.match(low, end) is not None:
        return True
    # "a meeting between Putin and Zelensky would be possible only at the final stage", "a visit by Kim to Russia
    # could take place soon": a meeting or a trip that may be.
    window = low[end:end + 90]
    if (" would " in window or " could " in window or " might " in window or " may " in window) and (
                (kind == vocab.order.get("meeting") and (start == 0 or low.endswith(_NOUN_OPENERS, 0, start))
                 and _MEETING_NOUN_END.search(low, start, end) is not None)
                or (kind == vocab.order.get("visit") and low.endswith(_NOUN_OPENERS, 0, start)
                    and low.endswith(("visit", "visits", "trip", "trips"), start, end))) \
            and _MODAL_AFTER_NOUN.match(low, end) is not None:
        return True
    # "Kim was planning a new trip to Russia", "hopes to make a visit to Seoul": a trip planned, not made.
    if kind == vocab.order.get("visit") and low.startswith(("visit", "trip"), start) \
            and _TRIP_PLANNED_BEFORE.search(low, max(0, start - 60), start) is not None:
        return True
    # "It would be Kim's first trip to Moscow since 2019", "It will be her second visit to Seoul": a trip to come.
    if kind == vocab.order.get("visit") and low.startswith(("visit", "trip"), start) \
            and _WOULD_BE_BEFORE.search(low, max(0, start - 60), start) is not None:
        return True
    # "Kim visit to MOW possible in 2025": a visit only said to be possible (a cable's noun phrase).
    if kind == vocab.order.get("visit") and low.endswith(("visit", "visits", "trip"), start, end) \
            and _POSSIBLE_AFTER.match(low, end) is not None:
        return True
    # "is expected to meet EU leaders at the summit": the summit's words are the meeting to come.
    if kind == vocab.order.get("meeting") and low.startswith(("at ", "during ", "following "), start) \
            and _TRIP_TO_COME.search(sentence, max(0, start - 70), start):
        return True
    # "most Russian travel to the DPRK", "air travel to": the noun, not a trip (a timeline's "Michel and von der
    # Leyen travel to Seoul" is one).
    if kind == vocab.order.get("visit") and low.startswith("travel ", start) \
            and _TRAVEL_NOUN_BEFORE.search(low, 0, start):
        return True
    # "additional soldiers arrived in Russia": troops move, they pay no visit. Nor does a general who "travelled to
    # Russia with the first contingent of troops".
    # ("some of whom say their sons stopped communicating shortly after arriving in Moscow": the clause's subject.)
    if kind == vocab.order.get("visit") and low.startswith("arriving", start) \
            and _PRIVATE_SUBJECT_BEFORE.search(low, max(0, start - 80), start) is not None:
        return True
    if kind == vocab.order.get("visit") and (_CROWD_BEFORE.search(sentence, max(0, start - 60), start)
                                             or ("with " in low[end:end + 60] and _WITH_TROOPS.match(low, end))):
        return True
    # "Had Brussels expelled North Korean diplomats in 2023, ...": a counterfactual, nothing done.
    if sentence.startswith(("Had ", "Were ")) and "," not in sentence[:start]:
        return True
    # "a visit by Kim Jong Un to Russia was being prepared", 'a new visit ... was "on the agenda"': a plan.
    if kind in (vocab.order.get("visit"), vocab.order.get("meeting")) and low.startswith(_NOUN_HEADS, start) \
            and _PLANNED_AFTER.match(low, end) is not None:
        return True
    # "The signing of the agreement ... was postponed", "the visit was called off": it did not happen.
    if low.startswith(_CALLED_OFF_HEADS, start) \
            and _CALLED_OFF_AFTER.match(low, end) is not None:
        return True
    # "He has put off a visit to Saudi Arabia", "cancelled his trip to Seoul": nor did this.
    if kind in (vocab.order.get("visit"), vocab.order.get("meeting")) and low.startswith(_NOUN_HEADS, start) \
            and _CALLED_OFF_BEFORE.search(low, max(0, start - 40), start) is not None:
        return True
    # "Seoul greeted the decision", "Tokyo received Moscow's reply on Monday": a host receives a guest named with a
    # capital or a title (the trigger patterns match without regard to case, so the capital is checked here).
    # (The guest as the subject, "was received by Kim Jong Un within hours", is named by the passive.)
    if kind == vocab.order.get("meeting") and low.startswith(("host", "receiv", "greet"), start) \
            and not low.startswith(" by ", end) and not low.endswith(" by", start, end) \
            and not low.startswith((" him", " her"), end) \
            and _HOST_GUEST_TITLE.match(low, end) is None \
            and _HOST_GUEST_NAME.match(sentence, end) is None:
        return True
    # "welcomed the president's decision to act": a guest welcomed is named, then where to ("welcomed South Korean
    # President Lee Jae-myung to Brussels").
    if kind == vocab.order.get("meeting") and low.startswith("welcom", start) \
            and _WELCOMED_GUEST.match(sentence, end) is None:
        return True
    # "The proposal was still being discussed": a matter discussed is no meeting of whoever the sentence names.
    return kind == vocab.order.get("meeting") and _PASSIVE_DISCUSSED.match(sentence, start) is not None \
        and _PASSIVE_AUX.search(sentence, max(0, start - 20), start) is not None


def _not_told(sentence: str, low: str | None, start: int, end: int, mentions: Sequence[Mention],
              relative: Sequence[int], vocab: Vocabulary, *, joined: bool = True) -> bool:
    """Whether the trigger at ``start`` tells of no act done: negated, governed by a modal, or in a relative clause.
    ``low``: the lower-cased sentence when it is ASCII; ``relative``: where the sentence's relative clauses open;
    ``joined``: whether the trigger may open on a bare verb joined to one a modal governs."""
    # "will visit Pyongyang and sign a treaty": a bare verb joined to one a modal governs.
    bare = joined and _INFLECTED.match(sentence, start) is None
    if low is not None:
        if _negated(vocab.negation_lower, low, start, mentions) or \
                _modal_before(vocab.modal_lower, low, start, sentence, end) or \
                (bare and vocab.modal_coord_lower.search(low[max(0, start - _MODAL_REACH):start])):
            return True
    elif _negated(vocab.negation, sentence, start, mentions) or \
            _modal_before(vocab.modal, sentence, start, sentence, end) or \
            (bare and vocab.modal_coord.search(sentence[max(0, start - _MODAL_REACH):start])):
        return True
    # Relative clauses (", who has been on a visit ...") describe background, not the news.
    # Not a present visit: "Lavrov, who is on an official visit to the DPRK, met Kim" (the news itself).
    # A relative clause in the simple past tells an act done before, background of its own ("Lavrov, who visited
    # Wonsan last July, said", "the treaty which the two leaders signed in 2024"): only one in the present, a perfect
    # or with a modal ("who has been on an official visit since last week", "who had attended meetings there") is
    # none.
    return any(r < start and "," not in sentence[r + 1:start] and not _PRESENT_VISIT.match(sentence, r)
               and _RELATIVE_NOW.search(sentence, r, start) is not None for r in relative)


# What a speaker recalls is background: "I would also recall that last week the High Representative issued ...".
_RECALLED_THAT = re.compile(r"\b(?:recall(?:s|ed)?|remind(?:s|ed)?\s+(?:\w+\s+)?)\s+that\b|\bas\s+a\s+reminder\b",
                            re.IGNORECASE)


def _act_historical(kind: str, sentence: str, published: datetime | None, start: int, end: int) -> bool:
    """Whether an act is background. A joint statement is dated by its own clause ("In a joint statement issued on
    Monday,", "signed a joint statement in 2023"), not by the dates of what it says after it ("the leaders condemned
    the January test", "reaffirmed the treaty they signed in June 2024")."""
    if (sentence.find("ecall", 0, start) >= 0 or sentence.find("emind", 0, start) >= 0) \
            and _RECALLED_THAT.search(sentence, 0, start) is not None:
        return True
    if _told_to_compare(sentence, start, end):
        # "The pact follows a similar partnership the EU signed with Japan last week": an act told to compare with
        # the news, background to it.
        return True
    if kind == "joint_statement":
        cut = min((i for i in (sentence.find(",", end), sentence.find(";", end)) if i >= 0), default=len(sentence))
        return is_historical(sentence[:cut], published, at=start, event_end=end)
    if kind == "sign_agreement" and published is not None \
            and (dated := _YEAR_NAMED_AGREEMENT.search(sentence, max(0, start - 100), end)) is not None \
            and int(dated.group("year")) < published.year and dated.end("noun") >= start - 2:
        # "Article 1 of the 1961 Treaty of Friendship ..., signed by the Soviet Union and the DPRK": an agreement
        # named by its year, signed then (the one signed, not one named before: "on the basis of the 2024 treaty,
        # and the two ministers signed a plan").
        return True
    if sentence.find(", ", end) >= 0 and (said := _SAYING_AFTER.search(sentence, end)) is not None:
        # "condemned North Korea's arms transfers, saying Pyongyang had shipped shells since 2023": what the act's
        # words say after it is not when it was done.
        return is_historical(sentence[:said.start()], published, at=start, event_end=end)
    return is_historical(sentence, published, at=start, event_end=end)


_YEAR_NAMED_AGREEMENT = re.compile(r"\bthe\s+(?P<year>(?:19|20)\d{2})\s+(?:[A-Z][\w-]*\s+){0,5}?(?P<noun>[Tt]reaty"
                                   r"|[Aa]greement|[Pp]act|[Aa]ccord|[Pp]artnership|[Dd]eclaration)\b[^;]*$")
_SAYING_AFTER = re.compile(r",\s+(?:saying|adding|noting|arguing|warning|stressing|insisting|claiming|citing"
                           r"|recalling|pointing\s+out)\b")


# "denounced Poland for expelling", "thanked the EU for imposing", "accused Seoul of meeting": a verb that judges
# someone for an act, its object (the one judged) then "for" or "of" right before the act's gerund.
_JUDGED_FOR = re.compile(r"\b(?:condemn|denounc|critici[sz]|slamm|blast|accus|blam|rebuk|censur|lambast|castigat"
                         r"|fault|prais|commend|thank|hail|applaud|punish)\w*\s+(?P<obj>[^,;:\"]{1,80}?)\s+(?:for|of)\s+$",
                         re.IGNORECASE)


def _done_by_object(sentence: str, mentions: Sequence[Mention], start: int, end: int, t: ActionType,
                    actors: tuple[str, ...], targets: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An act told as what someone is judged for is that one's act: "North Korea denounced Poland for expelling two
    of its diplomats" is Poland's expulsion, aimed at North Korea (whose "its" diplomats, when no one else is named)."""
    if start < 8 or sentence[start - 4:start].lower() not in ("for ", " of ") \
            or not sentence[start:end].split(None, 1)[0].lower().endswith("ing"):
        return actors, targets
    judged = _JUDGED_FOR.search(sentence, max(0, start - 120), start)
    if judged is None:
        return actors, targets
    doers = tuple(dict.fromkeys(m.entity for m in mentions if judged.start("obj") <= m.start
                                and m.end <= judged.end("obj") and m.role != "non_actor"))
    if not doers:
        return actors, targets
    judges = tuple(a for a in actors if a not in doers)
    if t.targets == "none":
        # "condemned Russia for signing a treaty with Pyongyang": the one judged and whom it did it with.
        partners = {m.entity for m in mentions if m.start >= end and m.role != "non_actor"}
        return tuple(sorted({*doers, *(a for a in actors if a in partners)})), ()
    named = tuple(x for x in targets if x not in doers)
    return doers, named or judges


def _sentence_actions(sentence: str, kinds: set[str], mentions: list[Mention], vocab: Vocabulary, ctx: _Context,
                      published: datetime | None) -> list[DiplomaticAction]:
    hits = [(s, e, vocab.by_index[i]) for s, e, i in _triggers(sentence, kinds, vocab)]
    low = sentence.lower() if sentence.isascii() else None
    # A demand to withdraw outranks the appeal found at the same words.
    withdrawals = [(s, e) for s, e, t in hits if t.name == "demand_withdrawal"]
    hits = [(s, e, t) for s, e, t in hits
            if not (t.name == "appeal" and any(ws <= s < we or s <= ws < e for ws, we in withdrawals))]
    hits.sort(key=lambda h: h[0])
    relative = [m.start() for m in _RELATIVE.finditer(sentence)]
    results: list[DiplomaticAction] = []
    # The actors of the trigger read last, an action or a demand left out (no type of the vocabulary).
    previous: tuple[str, ...] | None = None
    # Of the actors read last, the side that acted: a meeting's subject without whom it met ("has met the Russian
    # ambassador and demanded the withdrawal": the demand is not the ambassador's).
    side: tuple[str, ...] | None = None
    # The act read last had no actor: "The statement condemned ..., and called on Pyongyang to return" (what is joined
    # to it has that subject too, not the nearest name).
    subjectless = False
    for start, end, t in hits:
        if _not_told(sentence, low, start, end, mentions, relative, vocab):
            continue
        if t.name == "appeal" and (vocab.cessation.match(_after_object(sentence, mentions, end)) or (
                _FOR_END.search(sentence, start, end) and _CESSATION_NOUN.match(sentence, end))):
            # "called on Pyongyang to stop", "called for their immediate halt": a demand. Who made it still
            # makes what is joined to it ("urged Moscow to cease ... and called on China to ...").
            joined = previous if previous is not None and _is_participle(sentence, start, end) else None
            acting, aimed = _resolve(sentence, mentions, start, end, t, vocab, ctx, joined)
            previous = side = tuple(a for a in acting if a not in aimed)
            continue
        if t.name == "visit" and sentence.startswith(("was ", "were ", "is "), start) \
                and (last := next((m for m in reversed(mentions) if m.end <= start), None)) is not None \
                and last.role in _COUNTRY_ROLES and not sentence[last.end:start].strip() \
                and sentence[last.start:last.end] not in ("I", "We", "we"):
            continue  # "Russia was in Syria": a country being somewhere is no official's visit (an "I" who speaks is)
        # (A meeting joined to another goes on from its subject's side: "held talks with Putin ..., and met Xi".)
        handed = side if t.targets != "none" or t.name == "meeting" else previous
        chained = _is_participle(sentence, start, end)
        if subjectless and chained:
            continue
        inherited = handed if handed is not None and chained else None
        actors, targets = _resolve(sentence, mentions, start, end, t, vocab, ctx, inherited)
        if t.targets != "none":
            actors = tuple(a for a in actors if a not in targets)
        if not actors and t.name == "sanctions" and t.name in ctx.by_type \
                and (sentence.startswith("those ", start) or sentence[:start].lower().endswith("also ")
                     or sentence[:start] == "It "):
            # "Among those sanctioned is ...", "Also blacklisted were ...": by those who sanctioned last.
            actors = tuple(a for a in ctx.by_type[t.name][0] if a not in targets)
        subjectless = not actors
        if len(actors) == 1 and t.name in ("joint_statement", "sign_agreement") and actors[0] in ctx.last_pair \
                and (we := _WE_BEFORE.search(sentence[max(0, start - 40):start])) is not None \
                and (t.min_actors >= 2 or "ur " in we.group(0)):
            # "We adopted a joint statement", "our governments also signed" at a joint press conference: the speaker's
            # side with the side it met.
            actors = tuple(ctx.last_pair)
        if not actors or (len(actors) < t.min_actors and not (len(actors) == 1 and actors[0] in t.collective)):
            continue
        if t.targets in ("object", "envoy", "place") and not targets:
            remembered = ctx.by_type.get(t.name)
            if remembered and remembered[0] == actors:
                targets = remembered[1]
            elif t.targets in ("place", "envoy"):
                continue
        cameo = t.cameo
        if t.name == "appeal":
            request = sentence[end:end + 120]
            cameo = next((code for code, rx in vocab.appeal_kinds if rx.search(request)), t.cameo)
        elif t.name == "meeting" and _TALKS.search(sentence[start:end]):
            cameo = "046"
        if not _idle_appeal(t.name, targets, sentence, start, end) \
                and not is_future(sentence, published, at=start, event_end=end):
            actors, targets = _done_by_object(sentence, mentions, start, end, t, actors, targets)
            results.append(DiplomaticAction(
                type=t.name, actors=actors, targets=targets, cameo=cameo, sentence=sentence,
                historical=_act_historical(t.name, sentence, published, start, end),
            ))
        if not _told_to_compare(sentence, start, end):
            # (Not an act told to compare: "The EU signed a similar partnership with Japan last Friday. In a joint
            # statement, the two sides ..." are still the EU and Seoul.)
            ctx.last_actors, ctx.last_targets = actors, targets
            if len(actors) >= 2:
                ctx.last_pair = actors
            elif t.name == "visit" and len(actors) == 1 and len(targets) == 1 and actors != targets \
                    and not ctx.last_pair:
                # "Costa welcomed Lee to Brussels ... The leaders held a summit": guest and host are the pair, when
                # no two acted together before.
                ctx.last_pair = (*actors, *targets)
            if len(actors) == 2:
                ctx.last_two = actors
        ctx.by_type[t.name] = (actors, targets)
        if not _OWNED_BEFORE.search(sentence, max(0, start - 40), start) or _FINITE_PAST.match(sentence, start):
            # (An act owned in passing, "their first meeting since Putin's visit to Pyongyang, and met Xi", is not
            # the clause whose subject a joined verb takes.)
            previous = actors
            before = {m.entity for m in mentions if m.end <= start and m.role != "non_actor"}
            side = tuple(a for a in actors if a in before) or actors if t.name == "meeting" else actors
    return results


_RELATION_WITH = re.compile(r"\b(?:cooperation|ties|relations|partnership|alliance|trade|contacts|dealings|collusion"
                            r"|collaboration|exchanges|links|rapprochement)\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_AT_PLACE = re.compile(r"\b(?:in|at|to|from)\s+$")  # "... was held in The Hague": a venue, not a side
_DECISION_TO = re.compile(r"'s\s+decision(?:\s+[\w-]+){0,3}\s+to\s+")  # "the EU's decision in October to"
# "The EU continues to call on the DPRK to withdraw": going on doing it, not a plan ("to" alone is a modal); "the
# EU's decision in December to designate North Korean officials": a decision taken.
# The one who did it first or most: "the most senior Chinese official to travel to", "the first European leader to
# visit" (not "will be the first leader to visit": _TO_BE).
_SUPERLATIVE = re.compile(r"\b(?:first|most\s+senior|highest[\s-]ranking|senior-most|latest)\s+(?:[A-Za-z-]+\s+){0,4}$",
                          re.IGNORECASE)
_TO_BE = re.compile(r"\b(?:will|would|shall|could|may|might|set\s+to|expected\s+to|due\s+to|hopes\s+to|wants\s+to)"
                    r"\s+(?:\w+\s+)?be\b", re.IGNORECASE)
_CONTINUED = re.compile(r"\b(?:continu(?:e|es|ed|ing)|went\s+on|goes\s+on|go\s+on|decision(?:\s+[\w-]+){0,3})\W*$",
                        re.IGNORECASE)


_SIGNED_WORDS = ("signed", "inked", "concluded")
# A verb in the present after "when", "once" ...: a time to come ("when he visits Seoul on Monday", "before she
# travels on to Minsk", "once they meet"; not "before she travelled", nor a noun: "after Trump's visit to Seoul").
_PRESENT_VERBS = ("holds ", "meets ", "visits ", "travels ", "signs ", "arrives ", "flies ", "hosts ", "heads ",
                  "goes ", "comes ", "hold ", "meet ", "arrive ", "fly ")
_WHEN_BEFORE = re.compile(r"\b(?:when|once|until|before|after)\s[^,;:\"]{0,70}$")
# A verb in the past, which no "to" makes an infinitive (unless "to have", "to be": "to have signed").
_FINITE_PAST = re.compile(r"[a-z]+ed\b|(?:met|held|spoke|flew|froze|took|made)\b", re.IGNORECASE)
_PROPER_WORD = re.compile(r"\b[A-Z]")  # "to the UN condemned" (not "to a designated entity")
_AUXILIARY = re.compile(r"\b(?:be|been|being|have|has|had)\b", re.IGNORECASE)


# A summons and the envoy summoned, before "to": "summoned the North Korean ambassador, Choe Il, in early November to".
# A trip made, then its purpose: "travelled to Russia's Far East to", "flew to Beijing on Monday to".
_TRAVELLED_BEFORE = re.compile(r"\b(?:travell?ed|flew|went|came|arrived|journeyed)\s+(?:back\s+)?(?:to|in|into)\s"
                               r"[^,;\"]{1,60}?\sto\s+$")
_SUMMONED_BEFORE = re.compile(
    r"\bsummon(?:s|ed)\s+(?:(?:the|his|her|their|its|a|last|this|on|in|early|late|mid|week|month|ambassador|envoy"
    r"|envoys|ambassadors|charg\S*|d'affaires|diplomats?|top|senior|to\s+[A-Z][\w.'-]*|[A-Z][\w.'-]*"
    r"|\d+(?:st|nd|rd|th)?),?\s+){1,10}to\s+$")


# A verb in the present with a time to come: "Lee travels to Berlin later today for talks with Merz", "heads to
# Warsaw tomorrow". (Not a weekday alone: "Kim meets Putin on Monday" heads a report of what was done.)
_COMING_TIME = (r"\b(?:later\s+(?:today|tonight|this\s+(?:week|month)|on\s+\w+day)|tomorrow|tonight"
                r"|next\s+(?:week|month|\w+day)|in\s+the\s+coming\s+(?:days|weeks))\b")
_COMING_AFTER = re.compile(r"[^,;.]{0,50}?" + _COMING_TIME, re.IGNORECASE)
_COMING_BEFORE = re.compile(r"\b(?:holds|meets|visits|travels|arrives|flies|heads|goes|comes)\s[^,;.]{0,50}?"
                            + _COMING_TIME + r"[^,;.]{0,40}$", re.IGNORECASE)


# A readiness for an act named by its noun: "remained open to a third round of direct talks", "ready for talks".
_READINESS = re.compile(r"\b(?:open|willing|ready|prepared|available)\s+(?:to|for)\s+(?:(?:a|an|the|further|new|more"
                        r"|fresh)\s+)?(?:[\w-]+\s+){0,4}$", re.IGNORECASE)


# A modal verb a few words before, in the same clause: "will brief EU leaders " (before "at their summit").
_MODAL_CLAUSE = re.compile(r"\b(?:will|would|shall|could|might)\s+(?:[\w-]+\s+){1,5}$")


def _modal_before(rx: re.Pattern[str], text: str, start: int, sentence: str, end: int) -> bool:
    """Whether a modal governs the trigger at ``start`` ("will meet", "plans to impose"); not "to" after a verb
    of going on ("continues to call on"). ``text``: the sentence or its lower-cased copy."""
    if sentence.endswith(_SIGNED_WORDS, start, end) and _AGREEMENT_FIRST.match(sentence, start):
        return False  # "voted to ratify the treaty, which Putin and Kim signed in June": the signing was done
    if sentence.startswith(_PRESENT_VERBS, start) and not sentence.endswith("to ", 0, start) \
            and _WHEN_BEFORE.search(sentence, max(0, start - 80), start):
        return True  # "expected to top the agenda when Borrell holds talks in Seoul this week": a time to come
    if (sentence.startswith(_PRESENT_VERBS, start) and _COMING_AFTER.match(sentence, end)) \
            or _COMING_BEFORE.search(sentence, max(0, start - 100), start):
        return True  # "Lee travels to Berlin later today for talks with Merz": a trip to come
    if _JOURNEY_PURPOSE.search(sentence, max(0, start - 40), start) \
            and _JOURNEY_TO_COME.search(sentence, max(0, start - 100), start):
        return True  # "Putin is due to fly on to Hanoi later on Wednesday for a state visit": a trip to come
    if _READINESS.search(sentence, max(0, start - 70), start):
        return True  # "Moscow remained open to a third round of direct talks with Kyiv": talks it would hold
    if sentence.startswith(("at ", "during "), start) and _MODAL_CLAUSE.search(sentence, max(0, start - 60), start):
        return True  # "will brief EU leaders at their summit on Thursday": a setting of what is to come
    window = text[max(0, start - 30):start]
    m = rx.search(window)
    if m is None:
        return False
    at = m.start() + len(window[m.start():]) - len(window[m.start():].lstrip(" \t,;:(\"'"))
    here = max(0, start - 30) + at
    if text.startswith(("may", "May"), here) and text[:here].rstrip()[-1:].isdigit():
        return False  # "On 20 May the Council adopted": a date, not "may"
    if window.startswith(("to ", "To "), at) and _FINITE_PAST.match(text, start) \
            and not _AUXILIARY.search(window, at) \
            and _PROPER_WORD.search(sentence, max(0, start - 30) + at + 3, start):
        return False  # "South Korea's ambassador to the UN condemned": a preposition, not an infinitive
    if window.startswith(("to ", "To "), at) and "ummon" in sentence[max(0, here - 120):here] \
            and _SUMMONED_BEFORE.search(sentence, max(0, here - 120), here + 3) is not None:
        return False  # "summoned Russian Ambassador Georgy Zinoviev last week to demand": the summons' purpose, done
    if window.startswith(("to ", "To "), at) and sentence.startswith(("meet", "hold talks"), start) \
            and (trip := _TRAVELLED_BEFORE.search(sentence, max(0, here - 80), here + 3)) is not None \
            and " and " not in trip.group(0):
        return False  # "Kim travelled to Russia's Far East to meet Putin": the purpose of a trip made, met
    if window.startswith(("to ", "To "), at) and _SUPERLATIVE.search(sentence, max(0, here - 50), here) \
            and not _TO_BE.search(sentence, max(0, here - 80), here):
        return False  # "the most senior Chinese official to travel to North Korea since 2019": one who did
    return not (window.startswith(("to ", "To "), at) and _CONTINUED.search(window, 0, at) is not None)


def _negated(rx: re.Pattern[str], text: str, start: int, mentions: Sequence[Mention]) -> bool:
    """Whether a negation governs the trigger at ``start``; not a name that opens with one of its words
    ("Defence Minister No Kwang Chol arrived")."""
    lo = max(0, start - _NEGATION_REACH)
    m = rx.search(text[lo:start])
    if m is None:
        return False
    at = lo + m.start()
    if _NEGATION_BREAK.search(text, lo + m.end(), start):
        return False  # "carries no mutual defence obligations, unlike the treaty Putin signed": another clause
    word = at if text[at].isalnum() or text[at] == "_" else at + 1  # past the pattern's leading non-word character
    return not any(x.start == word for x in mentions)


_NEGATION_BREAK = re.compile(r"(?i),\s+(?:unlike|while|but|whereas|although|though|and|as|since|after|before|because"
                             r"|when)\b")


def _after_object(sentence: str, mentions: Sequence[Mention], end: int) -> str:
    """The text after the object of a trigger, including actors joined to it ("Pyongyang and Moscow")."""
    pair = _PAIR_OBJECT.match(sentence[end:])
    if pair is not None:
        # "called on both governments to cease" ("both to cease": the "to" given back).
        return sentence[end + pair.end() - (3 if pair.group(0).endswith(" to") else 0):]
    after = [m for m in mentions if m.start >= end]
    if not after or after[0].start - end > 40:
        return sentence[end:]
    last = after[0]
    for m in after[1:]:
        between = sentence[last.end:m.start]
        if not (_CONJ.match(between) or between.strip() in ("'s", "")):
            break
        last = m
    return sentence[last.end:]


# (Two of them: "By Tuesday, after talks with Sergei Lavrov, the two ministers had signed".)
_LEADING_PHRASE = re.compile(
    r"^(?:(?:by\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|then|now|evening|nightfall),\s*)?"
    r"(?:(?:also|earlier|later|meanwhile|separately)\s+)?(?:in|at|from|after|during|on|following|before|amid|earlier|"
    r"later|also|meanwhile|separately|speaking|meeting|visiting|arriving|writing|addressing)\b"
    # With the name of a title it ends on: "Speaking in Kyiv alongside Germany's defense minister, Boris Pistorius, who
    # arrived on an unannounced visit, President Volodymyr Zelensky called on".
    r"(?:[^,]{0,90}?\b(?:minister|president|counterpart|chancellor|secretary|ambassador|envoy|leader|chief|premier),"
    r"\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3},\s*(?:(?:who|which)\s[^,]{0,80},\s*)?|[^,]{0,90},\s*)"
    # A time's apposition: "On Monday, the third anniversary of Russia's full-scale invasion of Ukraine, EU ministers".
    r"(?:(?:the|a)\s+(?:[\w'-]+\s+){0,3}?(?:anniversary|eve|day|week|end|start|height)\b[^,]{0,80},\s*)?)",
    re.IGNORECASE)
# A time with no comma after it, then the subject's title and name: "On Monday South Korea's first vice foreign
# minister, Kim Hong-kyun, summoned" opens on its subject, not on a leading phrase.
_OWNED_TITLE_LEAD = re.compile(
    r"^(?:on|in|at|during|earlier|later|also|meanwhile)\s[^,]*?[A-Z][\w.-]*'s\s+(?:[\w-]+\s+){0,4}?(?:minister|president"
    r"|counterpart|chancellor|secretary|ambassador|envoy|leader|chief|premier|spokesperson|spokesman|spokeswoman),"
    r"\s*(?:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3},\s*)?$"
    # "On Monday the United States, Japan and South Korea issued", "On Monday the ministers of Japan, South Korea
    # and ...": a day with no comma, then the subject (a list's first comma is no lead's end).
    r"|^(?:on|last|this)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:the\s+)?"
    r"(?:(?:(?-i:[a-z])[\w-]*\s+){1,3}of\s+(?:the\s+)?)?(?-i:[A-Z])[\w.'-]*(?:\s+(?-i:[A-Z])[\w.'-]*){0,3},\s*$",
    re.IGNORECASE)
# A clause of time or cause before the main one: "When Putin and Kim signed their treaty in June, Seoul summoned".
# (Also after a timeline entry's date: "October 28, 2024 - After Seoul reports that ..., the EU condemns".)
_SUBORDINATE_LEAD = re.compile(r"^(?:(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
                               r"(?:,?\s+\d{4})?|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                               r"(?:\s+\d{4})?|\d{4})\s*[-\u2013\u2014:]\s+)?"
                               r"(?:when|as|while|although|though|once|because|whereas|until|now\s+that|after|before)\s"
                               r"[^,]{0,100},\s*", re.IGNORECASE)
_REPORTING = re.compile(
    r"\b(?:said|says|told|called|calls|urged|met|meets|issued|expressed|agreed|announced|reported|confirmed|"
    r"argued|showed|added|noted|stressed|warned|wrote|is|are|was|were|has|have|had|will|would|accused|accuses|"
    r"blamed|blames|thanked|thanks|praised|praises|asked|asks|welcomed|welcomes|rejected|rejects|denied|denies|"
    r"pledged|pledges|vowed|vows|demanded|demands|insisted|insists|explained|explains|emphasi[sz]ed|briefed|informed"
    r"|conveyed|reiterated|underlined|highlighted)\b", re.IGNORECASE)


def _group(sentence: str, mentions: Sequence[Mention], lo: int, hi: int, vocab: Vocabulary) -> list[Mention]:
    """The run of actors that opens a clause: "South Korea and the EU", "Cho and Borrell"."""
    cand = [m for m in mentions if lo <= m.start and m.end <= hi and m.role != "non_actor"]
    if not cand:
        return []
    relative = _RELATIVE.search(sentence, lo, cand[0].start)
    if relative is not None and not sentence.startswith(_MEMBERS_CLAUSE, relative.end()):
        # "Kim, who traveled to Beijing by armored train, held talks with Putin": a subject the lexicon does not know,
        # and what its relative clause names is not it.
        close = sentence.find(",", relative.end(), hi)
        cand = [m for m in cand if m.start > close] if close >= 0 else []
        if not cand:
            return []
    group = [cand[0]]
    skip = _RELATIVE_SPAN.match(sentence, cand[0].end)
    aside = _aside_end(sentence, cand[0])
    for m in cand[1:]:
        # "Borrell, who is in Seoul on his final tour, and Cho": the relative clause is passed over.
        if skip is not None and m.start < skip.start("close"):
            continue
        if m.start < aside:
            continue  # "Dmitry Medvedev, now deputy chairman of the Security Council, travelled": what describes him
        if _POSTED_AT.search(sentence, max(0, m.start - 45), m.start):
            continue  # "Russia's ambassador to the UN, Vassily Nebenzia": where the subject serves
        between = sentence[skip.start("close") if skip is not None else group[-1].end:m.start]
        if len(between) > 60 or _REPORTING.search(between) or vocab.prefilter.search(between.lower()) \
                or _VERB_BETWEEN.search(between):
            if _VERB_BETWEEN.search(between) and sentence.endswith(", ", 0, m.start) and not sentence[m.end:hi].strip():
                # "Ukraine captures two North Korean soldiers in Kursk, Paris condemns": a clause of its own, whose
                # subject stands right before the verb.
                return [m]
            break  # (a verb between: "Russia regarded the denuclearization of North Korea as closed")
        group.append(m)
        skip = _RELATIVE_SPAN.match(sentence, m.end)
        aside = _aside_end(sentence, m)
    if len(group) >= 2 and "".join(sentence[group[-2].end:group[-1].start].split()) == ",the" \
            and not any(_AND_WORD.search(sentence, a.end, b.start) for a, b in itertools.pairwise(group)) \
            and not sentence.startswith((" and ", ", and "), group[-1].end):
        # "On 24 February, the anniversary of Russia's invasion of Ukraine, the Council adopted": an apposition
        # ends before the last, which opens the clause (a list joins its last with "and": "France, the U.K. and
        # several other partners").
        return group[-1:]
    return group


_VERB_BETWEEN = re.compile(r"\b(?:(?!(?:united|armed|based|related|unnamed|joined|accompanied|flanked|backed|supported"
                           r"|represented|chaired)\b)[a-z]{2,}ed|regards|sees|saw|thinks|believes|is|are|was|were|has"
                           # Headlines' present tense: "Ukraine captures two North Korean soldiers, Paris condemns".
                           r"|have|had|captures|sends|deploys|warns|vows|seeks|plans|loses|fires|launches|kills|hits)\b")
_PLACE_BEFORE = (" in ", " in the ")  # the words before a place a subject is in
_AND_WORD = re.compile(r"\band\b|&")
# A person's apposition: ", now deputy chairman of the Security Council," (not a list's ", and").
_APPOSITION_SPAN = re.compile(r"^,\s+(?:now|then|currently|formerly|former|the|a|an)\s[^,]*,")


# A country's apposition: "Poland, a staunch ally of Kyiv, has expelled" (indefinite: not a list's next item).
_ENVOY_WORD = re.compile(r"\b(?:ambassadors?|envoys?|charg(?:é|e\s+d.affaires)|diplomats?)\b|\bamb\.", re.IGNORECASE)
_COUNTRY_APPOSITION = re.compile(r"^,\s+(?:a|an)\s[^,]*,")


def _aside_end(sentence: str, m: Mention) -> int:
    """Where the apposition after a person or a country ends (0 when none follows)."""
    if m.role not in ("person", "name", "capital") or not sentence.startswith(",", m.end):
        return 0
    aside = (_APPOSITION_SPAN if m.role == "person" else _COUNTRY_APPOSITION).match(sentence[m.end:])
    return m.end + aside.end() if aside is not None and " and " not in aside.group() else 0
# A relative clause that names the subject's members: "The 11 members, which include the United States, ...".
_MEMBERS_CLAUSE = ("include", "comprise", "are ")


# A past verb that goes on a list of the subject's verbs (lower case: not a name after a comma).
_LIST_VERB = re.compile(r"[a-z]+ed|met|held|spoke")


def _is_participle(sentence: str, start: int, end: int) -> bool:
    """Whether the trigger continues the sentence's subject: a verb after "and" ("and called for") or a
    participle after a comma (", calling for")."""
    if _AND_BEFORE.search(sentence, 0, start):
        return True
    if sentence.endswith(_AND_PASSIVE, 0, start) and sentence.startswith(("received by", "hosted by"), start):
        return True  # "Shoigu visited Pyongyang and was received by Kim": the guest goes on as the subject
    word = sentence[start:end].split(maxsplit=1)
    if word and sentence.endswith(", ", 0, start) and _LIST_VERB.fullmatch(word[0]) \
            and not sentence.startswith(" by ", end) and ", who " not in sentence[:start] \
            and ", which " not in sentence[:start]:
        # "condemned the presence of troops in Russia, called on Pyongyang to return": a list of verbs (not the verb a
        # relative clause's comma closes on: "The document, adopted after talks with Cho, who travelled to Brussels,
        # condemned").
        return True
    return bool(word) and word[0].lower().endswith("ing") and _PARTICIPLE_BEFORE.search(sentence, 0, start) is not None


def _resolve(sentence: str, mentions: Sequence[Mention], start: int, end: int, t: ActionType, vocab: Vocabulary,
             ctx: _Context, inherited: tuple[str, ...] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if _GERUND_CLAUSE.match(sentence, start, end):
        # "..., after meeting Kim": the sentence's subject; "..., Shoigu said on Tuesday after meeting Kim": the
        # speaker's.
        speaker = _SAID_BEFORE_GERUND.search(sentence, 0, start)
        lo = speaker.start("who") if speaker else 0
    else:
        lo = _clause_start(sentence, start, vocab, mentions)
    lead = _LEADING_PHRASE.match(sentence, lo)
    if lead is not None and start < lead.end() and _FINITE_PAST.match(sentence, start):
        lead = None  # "On Tuesday Mr Putin held talks with Xi and Modi, and ...": a verb of its own
    if lead is not None and _OWNED_TITLE_LEAD.match(sentence, 0, lead.end()):
        lead = None  # "On Monday South Korea's first vice foreign minister, Kim Hong-kyun, summoned": the subject
    in_lead = lead is not None and start < lead.end()
    if lead is not None and not in_lead:
        lo = lead.end()
    elif lead is None and (sub := _SUBORDINATE_LEAD.match(sentence)) is not None and lo < sub.end() <= start:
        # "When North Korea carried out its first nuclear test, the EU condemned it": the main clause (past a "that"
        # inside the leading clause: "After Seoul reported that North Korean troops were in Russia, the EU condemned").
        lo = sub.end()
    after = sentence[end:]
    by = _BY.match(after) if not _BY_MEANS.match(after) else None
    passive = by is not None or bool(_PASSIVE_SUMMONED.search(sentence[start:end]))
    visit_of = False
    if by is None and t.name == "visit" and (of := _VISIT_OF.match(after)) is not None \
            and _agent_after(sentence, mentions, end + of.end()):
        by, visit_of = of, True
    # "During the visit of Defence Minister Andrei Belousov to Pyongyang, Kim ...": the visitor is named after the
    # noun, title and all, even in a leading phrase.
    visit_agent = t.name == "visit" and by is not None and _agent_after(sentence, mentions, end + by.end())

    # Who acts.
    if in_lead and not visit_agent:
        # "In a joint statement, X and Y condemned ...": the actors open the main clause.
        assert lead is not None
        pronoun_lead = _PRONOUN_LEAD.match(sentence, lead.end())
        if (personal := _PERSONAL_LEAD.match(sentence, lead.end())) is not None:
            # "After talks with Kim Jong Un, he announced ...": the person the sentence before opened on, else the
            # one named last.
            person = _named_by(ctx, personal.group().strip(), (), 0, True, vocab)
            subject = [person] if person is not None else []
        elif pronoun_lead:
            # ("In a joint press statement released afterward, they ...": a joint text is the pair's, not the one who
            # acted last alone.)
            subject = _pair(ctx) if _PAIR_SUBJECT.search(pronoun_lead.group(0)) or (
                len(ctx.last_actors) < 2 and "joint" in sentence[:lead.end()].lower()) else list(ctx.last_actors)
            # "In a joint statement, the four condemned": the list of four named last.
            subject = _counted(pronoun_lead.group(0), sentence, mentions, start, ctx) or subject
        else:
            first = next((m for m in mentions if m.start >= lead.end() and m.role != "non_actor"), None)
            opening = sentence[lead.end():first.start] if first is not None else ""
            if _REPORTING.search(opening) or vocab.prefilter.search(opening.lower()):
                # 'In a joint statement, the leaders "strongly condemned" the DPRK's ...': a verb comes first, so
                # the names after it are its objects; "the leaders" are those who acted last.
                subject = list(ctx.last_actors) if _DEFINITE_LEAD.match(sentence, lead.end()) else []
            else:
                subject = [m.entity for m in _group(sentence, mentions, lead.end(), len(sentence), vocab)]
    elif by is not None:
        subject = _object(sentence, mentions, end + by.end(), _AGENT_REACH if visit_agent else 5, actors_only=True)
        if not subject and (titled := next((m for m in mentions if m.start > end + by.end()), None)) is not None \
                and titled.role == "person" and _AGENT_TITLE.fullmatch(sentence, end + by.end(), titled.start):
            # "was summoned by First Vice Foreign Minister Kim Hong-kyun": the person past the title.
            subject = _object(sentence, mentions, titled.start, 0, actors_only=True)
        if not subject and _PAIR_AGENT.match(sentence, end + by.end()):
            subject = _pair(ctx)  # "the treaty signed by the leaders of the two countries": the pair named
    elif t.name == "joint_statement" and (issued := _ISSUED_PASSIVE.match(sentence, end)) is not None:
        # "After the dialogue a joint press statement was issued by the two ministers"
        subject = _object(sentence, mentions, issued.end(), 5, actors_only=True) \
            if issued.group(0).rstrip().endswith(" by") else []
        # (Or one body of many members: "the Washington Summit Declaration, adopted by NATO leaders".)
        # (The two who acted together last only for a joint statement: "a summit declaration, adopted by the heads of
        # state of all 32 allies" names no pair.)
        subject = subject if len(subject) >= 2 or (len(subject) == 1 and subject[0] in t.collective) \
            else _pair(ctx) if _JOINT_WORD.search(sentence, start, end) else []
    elif t.name == "visit" and (who := _WHO_BEFORE.search(sentence, lo, start)) is not None \
            and (ante := next((m for m in mentions if m.end == who.start() and m.role != "non_actor"), None)):
        # "Polish President Andrzej Duda, who is in Seoul on a state visit": the visitor is whom "who" follows.
        subject = [ante.entity]
    elif t.name == "visit" and (place_by := _PLACE_BY.match(after)) is not None \
            and _agent_after(sentence, mentions, end + place_by.end()):
        # "during a visit to Pyongyang by the Secretary of Russia's Security Council, Sergei Shoigu": the visitor
        # follows the place (not "traveled to Beijing by armored train, and ...").
        subject = _object(sentence, mentions, end + place_by.end(), _AGENT_REACH, actors_only=True)
    elif t.name == "sanctions" and t.name in ctx.by_type and "package" in sentence[lo:start] \
            and _PACKAGE_SUBJECT.search(sentence[lo:start]):
        # "Alongside new restrictions on 74 more vessels of Moscow's 'shadow fleet', the package adds": the package of
        # those who sanctioned last, whatever the phrase before it names.
        subject = list(ctx.by_type[t.name][0])
    else:
        group = _group(sentence, mentions, lo, start, vocab)
        subject = [m.entity for m in group]
        # (The first actor named, in the group or not: "The envoy, who flew to Beijing, ..." names no one who acts.)
        first = next((m for m in mentions if lo <= m.start and m.end <= start and m.role != "non_actor"), None)
        if (first is None or first.start - lo > _SUBJECT_REACH) and _DEFINITE_SUBJECT.match(sentence[lo:start]) \
                and not _NAMED_BODY.search(sentence[lo:start]):
            # "The Minister and the High Representative condemned ...": a subject the lexicon does not
            # name (an actor far into the clause is an object) stands for those who acted last; one person
            # ("The foreign minister is on a three-day visit") is not two or more of them.
            subject = list(ctx.last_actors)
            if len(subject) >= 2 and _SINGULAR_TITLE.match(sentence[lo:start]) and " and " not in sentence[lo:start]:
                subject = []
            elif len(subject) < 2 and _PLURAL_PARTIES.match(sentence, lo, start) and len(ctx.last_pair) >= 2:
                subject = list(ctx.last_pair)  # (two who acted together, not merely the last two named)
            elif _FORCE_SUBJECT.match(sentence, lo, start):
                subject = []  # "The first contingent, some 12,000 soldiers, arrived in Russia": troops, no official
            elif t.name == "sanctions" and "package" in sentence[lo:start] and t.name in ctx.by_type:
                # "The package also lists ...": the package of those who sanctioned last, whoever spoke since.
                subject = list(ctx.by_type[t.name][0])
        elif first is not None and "that " in sentence[lo:first.start] \
                and (told := _THAT_BEFORE_FIRST.search(sentence, lo, first.start)) is not None \
                and _DEFINITE_SUBJECT.match(sentence[lo:told.start()]) \
                and not _NAMED_BODY.search(sentence[lo:told.start()]):
            # "The spokesperson demanded that Brussels stop ..., and called on the EU to": what the reported clause
            # names is not the verb's subject; the definite subject before it stands for whoever acted last.
            subject = list(ctx.last_actors)
        last = next((m for m in reversed(mentions) if lo <= m.start and m.end <= start), None)
        if last is not None and last.role == "non_actor" and _NOUN_GAP.match(sentence[last.end:start]) \
                and not sentence.endswith(_PLACE_BEFORE, 0, last.start) \
                and _REMIT_BEFORE.search(sentence, max(0, last.start - 40), last.start) is None:
            # "Seoul says North Korean troops arrive in Russia": the troops right before the verb are its
            # subject, and they cannot act. (Not a place or a remit: "The Russian Embassy in Seoul denounced",
            # "Seoul's envoy for North Korean human rights met".)
            subject = []
    if in_lead and len(set(subject)) < 2 and lead is not None and _PLURAL_PARTIES.match(sentence, lead.end()) \
            and len(ctx.last_pair) >= 2:
        subject = list(ctx.last_pair)  # "In a joint statement, the leaders said ...": the two who met last
    if not in_lead and ctx.opening_actor is not None and (not subject or subject == list(ctx.last_actors)) \
            and _NATIONAL_BODY.match(sentence, lo, start):
        # "Seoul reacted within hours. The foreign ministry summoned the Russian ambassador": the government of
        # the country the sentence before opened on.
        subject = [ctx.opening_actor]
    if not subject and "it " in sentence[lo:start] \
            and (said := _SAID_THAT_IT.search(sentence, 0, start)) is not None:
        # "South Korea's foreign ministry said ... and that it had asked China to ...": "it" is who said so.
        sayer = next((m for m in mentions if m.end <= said.start() and m.role != "non_actor"), None)
        subject = [sayer.entity] if sayer is not None and sayer.start <= 40 else subject
    if not subject and "joint_statement" in ctx.by_type and (
            (ctx.document_before and _IT_DOCUMENT.match(sentence, lo, start))
            or (lo and _TEXT_THAT.search(sentence, max(0, lo - 40), lo) and not sentence[lo:start].strip())):
        # "The leaders adopted a joint statement. It condemned North Korea's launches", "issued a joint statement
        # that condemned ...": the text's authors.
        subject = list(ctx.by_type["joint_statement"][0])
    if t.name != "joint_statement" and "joint_statement" in ctx.by_type and sentence.endswith("ing", start, end) \
            and _JOINT_TEXT_BEFORE.search(sentence, max(0, start - 40), start):
        # "Rudenko and Kim Jong Gyu, who held consultations in Pyongyang, issued a joint statement condemning the
        # exercises": the joint text's authors, just named.
        subject = list(ctx.by_type["joint_statement"][0])
    # "Two North Korean diplomats were expelled", "the two men ... had been declared persona non grata": the
    # passive's subject is the target, and only who says so, the country it was done from or whoever did that act
    # last did it (never the subject itself).
    agentless = by is None and not in_lead and t.targets == "object" and inherited is None and (
        (_PARTICIPLE.match(sentence, start, end) is not None
         and _PASSIVE_AUX.search(sentence, max(0, start - 20), start) is not None)
        or _PASSIVE_SPAN.search(sentence, start, end) is not None)
    # "Kim's visit": the owner acts. Before a summoned envoy ("Russia's ambassador was summoned") the
    # owner is the envoy's country, the target.
    envoy_passive = passive and t.targets == "envoy"
    possessive = None if envoy_passive else _POSSESSIVE.search(sentence[max(0, start - 20):start])
    if possessive:
        near = [m for m in mentions if m.end <= start and (possessive.group("pron") is None or m.role == "person")]
        if possessive.group("pron") is None:
            near = [m for m in near if sentence[m.end:start].strip() in ("'s", "")]
        elif len(near) >= 2 and t.name == "visit" and any(
                m.entity == near[-1].entity and 0 <= m.start - end <= 5 for m in mentions):
            # "Kallas discussed it with Cho during her visit to Seoul": not the host's own visit to it.
            near = near[:-1]
        if near:
            subject = [near[-1].entity]
        elif not subject and possessive.group("pron") is not None \
                and possessive.group("pron").lower().startswith(("his", "her")):
            # "During her visit to Seoul she met Cho": the person the sentences before named.
            person = _named_by(ctx, possessive.group("pron"), (), 0, True, vocab)
            subject = [person] if person is not None else subject
    elif "decision" in sentence[max(0, start - 60):start]:
        # "welcomed the EU's decision in October to designate North Korean officials": whose decision acts.
        deciding = next((m for m in reversed(mentions) if m.end <= start and start - m.end <= 60
                         and _DECISION_TO.fullmatch(sentence, m.end, start)), None)
        subject = [deciding.entity] if deciding is not None else subject
    if len(set(subject)) < 2 and t.name == "meeting" and _THEIR_TALKS.search(sentence, start, end):
        subject = _pair(ctx)  # "..., Kim said after their talks": the two who acted last
    elif len(set(subject)) < 2 and t.name == "meeting" and _THE_TALKS.search(sentence, start, end) \
            and not sentence.startswith((" with ", " between ", " of "), end) \
            and (len(ctx.last_actors) >= 2 or ctx.last_pair):
        # "..., Tsahkna told reporters after the meeting": the meeting told before, of those who met last.
        subject = list(ctx.last_actors) if len(ctx.last_actors) >= 2 else list(ctx.last_pair)
    pronoun = _PRONOUN_SUBJECT.search(sentence[lo:start])
    if pronoun and not possessive:
        # In order, once each; not a dateline's city ("BEIJING - Kim told Putin ..., as the two held talks").
        # (Nor a quote the sentence opens on: '"We urge the DPRK to cease all cooperation with Russia," the two said'
        # is said by the two who acted last.)
        quoted = sentence.find('"', 1) + 1 if sentence.startswith('"') else 0
        quoted = quoted if 0 < quoted <= lo + pronoun.start() else 0
        earlier = list(dict.fromkeys(m.entity for m in mentions if quoted <= m.start and m.end <= start
                                     and not (m.start == 0 and m.role == "non_actor")))
        pair = _PAIR_SUBJECT.search(pronoun.group(0)) is not None
        alone = False
        if not pair:
            # "Kim and Putin met, and they signed": the sentence's opening subject; not the names after it ("The
            # ministers said the transfer of missiles to Russia violated ..., and they demanded").
            leading = _group(sentence, mentions, 0, start, vocab)
            earlier = list(dict.fromkeys(m.entity for m in leading)) \
                if leading and _OPENING_LEAD.match(sentence, 0, leading[0].start) else []
            # "Seoul said Putin and Kim met, and they ...": the two named together last before "they".
            earlier = earlier if len(earlier) >= 2 else _joined_before(sentence, mentions, lo + pronoun.start()) \
                or earlier
            # "The G7 foreign ministers said they condemn": one body's people, of themselves.
            alone = len(earlier) == 1 and bool(leading) \
                and _PLURAL_SAYS.match(sentence[leading[0].start:lo + pronoun.start()]) is not None
        # "Kallas thanked Seoul for its support for Ukraine, and the two discussed": a pair is the first two;
        # "Ahn, on a visit to Belgium, met Sejourne, and the two signed": those who just met, when the sentence
        # names them all.
        if pair and len(ctx.last_actors) >= 2 and set(ctx.last_actors) <= set(earlier):
            earlier = list(ctx.last_actors)
        elif pair and len(ctx.last_actors) >= 2 and earlier:
            # "The four ministers spent a good deal of time on the deployment of DPRK forces to Russia, and at the
            # conclusion the two sides released": names inside a clause that opens on no one are no sides; the two
            # who acted last are.
            lead_at = next((m.start for m in mentions if quoted <= m.start and m.end <= start
                            and not (m.start == 0 and m.role == "non_actor")), 0)
            if _OPENING_LEAD.match(sentence, 0, lead_at) is None:
                earlier = list(ctx.last_actors)
        if pair and _TWO_PEOPLE.search(pronoun.group(0)):
            # "Beijing hosted Kim Jong Un and Vladimir Putin ..., and the two leaders held talks": the last two people.
            people = list(dict.fromkeys(m.entity for m in reversed(mentions) if m.end <= start and m.role == "person"))
            earlier = people[1::-1] if len(people) >= 2 else earlier
        here = (earlier[:2] if pair else earlier) if len(earlier) >= 2 or (not pair and alone) else None
        subject = here or (_pair(ctx) if pair else list(ctx.last_actors))
        if here is None and not pair and t.targets == "none" and len(subject) == 1 and len(ctx.last_pair) >= 2 \
                and subject[0] in ctx.last_pair:
            # "Lee arrived in Brussels on a visit ... They signed": an act of two or more sides, by the pair that
            # includes whoever acted last.
            subject = list(ctx.last_pair)
        # "the four condemned", "The eight countries also urged": the list of that length named last.
        subject = _counted(pronoun.group(0), sentence, mentions, start, ctx) or subject
    elif not possessive and (he_match := _PERSONAL_SUBJECT.search(sentence[lo:start])) is not None:
        he = lo + he_match.start()
        # "he met", "she also signed": the person named last, in this sentence or before it.
        # ("He" opening the sentence, or after a leading phrase, goes on with the person the sentences before opened
        # on: "On November 1 of that year he and Josep Borrell signed".)
        opens = _OPENING_HE.match(sentence) is not None or (
            he <= _HE_REACH and not any(m.start < he and m.role != "non_actor" for m in mentions))
        person = _named_by(ctx, he_match.group(), mentions, he, opens, vocab)
        if person is not None:
            # "where he and Kim Jong Un signed": the others named with him act with him.
            joined = [m.entity for m in mentions if he < m.start and m.end <= start and m.role != "non_actor"]
            subject = [person, *joined] if " and " in sentence[he:start] else [person]
    if agentless:
        subject = _passive_agent(sentence, mentions, start, end, ctx.by_type.get(t.name, ((), ()))[0])
    if (envoy_passive or (t.targets == "envoy" and not subject)) and by is None:
        # "Russia's ambassador to Seoul was summoned", "The ministry summoned the Russian ambassador to
        # Korea": the country the envoy is posted to summoned them.
        summoner = _envoy_host(sentence, mentions, lo, start, end)
        subject = [summoner] if summoner else list(ctx.by_type.get(t.name, ((), ()))[0])
    if inherited is not None:
        subject = list(inherited)
    # '"We condemn the deployment," the ministry said': the speaker named after the quote acts, and
    # what the quote aims at is inside it.
    close = sentence.find('"', 1) if sentence.startswith('"') else -1
    if close < 0 and '"' not in sentence[:start] and sentence.count('"') % 2 == 1:
        # 'We condemn it, and there will be consequences," Kallas told reporters': a quote opened in a sentence
        # before ends in this one.
        close = sentence.find(',"', end)
        close = close + 1 if close >= 0 else -1
    quoted = close >= end
    if not subject and quoted:
        # Not past where the speaker's words end: '," a resident told reporters in Seoul' names no speaker.
        cut = _QUOTE_CUT.search(sentence, close + 1)
        speaker_end = cut.start() if cut else len(sentence)
        subject = [m.entity for m in _group(sentence, mentions, close + 1, speaker_end, vocab)]

    # Whom it is aimed at.
    targets: list[str] = []
    if t.targets == "envoy":
        if passive:
            # The envoy's country is named before "was summoned" ("North Korea's ambassador to Poland").
            named = [m for m in mentions if lo <= m.start and m.end <= start and m.role in _COUNTRY_ROLES
                     and not _POSTED.search(sentence[max(0, m.start - 40):m.start])]
            targets = [named[-1].entity] if named else []
        else:
            # After the verb, or inside the trigger ("called in the Russian envoy").
            # Not past a new clause: "summon envoys as North Korean missiles hit Ukraine".
            # (Or the envoy by name right after the verb: "Seoul first summoned Zinoviev on October 21"; with no
            # envoy's word near, only that: "Zelensky summoned Syrskyi on Monday" names no country's envoy.)
            by_name = _ENVOY_WORD.search(sentence, start, end + 60) is None
            envoy = [m for m in mentions if m.start >= start and m.start - end <= 60
                     and ((m.role in _COUNTRY_ROLES and not by_name)
                          or (m.role == "person" and m.start >= end and sentence[end:m.start].strip() == ""))
                     and not _POSTED.search(sentence[max(0, m.start - 40):m.start])
                     and not _ENVOY_CUT.search(sentence[end:m.start])]
            targets = [envoy[0].entity] if envoy else []
    elif t.targets == "place":
        place = [m for m in mentions if m.start >= end and _PLACE_AFTER.match(sentence[end:m.start])
                 and not _MISSION_AFTER.match(sentence[m.end:])] if not visit_of else []
        if not place and by is not None:
            # "the visit by Shoigu to Pyongyang": the place follows the visitor.
            # (The visitor may take more than one name: "by Russian Defence Minister Andrei Belousov to".)
            at = end + by.end()
            agents = [m for m in mentions if m.start >= at and m.start - at <= _AGENT_REACH] \
                or [m for m in mentions if m.start >= at][:1]
            place = [m for m in mentions if any(m.start >= a.end and _PLACE_AFTER_AGENT.match(sentence[a.end:m.start])
                                                for a in agents)][:1]
        if not place and by is not None:
            # "signed a partnership in Seoul during a visit by Borrell": the place is named before.
            place = [m for m in mentions if m.end <= start and m.role in ("capital", "name")
                     and _IN_BEFORE.search(sentence[max(0, m.start - 4):m.start])][-1:]
        targets = [place[0].entity] if place else []
    elif t.targets == "object":
        if agentless:
            # The passive's subject: its first actor ("Several Chinese firms accused of supplying drone components to
            # Russia's military"), not where it was ("at the North Korean embassy in Warsaw") nor who says so.
            # (Past a relative clause that opens on the verb's subject: "Four Chinese firms that shipped ...".)
            rel = _RELATIVE_OPENING.search(sentence, max(0, lo - 8), lo) if lo else None
            tlo = _clause_start(sentence, rel.start(), vocab, mentions) if rel is not None else lo
            named = [m for m in mentions if tlo <= m.start and m.end <= start
                     and m.entity not in subject and not _IN_BEFORE.search(sentence, max(0, m.start - 4), m.start)]
            targets = [named[0].entity] if named and start - named[0].end <= 100 \
                else list(ctx.by_type.get(t.name, ((), ()))[1])  # ("The two were expelled for espionage")
        elif by is not None:
            # "Three North Korean generals sanctioned by the EU", "... was condemned by Japan": the passive's
            # subject, named last before the verb, is the target.
            named = [m for m in mentions if lo <= m.start and m.end <= start and m.role != "non_actor"]
            targets = [named[-1].entity] if named and start - named[-1].end <= 60 else []
        elif _PAIR_OBJECT.match(after):
            # "condemned both Governments for the deployment of North Korean troops to Russia": the two pair_named
            # after it, else the two pair_named last before this sentence; never the actor itself.
            pair_named = [e for e in dict.fromkeys(m.entity for m in mentions if m.start >= end) if e not in subject]
            if len(pair_named) < 2:
                # ("shared the information with South Korea and Japan and urged both countries": the two just named.)
                pair_named = [e for e in _last_list(sentence, mentions, start, subject) if e not in subject]
            if len(pair_named) < 2 and len(ctx.last_two) == 2 and all(e in ctx.recent and e not in subject
                                                                      for e in ctx.last_two):
                # ("the mutual defence pact signed during Putin's visit to Pyongyang ... Ukraine's military has disputed
                # that claim. Seoul condemned both countries": the pair that acted together last, both named lately.)
                pair_named = list(ctx.last_two)
            if len(pair_named) < 2:
                pair_named = [e for e in ctx.recent if e not in subject]
            targets = pair_named[:2] if len(pair_named) >= 2 else []
        elif t.name == "condemn" and _IT_OBJECT.match(after):
            # '"We condemn it"': the event told before, whose owner _condemned_events finds (not whom the last act,
            # a sanctions package, aimed at).
            targets = []
        elif _PRONOUN_OBJECT.match(after) and not _OWN_GROUP.match(after) \
                and not (t.name == "appeal" and _FOR_END.search(sentence, start, end)):
            # (Not "called for its swift ratification": what is asked for, not whom.)
            # "demand their withdrawal": whose troops the sentence named, else what the article last aimed at.
            owner = _troops_owner(sentence, mentions, start) if t.name == "demand_withdrawal" else None
            # "warned Washington, Seoul and Tokyo against ..., and urged them not to": the list just named.
            listed = _last_list(sentence, mentions, start, subject) if _THEM.match(after) else []
            targets = [owner] if owner else listed or list(ctx.last_targets) \
                or _prior_objects(mentions, start, subject)
        else:
            reach = _object_reach(t, after, sentence[start:end])
            targets = _object(sentence, mentions, end, min(reach, close - end) if quoted else reach)
            first_after = next((m for m in mentions if m.start >= end), None) if targets else None
            if t.name == "demand_withdrawal" and first_after is not None \
                    and _PULLED_FROM.search(sentence, end, first_after.start):
                targets = []  # "demands troop pull-out from Russia": where the troops leave, not who is asked
            if not targets and t.name == "condemn" and "sanctions" in ctx.by_type and _SANCTIONS_OBJECT.match(after):
                # "Zakharova denounced the package as illegitimate": aimed at those who sanctioned last.
                targets = list(ctx.by_type["sanctions"][0])
            first = next((m for m in mentions if m.start >= end), None) if targets and t.name == "condemn" else None
            if first is not None and _DESTINATION_BEFORE.search(sentence, end, first.start):
                # "condemned the deployment of troops to Russia": where they went is not whom it is aimed at; who
                # sent them is, when "by" names them ("... to Russia by North Korea"), else whose troops the
                # article named (see _condemned_events).
                agent = next((m for m in mentions if m.start >= first.end), None)
                by_agent = _BY.match(sentence[first.end:agent.start]) if agent is not None else None
                targets = [agent.entity] if agent is not None and by_agent is not None \
                    and by_agent.end() == agent.start - first.end else []
            # ("condemned the deployment of North Korean troops to Russia" is aimed at those who sent them: where they
            # went is no target, as writers read it when the sentence names that country nowhere else.)
            if t.name == "condemn" and targets:
                # "condemned the deportation of Ukrainian children by Russia": aimed at who did it, not at whom.
                agent = next((m for m in mentions if end < m.start <= end + _DEED_REACH
                              and _DEED_BY.match(sentence[end:m.start])), None)
                if agent is not None:
                    targets = _object(sentence, mentions, agent.start, 0)
    else:
        # Meetings: the other side is the object ("met X", "talks with X") or the host ("talks in Moscow").
        others: list[str] = []
        if t.name == "meeting":
            # ("the first in-person talks between the two since they met in Riyadh": those just named, not Riyadh.)
            pair_after = sentence.endswith("between", start, end) and _PAIR_AFTER.match(sentence[end:]) is not None
            first = next((m for m in mentions if m.start >= end and m.role != "non_actor"), None) \
                if _MEETING_OBJECT.search(sentence[start:end]) and not pair_after else None
            # ("OSCE ministers meet in Vienna": the body's members among themselves.)
            gathering = any(m.end <= start and m.entity in _MEMBERS_GATHER and _MEMBERS_WORD.match(sentence, m.end)
                            for m in mentions)
            if first is not None and not ((len(set(subject)) >= 2 or gathering)
                                          and _AT_PLACE.search(sentence, end, first.start)):
                purpose = _PURPOSE.search(sentence, end, end + 60)
                # (Nor past a new clause: "close Sakhir summit with backing for a truce, call on Iran".)
                clause = _NEW_CLAUSE.search(sentence, end, end + 60)
                reach = min(purpose.start() - end if purpose else 60, clause.start() - end if clause else 60)
                others = _object(sentence, mentions, end, reach, actors_only=True)
            else:
                # ("Cho and Lavrov met in Vientiane on Saturday": where, not whom, when both sides are named.)
                # "held a summit in Moscow with Kim": the other side follows a later "with".
                partner = _PARTNER.match(after)
                # (A title may come first: "discussed the situation by telephone with President Yoon".)
                # Not a relative clause: "a meeting in Beijing after the parade with which China marked".
                # Nor a relation's partner: "discussed North Korea's military cooperation with Russia".
                others = _object(sentence, mentions, end + partner.end(), 40, actors_only=True) \
                    if partner and not after.startswith(("which ", "whom "), partner.end()) \
                    and not _RELATION_WITH.search(after, 0, partner.end()) else []
            if len(set(subject + others)) < 2 and sentence.endswith(("between", " of"), start, end):
                # "Talks were held between the top US diplomat and his counterpart Cho Tae-yul", "the meeting of EU
                # and South Korean foreign ministers": one side on each side of the "and".
                conj = sentence.find(" and ", end, end + 80)
                one = next((m for m in mentions if end <= m.start < conj and m.role != "non_actor"), None)
                two = next((m for m in mentions if conj < m.start <= conj + 60 and m.role != "non_actor"
                            and not _AT_PLACE.search(sentence[max(0, m.start - 10):m.start])), None)
                others = [one.entity, two.entity] if conj >= 0 and one and two else others
            if sentence.endswith("between", start, end) and len(set(others)) >= 2:
                # "India welcomed the talks between the United States and Russia": the sides are those named after
                # "between", not the clause's subject.
                subject = []
            if by is not None:
                # "Choe Son Hui was received by Putin in Moscow": the guest, named last before the verb, is the
                # other side.
                # (Not where the guest went: "made his second visit to Pyongyang ... and was received by Kim".)
                guest = [m for m in mentions if lo <= m.start and m.end <= start and m.role != "non_actor"
                         and not _AT_PLACE.search(sentence, max(0, m.start - 10), m.start)]
                others += [guest[-1].entity] if guest and start - guest[-1].end <= 100 else []
            # "held talks in Moscow": the host is the other side, when a side is missing ("NATO and South Korea
            # held talks in Brussels" do not meet the EU).
            # Nor a third country's venue: "the two leaders last met in Beijing", "on the sidelines of a parade in".
            # Nor the venue of a body's own gathering: "OSCE ministers meet in Vienna".
            host = [m for m in mentions if m.start >= end and m.role == "capital"
                    and _HOST_PLACE.match(sentence[end:m.start])] \
                if len(set(subject + others)) < 2 and not _THIRD_VENUE.search(sentence) \
                and not gathering else []
            others += [m.entity for m in host[:1]]
            # "after the first EU-South Korea strategic dialogue": the two sides are named in it.
            inner = [m for m in mentions if start <= m.start and m.end <= end and m.role != "non_actor"]
            # (Or three: "held a Japan-U.S.-ROK Foreign Ministers' Meeting with ...".)
            # (An en dash too: "the first EU\u2013Republic of Korea summit".)
            first_pair = next((i for i, (a, b) in enumerate(itertools.pairwise(inner))
                               if sentence[a.end:b.start] in _SIDES_DASH and a.entity != b.entity), None)
            if first_pair is not None:
                chain = [inner[first_pair]]
                for m in inner[first_pair + 1:]:
                    if sentence[chain[-1].end:m.start] not in _SIDES_DASH:
                        break
                    chain.append(m)
                subject, others = list(dict.fromkeys(m.entity for m in chain)), []
            elif ("-" in sentence or "\u2013" in sentence) and (sides := _sides_after(sentence, mentions, end)):
                subject, others = sides, []
        elif t.name == "sign_agreement":
            partner = _PARTNER.match(after)
            if partner:
                others = _object(sentence, mentions, end + partner.end(), 5, actors_only=True)
            if by is None and _AGREEMENT_FIRST.match(sentence, start, end):
                # "the treaty Pyongyang and Moscow signed in June", "the North Korea-Russia treaty, signed in
                # June", "the partnership the two sides signed": the parties are named with the agreement, not by
                # the sentence's subject (who may only cite it); else they are those who signed before.
                # ("the treaty, which Mr Putin and Kim Jong Un signed": the signatories open the relative clause.)
                which = sentence.find(", which ", start, end)
                which = which if which >= 0 and " " not in sentence[start:which] else -1
                inside = [m.entity for m in _group(sentence, mentions, which + 8 if which >= 0 else start, end, vocab)]
                if not inside and _PAIR_WORDS.search(sentence[start:end]):
                    # "the two sides": the pair named with "between" before, else those who just acted together.
                    # (Or the last two who acted together: "Sefcovic arrived in Seoul ... Seoul urged Brussels ... The
                    # free trade agreement they signed in 2010".)
                    inside = _pair_between(sentence, mentions, start) or _joined_before(sentence, mentions, start) \
                        or (list(ctx.last_actors) if len(ctx.last_actors) >= 2 else list(ctx.last_pair))
                if not inside and _HE_SIGNED.search(sentence, start, end):
                    # "the treaty he signed with Putin": the person named last ("Kim had ordered it under ...").
                    inside = [next((m.entity for m in reversed(mentions) if m.end <= start and m.role == "person"),
                                   None) or ctx.last_person or ""]
                    inside = [e for e in inside if e]
                parties = inside or _signed_by(sentence, mentions, end, vocab) \
                    or _named_with(sentence, mentions, start) or _during_visit(sentence, mentions, end) \
                    or _pair_between(sentence, mentions, start) or _signed_before(ctx, t.name, mentions)
                # "Korea and the EU have worked closely together since the signing of the Partnership": a signing
                # named as a noun with no parties of its own is the two subjects'.
                subject = parties or (subject if _SIGNING_NOUN.match(sentence, start, end) and len(set(subject)) >= 2
                                      else [])
            elif not subject:
                # No subject: the names inside the match are the signatories, if any.
                subject = [m.entity for m in _group(sentence, mentions, start, end, vocab)]
        elif t.name == "joint_statement" and (by_who := _STATEMENT_BY.match(after)) is not None:
            # "slammed a joint statement issued by the European Union and South Korea": its parties, not the subject.
            subject = _object(sentence, mentions, end + by_who.end(), 5, actors_only=True) or subject
        elif t.name == "joint_statement" and (partner := _STATEMENT_WITH.match(after)) is not None:
            # "issued a joint statement with the United States and Japan": its other parties.
            others = _object(sentence, mentions, end + partner.end(), 5, actors_only=True)
        subject = list(_uniq(subject + others))
    return _uniq(subject), _uniq(targets)


def _object_reach(t: ActionType, after: str, trigger: str) -> int:
    """How far after the trigger its object may start.

    An appeal's addressee comes before the request's "to" ("urged the international community to
    press Pyongyang": the addressee is not Pyongyang), and after "called for" only then ("called for
    Pyongyang to return to talks"; "called for sanctions on Russia" names what is asked, not whom);
    other objects may come later ("condemned the deployment of North Korean troops").
    """
    # "condemned in the strongest possible terms the deployment of ...": the words that say how strongly
    # come before the object and do not count towards how far it may be.
    manner = _MANNER.match(after)
    reach = 80 + (manner.end() if manner else 0)
    if t.name == "appeal":
        request = _REQUEST_TO.search(after)
        if request:
            reach = min(reach, request.start())
        elif _FOR_END.search(trigger):
            return 0
    # "condemned the treaty, and Kaja Kallas ... has called": the object is not past a new clause's subject.
    # (A clause that opens within reach and runs past it counts: "..., and we will" at the 80th character.)
    clause = _NEW_CLAUSE.search(after, 0, reach + 24)
    return min(reach, clause.start()) if clause else reach


def _passive_agent(sentence: str, mentions: Sequence[Mention], start: int, end: int,
                   last_doers: Sequence[str]) -> list[str]:
    """Who did an act told in the passive without "by": who says so ("The Polish foreign ministry said that ...",
    "..., the EU said"), the country it was done from ("were expelled from Poland"), else whoever did that act
    last."""
    said = _SAID_BEFORE_PASSIVE.search(sentence, 0, start)
    if said is not None:
        sayer = next((m for m in mentions if m.end <= said.start() and m.role != "non_actor"), None)
        if sayer is not None and sayer.start <= 40:
            return [sayer.entity]
    for m in mentions:
        if m.start >= end and m.role != "non_actor" and (
                _FROM_AFTER.fullmatch(sentence, end, m.start) is not None
                or ("," in sentence[end:m.start] and _SOURCE_AFTER.match(sentence, m.end) is not None)):
            return [m.entity]
    return list(last_doers)


def _joined_before(sentence: str, mentions: Sequence[Mention], at: int) -> list[str]:
    """The last two actors joined by "and" before ``at``: whom "they" stands for in "The Kremlin said Putin and Kim
    would mark the anniversary of the treaty they signed"."""
    joined = [(a, b) for a, b in itertools.pairwise(mentions)
              if b.end <= at and sentence[a.end:b.start] == " and " and a.entity != b.entity
              and a.role != "non_actor" and b.role != "non_actor"]
    return [joined[-1][0].entity, joined[-1][1].entity] if joined else []


def _signed_before(ctx: _Context, kind: str, mentions: Sequence[Mention]) -> list[str]:
    """Those who signed before in the article ("The treaty was signed in Pyongyang on June 19"), unless the
    sentence names another actor ("cooperation with Seoul under the partnership signed this month" is another
    agreement)."""
    before = ctx.by_type.get(kind, ((), ()))[0]
    return list(before) if all(m.entity in before for m in mentions if m.role != "non_actor") else []


def _named_with(sentence: str, mentions: Sequence[Mention], start: int) -> list[str]:
    """The parties named in the words before an agreement's noun: "the North Korea-Russia treaty", "the
    EU-Korea digital partnership" (two or more, joined by a hyphen or "and")."""
    before = [m for m in mentions if m.end <= start and start - m.end <= 50]
    if not before or not _NOUN_PHRASE_GAP.match(sentence[before[-1].end:start]):
        return []
    chain = [before[-1]]
    for m in reversed(before[:-1]):
        if not _PAIR_JOIN.match(sentence[m.end:chain[-1].start]):
            break
        chain.append(m)
    return list(dict.fromkeys(m.entity for m in reversed(chain))) if len(chain) >= 2 else []


# "The Security and Defence Partnership was signed in Seoul in November 2024 by then EU foreign policy chief Josep
# Borrell and South Korea's then foreign minister": who signed, named after where and when.
_BY_LATER = re.compile(r"[^,;.]{0,50}?\bby\s+")


def _signed_by(sentence: str, mentions: Sequence[Mention], end: int, vocab: Vocabulary) -> list[str]:
    later = _BY_LATER.match(sentence, end)
    if later is None:
        return []
    # The first actor named after "by" is near it (the group may drop it: an apposition ends before its last).
    first = next((m for m in mentions if m.start >= later.end() and m.role != "non_actor"), None)
    if first is None or first.start - later.end() > 40:
        return []
    return [m.entity for m in _group(sentence, mentions, later.end(), len(sentence), vocab)]


# "The treaty, signed during Russian President Vladimir Putin's visit to Pyongyang in June 2024".
# Also "agreements signed when Vladimir Putin visited Pyongyang in June 2024".
_DURING_VISIT = re.compile(r"\s+(?:during\s+[^,.;]{1,60}?\s+|when\s+[^,.;]{1,40}?\s+)"
                           r"(?P<visit>(?:\w+\s+)?visit\s+to\s+(?:the\s+)?|visited\s+)")


def _during_visit(sentence: str, mentions: Sequence[Mention], end: int) -> list[str]:
    """An agreement's parties when it was signed during a visit: the visitor's country and the host's."""
    during = _DURING_VISIT.match(sentence, end)
    if during is None:
        return []
    visitor = next((m.entity for m in mentions if end <= m.start and m.end <= during.start("visit")
                    and m.role != "non_actor"), None)
    host = next((m.entity for m in mentions if m.start == during.end()), None)
    return [visitor, host] if visitor is not None and host is not None and visitor != host else []


def _sides_after(sentence: str, mentions: Sequence[Mention], end: int) -> list[str]:
    """The sides of a gathering named after a meeting's verb ("met in Brussels for the first EU-Republic of Korea
    summit"), who meet whoever the sentence's subject is ("leaders")."""
    near = [m for m in mentions if end <= m.start <= end + 80 and m.role != "non_actor"]
    for a, b in itertools.pairwise(near):
        if sentence[a.end:b.start] in _SIDES_DASH and a.entity != b.entity \
                and _SIDES_GAP.search(sentence[end:a.start]) and _GATHERING_AFTER_SIDES.match(sentence[b.end:]):
            return [a.entity, b.entity]
    return []


def _pair_between(sentence: str, mentions: Sequence[Mention], start: int) -> list[str]:
    """The pair the sentence named with "between" before an agreement ("Cooperation between Moscow and Pyongyang,
    including the treaty signed in June")."""
    for one, two in itertools.pairwise(m for m in mentions if m.end <= start):
        if one.entity != two.entity and sentence[one.end:two.start].strip() == "and" \
                and _BETWEEN_BEFORE_PAIR.search(sentence[:one.start]):
            return [one.entity, two.entity]
    return []


def _envoy_host(sentence: str, mentions: Sequence[Mention], lo: int, start: int, end: int) -> str | None:
    """Who summoned an envoy, when the sentence says it only through a place.

    The country the envoy is posted to ("ambassador to Seoul", "envoy in Warsaw"), else the one
    named where they were summoned to ("summoned to the foreign ministry in Seoul").
    """
    for m in mentions:
        if lo <= m.start < end + 60 and m.role in _COUNTRY_ROLES \
                and _POSTED.search(sentence[max(0, m.start - 40):m.start]):
            return m.entity
    for m in mentions:
        # "summoned to the foreign ministry in Seoul", "was called in to DFAT".
        if end <= m.start <= end + 60 and (m.role in _COUNTRY_ROLES or m.role == "institution") \
                and _SUMMONED_TO.match(sentence[end:m.start]):
            return m.entity
    return None


def _clause_start(sentence: str, pos: int, vocab: Vocabulary, mentions: Sequence[Mention]) -> int:
    lo = 0
    # "told NATO counterparts that Pyongyang's support had erased any line ..., and urged the alliance": a verb joined
    # after a comma or a closing quote goes on from the reporting clause, not from what was reported.
    joined = _JOINED_VERB_BEFORE.search(sentence, max(0, pos - 20), pos) is not None
    for brk in _CLAUSE_BREAK.finditer(sentence, 0, pos):
        if joined and sentence.startswith(_REPORT_BREAKS, brk.start()):
            continue
        if not brk.group("cut"):
            lo = brk.end()
        elif any(m.start == brk.start("cut") or (m.start > brk.start("cut") and _TITLE_WORDS.fullmatch(
                sentence, brk.start("cut"), m.start)) for m in mentions):
            # Only before an actor, maybe after a title ("after President Putin visited"): "after Science Minister
            # Yoo and ... signed" names no one it knows, and the sentence's subject is still the best reading.
            lo = brk.start("cut")
    if sentence.startswith('"') and 0 < (close := sentence.find('"', 1)) < pos:
        # '"What is happening between North Korea and Russia ...," Nakatani told reporters after the meeting': what
        # a quote names does not act past it.
        lo = max(lo, close + 1)
    elif 0 < (close := sentence.find(',"') + 1) < pos and sentence.count('"') % 2 == 1:
        # 'North Korean soldiers are trained to kill Ukrainians," Tsahkna told ERR News after the meeting': the end
        # of a quote opened in a sentence before.
        lo = max(lo, close + 1)
    elif '"' in sentence and (opened := sentence.rfind('"', 0, pos)) > lo and sentence.count('"', 0, pos) % 2 == 1 \
            and any(opened < m.start and m.end <= pos for m in mentions):
        # 'said at the press conference "We are concerned ...", and stressed "we strongly condemn ...': a quote
        # opened inside the sentence is a clause of its own.
        lo = opened + 1
    # "Kim visited Moscow in 2023 and Putin made a return visit": an "and" before a name opens a new
    # clause when the words before it hold an actor and then an action or a verb of their own ("Kyiv accused
    # Pyongyang ..., and Seoul urged"; "Japan and Korea condemned", "In a joint statement, Japan and Korea" do not).
    # (The subject follows a leading phrase: "At Wednesday's EU-Republic of Korea summit, Lee, Costa and ..." is not
    # the EU acting at the summit.)
    lead = _LEADING_PHRASE.match(sentence) if lo == 0 else None
    base = lead.end() if lead is not None and lead.end() <= pos else lo
    for m in _AND_CLAUSE.finditer(sentence, lo, pos):
        subject = next((x for x in mentions if x.start >= max(lo, base)), None)
        words = sentence[subject.end:m.start()] if subject is not None else ""
        appositive = _APPOSITIVE_END.search(words)
        words = words[:appositive.start()] if appositive else words
        if subject is not None and subject.end <= m.start() \
                and (vocab.prefilter.search(words.lower()) or _REPORTING.search(words)) \
                and not _BETWEEN_BEFORE.search(sentence[max(0, m.start() - 60):m.start()]) \
                and not _HE_BEFORE.search(sentence[max(0, m.start() - 6):m.start()]) \
                and not _listed(sentence, mentions, m.start(), m.start("cut")):
            lo = m.start("cut")
        elif sentence.startswith(",", m.start()) and not (
                subject is not None and (aside := _APPOSITION_SPAN.match(sentence[subject.end:])) is not None
                and subject.end + aside.end() >= m.start()) and any(
                m.start("cut") <= x.start <= m.start("cut") + 4 and x.end <= pos
                and sentence[x.end:pos].strip() in _RIGHT_BEFORE_VERB
                for x in mentions):
            # "Russia's invasion continues to inflict suffering on Ukraine, and New Zealand condemns it": a name
            # right before the verb after ", and" is its subject.
            lo = m.start("cut")
    return lo


_RIGHT_BEFORE_VERB = ("", "also", "now", "too", "again", "has", "have", "also has", "has also", "strongly",
                      "firmly", "also strongly")


def _listed(sentence: str, mentions: Sequence[Mention], at: int, cut: int) -> bool:
    """Whether the "and" at ``at`` joins two names of a list ("a visit to Belgium and France, met"): a name right
    before it, and the one after it ends the list or the one before it follows a comma and a name."""
    after = next((x for x in mentions if cut <= x.start <= cut + 4), None)
    before = next((y for y in mentions if y.end == at), None)
    if after is None or before is None:
        return False
    # Or the last of a list of three or more: "warned Washington, Seoul and Tokyo against ..."; or two names joined
    # with no comma, one subject: "said that Moscow and Pyongyang were building an alliance".
    return _LIST_END.match(sentence[after.end:]) is not None \
        or any(z.end < before.start and sentence[z.end:before.start].strip() == "," for z in mentions) \
        or not sentence.startswith(",", at)


def _troops_owner(sentence: str, mentions: Sequence[Mention], start: int) -> str | None:
    """Whose troops were named last before ``start``: "North Korean troops", "North Korea's deployment"."""
    owners = [m for m in mentions if m.end <= start and _TROOPS_OWNER_AFTER.match(sentence[m.end:])]
    return owners[-1].entity if owners else None


_THEM = re.compile(r"\s*them\b", re.IGNORECASE)
_LIST_JOINS = (",", "and", ", and")


def _last_list(sentence: str, mentions: Sequence[Mention], start: int, subject: Sequence[str]) -> list[str]:
    """The last run of two or more actors named before ``start`` joined by commas or "and" ("Washington, Seoul and
    Tokyo"), the subject left out."""
    before = [m for m in mentions if m.end <= start and m.entity not in subject]
    best: list[str] = []
    for run in _list_runs(sentence, before, lambda gap: gap.strip() in _LIST_JOINS):
        if len(run) >= 2:
            best = list(run)
    return best


def _prior_objects(mentions: Sequence[Mention], start: int, subject: Sequence[str] = ()) -> list[str]:
    before = [m.entity for m in mentions if m.end <= start and m.entity not in subject]  # not "we" in "We condemn it"
    return before[-1:]
