"""Every gallery query in queries/ runs on the corpus graph and gives a known answer.

Answers come from reading the reports: the Metropolitan Police Service reports of 2014,
2016, 2017 and 2018 and the 2017 national report's per-force annex (West Midlands is the
one force graded inadequate on vulnerability there; Durham the one outstanding overall).
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.queries import list_queries

MET = "Metropolitan Police Service"
GALLERY = {
    "grade_history", "inadequate_vulnerability_2017", "grade_distribution", "grade_improvements",
    "any_inadequate", "force_profile", "evidence", "facts_by_rule", "units_and_powers",
    "initiatives_and_crime_types", "findings_mentioning_power", "entities_across_years",
    "causes_of_concern", "findings_per_inspection", "entity_statistics", "force_units",
    "grade_disagreements",
}
CONTRACT = {"documents", "grades", "findings", "entities", "relations", "statistics",
            "recurring_findings", "grade_changes"}


def test_gallery_is_complete_and_every_query_runs(peel_graph):
    names = {nq.name for nq in list_queries()}
    assert GALLERY <= names and len(GALLERY) >= 12
    untested = names - GALLERY - CONTRACT
    assert not untested, f"queries without a known-answer test: {untested}"
    for name in sorted(names):
        peel_graph.run(name)  # none fails on the corpus graph


def _national_report(peel_graph) -> str:
    return next(d["document"] for d in peel_graph.rows("documents") if d["kind"] == "national report")


def test_grade_history(peel_graph):
    rows = peel_graph.rows("grade_history", force=MET, area="vulnerability")
    history = {r["year"]: r["grade"] for r in rows}
    assert history == {2016: "Inadequate", 2017: "Requires improvement", 2018: "Requires improvement"}
    (y2017,) = [r for r in rows if r["year"] == 2017]
    assert _national_report(peel_graph) in y2017["documents"].split(" | ")  # annex and force report
    assert len(y2017["documents"].split(" | ")) == 2
    assert y2017["sources"] >= 2 and y2017["disagreement"] is False  # they agree
    assert {r["pillar"] for r in rows} == {"effectiveness"}
    assert all(r["sources"] >= len(r["documents"].split(" | ")) for r in rows)


def test_grade_disagreements(peel_graph):
    # The 2017 annex and the Met's 2017 report agree on every area (the sample corpus of
    # tests/test_queries.py has a disagreement and checks its evidence).
    assert peel_graph.rows("grade_disagreements") == []
    assert peel_graph.rows("grade_disagreements", force=MET) == []


def test_inadequate_vulnerability_2017(peel_graph):
    rows = peel_graph.rows("inadequate_vulnerability_2017")
    assert len(rows) == 1 and "West Midlands" in rows[0]["force"]
    assert rows[0]["documents"] == _national_report(peel_graph)


def test_grade_distribution(peel_graph):
    rows = peel_graph.rows("grade_distribution", year=2017, area="overall")
    counts = {r["grade"]: r["forces"] for r in rows}
    assert counts["Outstanding"] == 1  # Durham
    assert sum(counts.values()) == 43  # every force once, though the Met is graded twice
    vulnerability = {r["grade"]: r["forces"] for r in peel_graph.rows("grade_distribution", year=2017, area="vulnerability")}
    assert vulnerability["Inadequate"] == 1


def test_grade_improvements(peel_graph):
    rows = peel_graph.rows("grade_improvements", force=MET)
    pairs = {(r["area"], r["from_year"], r["from_grade"], r["to_year"], r["to_grade"]) for r in rows}
    assert ("vulnerability", 2016, "Inadequate", 2017, "Requires improvement") in pairs
    assert ("serious-organised-crime", 2017, "Good", 2018, "Outstanding") in pairs
    assert all(r["to_year"] > r["from_year"] for r in rows)
    # 2017 -> 2018 vulnerability stayed "Requires improvement": not an improvement
    assert not any(r["area"] == "vulnerability" and r["from_year"] == 2017 for r in rows)


def test_any_inadequate(peel_graph):
    assert peel_graph.ask("any_inadequate", year=2017) is True  # West Midlands, annex
    assert peel_graph.ask("any_inadequate", year="2018") is False  # the 2018 report has none
    assert peel_graph.ask("any_inadequate", year=2016, area="vulnerability") is True


def test_force_profile(peel_graph):
    g = peel_graph.construct("force_profile", force=MET)
    from rdflib import Literal, Namespace

    peel = Namespace("https://w3id.org/peel-kg/ontology#")
    skos = Namespace("http://www.w3.org/2004/02/skos/core#")
    forces = set(g.subjects(predicate=None, object=peel.Force))
    assert len(forces) == 1
    years = {int(y) for y in g.objects(None, peel.year)}
    # the four inspections, and 2015 where a later report restates a 2015 grade
    assert {2014, 2016, 2017, 2018} <= years <= {2014, 2015, 2016, 2017, 2018}
    inadequate = [gr for gr in g.subjects(skos.prefLabel, Literal("Inadequate"))]
    assert inadequate and any(g.subjects(peel.grade, inadequate[0]))


def test_evidence_quotes_the_text(peel_graph, corpus_texts):
    (wm,) = peel_graph.rows("inadequate_vulnerability_2017")
    fact = next(
        j for j in peel_graph.rows(
            "PREFIX peel: <https://w3id.org/peel-kg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT ?j WHERE { ?j a peel:Judgment ; peel:area/skos:notation 'vulnerability' ; "
            "peel:grade/skos:prefLabel 'Inadequate' ; peel:inspection/peel:year 2017 }")
    )["j"]
    rows = peel_graph.rows("evidence", fact=fact)
    assert rows and all(r["fact"] == fact and r["type"] == "Judgment" for r in rows)
    for r in rows:
        assert corpus_texts[r["document"]][r["start"]:r["end"]] == r["quote"]
        assert "Inadequate" in r["quote"]
    sample = peel_graph.rows("evidence", document=rows[0]["document"])
    assert len(sample) > 50
    for r in sample[:: max(1, len(sample) // 40)]:
        assert corpus_texts[r["document"]][r["start"]:r["end"]] == r["quote"]


def test_facts_by_rule(peel_graph):
    rows = peel_graph.rows("facts_by_rule")
    judgments = sum(r["facts"] for r in rows if r["type"] == "Judgment")
    assert judgments == len(peel_graph.rows("grades")) > 43 * 5
    assert all(r["facts"] > 0 and r["documents"] >= 1 for r in rows)


def test_units_and_powers(peel_graph):
    rows = peel_graph.rows("units_and_powers")
    # 2016: "The lifetime offender management unit is a small team that monitors those who are
    # subject to serious crime prevention orders (SCPOs) issued upon their conviction."
    assert any("lifetime offender management" in r["unit"].lower()
               and re.search(r"SCPO|serious crime prevention order", r["power"], re.I)
               and "serious crime prevention orders" in r["sentence"] for r in rows)
    assert all(r["sentence"] and r["relation"] for r in rows)


def test_initiatives_and_crime_types(peel_graph):
    rows = peel_graph.rows("initiatives_and_crime_types")
    assert any("MetTrace" in r["initiative"] and "burglar" in r["crime_type"].lower() for r in rows)


def test_findings_mentioning_power(peel_graph):
    rows = peel_graph.rows("findings_mentioning_power", force=MET, year=2018)
    assert any("Clare" in r["text"] and re.search(r"DVPO|domestic violence protection", r["power"], re.I)
               for r in rows)


def test_entities_across_years(peel_graph):
    rows = {r["entity"]: r for r in peel_graph.rows("entities_across_years")}
    assert rows[MET]["years"].split(" | ") == ["2014", "2016", "2017", "2018"]
    mettrace = [r for label, r in rows.items() if "MetTrace" in label]
    assert mettrace and {"2016", "2018"} <= set(mettrace[0]["years"].split(" | "))


def test_causes_of_concern(peel_graph):
    rows = peel_graph.rows("causes_of_concern", force=MET)
    by_year: dict[int, set[str]] = {}
    for r in rows:
        by_year.setdefault(r["year"], set()).add(r["recommendation"])
    assert len(by_year[2016]) == 8  # the eight bullets under the 2016 cause of concern
    assert len(by_year[2018]) == 2
    assert any("registered sex offenders" in r["concern"] for r in rows if r["year"] == 2018)


def test_findings_per_inspection(peel_graph):
    counts = {(r["year"], r["type"]): r["findings"] for r in peel_graph.rows("findings_per_inspection", force=MET)}
    assert counts[(2016, "cause of concern")] == 1 and counts[(2018, "cause of concern")] == 1
    assert counts[(2016, "recommendation")] == 8 and counts[(2018, "recommendation")] == 2


def test_entity_statistics(peel_graph):
    rows = peel_graph.rows("entity_statistics")
    assert any(r["value"] == 134 and re.search(r"SCPO|serious crime prevention", r["entity"], re.I) for r in rows)


def test_force_units(peel_graph):
    units = {r["unit"] for r in peel_graph.rows("force_units", force=MET)}
    assert any("Trident" in u for u in units)


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_gallery_query_parses_in_rdflib_too(name):
    """Portable SPARQL 1.1: rdflib's parser accepts every gallery query (so do remote servers)."""
    from rdflib.plugins.sparql import prepareQuery

    from kg.queries import load_query

    prepareQuery(load_query(name).sparql)
    ox.Store().query(load_query(name).sparql)
