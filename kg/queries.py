"""Named SPARQL queries (``queries/*.rq``): find, describe, run, and format their results."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .paths import QUERIES_DIR


class QueryNotFound(Exception):
    pass


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    sparql: str
    description: str  # the first header comment line


def _header(sparql: str) -> list[str]:
    lines = []
    for line in sparql.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


def load_query(name_or_path: str | Path) -> NamedQuery:
    """A named query by name (``grades``) or any ``.rq`` file by path."""
    path = Path(name_or_path)
    if path.suffix != ".rq" or not path.exists():
        path = QUERIES_DIR / f"{name_or_path}.rq"
    if not path.exists():
        known = ", ".join(q.name for q in list_queries())
        raise QueryNotFound(f"no query named {name_or_path!r} (known: {known})")
    sparql = path.read_text(encoding="utf-8")
    header = [h for h in _header(sparql) if h]
    return NamedQuery(path.stem, path, sparql, header[0] if header else "")


def list_queries() -> list[NamedQuery]:
    return [load_query(p) for p in sorted(QUERIES_DIR.glob("*.rq"))]


def term_value(term) -> object:
    """A plain Python value for a result term: numbers as numbers, everything else as text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long", "#nonNegativeInteger", "#gYear")):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if dt.endswith(("#decimal", "#double", "#float")):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


def run_select(store: ox.Store, sparql: str, params: dict[str, str] | None = None):
    """Run a SELECT query; returns (columns, rows of plain values). Params bind safely."""
    substitutions = {ox.Variable(k): ox.Literal(v) for k, v in (params or {}).items()}
    solutions = store.query(
        sparql, substitutions=substitutions or None
    )
    columns = [v.value for v in solutions.variables]
    rows = [[term_value(sol[c]) for c in columns] for sol in solutions]
    return columns, rows


def format_rows(columns: list[str], rows: list[list[object]], fmt: str) -> str:
    """Render rows as csv, tsv or SPARQL-JSON-like records."""
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], indent=2, ensure_ascii=False)
    raise ValueError(f"unknown format {fmt!r}")


_SPARQL_ERROR_POS = re.compile(r"(\d+):(\d+)")
