"""Normalisation, boilerplate removal and sentence splitting (own fixtures)."""

from __future__ import annotations

import random

import pytest

from monitor.analysis import text as textmod
from monitor.analysis.text import clean, normalize, sentences, sentences_and_speakers, word_tokens

BODY = (
    "Seoul and Tokyo agreed on Tuesday to share missile-warning data in real time.\n"
    "The deal follows months of talks, officials said."
)
# Long enough that a heading after it starts the page's tail.
LONG_BODY = BODY + "\n" + "Analysts expect more cooperation between the two neighbours in the coming months. " * 3


def test_normalize_quotes_dashes_spaces_and_debris() -> None:
    raw = "\u201cWe\u2019re ready,\u201d he said \u2014 twice.\u00a0 The North n>Korean  side\u200b agreed."
    assert normalize(raw) == "\"We're ready,\" he said - twice. The North Korean side agreed."


def test_paragraphs_kept_as_lines() -> None:
    assert normalize("First para.\r\n\r\n\r\n  Second para.  ") == "First para.\nSecond para."


def test_copyright_and_reproduction_notices_removed() -> None:
    text = (
        "Copyright \u00a9 2031 Example Daily\n" + BODY + "\n\u00a9 example-daily.test\n"
        "Any reproduction of this material requires the prior written permission of the publisher.\n"
        "Privacy and Cookie Policies"
    )
    assert clean(text) == BODY


def test_donation_comment_and_correction_prompts_removed() -> None:
    text = (
        BODY + "\nBecome a patron today and help independent journalism.\n"
        "Please disable your ad blocker to support us.\n"
        "To suggest a correction, write to the editors.\n"
        "You can also highlight the text and press Ctrl + Enter\n"
        "Comments:\n"
        "\u043a\u043e\u043c\u0435\u043d\u0442\u0443\u0439\u0442\u0435:"
    )
    assert clean(text) == BODY


def test_ranking_and_related_lists_cut_the_tail() -> None:
    body = LONG_BODY
    text = body.strip() + "\nMOST READ\n- Storm hits the coast\n- Markets rally\nRelated Posts\nOther story"
    out = clean(text)
    assert out.endswith("coming months.")
    assert "Storm" not in out
    assert "Related" not in out


def test_photo_credits_dropped_but_caption_kept() -> None:
    text = "Images source: \u00a9 Agency | Photographer / Pool\n" + BODY + (
        "\nThe minister greets his counterpart in Seoul. Credit: Ministry via X"
    )
    out = clean(text)
    assert "Images source" not in out
    assert "Credit" not in out
    assert out.endswith("The minister greets his counterpart in Seoul.")


def test_body_prose_mentioning_boilerplate_words_survives() -> None:
    text = (
        "The court ruled on a copyright dispute between two broadcasters, officials said on Monday.\n"
        "Lawmakers discussed related measures and asked for public comments before the vote."
    )
    assert clean(text) == text


def test_repeated_lines_and_slugs_removed() -> None:
    text = "minister-visits-seoul-today\n" + BODY + "\nThe deal follows months of talks, officials said."
    assert clean(text) == BODY


def test_sentences_respect_abbreviations_decimals_and_quotes() -> None:
    text = (
        "EU and S.Korea Urge Talks\n"
        "U.S. Secretary of State Blinken met Gen. Smith at 2 p.m. on Monday. About 1.5 million people "
        "watched. \"We are united,\" he said. Prices rose 3.5% in Jan. after the vote. Kim met then-U.S. President "
        "Trump. They agreed on a follow-up. Talks ended."
    )
    want = [
        "EU and S.Korea Urge Talks",
        "U.S. Secretary of State Blinken met Gen. Smith at 2 p.m. on Monday.",
        "About 1.5 million people watched.",
        "\"We are united,\" he said.",
        "Prices rose 3.5% in Jan. after the vote.",
        "Kim met then-U.S. President Trump.",
        "They agreed on a follow-up.",
        "Talks ended.",
    ]
    assert sentences(text) == want
    assert sentences(text, use_native=False) == want


def test_word_tokens() -> None:
    assert word_tokens("North Korea's 1,500-strong force, Kim Yong-hyun.") == [
        "north", "korea's", "1", "500-strong", "force", "kim", "yong-hyun",
    ]


def test_every_special_character_maps_as_its_table_says() -> None:
    import unicodedata

    from monitor.analysis.text import _TRANSLATE

    for code in _TRANSLATE:
        ch = chr(code)
        text = f"Seoul{ch}said ({ch}) ünd{ch}"  # non-ASCII around it: the slow path
        expected = " ".join(unicodedata.normalize("NFKC", text).translate(_TRANSLATE).split())
        assert normalize(text) == expected, repr(ch)
    raw = "Kim\u2019s \u201cvisit\u201d \u2014 \u00fcber\u00a0all\u200b\r"
    assert normalize(raw) == 'Kim\'s "visit" - \u00fcber all'


def test_furniture_lines_in_any_case_and_length() -> None:
    from monitor.analysis.text import _is_furniture

    furniture = ["Comments:", "Share | Print", "Tweet", "Print / Email", "Коментуйте", "KOMENTARZE:",
                 "Copyright 2025 Example Media", "© Example", "All rights reserved.", "Suggest a correction",
                 "Press Ctrl+Enter to report a typo", "Leave a comment", "Image source: Example Agency",
                 "Subscribe to our newsletter", "north-korea-troops-russia", "NORTH-KOREA-TROOPS-RUSSIA", "-----",
                 "Reproduction of this material without prior written permission is prohibited by law here.",
                 "Become a patron of our newsroom for the cost of one cup of coffee a month and support us."]
    for line in furniture + [f.upper() for f in furniture]:
        assert _is_furniture(line), line
    body = ["He declined to comment on the talks.", "The two sides will share intelligence.",
            "Officials did not print the names.", "The email was sent on Monday.",
            "The ministry declined to comment on reports that more troops had arrived in the region this week."]
    for line in body:
        assert not _is_furniture(line), line


def test_wire_credits_bylines_and_page_prompts_removed() -> None:
    text = (
        "By Jane Roe and John Doe, Example News\nUpdated: Nov 4, 2031, 10:32 KST\n" + BODY + "\n"
        "Advertisement\n"
        "(Reporting by Jane Roe in Seoul; Additional reporting by John Doe in Moscow; Editing by Ann Smith)\n"
        "Our Standards: The Example Trust Principles.\nSign up here.\nFollow Example News on Telegram\n"
        "Download our news app for free\nThe views expressed in this article are the author's own."
    )
    assert clean(text) == BODY


@pytest.mark.parametrize("native", [True, False])
def test_newsletter_prompts_and_sharing_rows_removed(native: bool) -> None:
    text = (BODY + "\nSubscribe to our weekly Asia newsletter for more.\nShare this story\n"
            "Facebook | Twitter | WhatsApp | Copy link\nEmail Print")
    assert clean(text, use_native=native) == BODY


def test_breadcrumbs_tag_lists_and_posting_times_removed() -> None:
    text = (
        "Home > World > Asia\nPosted on 2031-08-20 09:14 | Updated 2031-08-20 11:02\n" + BODY + "\n"
        "Tags: North Korea, Russia, military\nFiled under: Defence"
    )
    assert clean(text) == BODY


def test_links_to_other_stories_inside_the_body_removed() -> None:
    paragraphs = BODY.split("\n")
    text = "\n".join([paragraphs[0], "Read also: EU imposes sanctions on North Korean defence minister",
                      *paragraphs[1:], "READ ALSO Zelensky: 3,000 North Korean soldiers killed or wounded",
                      "Related: Seoul summons Russian envoy", "See also - Kim visits Moscow"])
    assert clean(text) == BODY


def test_list_markers_are_taken_off_their_items() -> None:
    items = ["Seoul said 3,000 troops were sent.", "Kim met Putin.", "The EU condemned it."]
    text = "\n".join(["North Korea", f"- {items[0]}", f"\u2022 {items[1]}", f"* {items[2]}", "-5 degrees"])
    assert clean(text) == "\n".join(["North Korea", *items, "-5 degrees"])


def test_credit_like_sentences_are_body_text() -> None:
    text = (
        "Home secretary Jane Roe said the troops arrived in the border region in October.\n"
        "Topics discussed included the deployment, officials said.\n"
        "Related to the deployment, Seoul summoned the Russian envoy on Monday.\n"
        "Read the full statement, the ministry told reporters.\n"
        "Reporting by state media said the troops arrived in the border region in October.\n"
        "By December, the number could rise to 10,000, officials said.\n"
        "Writing in a commentary, the agency accused Seoul of provocation.\n"
        "North Korea published a statement on Monday and posted updates through the week.\n"
        "The minister said the views expressed by Pyongyang were unacceptable."
    )
    assert clean(text) == text


def test_more_tail_headings_cut_the_tail() -> None:
    body = LONG_BODY
    for heading in ("Related coverage", "More on this story", "Also read:", "Editor's Picks", "What to read next"):
        out = clean(body.strip() + f"\n{heading}\nStorm hits the coast")
        assert out.endswith("coming months."), heading


def test_word_tokens_fast_path_matches_the_pattern() -> None:
    import re

    pattern = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
    for text in ["Kim's troops -- 1,500 of them -- 'arrived' in Kursk-region", "--a-b- ''x'' 3-year-long", "",
                 "Seoul\tand\nTokyo", "Über-cautious café owners", "e.g. U.S.-led"]:
        assert word_tokens(text) == pattern.findall(text.lower()), text


def test_markup_debris_is_removed_exactly_as_the_pattern_would() -> None:
    # The fast path tries the pattern only before each ">"; it must drop exactly what ``sub`` drops.
    rng = random.Random(3)
    pieces = ["n>", "b>", "ab>", "abc>", ">", "<b>", "</i>", " ", "  ", "\n", "North", "Korean", "a", "x>y", "9>",
              "> ", "e>>", "\u00a0", "K", "z> Y", "-"]
    texts = ["North n>Korean troops", "the <b>EU said", "a > b", "x n> 5", "tail n>"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 20))) for _ in range(20000)]
    changed = 0
    for text in texts:
        want = textmod._MARKUP_DEBRIS.sub("", text)
        assert textmod._strip_debris(text) == want, text
        changed += want != text
    assert changed > 2000


@pytest.mark.parametrize("native", [True, False])
def test_live_page_times_and_briefing_labels_are_taken_off_their_entries(native: bool) -> None:
    body = ("08:40 GMT \u2013 In a joint press statement, the two sides condemned the deployment.\n"
            "Update 09:05 - South Korea has summoned the Russian ambassador.\n"
            "14:10: Kim left Vladivostok by train.\n"
            "Driving the news: The Council on Monday added eight North Korean individuals to its sanctions list.\n"
            "Why it matters: It is the first such listing.")
    assert sentences(body, use_native=native) == [
        "In a joint press statement, the two sides condemned the deployment.",
        "South Korea has summoned the Russian ambassador.",
        "Kim left Vladivostok by train.",
        "The Council on Monday added eight North Korean individuals to its sanctions list.",
        "It is the first such listing."]


def test_times_and_speakers_that_open_no_entry_stay() -> None:
    body = "2024 was the year of the treaty.\nKallas: We condemn it.\n10.5 - a score.\nContext matters here."
    assert sentences(body) == ["2024 was the year of the treaty.", "Kallas: We condemn it.", "10.5 - a score.",
                               "Context matters here."]


def test_transcript_speakers_are_taken_off_what_they_say() -> None:
    body = ("ANCHOR: This is the news at nine.\nVOGEL: Seoul reacted within hours.\n"
            "KIM (correspondent): The ministry confirmed it.\nDPRK: Council sanctions six individuals.")
    assert sentences(body) == ["This is the news at nine.", "Seoul reacted within hours.",
                               "The ministry confirmed it.", "DPRK: Council sanctions six individuals."]


def test_transcript_turns_run_over_paragraphs_until_the_next_label_or_question() -> None:
    body = ("SEOUL - The ministers spoke to the press.\nMINISTER CHOE SON HUI: Thank you. We signed a plan.\n"
            "It runs to 2028.\nQ: Will Kim visit?\nThe leaders will decide.\nPRESIDENT VON DER LEYEN: We agree.")
    sents, speakers = sentences_and_speakers(body)
    assert sents == ["SEOUL - The ministers spoke to the press.", "Thank you.", "We signed a plan.", "It runs to 2028.",
                     "Q: Will Kim visit?", "The leaders will decide.", "We agree."]
    assert speakers == [None, "MINISTER CHOE SON HUI", "MINISTER CHOE SON HUI", "MINISTER CHOE SON HUI", None, None,
                        "PRESIDENT VON DER LEYEN"]
    assert sentences(body) == sents


def test_citation_marks_are_dropped_so_sentences_end_where_they_do() -> None:
    body = clean("Lee visited Brussels for the summit.[8] In a joint statement, the leaders condemned the launches."
                 "[9][10] The partnership was signed in Seoul.[citation needed] Talks resumed [a] in June.\n"
                 'She said "[the] deployment" must end [sic].')
    assert sentences(body) == ["Lee visited Brussels for the summit.",
                               "In a joint statement, the leaders condemned the launches.",
                               "The partnership was signed in Seoul.", "Talks resumed in June.",
                               'She said "[the] deployment" must end [sic].']
