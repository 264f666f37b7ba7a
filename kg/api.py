"""The Python API: open a built graph and query it (also what the CLI and notebooks call).

>>> import kg
>>> g = kg.open_graph("build")
>>> g.query("grades").head()          # a pandas DataFrame
>>> g.rows("grades", force="Metropolitan Police Service")
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pyoxigraph as ox

from . import queries as q
from .store import GraphNotFound, current_generation, open_store


class UserError(Exception):
    """A mistake by the user (unknown query, bad SPARQL, missing graph): shown without a traceback."""


class PeelGraph:
    """A built graph opened read-only."""

    def __init__(self, graph_dir: str | Path = "build"):
        self.graph_dir = Path(graph_dir)
        self.generation = current_generation(self.graph_dir)
        self.store: ox.Store = open_store(self.graph_dir)

    def sparql(self, name_or_sparql: str) -> str:
        """The SPARQL text of a named query, a .rq path, or the argument itself if it is SPARQL."""
        if "{" in name_or_sparql:
            return name_or_sparql
        return q.load_query(name_or_sparql).sparql

    def rows(self, name_or_sparql: str, **params: str) -> list[dict[str, object]]:
        columns, rows = q.run_select(self.store, self.sparql(name_or_sparql), params)
        return [dict(zip(columns, row)) for row in rows]

    def query(self, name_or_sparql: str, **params: str):
        """Run a query and return a pandas DataFrame."""
        import pandas as pd

        columns, rows = q.run_select(self.store, self.sparql(name_or_sparql), params)
        return pd.DataFrame(rows, columns=columns)

    def rdflib_graph(self):
        """The whole graph as an rdflib Graph (parsed from the N-Triples/N-Quads export)."""
        from rdflib import Graph

        return Graph().parse(self.generation / "peel.nq", format="nt")


def open_graph(graph_dir: str | Path = "build") -> PeelGraph:
    return PeelGraph(graph_dir)


def run_and_format(
    name: str,
    graph: Path,
    fmt: str = "table",
    params: dict[str, str] | None = None,
    endpoint: str | None = None,
    stdin: IO[str] | None = None,
) -> str:
    """Run a named query, .rq file or stdin SPARQL; return the text to print."""
    try:
        sparql = stdin.read() if stdin is not None else q.load_query(name).sparql
        store = open_store(graph)
        columns, rows = q.run_select(store, sparql, params)
    except (q.QueryNotFound, GraphNotFound) as exc:
        raise UserError(str(exc)) from None
    except SyntaxError as exc:
        raise UserError(f"malformed SPARQL: {exc}") from None
    if fmt == "table":
        return _table(columns, rows)
    try:
        return q.format_rows(columns, rows, fmt)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _table(columns: list[str], rows: list[list[object]]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console = Console(width=200, record=True, file=open("/dev/null", "w"))
    console.print(table)
    return console.export_text()
