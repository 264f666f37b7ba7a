"""Validation of a built graph: SHACL shapes, the national report's annex against its summary
table, and grades that several sources state differently.

``validate_graph`` runs every function in ``CHECKS`` over the opened store; each appends what it
checked, its errors and its warnings to one :class:`ValidationReport`. Add a check by writing
``def check_x(ctx: CheckContext, report: ValidationReport) -> None`` and listing it in CHECKS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox

from extraction.records import ALL_GRADES, GRADES

from .queries import run_select
from .shacl import check_shacl
from .store import current_generation, open_store


@dataclass
class ValidationReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # what was checked, for the printout

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self) -> str:
        lines = [f"checked: {c}" for c in self.checks]
        lines += [f"ERROR: {e}" for e in self.errors]
        lines += [f"warning: {w}" for w in self.warnings]
        lines.append("OK" if self.ok else f"{len(self.errors)} error(s)")
        return "\n".join(lines)


@dataclass(frozen=True)
class CheckContext:
    """What a check may look at: the graph folder, its current generation and its store."""

    graph_dir: Path
    generation: Path
    store: ox.Store


Check = Callable[[CheckContext, ValidationReport], None]

_PREFIXES = """
PREFIX peel: <https://w3id.org/peel-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""

_NATIONAL_DOCS = _PREFIXES + """
SELECT ?doc ?file ?year WHERE {
  ?doc a peel:NationalReport ; peel:fileName ?file ; peel:year ?year .
} ORDER BY ?file
"""

# Annex judgments of one national report, counted per area and grade.
_ANNEX_COUNTS = _PREFIXES + """
SELECT ?doc ?area ?grade (COUNT(DISTINCT ?j) AS ?n) WHERE {
  ?j a peel:Judgment ; dcterms:source ?doc ; peel:judgmentSource "annex" ;
     peel:area/skos:notation ?area ; peel:grade/skos:prefLabel ?grade .
} GROUP BY ?doc ?area ?grade
"""

_ANNEX_FORCES = _PREFIXES + """
SELECT ?doc (COUNT(DISTINCT ?force) AS ?n) WHERE {
  ?j a peel:Judgment ; dcterms:source ?doc ; peel:judgmentSource "annex" ;
     peel:inspection/peel:force ?force .
} GROUP BY ?doc
"""

# Judgments of other layouts (a round-up's lists, sentences) per national document.
_OTHER_JUDGMENTS = _PREFIXES + """
SELECT ?doc (COUNT(DISTINCT ?j) AS ?n) WHERE {
  ?j a peel:Judgment ; dcterms:source ?doc ; peel:judgmentSource ?layout .
  FILTER (?layout != "annex")
} GROUP BY ?doc
"""

# The report's own summary table: how many forces it says got each grade per area.
_SUMMARY_CELLS = _PREFIXES + """
SELECT ?doc ?area ?grade ?count WHERE {
  ?cell a peel:GradeCount ; dcterms:source ?doc ; peel:area/skos:notation ?area ;
        peel:gradeLabel ?grade ; peel:count ?count .
}
"""


def check_national_annex_against_summary(ctx: CheckContext, report: ValidationReport) -> None:
    """Count the per-force annex grades per area and compare with the report's summary table."""
    _, docs = run_select(ctx.store, _NATIONAL_DOCS)
    if not docs:
        report.checks.append("national report cross-check: no national report in the graph")
        return
    _, summary_rows = run_select(ctx.store, _SUMMARY_CELLS)
    _, annex_rows = run_select(ctx.store, _ANNEX_COUNTS)
    _, force_rows = run_select(ctx.store, _ANNEX_FORCES)
    other = {d: int(n) for d, n in run_select(ctx.store, _OTHER_JUDGMENTS)[1]}
    for doc, file_name, year in docs:
        summary = {(a, g): int(c) for d, a, g, c in summary_rows if d == doc}
        annex = {(a, g): int(n) for d, a, g, n in annex_rows if d == doc}
        n_forces = sum(int(n) for d, n in force_rows if d == doc)
        name = f"{file_name} ({year})"
        if not summary and not annex:
            if other.get(doc):  # a round-up or national release: nothing to cross-check
                report.checks.append(f"{name}: {other[doc]} grades of a round-up or release, no annex to cross-check")
            else:
                report.warnings.append(f"{name}: national report with neither a per-force annex nor a summary table")
            continue
        if not annex:
            report.errors.append(f"{name}: the summary table has {len(summary)} cells but no annex judgment was read")
            continue
        if not summary:
            report.warnings.append(f"{name}: annex of {n_forces} forces but no summary table to check it against")
            continue
        report.checks.append(
            f"{name}: annex grades of {n_forces} forces counted per question vs the summary table "
            f"({len([k for k in summary if k[1] in ALL_GRADES])} grade cells)"
        )
        for message in compare_counts(annex, summary):
            report.warnings.append(f"{name}: {message}")
        _check_row_totals(name, summary, int(n_forces), report)


def compare_counts(annex: dict[tuple[str, str], int], summary: dict[tuple[str, str], int]) -> list[str]:
    """Every (area, grade) cell where the summary table and the annex count differ, both numbers named."""
    areas = sorted({a for a, _ in summary})
    messages = []
    for area in areas:
        for grade in [g for g in ALL_GRADES if (area, g) in summary or (area, g) in annex]:
            said = summary.get((area, grade))
            counted = annex.get((area, grade), 0)
            if said is None:
                if counted:
                    messages.append(f"{area} / {grade}: annex has {counted} forces, the summary table has no such cell")
                continue
            if said != counted:
                messages.append(
                    f"{area} / {grade}: summary table says {said}, annex counts {counted} (difference {counted - said:+d})"
                )
    for area, grade in sorted(annex):
        if area not in areas:
            messages.append(f"{area} / {grade}: annex has {annex[(area, grade)]} forces, the summary table has no row for {area}")
    return messages


def _check_row_totals(name: str, summary: dict[tuple[str, str], int], n_forces: int, report: ValidationReport) -> None:
    """Each summary row's grade counts should add up to the number of forces in the annex."""
    for area in sorted({a for a, _ in summary}):
        total = sum(c for (a, g), c in summary.items() if a == area and g in ALL_GRADES)
        if total != n_forces:
            report.warnings.append(
                f"{name}: summary row {area} adds up to {total} forces, the annex lists {n_forces}"
            )


# How many (force, year, pillar, area) keys are graded, and by how many statements.
_GRADE_KEYS = _PREFIXES + """
SELECT ?insp ?pillar ?area (COUNT(DISTINCT ?j) AS ?statements) (COUNT(DISTINCT ?g) AS ?grades) WHERE {
  ?j a peel:Judgment ; peel:inspection ?insp ; peel:pillar ?pillar ; peel:area ?area ; peel:grade ?g .
} GROUP BY ?insp ?pillar ?area
"""

# Every statement of a key whose statements do not all give the same grade.
_DISAGREEING_STATEMENTS = _PREFIXES + """
SELECT ?force ?year ?pillar ?area ?grade ?file ?start ?end ?quote WHERE {
  { SELECT ?insp ?p ?a WHERE {
      ?j a peel:Judgment ; peel:inspection ?insp ; peel:pillar ?p ; peel:area ?a ; peel:grade ?g .
    } GROUP BY ?insp ?p ?a HAVING (COUNT(DISTINCT ?g) > 1) }
  ?j a peel:Judgment ; peel:inspection ?insp ; peel:pillar ?p ; peel:area ?a ;
     peel:grade/skos:prefLabel ?grade ; dcterms:source/peel:fileName ?file ; peel:evidence ?ev .
  ?ev nif:beginIndex ?start ; nif:endIndex ?end ; nif:anchorOf ?quote .
  ?insp peel:force/skos:prefLabel ?force ; peel:year ?year .
  ?p skos:notation ?pillar .
  ?a skos:notation ?area .
}
"""


@dataclass(frozen=True, order=True)
class GradeStatement:
    """One statement of a grade, as the disagreement check names it."""

    force: str
    year: int
    pillar: str
    area: str
    grade: str
    file: str
    start: int
    end: int
    quote: str

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.force, self.year, self.pillar, self.area)

    def text(self) -> str:
        return f'{self.grade} in {self.file} [{self.start}-{self.end}] "{self.quote}"'


def _grade_order(statement: GradeStatement) -> tuple:
    """Best grade first (Ungraded last), then by document and offset: a stable reading order."""
    rank = GRADES.index(statement.grade) if statement.grade in GRADES else -1
    return (-rank, statement.grade, statement.file, statement.start, statement.end)


def disagreement_messages(statements: Iterable[GradeStatement]) -> list[str]:
    """One message per (force, year, pillar, area) whose statements give different grades,
    naming every statement (grade, document, offsets, quoted text)."""
    messages = []
    for key, group in groupby(sorted(statements), key=lambda s: s.key):
        stated = sorted(set(group), key=_grade_order)
        if len({s.grade for s in stated}) < 2:
            continue
        force, year, pillar, area = key
        messages.append(
            f"sources disagree on {force} {year} {pillar} / {area}: " + "; ".join(s.text() for s in stated)
        )
    return messages


def check_grade_disagreements(ctx: CheckContext, report: ValidationReport) -> None:
    """Report every (force, year, pillar, area) key whose sources state different grades
    (warnings: the graph keeps every statement; a researcher decides which text is right)."""
    _, keys = run_select(ctx.store, _GRADE_KEYS)
    several = [k for k in keys if int(k[3]) > 1]
    disagree = [k for k in keys if int(k[4]) > 1]
    report.checks.append(
        f"grade agreement: {len(keys)} graded (force, year, pillar, area) keys, {len(several)} stated "
        f"by several sources, {len(disagree)} with sources that disagree"
    )
    if not disagree:
        return
    _, rows = run_select(ctx.store, _DISAGREEING_STATEMENTS)
    statements = [GradeStatement(str(f), int(y), str(p), str(a), str(g), str(fn), int(s), int(e), str(q))
                  for f, y, p, a, g, fn, s, e, q in rows]
    report.warnings.extend(disagreement_messages(statements))


CHECKS: list[Check] = [check_national_annex_against_summary, check_grade_disagreements, check_shacl]
"""The checks ``validate_graph`` runs, in order (SHACL and others append themselves here)."""


def validate_graph(graph_dir: Path) -> ValidationReport:
    """Run every check in CHECKS on the built graph at ``graph_dir``; raises GraphNotFound."""
    graph_dir = Path(graph_dir)
    ctx = CheckContext(graph_dir, current_generation(graph_dir), open_store(graph_dir))
    report = ValidationReport()
    for check in CHECKS:
        check(ctx, report)
    return report
