"""Canonical actors (countries, blocs, organisations) and how text names them.

The lexicon is data (``entities.yaml``); this module compiles it into one
regular expression and finds mentions on word boundaries. Extractors use it to
turn "Pyongyang", "North Korean", "Kim Jong Un" or "the DPRK" into the
canonical ``North Korea``.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from monitor.analysis import native as native_kernels
from monitor.errors import ConfigError

if TYPE_CHECKING:
    import monitor_native

DEFAULT_PATH = Path(__file__).with_name("entities.yaml")

#: The entry whose forms name no actor: they hold an actor's name but are something else ("National
#: Security Council" is not the UN's "Security Council", "the Korea Herald" is not Korea). They are
#: matched, so the shorter name inside them is not, and give no mention.
NOT_AN_ACTOR = "(not an actor)"

#: How a form names its actor; extractors weigh them differently (a demonym
#: before "troops" names whose troops they are, a capital may be a location).
ROLES = ("names", "capitals", "demonyms", "people", "institutions", "exact")

#: Not forms: cities where a body also sits, another actor's capital. In a sentence that names the body,
#: the city is its venue ("NATO allies met in Brussels" is no EU news).
SEATS = "seats"

#: Not forms: descriptions that stand for the actor once the article has named it ("the bloc" for the EU,
#: "the Council" for the EU or the UN). Several actors may share one: it is the one the article named last.
CALLED = "called"

#: Not forms: the outlets of the actor's country (names or web addresses, matched in an article's source and
#: URL): their "the foreign ministry", "the government" is that country's (see ``home_of``).
OUTLETS = "outlets"


# A government's or an institution's own site: "mofa.go.kr", "www.state.gov", "mid.ru", "consilium.europa.eu".
_OFFICIAL_SITE = re.compile(r"(?:^|[\s./])(?:mofa|mfa|mid|fmprc|mnd|kremlin|state|defense|whitehouse|eeas|consilium"
                            r"|nato)\.[a-z]|\.go\.(?:kr|jp)\b|\.gov(?:\.[a-z]{2})?\b|\.gouv\.|europa\.eu")

class Mention(NamedTuple):
    """One place in a text where an actor is named."""

    entity: str  # canonical name, e.g. "North Korea"
    start: int
    end: int
    role: str  # one of ROLES (singular: "name", "capital", "demonym", "person", "institution")
    text: str


_ROLE_SINGULAR = {
    "names": "name",
    "capitals": "capital",
    "demonyms": "demonym",
    "people": "person",
    "institutions": "institution",
    "exact": "name",
}


def _case_sensitive(form: str, exact: bool) -> bool:
    letters = [c for c in form if c.isalpha()]
    return exact or bool(letters and all(c.isupper() for c in letters))


# Characters that ignoring case relates to an ASCII letter (long s, Kelvin sign, dotted and dotless i):
# a form holding one could match ASCII text the native matcher would not.
_FOLDS_TO_ASCII = frozenset("\u017f\u212a\u0130\u0131")


def form_pattern(form: str, exact: bool) -> str:
    """Regex for one surface form.

    All-capital forms (EU, US, DPRK) and ``exact`` forms match case-sensitively;
    others keep their first letter's case and ignore the case of the rest, so a
    headline's "South korea" matches while "eu" inside a word never can.
    """
    escaped = re.escape(form).replace(r"\ ", r"\s+")
    if _case_sensitive(form, exact):
        return escaped
    head, tail = re.escape(form[0]), re.escape(form[1:]).replace(r"\ ", r"\s+")
    return f"{head}(?i:{tail})" if tail else head


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


class EntityLexicon:
    """A compiled actor lexicon."""

    def __init__(self, entries: dict[str, dict[str, list[str]]], *, source: str = "<memory>",
                 native: bool = True) -> None:
        self.source = source
        self._cache: dict[str, list[Mention]] = {}
        self._form_to: dict[str, tuple[str, str]] = {}  # lowercased form -> (canonical, role)
        parts: list[tuple[str, str, bool]] = []  # form, its pattern, whether it matches case
        seats: dict[str, set[str]] = {}  # a city, lower-cased -> the bodies that sit there
        called: dict[str, list[str]] = {}  # a description, its words lower-cased -> the actors it may stand for
        self._outlets: list[tuple[str, str]] = []  # an outlet's name or address, lower-cased -> its country
        for canonical, groups in entries.items():
            actor = canonical != NOT_AN_ACTOR
            if actor:
                self._form_to[canonical.lower()] = (canonical, "name")
            for group, forms in groups.items():
                if group == SEATS:
                    for city in forms:
                        seats.setdefault(city.lower(), set()).add(canonical)
                    continue
                if group == CALLED:
                    for desc in forms:
                        called.setdefault(" ".join(desc.split()).lower(), []).append(canonical)
                    continue
                if group == OUTLETS:
                    self._outlets.extend((outlet.lower(), canonical) for outlet in forms)
                    continue
                role = _ROLE_SINGULAR[group]
                for form in forms:
                    if actor:
                        self._form_to.setdefault(form.lower(), (canonical, role))
                    exact = group == "exact"
                    parts.append((form, form_pattern(form, exact=exact), _case_sensitive(form, exact)))
        self.entities: tuple[str, ...] = tuple(e for e in entries if e != NOT_AN_ACTOR)
        # Countries, not bodies: the actors with a demonym ("South Korean"); the EU, NATO and the UN have none.
        self.nations = frozenset(e for e in self.entities if entries[e].get("demonyms"))
        self._seats = {city: frozenset(bodies) for city, bodies in seats.items()}
        self._seated = frozenset(b for bodies in seats.values() for b in bodies)
        self._called = called
        self._described = frozenset(a for actors in called.values() for a in actors)
        # Per actor, its descriptions' last words ("Council"): an article holding none of those of the actors it
        # names uses no description.
        self._called_words = {actor: frozenset(f.split()[-1] for f in groups.get(CALLED, []))
                              for actor, groups in entries.items() if groups.get(CALLED)}
        # "the bloc", "The bloc": the article's word, capitalised at a sentence's start; the rest as written
        # ("the Council" is the body, "the council" of a city is not).
        descriptions = sorted({f for g in entries.values() for f in g.get(CALLED, [])}, key=len, reverse=True)
        # Grouped by first word ("the"), whose first letter is a class: the engine then skips ahead fast.
        by_first: dict[str, list[str]] = {}
        for desc in descriptions:
            first, *rest = desc.split()
            by_first.setdefault(first, []).append("".join(rf"\s+{re.escape(w)}" for w in rest))
        self._called_rx = re.compile(
            "(?:" + "|".join(f"[{re.escape(w[0].upper())}{re.escape(w[0].lower())}]{re.escape(w[1:])}(?:{'|'.join(t)})"
                             for w, t in by_first.items())
            # Not a name's start: "the Council of Europe", "the Council on Foreign Relations" (but "The Council on
            # Monday adopted" is the description).
            + r")(?![\w-])(?!\s+(?:of|for)\b)(?!\s+on\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
              r"|\d)\b)[A-Z])") if called else None
        # Longest first so "North Korean" wins over "North Korea" and "Korea".
        parts.sort(key=lambda p: len(p[0]), reverse=True)
        # Every form's first character matches case-sensitively, so forms are grouped by it: at a
        # position only one group can match, and within it the longest-first order is kept. The
        # engine then tries a few dozen groups per position instead of every form (same matches).
        by_head: dict[str, list[str]] = {}
        for form, pattern, _ in parts:
            head = re.escape(form[0])
            assert pattern.startswith(head), pattern
            by_head.setdefault(head, []).append(pattern[len(head):])
        alternation = "|".join(f"{head}(?:{'|'.join(tails)})" for head, tails in by_head.items())
        # Boundaries: not inside a word (hyphens are boundaries: "EU-South Korea", "US-led").
        # The leading look-ahead lets the regex engine skip positions that cannot start a form.
        firsts = "".join(sorted({re.escape(form[0]) for form, _, _ in parts}))
        self._regex = re.compile(rf"(?=[{firsts}])(?<![\w.])(?:{alternation})(?!\w)")
        # The native matcher finds the same spans in ASCII text (most sentences), when every form
        # suits it: no space at an end (the lexicon file's forms are stripped), no case-folding oddity.
        # What each form's match names: the surface's words, lower-cased, are the form's (the matcher
        # compares letters ignoring ASCII case and a space in a form with a run of whitespace).
        self._form_hits = [self._form_to.get(" ".join(form.split()).lower()) for form, _, _ in parts]
        self._native_forms = [(form, sensitive) for form, _, sensitive in parts] if native and all(
            form == form.strip(" ") and not _FOLDS_TO_ASCII.intersection(form) for form, _, _ in parts) else None
        self._matcher = self._native_matcher()

    def _native_matcher(self) -> monitor_native.FormMatcher | None:
        if self._native_forms is None or native_kernels.kernels is None:
            return None
        return native_kernels.kernels.FormMatcher(self._native_forms)

    def __getstate__(self) -> dict[str, Any]:
        # Worker processes get the lexicon pickled: the native matcher is rebuilt there, the cache is not sent.
        state = dict(self.__dict__)
        state["_matcher"] = None
        state["_cache"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._matcher = self._native_matcher()

    def find(self, text: str) -> list[Mention]:
        """All mentions in ``text``, left to right, never overlapping.

        Results are memoised per text: topics, stories and both extractors ask
        about the same sentences of an article.
        """
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        if len(self._cache) >= 4096:
            self._cache.clear()
        found = self._cache[text] = self._find(text)
        return found

    def _find(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        form_to = self._form_to
        if self._matcher is not None and text.isascii():
            hits = self._form_hits
            for start, end, form in self._matcher.spans(text):
                hit = hits[form]
                if hit is not None:
                    out.append(Mention(hit[0], start, end, hit[1], text[start:end]))
            return out
        for start, end in (m.span() for m in self._regex.finditer(text)):
            surface = text[start:end]
            key = " ".join(surface.split()).lower()
            hit = form_to.get(key)
            if hit is None:  # pragma: no cover - every alternative comes from form_to
                continue
            out.append(Mention(hit[0], start, end, hit[1], surface))
        return out

    def without_venues(self, sentences: list[list[Mention]]) -> list[list[Mention]]:
        """Each sentence's mentions less the capitals named as the seat of another body the same sentence
        names: "Brussels" in "NATO allies met in Brussels" is NATO's venue, not the EU."""
        seated = self._seated
        if not seated or seated.isdisjoint([m.entity for ms in sentences for m in ms]):
            return sentences  # most articles name no such body
        out = []
        for ms in sentences:
            named = {m.entity for m in ms}
            out.append([m for m in ms if not (m.role == "capital" and named & self._seats.get(m.text.lower(), set())
                                              - {m.entity})] if named & seated else ms)
        return out

    def with_descriptions(self, sentences: Sequence[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
        """Each sentence's mentions plus the descriptions that stand for an actor the article named before
        ("The bloc imposed sanctions" after a sentence naming the EU): of the actors a description may stand
        for, the one named last; before any of them, the one the article names, when it names only one."""
        rx = self._called_rx
        if rx is None:
            return mentions
        # A description stands only for an actor the article names: most name none of them.
        described = {m.entity for found in mentions for m in found if m.entity in self._described}
        if not described:
            return mentions
        # The sentences holding a description's last word ("Council"), found by substring search.
        text = "\n".join(sentences)
        places = [i for w in set().union(*(self._called_words[a] for a in described)) for i in _occurrences(text, w)]
        if not places:
            return mentions
        starts = list(itertools.accumulate((len(x) + 1 for x in sentences[:-1]), initial=0))
        holding = {bisect_right(starts, i) - 1 for i in places}
        found_in = {i: [m for m in rx.finditer(sentences[i])
                        if m.start() == 0 or not (sentences[i][m.start() - 1].isalnum() or sentences[i][m.start() - 1]
                                                  in "_-")]
                    for i in sorted(holding)}
        if not any(found_in.values()):
            return mentions  # "South Korea", "the Council of Europe": no description
        out: list[list[Mention]] = []
        last: dict[str, int] = {}  # actor -> the latest place it was named, counted over the whole article
        # A press release opens on "The Council today adopted ..." and names the EU later: a description
        # before any of its actors stands for the one the article names, when it names only one of them.
        in_article = {m.entity for found in mentions for m in found}
        offset = 0
        for index, (sentence, found) in enumerate(zip(sentences, mentions, strict=True)):
            extra: list[Mention] = []
            named = iter(found)
            pending = next(named, None)
            for m in found_in.get(index, ()):
                while pending is not None and pending.start < m.start():
                    last[pending.entity] = offset + pending.start
                    pending = next(named, None)
                if any(x.start < m.end() and m.start() < x.end for x in found):
                    continue  # inside a name ("the Council of the EU")
                stands_for = self._called[" ".join(m.group(0).split()).lower()]
                candidates = [a for a in stands_for if a in last]
                if not candidates:
                    later = [a for a in stands_for if a in in_article]
                    candidates = later if len(later) == 1 else []
                if candidates:
                    actor = max(candidates, key=lambda a: last.get(a, -1))
                    extra.append(Mention(actor, m.start(), m.end(), "name", m.group(0)))
                    last[actor] = offset + m.start()
            for x in found:
                last[x.entity] = offset + x.start
            out.append(sorted(found + extra, key=lambda x: x.start) if extra else found)
            offset += len(sentence) + 1
        return out

    def home_of(self, source: str | None, url: str | None = None) -> str | None:
        """The country whose outlet published an article, by its source's name or its URL (``outlets:`` in the
        lexicon): Yonhap's "the foreign ministry" is South Korea's. None for wires and unknown outlets."""
        where = f"{source or ''} {url or ''}".lower()
        return next((country for outlet, country in self._outlets if outlet in where), None) if where.strip() \
            else None

    def official(self, source: str | None, url: str | None = None) -> bool:
        """Whether an article is a government's or an institution's own text, by its source or URL (a foreign
        ministry's, a .gov site's, the EU's or NATO's): its "the ministry" is the publisher's own."""
        return _OFFICIAL_SITE.search(f"{source or ''} {url or ''}".lower()) is not None

    def forms(self) -> list[str]:
        """Every form the lexicon knows, lower-cased (canonical names included)."""
        return list(self._form_to)

    def canonical(self, name: str) -> str | None:
        """The canonical actor for any known form (case-insensitive), else None."""
        hit = self._form_to.get(" ".join(name.split()).lower())
        return hit[0] if hit else None

    def role(self, name: str) -> str | None:
        """What a known form names: "name", "capital", "demonym", "person", "institution"...; else None."""
        hit = self._form_to.get(" ".join(name.split()).lower())
        return hit[1] if hit else None

    @classmethod
    def load(cls, path: Path | None = None, *, native: bool = True) -> EntityLexicon:
        """Load and validate a lexicon file; errors name the file and line."""
        path = path or DEFAULT_PATH
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read entity lexicon: {exc.strerror}", file=str(path)) from None
        try:
            node = yaml.compose(text)
            data: Any = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ConfigError(f"invalid YAML: {getattr(exc, 'problem', exc)}", file=str(path),
                              line=mark.line + 1 if mark else None) from None
        if not isinstance(data, dict) or node is None or not isinstance(node, yaml.MappingNode):
            raise ConfigError("expected a mapping of canonical names", file=str(path), line=1)
        entries: dict[str, dict[str, list[str]]] = {}
        for key_node, value_node in node.value:
            name = key_node.value
            line = key_node.start_mark.line + 1
            groups = data.get(name)
            if not isinstance(groups, dict):
                raise ConfigError(f"{name!r}: expected a mapping of form groups", file=str(path), line=line)
            for group, forms in groups.items():
                if group not in ROLES and group not in (SEATS, CALLED, OUTLETS):
                    raise ConfigError(f"{name!r}: unknown group {group!r} (expected one of {', '.join(ROLES)}, "
                                      f"{SEATS}, {CALLED}, {OUTLETS})",
                                      file=str(path), line=value_node.start_mark.line + 1)
                if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
                    raise ConfigError(f"{name!r}.{group}: expected a list of non-empty strings",
                                      file=str(path), line=value_node.start_mark.line + 1)
            entries[name] = {g: [f.strip() for f in forms] for g, forms in groups.items()}
        return cls(entries, source=str(path), native=native)


@cache
def default_lexicon() -> EntityLexicon:
    """The packaged lexicon, loaded once per process."""
    return EntityLexicon.load()


# --------------------------------------------------------------------------- people the lexicon does not know

# The words of an official title: "deputy prime minister and defence minister", "counterpart, acting defence
# minister", "Secretary of State". A title ends on one of _TITLE_HEADS.
_TITLE_HEADS = frozenset({
    "minister", "president", "ambassador", "envoy", "representative", "secretary", "adviser", "advisor",
    "spokesperson", "spokesman", "spokeswoman", "chairman", "chairwoman", "commander", "director", "head",
    "premier", "chancellor", "counterpart", "commissioner", "lawmaker", "senator", "leader", "diplomat",
    "negotiator", "chief", "speaker", "governor"})
_TITLE_WORDS = _TITLE_HEADS | {
    "first", "vice", "deputy", "acting", "interim", "former", "prime", "foreign", "defence", "defense", "trade",
    "finance", "unification", "economy", "industry", "interior", "national", "security", "intelligence", "military",
    "presidential", "senior", "special", "of", "staff", "and", "state", "general", "high", "affairs", "top",
    # "Ukrainian Foreign Ministry spokesman Heorhii Tykhyi", "South Korean National Assembly Speaker Woo Won-shik".
    "ministry", "assembly", "parliamentary", "regional"}
_TITLE_WORD = "(?:" + "|".join(sorted(_TITLE_WORDS, key=len, reverse=True)) + ")"
_NEXT_WORD = re.compile(r"(?:'s|’s)?\s+(\w+)")
_NAME_WORDS = r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*(?:\s+[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*){0,3}"
# "Poland's deputy prime minister and defence minister, Wladyslaw Kosiniak-Kamysz", "his South Korean
# counterpart, acting defence minister Kim Seon-ho", "Russia's ambassador to Seoul, Georgy Zinoviev".
_TITLED_NAME_AFTER = re.compile(
    rf"(?:'s|’s)?\s+(?P<title>(?i:(?:{_TITLE_WORD},?\s+){{1,8}})(?:(?i:to)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z]\w*)?,?\s+)?)"
    rf"(?P<name>{_NAME_WORDS})")
# "Cho Hyun, South Korea's foreign minister, said": the name before the country's title.
_NAME_BEFORE = re.compile(rf"(?:^|(?<=[\s(\"“]))(?P<name>{_NAME_WORDS}),\s+(?:the\s+)?$")
_TITLE_AFTER = re.compile(rf"(?:'s|’s)\s+(?P<title>(?i:(?:{_TITLE_WORD}\s+){{0,7}}{_TITLE_WORD}))\b")
# Capitalised words that open a sentence or a date, not a name.
_NOT_NAME_WORDS = frozenset({
    "mr", "ms", "mrs", "dr", "on", "in", "at", "the", "a", "an", "but", "and", "as", "after", "before", "when", "while",
    "separately", "meanwhile", "however", "also", "earlier", "later", "moreover", "still", "instead", "yesterday",
    "today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "speaking", "according", "last", "this", "next", "his", "her", "their", "its", "said", "says",
    "it", "he", "she", "they", "we", "i", "you", "that", "there", "here", "what", "who", "which"})
_COUNTRY_OF = ("name", "demonym")


def _name_tokens(text: str, *, leading_titles: bool) -> list[str]:
    """The capitalised run of ``text`` that can be a person's name: from its start ("Kim Seon-ho, and"),
    past a courtesy title ("Mr"); empty when it opens on a word that is no name."""
    out: list[str] = []
    for token in text.split():
        if not token[0].isupper() or token.lower().strip("'’") in _NOT_NAME_WORDS:
            if not out and leading_titles and token.lower().rstrip(".") in ("mr", "ms", "mrs", "dr"):
                continue
            break
        out.append(token)
    return out


def with_titled_people(sentences: Sequence[str], mentions: list[list[Mention]]) -> list[list[Mention]]:
    """Each sentence's mentions plus the people the lexicon does not know that the article introduces by a
    country's title ("Poland's defence minister, Wladyslaw Kosiniak-Kamysz", "South Korean Foreign Minister
    Cho Hyun"), there and wherever it names them again, by the full name or one word of it ("Kosiniak-Kamysz
    met his South Korean counterpart"). A word two such people share, or that a known person's name holds
    ("Kim"), is not read alone."""
    learned: dict[str, str] = {}  # full name -> actor
    first = len(sentences)  # the first sentence that introduces one
    for i, (sentence, found) in enumerate(zip(sentences, mentions, strict=True)):
        for m in found:
            if m.role not in _COUNTRY_OF:
                continue
            # Most names are followed by no title at all: the next word decides before the full patterns run.
            word = _NEXT_WORD.match(sentence, m.end)
            if word is None or word.group(1).lower() not in _TITLE_WORDS:
                continue
            name: tuple[int, int] | None = None
            after = _TITLED_NAME_AFTER.match(sentence, m.end)
            if after is not None and after.group("title").split()[-1].lower().strip(",") in _TITLE_HEADS:
                tokens = _name_tokens(after.group("name"), leading_titles=True)
                if tokens:
                    start = sentence.index(tokens[0], after.start("name"))
                    name = (start, sentence.index(tokens[-1], start) + len(tokens[-1]))
            if name is None and (title := _TITLE_AFTER.match(sentence, m.end)) is not None \
                    and title.group("title").split()[-1].lower() in _TITLE_HEADS:
                before = _NAME_BEFORE.search(sentence, max(0, m.start - 60), m.start)
                if before is not None:
                    tokens = _name_tokens(before.group("name"), leading_titles=False)
                    if tokens == before.group("name").split() and (len(tokens) >= 2 or "-" in tokens[0]):
                        name = before.span("name")
            if name is None or any(x.start < name[1] and name[0] < x.end for x in found):
                continue  # no name, or one the lexicon knows ("Russian President Vladimir Putin")
            full = sentence[name[0]:name[1]].rstrip("'’,")
            if len(full) < 3:
                continue
            if learned.get(full, m.entity) != m.entity:
                learned[full] = ""  # two actors' titles for one name: neither
            else:
                learned[full] = m.entity
            first = min(first, i)
    learned = {k: v for k, v in learned.items() if v}
    if not learned:
        return mentions
    # The words each name may be called by: the full name, its hyphenated words and their parts, three
    # letters or more, unless another person (known or learned) bears the same word.
    known_words = {w for found in mentions for m in found if m.role == "person"
                   for w in m.text.replace("-", " ").split()}
    by_word: dict[str, str] = {}
    for full, actor in learned.items():
        words = set(full.split()) | set(full.replace("-", " ").split())
        for w in words:
            if len(w) >= 3 and w[0].isupper() and w not in known_words:
                by_word[w] = actor if by_word.get(w, actor) == actor else ""
    by_word = {w: a for w, a in by_word.items() if a}
    names = sorted({*learned, *by_word}, key=len, reverse=True)
    words_rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in names) + r")(?![\w-])")
    out: list[list[Mention]] = []
    for i, (sentence, found) in enumerate(zip(sentences, mentions, strict=True)):
        if i < first or not any(name in sentence for name in names):  # (substring checks first)
            out.append(found)
            continue
        extra: list[Mention] = []
        for hit in words_rx.finditer(sentence):
            whose = learned.get(hit.group(0)) or by_word.get(hit.group(0))
            if whose and not any(x.start < hit.end() and hit.start() < x.end for x in found):
                extra.append(Mention(whose, hit.start(), hit.end(), "person", hit.group(0)))
        out.append(sorted(found + extra, key=lambda x: x.start) if extra else found)
    return out
