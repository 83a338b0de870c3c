"""Number parsing and troop-figure / casualty extraction, with negatives for each rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.analysis.figures import extract_figures
from monitor.analysis.numbers import find_numbers, parse_number
from monitor.analysis.text import sentences as split_sentences

PUB = datetime(2030, 3, 10, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,500", 1500), ("12,000", 12000), ("11000", 11000), ("1.5 million", 1_500_000), ("twelve thousand", 12000),
     ("two hundred", 200), ("10k", 10000), ("a thousand", 1000), ("forty-five", 45)],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "sentence",
    ["It cost $1.5 million.", "Inflation hit 5 percent.", "He left at 2 PM.", "It happened on October 18.",
     "Signed on 4 November 2030.", "The 29th brigade moved.", "The almost 3-year-long war.",
     "The Hwasong-19 missile flew.", "A budget of 3 billion won."],
)
def test_not_numbers(sentence: str) -> None:
    assert [n for n in find_numbers(sentence) if not n.vague] == []


def test_ranges_and_vague() -> None:
    (r,) = find_numbers("between 10,000 and 12,000 soldiers")
    assert (r.low, r.high, r.value) == (10000, 12000, 12000)
    (v,) = find_numbers("several thousand troops")
    assert v.vague
    assert v.value is None


def figs(sentence: str) -> list[tuple[int | None, str, str | None]]:
    found, _ = extract_figures([sentence], published=PUB)
    return [(f.value, f.qualifier, f.actor) for f in found]


def test_basic_troop_figures_with_actor_and_qualifier() -> None:
    assert figs("Pyongyang has deployed about 2,000 soldiers to the Russian border region.") == [
        (2000, "about", "North Korea")
    ]
    assert figs("Moscow could receive up to 15,000 North Korean troops next year.") == [
        (15000, "up to", "North Korea")
    ]
    assert figs("More than 700 Chinese soldiers joined the drill.") == [(700, "more than", "China")]
    assert figs("At least 1,200 Russian servicemen were stationed there.") == [(1200, "at least", "Russia")]


def test_follow_up_figure_inherits_actor_and_is_planned() -> None:
    found, _ = extract_figures(
        ["Seoul said 4,000 North Korean troops were in Russia, with a planned increase to 9,000 by June."],
        published=PUB,
    )
    assert [(f.value, f.qualifier, f.actor) for f in found] == [
        (4000, "exact", "North Korea"), (9000, "planned", "North Korea")
    ]
    assert found[0].location == "Russia"
    assert found[0].attribution == "South Korea"


def test_location_and_attribution() -> None:
    (f,), _ = extract_figures(
        ["According to Ukrainian intelligence, about 3,500 North Korean soldiers are in the Kursk region."],
        published=PUB,
    )
    assert f.location == "Kursk"
    assert f.attribution == "Ukrainian intelligence"


def test_word_numbers_and_millions() -> None:
    assert figs("Russia can mobilise 1.5 million troops.") == [(1_500_000, "exact", "Russia")]
    assert figs("North Korea sent twelve thousand soldiers.") == [(12000, "exact", "North Korea")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Thousands of North Korean soldiers are in Russia.",
        "Several thousand troops were seen near the border.",
        "Russia received more than 2 million artillery rounds from North Korea.",
        "The two countries signed a partnership covering 15 areas.",
        "The almost 3-year-long war has displaced millions.",
        "The company will cut 9,000 jobs, troops of workers protested.",
        "The army spent $3 million on new uniforms for troops.",
        "In 2024 troops moved north.",
    ],
)
def test_not_troop_figures(sentence: str) -> None:
    assert figs(sentence) == []


def test_casualties_are_a_separate_list() -> None:
    found, cas = extract_figures(
        ["Ukraine said 1,200 North Korean soldiers were killed or wounded in Kursk.",
         "Kyiv's forces captured two North Korean soldiers.", "Russia lost 3,000 troops in a week."],
        published=PUB,
    )
    assert found == []
    assert [(c.kind, c.value, c.actor) for c in cas] == [
        ("killed_or_wounded", 1200, "North Korea"), ("captured", 2, "North Korea"),
        ("killed_or_wounded", 3000, "Russia"),
    ]


def test_historical_figure() -> None:
    found, _ = extract_figures(["In 1950, 300,000 Chinese troops crossed the river."], published=PUB)
    assert found[0].historical
    found, _ = extract_figures(["On Monday, 300 Chinese troops crossed the river."], published=PUB)
    assert not found[0].historical


def test_a_headline_that_adds_up_the_bodys_figures_is_not_one_more() -> None:
    head = "North Korea to send 6,000 military builders and deminers to Kursk, official says"
    body = ("North Korea will send 1,000 sappers to clear mines in Russia's Kursk region and 5,000 military "
            "construction workers to rebuild roads, a Russian official said on Tuesday.")
    found, _ = extract_figures([head, body], published=PUB, headline=1)
    assert sorted((f.value, f.qualifier) for f in found) == [(1000, "planned"), (5000, "planned")]
    # Read as a body sentence, or when it is a figure of its own, the headline's count stays.
    found, _ = extract_figures([head, body], published=PUB)
    assert sorted(f.value for f in found) == [1000, 5000, 6000]
    other = "North Korea to send 7,000 military builders and deminers to Kursk, official says"
    found, _ = extract_figures([other, body], published=PUB, headline=1)
    assert sorted(f.value for f in found) == [1000, 5000, 7000]


def test_a_national_force_with_no_country_named_more_is_the_outlets() -> None:
    sentences = ["North Korea and South Korea both face shrinking cohorts of young men.",
                 "The armed forces now number about 450,000 active-duty personnel."]
    figures, _ = extract_figures(sentences, home="South Korea")
    assert [(f.value, f.actor, f.historical) for f in figures] == [(450000, "South Korea", True)]
    # Without the outlet's country the tie says nothing, and a national force of no one is not counted.
    figures, _ = extract_figures(sentences)
    assert figures == []
    # The outlet's country does not outweigh one the article names more.
    figures, _ = extract_figures(["North Korea's economy shrank.", "North Korea blamed sanctions.", sentences[1]],
                                 home="South Korea")
    assert [f.actor for f in figures] == ["North Korea"]


def test_a_table_of_counts_is_read_row_by_row() -> None:
    text = """Pyongyang has kept rotating units through Russia's Kursk region since its soldiers first arrived.
Stage | Period | Reported size | Main source
First wave | Oct-Nov 2024 | about 11,000 | NIS
Second wave | Jan-Feb 2025 | some 3,000 (replacements) | NIS
Builders | announced 17 June 2025 | 6,000 | Shoigu
Kyiv says the North Korean contingent now mostly guards the border."""
    lines = split_sentences(text)
    figures, _ = extract_figures(lines, published=datetime(2025, 6, 20, tzinfo=UTC))
    got = [(f.value, f.qualifier, f.actor, f.historical) for f in figures]
    assert got == [(11000, "about", "North Korea", True), (3000, "about", "North Korea", True),
                   (6000, "exact", "North Korea", False)]
    # Each is told by its own row, not by the entry it was read as.
    assert figures[0].sentence == "First wave | Oct-Nov 2024 | about 11,000 | NIS"


def test_a_table_of_things_or_losses_holds_no_troop_figure() -> None:
    for header, row in [("Category | Estimate | Source", "Artillery shells and rockets | 12 million or more | NIS"),
                        ("Category | Estimate | Source", "Koksan self-propelled guns | at least 120 | HUR"),
                        ("Month | Killed and wounded | Source", "December 2024 | about 3,000 | NIS")]:
        figures, _ = extract_figures(["North Korean troops fight in Kursk.", header, row],
                                     published=datetime(2025, 6, 20, tzinfo=UTC))
        assert [f.value for f in figures] == [], row
    # A category column that names troops in a row counts them there.
    figures, _ = extract_figures(["North Korean troops fight in Kursk.", "Category | Estimate | Source",
                                  "Soldiers deployed | about 11,000 | NIS"],
                                 published=datetime(2025, 6, 20, tzinfo=UTC))
    assert [(f.value, f.actor) for f in figures] == [(11000, "North Korea")]
