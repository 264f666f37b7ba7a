"""The Python API: open a built graph, run named or ad-hoc queries, get raw objects."""

from __future__ import annotations

import pandas as pd
import pyoxigraph as ox
import pytest

import kg
from kg.queries import QueryError, QueryNotFound
from kg.store import GraphNotFound

MET = "Metropolitan Police Service"


def test_named_query_as_dataframe_and_rows(peel_graph):
    df = peel_graph.query("grades")
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["force", "year", "area", "grade", "question", "document", "pillar"]
    assert df["year"].dtype.kind == "i"  # numbers come back as numbers
    met = peel_graph.rows("grades", force=MET)
    assert met and {r["force"] for r in met} == {MET}
    assert len(met) == int((df["force"] == MET).sum())


def test_ad_hoc_sparql_and_params(peel_graph):
    sparql = ("PREFIX peel: <https://w3id.org/peel-kg/ontology#>\n"
              "SELECT ?doc ?year WHERE { ?doc peel:fileName ?f ; peel:year ?year }")
    years = sorted(r["year"] for r in peel_graph.rows(sparql))
    assert years == [2014, 2016, 2017, 2017, 2018]
    assert len(peel_graph.rows(sparql, year=2017)) == 2
    assert peel_graph.ask("ASK { ?s ?p ?o }") is True


def test_result_object_and_construct(peel_graph):
    result = peel_graph.run("documents")
    assert result.kind == "select" and len(result.records()) == 5
    graph = peel_graph.construct("force_profile", force=MET)
    assert len(graph) > 20


def test_raw_objects(peel_graph):
    assert isinstance(peel_graph.store, ox.Store)
    g = peel_graph.rdflib_graph()
    assert len(g) == len(peel_graph.store)
    assert peel_graph.rdflib_graph() is g  # parsed once


def test_errors(peel_graph, tmp_path):
    with pytest.raises(QueryNotFound):
        peel_graph.rows("no_such_query")
    with pytest.raises(QueryError, match="malformed"):
        peel_graph.rows("SELECT * WHERE { ?s ?p }")
    with pytest.raises(GraphNotFound):
        kg.open_graph(tmp_path)


def test_queries_listing(peel_graph):
    names = {q.name for q in peel_graph.queries()}
    assert {"grades", "documents", "grade_history"} <= names
