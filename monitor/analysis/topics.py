"""Topic tagging from a YAML file of groups, co-occurrence rules and scores.

See ``monitor/topics.yaml`` for the format. Matching reuses the actor lexicon
(a group can name lexicon actors and so inherit all their forms) plus extra
aliases compiled with the same word-boundary and case rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.analysis import native
from monitor.analysis.entities import EntityLexicon, Mention, default_lexicon, form_pattern
from monitor.errors import ConfigError
from monitor.yamlfile import line_of, load_yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "topics.yaml"
_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    entities: frozenset[str]
    aliases: re.Pattern[str] | None
    # The lowercased words of each alias: a text lacking all of one alias's words can't name it (skips the scan).
    alias_words: tuple[frozenset[str], ...] = ()
    # The lowercased first word of each alias: every match starts with one (see _alias_spans).
    alias_heads: tuple[str, ...] = ()
    # Context only: it helps tag an article, but a fact that involves only its actors does not alert.
    context: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    groups: tuple[str, ...]
    within: int  # consecutive sentences the groups must share; 1 = one sentence, 0 = anywhere in the article
    score: float
    max_count: int


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    groups: dict[str, Group]
    rules: tuple[Rule, ...]
    keywords: Terms | None
    keyword_score: float
    keyword_max: int
    exclude: Terms | None
    min_score: float
    title_weight: float
    # Words that, right after a name, make it a company, team or title rather than the actor
    # ("a South Korean carmaker", "the Korea Herald"): such a mention names no group.
    not_before: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()  # every lexicon actor of the groups
    # The actors whose facts alert in an article of the topic: those of the groups that are not context only.
    alert_entities: frozenset[str] = frozenset()
    # Each lexicon actor's groups, in the groups' order.
    entity_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Sentences each group that is not context only must be named in (the title counts as one): a long
    # article that names one in a single sentence only mentions the topic in passing.
    min_mentions: int = 1


def _alias_regex(forms: Sequence[str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    parts = sorted(forms, key=len, reverse=True)
    # Every form's first character matches case-sensitively: a look-ahead for it lets the engine skip the
    # other positions at C speed (as the lexicon does), three times faster on a 3 KB article.
    firsts = "".join(sorted({re.escape(f[0]) for f in parts}))
    return re.compile(rf"(?=[{firsts}])(?<![\w.])(?:" + "|".join(form_pattern(f, exact=False) for f in parts)
                      + r")(?!\w)")


_WORDS = re.compile(r"\w+")
# For ASCII text, \w+ words are what is left between the other characters: a translate and a split
# (both C loops) find them twice as fast as the regex.
_NON_WORD_TO_SPACE = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")})


# What separates the items of an enumeration: "Russia, China, Iran and North Korea".
_LIST_GAP = re.compile(r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)(?:the\s+)?")
_NEXT_WORD = re.compile(r"(?:'s)?\s+(\w+)")


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end)
    return m.group(1).lower() if m else ""


def _only_listed(text: str, spans: list[tuple[int, int, bool]]) -> bool:
    """Whether every topic mention among ``spans`` (start, end, names a topic group) is an item of an
    enumeration of three or more actors: a list of countries names them side by side, not together."""
    kept: list[tuple[int, int, bool]] = []
    for sp in sorted(spans):  # an alias inside a lexicon form ("Korea" in "North Korea") is the same name
        if kept and sp[0] < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(kept[-1][1], sp[1]), kept[-1][2] or sp[2])
        else:
            kept.append(sp)
    chain: list[tuple[int, int, bool]] = []
    listed = 0
    topical = sum(1 for sp in kept if sp[2])
    for sp in [*kept, (len(text) + 1, len(text) + 1, False)]:
        if chain and _LIST_GAP.fullmatch(text, chain[-1][1], sp[0]):
            chain.append(sp)
            continue
        if len(chain) >= 3:
            listed += sum(1 for c in chain if c[2])
        chain = [sp]
    return listed == topical > 0


def _alias_spans(group: Group, text: str, low: str | None) -> Iterator[tuple[int, int]]:
    """Where ``group``'s aliases match in ``text``, as ``finditer`` would find them.

    With ``low`` (the lowercased text, when that keeps its length: ASCII) the regex is only tried where
    ``str.find`` sees an alias's first word: a few places instead of a scan of the whole article.
    """
    assert group.aliases is not None
    if low is None:
        for m in group.aliases.finditer(text):
            yield m.start(), m.end()
        return
    places: set[int] = set()
    for head in group.alias_heads:
        at = low.find(head)
        while at >= 0:
            places.add(at)
            at = low.find(head, at + 1)
    end = -1
    for at in sorted(places):
        hit = group.aliases.match(text, at) if at >= end else None
        if hit is not None:
            end = hit.end()
            yield at, end


def _topic_aliases(topic: Topic, full: str, words: frozenset[str], low: str | None, starts: list[int]
                   ) -> Iterator[tuple[int, int, int, int]]:
    """Where the topic's group aliases are named, as (unit, start and end in the unit, group index)."""
    for g_index, g in enumerate(topic.groups.values()):
        if g.aliases is not None and any(w <= words for w in g.alias_words):
            for a, b in _alias_spans(g, full, low):
                if topic.not_before and _next_word(full, b) in topic.not_before:
                    continue
                i = bisect_right(starts, a) - 1
                yield i, a - starts[i], b - starts[i], g_index


def _passing(topic: Topic, units: Sequence[str], mentions: Sequence[Sequence[Mention]],
             alias_hits: Sequence[tuple[int, int, int, int]], facts: Facts = ()) -> bool:
    """Whether the article mentions the topic in passing: a group that is not context only is named in
    fewer than ``min_mentions`` of its sentences ("Unlike the treaty Russia concluded with North Korea, ..." in
    a story on Iranian drones), none of which holds a fact of the group's actors (``facts``: "Zelensky told
    reporters in Brussels that 10,000 soldiers were being prepared" holds none of the EU's). A short article
    (under ten sentences per mention asked) needs one."""
    need = min(topic.min_mentions, -(-len(units) // 10))
    if need <= 1:
        return False
    groups_of = topic.entity_groups
    for gi, g in enumerate(topic.groups.values()):
        if g.context:
            continue
        named = {i for i, _, _, k in alias_hits if k == gi}
        for i, ms in enumerate(mentions):
            if len(named) >= need:
                break
            if i in named:
                continue
            for m in ms:
                of = groups_of.get(m.entity)
                if of is not None and g.name in of \
                        and not (topic.not_before and _next_word(units[i], m.end) in topic.not_before):
                    named.add(i)
                    break
        if len(named) < need and not any(_holds_fact(facts, units[i], g.entities) for i in named):
            return True
    return False


#: The sentences the extractors found facts in, each with the actors its facts involve; a plain collection of
#: sentences when who is involved is not known.
Facts = Mapping[str, Collection[str]] | Collection[str]


def _holds_fact(facts: Facts, sentence: str, entities: Collection[str]) -> bool:
    if isinstance(facts, Mapping):
        involved = facts.get(sentence)
        return involved is not None and any(e in entities for e in involved)
    return sentence in facts


def _keyword_score(topic: Topic, score: float, words: frozenset[str], full: str, low: str | None) -> float:
    """What the topic's keywords add to a positive score (nothing to a zero one)."""
    if topic.keywords is None or score <= 0:
        return 0.0
    return topic.keyword_score * min(len(topic.keywords.found(words, full, low)), topic.keyword_max)


def _words(text: str, use_native: bool = True) -> frozenset[str]:
    low = text.lower()
    if low.isascii():
        if use_native and native.kernels is not None:
            return native.kernels.word_set(low)  # the same set, each word built once
        return frozenset(low.translate(_NON_WORD_TO_SPACE).split())
    return frozenset(_WORDS.findall(low))


class Terms:
    """Words and phrases matched whole and in any case, found through the text's word set.

    A one-word term is present exactly when it is one of the text's words; a
    phrase is searched for only when all its words are there. That keeps the
    cost per article at one word split, however many terms a topic lists.
    """

    def __init__(self, terms: Sequence[str]) -> None:
        self.single: frozenset[str] = frozenset(t.lower() for t in terms if _WORDS.fullmatch(t))
        # (term, its words, its pattern, its lowercased first word when the term is ASCII)
        self.phrases: tuple[tuple[str, frozenset[str], re.Pattern[str], str | None], ...] = tuple(
            (t.lower(), _words(t),
             re.compile(r"(?<!\w)" + re.escape(t).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE),
             t.lower().split()[0] if t.isascii() else None)
            for t in terms if not _WORDS.fullmatch(t)
        )

    def found(self, words: frozenset[str], text: str, low: str | None = None) -> set[str]:
        """The distinct terms in ``text`` (whose word set is ``words``), lowercased.

        ``low``, the lowercased ``text`` when that keeps its offsets (ASCII), lets a phrase's pattern be
        tried only where ``str.find`` sees its first word, instead of searched for through the text.
        """
        out = set(self.single & words)
        for term, need, pattern, head in self.phrases:
            if not need <= words:
                continue
            if low is None or head is None:
                if pattern.search(text):
                    out.add(term)
                continue
            at = low.find(head)
            while at >= 0:
                if pattern.match(text, at):
                    out.add(term)
                    break
                at = low.find(head, at + 1)
        return out


def _terms(words: Sequence[str]) -> Terms | None:
    return Terms(words) if words else None


class TopicSet:
    """The configured topics; :meth:`tag` returns the ids an article is about."""

    def __init__(self, topics: Sequence[Topic], lexicon: EntityLexicon, *, source: str = "<memory>") -> None:
        self.topics = tuple(topics)
        self.ids = tuple(t.id for t in topics)
        self.lexicon = lexicon
        self.source = source
        self._kernel = self._native_kernel()

    def _native_kernel(self) -> Any:
        """The native scorer (the part of :meth:`scores` after the text searches), when installed."""
        if native.kernels is None:
            return None
        try:
            return native.kernels.TopicKernel(
                [(list(t.groups), {e: list(gs) for e, gs in t.entity_groups.items()}, set(t.not_before),
                  set(t.entities), [(list(r.groups), r.within, r.score, r.max_count) for r in t.rules],
                  t.title_weight) for t in self.topics],
                _LIST_GAP.pattern)
        except ValueError:  # more groups than the native scorer takes: the Python code runs
            return None

    def __getstate__(self) -> dict[str, Any]:
        # Worker processes get the topics pickled: the native scorer is rebuilt there.
        state = dict(self.__dict__)
        state["_kernel"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._kernel = self._native_kernel()

    def scores(self, sentences: Sequence[str], *, title: str | None = None, use_native: bool = True,
               facts: Facts = ()) -> dict[str, float]:
        """Each topic's score for an article (for explaining a tag or tuning ``min_score``).

        With the native scorer (installed, ``use_native``) and ASCII text, Python finds the aliases,
        exclusions and keywords, and the scorer does the rest: the same scores.

        A topic a long article mentions in passing (``min_mentions``) scores 0, unless a sentence naming its
        sparse group holds a fact of its actors (``facts``: the sentences the extractors found troop figures,
        casualties or actions in, with whom each involves): "Pyongyang has sent about 1,000 soldiers to Russia" is
        the topic's news however long the rest of the article is.
        """
        units = list(sentences)
        title_n = " ".join(title.split()) if title else None
        title_idx = -1
        if title_n is not None:
            if units and units[0] == title_n:
                title_idx = 0
            else:
                units.insert(0, title_n)
                title_idx = 0
        # "The Council adopted sanctions on ... the DPRK": a description counts for the actor it stands for.
        mentions = self.lexicon.without_venues(self.lexicon.with_descriptions(units, [self.lexicon.find(s)
                                                                                      for s in units]))
        full = "\n".join(units)
        words = _words(full)
        low = full.lower() if full.isascii() else None
        starts: list[int] = []
        pos = 0
        for s in units:
            starts.append(pos)
            pos += len(s) + 1
        if self._kernel is not None and use_native and low is not None:
            return self._native_scores(units, mentions, full, words, low, starts, title_idx, facts)
        out: dict[str, float] = {}
        for topic in self.topics:
            if topic.exclude is not None and topic.exclude.found(words, full, low):
                out[topic.id] = 0.0
                continue
            # Which groups each sentence names: lexicon actors, plus aliases found in one pass over the text.
            # Only the topic's own actors matter, so only their mentions pay for the look-ahead.
            by_entity, not_before = topic.entity_groups, topic.not_before
            named: list[set[str]] = []
            for i, ms in enumerate(mentions):
                gs: set[str] = set()
                for m in ms:
                    of_entity = by_entity.get(m.entity)
                    if of_entity is None:
                        continue
                    if not_before and _next_word(units[i], m.end) in not_before:
                        continue
                    gs.update(of_entity)
                named.append(gs)
            alias_spans: list[list[tuple[int, int, bool]]] = [[] for _ in units]
            names = list(topic.groups)
            alias_hits = list(_topic_aliases(topic, full, words, low, starts))
            for i, a, b, group in alias_hits:
                named[i].add(names[group])
                alias_spans[i].append((a, b, True))
            doc_groups: set[str] = set().union(*named) if named else set()
            # Co-occurrence rules skip a sentence whose names are all items of one long list; the
            # document rule still sees them. Only a sentence with three or more names can hold a list.
            # Most sentences name no group: the rules below only visit those that do.
            present = [i for i, gs in enumerate(named) if gs]
            near = named
            for i in present:
                if len(named[i]) >= 2 and len(mentions[i]) + len(alias_spans[i]) >= 3:
                    spans = [(m.start, m.end, m.entity in topic.entities) for m in mentions[i]] + alias_spans[i]
                    if _only_listed(units[i], spans):
                        near = list(named) if near is named else near
                        near[i] = set()
            score = 0.0
            for rule in topic.rules:
                need = set(rule.groups)
                if rule.within == 0:
                    if need <= doc_groups:
                        score += rule.score
                    continue
                if not need <= doc_groups:
                    continue
                count = 0.0
                for i in present:
                    # A co-occurrence is counted where it starts: at a sentence naming one of the groups.
                    groups = near[i]
                    if not need & groups:
                        continue
                    window = groups.union(*near[i + 1: i + rule.within]) if rule.within > 1 else groups
                    if need <= window:
                        count += topic.title_weight if i == title_idx else 1.0
                score += rule.score * min(count, rule.max_count)
            total = score + _keyword_score(topic, score, words, full, low)
            # (Asked only of a score that would tag: most articles score below.)
            out[topic.id] = 0.0 if total >= topic.min_score and _passing(topic, units, mentions, alias_hits, facts) \
                else total
        return out

    def _native_scores(self, units: list[str], mentions: list[list[Mention]], full: str, words: frozenset[str],
                       low: str, starts: list[int], title_idx: int, facts: Facts) -> dict[str, float]:
        skip: list[bool] = []
        aliases: list[list[tuple[int, int, int, int]]] = []
        for topic in self.topics:
            skip.append(topic.exclude is not None and bool(topic.exclude.found(words, full, low)))
            aliases.append([] if skip[-1] else list(_topic_aliases(topic, full, words, low, starts)))
        partial = self._kernel.scores(units, mentions, aliases, skip, title_idx)
        out: dict[str, float] = {}
        for topic, score, skipped, hits in zip(self.topics, partial, skip, aliases, strict=True):
            total = score if skipped else score + _keyword_score(topic, score, words, full, low)
            out[topic.id] = 0.0 if not skipped and total >= topic.min_score \
                and _passing(topic, units, mentions, hits, facts) else total
        return out

    def tag(self, sentences: Sequence[str], *, title: str | None = None, use_native: bool = True,
            facts: Facts = ()) -> list[str]:
        scores = self.scores(sentences, title=title, use_native=use_native, facts=facts)
        return sorted(t.id for t in self.topics if scores[t.id] >= t.min_score and scores[t.id] > 0)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Path | None = None, *, lexicon: EntityLexicon | None = None) -> TopicSet:
        """Load and validate a topics file (default: the packaged one)."""
        path = path or DEFAULT_PATH
        lexicon = lexicon or default_lexicon()
        data = load_yaml(path, what="topics")
        file = str(path)
        if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
            raise ConfigError("expected a mapping with a 'topics' list", file=file, line=line_of(data, 1))
        topics: list[Topic] = []
        seen: set[str] = set()
        for entry in data["topics"]:
            topic = _parse_topic(entry, lexicon, file, line_of(data, 1))
            if topic.id in seen:
                raise ConfigError(f"duplicate topic id {topic.id!r}", file=file, line=line_of(entry))
            seen.add(topic.id)
            topics.append(topic)
        if not topics:
            raise ConfigError("no topics defined", file=file, line=line_of(data, 1))
        return cls(topics, lexicon, source=file)


def _str_list(value: Any, what: str, file: str, line: int | None) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{what}: expected a list of non-empty strings", file=file, line=line)
    return [v.strip() for v in value]


def _number(value: Any, what: str, file: str, line: int | None, *, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{what}: expected a non-negative number, got {value!r}", file=file, line=line)
    return float(value)


def _count(value: Any, what: str, file: str, line: int | None) -> int:
    if value is None:
        return 1
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{what}: expected a whole number of at least 1, got {value!r}", file=file, line=line)
    return value


def _parse_topic(entry: Any, lexicon: EntityLexicon, file: str, parent_line: int | None) -> Topic:
    if not isinstance(entry, dict):
        raise ConfigError("each topic must be a mapping", file=file, line=parent_line)
    line = line_of(entry)
    tid = entry.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise ConfigError(f"topic id must be lowercase kebab-case, got {tid!r}", file=file, line=line)
    unknown = set(entry) - {"id", "name", "description", "groups", "rules", "keywords", "exclude", "min_score",
                            "title_weight", "not_before", "min_mentions", "__line__"}
    if unknown:
        raise ConfigError(f"topic {tid!r}: unknown field {sorted(unknown)[0]!r}", file=file, line=line)
    raw_groups = entry.get("groups")
    if not isinstance(raw_groups, dict) or len(raw_groups) <= 1:  # __line__ is always there
        raise ConfigError(f"topic {tid!r}: 'groups' must be a non-empty mapping", file=file, line=line)
    groups: dict[str, Group] = {}
    for gname, gval in raw_groups.items():
        if gname == "__line__":
            continue
        gline = line_of(gval, line_of(raw_groups))
        if not isinstance(gval, dict):
            raise ConfigError(f"topic {tid!r}: group {gname!r} must be a mapping", file=file, line=gline)
        unknown_keys = set(gval) - {"entities", "aliases", "context", "__line__"}
        if unknown_keys:
            raise ConfigError(f"topic {tid!r}: group {gname!r} has unknown field {sorted(unknown_keys)[0]!r}",
                              file=file, line=gline)
        ents = _str_list(gval.get("entities"), f"group {gname!r} entities", file, gline)
        for ent in ents:
            if lexicon.canonical(ent) != ent:
                raise ConfigError(f"topic {tid!r}: group {gname!r}: unknown lexicon actor {ent!r}", file=file,
                                  line=gline)
        aliases = _str_list(gval.get("aliases"), f"group {gname!r} aliases", file, gline)
        if not ents and not aliases:
            raise ConfigError(f"topic {tid!r}: group {gname!r} has no entities or aliases", file=file, line=gline)
        context = gval.get("context", False)
        if not isinstance(context, bool):
            raise ConfigError(f"topic {tid!r}: group {gname!r}: 'context' must be true or false, got {context!r}",
                              file=file, line=gline)
        groups[gname] = Group(gname, frozenset(ents), _alias_regex(aliases), tuple(_words(a) for a in aliases),
                              tuple(dict.fromkeys(a.split()[0].lower() for a in aliases)), context)
    rules: list[Rule] = []
    raw_rules = entry.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise ConfigError(f"topic {tid!r}: 'rules' must be a non-empty list", file=file, line=line)
    for r in raw_rules:
        rline = line_of(r, line)
        if not isinstance(r, dict):
            raise ConfigError(f"topic {tid!r}: each rule must be a mapping", file=file, line=rline)
        names = _str_list(r.get("all_of"), "rule all_of", file, rline)
        if not names:
            raise ConfigError(f"topic {tid!r}: rule needs 'all_of' with at least one group", file=file, line=rline)
        for n in names:
            if n not in groups:
                raise ConfigError(f"topic {tid!r}: rule references unknown group {n!r}", file=file, line=rline)
        unknown_keys = set(r) - {"all_of", "within", "score", "max_count", "__line__"}
        if unknown_keys:
            raise ConfigError(f"topic {tid!r}: rule has unknown field {sorted(unknown_keys)[0]!r}", file=file,
                              line=rline)
        raw_within = r.get("within", "sentence")
        if raw_within == "sentence":
            within = 1
        elif raw_within == "document":
            within = 0
        elif isinstance(raw_within, int) and not isinstance(raw_within, bool) and raw_within >= 1:
            within = raw_within
        else:
            raise ConfigError(f"topic {tid!r}: 'within' must be sentence, document or a number of sentences "
                              f"(1 or more), got {raw_within!r}", file=file, line=rline)
        rules.append(Rule(tuple(names), within, _number(r.get("score"), "score", file, rline, default=1.0),
                          int(_number(r.get("max_count"), "max_count", file, rline, default=1))))
    kw = entry.get("keywords") or {}
    if not isinstance(kw, dict):
        raise ConfigError(f"topic {tid!r}: 'keywords' must be a mapping", file=file, line=line)
    kline = line_of(kw, line)
    unknown_keys = set(kw) - {"terms", "score", "max_count", "__line__"}
    if unknown_keys:
        raise ConfigError(f"topic {tid!r}: keywords has unknown field {sorted(unknown_keys)[0]!r}", file=file,
                          line=kline)
    for key in ("name", "description"):
        if key in entry and not isinstance(entry[key], str):
            raise ConfigError(f"topic {tid!r}: {key!r} must be text, got {entry[key]!r}", file=file, line=line)
    entities = frozenset().union(*(g.entities for g in groups.values()))
    return Topic(
        id=tid,
        name=str(entry.get("name", tid)),
        groups=groups,
        rules=tuple(rules),
        keywords=_terms(_str_list(kw.get("terms"), "keywords terms", file, kline)),
        keyword_score=_number(kw.get("score"), "keywords score", file, kline, default=0.5),
        keyword_max=int(_number(kw.get("max_count"), "keywords max_count", file, kline, default=3)),
        exclude=_terms(_str_list(entry.get("exclude"), "exclude", file, line)),
        min_score=_number(entry.get("min_score"), "min_score", file, line, default=1.0),
        title_weight=_number(entry.get("title_weight"), "title_weight", file, line, default=2.0),
        not_before=frozenset(w.lower() for w in _str_list(entry.get("not_before"), "not_before", file, line)),
        entities=entities,
        alert_entities=frozenset().union(*(g.entities for g in groups.values() if not g.context)),
        entity_groups={e: tuple(g.name for g in groups.values() if e in g.entities) for e in sorted(entities)},
        min_mentions=_count(entry.get("min_mentions"), "min_mentions", file, line),
    )
