"""Named SPARQL queries (``queries/*.rq``): find, describe, bind parameters, run.

A named query's header comment (leading ``#`` lines) documents it: the first line is the
one-line description ``peelkg queries`` lists. Parameters are never pasted into SPARQL text:
they become typed RDF terms bound by pyoxigraph ``substitutions`` (or, for a remote endpoint,
a VALUES block of serialised terms, see ``kg.remote``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from . import sparql_text
from .paths import QUERIES_DIR
from .results import Result, term_value  # noqa: F401  (re-exported)


class QueryNotFound(Exception):
    pass


class QueryError(ValueError):
    """A query that cannot run: malformed SPARQL (with line and column) or a bad parameter."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    sparql: str
    description: str  # the first header comment line
    header: tuple[str, ...] = field(default=())  # every header comment line

    @property
    def parameters(self) -> list[str]:
        """Variables a user may bind with ``--param`` (every variable of the query)."""
        return sorted(sparql_text.variables(self.sparql))


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
    header = tuple(h for h in _header(sparql) if h)
    return NamedQuery(path.stem, path, sparql, header[0] if header else "", header)


def list_queries() -> list[NamedQuery]:
    return [load_query(p) for p in sorted(QUERIES_DIR.glob("*.rq"))]


# --- parameters ------------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_IRI_SCHEMES = ("http://", "https://", "urn:", "file://", "mailto:")
_XSD = "http://www.w3.org/2001/XMLSchema#"

Term = ox.NamedNode | ox.Literal


def to_term(value: object) -> Term:
    """A typed RDF term for a parameter value.

    ``2018`` and ``"2018"`` give ``xsd:integer``, ``"0.5"`` ``xsd:decimal``, ``True``
    ``xsd:boolean``; ``<iri>`` or ``http(s)://…`` give an IRI; N-Triples literal syntax
    (``"2018"``, ``"x"@en``, ``"1"^^<…>``) is honoured as written; anything else is a string.
    """
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, (float, Decimal)):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    text = str(value)
    stripped = text.strip()
    if stripped.startswith("<") and stripped.endswith(">") or stripped.startswith('"'):
        return _parse_term(stripped)
    if stripped.startswith(_IRI_SCHEMES) and " " not in stripped:
        return _parse_term(f"<{stripped}>")
    if _INTEGER.fullmatch(stripped):
        return ox.Literal(str(int(stripped)), datatype=ox.NamedNode(_XSD + "integer"))
    if _DECIMAL.fullmatch(stripped):
        try:
            return ox.Literal(str(Decimal(stripped)), datatype=ox.NamedNode(_XSD + "decimal"))
        except InvalidOperation:
            pass
    return ox.Literal(text)


def _parse_term(text: str) -> Term:
    """Parse one IRI or literal in N-Triples syntax with pyoxigraph's own parser."""
    doc = f"<urn:s> <urn:p> {text} .\n"
    try:
        triples = list(ox.parse(doc.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise QueryError(f"not a valid IRI or literal: {text} ({exc})") from None
    if len(triples) != 1:
        raise QueryError(f"not a single IRI or literal: {text}")
    return triples[0].object


def bind(sparql: str, params: dict[str, object] | None) -> dict[str, Term]:
    """Typed terms for the parameters, checking every name is a variable of the query."""
    if not params:
        return {}
    known = sparql_text.variables(sparql)
    out = {}
    for name, value in params.items():
        name = name.lstrip("?$")
        if name not in known:
            raise QueryError(
                f"the query has no variable ?{name} to bind (variables: {', '.join(sorted(known)) or 'none'})"
            )
        out[name] = to_term(value)
    return out


# --- running -----------------------------------------------------------------------------

_POSITION = re.compile(r"error at (\d+):(\d+)")


def syntax_message(exc: SyntaxError, sparql: str) -> str:
    """The parser's message, plus the offending line with a caret under the column."""
    message = str(exc)
    m = _POSITION.search(message)
    if not m:
        return message
    line_no, col = int(m.group(1)), int(m.group(2))
    lines = sparql.splitlines()
    if 1 <= line_no <= len(lines):
        line = lines[line_no - 1]
        message += f" (line {line_no}, column {col})\n  {line}\n  {' ' * max(col - 1, 0)}^"
    return message


def check_read_only(sparql: str) -> None:
    """Refuse queries that would reach another host (SERVICE) before anything runs."""
    if sparql_text.uses_service(sparql):
        raise QueryError("SERVICE (federated query to another host) is not allowed")


def execute(store: ox.Store, sparql: str, params: dict[str, object] | None = None):
    """Run any query on a store with parameters bound safely; returns pyoxigraph's answer."""
    substitutions = {ox.Variable(k): v for k, v in bind(sparql, params).items()}
    check_read_only(sparql)
    try:
        if substitutions:
            return store.query(sparql, substitutions=substitutions)
        return store.query(sparql)  # (passing substitutions=None measurably slows some queries)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {syntax_message(exc, sparql)}") from None
    except RuntimeError as exc:  # e.g. a parameter that is not a projected variable
        raise QueryError(f"cannot bind parameters: {exc}") from None


def run(store: ox.Store, sparql: str, params: dict[str, object] | None = None,
        max_rows: int | None = None) -> Result:
    """Run a query and materialise it as a :class:`~kg.results.Result`."""
    return Result.from_pyoxigraph(execute(store, sparql, params), max_rows)


def run_select(store: ox.Store, sparql: str, params: dict[str, object] | None = None):
    """Run a SELECT query; returns (columns, rows of plain values). Params bind safely."""
    answer = execute(store, sparql, params)
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError("not a SELECT query")
    columns = [v.value for v in answer.variables]
    rows = [[term_value(sol[c]) for c in columns] for sol in answer]
    return columns, rows

