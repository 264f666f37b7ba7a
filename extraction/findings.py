"""Findings: areas for improvement, causes of concern and recommendations.

Reports state findings in a few recurring layouts, whatever the source (PDF text with line
wraps, page numbers and footnotes, or one-paragraph-per-line web text):

* a heading ("Areas for improvement", "Recommendations") followed by bullets, one finding
  per bullet, optionally after a lead-in ending with ":";
* a "Cause of concern" heading followed by a paragraph, then "Recommendations" bullets that
  belong to it (``Finding.parent``);
* a numbered "Recommendation N" heading followed by its paragraphs (national reports);
* earlier findings quoted as such ("the areas for improvement identified in that report,
  which were that the force should: ..." bullets; "Last year we said ..." sentences): these
  are ``previous=True`` and, where the following text says so, ``addressed``.

Web pages, press releases, news and commissioners' pages state findings less formally; the
vocabulary of these rules is ``data/finding_cues.json``:

* bullets after a lead-in that names their kind ("We made the following recommendations:")
  or asks the force to change ("The force needs to improve:"), one finding per bullet;
* a tracker page's items under "Areas for improvement (8)", each followed by its explanation;
* a cause of concern quoted after "Our inspection found:" (a revisit letter), or named by its
  area ("a cause of concern about how the force responds to the public"), and findings listed
  inline after their kind ("three areas for improvement: A, B and C");
* sentences asking the force to change ("The force should ...", "it needs to improve ..."),
  outside quotations, read only in a text without findings sections (where they would be
  commentary on the findings stated formally).

Neither of the last two (``findings.prose`` and ``findings.obligation_list``) reads the
inspector's narrative summary ("HMI's observations", "HM Inspector's observations", "Overall
summary", "Summary of findings", up to the next heading or question): there the inspector
restates in prose ("The force needs to improve: ...") what the report states formally.

The text is read as a list of lines so that every finding keeps exact character offsets
(``text[start:end] == evidence.text``) while its ``text`` is joined across line wraps with
page furniture (page numbers, footnotes) left out.
"""

from __future__ import annotations

import json
import re
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, count, repeat
from operator import add
from pathlib import Path
from typing import NamedTuple

import numpy

from .forces import FORCE_SHAPE, canonical_force, lookup
from .records import AREAS, DocumentRecord, Evidence, Finding, Mention

AFI, COC, REC = "area for improvement", "cause of concern", "recommendation"
# Rules reading findings under a findings heading: a text with any states its findings formally
_LAYOUT_RULES = frozenset(
    {"findings.bullet_list", "findings.cause_of_concern", "findings.paragraph",
     "findings.numbered_recommendation", "findings.stated_items"}
)
# Rules reading findings stated informally: not read in the inspector's narrative summary
_PROSE_RULES = frozenset({"findings.prose", "findings.obligation_list"})
_ID_PREFIX = {AFI: "afi", COC: "coc", REC: "rec"}

_BULLET_MARKS = "•●▪◦·"
_BULLET = re.compile(rf"^\s*[{_BULLET_MARKS}]\s*")
_ENUM = re.compile(r"^\(?[a-z]{1,3}\)\s")  # "(a) ..." sub-items continue a bullet
_HEADINGS = {
    "areas for improvement": AFI,
    "area for improvement": AFI,
    "cause of concern": COC,
    "causes of concern": COC,
    "recommendations": REC,
}
_NUMBERED_REC = re.compile(r"^recommendation\s+\d+$", re.I)
_QUESTION_START = re.compile(
    r"^(?:\d+\.\s*)?(?:Overview\s*[–-]\s*)?(How (?:effective|effectively|well)\b.*)$"
)
_TERMINAL = (".", ";", ":", "?", "!", "”", "’")
_HEADING_MAX = 60  # a heading-like line is short; a wrapped body line is ~70-90 characters
_PREVIOUS_LEAD = re.compile(r"\b(?:were|was) that\b|\bwe said\b|\bshould:\s*$", re.I)


# --- area of a question ------------------------------------------------------------------


def area_of_question(question: str) -> str | None:
    """The comparable area of an inspection question: the judgments extractor's rules."""
    from .judgments import area_of

    area = area_of(question)
    return area if area in AREAS else None


def area_of_text(text: str) -> str | None:
    """The area a finding's own words are about (national reports sit under no question).

    Ordered so that the most specific theme wins ("prevent serious and organised crime" is
    about serious and organised crime, "investigating ... vulnerable" about vulnerability).
    Never "overall": a finding always asks for something specific.
    """
    t = " ".join(text.lower().split())
    rules = [
        ("serious-organised-crime", r"organised crime"),
        ("specialist-capabilities", r"specialist capabilit|national policing responsibilit|firearm|armed"),
        ("vulnerability", r"vulnerab|domestic abuse|safeguard"),
        ("investigation", r"investigat|detective|offenders to justice"),
        ("prevention", r"prevent|neighbourhood|problem.solving"),
        ("anti-social-behaviour", r"anti-social"),
    ]
    for area, pattern in rules:
        if re.search(pattern, t):
            return area
    return None


# --- lines -------------------------------------------------------------------------------


class _Line(NamedTuple):
    """One line of the text. ``stripped``, ``blank`` and ``bullet`` are computed once, up
    front: the scans ask for them many times per line. A named tuple: a report has thousands
    of lines, and ``_lines`` builds them all at C speed from one list per field."""

    start: int  # offset of the line's first character
    raw: str
    stripped: str
    blank: bool
    bullet: bool  # _BULLET matches exactly when the first non-space character is a bullet mark

    @property
    def cstart(self) -> int:  # offset of the first non-space character
        return self.start + len(self.raw) - len(self.raw.lstrip())

    @property
    def cend(self) -> int:  # offset just after the last non-space character
        return self.start + len(self.raw.rstrip())

    @property
    def page_start(self) -> bool:  # PDF text: a new page's first line starts with one space
        return self.raw.startswith(" ") and not self.raw.startswith("  ") and not self.blank


def _lines(text: str) -> list[_Line]:
    """The text's lines, each field computed for all lines at once (no per-line constructor)."""
    raws = text.split("\n")
    stripped = list(map(str.strip, raws))
    # line k starts after the k lines before it and their k newlines (all at C speed)
    starts = map(add, accumulate(map(len, raws), initial=0), count())
    blank = [not s for s in stripped]
    bullet = [len(s) > 1 and s[0] in _BULLET_MARKS for s in stripped]
    return list(map(tuple.__new__, repeat(_Line), zip(starts, raws, stripped, blank, bullet)))


def _heading_limit(lines: list[_Line]) -> float:
    """Longest heading line that ``_skip_heading_lines`` removes: shorter than most lines."""
    widths = [len(ln.stripped) for ln in lines if not ln.blank]
    return max(_HEADING_MAX, 0.9 * statistics.median(widths)) if widths else _HEADING_MAX


def _question_lines(text: str, lines: list[_Line]) -> dict[int, str]:
    """The inspection question (``_question_at``) starting at each line that opens one. Only lines
    holding "How " can (``_QUESTION_START``); they are found by one scan of the text."""
    starts = [ln.start for ln in lines]
    candidates, pos = set(), text.find("How ")
    while pos >= 0:
        candidates.add(bisect_right(starts, pos) - 1)
        pos = text.find("How ", pos + 1)
    found = {}
    for i in sorted(candidates):
        if q := _question_at(lines, i):
            found[i] = q
    return found


_PAGE_NUMBER = re.compile(r"\d{1,3}")


def _furniture(lines: list[_Line]) -> set[int]:
    """Indexes of page furniture: page numbers, footnote separators and footnote text."""
    skip: set[int] = set()
    in_footnotes = False
    for i, ln in enumerate(lines):
        if in_footnotes and ln.page_start:
            in_footnotes = False
        if not ln.stripped and len(ln.raw) >= 10:  # the footnote rule: a long run of spaces
            in_footnotes = True
        # a page number has at most 3 characters: the length test spares most lines the regex
        if in_footnotes or (len(ln.stripped) <= 3 and _PAGE_NUMBER.fullmatch(ln.stripped)):
            skip.add(i)
    return skip


def _heading_like(ln: _Line) -> bool:
    s = ln.stripped
    return (
        0 < len(s) <= _HEADING_MAX
        and (s[0].isupper() or s[0].isdigit())
        and not s.endswith(_TERMINAL + (",",))
        and not ln.bullet
    )


# First characters of the ``_HEADINGS`` keys and ``_NUMBERED_REC``, either case: a cheap gate
_HEADING_INITIALS = frozenset("AaCcRr")


def _finding_heading(ln: _Line) -> bool:
    """A findings heading line ("Areas for improvement", "Recommendation 3"): it starts a new
    block, so it never continues the paragraph above, whatever that paragraph ends with."""
    s = ln.stripped
    if s[:1] not in _HEADING_INITIALS:
        return False  # most lines: neither test below can succeed
    return _heading_key(s) in _HEADINGS or bool(_NUMBERED_REC.match(s))


# "Areas for Improvement (8)": a tracker page's count; "Area for improvement 2": a number
_HEADING_COUNT = re.compile(r"\s*(?:\(\d+\)|\d{1,2})$")


def _heading_key(s: str) -> str:
    """A heading line as a key of ``_HEADINGS``: no colon, no item count, lower case."""
    if s[-1:] == ")" or s[-1:].isdigit():
        s = _HEADING_COUNT.sub("", s)
    return s.rstrip(":").lower()


def _double_spaced(lines: list[_Line]) -> bool:
    """PDF text with a blank line after every line: blank lines are not paragraph breaks."""
    content = [i for i, ln in enumerate(lines[:-1]) if not ln.blank]
    if len(content) < 20:
        return False
    followed = sum(1 for i in content if lines[i + 1].blank) / len(content)
    median = statistics.median(len(lines[i].stripped) for i in content)
    return followed > 0.6 and median < 120


# --- joining lines into one finding --------------------------------------------------------


def _last_text(parts: list[str]) -> str:
    """The last part with any text, right-stripped: its end is the end of the joined parts."""
    for part in reversed(parts):
        if stripped := part.rstrip():
            return stripped
    return ""


def _join(parts: list[str]) -> str:
    """Join wrapped lines: a line ending in a hyphen joins without a space ("anti-\\nsocial")."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out += p
        else:
            out = f"{out} {p}" if out else p
    return re.sub(r"\s+", " ", out).strip()


@dataclass
class _Span:
    first: int  # line index
    last: int  # line index (inclusive)
    start: int  # character offsets of the finding text
    end: int
    text: str


class _Reader:
    """Walks the lines of one document, skipping page furniture."""

    def __init__(self, text: str, force: str | None = None):
        self.text = text
        self.force = force  # the document's force: findings stated about another force are not its
        self.lines = _lines(text)
        self.skip = _furniture(self.lines)
        self.double = _double_spaced(self.lines)
        self.questions = _question_lines(text, self.lines)  # line index -> question

    def next_content(self, i: int) -> int | None:
        """Index of the first non-blank, non-furniture line at or after ``i``."""
        while i < len(self.lines):
            if i not in self.skip and not self.lines[i].blank:
                return i
            i += 1
        return None

    def _continues(self, i: int, so_far: str, gap: bool, in_bullet: bool, in_list: bool) -> bool:
        """Does content line ``i`` continue the item collected so far? ``so_far``: its last
        line with text, right-stripped (``_last_text`` of its lines).

        ``in_bullet``: the item is a bullet; ``in_list``: a paragraph item has reached
        bullets of its own (after a line ending with ':').
        """
        ln = self.lines[i]
        s = ln.stripped
        if _finding_heading(ln):
            return False  # "Areas for improvement" after a wrapped grade ("Requires\nimprovement")
        ended = so_far.endswith(_TERMINAL)
        if ln.bullet:
            return not in_bullet and (in_list or so_far.endswith(":"))
        if s[0].islower() or _ENUM.match(s) or s in ("and", "or"):
            return True
        if not ended:
            return not (gap and _heading_like(ln) and ln.page_start)
        # the item so far ends a sentence and this line starts with a capital
        if _heading_like(ln) or i in self.questions:
            return False
        if not gap:
            return not (ln.page_start and in_bullet)
        return self.double and not in_bullet  # double-spaced PDF: the paragraph goes on

    def item(self, i: int, in_bullet: bool, with_list: bool = True) -> _Span:
        """The bullet (``in_bullet``) or paragraph starting at content line ``i``.

        A paragraph ending with ':' takes the bullets that follow unless ``with_list`` is off
        (a lead-in whose bullets are separate findings).
        """
        parts, start, last = self.item_parts(i, in_bullet, with_list)
        return _Span(i, last, start, self.lines[last].cend, _join(parts))

    def item_parts(self, i: int, in_bullet: bool, with_list: bool = True) -> tuple[list[str], int, int]:
        """``item``'s raw lines, text start offset and last line, before joining (a caller that
        only needs the item's extent or last character skips the join)."""
        first = self.lines[i]
        body = _BULLET.sub("", first.raw, count=1) if in_bullet else first.raw
        start = first.start + len(first.raw) - len(body.lstrip())
        parts, last, in_list = [body], i, False
        so_far = body.rstrip()  # ``_last_text(parts)``, kept up to date: content lines have text
        lines, skip, n = self.lines, self.skip, len(self.lines)  # locals: a loop per item line
        j = i + 1
        while True:
            gap = False
            while j < n and (lines[j].blank or j in skip):
                gap = True
                j += 1
            if j >= n or not self._continues(j, so_far, gap, in_bullet, in_list):
                break
            ln = lines[j]
            if ln.bullet and not with_list:
                break
            in_list = in_list or ln.bullet
            parts.append(ln.raw)
            so_far = ln.raw.rstrip()
            last = j
            j += 1
        return parts, start, last


def _question_at(lines: list[_Line], i: int) -> str | None:
    """The inspection question starting at line ``i`` (joined across wraps), if any. Read once
    per line that may hold one into ``_Reader.questions``, which the scans consult."""
    m = _QUESTION_START.match(lines[i].stripped)
    if not m:
        return None
    parts = [m.group(1)]
    j = i
    while not parts[-1].rstrip().endswith("?") and j - i < 3:
        j += 1
        if j >= len(lines) or lines[j].blank:
            return None
        parts.append(lines[j].stripped)
    return _join(parts) if parts[-1].rstrip().endswith("?") else None


# --- the extractor -------------------------------------------------------------------------


@dataclass
class _Raw:
    kind: str
    span: _Span
    area: str | None
    rule: str
    parent: _Raw | None = None  # the cause of concern a recommendation belongs to
    previous: bool = False
    addressed: bool | None = None
    topic: str | None = None  # the heading a quoted cause of concern sits under, as written
    sentence: str | None = None  # the whole sentence, where the finding is part of one


def _list_items(reader: _Reader, i: int) -> tuple[list[_Span], int]:
    """Consecutive bullets starting at content line ``i``; returns them and the next line."""
    items: list[_Span] = []
    j: int | None = i
    while j is not None and reader.lines[j].bullet:
        span = reader.item(j, in_bullet=True)
        items.append(span)
        j = reader.next_content(span.last + 1)
    return items, (j if j is not None else len(reader.lines))


def _lead_in(reader: _Reader, i: int) -> tuple[_Span | None, int | None]:
    """A lead-in paragraph ending with ':' before a bullet list, and the first bullet line."""
    if reader.lines[i].bullet:
        return None, i
    if _heading_like(reader.lines[i]):
        return None, None
    span = reader.item(i, in_bullet=False, with_list=False)
    nxt = reader.next_content(span.last + 1)
    if span.text.endswith(":") and nxt is not None and reader.lines[nxt].bullet:
        return span, nxt
    return span, None


def _scan(reader: _Reader) -> list[_Raw]:
    """Findings under their headings, in reading order, with the area of the question above."""
    found: list[_Raw] = []
    area: str | None = None
    last_coc: int | None = None
    i = 0
    n = len(reader.lines)
    while i < n:
        ln = reader.lines[i]
        if i in reader.skip or ln.blank:
            i += 1
            continue
        q = reader.questions.get(i)
        if q:
            area = area_of_question(q) or area
            i += 1
            continue
        heading = _finding_heading(ln)  # most lines are none: no look-ups below
        kind = _HEADINGS.get(_heading_key(ln.stripped)) if heading else None
        if kind is None and heading and _NUMBERED_REC.match(ln.stripped):
            start = reader.next_content(i + 1)
            if start is not None and not _heading_like(reader.lines[start]):
                span = reader.item(start, in_bullet=False)
                found.append(_Raw(REC, span, area, "findings.numbered_recommendation"))
                i = span.last + 1
                continue
        if kind is None:
            if not ln.bullet and not _heading_like(ln):
                i = _previous_list(reader, i, area, found)
            else:
                i += 1
            continue
        start = reader.next_content(i + 1)
        if start is None:
            break
        if kind == COC:
            if reader.lines[start].bullet:
                items, i = _list_items(reader, start)
                found.extend(_Raw(COC, s, area, "findings.cause_of_concern") for s in items)
                last_coc = len(found) - 1
                continue
            span = reader.item(start, in_bullet=False)
            found.append(_Raw(COC, span, area, "findings.cause_of_concern"))
            last_coc = len(found) - 1
            i = span.last + 1
            continue
        lead, first_bullet = _lead_in(reader, start)
        if first_bullet is not None:
            items, i = _list_items(reader, first_bullet)
            parent = found[last_coc] if kind == REC and last_coc is not None else None
            found.extend(_Raw(kind, s, area, "findings.bullet_list", parent) for s in items)
        elif lead is not None and kind == REC and re.search(r"\b(should|must)\b", lead.text):
            parent = found[last_coc] if last_coc is not None else None
            found.append(_Raw(kind, lead, area, "findings.paragraph", parent))
            i = lead.last + 1
        elif kind == AFI and (items := _stated_items(reader, start)):
            found.extend(_Raw(AFI, s, area, "findings.stated_items") for s in items)
            i = items[-1].last + 1
        else:
            i = start
        last_coc = None  # recommendations follow their cause of concern directly
    return found


def _previous_list(reader: _Reader, i: int, area: str | None, found: list[_Raw]) -> int:
    """Bullets quoting an earlier report's findings ("... which were that the force should:"),
    else the lead-ins of ``_stated_list`` and ``_quoted_concern``."""
    if reader.lines[i].stripped.endswith("found:"):
        after = _quoted_concern(reader, i, area, found)
        if after is not None:
            return after
    parts, start, last = reader.item_parts(i, in_bullet=False, with_list=False)
    if not _last_text(parts).endswith(":"):
        return last + 1  # no lead-in (the joined text would not end with ':')
    span = _Span(i, last, start, reader.lines[last].cend, _join(parts))
    nxt = reader.next_content(span.last + 1)
    text = span.text
    kind = _kind_named(text)
    if nxt is None or not text.endswith(":"):
        return span.last + 1
    if kind and _PREVIOUS_LEAD.search(text) and reader.lines[nxt].bullet:
        items, after = _list_items(reader, nxt)
        for s in items:
            found.append(_Raw(kind, s, area, "findings.previous_list", previous=True))
        return after
    if reader.lines[nxt].bullet:
        return _stated_list(reader, span, nxt, area, found)
    return span.last + 1


def _kind_named(text: str) -> str | None:
    t = text.lower()
    if re.search(r"areas? for improvement", t):
        return AFI
    if re.search(r"causes? (?:of|for) concern", t):
        return COC
    if "recommend" in t:
        return REC
    return None


# --- earlier findings quoted in prose ---------------------------------------------------------

_PAST = re.compile(
    r"(?<!the )\blast\s+year\b|\bpreviously\b|\b(?:in|from)\s+(?:HMIC[’']s\s+|HMICFRS[’']s\s+|our\s+|the\s+)?"
    r"(?:\d{4}|previous)\b[^.]{0,60}?\b(?:report|inspection)\b",
    re.I,
)
_SAID = re.compile(
    r"\bwe\s+(?:said|identified|recommended|raised|highlighted|noted|emphasised|had\s+concerns)\b"
    r"|\barea\s+for\s+improvement\b[^.]*?\bwas\s+that\b"
    r"|\bidentified\s+(?:this|it)\s+as\s+an\s+area\s+for\s+improvement\b",
    re.I,
)
_STILL = re.compile(r"\b(?:is|remains)\s+still\s+an\s+area\s+for\s+improvement\b", re.I)
# A word (lower-case, no white space) that every match of the pattern holds, followed by
# white space (each is followed by ``\s+`` in the pattern): a sentence without any is not
# searched (most sentences; a case-insensitive search is slow).
_CUES = {_STILL: ("still",), _SAID: ("we", "area")}
# A cue word and the white-space character after it (``\s`` is ``str.isspace``).
_CUE_AT = {cue: re.compile(re.escape(cue) + r"\s") for cues in _CUES.values() for cue in cues}
# Every occurrence of each cue, overlapping ones too ("arearea "): the first letter is
# consumed (so ``re`` skips ahead to it fast), the rest is a lookahead; with its length.
_CUE_FINDERS = tuple(
    (len(cue) + 1, re.compile(re.escape(cue[0]) + "(?=" + re.escape(cue[1:]) + r"\s)"))
    for cue in sorted(_CUE_AT)
)
# The non-ASCII characters that ``re.I`` matches to an ASCII letter (ı İ ſ and the Kelvin sign)
_ASCII_CASE_TWINS = frozenset("\u0131\u0130\u017f\u212a")


def _cue_test(text: str, low: str | None = None):
    """``(pattern, s, e) -> bool``: False only when ``pattern`` (a key of ``_CUES``) cannot
    match ``text[s:e]``, as none of its cues occurs there. The text is lower-cased once
    (``low``: ``text.lower()``, when known); a text holding a character that ``re.I`` folds
    to an ASCII letter is never filtered."""
    low = text.lower() if low is None else low
    if any(c in text for c in _ASCII_CASE_TWINS) or len(low) != len(text):
        return lambda pattern, s, e: True

    def may_match(pattern: re.Pattern, s: int, e: int) -> bool:
        for cue in _CUES[pattern]:
            if _CUE_AT[cue].search(low, s, e):
                return True
        return False

    return may_match


_NOT_ADDRESSED = re.compile(
    r"\bstill\b|\bremains?\b|\bnot\s+yet\b|\bdoes\s+not\b|\bdo\s+not\b|\bhas\s+not\b|\bhave\s+not\b"
    r"|\bvery\s+early\s+stage\b|\bcause\s+for\s+concern\b",
    re.I,
)
_ADDRESSED = re.compile(
    r"\bpositive\b|\bha(?:s|ve)\s+responded\b|\bha(?:s|ve)\s+improved\b|\bimproved\s+its\b"
    r"|\baddressed\b|\bunder\s+way\b|\bgood\s+progress\b",
    re.I,
)


@lru_cache(maxsize=1)
def _sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def _nonblank(text: str, spans: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """The sentence spans holding any text (those that ``_trim`` leaves non-empty), untrimmed:
    the pipeline's when given, else spaCy's sentencizer."""
    if spans is None:
        spans = [(sent.start_char, sent.end_char) for sent in _sentencizer()(text).sents]
    return [(s, e) for s, e in spans if e > s and not text[s:e].isspace()]


def _trim(text: str, s: int, e: int, limit: float) -> tuple[int, int]:
    """A sentence span without surrounding white space and glued-on heading lines."""
    chunk = text[s:e]
    s += len(chunk) - len(chunk.lstrip())
    e = s + len(text[s:e].rstrip())
    return _skip_heading_lines(text, s, e, limit), e


def _skip_heading_lines(text: str, s: int, e: int, limit: float) -> int:
    """Move a sentence start past whole heading lines the sentencizer glued onto it.

    A heading line: a whole line shorter than most lines (``limit``), capitalised, without
    end punctuation, and followed by a capitalised line (a wrapped sentence goes on in
    lower case).
    """
    while True:
        nl = text.find("\n", s, e)
        line_start = text.rfind("\n", 0, s) + 1
        if nl < 0 or text[line_start:s].strip():
            return s
        first = text[s:nl].strip()
        rest = text[nl:e]
        nxt = rest.lstrip()
        if not (first and len(first) <= limit and first[0].isupper() and nxt[:1].isupper()
                and not first.endswith(_TERMINAL + (",",))):
            return s
        s = nl + len(rest) - len(rest.lstrip())


def _addressed(following: list[str]) -> bool | None:
    """Whether the text after a quoted earlier finding says it was addressed (first cue wins)."""
    for sent in following:
        if _NOT_ADDRESSED.search(sent):
            return False
        if _ADDRESSED.search(sent):
            return True
    return None


def _covered(ranges: Sequence[tuple[int, int]]):
    """A test ``pos -> any(a <= pos < b for a, b in ranges)`` by bisection over the merged
    ranges (the direct test is quadratic: every sentence against every finding)."""
    merged: list[list[int]] = []
    for a, b in sorted(r for r in ranges if r[0] < r[1]):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < merged[k][1]

    return inside


def _overlap_test(ranges: Sequence[tuple[int, int]]):
    """A test ``(s, e) -> any range overlaps [s, e)``, by bisection over the sorted ranges."""
    ordered = sorted(r for r in ranges if r[0] < r[1])
    starts = [a for a, _ in ordered]
    ends = list(accumulate((b for _, b in ordered), max))  # furthest end of the ranges so far

    def overlaps(s: int, e: int) -> bool:
        k = bisect_left(starts, e) - 1  # the last range starting before e
        return k >= 0 and ends[k] > s

    return overlaps


def _cue_sentences(text: str, sents: list[tuple[int, int]], low: str | None = None) -> list[int]:
    """Indices of the sentences that hold a cue (``_CUE_AT``) of any pattern, as one array
    operation per cue: the others cannot match, and are neither trimmed nor searched. A span
    only shrinks when trimmed, so the test on the untrimmed span never misses one."""
    low = text.lower() if low is None else low
    if not sents or any(c in text for c in _ASCII_CASE_TWINS) or len(low) != len(text):
        return list(range(len(sents)))  # as ``_cue_test``: nothing is filtered
    bounds = numpy.array(sents, dtype=numpy.int64).reshape(-1, 2)
    hit = numpy.zeros(len(sents), dtype=bool)
    for size, finder in _CUE_FINDERS:
        at = numpy.array([m.start() for m in finder.finditer(low)], dtype=numpy.int64)
        if not len(at):
            continue
        k = numpy.searchsorted(at, bounds[:, 0])  # the first occurrence at or after each start
        hit |= (k < len(at)) & (at[numpy.minimum(k, len(at) - 1)] + size <= bounds[:, 1])
    return numpy.flatnonzero(hit).tolist()


def _previous_prose(
    text: str,
    taken: list[tuple[int, int]],
    area_at,
    spans: Sequence[tuple[int, int]] | None,
    limit: float,
) -> list[_Raw]:
    """Sentences that quote an earlier year's finding ("Last year we said ..."). ``limit``:
    ``_heading_limit`` of the text's lines. Only sentences holding a cue word are read; a
    sentence is trimmed (``_trim``) only when it or a neighbour is read."""
    raw_sents = _nonblank(text, spans)
    trimmed: dict[int, tuple[int, int]] = {}

    def sent(k: int) -> tuple[int, int]:
        if k not in trimmed:
            trimmed[k] = _trim(text, *raw_sents[k], limit)
        return trimmed[k]

    inside = _covered(taken)
    low = text.lower()
    may_match = _cue_test(text, low)
    out: list[_Raw] = []
    for k in _cue_sentences(text, raw_sents, low):
        s, e = sent(k)
        if inside(s):
            continue
        still, said = may_match(_STILL, s, e), may_match(_SAID, s, e)
        if not (still or said):
            continue
        flat = " ".join(text[s:e].split())
        if still and _STILL.search(flat) and k > 0:
            ps, _ = sent(k - 1)
            prev_flat = " ".join(text[ps:e].split())
            span = _Span(-1, -1, ps, e, prev_flat)
            kind = AFI
            if out and out[-1].span.start == ps:
                # "Last year we said X. This is still an area for improvement.": the earlier
                # sentence was already read as the quoted finding; it and its verdict are one.
                kind = out.pop().kind
            out.append(_Raw(kind, span, area_at(ps), "findings.previous_prose", None, True, False))
            continue
        m = _SAID.search(flat) if said else None
        if m and re.search(r"\bas\s+we\s+said\b", flat, re.I):
            continue
        if not m or not (_PAST.search(flat) or (k > 0 and _PAST.search(text[sent(k - 1)[0]:s]))):
            continue
        if len(flat) < 40 or "?" in flat:
            continue
        following = map(sent, range(k + 1, min(k + 3, len(raw_sents))))
        rest = [flat[m.end():]] + [" ".join(text[a:b].split()) for a, b in following]
        clause = flat.split(";")[0].lower()  # "we said X; we still found cause for concern"
        kind = REC if "recommend" in clause else COC if "concern" in clause else AFI
        span = _Span(-1, -1, s, e, flat)
        out.append(
            _Raw(kind, span, area_at(s), "findings.previous_prose", None, True, _addressed(rest))
        )
    return out


# --- findings stated in prose: web pages, press releases, news, commissioners' pages -------

_CUES_FILE = Path(__file__).parent / "data" / "finding_cues.json"
_QUOTE_OPEN, _QUOTE_CLOSE = "“", "”"
_TRAILING_JOINER = re.compile(r"(?:\s*[;,]\s*(?:and|or)?|\s+(?:and|or))\s*$")
_AREA_LIKE = re.compile(r"(?:how\s|[a-z]+ing\b)")  # "how the force responds ...", "investigating crime"
_MAX_AREA_WORDS = 12
_OBLIGATION_WORDS = ("should", "must", "need", "has to", "ought")  # every obligation holds one


@dataclass(frozen=True)
class _Cues:
    """``data/finding_cues.json`` compiled: the vocabulary of the prose rules."""

    clause: re.Pattern[str]  # a subject, adverbs, an obligation ("The force also needs to")
    generic_subject: re.Pattern[str]  # "the force", "it": the document's force, unnamed
    not_after: re.Pattern[str]
    not_before: re.Pattern[str]
    hypothetical: re.Pattern[str]
    condition: re.Pattern[str]  # a conditional clause before the subject
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    listing: re.Pattern[str]
    not_listing: re.Pattern[str]
    concern_about: re.Pattern[str]  # "cause of concern about <area>"
    concern_as: re.Pattern[str]  # ", <area>, as an accelerated cause of concern"
    narrative_heading: re.Pattern[str]  # "HMI's observations": the inspector's narrative summary
    reported_by: re.Pattern[str]  # "..., the inspectorate has said": a journalist's paraphrase


def _alternatives(patterns: Sequence[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    data = json.loads(_CUES_FILE.read_text(encoding="utf-8"))
    generic = _alternatives(data["subjects"])
    subject = rf"(?P<subject>(?<![\w-])(?:{generic})(?![\w-])|{FORCE_SHAPE.pattern})"
    adverbs = rf"(?:\s*(?:{_alternatives(data['adverbs'])})(?![\w-]))*"
    clause = re.compile(rf"{subject}{adverbs}\s+(?P<obligation>{_alternatives(data['obligations'])})\s+")
    coc = _alternatives(data["kinds"][COC])
    return _Cues(
        clause=clause,
        generic_subject=re.compile(generic),
        not_after=re.compile(_alternatives(data["not_after"]), re.I),
        not_before=re.compile(_alternatives(data["not_before"]), re.I),
        hypothetical=re.compile(_alternatives(data["hypothetical"]), re.I),
        condition=re.compile(rf"\b(?:{_alternatives(data['conditions'])})\b", re.I),
        kinds=tuple((k, re.compile(rf"\b(?:{_alternatives(v)})\b", re.I)) for k, v in data["kinds"].items()),
        listing=re.compile(rf"\b(?:{_alternatives(data['listing_verbs'])})\b", re.I),
        not_listing=re.compile(_alternatives(data["not_listing"]), re.I),
        concern_about=re.compile(
            rf"\b(?:{coc})\s+(?:{_alternatives(data['concern_links'])})\s+(?P<area>[^.;:()]+)", re.I
        ),
        concern_as=re.compile(rf",\s*(?P<area>[^,]{{3,80}}),\s+as\s+an?\s+(?:\w+\s+)?(?:{coc})\b", re.I),
        narrative_heading=re.compile(_alternatives(data["narrative_headings"]), re.I),
        reported_by=re.compile(_alternatives(data["reported_by"]), re.I),
    )


def _paragraph_start(text: str, pos: int) -> int:
    """Where the paragraph holding ``pos`` begins: after the nearest blank line above it."""
    start = text.rfind("\n", 0, pos) + 1
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if not text[above : start - 1].strip():
            break
        start = above
    return start


def _quoted(text: str, pos: int) -> bool:
    """Is ``pos`` inside a quotation opened earlier in its paragraph (someone's words, not the
    report's; a quoted statement may wrap over several lines)?"""
    before = text[_paragraph_start(text, pos) : pos]
    return before.count(_QUOTE_OPEN) > before.count(_QUOTE_CLOSE) or before.count('"') % 2 == 1


def _obligation(
    sentence: str, force: str | None, anchored: bool = False, lead_in: bool = False
) -> re.Match[str] | None:
    """The first clause of ``sentence`` that asks its subject, the document's ``force``, to
    change: not hypothetical, not relative ("areas that the force must address"), not praise
    ("the force should be proud"), not empty ("needs to do more."), not reported ("told it
    must", "..., the watchdog said") and not about a force named otherwise. ``anchored``: at its start only; ``lead_in``: a clause that bullets
    complete ("The force needs to improve:")."""
    cues = _cues()
    if "?" in sentence or cues.hypothetical.match(sentence):
        return None
    for m in cues.clause.finditer(sentence):
        if anchored and m.start() > 0:
            return None
        before = sentence[: m.start()].split()
        if before and cues.not_before.fullmatch(before[-1].strip(",;")):
            continue
        if cues.condition.search(sentence, 0, m.start()):
            continue
        if not cues.generic_subject.fullmatch(m.group("subject")) and (
            force is None or canonical_force(m.group("subject")) != force
        ):
            continue
        rest = sentence[m.end() :].strip()
        if cues.not_after.match(rest) or (not lead_in and len(rest.split()) < 3):
            continue
        if cues.reported_by.search(rest):
            continue
        return m
    return None


def _finding_area(text: str) -> str | None:
    """The area a finding's words name (``judgments.area_of``); never "overall"."""
    area = area_of_question(text)
    return area if area != "overall" else None


def _item(text: str, span: _Span) -> _Span:
    """A bullet of a stated list, without the "; and" joining it to the next."""
    m = _TRAILING_JOINER.search(text, span.start, span.end)
    end = m.start() if m else span.end
    return _Span(span.first, span.last, span.start, end, _TRAILING_JOINER.sub("", span.text))


def _stated_kind(lead: str, force: str | None) -> tuple[str | None, bool]:
    """The kind of finding a lead-in before bullets introduces, and whether the lead-in names
    it: a named kind ("We made the following recommendations:"), or an area for improvement
    after an obligation ("The force needs to improve:", "Cleveland Police should:"). Praise
    ("The report praises our approach to:") is none."""
    cues = _cues()
    last = re.split(r"(?<=[.!?])\s+", lead)[-1]
    for kind, named in cues.kinds:
        if named.search(last):
            ok = cues.listing.search(last) and not cues.not_listing.search(last)
            return (kind if ok else None), True
    m = _obligation(last[:-1] + " ", force, lead_in=True)  # the bullets complete the clause
    if m and len(last) - m.end() <= 40:
        return AFI, False
    return None, False


def _stated_list(reader: _Reader, lead: _Span, first: int, area: str | None, found: list[_Raw]) -> int:
    """Bullets after a lead-in that states them as findings (``_stated_kind``): one finding
    per bullet; recommendations right after a quoted cause of concern belong to it."""
    text = reader.text
    # the lead-in's last paragraph: a title without end punctuation may have been joined to it
    paragraph = lead.text if reader.double else re.split(r"\n[ \t]*\n", text[lead.start : lead.end])[-1]
    kind, named = _stated_kind(" ".join(paragraph.split()), reader.force)
    if kind is None or _quoted(text, lead.start):
        return lead.last + 1
    items, after = _list_items(reader, first)
    parent = None
    if kind == REC and found and found[-1].kind == COC:
        if reader.next_content(found[-1].span.last + 1) == lead.first:
            parent = found[-1]
    rule = "findings.stated_list" if named else "findings.obligation_list"
    for s in items:
        item = _item(text, s)
        item_area = area or (parent.area if parent else None) or _finding_area(item.text)
        found.append(_Raw(kind, item, item_area, rule, parent))
    return after


def _quoted_concern(reader: _Reader, i: int, area: str | None, found: list[_Raw]) -> int | None:
    """A cause of concern quoted from a report: a line "Our inspection found:" and a quoted
    paragraph, in a text that has spoken of causes of concern (a revisit letter). Its area is
    the heading above the line. Returns the line after the quotation, or None."""
    text = reader.text
    first = reader.next_content(i + 1)
    concern = dict(_cues().kinds)[COC]
    if first is None or reader.lines[first].stripped[:1] not in ('"', _QUOTE_OPEN):
        return None
    if not concern.search(text, 0, reader.lines[i].start):
        return None
    last = _closing_quote(reader, first)
    if last is None:
        return None
    start = reader.lines[first].cstart + 1
    end = reader.lines[last].cend - 1
    quotation = _join([ln.raw for ln in reader.lines[first : last + 1]])
    span = _Span(first, last, start, end, quotation[1:-1].strip())
    heading = _heading_above(reader, i)
    span_area = (heading and _finding_area(heading)) or area or _finding_area(span.text)
    found.append(_Raw(COC, span, span_area, "findings.quoted_concern", topic=heading))
    return last + 1


def _closing_quote(reader: _Reader, first: int, most: int = 20) -> int | None:
    """The content line that closes the quotation opened at line ``first``, within ``most`` lines."""
    j: int | None = first
    while j is not None and j - first <= most:
        line = reader.lines[j].stripped
        if line.endswith(('"', _QUOTE_CLOSE)) and (j > first or len(line) > 1):
            return j
        j = reader.next_content(j + 1)
    return None


def _heading_above(reader: _Reader, i: int) -> str | None:
    """The heading line just above content line ``i``, if the line above is one."""
    j = i - 1
    while j >= 0 and (reader.lines[j].blank or j in reader.skip):
        j -= 1
    return reader.lines[j].stripped if j >= 0 and _heading_like(reader.lines[j]) else None


def _stated_items(reader: _Reader, i: int) -> list[_Span]:
    """Paragraphs under an "Areas for improvement" heading that each state one (a tracker page:
    "X Police should improve ..." then its explanation), up to the next heading that is not
    a force's name (a tracker names the force an item applies to)."""
    items: list[_Span] = []
    j: int | None = i
    while j is not None:
        ln = reader.lines[j]
        if ln.bullet or _finding_heading(ln) or j in reader.questions:
            break
        if _heading_like(ln) and not (_force_name(ln.stripped) or _obligation(ln.stripped, reader.force, True)):
            break  # a heading ends the section: not a force's name, nor a short item itself
        span = _paragraph(reader, j)
        items.extend(p for p in _stated_lines(reader, span) if _obligation(p.text, reader.force, anchored=True))
        j = reader.next_content(span.last + 1)
    return items


def _stated_lines(reader: _Reader, span: _Span) -> list[_Span]:
    """A paragraph of stated items split where a line ending a sentence is followed by one
    that opens a finding of its own ("The constabulary should ...\nThe constabulary needs to
    ..."): web text lists them on consecutive lines without bullets."""
    lines = reader.lines
    cuts = [k for k in range(span.first + 1, span.last + 1)
            if lines[k - 1].stripped.endswith(_TERMINAL)
            and _obligation(lines[k].stripped, reader.force, anchored=True)]
    if not cuts:
        return [span]
    bounds = [span.first, *cuts, span.last + 1]
    return [_Span(a, b - 1, lines[a].cstart, lines[b - 1].cend, _join([ln.raw for ln in lines[a:b]]))
            for a, b in zip(bounds, bounds[1:])]


def _paragraph(reader: _Reader, i: int) -> _Span:
    """The lines from content line ``i`` up to the next blank line (a web page's paragraph); in
    double-spaced PDF text, across blank lines while the next line goes on in lower case."""
    last, j, n = i, i + 1, len(reader.lines)
    while j < n:
        ln = reader.lines[j]
        if ln.blank or j in reader.skip:
            if not reader.double:
                break
        elif j > last + 1 and not ln.stripped[0].islower():
            break  # after a gap, a capital starts something new
        else:
            last = j
        j += 1
    parts = [ln.raw for ln in reader.lines[i : last + 1]]
    return _Span(i, last, reader.lines[i].cstart, reader.lines[last].cend, _join(parts))


def _force_name(line: str) -> bool:
    return lookup(line) is not None or FORCE_SHAPE.fullmatch(line) is not None


def _area_list(phrase: str, strict: bool = True) -> list[tuple[int, int]]:
    """Offsets of the items listed in ``phrase`` ("investigating crime, and building,
    protecting and supporting the workforce"): split at ", and" and ";", and further at ","
    and "and" only where every part of several words reads as an area ("how ...", a gerund,
    or a phrase ``area_of`` knows). ``strict``: empty unless every item reads as an area
    (a list whose kind only the context gives)."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r",\s+and\s+|;\s*(?:and\s+)?|$", phrase):
        pieces.append((pos, m.start()))
        pos = m.end()
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        parts, p = [], a
        for m in re.finditer(r",\s+|\s+and\s+", phrase[a:b]):
            parts.append((p, a + m.start()))
            p = a + m.end()
        parts.append((p, b))
        if len(parts) > 1 and all(len(phrase[x:y].split()) > 1 and _area_like(phrase[x:y]) for x, y in parts):
            out.extend(parts)
        else:
            out.append((a, b))
    out = [(a + len(phrase[a:b]) - len(phrase[a:b].lstrip()), a + len(phrase[a:b].rstrip())) for a, b in out]
    out = [(a, b) for a, b in out if b > a]
    if strict and not all(_area_like(phrase[a:b]) and len(phrase[a:b].split()) <= _MAX_AREA_WORDS for a, b in out):
        return []
    return out


def _area_like(phrase: str) -> bool:
    return bool(_AREA_LIKE.match(phrase) or _finding_area(phrase))


_KIND_WORDS = ("concern", "improvement", "recommend")  # every kind's name holds one
# Where the area after "cause of concern about" ends: a new clause begins
_AREA_END = re.compile(
    r",\s+(?:and\s+)?(?:which|we|it|the\s+force|but|so|because|as|while)\b|\s+(?:because|but)\b"
)


def _named_concerns(sentence: str, previous: str) -> list[tuple[int, int]]:
    """Causes of concern named by their area: "a cause of concern about how the force responds
    to the public", "one of them, responding to the public, as a cause of concern", and a
    bracketed list of areas in a sentence that (or whose predecessor) speaks of causes of
    concern ("We published the other two (investigating crime, and ...)"). Offsets in
    ``sentence``; none where the sentence denies one ("we found no cause of concern")."""
    cues = _cues()
    concern = dict(cues.kinds)[COC]
    named = concern.search(sentence)
    if named and re.search(r"\b(?:no|not|any|never|nor)\b", sentence[: named.start()], re.I):
        return []
    out: list[tuple[int, int]] = []
    if named and (m := cues.concern_about.search(sentence)):
        a, b = m.span("area")
        if cut := _AREA_END.search(sentence, a, b):
            b = cut.start()
        out += [(a + x, a + y) for x, y in _area_list(sentence[a:b])]
    if named and (m := cues.concern_as.search(sentence)):
        a = m.start("area")
        out += [(a + x, a + y) for x, y in _area_list(m.group("area"))]
    if named or concern.search(previous):
        for m in re.finditer(r"\((?P<areas>[^()]{3,200})\)", sentence):
            a = m.start("areas")
            out += [(a + x, a + y) for x, y in _area_list(m.group("areas"))]
    return sorted(set(out))


def _inline_list(sentence: str, force: str | None) -> tuple[str, list[tuple[int, int]]] | None:
    """Findings listed inline after a lead-in that names their kind ("We identified three areas
    for improvement: how it supervises investigations, and its use of stop and search.")."""
    colon = sentence.find(":")
    if colon < 0 or not re.match(rf"[ \t]*[^\s{_BULLET_MARKS}]", sentence[colon + 1 :]):
        return None  # no colon, or the items are on lines of their own (``_stated_list``)
    kind, named = _stated_kind(sentence[: colon + 1], force)
    if kind is None or not named:
        return None
    body = sentence[colon + 1 :].rstrip(". ")
    a = colon + 1
    items = [(a + x, a + y) for x, y in _area_list(body, strict=False)]
    return (kind, items) if items else None


_FRAGMENT_WORDS = 3  # a "sentence" this short is a piece of a wrapped one, not a sentence


def _named_findings(
    text: str, sents: list[tuple[int, int]], overlaps, area_at, limit: float, force: str | None
) -> list[_Raw]:
    """Findings a sentence names by their area (causes of concern, inline lists): each
    finding's text is the area phrase, as the text words it."""
    out: list[_Raw] = []
    starts = [a for a, _ in sents]
    low = text.lower()
    cued = {bisect_right(starts, m.start()) - 1 for word in _KIND_WORDS for m in re.finditer(word, low)}
    # only sentences naming a kind of finding, and those right after one, are read
    for k in sorted(cued | {k + 1 for k in cued if k + 1 < len(sents)}):
        if k < 0:
            continue  # a cue word before the first sentence
        raw = low[sents[k][0] : sents[k][1]]
        previous = text[sents[k - 1][0] : sents[k - 1][1]] if k > 0 else ""
        if k > 1 and len(previous.split()) < _FRAGMENT_WORDS:  # a PDF wrap split the sentence ("We")
            previous = text[sents[k - 2][0] : sents[k - 1][1]]
        if not (":" in raw or "of concern" in raw or ("(" in raw and "of concern" in previous.lower())):
            continue  # neither an inline list nor a cause of concern can be read here
        s, e = _trim(text, *sents[k], limit)
        sentence = text[s:e]
        found: list[tuple[str, int, int]] = []
        if inline := _inline_list(sentence, force):
            found += [(inline[0], a, b) for a, b in inline[1]]
        found += [(COC, a, b) for a, b in _named_concerns(sentence, previous) if (COC, a, b) not in found]
        if found and (_PAST.search(previous) or _PAST.search(sentence)):
            found = []  # an earlier inspection's findings: the previous-findings rules' business
        for kind, a, b in found:
            if overlaps(s + a, s + b):
                continue
            phrase = " ".join(sentence[a:b].split())
            span = _Span(-1, -1, s + a, s + b, phrase)
            area = _finding_area(phrase) or area_at(s)
            out.append(_Raw(kind, span, area, "findings.named_area", sentence=" ".join(sentence.split())))
    return out


def _prose_findings(
    text: str, sents: list[tuple[int, int]], overlaps, area_at, limit: float, force: str | None
) -> list[_Raw]:
    """Areas for improvement written as sentences ("The force needs to improve how it ...",
    "it should get better at ..."), outside quotations: the clause from its subject on."""
    out: list[_Raw] = []
    for s0, e0 in sents:
        if not any(w in text[s0:e0] for w in _OBLIGATION_WORDS):
            continue
        s, e = _trim(text, s0, e0, limit)
        sentence = text[s:e]
        if overlaps(s, e) or sentence.endswith(":") or not (m := _obligation(sentence, force)):
            continue
        start = s + m.start("subject")
        if _quoted(text, start):
            continue
        clause = " ".join(sentence[m.start("subject") :].split())
        area = area_at(s) or _finding_area(clause)
        flat = " ".join(sentence.split())
        out.append(_Raw(AFI, _Span(-1, -1, start, e, clause), area, "findings.prose", sentence=flat))
    return out


# --- the inspector's narrative summary ---------------------------------------------------------


def _narrative_sections(reader: _Reader) -> list[tuple[int, int]]:
    """Character ranges of the inspector's narrative summary ("HMI's observations", "HM
    Inspector's observations", "Overall summary", "Summary of findings"): from its heading to
    the next heading, question or findings heading. There the inspector restates in prose
    ("The force needs to improve: ...", "it must improve ...") what the report states formally
    elsewhere, so the prose rules do not read findings in it (the headings: ``data/finding_cues.json``)."""
    headings = _cues().narrative_heading
    out: list[tuple[int, int]] = []
    lines, n = reader.lines, len(reader.lines)
    i = 0
    while i < n:
        ln = lines[i]
        if ln.blank or i in reader.skip or ln.bullet or not headings.fullmatch(ln.stripped.rstrip(":")):
            i += 1
            continue
        j = i + 1
        while j < n and not (
            not lines[j].blank and j not in reader.skip
            and (_heading_like(lines[j]) or j in reader.questions or _finding_heading(lines[j]))
        ):
            j += 1
        out.append((ln.start, lines[j].start if j < n else len(reader.text)))
        i = j
    return out


# --- public API ------------------------------------------------------------------------------


def link_mentions(start: int, end: int, mentions: Sequence[Mention]) -> tuple[str, ...]:
    """Entity keys of the mentions lying inside ``[start, end)``, first occurrence order."""
    return _mention_linker(mentions)(start, end)


def _mention_linker(mentions: Sequence[Mention]):
    """``link_mentions`` for many ranges over the same mentions: sorted once, and each range
    reads only the mentions that start inside it (by bisection)."""
    ordered = sorted(mentions, key=lambda m: (m.evidence.start, m.evidence.end))
    starts = [m.evidence.start for m in ordered]

    def link(start: int, end: int) -> tuple[str, ...]:
        keys: list[str] = []
        for m in ordered[bisect_left(starts, start):bisect_right(starts, end)]:
            if m.evidence.end <= end and m.entity_key not in keys:
                keys.append(m.entity_key)
        return tuple(keys)

    return link


def extract_findings(
    text: str,
    doc: DocumentRecord,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[Finding]:
    """Every area for improvement, cause of concern and recommendation of one report.

    ``sentences`` are the pipeline's sentence spans, reused so the text is not split twice.
    """
    reader = _Reader(text, doc.force)
    national = doc.force is None
    raws = _scan(reader)
    # where each question's area starts, to place prose findings
    marks: list[tuple[int, str]] = []
    for i, q in reader.questions.items():  # in line order
        if i not in reader.skip and (area := area_of_question(q)):
            marks.append((reader.lines[i].start, area))

    def area_at(pos: int) -> str | None:
        current = None
        for mpos, area in marks:
            if mpos > pos:
                break
            current = area
        return current

    limit = _heading_limit(reader.lines)
    formal = any(r.rule in _LAYOUT_RULES for r in raws)
    taken = [(r.span.start, r.span.end) for r in raws]
    sents = _nonblank(text, sentences)
    raws.extend(_previous_prose(text, taken, area_at, sents, limit))
    overlaps = _overlap_test([(r.span.start, r.span.end) for r in raws])
    # a cause of concern named by its area is dropped where the text also states it in full
    concerns = {r.area for r in raws if r.kind == COC} | {r.topic.lower() for r in raws if r.topic}
    concerns.discard(None)
    raws.extend(r for r in _named_findings(text, sents, overlaps, area_at, limit, doc.force)
                if not (r.kind == COC and (r.area in concerns or r.span.text.lower() in concerns)))
    if formal:  # a report with findings sections: its other "should" statements are commentary
        raws = [r for r in raws if r.rule != "findings.obligation_list"]
    elif not national:  # in a text about all forces, "it should" is rarely about a force
        overlaps = _overlap_test([(r.span.start, r.span.end) for r in raws])
        raws.extend(_prose_findings(text, sents, overlaps, area_at, limit, doc.force))
    if narrative := _narrative_sections(reader):  # the inspector's summary restates, in prose
        in_narrative = _covered(narrative)
        raws = [r for r in raws if r.rule not in _PROSE_RULES or not in_narrative(r.span.start)]
    raws.sort(key=lambda r: r.span.start)

    link = _mention_linker(mentions)
    findings: list[Finding] = []
    counters: dict[str, int] = {}
    ids: dict[int, str] = {}
    for r in raws:  # ids number each type in reading order: stable for the same text
        prefix = ("prev-" if r.previous else "") + _ID_PREFIX[r.kind]
        counters[prefix] = counters.get(prefix, 0) + 1
        ids[id(r)] = f"{prefix}-{counters[prefix]}"
    for r in raws:
        area = r.area
        if national or area is None:
            area = area_of_text(r.span.text) or area
        ev = Evidence(
            document=doc.doc_id,
            start=r.span.start,
            end=r.span.end,
            text=text[r.span.start : r.span.end],
            rule=r.rule,
            sentence=r.sentence or r.span.text,
        )
        findings.append(
            Finding(
                finding_id=ids[id(r)],
                kind=r.kind,
                text=r.span.text,
                area=area,
                force=doc.force,
                year=doc.year,
                evidence=ev,
                parent=ids[id(r.parent)] if r.parent is not None else None,
                previous=r.previous,
                addressed=r.addressed if r.previous else None,
                mentions=link(r.span.start, r.span.end),
            )
        )
    return findings

