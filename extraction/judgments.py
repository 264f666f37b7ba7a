"""Judgments (grades) per inspection question, from force reports and national annex tables.

Force reports: a grade standing alone on its line (a web page's grade badge, a PDF's
"Requires\\nimprovement", a labelled "Judgment: Good", a "Not graded" badge) belongs to the nearest
question heading above it ("How effective is the force at ...?", "How efficient ...?", "How
legitimate ...?", "How well does the force understand demand?"), or, where no question waits for
a grade, to a heading line naming one area just above it ("Tackling serious and organised crime" /
"Rating: good"); a grade ending its question's line ("How efficient ...? – Good") is that
question's. The first grade per pillar and area wins, and a grade whose preceding block repeats an
earlier one word for word (PDF sidebars printed twice) is a repeat, not a new judgment.

Every kind of document: grades stated in sentences, list lines and round-ups are read by
``grade_statements`` and kept beside these (one judgment per statement).

National reports: tables come out of PDF text as a token stream (column headers, then a row
label, then exactly one grade token per column, wrapping anywhere). We read that structure:
headers -> areas, then [label][N grade tokens] repeated; never the nearest grade word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import forces, grade_statements, spans
from .records import NATIONAL_REPORT, DocumentRecord, GradeSummaryCell, Judgment

# A grade token; "Requires" and "Improvement" may sit on separate lines, and a PDF may glue
# grades of neighbouring cells together ("GoodRequires improvement").
GRADE_TOKEN = re.compile(
    r"(?<![A-Za-z])(?:Outstanding|Good|Requires\s+[Ii]mprovement|Inadequate|Ungraded)(?![a-z])"
    r"|(?<=[a-z])(?:Outstanding|Good|Requires\s+[Ii]mprovement|Inadequate|Ungraded)(?![a-z])"
)
# The grade words alone: ``re`` skips ahead to their capital first letters, which the leading
# lookbehinds of GRADE_TOKEN hide (it then tries every position of the text).
_GRADE_WORD = re.compile(r"Outstanding|Good|Requires\s+[Ii]mprovement|Inadequate|Ungraded")
# A badge line with its label ("Judgment: Good", "Overall grade: Requires improvement"), and a
# question's "Not graded" badge.
_LABELLED_GRADE = re.compile(
    r"^[ \t]*(?:(?:our|the)[ \t]+)?(?:overall[ \t]+)?(?:judgment|judgement|grade|rating)[ \t]*:[ \t]*"
    r"(?P<grade>Outstanding|Good|Requires[ \t]+improvement|Inadequate|Not[ \t]+graded)[ \t]*\.?[ \t]*$",
    re.M | re.I,
)
_NOT_GRADED_LINE = re.compile(r"^[ \t]*(?P<grade>Not[ \t]+graded)[ \t]*\.?[ \t]*$", re.M | re.I)
# A grade ending its question's line: "How efficient is the force at ...? – Requires improvement".
_GRADE_ENDING_LINE = re.compile(
    r"[ \t]*[–—:-][ \t]*(?P<grade>Outstanding|Good|Adequate|Requires[ \t]+improvement|Inadequate)[ \t]*\.?[ \t]*(?:\n|\Z)",
    re.I,
)
# A heading naming one area ("Preventing crime and tackling anti-social behaviour", "Efficiency"):
# a short line, no sentence or question, mostly the area's wording.
_AREA_HEADING_MAX_WORDS = 12
_CASEFREE_GRADE = re.compile(r"(?i)^(outstanding|good|requires\s+improvement|inadequate|ungraded)$")

# Question headings of force reports, across line wraps. The subject is "the force", but reports
# on constabularies say "the constabulary", and some name the force ("How effective is Greater
# Manchester Police at ..."): a capitalised name ending in Police/Constabulary/Police Service.
_FORCE_NAME = r"(?:[A-Z][\w’'&-]*\s+(?:(?:of|and|&)\s+)?){1,5}(?:Police(?:\s+Service)?|Constabulary)"
QUESTION = re.compile(
    rf"How\s+(?P<pillar>effective|efficient|legitimate)(?:ly)?\s+(?:is|are|does)\s+(?:(?:the\s+)?(?:force|police|constabulary)\b|{_FORCE_NAME}(?![\w-]))"
    r"[^?]{0,250}?\?"
)
# Efficiency and legitimacy questions asked another way ("How well does the force understand
# demand?", "How sustainable and affordable is the workforce model?"): headings only when they
# name one efficiency or legitimacy area (the effectiveness
# reports' "How well does the force ...?" sub-questions are not graded).
OTHER_QUESTION = re.compile(
    r"(?:How\s+well|To\s+what\s+extent|How\s+fairly|How\s+sustainable(?:\s+and\s+affordable)?)\s+(?:is|are|does|do)\b[^?\n]{0,200}\?"
)
_PILLAR_OF_WORD = {"effective": "effectiveness", "efficient": "efficiency", "legitimate": "legitimacy"}

_HYPHENS = re.compile(r"[\u2010-\u2015\u2212]")
# Area keyword rules, most specific first (question 1 names anti-social behaviour *and*
# prevention; the overall question names crime reduction and keeping people safe).
_AREA_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("specialist-capabilities", re.compile(r"specialist\s+capabilit", re.I)),
    ("serious-organised-crime", re.compile(r"organised\s+crime", re.I)),
    ("vulnerability", re.compile(r"vulnerab", re.I)),
    ("investigation", re.compile(r"investigat", re.I)),
    ("prevention", re.compile(r"prevent", re.I)),
    ("anti-social-behaviour", re.compile(r"anti-social\s+behaviour", re.I)),
    ("overall", re.compile(r"\boverall\b|reduc\w*\s+crime|cut\w*\s+crime|keep\w*\s+people\s+safe|people\s+safe", re.I)),
]
# Column/row headers of tables, matched left to right: each names one area.
_HEADER_TERMS = re.compile(
    r"(?P<specialist>specialist\s+capabilities)"
    r"|(?P<soc>(?:serious\s+and\s+)?organised\s+crime)"
    r"|(?P<vul>(?:protecting\s+)?vulnerab\w*(?:\s+people)?)"
    r"|(?P<inv>(?:crime\s+)?investigation)"
    r"|(?P<prev>(?:crime\s+)?prevention)"
    r"|(?P<asb>anti-social\s+behaviour)"
    r"|(?P<overall>overall(?:\s+judgment)?(?:\s+grade)?)",
    re.I,
)
_HEADER_AREA = {
    "specialist": "specialist-capabilities",
    "soc": "serious-organised-crime",
    "vul": "vulnerability",
    "inv": "investigation",
    "prev": "prevention",
    "asb": "anti-social-behaviour",
    "overall": "overall",
}
_ANNEX_HEADING = re.compile(
    r"^[ \t]*(?:Annex|Appendix)[ \t]+\w+[ \t]*[–—:-][ \t]*[^\n]*?\b(?:force|forces)\b[^\n]*?\b(?:judgments|grades)\b[^\n]*$",
    re.M | re.I,
)
# A line opening with "Annex"/"Appendix": where ``_ANNEX_HEADING`` may start (after the first
# line). The leading newline is a literal that ``re`` skips ahead to; "^" with re.M is tried at
# every position.
_ANNEX_LINE = re.compile(r"\n[ \t]*(?:Annex|Appendix)", re.IGNORECASE)
_NEXT_ANNEX = re.compile(r"^[ \t]*(?:Annex|Appendix)[ \t]+\w+[ \t]*[–—:-]", re.M)
# "the rating of 'good'", "graded as good", "judged to be outstanding": a grade stated in prose.
_GRADE_IN_PROSE = re.compile(
    r"\b(?:rating|grade|graded|rated|judged)\s+(?:of|as|to\s+be)?\s*[‘'“\"]?"
    r"(outstanding|good|requires\s+improvement|inadequate)\b[’'”\"]?",
    re.I,
)
# A question whose grade is still to come: "To be graded", "Not yet graded".
_TO_BE_GRADED = re.compile(r"\s*(?:To\s+be\s+graded|Not\s+yet\s+graded)\b", re.I)
# Summary table: "Question Outstanding Good Requires Improvement Inadequate Declined Improved".
_SUMMARY_COLUMN = r"(?:Outstanding|Good|Requires\s+[Ii]mprovement|Inadequate|Ungraded|Declined|Improved)"
_SUMMARY_HEADER = re.compile(rf"(?:Question|Area)\s+(?P<cols>{_SUMMARY_COLUMN}(?:\s+{_SUMMARY_COLUMN}){{2,}})")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?![\w.,%])")
_MAX_LABEL_WORDS = 8


def _grade_tokens(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """``GRADE_TOKEN.finditer(text, start, end)``, ~10x faster: a GRADE_TOKEN match starts
    where a grade word (``_GRADE_WORD``) does, so only those places are tried, in text order
    (the lookbehind still sees the text before them)."""
    end = len(text) if end is None else end
    found = []
    pos = start
    while (candidate := _GRADE_WORD.search(text, pos, end)) is not None:
        match = GRADE_TOKEN.match(text, candidate.start(), end)
        if match is None:
            pos = candidate.start() + 1
            continue
        found.append(match)
        pos = match.end()  # a grade token is never empty
    return found


def grade_label(token: str) -> str:
    """Normalise a grade token ("Requires \\n Improvement") to the contract's label; a badge's
    "Not graded" is "Ungraded"."""
    words = " ".join(token.split()).lower()
    if words == "not graded":
        return "Ungraded"
    return words[0].upper() + words[1:]


def area_of(wording: str) -> str | None:
    """The comparable area a question (or table header) is about, by keyword rules."""
    norm = _HYPHENS.sub("-", " ".join(wording.split()))
    for area, pattern in _AREA_RULES:
        if pattern.search(norm):
            return area
    return None


def clean_wording(wording: str) -> str:
    """A question as worded: line wraps collapsed, typographic hyphens made plain."""
    return _HYPHENS.sub("-", " ".join(wording.split()))


def extract_judgments(text: str, doc: DocumentRecord) -> tuple[list[Judgment], list[GradeSummaryCell]]:
    """Every judgment a report states, and (national reports) the grade summary table's cells."""
    if doc.kind == NATIONAL_REPORT:
        found, cells = annex_judgments(text, doc), summary_cells(text, doc)
    else:
        found, cells = force_report_judgments(text, doc), []
    return merge_statements(found, grade_statements.statement_judgments(text, doc)), cells


# Rules reading a grade by its place under (or on) its question's line: the layout says whose
# grade it is, so a sentence reader's other reading of the same grade word is dropped.
_LAYOUT_RULES = frozenset({"judgments.grade_after_question", "judgments.grade_on_question_line",
                           "judgments.grade_after_area_heading"})


def merge_statements(found: list[Judgment], statements: list[Judgment]) -> list[Judgment]:
    """All judgments, a statement dropped when it restates a judgment already read from the same
    grade word (the same fact read twice from one span is one statement), or when its grade word
    is one a layout rule tied to its question."""
    taken = {(_fact(j), j.evidence.start) for j in found}
    laid_out = {j.evidence.start for j in found if j.evidence.rule in _LAYOUT_RULES}
    out = list(found)
    for j in statements:
        if (_fact(j), j.evidence.start) in taken or j.evidence.start in laid_out:
            continue
        taken.add((_fact(j), j.evidence.start))
        out.append(j)
    return out


def _fact(j: Judgment) -> tuple:
    return (j.force, j.year, j.pillar, j.area, j.grade)


# --- force reports ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Heading:
    start: int
    end: int
    wording: str
    area: str | None
    pillar: str = "effectiveness"


def _headings(text: str) -> list[_Heading]:
    out = []
    for m in QUESTION.finditer(text):
        wording = clean_wording(m.group())
        pillar = _PILLAR_OF_WORD[m.group("pillar").lower()]
        area = area_of(wording) if pillar == "effectiveness" else _pillar_area(wording, pillar)
        out.append(_Heading(m.start(), m.end(), wording, area, pillar))
    for m in OTHER_QUESTION.finditer(text):
        wording = clean_wording(m.group())
        found = grade_statements.find_areas(wording)
        if len(found) == 1 and found[0].pillar in ("efficiency", "legitimacy") and found[0].code != "overall":
            out.append(_Heading(m.start(), m.end(), wording, found[0].code, found[0].pillar))
    return sorted(out, key=lambda h: h.start)


def _pillar_area(wording: str, pillar: str) -> str | None:
    """The area of an efficiency or legitimacy question: the pillar as a whole ("How efficient is
    the force at keeping people safe and reducing crime?") or one of the pillar's areas."""
    found = [a for a in grade_statements.find_areas(wording) if a.code != "overall" and a.pillar == pillar]
    if found:
        return found[0].code
    return "overall"


def _standalone_grades(text: str) -> list[tuple[int, int]]:
    """Spans of grades that are alone on their line(s): badges and table cells, not prose; a
    badge may carry its label ("Judgment: Good") or read "Not graded"."""
    found = []
    for m in _grade_tokens(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start : m.start()].strip() or text[m.end() : line_end].strip():
            continue
        found.append((m.start(), m.end()))
    for pattern in (_LABELLED_GRADE, _NOT_GRADED_LINE):
        found += [m.span("grade") for m in pattern.finditer(text)]
    return sorted(found)


def force_report_judgments(text: str, doc: DocumentRecord) -> list[Judgment]:
    """Each graded question (and overall) of a force report, first statement per area: a badge
    under its question (or under a heading naming one area), a grade ending its question's line,
    else a grade stated in the question's prose."""
    if doc.force is None:
        return []
    headings = _headings(text)
    chosen: dict[tuple[str, str], Judgment] = {}
    for heading in headings:
        if heading.area is not None and (m := _GRADE_ENDING_LINE.match(text, heading.end)) is not None:
            chosen.setdefault((heading.pillar, heading.area), _judgment(
                text, doc, heading, m.start("grade"), m.end("grade"), "judgments.grade_on_question_line"))
    seen_blocks: set[str] = set()
    previous_end = -1
    for start, end in _standalone_grades(text):
        block = " ".join(text[max(0, start - 300) : start].split())
        repeated_badge = previous_end >= 0 and not text[previous_end:start].strip()
        previous_end = end
        if repeated_badge or block in seen_blocks:
            continue  # the same badge printed twice, or a block repeated by the PDF layout
        seen_blocks.add(block)
        heading, rule = _nearest_before(headings, start), "judgments.grade_after_question"
        if heading is None or heading.area is None or (heading.pillar, heading.area) in chosen:
            # no question waits for a grade here: a heading naming one area may head the badge
            heading, rule = _area_heading_above(text, start, doc), "judgments.grade_after_area_heading"
        if heading is None or heading.area is None or (heading.pillar, heading.area) in chosen:
            continue
        chosen[(heading.pillar, heading.area)] = _judgment(text, doc, heading, start, end, rule)
    for i, heading in enumerate(headings):  # questions whose grade is only stated in prose
        if heading.area is None or (heading.pillar, heading.area) in chosen:
            continue
        section_end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        if _TO_BE_GRADED.match(text, heading.end):
            continue
        prose = _GRADE_IN_PROSE.search(text, heading.end, section_end)
        if prose:
            chosen[(heading.pillar, heading.area)] = _judgment(
                text, doc, heading, prose.start(1), prose.end(1), "judgments.grade_stated_in_prose"
            )
    return sorted(chosen.values(), key=lambda j: j.evidence.start)


def _area_heading_above(text: str, pos: int, doc: DocumentRecord) -> _Heading | None:
    """The line just above the badge at ``pos`` as a heading, when it names one PEEL area and is
    no sentence or question ("Tackling serious and organised crime" over "Rating: good")."""
    line_end = text.rfind("\n", 0, pos)
    while line_end > 0 and not text[text.rfind("\n", 0, line_end) + 1 : line_end].strip():
        line_end = text.rfind("\n", 0, line_end)  # skip blank lines
    if line_end <= 0:
        return None
    line_start = text.rfind("\n", 0, line_end) + 1
    wording = clean_wording(text[line_start:line_end])
    words = wording.split()
    if not words or len(words) > _AREA_HEADING_MAX_WORDS or not wording[0].isupper() or wording[-1] in ".?!;,":
        return None
    areas = grade_statements.find_areas(wording)
    if len(areas) != 1 or 2 * len(areas[0].wording.split()) < len(words):
        return None  # no area, several, or a line mostly about something else
    pillar = areas[0].pillar if areas[0].pillar in _PILLAR_OF_WORD.values() else doc.pillar
    return _Heading(line_start, line_end, wording, areas[0].code,
                    pillar if pillar in _PILLAR_OF_WORD.values() else "effectiveness")


def _nearest_before(headings: list[_Heading], pos: int) -> _Heading | None:
    best = None
    for h in headings:
        if h.end <= pos:
            best = h
        else:
            break
    return best


def _judgment(text: str, doc: DocumentRecord, heading: _Heading, start: int, end: int, rule: str) -> Judgment:
    grade = grade_label(text[start:end])
    in_prose = rule == "judgments.grade_stated_in_prose"  # its own sentence is the evidence
    ev = spans.evidence(text, doc.doc_id, start, end, rule, sentence=None if in_prose else f"{heading.wording} {grade}")
    pillar = "integrated" if doc.year >= grade_statements.INTEGRATED_FROM else heading.pillar
    return Judgment(
        force=doc.force, year=doc.year, area=heading.area, grade=grade, question=heading.wording, evidence=ev,
        pillar=pillar,
    )


# --- national reports: the per-force annex ------------------------------------------------


@dataclass(frozen=True)
class Column:
    area: str
    wording: str


@dataclass(frozen=True)
class Cell:
    grade: str
    start: int
    end: int


@dataclass(frozen=True)
class AnnexRow:
    label: str  # the force as the table writes it, wraps collapsed
    force: str  # canonical force name
    label_start: int
    cells: tuple[Cell, ...]

    @property
    def end(self) -> int:
        return self.cells[-1].end


@dataclass
class AnnexTable:
    heading_start: int
    heading_end: int
    columns: list[Column]
    rows: list[AnnexRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # structure that could not be read


def find_annex(text: str) -> AnnexTable | None:
    """Parse the per-force judgments annex ("Annex B – Individual force judgments"), if any."""
    heading = _annex_heading(text)
    if heading is None:
        return None
    nxt = _NEXT_ANNEX.search(text, heading.end())
    region_end = nxt.start() if nxt else len(text)
    return parse_grade_table(text, heading.start(), heading.end(), region_end)


def _annex_heading(text: str) -> re.Match[str] | None:
    """``_ANNEX_HEADING.search(text)``: tried only at the first line and at the lines that
    ``_ANNEX_LINE`` finds, in text order, so the first match is the leftmost one."""
    if (heading := _ANNEX_HEADING.match(text)) is not None:
        return heading
    for line in _ANNEX_LINE.finditer(text):
        if (heading := _ANNEX_HEADING.match(text, line.start() + 1)) is not None:
            return heading
    return None


def parse_grade_table(text: str, heading_start: int, start: int, end: int) -> AnnexTable | None:
    """Read ``text[start:end]`` as: column headers, then rows of [label][one grade per column]."""
    grades = _grade_tokens(text, start, end)
    if not grades:
        return None
    header = list(_HEADER_TERMS.finditer(text, start, grades[0].start()))
    columns = [Column(_HEADER_AREA[h.lastgroup], clean_wording(h.group())) for h in header]
    if not columns:
        return None
    table = AnnexTable(heading_start, start, columns)
    n = len(columns)
    label_from = header[-1].end()
    i = 0
    while i < len(grades):
        chunk = grades[i : i + n]
        label = _clean_label(text[label_from : chunk[0].start()])
        if not _plausible_label(label):
            break
        if len(chunk) < n:
            table.problems.append(f"row {label!r}: {len(chunk)} grade(s) for {n} columns")
            break
        gaps = [text[a.end() : b.start()] for a, b in zip(chunk, chunk[1:])]
        if any(_clean_label(g) for g in gaps):
            table.problems.append(f"row {label!r}: text between its grades; row skipped")
            label_from = chunk[0].end()
            i += 1
            continue
        label_start = chunk[0].start() - len(text[label_from : chunk[0].start()].lstrip())
        cells = tuple(Cell(grade_label(g.group()), g.start(), g.end()) for g in chunk)
        table.rows.append(AnnexRow(label, forces.canonical_force(label), label_start, cells))
        label_from = chunk[-1].end()
        i += n
    return table


def _clean_label(raw: str) -> str:
    """A row label without page furniture (page numbers) and repeated column headers."""
    lines = [ln for ln in raw.splitlines() if ln.strip() and not ln.strip().isdigit()]
    label = " ".join(" ".join(lines).split())
    headers = list(_HEADER_TERMS.finditer(label))
    if len(headers) >= 2:  # the header row repeated after a page break
        label = label[headers[-1].end() :].strip()
    return label


def _plausible_label(label: str) -> bool:
    """A force name: a few capitalised words (and '&', 'of', 'and'), no sentence."""
    words = label.split()
    if not words or len(words) > _MAX_LABEL_WORDS or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w in {"&", "and", "of", "the"} for w in words) and not re.search(r"[:;.,/]", label)


def annex_judgments(text: str, doc: DocumentRecord) -> list[Judgment]:
    """One judgment per cell of the annex: force × question, source "annex"."""
    table = find_annex(text)
    if table is None:
        return []
    out = []
    for row in table.rows:
        row_text = f"{row.label}: " + "; ".join(
            f"{c.wording} {cell.grade}" for c, cell in zip(table.columns, row.cells)
        )
        for column, cell in zip(table.columns, row.cells):
            ev = spans.evidence(text, doc.doc_id, cell.start, cell.end, "judgments.annex_table", sentence=row_text)
            out.append(
                Judgment(
                    force=row.force,
                    year=doc.year,
                    area=column.area,
                    grade=cell.grade,
                    question=column.wording,
                    evidence=ev,
                    source="annex",
                )
            )
    return out


# --- national reports: the grade summary table ----------------------------------------------


def summary_cells(text: str, doc: DocumentRecord) -> list[GradeSummaryCell]:
    """Cells of "Question | Outstanding | Good | ... " tables: forces per grade per area."""
    out: list[GradeSummaryCell] = []
    seen: set[tuple[str, str]] = set()
    for header in _SUMMARY_HEADER.finditer(text):
        columns = [grade_label(c) for c in re.findall(_SUMMARY_COLUMN, header.group("cols"))]
        pos = header.end()
        while True:
            row = _summary_row(text, pos, len(columns))
            if row is None:
                break
            label, numbers, pos = row
            area = area_of(label)
            if area is None:
                break
            row_text = f"{label}: " + "; ".join(f"{c} {n.group()}" for c, n in zip(columns, numbers))
            for column, num in zip(columns, numbers):
                if (area, column) in seen:
                    continue
                seen.add((area, column))
                ev = spans.evidence(text, doc.doc_id, num.start(), num.end(), "judgments.summary_table", sentence=row_text)
                out.append(GradeSummaryCell(area=area, grade=column, count=int(num.group()), evidence=ev))
    return out


def _summary_row(text: str, pos: int, n: int):
    """[label words][n numbers] starting at ``pos``: (label, number matches, end) or None."""
    first = _NUMBER.search(text, pos, min(len(text), pos + 300))
    if first is None:
        return None
    label = " ".join(text[pos : first.start()].split())
    if not label or len(label.split()) > _MAX_LABEL_WORDS:
        return None
    numbers = [first]
    while len(numbers) < n:
        nxt = _NUMBER.search(text, numbers[-1].end(), numbers[-1].end() + 20)
        if nxt is None or text[numbers[-1].end() : nxt.start()].strip():
            return None
        numbers.append(nxt)
    return label, numbers, numbers[-1].end()

