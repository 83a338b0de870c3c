"""Time expressions (background vs news) and the actor lexicon."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.analysis.entities import EntityLexicon, default_lexicon
from monitor.analysis.temporal import infer_published, is_historical, time_refs
from monitor.errors import ConfigError

PUB = datetime(2030, 11, 4, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sentence", "word", "historical"),
    [
        ("Both countries signed a mutual defence pact in June.", "signed", True),
        ("The two sides signed the deal last year.", "signed", True),
        ("They met in 2019 in Hanoi.", "met", True),
        ("The EU imposed sanctions two years ago.", "imposed", True),
        ("The pact had been signed before the war.", "signed", True),
        ("Officials met on Monday in Moscow.", "met", False),
        ("Seoul reported on 29 October that troops were training.", "troops", False),
        ("The number could rise to 10,000 by December.", "10,000", False),
        ("Ties have grown since February 2022, officials said on Monday.", "Ties", False),
        ("Josep Borrell met the minister.", "met", False),
        ("The sides may sign a deal.", "sign", False),
        # A month without a day: the month of publication is this month's news, the one before is not.
        ("The envoy was summoned in November.", "summoned", False),
        ("The envoy was summoned in October.", "summoned", True),
        ("They signed a partnership in November last year.", "signed", True),
        ("They will sign it in March next year.", "sign", False),
        # Read on 4 November: "last November" is a year back, "since" makes a past time last until now.
        ("Last November, Seoul summoned the ambassador.", "summoned", True),
        ("Some 15,000 troops have been deployed since last autumn.", "15,000", False),
        ("It is his second visit to Russia since 2029.", "visit", False),
        ("Seoul condemned it on Monday, saying Moscow had acknowledged the deployment.", "condemned", False),
        ("At least 30 soldiers were killed in the past week.", "killed", False),
        ("The two sides have met several times in the past.", "met", True),
        # A dateline says when the page was filed; the sentence's own time expression decides.
        ("MOSCOW, Oct 1 (Reuters) - Lavrov met Choe on Monday.", "met", False),
        ("Seoul, South Korea, Oct. 1 -- Lavrov met Choe.", "met", False),
        ("The treaty, signed in Pyongyang, June 19 - a landmark - is in force.", "signed", True),
        # Dates in figures (published 4 November 2030): day first with dots, month first with slashes unless the
        # first number cannot be a month, and ISO.
        ("The envoy was summoned on 05.11.2029 over the deployment.", "summoned", True),
        ("The envoy was summoned on 03.11.2030 over the deployment.", "summoned", False),
        ("The envoy was summoned on 11/03/2030 over the deployment.", "summoned", False),
        ("The envoy was summoned on 10/03/2030 over the deployment.", "summoned", True),
        ("The envoy was summoned on 20/10/2030 over the deployment.", "summoned", True),
        ("The envoy was summoned on 2030-11-03 over the deployment.", "summoned", False),
        ("The envoy was summoned on 2029-11-03 over the deployment.", "summoned", True),
        # A relative clause set off before the fact dates whom it describes, not the fact.
        ("Kallas, who took over as High Representative on 1 December 2029, condemned it on Monday.", "condemned",
         False),
        ("Lavrov, who visited Pyongyang in June 2029, met Choe on Monday.", "visited", True),
        # What a visit comes "a year after" was done then.
        ("The visit comes a little more than a year after Putin and Kim signed the treaty.", "signed", True),
        # A past perfect of an irregular verb is background too, unless reported.
        ("Shoigu had flown to Pyongyang for the parade.", "flown", True),
        ("Officials said Shoigu had met Kim.", "met", False),
        # A month's abbreviation alone is a name: "Jan Lipavsky" is no January.
        ("Sybiha, who visited Prague on Monday, held talks with Jan Lipavsky.", "held", False),
        ("The envoy was summoned in Jan. over the deployment.", "summoned", True),
        # Not a date: no such day.
        ("The envoy was summoned on 31.02.2029 over the deployment.", "summoned", False),
    ],
)
def test_is_historical(sentence: str, word: str, historical: bool) -> None:
    assert is_historical(sentence, PUB, at=sentence.index(word)) is historical


def test_infer_published_from_dateline() -> None:
    assert infer_published("10:03 AM EDT, October 21, 2029\nText on 4 June 2028.") == datetime(2029, 10, 21, 12,
                                                                                              tzinfo=UTC)
    assert infer_published("No dates here, only Monday.") is None


def test_infer_published_from_a_numeric_stamp() -> None:
    # Korean and many other pages stamp the time year first: "Posted : 2029-03-12 17:20", "2029.03.12".
    assert infer_published("Posted : 2029-03-12 17:20\nUpdated : 2029-03-13 08:05\nText.") == datetime(
        2029, 3, 13, 12, tzinfo=UTC)
    assert infer_published("Published 2029.03.12") == datetime(2029, 3, 12, 12, tzinfo=UTC)
    # Not dates: version numbers, addresses, impossible months.
    assert infer_published("version 2.1.3, host 10.2029.3.4, code 2029-13-40") is None


def test_infer_published_from_a_dateline_without_its_year() -> None:
    # The latest such day not after the reference time: a wire dateline names no year.
    ref = datetime(2029, 1, 5, tzinfo=UTC)
    assert infer_published("Title\n\nMOSCOW, November 1. /TASS/. Text.", not_after=ref) == datetime(
        2028, 11, 1, 12, tzinfo=UTC)
    assert infer_published("SEOUL, Jan. 3 (Yonhap) -- Text.", not_after=ref) == datetime(2029, 1, 3, 12, tzinfo=UTC)
    assert infer_published("On December 1, troops moved.", not_after=ref) is None  # a date in a sentence


def test_lexicon_resolves_forms_to_canonical_actors() -> None:
    lx = default_lexicon()
    found = [(m.entity, m.role) for m in lx.find(
        "Pyongyang's envoy, the DPRK's Choe Son Hui, met Russian officials and the EU-South Korea panel in Seoul.")]
    assert found == [("North Korea", "capital"), ("North Korea", "name"), ("North Korea", "person"),
                     ("Russia", "demonym"), ("EU", "name"), ("South Korea", "name"), ("South Korea", "capital")]


def test_lexicon_case_and_word_rules() -> None:
    lx = default_lexicon()
    assert lx.find("EUROPEAN feud in Europe; us and them") == []
    assert [m.entity for m in lx.find("South korea and the U.S. and N.Korea")] == [
        "South Korea", "United States", "North Korea"]
    assert lx.canonical("kremlin") == "Russia"
    assert lx.canonical("Atlantis") is None


@pytest.mark.parametrize("native", [True, False])
def test_names_holding_an_actors_name_are_no_actor(native: bool) -> None:
    lx = EntityLexicon.load(native=native)
    text = "South Korea's National Security Council met as the Korea Herald and the UN Security Council reported."
    assert [(m.entity, m.text) for m in lx.find(text)] == [("South Korea", "South Korea"),
                                                           ("UN", "UN Security Council")]
    assert lx.canonical("Korea Herald") is None
    assert "(not an actor)" not in lx.entities


def test_a_seat_named_with_its_body_is_a_venue() -> None:
    lx = default_lexicon()
    nato = "NATO allies met in Brussels with officials from Seoul."
    plain = "Brussels and Seoul signed a partnership."
    both = "The EU and NATO met in Brussels."
    kept = lx.without_venues([lx.find(nato), lx.find(plain), lx.find(both)])
    assert [(m.entity, m.text) for m in kept[0]] == [("NATO", "NATO"), ("South Korea", "Seoul")]
    assert kept[1] == lx.find(plain)  # the EU's capital, in a sentence that names no NATO
    assert [m.entity for m in kept[2]] == ["EU", "NATO"]


def test_bad_lexicon_file(tmp_path: Path) -> None:
    f = tmp_path / "entities.yaml"
    f.write_text("Ruritania:\n  names: [Ruritania]\n  nicknames: [Rury]\n")
    with pytest.raises(ConfigError) as exc:
        EntityLexicon.load(f)
    assert "unknown group 'nicknames'" in str(exc.value)
    assert exc.value.file == str(f)


def test_people_introduced_by_a_countrys_title_are_learned_and_named_again() -> None:
    from monitor.analysis.entities import with_titled_people
    lexicon = default_lexicon()
    sentences = ["Poland's defence minister, Wladyslaw Kosiniak-Kamysz, arrived in Seoul.",
                 "Kosiniak-Kamysz met his South Korean counterpart, acting defence minister Kim Seon-ho.",
                 "Separately, Japan's defence minister spoke.",
                 "Seoul called in the Russian envoy It was.",
                 "North Korean leader Kim Jong Un watched a test, and Kim praised the soldiers."]
    found = with_titled_people(sentences, [lexicon.find(s) for s in sentences])
    people = [[(m.text, m.entity) for m in ms if m.role == "person"] for ms in found]
    assert people[0] == [("Wladyslaw Kosiniak-Kamysz", "Poland")]
    assert ("Kosiniak-Kamysz", "Poland") in people[1]
    assert ("Kim Seon-ho", "South Korea") in people[1]
    # A sentence's opening word and a pronoun after a title are no names.
    assert people[2] == []
    assert people[3] == []
    # A word a known person's name holds is not read alone ("Kim" stays North Korea's leader's).
    assert ("Kim", "South Korea") not in people[4]


def test_short_day_month_dates_of_cables() -> None:
    published = datetime(2024, 6, 20, tzinfo=UTC)
    when = [[r.when for r in time_refs(s, published)] for s in (
        "Putin and Kim held talks 19/06.", "Met Kallas 21/05.", "Talks 6/19 in Seoul.", "on 12/25 last year",
        "about 1/3 of the troops", "working 24/7", "after 9/11", "a 50/50 split")]
    assert [w[0] if w else None for w in when] == [
        datetime(2024, 6, 19).date(), datetime(2024, 5, 21).date(), datetime(2024, 6, 19).date(),
        datetime(2023, 12, 25).date(), None, None, None, None]
