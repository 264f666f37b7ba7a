"""Document metadata (kind, force, inspection year, pillar, publication date, title) read from
the text of any kind of PEEL text.

Never from the file name: users drop in files named anything. Each fact is read by a few
general rules whose spans become its evidence: a page's "<Force> PEEL <year>" or "<Force> 2017"
title line, a cycle title ("PEEL 2021/22", "PEEL: Police legitimacy 2016"), "assessed ... during
<year>", the force the text is about, who speaks (the inspectorate, a press release, the news, a
commissioner) and which pillar it covers. The cue vocabulary is data
(``data/metadata_cues.json``); this module holds the frame logic: weighing cues, telling the main
inspection from earlier ones mentioned in passing, and refusing texts that are not about PEEL.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import forces, judgments, spans
from .records import (
    COMMISSIONER_PAGE,
    FORCE_REPORT,
    NATIONAL_REPORT,
    NEWS,
    PRESS_RELEASE,
    DocumentRecord,
    Evidence,
)

CUES_FILE = Path(__file__).parent / "data" / "metadata_cues.json"


class NotAReport(Exception):
    """The text is not about a PEEL police inspection (the message says why)."""


_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
# "Metropolitan PEEL 2018" — a web page's title line naming the force and the PEEL year. From
# 2018 the inspection round spans two years ("Avon and Somerset PEEL 2018/19"): its first year
# is the inspection year, as the single-year title of the same round ("PEEL 2018") says.
_TITLE_LINE = re.compile(
    rf"^[ \t]*(?P<force>[A-Z][\w&’'\- ]{{1,60}}?)[ \t]+PEEL[ \t]+{_YEAR}(?:[/–-](?:\d\d){{1,2}})?[ \t]*$", re.M
)
# "Devon and Cornwall 2017", "West Midlands 2018/19": an inspectorate page's heading, a known force
# and the assessment year alone on a line.
_YEAR_LINE = re.compile(rf"^[ \t]*(?P<force>[A-Z][\w&’'\- ]{{1,60}}?)[ \t]+{_YEAR}(?:/\d\d)?[ \t]*$", re.M)
# "PEEL 2021/22 – An inspection of Greater Manchester Police", "PEEL Assessment 2023-25: Cleveland
# Police": a cycle title line followed by the force it is about.
_CYCLE_TITLE_FORCE = re.compile(
    rf"^[^\n]*?\bPEEL\b[^\n]*?{_YEAR}(?:[/–-](?:\d\d){{1,2}})?[ \t]*[–—:-][ \t]*"
    rf"(?:An?\s+inspection\s+of\s+)?(?P<rest>[^\n]+)$",
    re.M,
)
# "Greater Manchester Police: PEEL cause of concern revisit letter", "Kent Police – PEEL 2017": a
# title line opening with the force, then PEEL.
_FORCE_THEN_PEEL = re.compile(r"^[ \t]*(?P<force>[A-Z][\w&’'\- ]{1,60}?)[ \t]*[–—:-][ \t]*PEEL\b", re.M)
# Year rules (name, pattern with the year in group "year", weight), each starting with \b.
_CYCLE_END = r"(?:\s*(?:/|[–-])\s*(?:19|20)?\d\d\b)?"
_YEAR_RULES = [
    # "PEEL 2017", "PEEL: Police effectiveness 2016", "PEEL 2021/22", "PEEL Assessment Framework 2023-25"
    ("cycle_title", re.compile(
        rf"\bPEEL(?:\s+\([^)]{{0,80}}\))?(?:\s+[Aa]ssessment(?:\s+[Ff]ramework)?)?:?\s+(?:[Pp]olice\s+)?"
        rf"(?:(?:[Ee]ffectiveness|[Ee]fficiency|[Ll]egitimacy|[Ll]eadership)(?:,?\s+(?:efficiency|and|legitimacy))*\s+)?"
        rf"{_YEAR}\b{_CYCLE_END}"), 10),
    ("annex_heading", re.compile(rf"\bforce\s+judgments\s+from\s+(?:the\s+)?{_YEAR}\b"), 6),
    # "The 2017 Efficiency Report", "our 2017 effectiveness inspection"
    ("pillar_year", re.compile(
        rf"\b{_YEAR}\s+(?:PEEL\s+)?(?:[Ee]ffectiveness|[Ee]fficiency|[Ll]egitimacy|PEEL)\s+"
        rf"(?:[Rr]eport|[Ii]nspection|[Aa]ssessment)s?\b"), 5),
    ("assessed_during", re.compile(
        rf"\b(?:assessed|inspected)\s+(?:all\s+of\s+)?(?:these\s+areas|forces|the\s+force)?\s*(?:during|in)\s+{_YEAR}\b"), 4),
    # "2018/19", "2023-25", "2023–2025": a PEEL cycle of more than one year
    ("cycle_span", re.compile(rf"\b{_YEAR}(?:/|[–-])(?P<end>(?:19|20)?\d\d)\b"), 4),
    ("cycle_covering", re.compile(rf"\b(?:covering|for)\s+{_YEAR}\s+to\s+(?P<end>(?:19|20)\d\d)\b"), 4),
    ("our_inspection", re.compile(rf"\bour\s+{_YEAR}\s+(?:\w+\s+)?inspection\b"), 3),
    ("data_period", re.compile(rf"\b(?:year|12\s+months)\s+to\s+(?:\d{{1,2}}\s+)?{_MONTH}\s+{_YEAR}\b"), 2),
    # "effectiveness inspection" spelled out as an alternative (not an optional prefix), so that
    # ``re`` can skip ahead to the first letters "e" / "i" instead of trying every position
    ("inspection_in", re.compile(rf"\b(?:effectiveness\s+inspection|inspection)\s+(?:in|during)\s+{_YEAR}\b"), 1),
]
_TITLE_WEIGHT = 10  # a title line naming the year
_ORDINAL = re.compile(r"\b(?P<ordinal>first|second|third|fourth|fifth)\s+PEEL\s+(?:\([^)]{0,80}\)\s+)?[Aa]ssessment\b")
_ORDINAL_BEFORE_PEEL = re.compile(r"\b(?:first|second|third|fourth|fifth)\s+\Z")  # searched up to a "PEEL"
_ORDINAL_WEIGHT = 4
# "This report sets out our findings for the Metropolitan Police Service." "PEEL assessment of
# Merseyside Police", "an inspection of Cleveland Police".
_FINDINGS_FOR = re.compile(
    r"\b(?:findings|report|assessment|inspection)\s+(?:for|on|of)\s+(?:the\s+)?"
    r"(?P<force>[A-Z][\w&’'\-]*(?:\s+(?:[A-Z][\w&’'\-]*|of|and|&))*)"
)
_PEEL_OR_INSPECTORATE = re.compile(r"\bPEEL\b|\bHMICF?R?S?\b|Inspectorate\s+of\s+Constabulary")
_POLICE = re.compile(r"\b[Pp]olic(?:e|ing)\b|\bforces?\b|\b[Cc]onstabular(?:y|ies)\b")

# Publication date rules, in order of trust: (name, pattern with the date's groups).
_DATE = (rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH}),?\s+(?P<year>(?:19|20)\d\d)"
         rf"|(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>(?:19|20)\d\d)"
         rf"|(?P<dd>\d{{1,2}})/(?P<mm>\d{{1,2}})/(?P<yyyy>(?:19|20)\d\d)"
         rf"|(?P<month3>{_MONTH})\s+(?P<year3>(?:19|20)\d\d))\b")
_TIME_AND_DAY = r"(?:\d{1,2}[:.]\d\d\s*(?:[ap]m|BST|GMT)?\s*,?\s*)?(?:[A-Z][a-z]+day,?\s+)?"
_PUBLISHED_RULES = [
    ("published_on", re.compile(rf"\b(?:Published|Posted|Released)(?:\s+on)?\s*:?\s*{_TIME_AND_DAY}{_DATE}")),
    ("date_line", re.compile(rf"^[ \t]*(?:[A-Z][a-z]+day,?\s+)?{_DATE}[ \t]*$", re.M)),
    # "By a staff writer | Tuesday 4 March 2019", "Riverside Gazette, 12 June 2023": a byline or
    # masthead line ending with its date (among the first lines, as a date line)
    ("byline_date", re.compile(rf"^[^\n]{{1,60}}?(?:[|,–—]|\s-)[ \t]*(?:[A-Z][a-z]+day,?\s+)?{_DATE}[ \t]*$", re.M)),
    ("today", re.compile(rf"\bToday\s*\(\s*{_DATE}\s*\)")),
    ("dateline", re.compile(rf"^[ \t]*[A-Z][A-Za-z .]{{2,30}},\s+{_DATE}\s*[–—:-]", re.M)),
    ("last_updated", re.compile(rf"\b(?:Last\s+updated|Updated)\s*:?\s*(?:on\s+)?{_TIME_AND_DAY}{_DATE}")),
]
_ANY_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b(?![-/]\d)")  # not an ISO date's nor a range's
_DATE_LINE_MAX_LINE = 12  # a date alone on a line dates the text only near its top

OPENING_CHARS = 10_000  # what a text is (its kind, pillar, subject) is told in its opening
DOMINANT_SHARE = 0.4  # a text about one force names it at least this share of force mentions
NATIONAL_MIN_FORCES = 10  # a round-up names at least this many different forces
MAX_EVIDENCE = 3  # spans kept per fact


@dataclass(frozen=True)
class _Found:
    value: object
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class _Cue:
    name: str
    pattern: re.Pattern
    weight: int
    heading_only: bool = False  # counts only in the heading (a masthead)
    boost: bool = True  # counts heading_factor times in the heading
    section: bool = False  # a pillar's question or heading (two pillars' make the whole assessment)


@dataclass(frozen=True)
class _CueSet:
    """Cues matched together in one scan: a lookahead joining them all finds, in the lower-cased
    text, the places where any of them may match, and each cue is tried only there (a regex pass
    per cue over the opening cost five times as much). Heading-only cues are looked for in the
    heading alone."""

    cues: tuple[_Cue, ...]
    starts: re.Pattern | None  # matches (empty) where at least one cue matches
    heading_starts: re.Pattern | None  # the same for the heading-only cues

    def find(self, text: str, heading_end: int) -> dict[_Cue, list[re.Match]]:
        """Each cue's matches in ``text``, as ``cue.pattern.finditer(text)`` gives them (a
        heading-only cue's only those starting in the heading)."""
        lowered = _lower_keeping_offsets(text)
        starts = _starts(self.starts, lowered, len(text))
        heading_starts = _starts(self.heading_starts, lowered, heading_end)
        return {cue: _matches_at(cue.pattern, text, heading_starts if cue.heading_only else starts)
                for cue in self.cues}


def _starts(lookahead: re.Pattern | None, text: str, until: int) -> list[int]:
    """Where ``lookahead`` matches in ``text`` before ``until`` (it sees the text after it)."""
    found = []
    for m in lookahead.finditer(text) if lookahead is not None else ():
        if m.start() >= until:
            break
        found.append(m.start())
    return found


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """``list(pattern.finditer(text))`` when ``starts`` holds every place it can match."""
    matches, free_from = [], 0
    for pos in starts:
        if pos >= free_from and (m := pattern.match(text, pos)) is not None:
            matches.append(m)
            free_from = max(m.end(), pos + 1)  # finditer's matches do not overlap
    return matches


def _cue_set(cues: tuple[_Cue, ...]) -> _CueSet:
    """The cues, the lookahead joining the cues found anywhere and the one joining the heading-only
    cues."""
    return _CueSet(tuple(cues), _joined_lookahead([c for c in cues if not c.heading_only]),
                   _joined_lookahead([c for c in cues if c.heading_only]))


def _joined_lookahead(cues: list[_Cue]) -> re.Pattern | None:
    """A lookahead matching, in lower-cased text, wherever any of the cues matches the text. Its
    letters are lower case and it is case-sensitive, so ``re`` compares them at once (ignoring
    case is slower). Cues whose every alternative opens with the same anchor (a word boundary, a
    line start) share one test of it, which most positions fail at once."""
    if not cues:
        return None
    by_anchor: dict[str, list[str]] = defaultdict(list)
    for cue in cues:
        by_anchor[_leading_anchor(cue.pattern.pattern)].append(f"(?:{_lowered_pattern(cue.pattern.pattern)})")
    return re.compile("|".join(f"{anchor}(?={'|'.join(branches)})" for anchor, branches in by_anchor.items()), re.M)


def _lowered_pattern(pattern: str) -> str:
    """``pattern`` with its letters in lower case, escapes kept (``\\S`` stays ``\\S``): in
    lower-cased text it matches wherever ``pattern`` matches the text. A class excluding letters
    (``[^A-Z]``) would not, and is refused."""
    out, i = [], 0
    negated_class = None  # outside a class; else whether the class starts with "^"
    first_member = 0  # where the class's members start (a "]" there is one of them)
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if negated_class is None and pattern.startswith("(?P", i):  # a group's name, or a reference to it
            name_end = min(j for j in (pattern.find(">", i), pattern.find(")", i), len(pattern)) if j >= 0)
            out.append(pattern[i:name_end])
            i = name_end
            continue
        if negated_class is None and ch == "[":
            negated_class = pattern.startswith("^", i + 1)
            first_member = i + 1 + negated_class
        elif negated_class is not None and ch == "]" and i != first_member:
            negated_class = None
        elif negated_class and ch.isalpha():
            raise ValueError(f"cue pattern {pattern!r}: a class excluding letters cannot be matched in lower case")
        out.append(ch.lower())
        i += 1
    return "".join(out)


def _lower_keeping_offsets(text: str) -> str:
    """``text.lower()``, with a character kept as it is where lower-casing would lengthen it
    ("İ"), so that offsets in it are offsets in ``text``."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _leading_anchor(pattern: str) -> str:
    """``\\b`` or ``^`` when each top-level alternative of ``pattern`` opens with it, else ""."""
    alternatives = _top_level_alternatives(pattern)
    for anchor in (r"\b", "^"):
        if all(a.startswith(anchor) for a in alternatives):
            return anchor
    return ""


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at each "|" outside groups and character classes (not escaped)."""
    parts, start, depth, in_class, i = [], 0, 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i + 1)  # a "]" first in a class is one of its characters
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


@dataclass(frozen=True)
class _Topic:
    name: str
    reason: str
    cues: tuple[_Cue, ...]  # each of weight 1


@dataclass(frozen=True)
class _Cycle:
    first: int
    label: str
    last: int  # the cycle's last year (its first for the yearly assessments of 2014-2017)
    no_pillars: bool  # from 2021/22 the assessment has no pillars: every report is integrated


@dataclass(frozen=True)
class _Vocabulary:
    heading_lines: int
    heading_factor: int
    peel: tuple[_Cue, ...]
    neutral: re.Pattern  # any of the neutral phrases
    topics: tuple[_Topic, ...]
    topic_min_hits: int
    not_peel_statement: re.Pattern  # the text saying it is not a PEEL inspection
    not_peel_statement_reason: str
    kinds: dict[str, tuple[_Cue, ...]]
    pillars: dict[str, tuple[_Cue, ...]]
    pillar_fallback: dict[str, tuple[_Cue, ...]]  # read only when no pillar cue is found
    cycles: tuple[_Cycle, ...]
    ordinals: dict[str, int]
    earlier: re.Pattern
    current: re.Pattern
    same_year_from_month: dict[str, int]
    year_context: re.Pattern  # a sentence about the inspection, where a year in passing dates it
    era_pattern: re.Pattern  # wording only the five-point scale of 2021 on uses
    era_from: int  # the first cycle of that scale
    is_peel_cues: _CueSet  # the PEEL cues and the not-PEEL topics' cues
    document_cues: _CueSet  # the kind, pillar and fallback pillar cues


def _cues(rows: list[dict]) -> tuple[_Cue, ...]:
    return tuple(
        _Cue(r["name"], re.compile(r["pattern"], re.M | (0 if r.get("case") else re.I)), r["weight"],
             r.get("heading_only", False), r.get("boost", True), r.get("section", False))
        for r in rows
    )


@lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    """The cue vocabulary of ``data/metadata_cues.json``, compiled."""
    data = json.loads(CUES_FILE.read_text(encoding="utf-8"))
    peel = _cues(data["peel_cues"])
    topics = tuple(_Topic(t["name"], t["reason"], _cues([{"name": t["name"], "pattern": p, "weight": 1}
                                                         for p in t["patterns"]]))
                   for t in data["not_peel_topics"])
    kinds = {kind: _cues(rows) for kind, rows in data["kind_cues"].items()}
    pillars = {pillar: _cues(rows) for pillar, rows in data["pillar_cues"].items()}
    pillar_fallback = {pillar: _cues(rows) for pillar, rows in data["pillar_fallback_cues"].items()}
    return _Vocabulary(
        heading_lines=data["heading_lines"],
        heading_factor=data["heading_factor"],
        peel=peel,
        neutral=re.compile("|".join(f"(?:{p})" for p in data["neutral_phrases"]), re.I),
        topics=topics,
        topic_min_hits=data["topic_min_hits"],
        not_peel_statement=re.compile(data["not_peel_statements"]["pattern"], re.I),
        not_peel_statement_reason=data["not_peel_statements"]["reason"],
        kinds=kinds,
        pillars=pillars,
        pillar_fallback=pillar_fallback,
        cycles=tuple(_Cycle(c["first"], c["label"], c.get("last", c["first"]), c.get("no_pillars", False))
                     for c in data["cycles"]),
        ordinals=data["ordinal_assessments"],
        earlier=re.compile(data["earlier_context"], re.I),
        current=re.compile(data["current_context"], re.I),
        same_year_from_month=data["publication_same_year_from_month"],
        year_context=re.compile(data["year_mentioned_context"], re.I),
        era_pattern=re.compile(data["five_point_scale"]["pattern"], re.I),
        era_from=data["five_point_scale"]["first_cycle"],
        is_peel_cues=_cue_set(peel + tuple(c for t in topics for c in t.cues)),
        document_cues=_cue_set(tuple(c for groups in (kinds, pillars, pillar_fallback)
                                     for cues in groups.values() for c in cues)),
    )


def read_metadata(text: str, file_name: str, doc_id: str) -> DocumentRecord:
    """Kind, force, inspection year, pillar, publication date and title of a PEEL text;
    raises NotAReport with a reason for a text that is not about a PEEL inspection."""
    opening = text[:OPENING_CHARS]  # a prefix: its offsets are the text's
    _check_is_peel(text, opening)
    titles = _title_lines(text)  # both the year and the force readers use them: one scan
    heading_end = _heading_end(opening)
    cues = _CueMatches(opening, vocabulary().document_cues.find(opening, heading_end), heading_end)
    pillar_votes = _cue_votes(vocabulary().pillars, cues, doc_id, "pillar")
    if not pillar_votes.scores:
        pillar_votes = _cue_votes(vocabulary().pillar_fallback, cues, doc_id, "pillar")
    published = _read_published(opening, doc_id)
    year = _read_year(text, doc_id, titles, _best(pillar_votes), published)
    sections = _cue_votes({p: tuple(c for c in group if c.section) for p, group in vocabulary().pillars.items()},
                          cues, doc_id, "pillar")
    pillar = _read_pillar(pillar_votes, sections, year)
    annex = judgments.find_annex(text)
    force = _read_force(text, doc_id, titles, national=annex is not None and len(annex.rows) >= 2)
    kind = _read_kind(text, cues, doc_id, force.value, annex)
    return DocumentRecord(
        doc_id=doc_id,
        file_name=file_name,
        title=_title(kind.value, force.value, year.value, pillar.value),
        kind=kind.value,
        year=year.value,
        force=force.value,
        n_chars=len(text),
        n_words=len(text.split()),
        evidence=_dedupe(force.evidence + year.evidence + kind.evidence + pillar.evidence + published.evidence),
        pillar=pillar.value,
        published=published.value,
    )


# --- is it about PEEL? --------------------------------------------------------------------------


def _check_is_peel(text: str, opening: str) -> None:
    """Refuse text that is not about a PEEL police inspection: no inspectorate at all, a text saying
    it is not a PEEL inspection, or another subject (fire and rescue, a vetting review, a custody
    inspection, a non-territorial force) outweighing the PEEL cues in the text's ``opening``."""
    if not _PEEL_OR_INSPECTORATE.search(text):
        raise NotAReport("no mention of PEEL or of HMIC/HMICFRS, the police inspectorate")
    voc = vocabulary()
    if (said := voc.not_peel_statement.search(opening)) is not None:
        raise NotAReport(f"{voc.not_peel_statement_reason}: '{' '.join(said.group().split())}'")
    plain = voc.neutral.sub(" ", opening)  # the inspectorate's own name is no fire and rescue cue
    heading_end = _heading_end(plain)
    cues = _CueMatches(plain, voc.is_peel_cues.find(plain, heading_end), heading_end)
    peel = sum(w for w, _ in _cue_hits(voc.peel, cues))
    hits = [(sum(w for w, _ in _cue_hits(topic.cues, cues)), -i, topic) for i, topic in enumerate(voc.topics)]
    n, _, topic = max(hits, key=lambda h: h[:2])  # the most named topic (ties: the first)
    if n >= voc.topic_min_hits and n > peel:
        raise NotAReport(topic.reason)
    if not _POLICE.search(text):
        raise NotAReport("does not mention the police or a police force")
    if peel == 0:
        raise NotAReport("not about a PEEL inspection: names neither PEEL, a pillar inspection nor a PEEL question")


# --- cues ------------------------------------------------------------------------------------------


def _heading_end(text: str) -> int:
    """Offset where the text's heading (its first few non-empty lines) ends."""
    left, pos, end = vocabulary().heading_lines, 0, 0
    while left and pos < len(text):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        if text[pos:line_end].strip():
            left, end = left - 1, line_end
        pos = line_end + 1
    return end


@dataclass(frozen=True)
class _CueMatches:
    """The matches of a cue set in ``text``, whose heading ends at ``heading_end``."""

    text: str
    matches: dict[_Cue, list[re.Match]]
    heading_end: int


def _cue_hits(cues: tuple[_Cue, ...], found: _CueMatches) -> Iterator[tuple[int, tuple[_Cue, re.Match]]]:
    """(weight, (cue, match)) of every match of the cues; a match in the heading counts more."""
    factor = vocabulary().heading_factor
    for cue in cues:
        for m in found.matches[cue]:
            in_heading = m.start() < found.heading_end
            if cue.heading_only and not in_heading:
                continue
            yield cue.weight * (factor if in_heading and cue.boost else 1), (cue, m)


@dataclass(frozen=True)
class _Votes:
    scores: dict[str, int]
    evidence: dict[str, tuple[Evidence, ...]]


def _cue_votes(groups: dict[str, tuple[_Cue, ...]], found: _CueMatches, doc_id: str, fact: str) -> _Votes:
    """Per value (a kind, a pillar), the weighted sum of its cues and the spans that voted."""
    scores: Counter[str] = Counter()
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for value, cues in groups.items():
        for weight, (cue, m) in _cue_hits(cues, found):
            scores[value] += weight
            if m.end() > m.start() and len(evidence[value]) < MAX_EVIDENCE:
                evidence[value].append(
                    spans.evidence(found.text, doc_id, m.start(), m.end(), f"metadata.{fact}.{cue.name}"))
    return _Votes(dict(scores), {v: tuple(evs) for v, evs in evidence.items()})


def _best(votes: _Votes) -> str | None:
    """The value with most votes (ties: the first in the vocabulary's order), or None."""
    if not votes.scores:
        return None
    return max(votes.scores.items(), key=lambda kv: kv[1])[0]


# --- year and publication date -------------------------------------------------------------------


def _title_lines(text: str) -> list[re.Match]:
    """``list(_TITLE_LINE.finditer(text))``, faster: a match is one whole line holding "PEEL",
    so only the lines holding it are tried (``^`` with re.M is tried at every position)."""
    found = []
    pos = text.find("PEEL")
    while pos >= 0:
        line_start = text.rfind("\n", 0, pos) + 1
        if (m := _TITLE_LINE.match(text, line_start)) is not None:
            found.append(m)
        line_end = text.find("\n", pos)
        if line_end < 0:
            break
        pos = text.find("PEEL", line_end)  # the next line holding it
    return found


def _year_lines(text: str) -> list[re.Match]:
    """Heading lines "<known force> <year>" ("Kent 2016", "West Midlands 2018/19") in the text's
    opening, where a page's heading is."""
    return [m for m in _YEAR_LINE.finditer(text, 0, OPENING_CHARS) if forces.lookup(m.group("force"))]


def _is_earlier(text: str, year_start: int) -> bool:
    """True when the year at ``year_start`` is an earlier inspection's ("since our 2017 inspection",
    "the last inspection in 2022", "when we inspected in 2016"): an earlier-time word before it in
    the same sentence, and no word of the current one ("the most recent inspection")."""
    window = text[max(0, year_start - 60) : year_start]
    window = re.split(r"[.!?]\s|\n\s*\n", window)[-1]
    voc = vocabulary()
    return bool(voc.earlier.search(window)) and not voc.current.search(window)


def _read_year(text: str, doc_id: str, titles: list[re.Match], pillar: str | None, published: _Found) -> _Found:
    """The inspection year (first year of the PEEL cycle): a weighted vote of the year rules (title
    lines count most; cues of an earlier inspection do not vote); else from the publication date."""
    votes: Counter[int] = Counter()
    where: dict[int, list[Evidence]] = defaultdict(list)

    def vote(year: int, weight: int, start: int, end: int, rule: str) -> None:
        votes[year] += weight
        where[year].append(spans.evidence(text, doc_id, start, end, f"metadata.year.{rule}"))

    for m in titles:
        vote(int(m.group("year")), _TITLE_WEIGHT, m.start("year"), m.end("year"), "title_line")
    for m in _year_lines(text):
        vote(int(m.group("year")), _TITLE_WEIGHT, m.start("year"), m.end("year"), "year_line")
    for name, pattern, weight in _YEAR_RULES:
        for m in _finditer_word_start(pattern, text):
            year = int(m.group("year"))
            if "end" in pattern.groupindex and not _is_cycle_end(year, m.group("end")):
                continue
            if _is_earlier(text, m.start("year")):
                continue
            vote(year, weight, m.start(), m.end(), name)
    for m in _ordinal_assessments(text):  # "the fourth PEEL assessment" of a force: 2017
        year = vocabulary().ordinals[m.group("ordinal").lower()]
        vote(year, _ORDINAL_WEIGHT, m.start(), m.end(), "ordinal_assessment")
    if votes:
        year, _ = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
        return _Found(year, tuple(where[year][:MAX_EVIDENCE]))
    if published.value is not None:
        year = _year_from_publication(published.value, pillar)
        return _Found(year, _relabel(published.evidence, "metadata.year.from_publication"))
    return _year_without_cue(text, doc_id)


def _ordinal_assessments(text: str) -> list[re.Match]:
    """``list(_ORDINAL.finditer(text))``, faster: only the word before each "PEEL" is tried."""
    found = []
    pos = text.find("PEEL")
    while pos >= 0:
        before = _ORDINAL_BEFORE_PEEL.search(text, max(0, pos - 20), pos)
        if before is not None and (m := _ORDINAL.match(text, before.start())) is not None:
            found.append(m)
        pos = text.find("PEEL", pos + 4)
    return found


def _year_without_cue(text: str, doc_id: str) -> _Found:
    """Last resorts for a PEEL text with no year cue and no date (a news item "this week"): the
    latest year of the PEEL era the text mentions in a sentence about the inspection ("HMIC
    visited in 2016"), not as an earlier inspection's; else, for a
    text in the vocabulary of the five-point scale (2021 on: "adequate"), the latest cycle using
    it, a documented guess (a dateless text is most likely about the current round) rather than
    losing every grade it states. Refused when neither is found."""
    voc = vocabulary()
    first, last = voc.cycles[0].first, voc.cycles[-1].last
    mentioned = [m for m in _ANY_YEAR.finditer(text)
                 if first <= int(m.group("year")) <= last and not _is_earlier(text, m.start())
                 and voc.year_context.search(_sentence_around(text, m.start(), m.end()))]
    if mentioned:
        m = max(mentioned, key=lambda m: (int(m.group("year")), -m.start()))
        ev = spans.evidence(text, doc_id, m.start(), m.end(), "metadata.year.year_mentioned")
        return _Found(cycle_year(int(m.group("year"))), (ev,))
    if (m := voc.era_pattern.search(text)) is not None:
        year = max(c.first for c in voc.cycles if c.first >= voc.era_from)
        return _Found(year, (spans.evidence(text, doc_id, m.start(), m.end(), "metadata.year.grade_scale_era"),))
    raise NotAReport("no inspection year found (no 'PEEL <year>', cycle, 'assessed ... during <year>', "
                     "data period, publication date, year mentioned or five-point grade scale)")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding ``text[start:end]``."""
    before = re.split(r"[.!?]\s|\n", text[max(0, start - 300) : start])[-1]
    after = re.split(r"[.!?]\s|\n", text[end : end + 300])[0]
    return before + text[start:end] + after


def _is_cycle_end(first: int, end: str) -> bool:
    """True when ``first`` and ``end`` span a multi-year PEEL cycle ("2018/19", "2023-25"), not a
    financial year ("savings by 2019/20") or another range of years."""
    last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
    return any(c.first == first and c.last == last > first for c in vocabulary().cycles)


def _year_from_publication(iso: str, pillar: str | None) -> int:
    """The inspection a text published on ``iso`` reports: effectiveness results came out in the
    spring after the inspection year, efficiency and legitimacy from the autumn of the year itself;
    the year then goes to its PEEL cycle (a 2023-25 report published in 2025 is 2023)."""
    parts = iso.split("-")
    year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else 6
    same_from = vocabulary().same_year_from_month
    inspected = year if month >= same_from.get(pillar or "unknown", same_from["unknown"]) else year - 1
    return cycle_year(inspected)


def cycle_year(year: int) -> int:
    """The first year of the PEEL cycle a calendar year belongs to (2019 -> 2018, 2024 -> 2023)."""
    firsts = [c.first for c in vocabulary().cycles if c.first <= year]
    return max(firsts) if firsts else year


def _read_published(opening: str, doc_id: str) -> _Found:
    """The publication date as ISO "YYYY-MM-DD", from the most trusted rule that finds one in the
    text's opening (a date alone on its line, or ending a byline, counts only among the first lines)."""
    top_lines = len("\n".join(opening.split("\n", _DATE_LINE_MAX_LINE)[:_DATE_LINE_MAX_LINE]))
    for name, pattern in _PUBLISHED_RULES:
        for m in pattern.finditer(opening, 0, top_lines if name in ("date_line", "byline_date") else len(opening)):
            iso = _iso_date(m)
            if iso:
                return _Found(iso, (spans.evidence(opening, doc_id, m.start(), m.end(), f"metadata.published.{name}"),))
    return _Found(None, ())


def _iso_date(m: re.Match) -> str | None:
    """The matched date as ISO "YYYY-MM-DD" ("YYYY-MM" for a month and year), None if invalid."""
    g = m.groupdict()
    if g.get("month3"):
        return f"{int(g['year3']):04d}-{_MONTHS.index(g['month3'].capitalize()) + 1:02d}"
    if g.get("dd"):
        day, month, year = int(g["dd"]), int(g["mm"]), int(g["yyyy"])
    else:
        day = int(g.get("day") or g.get("day2"))
        month = _MONTHS.index((g.get("month") or g.get("month2")).capitalize()) + 1
        year = int(g.get("year") or g.get("year2"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _finditer_word_start(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern starting with ``\\b`` (that never matches empty),
    ~4x faster. ``re`` skips fast to a pattern's possible first characters, but a leading
    ``\\b`` hides them: the pattern without it finds candidates, the whole pattern confirms."""
    body = _without_leading_boundary(pattern)
    pos = 0
    while (candidate := body.search(text, pos)) is not None:
        match = pattern.match(text, candidate.start())  # a lookbehind still sees text before pos
        if match is None:
            pos = candidate.start() + 1
            continue
        yield match
        pos = max(match.end(), match.start() + 1)


@lru_cache(maxsize=32)
def _without_leading_boundary(pattern: re.Pattern) -> re.Pattern:
    assert pattern.pattern.startswith(r"\b"), pattern.pattern
    return re.compile(pattern.pattern[2:], pattern.flags)


# --- pillar ------------------------------------------------------------------------------------


def _read_pillar(votes: _Votes, sections: _Votes, year: _Found) -> _Found:
    """The pillar the text covers: "integrated" for any text of a cycle without pillars (2021/22
    on) and for a text with questions or headings (``sections``) of two or more pillars, else the
    pillar (or the whole assessment) its cues name most; None without a cue."""
    cycle = next((c for c in vocabulary().cycles if c.first == cycle_year(year.value)), None)
    if cycle is not None and cycle.no_pillars:
        return _Found("integrated", _relabel(year.evidence[:1], "metadata.pillar.cycle_without_pillars"))
    if len(sections.scores) >= 2:
        first_of_each = tuple(evidence[0] for evidence in sections.evidence.values() if evidence)
        return _Found("integrated", _relabel(first_of_each, "metadata.pillar.sections_of_several_pillars"))
    best = _best(votes)
    return _Found(best, votes.evidence.get(best, ()) if best else ())


# --- force and kind --------------------------------------------------------------------------------


def _read_force(text: str, doc_id: str, titles: list[re.Match], national: bool) -> _Found:
    """The force the text is about, or None for a text about all forces (a national annex, a
    round-up of many forces, or no force named more than the others)."""
    if titles:
        m = titles[0]
        ev = spans.evidence(text, doc_id, m.start("force"), m.end("force"), "metadata.force.title_line")
        return _Found(_full_force_name(m.group("force"), text), (ev,))
    for m in _year_lines(text):
        ev = spans.evidence(text, doc_id, m.start("force"), m.end("force"), "metadata.force.year_line")
        return _Found(forces.lookup(m.group("force")), (ev,))
    for m in _CYCLE_TITLE_FORCE.finditer(text, 0, OPENING_CHARS):  # a title: in the opening
        found = next(forces.find_forces(m.group("rest")), None)
        if found and found.start == 0:
            start = m.start("rest")
            ev = spans.evidence(text, doc_id, start, start + found.end, "metadata.force.cycle_title")
            return _Found(found.name, (ev,))
    for m in _FORCE_THEN_PEEL.finditer(text, 0, OPENING_CHARS):
        if name := forces.lookup(m.group("force")):
            ev = spans.evidence(text, doc_id, m.start("force"), m.end("force"), "metadata.force.force_then_peel")
            return _Found(name, (ev,))
    if national:
        return _Found(None, ())
    for m in _finditer_word_start(_FINDINGS_FOR, text[:OPENING_CHARS]):  # its subject: in the opening
        found = next(forces.find_forces(m.group("force")), None)
        if found and found.start == 0:
            start = m.start("force") + found.start
            ev = spans.evidence(text, doc_id, start, m.start("force") + found.end, "metadata.force.findings_for")
            return _Found(found.name, (ev,))
    mentions = list(forces.find_forces(text))
    counts = Counter(m.name for m in mentions)
    ranked = counts.most_common(2)
    if ranked and len(counts) < NATIONAL_MIN_FORCES:
        top, n = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if n > runner_up and n / sum(counts.values()) >= DOMINANT_SHARE:
            first = next(m for m in mentions if m.name == top)
            ev = spans.evidence(text, doc_id, first.start, first.end, "metadata.force.most_named")
            return _Found(top, (ev,))
    return _Found(None, ())


def _full_force_name(label: str, text: str) -> str:
    """A title's short name ("Metropolitan") as the force's canonical or fullest written name."""
    known = forces.lookup(label)
    if known:
        return known
    key = forces.force_key(label)
    fuller = Counter(m.name for m in forces.find_forces(text) if forces.force_key(m.name) == key)
    return fuller.most_common(1)[0][0] if fuller else forces.clean_name(label)


def _read_kind(text: str, cues: _CueMatches, doc_id: str, force: str | None, annex) -> _Found:
    """Who speaks: the inspectorate (a force report, or a national report when it is about no one
    force), a press release, the news (including a force's own page) or a commissioner. A per-force
    annex anywhere in ``text`` makes a national report; otherwise the cues of its opening vote."""
    if annex is not None and len(annex.rows) >= 2:
        ev = spans.evidence(text, doc_id, annex.heading_start, annex.heading_end, "metadata.kind.per_force_annex")
        return _Found(NATIONAL_REPORT, (ev,))
    votes = _cue_votes(vocabulary().kinds, cues, doc_id, "kind")
    kind = _best(votes) or FORCE_REPORT
    evidence = votes.evidence.get(kind, ())
    if kind in (FORCE_REPORT, PRESS_RELEASE) and force is None:
        kind = NATIONAL_REPORT  # the inspectorate about all forces
    assert kind in (FORCE_REPORT, NATIONAL_REPORT, PRESS_RELEASE, NEWS, COMMISSIONER_PAGE), kind
    return _Found(kind, evidence)


# --- title -------------------------------------------------------------------------------------


def _title(kind: str, force: str | None, year: int, pillar: str | None) -> str:
    """"PEEL: Police effectiveness 2016 – Kent Police", "PEEL 2018/19 – West Midlands Police (press
    release)", "PEEL: Police legitimacy 2016 – a national overview"."""
    cycle = next((c for c in vocabulary().cycles if c.first == year), None)
    if pillar in (None, "integrated"):
        label = cycle.label if cycle else str(year)
        head = f"PEEL {label}"
    else:
        head = f"PEEL: Police {pillar} {year}"
    subject = force or ("a national overview" if kind == NATIONAL_REPORT else "all forces")
    suffix = "" if kind in (FORCE_REPORT, NATIONAL_REPORT) else f" ({kind})"
    return f"{head} – {subject}{suffix}"


def _relabel(evidence: tuple[Evidence, ...], rule: str) -> tuple[Evidence, ...]:
    """The same spans as evidence of another fact (the year read from the publication date)."""
    return tuple(Evidence(e.document, e.start, e.end, e.text, rule, e.sentence) for e in evidence)


def _dedupe(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    seen, out = set(), []
    for ev in evidence:
        key = (ev.start, ev.end, ev.rule)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return tuple(out)
