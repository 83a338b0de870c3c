"""An article and a republished copy of it (our own text), for tests of duplicates across workers."""

from __future__ import annotations

from datetime import datetime, timedelta

from monitor.models import Article


def original_and_copy(published: datetime) -> tuple[Article, Article]:
    """A wire story with a troop figure, and the same text republished five minutes later elsewhere."""
    original = Article(id="orig", url="https://wire.test/1", source="wire", published=published,
                       title="Pyongyang sends more troops to Russia",
                       text="North Korea has sent about 3,000 more soldiers to Russia, Seoul's spy agency said on "
                            "Wednesday. The deployment raises the total to about 14,000 troops, lawmakers said. "
                            "Russia's foreign ministry declined to comment on the report from Seoul.")
    copy = Article(id="copy", url="https://mirror.test/1", source="mirror", published=published + timedelta(minutes=5),
                   title=original.title, text="Republished from the wire. " + original.text + " Comments are closed.")
    return original, copy
