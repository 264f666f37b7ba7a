"""The Python API: open a built graph and query it (also what the CLI and notebooks call).

>>> import kg
>>> g = kg.open_graph("build")
>>> g.query("grades").head()                                 # a pandas DataFrame
>>> g.rows("grade_history", force="Metropolitan Police Service")   # list of dicts
>>> g.ask("ASK { ?j a <https://w3id.org/peel-kg/ontology#Judgment> }")
>>> g.store        # the raw pyoxigraph Store;  g.rdflib_graph() for an rdflib Graph
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pyoxigraph as ox

from . import queries as q
from . import results as r
from .store import GraphNotFound, current_generation, graph_nquads, open_store


class UserError(Exception):
    """A mistake by the user (unknown query, bad SPARQL, missing graph): shown without a traceback."""


class PeelGraph:
    """A built graph opened read-only."""

    def __init__(self, graph_dir: str | Path = "build"):
        self.graph_dir = Path(graph_dir)
        self.generation = current_generation(self.graph_dir)
        self.store: ox.Store = open_store(self.graph_dir)
        self._rdflib = None

    def sparql(self, name_or_sparql: str) -> str:
        """The SPARQL text of a named query, a .rq path, or the argument itself if it is SPARQL."""
        if "{" in name_or_sparql:
            return name_or_sparql
        return q.load_query(name_or_sparql).sparql

    def run(self, name_or_sparql: str, **params: object) -> r.Result:
        """Any query (SELECT, ASK, CONSTRUCT, DESCRIBE) as a :class:`kg.results.Result`."""
        return q.run(self.store, self.sparql(name_or_sparql), params)

    def rows(self, name_or_sparql: str, **params: object) -> list[dict[str, object]]:
        """A SELECT query's rows as dicts of plain values (numbers as numbers)."""
        columns, rows = q.run_select(self.store, self.sparql(name_or_sparql), params)
        return [dict(zip(columns, row)) for row in rows]

    def query(self, name_or_sparql: str, **params: object):
        """Run a SELECT query and return a pandas DataFrame."""
        import pandas as pd

        columns, rows = q.run_select(self.store, self.sparql(name_or_sparql), params)
        return pd.DataFrame(rows, columns=columns)

    def ask(self, name_or_sparql: str, **params: object) -> bool:
        answer = q.execute(self.store, self.sparql(name_or_sparql), params)
        if not isinstance(answer, ox.QueryBoolean):
            raise q.QueryError("not an ASK query")
        return bool(answer)

    def construct(self, name_or_sparql: str, **params: object):
        """A CONSTRUCT/DESCRIBE result as an rdflib Graph."""
        from rdflib import Graph

        result = self.run(name_or_sparql, **params)
        if result.kind != "graph":
            raise q.QueryError("not a CONSTRUCT or DESCRIBE query")
        return Graph().parse(data=r.serialize_result(result, "nt"), format="nt")

    def queries(self) -> list[q.NamedQuery]:
        """Every named query (name, description, SPARQL)."""
        return q.list_queries()

    def rdflib_graph(self):
        """The whole graph as an rdflib Graph (parsed once from the N-Quads export)."""
        if self._rdflib is None:
            from rdflib import Graph

            self._rdflib = Graph().parse(graph_nquads(self.generation), format="nt")
        return self._rdflib


def open_graph(graph_dir: str | Path = "build") -> PeelGraph:
    """Open a built graph folder (the ``--out`` of ``peelkg build``) read-only."""
    return PeelGraph(graph_dir)


def read_sparql(name: str, stdin: IO[str] | None = None) -> str:
    """The SPARQL text for a CLI argument: ``-`` (stdin), a .rq path, or a named query."""
    if stdin is not None:
        text = stdin.read()
        if not text.strip():
            raise UserError("no SPARQL on standard input")
        return text
    return q.load_query(name).sparql


def format_result(result: r.Result, fmt: str) -> str:
    """Text for the terminal or a pipe: table/csv/tsv/json/xml for tables, ttl/nt/jsonld for graphs."""
    if result.kind == "graph":
        fmt = "ttl" if fmt == "table" else fmt
        return r.serialize_result(result, fmt).decode("utf-8")
    if fmt == "table":
        return r.rich_table(result)
    if fmt in ("csv", "tsv"):
        return r.plain_table(result, fmt)
    return r.serialize_result(result, fmt).decode("utf-8")


def run_and_format(
    name: str,
    graph: Path,
    fmt: str = "table",
    params: dict[str, str] | None = None,
    endpoint: str | None = None,
    stdin: IO[str] | None = None,
) -> str:
    """Run a named query, .rq file or stdin SPARQL (embedded or remote); return the text to print."""
    try:
        sparql = read_sparql(name, stdin)
        if endpoint:
            from . import remote

            result = remote.run(endpoint, sparql, params)
        else:
            result = q.run(open_store(graph), sparql, params)
        return format_result(result, fmt)
    except (q.QueryNotFound, GraphNotFound, q.QueryError, ValueError) as exc:
        raise UserError(str(exc)) from None
    except SyntaxError as exc:
        raise UserError(f"malformed SPARQL: {exc}") from None
