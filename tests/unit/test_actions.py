"""Diplomatic actions: each type, actors/targets, CAMEO codes, negatives and history."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.analysis.actions import action_types, extract_actions, vocabulary
from monitor.errors import ConfigError

PUB = datetime(2030, 3, 10, 12, tzinfo=UTC)


def acts(*sentences: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str, bool]]:
    return [(a.type, a.actors, a.targets, a.cameo, a.historical) for a in extract_actions(sentences, published=PUB)]


def test_vocabulary_is_closed_and_loaded_from_yaml() -> None:
    assert set(action_types()) == {
        "summon_ambassador", "condemn", "demand_withdrawal", "joint_statement", "sign_agreement", "sanctions",
        "meeting", "visit", "expel_diplomats", "appeal",
    }


def test_summon_ambassador() -> None:
    assert acts("Japan's foreign ministry summoned the Chinese ambassador on Tuesday over the incident.") == [
        ("summon_ambassador", ("Japan",), ("China",), "114", False)
    ]


def test_condemn_with_possessive_target() -> None:
    assert acts("Seoul condemned Pyongyang's missile launch on Sunday.") == [
        ("condemn", ("South Korea",), ("North Korea",), "111", False)
    ]


def test_joint_condemnation_and_demand_to_withdraw() -> None:
    found = acts(
        "Poland and the European Union on Friday jointly condemned Belarus's support for Moscow and demanded "
        "that it withdraw its troops from the border."
    )
    assert ("condemn", ("EU", "Poland"), ("Belarus",), "111", False) in found
    assert ("demand_withdrawal", ("EU", "Poland"), ("Belarus",), "106", False) in found


def test_called_on_to_withdraw_is_a_demand_not_an_appeal() -> None:
    assert acts("NATO called on Russia and Belarus to immediately withdraw their forces.") == [
        ("demand_withdrawal", ("NATO",), ("Belarus", "Russia"), "106", False)
    ]


def test_appeal_for_support_and_demand_to_cease_is_not_an_appeal() -> None:
    assert acts("Kyiv called on Japan to step up its support for Ukraine.") == [
        ("appeal", ("Ukraine",), ("Japan",), "023", False)
    ]
    assert acts("Tokyo urged Beijing to halt its drills near the islands.") == []


def test_appeal_kinds_follow_what_is_asked() -> None:
    # CAMEO 028: to act between the sides; 022: policy support; 026: talks.
    assert acts("The EU called on China to use its influence on Pyongyang.") == [
        ("appeal", ("EU",), ("China",), "028", False)]
    assert acts("Kyiv called on Seoul to step up sanctions against Moscow.") == [
        ("appeal", ("Ukraine",), ("South Korea",), "022", False)]
    assert acts("Seoul urged Pyongyang to return to dialogue.") == [
        ("appeal", ("South Korea",), ("North Korea",), "026", False)]


def test_joint_statement_after_leading_phrase() -> None:
    assert acts("In a joint statement, Japan's foreign minister and his Australian counterpart condemned "
                "the launch.")[0] == ("joint_statement", ("Australia", "Japan"), (), "010", False)


def test_meeting_needs_two_sides_and_host_counts() -> None:
    assert acts("Lavrov met Wang Yi in Beijing on Monday.") == [("meeting", ("China", "Russia"), (), "040", False)]
    assert acts("At talks in Tokyo on Friday, the Chinese foreign minister said ties were improving.") == [
        ("meeting", ("China", "Japan"), (), "046", False)
    ]
    assert acts("Details of the meeting were not released.") == []


def test_visit_target_is_the_host_country() -> None:
    assert acts("Rutte arrived for a visit to Kyiv on Tuesday.")[0][:3] == ("visit", ("NATO",), ("Ukraine",))
    assert acts("During his visit to Tokyo, Macron spoke about trade.")[0][:3] == ("visit", ("France",), ("Japan",))


def test_sign_agreement_passive_and_historical() -> None:
    assert acts("The treaty between Russia and Belarus, signed by Putin and Lukashenko in 2019, was cited.") == [
        ("sign_agreement", ("Belarus", "Russia"), (), "057", True)
    ]
    assert acts("Japan and Australia signed a defence pact on Monday.") == [
        ("sign_agreement", ("Australia", "Japan"), (), "057", False)
    ]


def test_sanctions_and_expulsions() -> None:
    assert acts("The EU imposed new sanctions on Iran over drone deliveries.") == [
        ("sanctions", ("EU",), ("Iran",), "163", False)
    ]
    assert acts("Poland expelled Russian diplomats on Wednesday.") == [
        ("expel_diplomats", ("Poland",), ("Russia",), "166", False)
    ]


def test_pronoun_subject_resolves_to_previous_actors() -> None:
    found = acts("Japan and South Korea held talks in Seoul on Monday.", "They condemned North Korea's launch.")
    assert found[-1] == ("condemn", ("Japan", "South Korea"), ("North Korea",), "111", False)


@pytest.mark.parametrize(
    "sentence",
    [
        "The world should strongly condemn the attack, the minister said.",
        "Germany may impose sanctions on Iran.",
        "China declined to condemn Russia.",
        "Japan did not sign the agreement.",
        "Seoul strongly opposes Pyongyang's involvement.",
        "The minister expressed regret over the incident.",
        "Officials plan to meet Russian envoys next month.",
    ],
)
def test_negated_modal_and_non_actions(sentence: str) -> None:
    assert acts(sentence) == []


def test_background_event_is_historical() -> None:
    assert acts("The Chinese ambassador was summoned in January over a similar incident.",)[:1] == []  # no actor
    found = acts("Japan's foreign ministry summoned the Chinese ambassador on Tuesday.",
                 "The Chinese ambassador was summoned in January over a similar incident.")
    assert found[-1] == ("summon_ambassador", ("Japan",), ("China",), "114", True)


def test_relative_clause_is_background() -> None:
    assert acts("Putin met Choe Son Hui, who has been on an official visit to Russia since last week.") == [
        ("meeting", ("North Korea", "Russia"), (), "040", False)
    ]


def test_bad_vocabulary_file(tmp_path: Path) -> None:
    f = tmp_path / "actions.yaml"
    f.write_text("types:\n  condemn:\n    cameo: abc\n    keywords: [x]\n    triggers: [x]\n")
    with pytest.raises(ConfigError) as exc:
        vocabulary(f)
    assert exc.value.line == 3
    assert "cameo" in str(exc.value)


@pytest.mark.parametrize(("entry", "reason"), [
    ("  - pattern: 'treaty'\n    parties: [[North Korea]]\n", "lists of two or more"),
    ("  - parties: [[EU, South Korea]]\n", "needs a 'pattern'"),
    ("  - pattern: 'treaty('\n    parties: [[EU, South Korea]]\n", "bad pattern"),
])
def test_bad_agreements_entry(tmp_path: Path, entry: str, reason: str) -> None:
    base = (Path(__file__).parents[2] / "monitor" / "analysis" / "actions.yaml").read_text(encoding="utf-8")
    start = base.index("\nagreements:\n")
    end = base.index("\n\n", start + 1)
    f = tmp_path / "actions.yaml"
    f.write_text(base[:start] + "\nagreements:\n" + entry + base[end:], encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        vocabulary(f)
    assert reason in str(exc.value)
    assert exc.value.file == str(f)


def test_every_keyword_opens_on_a_literal_word() -> None:
    # A keyword without a literal stem is scanned for with its own pass over every article (much slower).
    assert vocabulary().scanner.unprefixed == []


def test_an_outlets_own_government_acts_for_its_country() -> None:
    from monitor.analysis.entities import default_lexicon
    lexicon = default_lexicon()
    home = lexicon.home_of("Korea JoongAng Daily", "https://koreajoongangdaily.joins.com/news/2025-03-27/x")
    assert home == "South Korea"
    assert lexicon.home_of("Reuters", "https://www.reuters.com/world/x") is None
    assert lexicon.home_of(None, None) is None
    sentences = ["The Foreign Ministry condemned the additional deployment of North Korean troops to Russia.",
                 "Unification Minister Chung Dong-young asked the European Union to help reopen talks.",
                 "Chung also met the EU ambassador on Tuesday."]
    found = {(a.type, a.actors) for a in extract_actions(sentences, home=home)}
    assert ("condemn", ("South Korea",)) in found
    assert ("meeting", ("EU", "South Korea")) in found
    # Another country's ministry stays its own; with no outlet and no dateline, whose is not said.
    assert extract_actions(["Russia's foreign ministry condemned the drills."], home=home)[0].actors == ("Russia",)
    assert extract_actions(sentences[:1]) == []


def test_an_official_by_title_alone_and_a_headline_government_are_the_outlets() -> None:
    from monitor.analysis.entities import default_lexicon
    lexicon = default_lexicon()
    home = lexicon.home_of("Ministry of Foreign Affairs, Republic of Korea", "https://www.mofa.go.kr/eng/brd/view.do")
    assert home == "South Korea"
    sentences = ["Gov't summons Russian ambassador, demands withdrawal of N. Korean troops",
                 "Ambassador Georgy Zinoviev was told of the concern on Monday.",
                 "The First Vice Minister stated that the deployment threatens the region.",
                 "He urged the immediate withdrawal of the North Korean troops.",
                 "The Minister of Defence of the Russian Federation condemned the drills."]
    found = {(a.type, a.actors, a.targets) for a in extract_actions(sentences, home=home)}
    assert ("summon_ambassador", ("South Korea",), ("Russia",)) in found
    # "He" is the official the sentence before opened on, not the ambassador named before him.
    assert [a.actors for a in extract_actions(sentences, home=home) if a.sentence == sentences[3]] == [("South Korea",)]
    # A title alone teaches no surname: "the Minister of Defence of the Russian Federation" stays Russia's.
    assert [a.actors for a in extract_actions(sentences, home=home) if a.sentence == sentences[4]] == [("Russia",)]
    # With no outlet, whose government it is is not said.
    assert not any("South Korea" in a.actors for a in extract_actions(sentences[:1]))
