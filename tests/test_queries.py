"""Named queries, safe typed parameters, SPARQL text handling, result formats, and the CLI."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import queries as q
from kg import sparql_text
from kg.cli import app
from kg.results import Result, serialize_result

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def tiny_store() -> ox.Store:
    store = ox.Store()
    for i, (name, year) in enumerate([("Alpha", 2017), ("Beta", 2018), ('Tricky "} name', 2018)]):
        s = ox.NamedNode(f"{EX}f{i}")
        store.add(ox.Quad(s, ox.NamedNode(EX + "name"), ox.Literal(name)))
        store.add(ox.Quad(s, ox.NamedNode(EX + "year"), ox.Literal(str(year), datatype=ox.NamedNode(XSD + "integer"))))
    return store


SELECT_BY = f"SELECT ?s ?name ?year WHERE {{ ?s <{EX}name> ?name ; <{EX}year> ?year . }} ORDER BY ?s"


# --- named queries ----------------------------------------------------------------------


def test_every_named_query_has_a_header_and_parses():
    store = ox.Store()
    named = q.list_queries()
    assert len(named) >= 12 + 2  # the gallery plus the contract queries
    for nq in named:
        assert nq.description and not nq.description.startswith("PREFIX"), nq.name
        assert len(nq.header) >= 3, f"{nq.name}: header needs title, question and shape"
        q.run(store, nq.sparql)  # parses and runs (empty store)


def test_load_query_by_path(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# Mine: a test query.\nSELECT ?x WHERE { VALUES ?x { 1 } }\n")
    nq = q.load_query(path)
    assert (nq.name, nq.description, nq.parameters) == ("mine", "Mine: a test query.", ["x"])
    with pytest.raises(q.QueryNotFound, match="grades"):
        q.load_query("no_such_query")


# --- parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2018", ox.Literal("2018", datatype=ox.NamedNode(XSD + "integer"))),
        (2018, ox.Literal("2018", datatype=ox.NamedNode(XSD + "integer"))),
        ("0.5", ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal"))),
        ("Metropolitan Police Service", ox.Literal("Metropolitan Police Service")),
        ("https://w3id.org/peel-kg/id/force/x", ox.NamedNode("https://w3id.org/peel-kg/id/force/x")),
        ("<urn:x:y>", ox.NamedNode("urn:x:y")),
        ('"2018"', ox.Literal("2018")),
        ('"Trident"@en', ox.Literal("Trident", language="en")),
        (True, ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
    ],
)
def test_parameters_are_typed(value, expected):
    assert q.to_term(value) == expected


def test_typed_year_matches_integer_data(tiny_store):
    rows = q.run_select(tiny_store, SELECT_BY, {"year": "2018"})[1]
    assert [r[1] for r in rows] == ["Beta", 'Tricky "} name']


def test_parameters_cannot_inject_sparql(tiny_store):
    evil = 'Alpha" } UNION { ?s ?p ?o } #'
    assert q.run_select(tiny_store, SELECT_BY, {"name": evil})[1] == []
    rows = q.run_select(tiny_store, SELECT_BY, {"name": 'Tricky "} name'})[1]
    assert [r[0] for r in rows] == [EX + "f2"]


def test_unknown_parameter_is_an_error(tiny_store):
    with pytest.raises(q.QueryError, match=r"no variable \?nmae"):
        q.run_select(tiny_store, SELECT_BY, {"nmae": "Alpha"})
    with pytest.raises(q.QueryError, match="projection"):  # pyoxigraph binds projected variables only
        q.run_select(tiny_store, f"SELECT ?s WHERE {{ ?s <{EX}year> ?year }}", {"year": 2018})


def test_malformed_sparql_reports_line_and_column(tiny_store):
    with pytest.raises(q.QueryError) as info:
        q.execute(tiny_store, "SELECT ?s WHERE {\n  ?s ?p\n}")
    message = str(info.value)
    assert "malformed SPARQL" in message and "error at 3:" in message and "(line 3, column" in message


def test_service_is_refused_but_the_word_in_a_string_is_not(tiny_store):
    with pytest.raises(q.QueryError, match="SERVICE"):
        q.execute(tiny_store, "SELECT * WHERE { service <http://localhost:1/> { ?s ?p ?o } }")
    ok = q.run(tiny_store, 'SELECT ?x WHERE { BIND("SERVICE <x> {}" AS ?x) } # SERVICE in a comment')
    assert ok.values() == [["SERVICE <x> {}"]]


# --- SPARQL text ------------------------------------------------------------------------


def test_query_form_and_variables():
    assert sparql_text.query_form("PREFIX a: <http://a/>\n# SELECT\nASK { ?s a:p 'SELECT' }") == "ASK"
    assert sparql_text.query_form("LOAD <http://example.org/x>") == "LOAD"
    assert sparql_text.variables("SELECT ?a WHERE { ?a <p> $b . FILTER(?c) }") == {"a", "b", "c"}


@pytest.mark.parametrize(
    "sparql",
    [
        SELECT_BY,
        f"SELECT ?year (COUNT(*) AS ?n) WHERE {{ ?s <{EX}name> ?name ; <{EX}year> ?year }} GROUP BY ?year",
        f"CONSTRUCT {{ ?s <{EX}label> ?name }} WHERE {{ ?s <{EX}name> ?name ; <{EX}year> ?year }}",
        f"PREFIX e: <{EX}> SELECT * WHERE {{ {{ SELECT ?s ?year WHERE {{ ?s e:year ?year }} }} ?s e:name ?name }}",
        f"ASK {{ ?s <{EX}year> ?year }}",
    ],
)
def test_injected_values_match_substitution(tiny_store, sparql):
    bindings = {"year": q.to_term("2018")}
    injected = sparql_text.inject_values(sparql, bindings)
    assert "VALUES (?year)" in injected
    direct = Result.from_pyoxigraph(tiny_store.query(sparql, substitutions={ox.Variable("year"): bindings["year"]}))
    remote_style = Result.from_pyoxigraph(tiny_store.query(injected))
    key = {"graph": lambda r: sorted(map(str, r.triples)), "ask": lambda r: r.boolean,
           "select": lambda r: sorted(map(str, r.rows))}[direct.kind]
    assert key(direct) == key(remote_style) and key(direct)


def test_values_block_escapes_terms():
    block = sparql_text.values_block({"name": ox.Literal('a" } DROP ALL #')})
    store = ox.Store()
    rows = Result.from_pyoxigraph(store.query(f"SELECT ?name WHERE {{ {block} }}")).values()
    assert rows == [['a" } DROP ALL #']]


# --- result formats ---------------------------------------------------------------------


def test_result_formats(tiny_store):
    result = q.run(tiny_store, SELECT_BY)
    data = json.loads(serialize_result(result, "json"))
    assert data["head"]["vars"] == ["s", "name", "year"]
    first = data["results"]["bindings"][0]
    assert first["s"] == {"type": "uri", "value": EX + "f0"}
    assert first["year"] == {"type": "literal", "value": "2017", "datatype": XSD + "integer"}
    xml = ET.fromstring(serialize_result(result, "xml"))
    assert len(xml.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 3
    rows = list(csv.reader(io.StringIO(serialize_result(result, "csv").decode())))
    assert rows[0] == ["s", "name", "year"] and rows[3][1] == 'Tricky "} name'
    assert serialize_result(result, "tsv").decode().splitlines()[1].startswith(f"<{EX}f0>")
    ask = q.run(tiny_store, "ASK { ?s ?p 2018 }")
    assert json.loads(serialize_result(ask, "json")) == {"head": {}, "boolean": True}
    graph = q.run(tiny_store, f"CONSTRUCT {{ ?s <{EX}n> ?name }} WHERE {{ ?s <{EX}name> ?name }}")
    assert len(list(ox.parse(serialize_result(graph, "ttl"), format=ox.RdfFormat.TURTLE))) == 3
    assert len(json.loads(serialize_result(graph, "jsonld"))) == 3
    with pytest.raises(ValueError):
        serialize_result(graph, "csv")


def test_row_cap_flags_truncation(tiny_store):
    result = q.run(tiny_store, SELECT_BY, max_rows=2)
    assert len(result.rows) == 2 and result.truncated
    assert not q.run(tiny_store, SELECT_BY, max_rows=3).truncated


# --- CLI --------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_lists_queries():
    out = runner.invoke(app, ["queries"]).output
    for nq in q.list_queries():
        assert nq.name in out
    details = runner.invoke(app, ["queries", "--details"]).output
    assert "Shape:" in details and "variables:" in details


def test_cli_named_query_with_params(built_graph):
    res = runner.invoke(app, ["query", "grade_history", "-g", str(built_graph), "-f", "csv",
                              "-p", "force=Metropolitan Police Service", "-p", "area=vulnerability"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert {(r["year"], r["grade"]) for r in rows} >= {("2016", "Inadequate"), ("2018", "Requires improvement")}
    assert {r["force"] for r in rows} == {"Metropolitan Police Service"}


def test_cli_json_is_sparql_results(built_graph):
    res = runner.invoke(app, ["query", "documents", "-g", str(built_graph), "-f", "json"])
    data = json.loads(res.stdout)
    assert data["head"]["vars"] == ["document", "title", "force", "year", "kind", "pillar", "published"]
    assert len(data["results"]["bindings"]) == 5


def test_cli_stdin_ask_and_construct(built_graph):
    ask = runner.invoke(app, ["query", "-", "-g", str(built_graph)],
                        input="PREFIX peel: <https://w3id.org/peel-kg/ontology#>\nASK { ?j a peel:Judgment }")
    assert ask.exit_code == 0 and ask.stdout.strip() == "true"
    year = runner.invoke(app, ["query", "any_inadequate", "-g", str(built_graph), "-p", "year=2017", "-f", "json"])
    assert json.loads(year.stdout)["boolean"] is True
    ttl = runner.invoke(app, ["query", "force_profile", "-g", str(built_graph), "-f", "ttl",
                              "-p", "force=Metropolitan Police Service"])
    assert ttl.exit_code == 0
    triples = list(ox.parse(ttl.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert any(t.object == ox.Literal("Inadequate") for t in triples)


def test_cli_rq_path_and_errors(built_graph, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("# Count judgments.\nPREFIX peel: <https://w3id.org/peel-kg/ontology#>\n"
                    "SELECT (COUNT(*) AS ?n) WHERE { ?j a peel:Judgment }\n")
    res = runner.invoke(app, ["query", str(path), "-g", str(built_graph), "-f", "csv"])
    assert res.exit_code == 0 and int(res.stdout.splitlines()[1]) > 43 * 5
    bad = runner.invoke(app, ["query", "-", "-g", str(built_graph)], input="SELECT * WHERE {\n ?s ?p\n}")
    assert bad.exit_code == 2 and "line 3, column" in bad.output
    unknown = runner.invoke(app, ["query", "grades", "-g", str(built_graph), "-p", "forse=x"])
    assert unknown.exit_code == 2 and "?forse" in unknown.output
    missing = runner.invoke(app, ["query", "nope", "-g", str(built_graph)])
    assert missing.exit_code == 2 and "no query named" in missing.output


# --- grade queries on the sample corpus (several sources, pillars, the five-point scale) ----


@pytest.fixture(scope="module")
def sample_store() -> ox.Store:
    from sample_records import sample_graph

    from kg.serialize import to_nquads

    store = ox.Store()
    store.load(to_nquads(sample_graph()), format=ox.RdfFormat.N_TRIPLES)
    return store


def _rows(store, name, **params) -> list[dict]:
    columns, rows = q.run_select(store, q.load_query(name).sparql, params)
    return [dict(zip(columns, r)) for r in rows]


def test_grades_has_a_pillar_column_and_every_statement(sample_store):
    from sample_records import FORCE, OTHER_FORCE

    rows = _rows(sample_store, "grades")
    assert list(rows[0]) == ["force", "year", "area", "grade", "question", "document", "pillar"]
    keys = [(r["force"], r["year"], r["pillar"], r["area"], r["grade"], r["document"]) for r in rows]
    # two statements of one grade in one document are two rows
    assert keys.count((FORCE, 2016, "effectiveness", "vulnerability", "Requires improvement", "press-release.txt")) == 2
    # "overall" of two pillars in one year: both kept, told apart by the pillar
    overall_2016 = {(r["pillar"], r["grade"]) for r in rows if r["year"] == 2016 and r["area"] == "overall"}
    assert overall_2016 == {("effectiveness", "Requires improvement"), ("efficiency", "Good")}
    # the five-point scale and a force named only by a round-up
    assert (OTHER_FORCE, 2021, "integrated", "responding-to-the-public", "Adequate", "roundup-2021.txt") in keys
    assert len(rows) == 2 + 1 + 3 + 2  # force report, annex, press release, round-up


def test_grade_history_one_row_per_key_with_sources_and_disagreement(sample_store):
    from sample_records import FORCE

    rows = _rows(sample_store, "grade_history", force=FORCE)
    assert list(rows[0]) == ["force", "pillar", "area", "year", "grade", "sources", "documents", "disagreement"]
    by_key = {(r["pillar"], r["area"], r["year"]): r for r in rows}
    assert len(by_key) == len(rows) == 5
    vulnerability = by_key[("effectiveness", "vulnerability", 2016)]
    assert vulnerability["disagreement"] is True and vulnerability["sources"] == 3
    assert set(vulnerability["grade"].split(" | ")) == {"Good", "Requires improvement"}
    assert set(vulnerability["documents"].split(" | ")) == {"report-2016.txt", "press-release.txt"}
    agreed = by_key[("integrated", "responding-to-the-public", 2021)]
    assert (agreed["grade"], agreed["sources"], agreed["documents"], agreed["disagreement"]) == (
        "Adequate", 1, "roundup-2021.txt", False)
    assert by_key[("efficiency", "overall", 2016)]["grade"] == "Good"
    assert by_key[("effectiveness", "overall", 2016)]["grade"] == "Requires improvement"
    assert [r["pillar"] for r in _rows(sample_store, "grade_history", force=FORCE, pillar="efficiency")] == ["efficiency"]


def test_grade_disagreements_name_both_statements(sample_store):
    from sample_records import PRESS_TEXT, TEXT

    rows = _rows(sample_store, "grade_disagreements")
    assert len(rows) == 2  # the force report's Good against each of the press release's two statements
    for r in rows:
        assert (r["year"], r["pillar"], r["area"]) == (2016, "effectiveness", "vulnerability")
        assert (r["grade_a"], r["document_a"]) == ("Good", "report-2016.txt")
        assert (r["grade_b"], r["document_b"]) == ("Requires improvement", "press-release.txt")
        assert TEXT[r["start_a"]:r["end_a"]] == r["quote_a"]
        assert PRESS_TEXT[r["start_b"]:r["end_b"]] == r["quote_b"]
    assert _rows(sample_store, "grade_disagreements", pillar="efficiency") == []


def test_grade_changes_compare_within_a_pillar(sample_store):
    from sample_records import FORCE

    rows = _rows(sample_store, "grade_changes", force=FORCE)
    # 2016 effectiveness overall (RI) -> 2017 overall (Good, annex); the efficiency overall of
    # 2016 has no later efficiency grade, so it is compared with nothing
    overall = [(r["pillar"], r["from_year"], r["from_grade"], r["to_year"], r["to_grade"], r["direction"])
               for r in rows if r["area"] == "overall"]
    assert overall == [("effectiveness", 2016, "Requires improvement", 2017, "Good", "improved")]
    improvements = _rows(sample_store, "grade_improvements", force=FORCE)
    assert [(r["pillar"], r["area"]) for r in improvements] == [("effectiveness", "overall")]


def test_adequate_ranks_between_good_and_requires_improvement(sample_store):
    ranks = dict(q.run_select(sample_store, """
        PREFIX peel: <https://w3id.org/peel-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?grade ?rank WHERE { ?g peel:rank ?rank ; skos:prefLabel ?grade }""")[1])
    assert ranks["Good"] > ranks["Adequate"] > ranks["Requires improvement"]


def test_documents_and_inspections_for_new_kinds(sample_store):
    from sample_records import OTHER_FORCE

    rows = {r["document"]: r for r in _rows(sample_store, "documents")}
    assert [rows["press-release.txt"][k] for k in ("kind", "pillar", "published")] == [
        "press release", "effectiveness", "2017-03-02"]
    assert (rows["roundup-2021.txt"]["force"], rows["roundup-2021.txt"]["published"]) == (None, "2022")
    assert (rows["report-2016.txt"]["pillar"], rows["report-2016.txt"]["published"]) == (None, None)
    facts = q.run_select(sample_store, """
        PREFIX peel: <https://w3id.org/peel-kg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?file ?class ?pillar (STR(?issued) AS ?date) (DATATYPE(?issued) AS ?type) WHERE {
          ?d peel:fileName ?file ; a ?class ; peel:pillar/skos:notation ?pillar ; dcterms:issued ?issued .
        } ORDER BY ?file""")[1]
    assert facts == [
        ["press-release.txt", str(ns_peel("PressRelease")), "effectiveness", "2017-03-02", XSD + "date"],
        ["roundup-2021.txt", str(ns_peel("NationalReport")), "integrated", "2022", XSD + "gYear"],
    ]
    # a force named only by a round-up has its inspection (force x year)
    label = q.run_select(sample_store, """
        PREFIX peel: <https://w3id.org/peel-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?force ?label WHERE { ?i a peel:Inspection ; peel:force/skos:prefLabel ?force ; peel:year 2021 ; rdfs:label ?label }
        """, {"force": OTHER_FORCE})[1]
    assert label == [[OTHER_FORCE, f"{OTHER_FORCE} PEEL inspection 2021"]]


def ns_peel(local: str) -> str:
    from kg.namespaces import PEEL

    return str(PEEL[local])
