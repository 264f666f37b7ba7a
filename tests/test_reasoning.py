"""OWL reasoning with owlready2 + HermiT: consistency, contradictions, useful inferences."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from kg.namespaces import ID, ORG, PEEL
from kg.reasoning import reason, reason_graph_dir, reasoning_subset

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime")


@pytest.fixture(scope="module")
def sample():
    from sample_records import sample_graph

    return sample_graph()


@pytest.fixture(scope="module")
def sample_result(sample):
    return reason(sample)


def test_ontology_alone_is_consistent_and_satisfiable():
    result = reason()
    assert result.consistent, result.message
    assert result.unsatisfiable == []
    # the grade order is transitive: Outstanding is better than Inadequate without saying so
    assert (str(ID["grade/outstanding"]), str(PEEL.betterThan), str(ID["grade/inadequate"])) in result.inferred_facts


def test_adequate_is_inside_the_transitive_grade_order():
    inferred = reason().inferred_facts
    better = str(PEEL.betterThan)
    assert (str(ID["grade/outstanding"]), better, str(ID["grade/adequate"])) in inferred
    assert (str(ID["grade/adequate"]), better, str(ID["grade/inadequate"])) in inferred


def test_a_document_of_two_kinds_is_inconsistent():
    g = Graph()
    g.add((ID["document/x"], RDF.type, PEEL.PressRelease))
    g.add((ID["document/x"], RDF.type, PEEL.NewsItem))
    assert not reason(g).consistent


def test_something_both_force_and_power_is_inconsistent():
    g = Graph()
    g.add((ID["force/x"], RDF.type, PEEL.Force))
    g.add((ID["force/x"], RDF.type, PEEL.Power))
    result = reason(g)
    assert not result.consistent
    assert "INCONSISTENT" in result.summary()


def test_two_years_for_one_inspection_is_inconsistent():
    g = Graph()
    node = ID["inspection/x/2016"]
    g.add((node, RDF.type, PEEL.Inspection))
    g.add((node, PEEL.year, Literal(2016, datatype=XSD.integer)))
    g.add((node, PEEL.year, Literal(2017, datatype=XSD.integer)))
    assert not reason(g).consistent


def test_sample_graph_is_consistent(sample_result):
    assert sample_result.consistent, sample_result.message
    assert sample_result.triples_loaded > 0


def test_units_and_forces_are_inferred_organisations(sample_result):
    assert sample_result.has_type(ID["unit/trident"], ORG.Organization)
    assert sample_result.has_type(ID["unit/trident"], PEEL.Actor)
    assert sample_result.has_type(ID["force/example-constabulary"], ORG.Organization)


def test_has_unit_entails_unit_of(sample_result):
    # stated: force peel:hasUnit unit; inferred through org:hasUnit owl:inverseOf org:unitOf
    fact = (str(ID["unit/trident"]), str(ORG.unitOf), str(ID["force/example-constabulary"]))
    assert fact in sample_result.inferred_facts


def test_range_types_an_entity_known_only_from_a_relation(sample):
    g = Graph()
    g += sample
    g.add((ID["unit/trident"], PEEL.tackles, ID["crimetype/knife-crime"]))  # knife crime untyped
    result = reason(g)
    assert result.consistent
    assert result.has_type(ID["crimetype/knife-crime"], PEEL.CrimeType)


def test_relation_between_wrong_kinds_is_inconsistent(sample):
    g = Graph()
    g += sample
    g.add((ID["unit/trident"], PEEL.tackles, ID["power/dvpo"]))  # a power is not a crime type
    assert not reason(g).consistent


def test_subset_drops_provenance_nodes_but_keeps_types_and_links(sample):
    sub = reasoning_subset(sample)
    assert len(sub) < len(sample) / 2
    assert not list(sub.subjects(RDF.type, PEEL.Evidence))
    assert (ID["unit/trident"], RDF.type, PEEL.Unit) in sub


def test_corpus_graph_is_consistent_and_forces_are_organisations(built_graph):
    result = reason_graph_dir(built_graph)
    assert result.consistent, result.message
    assert result.unsatisfiable == []
    forces = [i for i, types in result.inferred_types.items() if str(ORG.Organization) in types
              and i.startswith(str(ID["force/"]))]
    assert forces, "every force should be inferred an org:Organization"


def test_every_relation_the_extractor_may_emit_is_consistent():
    """Domains and ranges must admit every (subject type, predicate, object type) the relation
    rules allow: one graph with a fresh pair of individuals per combination."""
    import json

    from kg.paths import ROOT

    rules = json.loads((ROOT / "extraction" / "data" / "relation_rules.json").read_text("utf-8"))
    g = Graph()
    for rule in rules["predicates"]:
        for s_type in rule["subject"]:
            for o_type in rule["object"]:
                s = ID[f"test/{rule['predicate']}/{s_type}/{o_type}/s"]
                o = ID[f"test/{rule['predicate']}/{s_type}/{o_type}/o"]
                g.add((s, RDF.type, PEEL[s_type]))
                g.add((o, RDF.type, PEEL[o_type]))
                g.add((s, PEEL[rule["predicate"]], o))
    assert len(g) > 20
    result = reason(g)
    assert result.consistent, "a relation rule contradicts the ontology's domains/ranges"
