"""Query results as data and as text: one shape for the CLI, the API and the endpoint.

A :class:`Result` holds a SELECT table, an ASK boolean or CONSTRUCT/DESCRIBE triples as
pyoxigraph terms, whatever engine produced them (embedded store or remote endpoint), so
every output path formats the same object. SPARQL result formats (JSON, XML, CSV, TSV) are
written by pyoxigraph's own serialisers; RDF formats by ``pyoxigraph.serialize``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import PREFIXES

RESULT_FORMATS = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
}
GRAPH_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}
TABLE_FORMATS = ("table", "csv", "tsv", "json")  # what the CLI offers for SELECT/ASK


@dataclass
class Result:
    """The outcome of one query: ``kind`` is select, ask or graph."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False  # True when a row limit cut the result short

    @classmethod
    def from_pyoxigraph(cls, answer, max_rows: int | None = None) -> "Result":
        """Materialise a pyoxigraph answer, keeping at most ``max_rows`` rows or triples."""
        if isinstance(answer, ox.QueryBoolean):
            return cls("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            rows, truncated = _take(answer, max_rows)
            return cls("select", names, [list(sol) for sol in rows], truncated=truncated)
        triples, truncated = _take(answer, max_rows)
        return cls("graph", triples=triples, truncated=truncated)

    def values(self) -> list[list[object]]:
        """Rows of plain Python values (numbers as numbers, everything else as text)."""
        return [[term_value(t) for t in row] for row in self.rows]

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.variables, row)) for row in self.values()]


def _take(iterator, limit: int | None):
    items = []
    for item in iterator:
        if limit is not None and len(items) >= limit:
            return items, True
        items.append(item)
    return items, False


_XSD = "http://www.w3.org/2001/XMLSchema#"
_CONVERTERS = {
    **{_XSD + t: int for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "negativeInteger", "nonPositiveInteger",
                               "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "gYear")},
    **{_XSD + t: float for t in ("decimal", "double", "float")},
    _XSD + "boolean": lambda v: v in ("true", "1"),
}


def term_value(term) -> object:
    """A plain Python value for a result term: numbers as numbers, everything else as text."""
    if term is None:
        return None
    value = term.value
    if type(term) is ox.Literal:
        convert = _CONVERTERS.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(value)
            except ValueError:
                return value
    return value


def _solutions(result: Result) -> ox.QuerySolutions | ox.QueryBoolean:
    """Re-create a pyoxigraph answer from a Result so pyoxigraph's serialisers can write it."""
    store = ox.Store()
    if result.kind == "ask":
        return store.query("ASK {}" if result.boolean else "ASK { FILTER(false) }")
    if not result.variables:
        return store.query("SELECT * {}" if result.rows else "SELECT * { FILTER(false) }")
    # Rows go in as a VALUES table of terms serialised by pyoxigraph (blank nodes as labels).
    names = " ".join(f"?{v}" for v in result.variables)
    body = " ".join(
        "(" + " ".join("UNDEF" if t is None else _sparql_term(t) for t in row) + ")" for row in result.rows
    )
    return store.query(f"SELECT {names} {{ VALUES ({names}) {{ {body} }} }}")


def _sparql_term(term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"<urn:blank:{term.value}>"  # VALUES cannot hold blank nodes; kept distinct
    return str(term)


def serialize_result(result: Result, fmt: str) -> bytes:
    """Bytes of a Result in a SPARQL results format (SELECT/ASK) or an RDF format (graphs)."""
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"a CONSTRUCT/DESCRIBE result is written as {'|'.join(GRAPH_FORMATS)}, not {fmt!r}")
        rdf_format = GRAPH_FORMATS[fmt][0]
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if fmt == "ttl" else None
        if prefixes:
            return ox.serialize(result.triples, format=rdf_format, prefixes=prefixes)
        return ox.serialize(result.triples, format=rdf_format)
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"a SELECT/ASK result is written as {'|'.join(RESULT_FORMATS)}, not {fmt!r}")
    if fmt == "json" and result.kind == "select":
        return _select_json(result)
    return _solutions(result).serialize(format=RESULT_FORMATS[fmt][0])


def _json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _select_json(result: Result) -> bytes:
    """SPARQL 1.1 Query Results JSON (the hot path of the endpoint, written directly)."""
    bindings = [
        {name: _json_term(t) for name, t in zip(result.variables, row) if t is not None}
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode("utf-8")



def plain_table(result: Result, fmt: str) -> str:
    """CSV or TSV of plain values (what a spreadsheet wants), header row first."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    writer.writerow(result.variables)
    for row in result.values():
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def rich_table(result: Result) -> str:
    """A text table for the terminal."""
    from rich.console import Console
    from rich.table import Table

    if result.kind == "ask":
        return "true" if result.boolean else "false"
    table = Table(*result.variables)
    for row in result.values():
        table.add_row(*("" if v is None else str(v) for v in row))
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(table)
    text = console.export_text()
    if result.truncated:
        text += "(result truncated)\n"
    return text
