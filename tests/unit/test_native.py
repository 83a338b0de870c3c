"""The native kernels (native/, Rust) give exactly what their Python references give.

The Python code is the specification: each kernel is run beside it on the same
texts (the fixture articles, the seed corpus when present, generated text with
the characters that trip tokenisers) and every output is compared, order included.
"""

from __future__ import annotations

import itertools
import os
import pickle
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.analysis import dedup, native, numbers, temporal, topics
from monitor.analysis import text as textmod
from monitor.analysis.actions import vocabulary as actions_vocabulary
from monitor.analysis.entities import EntityLexicon
from monitor.analysis.figures import vocabulary as figures_vocabulary
from monitor.analysis.keywords import KeywordScan
from monitor.analysis.pipeline import Pipeline, PipelineConfig
from monitor.analysis.stories import StoryGrouper
from monitor.models import Article
from tests.corpus import CORPUS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_the_kernels_are_installed() -> None:
    # The test command builds them (scripts/setup); without them the rest of this file would compare
    # the Python code with itself.
    assert native.available(), "monitor_native is not installed: run scripts/setup (needs Rust's cargo)"


def _fixture_texts() -> Iterator[tuple[str | None, str]]:
    def walk(node: Any) -> Iterator[tuple[str | None, str]]:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                title = node.get("title")
                yield (title if isinstance(title, str) else None), node["text"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)
    for path in sorted(FIXTURES.glob("*.yaml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")))


# Characters that a byte-level tokeniser could get wrong: non-ASCII letters whose lower case is ASCII
# (the Kelvin sign) or longer (dotted capital I), ligatures, no-break and other Unicode spaces, the
# ASCII separators Python counts as spaces, apostrophes and hyphens in odd places.
_EDGE = [
    "Über Straße — 'quoted' İstanbul \u212aelvin ﬁne\x1cX Y -Z  (Kim Jong-un) \"North Korea\" said: Russia's troops",
    "", "a", "a b", "Ab-cd Ef 'Gh' i'j k--l m'- n -o", "O'Brien's U.S.-led talks\u00a0in\u2009Seoul",
    "EU-South Korea: \"Borrell\" (EEAS) met Cho Tae-yul; 'Lavrov' - Choe Son Hui.",
]


def _generated(n: int, seed: int = 7) -> Iterator[list[str]]:
    rng = random.Random(seed)
    alphabet = "ABCKNRSabcdeikorsuy '-:\"(,.\u00a0\u2014\x1c\u00c9\u00e9ıİ\u212a"
    words = ["North Korea", "Russia", "Kim Jong Un", "Pyongyang", "EU", "Seoul", "Moscow's", "Borrell", "DPRK",
             "troops", "said", "The", "Korean", "Kursk", "Choe Son Hui", "summoned"]
    for _ in range(n):
        sentences = []
        for _ in range(rng.randint(1, 5)):
            parts = [rng.choice(words) if rng.random() < 0.5
                     else "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
                     for _ in range(rng.randint(1, 12))]
            sentences.append((" " if rng.random() < 0.6 else "").join(parts))
        yield sentences


def _texts() -> list[tuple[str | None, str]]:
    texts = list(_fixture_texts()) + [(None, t) for t in _EDGE]
    if CORPUS.is_dir():  # the seed articles too, when this machine has them
        texts += [(None, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    return texts


def test_fingerprints_match_the_python_code() -> None:
    texts = _texts()
    assert len(texts) > 50
    bodies = [body for title, raw in texts for body in (raw, textmod.clean(raw, title=title))]
    bodies += [" ".join(s) for s in _generated(3000)]
    for body in bodies:
        for url in (None, "https://www.example.com/a/?utm_source=x"):
            fast = dedup.fingerprint(url, body)
            reference = dedup.fingerprint(url, body, use_native=False)
            assert fast == reference, body[:120]


def test_signature_similarities_match_the_python_code() -> None:
    """Signatures of related texts (sharing some values), of the same text, and of random bytes."""
    rng = random.Random(3)
    sigs = [dedup.fingerprint(None, " ".join(s)).signature for s in _generated(300)]
    pairs = list(itertools.pairwise(sigs))
    pairs += [(a, a) for a in sigs[:20]]
    pairs += [(bytes(rng.randrange(4) for _ in range(256)), bytes(rng.randrange(4) for _ in range(256)))
              for _ in range(300)]
    assert any(0 < dedup.similarity(a, b, use_native=False) < 1 for a, b in pairs)
    for a, b in pairs:
        assert dedup.similarity(a, b) == dedup.similarity(a, b, use_native=False)


def test_story_terms_match_the_python_code() -> None:
    fast, reference = StoryGrouper(), StoryGrouper(native=False)
    cases = [textmod.sentences(textmod.clean(raw, title=title)) for title, raw in _texts()]
    cases += list(_generated(3000))
    compared = 0
    for sentences in cases:
        for title in (None, "A Headline In Title Case About Seoul", sentences[0] if sentences else None):
            got, want = fast.terms(sentences, title), reference.terms(sentences, title)
            assert list(got.items()) == list(want.items()), (sentences[:2], title)
            compared += bool(want)
    assert compared > 1000  # most cases have terms: the comparison is not of empty dicts


def test_normalised_text_matches_the_python_code() -> None:
    texts = [raw for _, raw in _texts()]
    # Every character str.split() counts as whitespace, some it does not (U+180E, U+200B), line breaks,
    # markup debris.
    pieces = [" ", "\t", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u1680",
              "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u180e", "\u200b", "a",
              "B", "é", "\n\n", "  ", "x y", ">", "<b>"]
    rng = random.Random(4)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(20000)]
    for text in texts:
        assert textmod.normalize(text) == textmod.normalize(text, use_native=False), repr(text)


def test_boilerplate_removal_matches_the_python_code() -> None:
    texts = [textmod.normalize(raw) for _, raw in _texts()]
    # Furniture markers in any case (Unicode ones too), inside and outside furniture, on short and long lines.
    markers = list(textmod._MARKERS + textmod._SHORT_MARKERS)
    pieces = markers + [m.upper() for m in markers] + [m.title() for m in markers] + [
        "All rights reserved.", "Photo: Reuters", "Related posts", "the troops", "said on Monday", "Comments:",
        "Share | Print", "Support our journalism", "Źródło zdjęć: X", "КОМЕНТАРІ", "sign up for our daily newsletter",
        # Latin letters and symbols the native pattern reads (and the odd ones it leaves to Python).
        "Wołodymyr Zełenski", "Société Générale ©", "ZDJĘCIE:", "Ärzte", "İstanbul", "ıs", "ſupport", "Korea",
        "café²", "€5", "photó", "all rıghts reserved", "COPYRİGHT 2024"]
    rng = random.Random(6)
    body = "A paragraph of ordinary news text long enough to count as body before any trailing heading. " * 4
    for _ in range(4000):
        lines = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(rng.randint(1, 6))]
        texts.append("\n".join([body, *lines]))
    dropped = 0
    for text in texts:
        want = textmod.strip_boilerplate(text, use_native=False)
        assert textmod.strip_boilerplate(text) == want, text
        dropped += want.count("\n") < text.count("\n")
    assert dropped > 1000


def test_topic_word_sets_match_the_python_code() -> None:
    texts = [raw for _, raw in _texts()] + [" ".join(s) for s in _generated(3000)]
    texts += ["snake_case and_more x_1 __ 9_9 a-b c'd", "ÜBER über", ""]
    for text in texts:
        assert topics._words(text) == topics._words(text, use_native=False), text


def test_keyword_scans_match_the_python_code() -> None:
    scanners = [actions_vocabulary().scanner, figures_vocabulary().scanner]
    assert all(scanner._native is not None for scanner in scanners)
    articles = [textmod.sentences(textmod.clean(raw, title=title)) for title, raw in _texts()]
    # Keywords, near misses (a stem inside a word, a keyword run into the next word), odd spacing
    # (Python's \s also matches \x1c-\x1f), case, and a non-ASCII sentence now and then.
    pieces = ["summoned", "summonsx", "xsummon", "called in", "called  in", "called\tin", "called\x1cin",
              "pull - out", "pull-out", "pullout", "deplorable", "met", "meets", "meeting", "metro", "_met", "9met",
              "talks", "withdrawn", "Condemned", "SANCTIONS", "visited", "troops", "soldiers", "service members",
              "servicemen", "battalion", "units", "the", "and", ",", ".", " ", "Seoul", "é", "-"]
    rng = random.Random(12)
    for _ in range(3000):
        articles.append([" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
                         for _ in range(rng.randint(1, 6))])
    marked = 0
    for sentences in articles:
        for scanner in scanners:
            want = scanner.scan(sentences, use_native=False)
            assert scanner.scan(sentences) == want, sentences
            marked += sum(map(len, want))
    assert marked > 3000


def test_keywords_without_a_literal_stem_are_still_found() -> None:
    # A keyword opening with an alternation has no stem for the automaton: it is searched with its
    # pattern, after the native scan.
    scanner = KeywordScan({"alpha": ["(?:foo|bar)baz", "qux"], "beta": [r"zap\w*"]})
    assert scanner._native is not None
    sentences = ["A foobaz here.", "Barbaz and QUX.", "nothing", "Zapped; foobazz."]
    want = [{"alpha"}, {"alpha"}, set(), {"beta"}]
    assert scanner.scan(sentences, use_native=False) == want
    assert scanner.scan(sentences) == want


def test_sentences_match_the_python_code() -> None:
    bodies = [body for title, raw in _texts() for body in (raw.replace("\r", ""), textmod.clean(raw, title=title))]
    # Abbreviations, initials, closing quotes and brackets, odd spaces, runs of punctuation.
    pieces = ["Mr. ", "U.S. ", "e.g. ", "a.m. ", "No. 2 ", "S. Korea ", '"Yes." ', "(He) ", "[A] ", "end. ",
              "x!? ", "Then ", "9 ", "'Q' ", "  ", "\t", "\x1c", "...", " .", "etc. ", "Gen. ", "J. ", "i.e.a. ",
              "ab.c. ", "é "]
    rng = random.Random(5)
    bodies += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 15))) for _ in range(20000)]
    split = 0
    for body in bodies:
        want = textmod.sentences(body, use_native=False)
        assert textmod.sentences(body) == want, body
        split += len(want) > 1
    assert split > 10000


def test_time_expressions_match_the_python_code() -> None:
    # The pattern is tried only where the start finder says a match can start: the same matches.
    published = datetime(2024, 11, 20, tzinfo=UTC)
    sentences = [s for title, raw in _texts() for s in textmod.sentences(textmod.clean(raw, title=title))]
    pieces = ["in", "within", "2024", "1999", "on", "Monday", "mid-", "mid", "March", "mar.", "3rd", "of", "as of",
              "end of", "last", "year", "ago", "two", "a few", "weeks", "days", "earlier", "this", "week", "next",
              "month", "by the end of", "the", "recently", "since", "Sept.", "18", "May", "may", "early", "late",
              "-", "_in", "x2020", "previously", "today", "overnight", "in the past", "in the coming", ",", ".", "("]
    rng = random.Random(2)
    sentences += [rng.choice([" ", "", "  ", "\t"]).join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
                  for _ in range(20000)]
    found = 0
    for sentence in sentences:
        want = temporal.time_refs(sentence, published, use_native=False)
        assert temporal.time_refs(sentence, published) == want, sentence
        found += len(want)
    assert found > 10000


def test_numbers_match_the_python_code() -> None:
    # The number pattern is tried only where the start finder says a number can start: the same numbers.
    sentences = [s for title, raw in _texts() for s in textmod.sentences(textmod.clean(raw, title=title))]
    pieces = ["1,500", "12,000", "1.5 million", "twelve thousand", "twenty-one", "tento twenty", "ten to twenty",
              "a hundred", "an", "a few", "several thousand", "thousands of", "between", "and", "10,000-12,000",
              "$5", "5%", "No. 2", "2024", "October 18", "4 November", "2 PM", "10:03", "29th", "1-800-273-8255",
              "3-year-long", "G7", "1,500-strong", "dozens", "Tens of thousands", "Hundreds", "x9", "_5", ".5",
              "-3", "troops", "soldiers", " ", "  ", "\t", ",", "."]
    rng = random.Random(8)
    sentences += [rng.choice([" ", ""]).join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
                  for _ in range(20000)]
    found = 0
    for sentence in sentences:
        want = numbers.find_numbers(sentence, use_native=False)
        assert numbers.find_numbers(sentence) == want, sentence
        found += len(want)
    assert found > 10000


def test_lexicon_mentions_match_the_python_code() -> None:
    fast, reference = EntityLexicon.load(), EntityLexicon.load(native=False)
    sentences = [s for title, raw in _texts() for s in textmod.sentences(textmod.clean(raw, title=title))]
    # Every form of the lexicon in odd spacing and case, between characters that are and are not
    # word boundaries: the longest form wins, a failed boundary falls back to a shorter form.
    rng = random.Random(11)
    forms = sorted(reference.forms())
    for _ in range(20000):
        parts = []
        for _ in range(rng.randint(1, 8)):
            if rng.random() < 0.5:
                form = rng.choice(forms)
                form = "".join(c.upper() if rng.random() < 0.2 else c for c in form) if rng.random() < 0.5 \
                    else form.title()
                parts.append(form.replace(" ", rng.choice([" ", "  ", "\t", " \n", "\x1c"])))
            else:
                parts.append("".join(rng.choice("aZ._-'s 9(") for _ in range(rng.randint(0, 3))))
        sentences.append(("" if rng.random() < 0.5 else " ").join(parts))
    found = 0
    for sentence in sentences + _EDGE:
        want = reference.find(sentence)
        assert fast.find(sentence) == want, sentence
        found += len(want)
    assert found > 10000  # the comparison is mostly of real mentions


def test_a_pickled_lexicon_keeps_its_native_matcher() -> None:
    # Backtests send the lexicon to worker processes.
    restored = pickle.loads(pickle.dumps(EntityLexicon.load()))
    assert restored._matcher is not None
    sentence = "Seoul summoned the North Korean ambassador after Kim Jong Un met Putin in Moscow."
    assert restored.find(sentence) == EntityLexicon.load(native=False).find(sentence)
    assert len(restored.find(sentence)) == 5


def test_story_similarity_is_the_same_number() -> None:
    # Exactly equal, not close: a story is chosen by comparing these numbers with a threshold and
    # with each other, so the native code repeats the Python code's operations in its order.
    rng = random.Random(3)
    vocab = [f"term{i}" for i in range(80)] + ["@North Korea", "@Russia", "@European Union"]
    fast, reference = StoryGrouper(), StoryGrouper(native=False)
    df = {t: rng.randint(0, 400) for t in vocab if rng.random() < 0.9}
    for grouper in (fast, reference):
        grouper._df, grouper._docs = dict(df), 1000
    nonzero = 0
    fast_cache: dict[str, float] = {}
    reference_cache: dict[str, float] = {}
    for _ in range(5000):
        terms = {t: rng.choice([2.0, 1.0, 0.5]) for t in rng.sample(vocab, rng.randint(0, 40))}
        story = {t: rng.randint(0, 12) for t in rng.sample(vocab, rng.randint(0, 80))}
        want = reference.similarity(terms, story, reference_cache)
        assert fast.similarity(terms, story, fast_cache) == want
        assert fast.similarity(terms, story) == want
        nonzero += want > 0
    assert fast_cache == reference_cache
    assert nonzero > 4000


# Pieces of news sentences that reach every branch of the action rules: subjects and objects,
# possessives, pronouns, passives with and without "by", envoys posted somewhere, clause breaks,
# relative clauses, leading phrases, negations and modals, appeals with and without a request, forces
# and places that cannot act, participles.
_ACTION_PIECES = [
    "South Korea", "the EU", "Russia's", "North Korea's ambassador", "Kim Jong Un", "Lavrov", "Borrell", "Seoul",
    "Moscow", "Pyongyang", "Poland", "Choe Son Hui", "Cho Tae-yul", "they", "the two countries", "both sides", "his",
    "their", "it", "them", "both governments", "and", ",", ", who", "that", "as", "Japan", "while", "but", ";",
    "In a joint statement,", "its partners", "their allies",
    "Borrell, who is in Seoul on a tour, and", "Lavrov, who met Kim in Pyongyang, and", ", which signed a treaty,",
    ", who is in Seoul on a visit", "Polish President Andrzej Duda, who arrived in", ", who was making",
    "travelled to Moscow to meet", "flew to Beijing on Monday to hold talks with", "arrived in Seoul and is due to",
    "before she travels to", "after he visited", "once they arrive in", "signed by the leaders of the two countries",
    "by both sides", "meet", "regarded the issue of", "is", "joined by", "accompanied by the", "when he visits",
    "when Borrell holds talks with", "once Kim meets", "holds talks with",
    ", who held talks with", ", which held talks", "after their talks", "said on Tuesday after talks with",
    "The first contingent arrived in", "France, the U.K. and several partners", "signed a similar pact with",
    "The treaty, signed during", "Putin's visit to Pyongyang", "a visit by Lavrov to", "as their ministers",
    "The partnership was signed in Seoul by", "the signature of the", "the signing of the treaty between",
    "China, North Korea's ally,", "discussed by telephone with President", ", with both sides",
    "on the sidelines of", "the two leaders", "where he and Kim Jong Un", "he and Cho Tae-yul",
    "a joint statement was issued by the two ministers", "a joint statement was adopted", "The leaders",
    "the ministers signed a plan", "the treaty they signed in", "Putin and Kim Jong Un", "No EU government has",
    "can", "will soon make his first trip to", "said on Wednesday that", "and that it had asked",
    "is due to fly on to Hanoi later for a state visit to", "At Wednesday's EU-Republic of Korea summit,",
    "European Council President Antonio Costa and Commission President", "The foreign ministry",
    "Then, this afternoon, the government", "Seoul reacted within hours.", "After talks with Kim Jong Un, he",
    "By Tuesday, after talks with", "In a joint statement, the leaders said", 'to kill Ukrainians," Tsahkna told',
    "after the meeting.", "During the meeting with the ambassador,", "military cooperation with",
    "captures two soldiers in Kursk,", "Paris condemns",
    "During the talks,", "on Monday", "last year", "in June", "summoned", "was summoned", "were summoned by",
    "called in the Russian envoy", "ambassador to Seoul", "envoy in Warsaw", "to the foreign ministry in",
    "condemned", "strongly condemned", "lodged a protest with", "urged", "called on", "to withdraw its troops",
    "to stop", "to negotiate", "to send aid", "signed a treaty", "the treaty that", "signed", "with", "met",
    "held talks with", "held a summit in", "hosted President", "visited", "a visit to", "arrived in", "for talks",
    "imposed sanctions on", "expelled two diplomats", "did not", "should", "refused to", "'s", "visit", "the",
    "embassy in", "mission to", "during a visit by", "in",
    # Surnames: people named in full once, then by a word of their name (shared words are ambiguous).
    "Kim Yong-hyun", "Kim", "Choe", "Yoon Suk Yeol", "Yoon", "Pak Jong Chon", "Pak", "Jong", "Hyun",
    "said", "told reporters",
    # Troops and land that never act, a place a clause goes on from, participles that take the subject.
    "North Korean troops", "Ukrainian soil", "Russian forces", "Brussels, where", "calling for", "urging",
    "demanding the withdrawal", ", condemning", "and signing", "demand their withdrawal", "'s deployment",
    "after", "when", "he", "she also", "He", "Kallas", "Zelensky", "Tokyo, where",
    "at the NATO summit", "on the sidelines of the EU summit", "G7", "issued a joint declaration",
    '"We condemn', '," Kallas said', "nor", "the visit by", "to Pyongyang", "arrived in",
    "and met", "and also condemned",
    "The Minister and the High Representative", "Both", "in the strongest possible terms the DPRK's deployment",
    # A summoner named only through the envoy's post; "the two sides" opening the clause after a leading phrase.
    "The Foreign Ministry", "summoned the Russian ambassador to Korea", "the two sides",
    # A gerund clause takes the sentence's subject; "the two leaders" are the last two named; titles between names.
    "after meeting", "The two leaders", "Polish President Andrzej Duda", "German Chancellor Olaf Scholz",
    "and the foreign ministers of", "phoned his counterpart", "after a call with", "the two discussed",
    "North Korea-Russia", "for its support for Ukraine", "The Russian Embassy in Seoul", "in the Kremlin",
    "briefed", "was briefed by", "the North Atlantic Council", "envoy for North Korean human rights",
    "the former Dutch prime minister", "called on Prime Minister", "convoked the ambassador of", "we condemn it",
    "after the first EU-South Korea strategic dialogue", "presented his credentials to",
    "summoned Russian Ambassador Georgy Zinoviev last week to demand the withdrawal of", ", and New Zealand",
    "Kaja Kallas, the EU foreign policy chief,",
    # A modal governing a bare verb joined to the one after it ("will visit Seoul and sign"), not a past one.
    "will visit Pyongyang and", "sign a treaty", "would not abandon its partners and", "meet",
    "issue a joint statement", ", and Kallas", "; Japan", ", but the", "held talks in", "NATO", "Brussels",
    "SEOUL (AP) -", "called for", "their immediate halt", "new sanctions", "Pyongyang to return to talks",
    # A family name two people share, and one before given names the lexicon does not know.
    "Kim Hong-kyun", "Kim Tae-hyo", "Kim Monday",
    # A demand left out still gives its subject to a verb joined to it; a quote between a pronoun and its verb.
    "urged Moscow to cease its cooperation", "and called on China", 'they "condemned', "in which",
    "paid a courtesy call on", "spoke by video link", "since signing", "the anniversary of the signing of",
    "in a trilateral statement", "issued a joint statement condemning", "summoned North Korean envoys",
    "Russia's Security Council", ", the NIS said", "possibly for a summit with", "at a joint news conference with",
    "the leaders", '"strongly condemned"', 'to "cease', "- Japan", "North Korean officials and two Russian firms",
    "failed on Monday to agree on a statement condemning", "failed to adopt a resolution",
    "Defence Minister No Kwang Chol", "No agreement was", "accused Pyongyang of sending troops", "and Seoul urged",
    # People the lexicon does not know, introduced by a country's title, then named by a word of their name.
    "Poland's defence minister,", "Jan Novotny", "Novotny", ", the Czech Republic's foreign minister,",
    "Finnish Foreign Minister Elina Virtanen", "Virtanen", "his South Korean counterpart, acting minister Kim Seon-ho",
    # Who "we" and "it" are: a quote's speaker, a statement's authors, the body the sentence before opened on.
    '"We condemn', '," she said', '," said', "We, the G7 Foreign Ministers,", "We urge", "It calls on", "It was",
    "The European Council", "said:", '"We', "in the strongest possible terms", "unequivocally",
    "the continuing and expanding military cooperation between", "His Government", "Her country",
    "In Pyongyang, the foreign ministry", ", and we", "It has sent", "cited the treaty that", "denounced",
    ", Sergei Shoigu said on Tuesday", "after meeting leader", "was being prepared", 'was "on the agenda"',
    "SEOUL, Nov. 14 (Yonhap) --", "The foreign ministry", "the government", "First Vice Foreign Minister Park Yoon-joo",
    "Park", "treaty Pyongyang and Moscow signed in", "the North Korea-Russia partnership treaty signed in",
    "The treaty was signed in", "the partnership the two sides signed in", ", who is on an official visit to",
    # A passive reception's guest; talks held between two sides; a country being somewhere; a destination; going on.
    "was received by", "Talks were held between", "the top US diplomat and his counterpart", "Russia was in",
    "was in", "condemned the deployment of troops to", "by North Korea", "continues to call on", "will continue to",
    "condemned the dispatch of North Korean troops to", "North Korea's and", "Russia's decision",
    "welcomed the EU's decision in October to designate", "North Korean officials", "the Council listed",
    "Cooperation between Moscow and Pyongyang, including the treaty signed in", "signed when Putin visited",
    "the meeting of EU and South Korean ministers in", "was held in The Hague",
    ", who came to Pyongyang for", ", who had flown to Seoul,",
    "warned Washington, Seoul and Tokyo against", "urged them not to",
    # A verb joined after a report or a quote; an adjunct statement after the clause; a meeting before an aside.
    "told NATO counterparts that", ", and urged", '" and called on', "said the deployments showed that",
    ", in a joint press statement", "meet and, in a joint statement,",
    "The package also lists", "is designating one DPRK official", "Of particular interest to clients, the package",
    # A list of four and "the four" that stand for it; a pair named with "between" and "the two sides" signing.
    "Australia, Japan, New Zealand and the Republic of Korea", "the four", "the three countries", "all eight",
    "the partnership between Moscow and Pyongyang, formalised in a treaty the two sides signed",
    "and the sides signed", "Oleg Kozhemyako", "Premier Pak Thae Song",
    "demanded that the soldiers be withdrawn", "Pyongyang's deployment and Moscow's use of", "was listing",
    "On 20 May the Council adopted", "the anniversary of the invasion of Ukraine, the Council of the European Union",
    "adopted a package of measures against", "denounced the package as", "and said Russia would respond",
    "The envoy, who flew to Beijing last week,", "The 11 members, which include",
    ", although Wellington had earlier sanctioned", "whereas Seoul",
    "Among those sanctioned is", "Also blacklisted were",
    "during a visit to Pyongyang by the Secretary of Russia's Security Council,", "by armored train, and",
    "'s dispatch of troops to Russia and Moscow's acceptance of them", "condemned North Korea's dispatch of troops to",
    "it summoned", ": on Monday it", "Xi Jinping", "Xi", "Li Qiang", "her earlier visits to", "his previous visit to",
    "Russia's ambassador, Alexey Pavlovsky, was called in to DFAT", "The opposition People Power Party",
    "The federal government has imposed", ", Foreign Minister Penny Wong announced", "send the troops home",
    "their first meeting since Putin's June 2024 visit to", ", and met", "held talks with Putin the same day,",
    "ambassador to the UN,", "delegation to the U.N.", "to the UN condemned", "to have signed", ", he said, and he",
    "On Tuesday Mr Putin held talks with", "at the NATO summit in The Hague", "Maltese Foreign Minister Ian Borg",
    "U.S. Secretary of State Marco Rubio,", "Japanese Foreign Minister Takeshi Iwaya and", "the three said",
    "Australia, Japan, New Zealand and South Korea", "In a joint statement afterwards, the three",
    '," the ministers said, voicing concern that Moscow', '"We condemn this", Kallas said.',
    "held a bilateral meeting in Beijing after the parade with which China",
    "voted to ratify the treaty, which Mr Putin and", "signed in Pyongyang in June",
    "Moscow and Pyongyang acknowledged", "condemned the admission", "Moscow's top general had confirmed",
    "sanctions over the war in", "the most senior Chinese official to travel to",
    "will be the first Chinese premier to", "the first EU foreign policy chief to visit",
    "met in Vientiane on Saturday", "witnessed the signing of 11 cooperation documents",
    "and adopted a joint statement", "received Medvedev separately", "To Lam", "No agreement", "Thongloun Sisoulith",
    "the first in-person talks between the two since", "signed a cooperation plan between",
    "Dmitry Medvedev, now deputy chairman of the Security Council,", "Kaja Kallas, the EU foreign policy chief, and",
    "demands troop pull-out from Russia", "calls in North Korean ambassador and",
    "adopted the fifteenth package, and it includes", "troops leave Russian territory",
    "with South Korea and Japan and urged both countries to",
    "carries no mutual defence obligations, unlike the treaty",
    "the Framework Agreement the EU and South Korea signed in", "the treaty he signed with Vladimir Putin in",
    "two North Korean diplomats were expelled from", "had been declared persona non grata", "were also blacklisted",
    "the ministry said on Tuesday that", "Chinese firms that shipped drone parts to", "were sanctioned, the EU said",
    "denounced the expulsions", "condemned the sanctions as", "in a statement carried by KCNA,",
    "issued a joint statement with the United States and Japan condemning", "after President Putin visited",
    "When North Korea carried out a test,", "When Putin and Kim signed their treaty in June,", "As",
    "He and his North Korean counterpart, No Kwang Chol,", "On November 1 of that year he", "she",
    "received a visiting Russian government delegation", "made his second visit to Pyongyang and was received by",
    "; its foreign ministry", "condemned the strike as", ", who condemns the deployment", "expels a counsellor at",
    "It also lists several North Korean officials", "a meeting between Putin and Zelensky would be possible",
    "Putin received her at the Kremlin", "Kim received him", "condemned the pact", "The package also lists",
    "Speaking in Kyiv alongside Germany's defence minister, Boris Pistorius, who arrived on Monday,",
    "and the three issued a joint statement", "The three leaders adopted", "Antonio Costa and Ursula von der Leyen",
]


def _action_sentences(n: int, seed: int = 11) -> Iterator[list[str]]:
    rng = random.Random(seed)
    for _ in range(n):
        yield [" ".join(rng.choice(_ACTION_PIECES) for _ in range(rng.randint(3, 16))) + "."
               for _ in range(rng.randint(1, 6))]


def test_actions_match_the_python_code() -> None:
    from monitor.analysis.actions import extract_actions
    assert actions_vocabulary().kernel is not None, "the native action extractor did not build"
    articles = [textmod.sentences(textmod.clean(raw, title=title)) for title, raw in _texts()]
    articles += list(_action_sentences(4000))
    published = datetime(2024, 11, 20, 9, tzinfo=UTC)
    found = 0
    for sentences in articles:
        fast = extract_actions(sentences, published=published)
        reference = extract_actions(sentences, published=published, use_native=False)
        assert fast == reference, sentences
        found += len(fast)
    assert found > 3000  # the generated sentences reach the rules, not only the keyword scan


def test_sentences_of_other_characters_between_triggers_are_read_alike() -> None:
    # A sentence with no trigger still goes to the native extractor for what it names; other characters than ASCII
    # ("·" in a tag line, a flag) once made its byte offsets disagree with the mentions' and panicked.
    from monitor.analysis.actions import extract_actions
    published = datetime(2024, 11, 1, 9, tzinfo=UTC)
    sentences = ["Tags: Choe Son Hui \u00b7 Sergey Lavrov \u00b7 North Korea \u00b7 Russia \u00b7 Kursk",
                 "\U0001f1fa\U0001f1e6 HUR chief Kyrylo Budanov \u00b7 Choe Son Hui \u00b7 Lavrov \u00b7 Kursk.",
                 "Choe Son Hui held talks with Sergey Lavrov in Moscow on Friday.",
                 "She also met President Vladimir Putin."]
    fast = extract_actions(sentences, published=published)
    assert fast == extract_actions(sentences, published=published, use_native=False)
    assert [(a.type, a.actors) for a in fast] == [("meeting", ("North Korea", "Russia"))] * 2
    # (And the kernel itself reads them, rather than leaving the article to the Python code after a panic.)
    from monitor.analysis.actions import ascii_offsets
    from monitor.analysis.entities import default_lexicon
    kernel = actions_vocabulary().kernel
    assert kernel.extract([(ascii_offsets(s), None, default_lexicon().find(s)) for s in sentences[:2]]) == []


# Pieces that reach every part of topic scoring: actors, aliases, enumerations ("Russia, China, Iran
# and North Korea"), names followed by a word that makes them a company or a team, the title.
_TOPIC_PIECES = [
    "North Korea", "Russia", "Pyongyang", "Moscow", "Kim Jong Un", "the EU", "European Union", "Korea", "Seoul",
    "South Korea's", "Kursk", "Vladivostok", "Ukraine", "China", "Iran", ",", "and", "or", "the", "carmaker",
    "team", "Herald", "troops", "sanctions", "partnership", "joint statement", "Korean People's Army",
    "EU foreign policy chief", "met", "said", "'s", "security and defence", "Borrell", "DPRK", "27-nation bloc",
]


def test_topic_scores_match_the_python_code() -> None:
    topic_set = topics.TopicSet.load()
    assert topic_set._kernel is not None, "the native topic scorer did not build"
    rng = random.Random(5)
    articles: list[tuple[str | None, list[str]]] = [
        (title, textmod.sentences(textmod.clean(raw, title=title))) for title, raw in _texts()]
    for _ in range(3000):
        sentences = [" ".join(rng.choice(_TOPIC_PIECES) for _ in range(rng.randint(2, 12))) + "."
                     for _ in range(rng.randint(1, 8))]
        title = " ".join(rng.choice(_TOPIC_PIECES) for _ in range(rng.randint(2, 6))) if rng.random() < 0.5 else None
        articles.append((title, sentences))
    tagged = 0
    for title, sentences in articles:
        fast = topic_set.scores(sentences, title=title)
        assert fast == topic_set.scores(sentences, title=title, use_native=False), (title, sentences)
        tagged += any(score >= 3 for score in fast.values())
    assert tagged > 500
    # Pickled to worker processes: the scorer is rebuilt there.
    assert pickle.loads(pickle.dumps(topic_set))._kernel is not None


def test_the_pipeline_gives_the_same_analysis_either_way() -> None:
    start = datetime(2025, 3, 1, tzinfo=UTC)
    articles = [Article(id=f"a{i}", text=raw, title=title, url=f"https://news.example/{i % 7}/{i}",
                        published=start + timedelta(minutes=7 * i), source=f"outlet-{i % 3}")
                for i, (title, raw) in enumerate(_texts())]
    fast = Pipeline(PipelineConfig(native=True))
    reference = Pipeline(PipelineConfig(native=False, lexicon=EntityLexicon.load(native=False)))
    for article in articles:
        assert fast.process(article).to_dict() == reference.process(article).to_dict(), article.id


def test_monitor_native_0_runs_the_python_code() -> None:
    # The operators' escape hatch: read when the analysis modules load, in a fresh process.
    probe = ("from monitor.analysis import native, dedup, stories, text, temporal, entities, actions;"
             "print(native.available(), dedup._NATIVE_HASHER, stories._TERM_READER, text._NATIVE_SPLITTER,"
             " temporal._STARTS, entities.EntityLexicon.load()._matcher, actions.vocabulary().kernel)")
    env = {**os.environ, "MONITOR_NATIVE": "0"}
    off = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert off.stdout.split() == ["False"] + ["None"] * 6
    env["MONITOR_NATIVE"] = "1"
    on = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert on.stdout.startswith("True")
    assert "None" not in on.stdout


def test_min_hasher_rejects_wrong_parameters() -> None:
    kernels = native.kernels
    assert kernels is not None
    with pytest.raises(ValueError, match="64 multipliers"):
        kernels.MinHasher([1, 2, 3], [0] * 64)
