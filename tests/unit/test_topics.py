"""Topic tagging from YAML: default topics, negatives, custom topics and bad files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.analysis.topics import Terms, TopicSet, _words
from monitor.errors import ConfigError


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return TopicSet.load()


def test_north_korea_russia(topics: TopicSet) -> None:
    s = [
        "Pyongyang has sent thousands of troops to help Moscow, Western officials said.",
        "The deployment deepens military cooperation between the DPRK and Russia.",
    ]
    assert topics.tag(s) == ["north-korea-russia"]


def test_eu_korea(topics: TopicSet) -> None:
    s = [
        "The European Union and the Republic of Korea held their annual strategic dialogue in Brussels.",
        "The EU's foreign policy chief and Seoul's foreign minister signed a security partnership.",
    ]
    assert topics.tag(s) == ["eu-korea"]


def test_south_korean_domestic_story_is_not_tagged(topics: TopicSet) -> None:
    s = [
        "South Korea's parliament passed the budget on Friday after weeks of debate in Seoul.",
        "President Yoon Suk Yeol thanked lawmakers, while the opposition criticised spending on housing.",
    ]
    assert topics.tag(s) == []


def test_russia_ukraine_without_korea_is_not_tagged(topics: TopicSet) -> None:
    s = [
        "Russian troops advanced near Pokrovsk as Ukraine's army reported heavy fighting.",
        "Kyiv asked the EU for more air defence systems.",
    ]
    assert topics.tag(s) == []


def test_passing_eu_mention_in_a_korea_story_is_not_eu_korea(topics: TopicSet) -> None:
    s = [
        "North Korea fired two ballistic missiles into the sea on Sunday, Seoul's military said.",
        "Japan and the United States condemned the launch.",
        "Separately, EU leaders met in Brussels to discuss farm subsidies.",
    ]
    assert "eu-korea" not in topics.tag(s)


_FILLER = [
    "Russian drone strikes hit power plants in Kharkiv overnight, Ukraine's air force said.",
    "Iran has supplied Russia with drone designs and engineers since 2022.",
    "A factory in Tatarstan now assembles thousands of the drones a year.",
    "Western sanctions have not stopped parts from reaching the plant through third countries.",
    "Ukraine says it shot down most of the drones launched at its cities last week.",
    "Analysts expect output at the plant to rise again next year.",
    "The Kremlin did not respond to a request for comment.",
    "Tehran denies supplying weapons for use in Ukraine.",
    "Ukraine's president asked allies for more air defence systems.",
    "Officials in Kyiv said repairs to the grid would take weeks.",
]


@pytest.mark.parametrize("native", [True, False])
def test_a_long_article_naming_north_korea_once_mentions_it_in_passing(topics: TopicSet, native: bool) -> None:
    once = "Unlike the treaty Russia concluded with North Korea, the pact has no mutual defence clause."
    assert topics.tag([*_FILLER, once], use_native=native) == []
    # Named in a second sentence, or in the title: the article is about the pair.
    again = "North Korean troops are also fighting for Russia, Seoul says."
    assert topics.tag([*_FILLER, once, again], use_native=native) == ["north-korea-russia"]
    assert topics.tag([*_FILLER, once], title="North Korea and Russia deepen ties",
                      use_native=native) == ["north-korea-russia"]
    # A short article needs the one sentence only.
    assert topics.tag([*_FILLER[:3], once], use_native=native) == ["north-korea-russia"]
    # One sentence that holds a fact of the topic is its news, however long the article.
    news = "Pyongyang has sent about 1,010 soldiers to Russia, Seoul's spy agency said."
    assert topics.tag([*_FILLER, news], use_native=native) == []
    assert topics.tag([*_FILLER, news], use_native=native, facts={news}) == ["north-korea-russia"]
    # As the pipeline gives them: the fact involves both sides of the pair (who sent the troops, and where).
    from monitor.analysis.figures import extract_figures
    from monitor.analysis.pipeline import fact_sentences
    facts = fact_sentences(extract_figures([news])[0])
    assert facts == {news: {"North Korea", "Russia", "Seoul's spy agency"}}
    assert topics.tag([*_FILLER, news], use_native=native, facts=facts) == ["north-korea-russia"]
    # A fact that involves none of a group's actors keeps the mention a passing one: the EU is only where a
    # speaker spoke.
    brussels = "Zelensky told reporters in Brussels that North Korea was preparing 10,000 soldiers."
    facts = fact_sentences(extract_figures([brussels])[0])
    assert brussels in facts
    assert "EU" not in facts[brussels]
    assert "eu-korea" not in topics.tag([*_FILLER, brussels], use_native=native, facts=facts)
    # Nor does a third party's condemnation of the pair, said once: whom it condemns are not who acted.
    from monitor.analysis.actions import extract_actions
    condemned = "Japan firmly condemns North Korea's deepening military cooperation with Russia."
    acts = extract_actions([condemned])
    assert [(a.type, a.targets) for a in acts] == [("condemn", ("North Korea", "Russia"))]
    assert fact_sentences(acts) == {condemned: {"Japan"}}
    assert topics.tag([*_FILLER, condemned], use_native=native, facts=fact_sentences(acts)) == []
    # Nor a count told as background: "weeks after the NIS had reported that ..." is no news of the pair.
    recalled = ("The decree came weeks after the spy agency had reported that about 11,000 North Korean soldiers were "
                "in Russia.")
    figures = extract_figures([recalled], published=datetime(2025, 1, 15, tzinfo=UTC))[0]
    assert [(f.value, f.historical) for f in figures] == [(11000, True)]
    assert fact_sentences(figures) == {}
    assert topics.tag([*_FILLER, recalled], use_native=native, facts=fact_sentences(figures)) == []


def test_eu_does_not_match_inside_words(topics: TopicSet) -> None:
    s = ["EUROPEAN markets and a feud in Seoul dominated the news; South Korea's leader spoke about Europe."]
    assert topics.tag(s) == []


def test_title_counts(topics: TopicSet) -> None:
    assert topics.tag(["They discussed troops."], title="North Korea and Russia deepen military ties") == [
        "north-korea-russia"
    ]


def test_custom_topic_file(tmp_path: Path) -> None:
    f = tmp_path / "topics.yaml"
    f.write_text(
        "topics:\n"
        "  - id: japan-china\n"
        "    name: Japan - China\n"
        "    groups:\n"
        "      japan: {entities: [Japan]}\n"
        "      china: {entities: [China], aliases: [Senkaku]}\n"
        "    rules:\n"
        "      - all_of: [japan, china]\n"
        "        within: sentence\n"
        "        score: 1\n"
        "    min_score: 1\n"
    )
    ts = TopicSet.load(f)
    assert ts.ids == ("japan-china",)
    assert ts.tag(["Tokyo protested after Chinese ships entered waters near the Senkaku islands."]) == ["japan-china"]
    assert ts.tag(["Tokyo hosted a film festival."]) == []


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("topics: [\n", 2, "invalid YAML"),
        ("topics:\n  - id: Bad Id\n    groups: {a: {aliases: [x]}}\n    rules: [{all_of: [a]}]\n", 2, "kebab-case"),
        ("topics:\n  - id: t\n    groups: {a: {aliases: [x]}}\n    rules:\n      - all_of: [b]\n", 5,
         "unknown group 'b'"),
        ("topics:\n  - id: t\n    groups:\n      a: {entities: [Atlantis]}\n    rules: [{all_of: [a]}]\n", 4,
         "unknown lexicon actor 'Atlantis'"),
        ("topics:\n  - id: t\n    groups: {a: {aliases: [x]}}\n    rules: [{all_of: [a]}]\n"
         "  - id: t\n    groups: {a: {aliases: [x]}}\n    rules: [{all_of: [a]}]\n", 5, "duplicate topic id"),
        ("topics:\n  - id: t\n    groups: {a: {aliases: [x]}}\n    rules: [{all_of: [a], score: -1}]\n", 4,
         "non-negative number"),
        ("topics:\n  - id: t\n    groups: {a: {aliases: [x]}}\n    rules: [{all_of: [a]}]\n    min_mentions: 0.5\n",
         2, "min_mentions: expected a whole number of at least 1"),
    ],
)
def test_bad_topic_files_name_file_line_and_reason(tmp_path: Path, content: str, line: int, reason: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(content)
    with pytest.raises(ConfigError) as exc:
        TopicSet.load(f)
    assert exc.value.file == str(f)
    assert exc.value.line == line
    assert reason in str(exc.value)


def test_missing_topics_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        TopicSet.load(tmp_path / "nope.yaml")


def _one_topic(tmp_path: Path, rule: str) -> TopicSet:
    f = tmp_path / "topics.yaml"
    f.write_text(
        "topics:\n"
        "  - id: ports-strike\n"
        "    groups:\n"
        "      ports: {aliases: [port of Antwerp, Rotterdam port]}\n"
        "      strike: {aliases: [strike, walkout, NIS]}\n"
        f"    rules:\n      - {rule}\n"
        "    min_score: 1\n"
    )
    return TopicSet.load(f)


def test_within_n_sentences(tmp_path: Path) -> None:
    text = ["Dockers at the port of Antwerp met on Monday.", "They voted for a walkout.", "Talks go on."]
    assert _one_topic(tmp_path, "{all_of: [ports, strike], within: 2}").tag(text) == ["ports-strike"]
    assert _one_topic(tmp_path, "{all_of: [ports, strike], within: sentence}").tag(text) == []
    far = ["Dockers at the port of Antwerp met on Monday.", "Weather was mild.", "Bakers voted for a walkout."]
    assert _one_topic(tmp_path, "{all_of: [ports, strike], within: 2}").tag(far) == []
    assert _one_topic(tmp_path, "{all_of: [ports, strike], within: document}").tag(far) == ["ports-strike"]


def test_custom_aliases_match_whole_words_and_all_caps_exactly(tmp_path: Path) -> None:
    ts = _one_topic(tmp_path, "{all_of: [ports, strike], within: sentence}")
    assert ts.tag(["Staff at the Rotterdam port began a strike."]) == ["ports-strike"]
    assert ts.tag(["Staff at the Rotterdam port read about striker pay."]) == []  # not inside a word
    assert ts.tag(["The NIS said the Rotterdam port was calm."]) == ["ports-strike"]
    assert ts.tag(["The nis said the Rotterdam port was calm."]) == []  # an all-caps alias is case-sensitive


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("{all_of: [ports, strike], within: 0}", "'within' must be sentence, document or a number"),
        ("{all_of: [ports, strike], within: paragraph}", "'within' must be sentence, document or a number"),
        ("{all_of: [ports, strike], withn: 2}", "unknown field 'withn'"),
    ],
)
def test_bad_rules_are_rejected_with_their_line(tmp_path: Path, rule: str, reason: str) -> None:
    with pytest.raises(ConfigError) as exc:
        _one_topic(tmp_path, rule)
    assert exc.value.line == 7
    assert reason in str(exc.value)


def test_unknown_group_field_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "topics.yaml"
    f.write_text("topics:\n  - id: t\n    groups:\n      a: {alias: [x]}\n    rules: [{all_of: [a]}]\n")
    with pytest.raises(ConfigError, match="group 'a' has unknown field 'alias'") as exc:
        TopicSet.load(f)
    assert exc.value.line == 4


def test_a_context_flag_must_be_true_or_false(tmp_path: Path) -> None:
    f = tmp_path / "topics.yaml"
    f.write_text("topics:\n  - id: t\n    groups:\n      a: {aliases: [x], context: maybe}\n"
                 "    rules: [{all_of: [a]}]\n")
    with pytest.raises(ConfigError, match="'context' must be true or false") as exc:
        TopicSet.load(f)
    assert exc.value.line == 4


def test_keywords_add_score_only_to_a_matched_rule_and_excludes_veto(tmp_path: Path) -> None:
    f = tmp_path / "topics.yaml"
    f.write_text(
        "topics:\n"
        "  - id: ports-strike\n"
        "    groups:\n"
        "      ports: {aliases: [port of Antwerp]}\n"
        "      strike: {aliases: [strike]}\n"
        "    rules: [{all_of: [ports, strike], within: document, score: 1}]\n"
        "    keywords: {score: 1, max_count: 2, terms: [picket line, wages, union]}\n"
        "    exclude: [board game]\n"
        "    min_score: 2\n"
    )
    ts = TopicSet.load(f)
    rule_only = ["A strike hit the port of Antwerp."]
    assert ts.scores(rule_only)["ports-strike"] == 1.0
    assert ts.tag(rule_only) == []
    with_keywords = [*rule_only, "The union set up a picket line over wages and the Union said so again."]
    assert ts.scores(with_keywords)["ports-strike"] == 3.0  # two distinct keywords count, capped at max_count
    assert ts.tag(with_keywords) == ["ports-strike"]
    assert ts.tag(["Wages, a union and a picket line were discussed."]) == []  # keywords alone never tag
    assert ts.tag([*with_keywords, "Staff played a Board  Game."]) == []


def test_word_set_fast_path_matches_the_regex() -> None:
    import re

    from monitor.analysis.topics import _words

    for text in ["Kim's visit to Moscow-Beijing, 2024 (snake_case) e.g. U.S.-led", "A\tB\nC  d--e", "",
                 "Pyongyang's troops: 1,500; Über-cautious Seoul"]:
        assert _words(text) == frozenset(re.findall(r"\w+", text.lower())), text


def test_names_in_one_long_list_do_not_meet(topics: TopicSet) -> None:
    listed = ["State hackers from Russia, China, Iran and North Korea targeted banks, the report said."]
    assert topics.tag(listed) == []
    assert topics.tag(["North Korea and Russia signed a treaty on troops."]) == ["north-korea-russia"]
    # One side outside the list still meets the other.
    assert "eu-korea" in topics.tag(["The EU, Japan and Canada condemned North Korea's sanctions breaches."])


def test_not_before_drops_company_and_team_names(tmp_path: Path) -> None:
    f = tmp_path / "topics.yaml"
    f.write_text(
        "topics:\n"
        "  - id: eu-korea\n"
        "    groups:\n"
        "      eu: {entities: [EU]}\n"
        "      korea: {entities: [South Korea], aliases: [Korea]}\n"
        "    rules: [{all_of: [eu, korea], within: sentence}]\n"
        "    not_before: [Carmaker, herald]\n"
        "    min_score: 1\n"
    )
    ts = TopicSet.load(f)
    assert ts.tag(["The EU fined a South Korean carmaker."]) == []
    assert ts.tag(["The EU quoted the Korea Herald."]) == []
    assert ts.tag(["The EU and South Korea's carmaker talks."]) == []  # after the possessive too
    assert ts.tag(["The EU and South Korean ministers met."]) == ["eu-korea"]
    f.write_text(f.read_text().replace("[Carmaker, herald]", "carmaker"))
    with pytest.raises(ConfigError, match="not_before: expected a list") as exc:
        TopicSet.load(f)
    assert exc.value.line == 2


def test_alias_search_by_first_word_matches_finditer(topics: TopicSet) -> None:
    from monitor.analysis.topics import _alias_spans

    texts = ["Korea, KOREA and korea; North Korea's Kursk-based units near Kursk Oblast.", "kursk Kursk", "",
             "Troops in the Russian  Far East, Vladivostok and Primorsky Krai; 27-nation bloc's envoy in Korea.",
             "Kim regime-run KN-23 and KN-24 via Rason; xKorea Korea_x .Korea"]
    for topic in topics.topics:
        for g in topic.groups.values():
            if g.aliases is None:
                continue
            for text in texts:
                want = [(m.start(), m.end()) for m in g.aliases.finditer(text)]
                assert list(_alias_spans(g, text, text.lower())) == want, (g.name, text)
                assert list(_alias_spans(g, text, None)) == want


@pytest.mark.parametrize("text", [
    "They issued a joint statement.",
    "A disjoint statement, then a JOINT  STATEMENT at last.",  # the first "joint" is inside a word
    "joint ventures and a statement",  # both words, never together
    "Joint\nstatement on the summit; Kim Jong Un attended.",
    "kim jong-un met officials",
    "The jointstatement was not one.",
])
def test_phrases_found_from_their_first_word_are_the_ones_searched_for(text: str) -> None:
    terms = Terms(["joint statement", "Kim Jong Un", "summit", "Kim Jong-un"])
    words = _words(text)
    assert terms.found(words, text, text.lower()) == terms.found(words, text)
