"""Text normalisation, boilerplate removal and sentence splitting.

Everything downstream (fingerprints, topics, extractors) sees the output of
:func:`clean`: normalised characters, the article body without site furniture
(copyright and licensing notices, donation appeals, ranking lists, related
posts, comment prompts, photo credits), one paragraph per line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

import ahocorasick

from monitor.analysis import native

if TYPE_CHECKING:
    import monitor_native

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
        "\u2026": "...", "\r": None,
    }
)
# Debris of broken markup inside running text: "North n>Korean", "the <b>EU".
_MARKUP_DEBRIS = re.compile(r"(?:(?<=\s)[a-z]{1,2}>|</?[a-z]{1,6}\s*/?>)(?=\s*[A-Za-z])")


# str.translate looks every character up in the table: slow on text that is not pure ASCII. The
# characters to map are rare, so a regex finds them and only those are looked up.
_TRANSLATED = {chr(k): v or "" for k, v in _TRANSLATE.items() if k != ord("\r")}
_TRANSLATABLE = re.compile("[" + "".join(map(re.escape, _TRANSLATED)) + "]")


def _translate(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r", "")
    if text.isascii():
        return text
    return _TRANSLATABLE.sub(lambda m: _TRANSLATED[m.group()], text)


def _strip_debris(text: str) -> str:
    """``_MARKUP_DEBRIS.sub("", text)``, without running the pattern along the whole text.

    The pattern starts with a look-behind, so Python's engine tries it at every position: ~50 µs on
    a 3 KB article. Without a "<" only its first alternative can match, and only two or one
    characters before a ">": the pattern is tried there, left to right, as ``sub`` would find them.
    """
    if ">" not in text:
        return text
    if "<" in text:
        return _MARKUP_DEBRIS.sub("", text)
    out: list[str] = []
    last = 0
    gt = text.find(">")
    while gt >= 0:
        for start in (gt - 2, gt - 1):
            if start >= last and start >= 0:
                m = _MARKUP_DEBRIS.match(text, start)
                if m is not None:
                    out.append(text[last:start])
                    last = m.end()
                    break
        gt = text.find(">", gt + 1)
    out.append(text[last:])
    return "".join(out)


def normalize(text: str, *, use_native: bool = True) -> str:
    """Canonical characters and spacing; paragraph breaks kept as single newlines."""
    text = _strip_debris(_translate(unicodedata.normalize("NFKC", text)))
    if use_native and native.kernels is not None:
        return native.kernels.collapse_whitespace(text)  # the same, in one pass
    # str.split() collapses every run of whitespace (the odd Unicode spaces were mapped to " " above).
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- boilerplate

_I = re.IGNORECASE
# A line that is entirely furniture.
_DROP_LINE = [
    re.compile(p, _I)
    for p in (
        r"^(?:copyright\b|\(c\)\s|©)",
        r"\ball rights reserved\b",
        r"^©\s*\S+$",
        r"\b(?:reproduction|reprint|republication|redistribution)\b.{0,200}\b(?:consent|permission|prohibited|"
        r"authori[sz]ation|forbidden)\b",
        r"\b(?:written|prior|explicit) (?:and explicit )?(?:permission|consent)\b",
        r"\bwhen (?:referencing|quoting|citing) (?:our|these) materials\b",
        r"^(?:privacy|cookie)(?: and cookie)? polic(?:y|ies)\.?$",
        r"\b(?:privacy policy|cookie policy|terms of (?:use|service))\b.{0,40}$",
        r"\bbecome a (?:patron|member|subscriber|supporter)\b",
        r"\b(?:support|donate to) (?:us|our (?:work|journalism|newsroom|team))\b",
        r"\bdisabl(?:e|ing) (?:your )?ad ?blocker\b",
        r"\bthe work of .{1,60} is supported by\b",
        r"\bjoin our community\b",
        r"\bcost of (?:one|a) cup of coffee\b",
        r"\bsubscribe (?:to|for) (?:our|the) (?:[\w-]+ ){0,2}(?:newsletters?|channel|podcast|updates)\b",
        r"\bsuggest a correction\b",
        r"\bctrl\s*\+\s*enter\b",
        r"\bleave (?:a|your) (?:comment|suggestions?)\b",
        r"^(?:comments?|коментуйте|коментарі|комментарии|komentarze|kommentare|commentaires)\s*:?$",
        r"^(?:images? source|image credit|photo(?: credit)?|photograph|foto|źródło zdjęć|source of (?:the )?image)"
        r"\s*:",
        r"^(?:share|share this(?: (?:article|story|page|post))?|tweet|print|email)(?:\s*[|/]\s*\w+)*$",
        # A row of sharing buttons: "Facebook Twitter Email".
        r"^(?:(?:facebook|twitter|x|email|e-mail|whatsapp|telegram|linkedin|reddit|copy link|print|share)"
        r"\s*[|/\u00b7]?\s*){2,}$",
        r"^[-·•|*]+$",
        r"^[a-z0-9]+(?:-[a-z0-9]+){2,}$",  # a bare URL slug
        r"\bsign up (?:here|now|for (?:our|the) \w+ newsletter)\b.{0,40}$",
        r"\bthe views (?:and opinions )?expressed (?:in this (?:article|column|piece) )?(?:are|do not)\b",
    )
]
# Furniture recognised by how the line opens; tried only on lines that open with one of _LEADS.
_LEAD_FURNITURE = re.compile("|".join(f"(?:{p})" for p in (
    # Wire credits: "(Reporting by A in Seoul; Editing by B)". Reporters' names are rare words, and rare
    # words are what stories are grouped by: left in, they tie unrelated stories by one reporter. A credit
    # is a list ("; Editing by"), in parentheses, or a few names: "Reporting by state media said..." is a
    # sentence.
    r"\(?(?:additional )?(?:reporting|writing|editing|compiled|translat(?:ed|ion)|graphics?)\b[^.;]{0,40}?"
    r"\bby\b(?:[^;()]{0,80}[;)].{0,200}|(?:\s+\S+){1,6}\s*)$",
    r"our standards\s*:",
    r"sign up\b.{0,80}$",
    r"(?:follow|like) (?:us|[\w ]{1,30}) on (?:twitter|x|facebook|telegram|instagram|linkedin|threads|bluesky|"
    r"youtube|whatsapp)\b.{0,60}$",
    r"advertisement$|(?:scroll|continue reading) (?:to|below)\b",
    r"click here\b.{0,100}$|download (?:our|the) (?:\w+ )?app\b.{0,80}$",
    r"(?:first |last )?(?:updated|published|posted)(?: on| at)?\s*:?\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)\w*\.? \d)[\w ,.:/+|-]{0,80}$",
    # A link to another story inside the body: "Read also: EU imposes sanctions on ...". Its headline's
    # facts are not this article's.
    r"(?:read (?:also|more|next)|also read|see also)\b\s*[:|>-]?\s*\S.{0,200}$",
    r"related(?: (?:article|story|stories|news|coverage|content))?\s*:\s*\S.{0,200}$",
    # A page's tag list and its breadcrumb trail ("Home > World > Asia").
    r"(?:tags|tagged|topics|keywords|filed under)\s*:.{0,200}$",
    r"home\s*[>›»/|](?:\s*[\w&,' -]{1,30}\s*[>›»/|]?){0,5}$",
)), _I)
_LEADS = ("(", "additional", "reporting", "writing", "editing", "compiled", "translat", "graphic", "our standards",
          "sign up", "follow", "like", "advertisement", "scroll", "continue reading", "click here", "download",
          "first ", "last ", "updated", "published", "posted", "tags", "tagged", "topics", "keywords", "filed under",
          "home", "read also", "read more", "read next", "also read", "see also", "related")
# "By Jane Doe and John Roe, Example News": a byline, read case-sensitively (names are capitalised).
_BYLINE = re.compile(
    r"(?:By|BY) [A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,3}(?:(?:,| and| &) [A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,3})*"
    r"(?: in [A-Z][\w'.-]+(?: [A-Z][\w'.-]+)?)?\.?$"
)
# A heading after which the rest of the page is furniture (lists of other stories).
_TAIL_HEADING = re.compile(
    r"^(?:\"?[\w ]{0,30}\"?\s*)?(?:popular articles?|most (?:read|popular|viewed)|access ranking|ranking|trending"
    r"(?: now)?|related (?:posts|articles|stories|news|coverage|topics)|read (?:also|more|next)|also read|see also"
    r"|more from .{1,40}|more on this (?:story|topic)|more stories|recommended stories|what to read next"
    r"|editor'?s'? picks|most shared|don'?t miss"
    r"|you (?:may|might) also like|recommended(?: for you)?|top stories|latest news|читайте також"
    r"|читайте также|czytaj (?:też|także)|lesen sie auch|à lire aussi)\s*:?$",
    _I,
)
# An inline credit at the end of a caption line: keep the caption, drop the credit.
_INLINE_CREDIT = re.compile(
    r"\s*(?:photo|image|credit|source|foto)s?\s*:\s*[^.]{1,80}?(?:via|/|\|)\s*[^.]{1,60}$", _I
)
_CREDIT_WORD = re.compile(r"(?:photo|image|credit|source|foto)s?\s*:", _I)
_BULLETS = frozenset("-*\u2022\u00b7\u25aa\u25cf")
_BULLET = re.compile("^[-*\u2022\u00b7\u25aa\u25cf]\\s+(?=\\S)")
_MIN_BODY_BEFORE_TAIL = 300
_MAX_TAIL_HEADING = 120  # headings are short; the pattern is never tried on a paragraph


_FURNITURE = re.compile("|".join(f"(?:{p.pattern})" for p in _DROP_LINE), _I)
# Substrings one of which every furniture line contains; a plain ``in`` test is
# far cheaper than the full patterns, so most body lines are cleared at once.
_MARKERS = (
    "copyright", "©", "(c)", "rights reserved", "reproduc", "reprint", "republica", "redistrib", "permission",
    "consent", "referenc", "quoting", "citing", "privacy", "cookie", "terms of", "patron", "become a", "subscri",
    "support us", "support our", "donat", "ad blocker", "adblocker", "supported by", "join our", "coffee",
    "correction", "ctrl", "leave a", "leave your", "image", "photo", "foto", "źródło",
    "sign up", "views expressed", "views and opinions expressed", "facebook", "twitter", "whatsapp",
)
# Short lines may also be bare prompts ("Comments:", "Share | Print"), which these name.
_SHORT_MARKERS = ("comment", "коментуйте", "коментарі", "комментарии", "komentarze", "kommentare", "share",
                  "tweet", "print", "email")


def _automaton(words: tuple[str, ...]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


_MARKER_SCAN = _automaton(_MARKERS)
_SHORT_MARKER_SCAN = _automaton(_MARKERS + _SHORT_MARKERS)
_SHORT_FURNITURE = re.compile(r"^[-·•|*]+$|^[a-z0-9]+(?:-[a-z0-9]+){2,}$")
_SHORT_FURNITURE_ANY_CASE = re.compile(_SHORT_FURNITURE.pattern, _I)  # as the full patterns read short lines


def _native_pattern(rx: re.Pattern[str]) -> monitor_native.Pattern | None:
    if native.kernels is None:
        return None
    try:
        return native.kernels.Pattern(native.pattern_text(rx))
    except ValueError:  # a construct the native engine lacks: Python's runs
        return None


# The furniture patterns are an alternation Python's engine tries at every position of a line: ~100 µs
# on a long paragraph that merely mentions a photo. The native automaton answers in ~1 µs.
_NATIVE_FURNITURE = _native_pattern(_FURNITURE)
_NATIVE_TAIL = _native_pattern(_TAIL_HEADING)
# Where the two engines read a line alike: ASCII, Latin-1 and Latin Extended-A letters (word characters
# with one-to-one case pairs in both; not the dotted capital I or the dotless i, which Python's
# case-insensitive matching pairs with "i" and the native engine does not) and a few symbols that are
# neither word characters nor spaces in either.
_NATIVE_UNSAFE = re.compile("[^\x00-\x7f\u00a3\u00a9\u00ae\u00b0\u00c0-\u00d6\u00d8-\u00f6"
                            "\u00f8-\u012f\u0132-\u017e\u20ac]")


def _native_reads(line: str) -> bool:
    """Whether the native patterns read ``line`` as Python's do."""
    return line.isascii() or _NATIVE_UNSAFE.search(line) is None


_NATIVE_MARKERS = native.kernels.MarkerScan(list(_MARKERS)) if native.kernels is not None else None
_NATIVE_SHORT_MARKERS = native.kernels.MarkerScan(list(_MARKERS + _SHORT_MARKERS)) \
    if native.kernels is not None else None


def _is_furniture(line: str, use_native: bool = True) -> bool:
    if len(line) < 80 and _SHORT_FURNITURE.match(line):
        return True
    if len(line) < 100 and line[:3] in ("By ", "BY ") and _BYLINE.match(line):
        return True
    if line[:20].lower().startswith(_LEADS) and _LEAD_FURNITURE.match(line):
        return True
    if len(line) < 40 and _SHORT_FURNITURE_ANY_CASE.match(line):
        return True
    # Every furniture pattern holds one of the markers (tests check a line of each kind), so a line without any is
    # body text; only the rare line with one pays for the full patterns.
    if use_native and _NATIVE_MARKERS is not None and _NATIVE_SHORT_MARKERS is not None:
        if not (_NATIVE_SHORT_MARKERS if len(line) < 40 else _NATIVE_MARKERS).any(line.lower()):
            return False
    elif next((_SHORT_MARKER_SCAN if len(line) < 40 else _MARKER_SCAN).iter(line.lower()), None) is None:
        return False
    if use_native and _NATIVE_FURNITURE is not None and _native_reads(line):
        return _NATIVE_FURNITURE.search(line)
    return _FURNITURE.search(line) is not None


def _tail_heading(line: str, use_native: bool) -> bool:
    if use_native and _NATIVE_TAIL is not None and _native_reads(line):
        return _NATIVE_TAIL.search(line)  # the pattern opens with "^": a search is a match at the start
    return _TAIL_HEADING.match(line) is not None


def strip_boilerplate(text: str, *, use_native: bool = True) -> str:
    """Remove site furniture from normalised text (one paragraph per line)."""
    kept: list[str] = []
    seen: set[str] = set()
    body_chars = 0
    for line in text.split("\n"):
        if len(line) <= _MAX_TAIL_HEADING and body_chars >= _MIN_BODY_BEFORE_TAIL and _tail_heading(line, use_native):
            break
        if _is_furniture(line, use_native):
            continue
        if ":" in line and _CREDIT_WORD.search(line):
            line = _INLINE_CREDIT.sub("", line).strip()
        if line[:1] in _BULLETS:
            line = _BULLET.sub("", line, count=1)  # a list item's marker: "- Seoul said ..." reads "Seoul said ..."
        if not line or line in seen:  # pages often repeat a pull quote or heading verbatim
            continue
        seen.add(line)
        kept.append(line)
        body_chars += len(line)
    return "\n".join(kept)


# A reference page's citation marks: "... von der Leyen.[8] In a joint statement", "[citation needed]", "[a]".
_CITATION_MARK = re.compile(r" ?\[(?:\d{1,3}(?:[,\u2013-]\s?\d{1,3})*|[a-z]|(?:note|nb)\s\d{1,3}"
                            r"|(?:citation|clarification|better\s+source|verification)\s+needed"
                            r"|when\?|who\?|which\?|according\s+to\s+whom\?)\]", re.IGNORECASE)


def clean(text: str, *, title: str | None = None, use_native: bool = True) -> str:
    """Normalise and strip boilerplate: the body every later stage works on."""
    body = strip_boilerplate(normalize(text, use_native=use_native), use_native=use_native)
    # (Marks glued to a full stop would hide where a sentence ends.)
    return _CITATION_MARK.sub("", body) if "]" in body else body


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt cmdr adm gov sen rep pres st mt ft no nos vol fig jr sr inc ltd
    co corp dept univ est approx vs etc al jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u
    n.korea s.korea a.m p.m e.g i.e ph.d amb incl""".split()
)
# (The next sentence may open on any capital letter: "... friction. Šefčovič held a call"; the capital is checked in
# :func:`_split_line`.)
_BOUNDARY = re.compile(r"([.!?])([\"')\]]*)\s+(?=[\"'(\[]?[^\W_])")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]?")


def _split_line(line: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        following = line[m.end():m.end() + 2].lstrip("\"'([")[:1]
        if not (following.isupper() or following.isdigit()):
            continue
        if m.group(1) == ".":
            end = m.start()
            # The token before the full stop (a backwards scan: a regex search would rescan the sentence).
            token = line[max(line.rfind(" ", start, end), start - 1) + 1:end].lower().lstrip("\"'(")
            token = token[token.rfind("-") + 1:]  # "then-U.S. President": the word after the hyphen
            # "U.S.", "Gen.", "S." in "S. Korea", "No. 2": not the end of a sentence.
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or (
                    "." in token and _INITIALS.fullmatch(token)):
                continue
        end = m.end(2)
        sentence = line[start:end].strip()
        if sentence:
            out.append(sentence)
        start = m.end()
    tail = line[start:].strip()
    if tail:
        out.append(tail)
    return out


# A live page's entry opens on its time: "08:40 GMT – ", "Update 09:05 - ", "14:10: ".
_LIVE_STAMP = re.compile(r"(?:(?:Update[d]?|UPDATE[D]?)\s*:?\s*)?\d{1,2}[:.]\d{2}\s*"
                         r"(?:(?:GMT|UTC|BST|CET|CEST|EET|EEST|KST|JST|MSK|ET|EST|EDT|PT|PST|PDT|local\s+time|[ap]\.?m\.?)\s*)?(?:[\u2013\u2014-]|:)\s+(?=\S)")


# A briefing's item opens on a stock label: "Driving the news: ", "Why it matters: ", "By the numbers: ".
_NEWSLETTER_LABEL = re.compile(
    r"(?i:driving\s+the\s+news|why\s+it\s+matters|what's\s+in\s+it|what's\s+next|by\s+the\s+numbers"
    r"|(?:the\s+)?big\s+picture|between\s+the\s+lines|yes,\s+but|flashback|zoom\s+(?:in|out)|state\s+of\s+play"
    r"|reality\s+check|the\s+latest|catch\s+up\s+quick|go\s+deeper|(?:the\s+)?bottom\s+line|what\s+they're\s+saying"
    r"|what\s+we're\s+watching|what\s+to\s+watch|the\s+backstory|key\s+quote|the\s+other\s+side|threat\s+level"
    r"|our\s+thought\s+bubble|be\s+smart|of\s+note|context):\s+(?=\S)")


# A transcript's speaker: "ANCHOR: ", "CHO: ", "KIM (correspondent): ", "PRESIDENT VON DER LEYEN: " (names in
# capitals; not an acronym that opens a headline-like line: "DPRK: Council sanctions ...").
_TRANSCRIPT_STAMP = re.compile(r"[\[(]\d{1,2}:\d{2}(?::\d{2})?[\])]\s+")
_SPEAKER_LABEL = re.compile(r"[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,5}(?:\s+\([^()]{1,40}\))?:\s+(?=\S)")
_NOT_SPEAKERS = frozenset(("EU", "UN", "US", "UK", "USA", "NATO", "DPRK", "ROK", "G7", "G20", "KCNA", "TASS", "NIS",
                           "EEAS", "ASEAN", "IAEA", "OSCE", "UNSC", "ISW", "HUR", "JCS", "MOFA", "AFP", "AP", "BBC",
                           "CNN", "RUSSIA", "UKRAINE", "KOREA", "CHINA", "JAPAN", "SEOUL", "MOSCOW", "PYONGYANG",
                           "NORTH KOREA", "SOUTH KOREA", "BRUSSELS", "KYIV", "BEIJING", "TOKYO", "WASHINGTON"))


# Or in a ministry's or an alliance's own transcript, by title in capitals and lower case: "Foreign Minister Iwaya: ",
# "NATO Secretary General Mark Rutte: ", "Reporter (Kyodo): " (an office word in the label, so that a digest's
# "North Korea-Russia: ..." is no one's turn).
_TITLED_LABEL = re.compile(r"(?:[A-Z][\w.'-]*\s+){0,6}?[A-Z][\w.'-]*(?:\s+[(\[][^()\[\]]{1,40}[)\]])?:\s+(?=\S)")
_OFFICE_WORD = re.compile(r"\b(?:Minister|Secretary|Spokes(?:person|man|woman)|President|Ambassador|Chair(?:man|woman)?"
                          r"|Commissioner|Director|Representative|Chancellor|Premier|Deputy|Envoy|Moderator|Mr|Ms|Mrs|Dr"
                          r"|Reporter|Journalist|Question|Correspondent)\b")
# A question's turn by its label: "Question [Reuters]: ", "Reporter (Kyodo): ", "Journalist: ".
_ASKING_LABEL = re.compile(r"(?:Question|Reporter|Journalist|Q)\b")


def sentences(text: str, *, use_native: bool = True) -> list[str]:
    """Sentences of a cleaned body; every line break is a boundary.

    ASCII lines go to the native splitter when it is installed (same sentences); ``use_native=False``
    runs the Python code.
    """
    return sentences_and_speakers(text, use_native=use_native)[0]


# A question's label in a transcript: the journalist's turn, no one's words to attribute.
_QUESTION_LABEL = ("Q:", "Q.", "QUESTION:", "Question:")
# Or the asking outlet's name, as a foreign ministry's transcript gives it ("AFP: ", "Bloomberg: ").
_OUTLET_LABELS = frozenset(("AFP", "AP", "REUTERS", "BLOOMBERG", "CCTV", "CGTN", "YONHAP", "KYODO", "NHK", "TASS",
                            "RIA", "RIA NOVOSTI", "XINHUA", "EFE", "DPA", "ANSA", "BBC", "CNN", "NIKKEI", "ASAHI",
                            "JIJI", "PHOENIX", "GLOBAL TIMES", "CHINA DAILY", "AL JAZEERA", "KBS", "MBC", "SBS",
                            "INTERFAX", "IZVESTIA", "KOMMERSANT", "EURONEWS", "POLITICO", "ANADOLU", "ITAR-TASS",
                            "SHENZHEN TV", "CHINA NEWS SERVICE", "BEIJING YOUTH DAILY", "THE PAPER", "HUBEI TV"))
# A turn by the speaker's name alone, as transcripts of ministries and the Kremlin give it ("Lin Jian: ", "Dmitry
# Peskov: "): read as a label where the text opens two lines or more on it.
_NAME_LABEL = re.compile(r"(?:[A-Z][\w.'-]*\s+){0,3}[A-Z][\w.'-]*(?=:\s+\S)")


def _repeated_labels(text: str) -> frozenset[str]:
    """The names that open two lines or more of a text, each followed by a colon."""
    seen: dict[str, int] = {}
    for line in text.split("\n"):
        if ":" in line[:40] and (m := _NAME_LABEL.match(line)) is not None:
            seen[m.group(0)] = seen.get(m.group(0), 0) + 1
    return frozenset(name for name, n in seen.items() if n >= 2)


def sentences_and_speakers(text: str, *, use_native: bool = True) -> tuple[list[str], list[str | None]]:
    """:func:`sentences`, and for each the label of the transcript turn it belongs to ("MINISTER CHO" for the
    paragraphs after "MINISTER CHO: "), None before any label and in a question's turn."""
    out: list[str] = []
    speakers: list[str | None] = []
    speaker: str | None = None
    native_split = _NATIVE_SPLITTER.split_line if use_native and _NATIVE_SPLITTER is not None else None
    named = _repeated_labels(text) if text.count(":") >= 2 else frozenset()
    for line in text.split("\n"):
        if line and (line[:1].isdigit() or line.startswith(("Update", "UPDATE"))) \
                and (stamp := _LIVE_STAMP.match(line)) is not None:
            line = line[stamp.end():]  # "08:40 GMT – In a joint statement, ...": the entry, not its time
        elif line[:1] in "[(" and (stamp := _TRANSCRIPT_STAMP.match(line)) is not None:
            line = line[stamp.end():]  # "[00:05] KALLAS: ...": a recording's time, then the turn
        if ":" in line[:64]:
            if (label := _NEWSLETTER_LABEL.match(line)) is not None:
                line = line[label.end():]  # "Driving the news: The Council on Monday added ...": the item
            elif (label := _NAME_LABEL.match(line)) is not None and label.group(0).upper() in _OUTLET_LABELS:
                line = line[label.end() + 1:].lstrip()  # "AFP: Has there been any progress?": a question's turn
                speaker = None
            elif (label := _SPEAKER_LABEL.match(line)) is not None \
                    and (name := label.group(0).split(":")[0].split("(")[0].strip()) not in _NOT_SPEAKERS:
                # "VOGEL: Seoul reacted within hours.": the words said, not their label; the turn runs on over the
                # paragraphs after it.
                line = line[label.end():]
                speaker = name
            elif line.startswith(_QUESTION_LABEL):
                speaker = None
            elif (label := _TITLED_LABEL.match(line)) is not None \
                    and _OFFICE_WORD.search(line, 0, label.end()) is not None \
                    and (name := re.split(r"\s*[(\[]", label.group(0).split(":")[0])[0].strip()).upper() \
                    not in _NOT_SPEAKERS:
                # "Foreign Minister Iwaya: We condemn this cooperation": the turn's words, as above; a question's turn
                # is no one's.
                line = line[label.end():]
                speaker = None if _ASKING_LABEL.match(name) else name
            elif named and (label := _NAME_LABEL.match(line)) is not None and label.group(0) in named \
                    and label.group(0).upper() not in _NOT_SPEAKERS:
                line = line[label.end() + 1:].lstrip()  # "Lin Jian: China has made its position clear"
                speaker = label.group(0)
        if line:
            split = native_split(line) if native_split is not None and line.isascii() else _split_line(line)
            out.extend(split)
            speakers.extend([speaker] * len(split))
    return out, speakers


_NATIVE_SPLITTER = native.kernels.SentenceSplitter(_ABBREVIATIONS) if native.kernels is not None else None


_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# Tokens never span a character outside [a-z0-9'-]: in ASCII text, map those to spaces and split
# (C loops); only the rare run holding an apostrophe or a hyphen needs the regex.
_NON_TOKEN_TO_SPACE = str.maketrans({c: " " for c in map(chr, range(128))
                                     if not ("a" <= c <= "z" or "0" <= c <= "9" or c in "'-")})


def word_tokens(text: str) -> list[str]:
    """Lower-case word tokens for fingerprints."""
    low = text.lower()
    if not low.isascii():
        return _WORD.findall(low)
    out: list[str] = []
    for run in low.translate(_NON_TOKEN_TO_SPACE).split():
        if run.isalnum():
            out.append(run)
        else:
            out.extend(_WORD.findall(run))
    return out
