"""The ontology: declarations, labels, reuse of W3C vocabularies, grade order, README sync."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from extraction.records import AREAS, DOCUMENT_KINDS, GRADES, PILLARS
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
    (PEEL.PressRelease, PEEL.Document), (PEEL.NewsItem, PEEL.Document), (PEEL.CommissionerPage, PEEL.Document),
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


def test_adequate_sits_between_good_and_requires_improvement(onto):
    adequate = ID["grade/adequate"]
    assert (ID["grade/good"], PEEL.betterThan, adequate) in onto
    assert (adequate, PEEL.betterThan, ID["grade/requires-improvement"]) in onto
    rank = {g: int(onto.value(ID[f"grade/{g}"], PEEL.rank)) for g in ("good", "adequate", "requires-improvement")}
    assert rank["good"] > rank["adequate"] > rank["requires-improvement"]
    assert (ID["grade/good"], PEEL.betterThan, ID["grade/requires-improvement"]) not in onto  # only neighbours


def test_pillar_scheme_matches_the_records_contract(onto):
    members = set(onto.subjects(SKOS.inScheme, ID["scheme/pillars"]))
    assert {str(onto.value(p, SKOS.notation)) for p in members} == set(PILLARS)
    assert all((p, SKOS.prefLabel, None) in onto and (p, SKOS.definition, None) in onto for p in members)
    assert (PEEL.pillar, RDF.type, OWL.ObjectProperty) in onto


def test_every_document_kind_has_its_class():
    from kg.builder import _DOCUMENT_CLASS

    assert set(_DOCUMENT_CLASS) == set(DOCUMENT_KINDS)
    assert len(set(_DOCUMENT_CLASS.values())) == len(DOCUMENT_KINDS)


def test_document_kind_classes_are_pairwise_disjoint(onto):
    kinds = [PEEL.ForceReport, PEEL.NationalReport, PEEL.PressRelease, PEEL.NewsItem, PEEL.CommissionerPage]
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            assert (a, OWL.disjointWith, b) in onto or (b, OWL.disjointWith, a) in onto, (a, b)


def test_area_concepts_are_generated_from_areas_json():
    block = ontology_doc.current_block(ONTOLOGY_FILE, ontology_doc.AREAS_BEGIN, ontology_doc.AREAS_END)
    assert block is not None, "area markers missing from ontology/peel.ttl"
    assert block == ontology_doc.areas_block(), "run: python -m kg.ontology_doc"


def test_area_concepts_agree_with_areas_json(onto):
    """Labels, pillars and comparable areas as areas.json gives them (closeMatch both ways)."""
    import json

    areas = json.loads(ontology_doc.AREAS_FILE.read_text("utf-8"))["areas"]
    assert [a["code"] for a in areas if a["code"] not in AREAS] == []
    for a in areas:
        node = ID[f"area/{a['code']}"]
        assert onto.value(node, SKOS.prefLabel) == Literal(a["label"], lang="en")
        assert onto.value(node, PEEL.pillar) == (ID[f"pillar/{a['pillar']}"] if a["pillar"] else None)
        if a["comparable"]:
            target = ID[f"area/{a['comparable']}"]
            assert (node, SKOS.closeMatch, target) in onto and (target, SKOS.closeMatch, node) in onto
    matched = {(s, o) for s, o in onto.subject_objects(SKOS.closeMatch)}
    stated = {(ID[f"area/{a['code']}"], ID[f"area/{a['comparable']}"]) for a in areas if a["comparable"]}
    assert matched == stated | {(o, s) for s, o in stated}  # nothing beyond areas.json and its symmetry
    assert (ID["area/treatment-of-the-public"], SKOS.closeMatch, ID["area/fair-treatment"]) in onto


def test_area_concepts_follow_a_changed_areas_json(tmp_path):
    """The generator reads areas.json: a new area or a new label shows in the block."""
    import json

    data = json.loads(ontology_doc.AREAS_FILE.read_text("utf-8"))
    data["areas"].append({"code": "new-area", "label": 'A "new" area', "pillar": "legitimacy",
                          "comparable": "fair-treatment", "phrases": []})
    changed = tmp_path / "areas.json"
    changed.write_text(json.dumps(data), "utf-8")
    block = ontology_doc.areas_block(changed)
    assert block != ontology_doc.areas_block()
    g = Graph().parse(data=ONTOLOGY_FILE.read_text("utf-8").replace(ontology_doc.areas_block(), block),
                      format="turtle")
    new = ID["area/new-area"]
    assert g.value(new, SKOS.prefLabel) == Literal('A "new" area', lang="en")
    assert (ID["area/fair-treatment"], SKOS.closeMatch, new) in g
    onto_file = tmp_path / "peel.ttl"
    onto_file.write_text(ONTOLOGY_FILE.read_text("utf-8"), "utf-8")
    assert ontology_doc.update_areas(onto_file, changed) is True
    assert ontology_doc.update_areas(onto_file, changed) is False
    assert Graph().parse(onto_file, format="turtle").value(new, SKOS.notation) == Literal("new-area")


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
    pillars = set(onto.subjects(SKOS.inScheme, ID["scheme/pillars"]))
    assert grades in lists and areas in lists and pillars in lists
    schemes = (grades, areas, pillars)
    assert all(members in schemes for members in lists if all(isinstance(m, URIRef) for m in members))
    assert {Literal(k) for k in DOCUMENT_KINDS} in lists  # peel:reportKind


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
