"""Which facts of a tagged article alert: those whose sentence names an actor of its topics."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.analysis.pipeline import Pipeline, PipelineConfig
from monitor.models import Article

T0 = datetime(2031, 3, 1, 12, tzinfo=UTC)
# A roundup page: one item on the topic, two others beside it.
ROUNDUP = (
    "South Korea's spy agency said more than 10,000 North Korean troops were now in Russia.\n"
    "German Chancellor Olaf Scholz spoke with Vladimir Putin by phone on Tuesday.\n"
    "The EU agreed to impose sanctions on Iranian airline Iran Air on Monday.\n"
    "Japan summoned the Chinese ambassador over North Korea's missile cooperation with Russia."
)


def test_only_facts_whose_sentence_names_an_actor_of_the_articles_topics_alert() -> None:
    result = Pipeline().process(Article(id="roundup", text=ROUNDUP, published=T0))
    assert result.topics == ["north-korea-russia"]
    # Every fact is still extracted and reported...
    assert {(a.type, a.actors, a.targets) for a in result.diplomatic_actions} == {
        ("meeting", ("Germany", "Russia"), ()), ("sanctions", ("EU",), ("Iran",)),
        ("summon_ambassador", ("Japan",), ("China",))}
    # ...but the EU's sanctions on Iran name neither North Korea, Russia nor Ukraine. Japan's summons does,
    # though neither Japan nor China is of the topic.
    assert sorted(a.summary for a in result.alerts) == [
        "Germany and Russia met", "Japan summoned the ambassador of China",
        "North Korea troops: more than 10,000 in Russia (per South Korea's spy agency)"]


def test_facts_of_a_context_groups_actors_alone_do_not_alert() -> None:
    # Ukraine helps tag a North Korea-Russia article, but a meeting of Ukraine's with a third country is not its news.
    text = ("North Korea has sent about 12,000 troops to fight Ukraine in Russia's Kursk region, Kyiv says.\n"
            "Ukrainian President Volodymyr Zelensky met Polish President Andrzej Duda in Kyiv on Tuesday.")
    result = Pipeline().process(Article(id="context", text=text, published=T0))
    assert result.topics == ["north-korea-russia"]
    assert ("meeting", ("Poland", "Ukraine"), ()) in {(a.type, a.actors, a.targets) for a in result.diplomatic_actions}
    assert sorted(a.summary for a in result.alerts) == ["North Korea troops: about 12,000 (per Ukraine)"]


def test_with_alerts_on_untagged_articles_every_new_fact_alerts() -> None:
    pipeline = Pipeline(PipelineConfig(alert_untagged=True))
    text = "The EU agreed to impose sanctions on Iranian airline Iran Air on Monday."
    result = pipeline.process(Article(id="untagged", text=text, published=T0))
    assert result.topics == []
    assert [a.summary for a in result.alerts] == ["EU imposed sanctions on Iran"]


def test_previously_lists_only_figures_known_at_the_articles_time() -> None:
    """A stream out of date order (a late article, a replay): an article's alert lists the figures first
    reported before its own time, in time order."""
    from datetime import timedelta

    p = Pipeline()

    def run(n: int, days: int, text: str) -> list[str]:
        art = Article(id=f"order-{n}", text=text, published=T0 + timedelta(days=days), source=f"outlet-{n}")
        return [a.summary for a in p.process(art).alerts]

    assert run(1, 10, "North Korea has now sent about 15,000 troops to Russia, Seoul says.") == [
        "North Korea troops: about 15,000 in Russia (per South Korea)"]
    # Published before the 15,000 was reported: nothing was known before it.
    assert run(2, 5, "North Korea has sent about 11,000 troops to Russia, the Pentagon says.") == [
        "North Korea troops: about 11,000 in Russia (per United States)"]
    assert run(3, 12, "North Korea has sent about 20,000 troops to Russia, Kyiv says.") == [
        "North Korea troops: about 20,000 in Russia (per Ukraine); previously 11,000 → 15,000"]
