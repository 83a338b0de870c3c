"""Story grouping: one event from several outlets, different events apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.analysis.stories import MemoryStoryStore, StoryGrouper

T0 = datetime(2030, 2, 3, 8, tzinfo=UTC)
SUMMIT_A = [
    "Japanese Prime Minister Sanae Takaichi met Australian leader Anthony Albanese in Canberra on Monday.",
    "The two leaders signed a pact on critical minerals and agreed to expand joint naval drills.",
]
SUMMIT_B = [
    "Takaichi and Albanese sealed a critical minerals deal in Canberra, officials said.",
    "The agreement also covers naval exercises near Darwin.",
]
SUMMIT_C = [
    "In Canberra, Albanese hosted Takaichi for talks that ended with a minerals pact.",
    "Officials said naval cooperation would grow.",
]
MISSILE = [
    "North Korea fired a ballistic missile into the sea off its east coast on Monday, Seoul's military said.",
    "Japan's coast guard warned ships to stay clear of the area near Hokkaido.",
]
MEETING_SAME_ACTORS = [
    "South Korea's foreign minister met his Japanese counterpart in Tokyo on Monday to discuss North Korea.",
    "They agreed to keep close contact on the peninsula and on supply chains.",
]


def test_same_event_from_three_outlets_is_one_story() -> None:
    g = StoryGrouper()
    a = g.assign("a", SUMMIT_A, title=None, published=T0, source="outlet-1")
    b = g.assign("b", SUMMIT_B, title=None, published=T0 + timedelta(hours=2), source="outlet-2")
    c = g.assign("c", SUMMIT_C, title=None, published=T0 + timedelta(hours=5), source="outlet-3")
    assert a.is_new
    assert b.story_id == a.story_id == c.story_id
    assert c.sources == 3


def test_different_events_with_shared_actors_same_day_are_apart() -> None:
    g = StoryGrouper()
    m = g.assign("m", MISSILE, title=None, published=T0, source="o1")
    k = g.assign("k", MEETING_SAME_ACTORS, title=None, published=T0 + timedelta(hours=1), source="o2")
    assert m.story_id != k.story_id


def test_same_topic_outside_the_window_is_a_new_story() -> None:
    g = StoryGrouper(window=timedelta(days=3))
    a = g.assign("a", SUMMIT_A, title=None, published=T0, source="o1")
    late = g.assign("late", SUMMIT_B, title=None, published=T0 + timedelta(days=10), source="o2")
    assert late.story_id != a.story_id
    assert late.is_new


def test_duplicates_join_their_original_and_count_the_outlet() -> None:
    g = StoryGrouper()
    a = g.assign("a", SUMMIT_A, title=None, published=T0, source="wire")
    dup = g.join("a", "a-copy", "republisher", T0 + timedelta(hours=1))
    assert dup.story_id == a.story_id
    assert dup.sources == 2


def test_reprocessing_an_article_keeps_its_story_and_ids_are_deterministic() -> None:
    g1, g2 = StoryGrouper(), StoryGrouper()
    s1 = g1.assign("a", SUMMIT_A, title=None, published=T0, source="o")
    assert g1.assign("a", SUMMIT_A, title=None, published=T0, source="o").story_id == s1.story_id
    assert g2.assign("a", SUMMIT_A, title=None, published=T0, source="o").story_id == s1.story_id


def test_old_stories_are_evicted() -> None:
    store = MemoryStoryStore()
    g = StoryGrouper(store, window=timedelta(days=1))
    g.assign("a", SUMMIT_A, title=None, published=T0, source="o")
    g.assign("m", MISSILE, title=None, published=T0 + timedelta(days=5), source="o")
    assert len(store) == 1


def test_eviction_forgets_exactly_what_fell_out_of_the_window() -> None:
    """Eviction pops stories and article links by time instead of scanning them all: the same ones go
    as with a scan, when stories are saved again, out of time order, and links are re-made."""
    import random

    from monitor.analysis.stories import StoryState

    rng = random.Random(5)
    store = MemoryStoryStore()
    stories: dict[str, StoryState] = {}
    links: dict[str, tuple[str, datetime]] = {}
    for step in range(3000):
        sid = f"s{rng.randrange(60)}"
        at = T0 + timedelta(minutes=step * 10 + rng.randrange(-300, 300))  # out of order now and then
        story = stories.get(sid) or StoryState(sid, at, at, {f"t{rng.randrange(40)}": 1})
        story.last_seen = max(story.last_seen, at)
        stories[sid] = story
        aid = f"a{rng.randrange(400)}"  # articles linked again, to the same or another story
        store.save(story, aid)
        links[aid] = (sid, story.last_seen)
        if step % 50 == 49:
            before = at - timedelta(hours=6)
            gone = {s for s, st in stories.items() if st.last_seen < before}
            assert store.evict(before) == len(gone)
            for s in gone:
                del stories[s]
            links = {a: v for a, v in links.items() if v[1] >= before}
            assert sorted(store._stories) == sorted(stories)
            assert {a: store.story_of(a) is not None for a in links} == {a: links[a][0] in stories for a in links}
            assert sorted(store._articles) == sorted(links)
            terms = {t for st in stories.values() for t in st.terms}
            assert set(store._index) == terms


def test_names_are_capitalised_runs_and_sentence_openers_need_support() -> None:
    g = StoryGrouper()
    terms = g.terms([
        "Rising prices worried shoppers in Lyon, where Mayor Jeanne Dubois-Martin spoke.",
        "Dubois-Martin said the market would reopen.",
    ])
    assert "jeanne dubois martin" in terms  # the whole name
    assert "martin" in terms  # and its last word, so a shorter mention meets it
    assert "lyon" in terms
    assert "rising" not in terms  # a capital only because it opens the sentence
    assert not any(t.startswith("mayor") for t in terms)  # a title is not part of the name


def test_title_case_headline_words_are_not_names() -> None:
    g = StoryGrouper()
    terms = g.terms(["Ports reopened on Tuesday."], title="Dockworkers Strike Ends After Long Talks")
    assert terms.get("dockworker") == 1.0  # a lead word, not a name
    assert "strike end" not in terms


def test_actors_alone_are_weak_terms() -> None:
    g = StoryGrouper()
    terms = g.terms(["North Korea and Russia signed a treaty in Pyongyang."])
    assert terms["@North Korea"] < terms["treaty"]
    assert "pyongyang" not in terms  # an actor's capital is the actor


def test_a_long_report_of_the_same_event_still_joins() -> None:
    long_report = [
        *SUMMIT_B,
        "Analysts in Tokyo said the minerals deal fits a wider push to cut reliance on a single supplier.",
        "Opposition parties in both countries questioned the cost of the naval programme.",
        "Trade between the two nations reached a record last year, driven by coal, gas and beef.",
        "A separate visit by Indonesia's president to Jakarta's partners was postponed.",
        "Prices of lithium and rare earths have swung sharply over the past two years.",
    ]
    g = StoryGrouper()
    a = g.assign("a", SUMMIT_A, title="Takaichi and Albanese sign minerals pact", published=T0, source="o1")
    b = g.assign("b", long_report, title=None, published=T0 + timedelta(hours=3), source="o2")
    assert b.story_id == a.story_id
    assert not b.is_new


CASUALTIES = [
    "About 300 North Korean soldiers have been killed fighting Ukrainian forces in the Kursk region, Seoul's spy "
    "agency told lawmakers on Monday.",
    "The troops lacked experience of drone warfare, the agency said.",
]
SANCTIONS = [
    "The bloc imposed sanctions on six officials over the deployment of North Korean troops to fight in Russia's "
    "Kursk region.",
    "The listings target the defence minister and senior officers, Brussels said.",
]


def test_reports_sharing_only_the_war_vocabulary_are_apart() -> None:
    # Troops, soldiers, fighting, the region: every article on the topic says them.
    g = StoryGrouper()
    a = g.assign("a", CASUALTIES, title=None, published=T0, source="o1")
    b = g.assign("b", SANCTIONS, title=None, published=T0 + timedelta(hours=1), source="o2")
    assert a.story_id != b.story_id


def test_reports_sharing_only_their_agency_and_source_are_apart() -> None:
    # The same wire service quoting the same general staff on two events: neither is the event.
    launch = [
        "SEOUL, March 2 (Yonhap) -- North Korea fired two cruise missiles off its west coast on Sunday, South "
        "Korea's Joint Chiefs of Staff (JCS) said.",
        "The missiles flew for about two hours before falling into the Yellow Sea, the JCS said.",
    ]
    rotation = [
        "SEOUL, March 2 (Yonhap) -- North Korea has rotated a fresh brigade into the Kursk region, South Korea's "
        "Joint Chiefs of Staff (JCS) said on Sunday.",
        "The new unit replaces soldiers who suffered heavy losses in the winter, the JCS said.",
    ]
    g = StoryGrouper()
    a = g.assign("a", launch, title=None, published=T0, source="o1")
    b = g.assign("b", rotation, title=None, published=T0 + timedelta(hours=1), source="o2")
    assert a.story_id != b.story_id


def test_a_copy_committed_before_its_original_opens_the_story_in_the_originals_name() -> None:
    # With workers sharing state, the copy's story step may run first; the original must land in the same story
    # however few terms the two share (a copy's boilerplate shifts its lead).
    g = StoryGrouper()
    copy = g.join("orig", "copy", "mirror", T0, terms={"republish": 1.0, "wire": 1.0, "@North Korea": 0.5})
    original = g.assign("orig", MISSILE, title=None, published=T0, source="wire")
    assert original.story_id == copy.story_id
    assert original.sources == 2
    assert not original.is_new
    # Re-processing the original changes nothing.
    again = g.assign("orig", MISSILE, title=None, published=T0, source="wire")
    assert (again.story_id, again.sources) == (original.story_id, 2)
