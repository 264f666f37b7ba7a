"""Document metadata (force, inspection year, kind, title) read from a report's text.

Never from the file name: users drop in files named anything. Each fact is read by a few
general, ordered rules (a web page's "<Force> PEEL <year>" title line, "assessed all of these
areas during <year>", "in the year to June <year>", the force the report is about, a per-force
judgments annex for a national report); the spans the answer came from become its evidence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import forces, judgments, spans
from .records import FORCE_REPORT, NATIONAL_REPORT, DocumentRecord, Evidence


class NotAReport(Exception):
    """The text does not look like a PEEL effectiveness report."""


_YEAR = r"((?:19|20)\d\d)"
# "Metropolitan PEEL 2018" — a web page's title line naming the force and the PEEL year. From
# 2018 the inspection round spans two years ("Avon and Somerset PEEL 2018/19"): its first year
# is the inspection year, as the single-year title of the same round ("PEEL 2018") says.
_TITLE_LINE = re.compile(
    rf"^[ \t]*(?P<force>[A-Z][\w&’'\- ]{{1,60}}?)[ \t]+PEEL[ \t]+{_YEAR}(?:[/–-](?:\d\d){{1,2}})?[ \t]*$", re.M
)
# Year rules, strongest first: (name, pattern with the year as the last group, weight).
_YEAR_RULES = [
    ("peel_title", re.compile(rf"\bPEEL:?\s+(?:[Pp]olice\s+)?[Ee]ffectiveness\s+{_YEAR}\b"), 10),
    ("annex_heading", re.compile(rf"\bforce\s+judgments\s+from\s+(?:the\s+)?{_YEAR}\b"), 6),
    ("assessed_during", re.compile(rf"\b(?:assessed|inspected)\s+(?:all\s+of\s+)?(?:these\s+areas|forces|the\s+force)?\s*(?:during|in)\s+{_YEAR}\b"), 4),
    ("data_period", re.compile(rf"\b(?:year|12\s+months)\s+to\s+(?:\d{{1,2}}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+{_YEAR}\b"), 2),
    # "effectiveness inspection" spelled out as an alternative (not an optional prefix), so that
    # ``re`` can skip ahead to the first letters "e" / "i" instead of trying every position
    ("inspection_in", re.compile(rf"\b(?:effectiveness\s+inspection|inspection)\s+(?:in|during)\s+{_YEAR}\b"), 1),
]
# "This report sets out our findings for the Metropolitan Police Service."
_FINDINGS_FOR = re.compile(r"\b(?:findings|report)\s+(?:for|on)\s+(?:the\s+)?(?P<force>[A-Z][\w&’'\-]*(?:\s+(?:[A-Z][\w&’'\-]*|of|and|&))*)")
_PEEL_OR_INSPECTORATE = re.compile(r"\bPEEL\b|\bHMICF?R?S?\b|Inspectorate\s+of\s+Constabulary")
_OTHER_PILLAR = re.compile(r"How\s+(efficient|legitimate)(?:ly)?\s+(?:is|are|does)\s+the\s+(?:force|constabulary)\b")
_EFFECTIVENESS = re.compile(r"\b[Ee]ffectiveness\b|\bHow\s+effective(?:ly)?\s+(?:is|are|does)\b")

DOMINANT_SHARE = 0.4  # a force report names its own force at least this share of force mentions
NATIONAL_MIN_FORCES = 10  # a national report names at least this many different forces


@dataclass(frozen=True)
class _Found:
    value: object
    evidence: tuple[Evidence, ...]


def read_metadata(text: str, file_name: str, doc_id: str) -> DocumentRecord:
    """Force, inspection year, kind and title of a report; raises NotAReport with a reason."""
    _check_is_report(text)
    titles = _title_lines(text)  # both readers use them: one scan of the text
    year = _read_year(text, doc_id, titles)
    kind, force = _read_kind_and_force(text, doc_id, titles[0] if titles else None)
    title = _title(kind.value, force.value, year.value)
    return DocumentRecord(
        doc_id=doc_id,
        file_name=file_name,
        title=title,
        kind=kind.value,
        year=year.value,
        force=force.value,
        n_chars=len(text),
        n_words=len(text.split()),
        evidence=_dedupe(force.evidence + year.evidence + kind.evidence),
    )


def _check_is_report(text: str) -> None:
    if not _PEEL_OR_INSPECTORATE.search(text):
        raise NotAReport("no mention of PEEL or of HMIC/HMICFRS, the police inspectorate")
    if not _EFFECTIVENESS.search(text):
        raise NotAReport("does not mention police effectiveness (not an effectiveness report)")
    other = _OTHER_PILLAR.search(text)
    if other and not judgments.QUESTION.search(text) and not judgments.find_annex(text):
        pillar = {"efficient": "efficiency", "legitimate": "legitimacy"}[other.group(1)]
        raise NotAReport(f"a PEEL {pillar} report ('{' '.join(other.group().split())}'), not effectiveness")
    if not re.search(r"\b[Pp]olice\b|\bforces?\b|\b[Cc]onstabular(?:y|ies)\b", text):
        raise NotAReport("does not mention the police or a police force")


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


def _read_year(text: str, doc_id: str, titles: list[re.Match]) -> _Found:
    """The inspection year: a weighted vote of the year rules (the title line counts most).
    ``titles``: the ``_TITLE_LINE`` matches of the text."""
    votes: Counter[int] = Counter()
    where: dict[int, list[Evidence]] = defaultdict(list)
    for m in titles:
        year = int(m.group(2))
        votes[year] += 10
        where[year].append(spans.evidence(text, doc_id, m.start(2), m.end(2), "metadata.year.title_line"))
    for name, pattern, weight in _YEAR_RULES:
        for m in _finditer_word_start(pattern, text):
            year = int(m.group(m.lastindex))
            votes[year] += weight
            where[year].append(spans.evidence(text, doc_id, m.start(), m.end(), f"metadata.year.{name}"))
    if not votes:
        raise NotAReport("no inspection year found (no 'PEEL <year>', 'assessed ... during <year>' or data period)")
    year, _ = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return _Found(year, tuple(where[year][:3]))


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


def _read_kind_and_force(text: str, doc_id: str, title: re.Match | None) -> tuple[_Found, _Found]:
    """Force report (about one force) or national report (a per-force annex, many forces).
    ``title``: the text's first ``_TITLE_LINE`` match, if any."""
    if title:
        name = _full_force_name(title.group("force"), text)
        ev = spans.evidence(text, doc_id, title.start("force"), title.end("force"), "metadata.force.title_line")
        return _Found(FORCE_REPORT, (ev,)), _Found(name, (ev,))
    table = judgments.find_annex(text)
    if table is not None and len(table.rows) >= 2:
        ev = spans.evidence(text, doc_id, table.heading_start, table.heading_end, "metadata.kind.per_force_annex")
        return _Found(NATIONAL_REPORT, (ev,)), _Found(None, ())
    for m in _finditer_word_start(_FINDINGS_FOR, text):
        found = next(forces.find_forces(m.group("force")), None)
        if found and found.start == 0:
            start = m.start("force") + found.start
            ev = spans.evidence(text, doc_id, start, m.start("force") + found.end, "metadata.force.findings_for")
            return _Found(FORCE_REPORT, (ev,)), _Found(found.name, (ev,))
    mentions = list(forces.find_forces(text))
    counts = Counter(m.name for m in mentions)
    if counts:
        top, n = counts.most_common(1)[0]
        if n / sum(counts.values()) >= DOMINANT_SHARE:
            first = next(m for m in mentions if m.name == top)
            ev = spans.evidence(text, doc_id, first.start, first.end, "metadata.force.most_named")
            return _Found(FORCE_REPORT, (ev,)), _Found(top, (ev,))
    if len(counts) >= NATIONAL_MIN_FORCES:
        first = mentions[0]
        ev = spans.evidence(text, doc_id, first.start, first.end, "metadata.kind.many_forces")
        return _Found(NATIONAL_REPORT, (ev,)), _Found(None, ())
    raise NotAReport("no police force found that the report is about, and it is not a national report")


def _full_force_name(label: str, text: str) -> str:
    """A title's short name ("Metropolitan") as the force's canonical or fullest written name."""
    known = forces.lookup(label)
    if known:
        return known
    key = forces.force_key(label)
    fuller = Counter(m.name for m in forces.find_forces(text) if forces.force_key(m.name) == key)
    return fuller.most_common(1)[0][0] if fuller else forces.clean_name(label)


def _title(kind: str, force: str | None, year: int) -> str:
    if kind == NATIONAL_REPORT:
        return f"PEEL: Police effectiveness {year} – a national overview"
    return f"PEEL: Police effectiveness {year} – {force}"


def _dedupe(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    seen, out = set(), []
    for ev in evidence:
        key = (ev.start, ev.end, ev.rule)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return tuple(out)
