"""The ontology: declarations, labels, reuse of W3C vocabularies, grade order, README sync."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from extraction.records import AREAS, GRADES
from kg import ontology_doc
from kg.namespaces import ID, NIF, ORG, PEEL, PROV
from kg.paths import ONTOLOGY_DIR, ONTOLOGY_FILE, ROOT, SHAPES_FILE

SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def declared(g: Graph, term: URIRef) -> bool:
    return any((term, RDF.type, t) in g for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty))


def test_no_blank_nodes_so_exports_are_deterministic(onto):
    assert not [t for t in onto if any(isinstance(x, BNode) for x in t)]


def test_every_peel_term_of_the_builder_is_declared_with_label_and_definition(onto):
    source = (ROOT / "kg" / "builder.py").read_text("utf-8")
    # the builder writes PEEL terms through its pyoxigraph view of the namespace, ``P_``
    used = set(re.findall(r"\bP_\.([A-Za-z]+)", source)) | set(re.findall(r'\bP_\["([A-Za-z]+)"\]', source))
    assert {"Judgment", "evidence", "count"} <= used  # the scan itself works
    missing = [t for t in sorted(used) if not declared(onto, PEEL[t])]
    assert missing == []
    unlabelled = [t for t in sorted(used) if (PEEL[t], RDFS.label, None) not in onto
                  or (PEEL[t], SKOS.definition, None) not in onto]
    assert unlabelled == []


def test_every_own_term_has_label_and_definition(onto):
    own = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(PEEL))}
    assert len(own) > 60
    for term in own:
        assert (term, RDFS.label, None) in onto, term
        assert (term, SKOS.definition, None) in onto, term


@pytest.mark.parametrize("cls,parent", [
    (PEEL.Force, ORG.Organization), (PEEL.Unit, ORG.OrganizationalUnit),
    (PEEL.PartnerOrganisation, ORG.Organization), (ORG.OrganizationalUnit, ORG.Organization),
    (PEEL.Evidence, PROV.Entity), (PEEL.Evidence, NIF.String), (PEEL.ExtractionRule, PROV.Plan),
    (PEEL.ForceReport, PEEL.Document), (PEEL.NationalReport, PEEL.Document),
    (PEEL.AreaForImprovement, PEEL.Finding), (PEEL.CauseOfConcern, PEEL.Finding),
    (PEEL.Recommendation, PEEL.Finding), (PEEL.PreviousFinding, PEEL.Finding),
    (PEEL.CrimeType, SKOS.Concept), (PEEL.Initiative, PEEL.Actor),
])
def test_class_reuses_w3c_vocabularies(onto, cls, parent):
    assert (cls, RDFS.subClassOf, parent) in onto


@pytest.mark.parametrize("prop,domain,rng", [
    ("hasUnit", ORG.Organization, PEEL.Unit), ("runsInitiative", PEEL.Actor, PEEL.Initiative),
    ("usesPower", PEEL.Actor, PEEL.Power), ("usesTool", PEEL.Actor, PEEL.RiskAssessmentTool),
    ("worksWith", PEEL.Actor, PEEL.Actor), ("tackles", PEEL.Actor, PEEL.CrimeType),
    ("managesOffenders", PEEL.Actor, PEEL.NamedEntity), ("targets", PEEL.Actor, PEEL.CrimeType),
    ("partOf", ORG.Organization, ORG.Organization),
])
def test_relation_properties_for_the_entity_extractor(onto, prop, domain, rng):
    assert (PEEL[prop], RDF.type, OWL.ObjectProperty) in onto
    assert (PEEL[prop], RDFS.domain, domain) in onto
    assert (PEEL[prop], RDFS.range, rng) in onto


def test_units_are_sub_organisations(onto):
    assert (PEEL.partOf, RDFS.subPropertyOf, ORG.subOrganizationOf) in onto
    assert (PEEL.hasUnit, RDFS.subPropertyOf, ORG.hasUnit) in onto


def test_entity_classes_are_disjoint_where_true(onto):
    def disjoint(a, b):
        return (a, OWL.disjointWith, b) in onto or (b, OWL.disjointWith, a) in onto
    kinds = [PEEL.Force, PEEL.Initiative, PEEL.Power, PEEL.RiskAssessmentTool, PEEL.CrimeType]
    assert all(disjoint(a, b) for i, a in enumerate(kinds) for b in kinds[i + 1:])
    assert disjoint(PEEL.Inspection, PEEL.NationalInspection)
    assert not disjoint(PEEL.Force, PEEL.PartnerOrganisation)  # a neighbouring force can be a partner


def test_grade_scale_is_ordered_by_rank_and_better_than(onto):
    ranks = {str(onto.value(g, SKOS.prefLabel)): int(onto.value(g, PEEL.rank))
             for g in onto.subjects(SKOS.inScheme, ID["scheme/grades"]) if onto.value(g, PEEL.rank) is not None}
    assert sorted(ranks, key=ranks.get) == list(GRADES)
    for better, worse in onto.subject_objects(PEEL.betterThan):
        assert int(onto.value(better, PEEL.rank)) == int(onto.value(worse, PEEL.rank)) + 1
    assert (PEEL.betterThan, RDF.type, OWL.TransitiveProperty) in onto


def test_area_scheme_matches_the_records_contract(onto):
    notations = {str(onto.value(a, SKOS.notation)) for a in onto.subjects(SKOS.inScheme, ID["scheme/areas"])}
    assert notations == set(AREAS)
    for code in AREAS:  # the queries use these IRIs
        assert (ID[f"area/{code}"], SKOS.notation, Literal(code)) in onto


def test_shapes_list_exactly_the_scheme_members(onto):
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    lists = [set(shapes.items(o)) for o in shapes.objects(None, URIRef(SH + "in"))]
    grades = set(onto.subjects(SKOS.inScheme, ID["scheme/grades"]))
    areas = set(onto.subjects(SKOS.inScheme, ID["scheme/areas"]))
    assert grades in lists and areas in lists
    assert all(members in (grades, areas) for members in lists if all(isinstance(m, URIRef) for m in members))


def test_readme_diagram_is_generated_from_the_ontology():
    block = ontology_doc.current_block()
    assert block is not None, "markers missing from ontology/README.md"
    assert block == ontology_doc.readme_block(), "run: python -m kg.ontology_doc"


def test_diagram_shows_classes_subclasses_and_properties():
    text = ontology_doc.mermaid()
    assert text.startswith("classDiagram")
    assert "org_Organization <|-- Force" in text
    assert "Actor --> CrimeType : tackles" in text
    assert "Judgment --> Question : question" in text
    assert "Statistic : +value decimal" in text


def test_update_readme_rewrites_only_the_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{ontology_doc.BEGIN}\nstale\n{ontology_doc.END}\noutro\n", "utf-8")
    assert ontology_doc.update_readme(readme) is True
    text = readme.read_text("utf-8")
    assert text.startswith("intro\n") and text.endswith("outro\n") and "stale" not in text
    assert ontology_doc.update_readme(readme) is False


def test_readme_queries_run_and_answer_on_a_sample_graph():
    from sample_records import sample_graph

    from kg.serialize import to_nquads

    store = ox.Store()
    store.load(to_nquads(sample_graph()), format=ox.RdfFormat.N_TRIPLES)
    blocks = re.findall(r"```sparql\n(.*?)```", (ONTOLOGY_DIR / "README.md").read_text("utf-8"), re.S)
    assert len(blocks) >= 4
    for sparql in blocks:
        assert list(store.query(sparql)), sparql
