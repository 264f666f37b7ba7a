"""SHACL shapes: the sample and corpus graphs pass; a graph violating each shape fails, naming the node."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.namespaces import ID, NIF, PEEL
from sample_records import TEXT
from kg.shacl import load_shapes, validate_data, validate_graph_dir

DOC = "aaaa000000000001"
JUDGMENT_KEY = f"judgment/example-constabulary/2016/effectiveness/vulnerability/{DOC}/{TEXT.index('good at protecting')}"
JUDGMENT = ID[JUDGMENT_KEY]
INSPECTION = ID["inspection/example-constabulary/2016"]
NATIONAL = ID["inspection/national/2017"]
FINDING = ID[f"finding/{DOC}/coc-1"]
PRESS = ID["document/cccc000000000003"]
UNIT = ID["unit/trident"]


@pytest.fixture(scope="module")
def sample() -> Graph:
    from sample_records import sample_graph

    return sample_graph()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def test_sample_graph_conforms(sample, shapes):
    report = validate_data(sample, shapes)
    assert report.conforms, report.text()
    assert report.violations == [] and "conforms" in report.text()


def _relation(g: Graph):
    return next(iter(g.subjects(RDF.type, PEEL.RelationAssertion)))


def _evidence(g: Graph):
    return one(g, JUDGMENT, PEEL.evidence)


# Each case: how to break the graph, the node the report must name, words of the message.
CASES = {
    "judgment without grade": (lambda g: g.remove((JUDGMENT, PEEL.grade, None)), JUDGMENT, "one grade"),
    "judgment with two grades": (lambda g: g.add((JUDGMENT, PEEL.grade, ID["grade/outstanding"])), JUDGMENT, "one grade"),
    "grade outside the scale": (lambda g: (g.remove((JUDGMENT, PEEL.grade, None)),
                                           g.add((JUDGMENT, PEEL.grade, ID["grade/excellent"]))), JUDGMENT, "grade scale"),
    "judgment without question": (lambda g: g.remove((JUDGMENT, PEEL.question, None)), JUDGMENT, "one question"),
    "judgment without area": (lambda g: g.remove((JUDGMENT, PEEL.area, None)), JUDGMENT, "one area"),
    "judgment without pillar": (lambda g: g.remove((JUDGMENT, PEEL.pillar, None)), JUDGMENT, "one pillar"),
    "judgment with two pillars": (lambda g: g.add((JUDGMENT, PEEL.pillar, ID["pillar/legitimacy"])), JUDGMENT, "one pillar"),
    "pillar outside the scheme": (lambda g: (g.remove((JUDGMENT, PEEL.pillar, None)),
                                             g.add((JUDGMENT, PEEL.pillar, ID["pillar/fairness"]))), JUDGMENT, "pillar scheme"),
    "judgment from an unknown layout": (lambda g: (g.remove((JUDGMENT, PEEL.judgmentSource, None)),
                                                   g.add((JUDGMENT, PEEL.judgmentSource, Literal("rumour")))),
                                        JUDGMENT, "judgment source"),
    "document of an unknown kind": (lambda g: (g.remove((PRESS, PEEL.reportKind, None)),
                                               g.add((PRESS, PEEL.reportKind, Literal("blog post")))), PRESS, "kind"),
    "document class not its kind": (lambda g: (g.remove((PRESS, RDF.type, PEEL.PressRelease)),
                                               g.add((PRESS, RDF.type, PEEL.NewsItem))), PRESS, "class does not match"),
    "document about two pillars": (lambda g: g.add((PRESS, PEEL.pillar, ID["pillar/efficiency"])), PRESS, "one pillar"),
    "publication date as free text": (lambda g: (g.remove((PRESS, DCTERMS.issued, None)),
                                                 g.add((PRESS, DCTERMS.issued, Literal("early March 2017")))),
                                      PRESS, "publication date"),
    "judgment without inspection": (lambda g: g.remove((JUDGMENT, PEEL.inspection, None)), JUDGMENT, "inspection"),
    "judgment of a national inspection": (lambda g: (g.remove((JUDGMENT, PEEL.inspection, None)),
                                                     g.add((JUDGMENT, PEEL.inspection, NATIONAL))), JUDGMENT, "inspection"),
    "inspection without force": (lambda g: g.remove((INSPECTION, PEEL.force, None)), INSPECTION, "one force"),
    "inspection with two years": (lambda g: g.add((INSPECTION, PEEL.year, Literal(2015, datatype=XSD.integer))), INSPECTION, "year"),
    "national inspection with a force": (lambda g: g.add((NATIONAL, PEEL.force, ID["force/example-constabulary"])), NATIONAL, "no peel:force"),
    "year out of range": (lambda g: (g.remove((INSPECTION, PEEL.year, None)),
                                     g.add((INSPECTION, PEEL.year, Literal(2031, datatype=XSD.integer)))), INSPECTION, "2013"),
    "year as text": (lambda g: (g.remove((INSPECTION, PEEL.year, None)),
                                g.add((INSPECTION, PEEL.year, Literal("2016")))), INSPECTION, "integer"),
    "finding without evidence": (lambda g: g.remove((FINDING, PEEL.evidence, None)), FINDING, "evidence"),
    "fact from a missing document": (lambda g: (g.remove((FINDING, DCTERMS.source, None)),
                                                g.add((FINDING, DCTERMS.source, ID["document/missing"]))), FINDING, "source document"),
    "evidence into a missing document": (lambda g: (g.remove((_evidence(g), NIF.referenceContext, None)),
                                                    g.add((_evidence(g), NIF.referenceContext, ID["document/missing"]))),
                                         "evidence", "document that exists"),
    "evidence beyond the text": (lambda g: (g.remove((_evidence(g), NIF.endIndex, None)),
                                            g.add((_evidence(g), NIF.endIndex, Literal(10**6, datatype=XSD.nonNegativeInteger)))),
                                 "evidence", "beyond the end"),
    "evidence ending before it begins": (lambda g: (g.remove((_evidence(g), NIF.endIndex, None)),
                                                    g.add((_evidence(g), NIF.endIndex, Literal(0, datatype=XSD.nonNegativeInteger)))),
                                         "evidence", "begin offset"),
    "evidence without rule": (lambda g: g.remove((_evidence(g), PEEL.extractedBy, None)), "evidence", "extraction rule"),
    "entity without label": (lambda g: (g.remove((UNIT, RDFS.label, None)), g.remove((UNIT, SKOS.prefLabel, None))), UNIT, "label"),
    "mentioned entity never resolved": (lambda g: g.remove((UNIT, RDF.type, None)), UNIT, "resolved"),
    "relation with an undeclared predicate": (lambda g: (g.remove((_relation(g), RDF.predicate, None)),
                                                         g.add((_relation(g), RDF.predicate, PEEL.inventedRelation))),
                                              "relation", "declared in the ontology"),
    "reified relation without its triple": (lambda g: g.remove((one(g, _relation(g), RDF.subject),
                                                                one(g, _relation(g), RDF.predicate),
                                                                one(g, _relation(g), RDF.object))),
                                            "relation", "plain triple"),
    "statistic without measure": (lambda g: g.remove((next(iter(g.subjects(RDF.type, PEEL.Statistic))), PEEL.measure, None)),
                                  "statistic", "measures"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_shape_catches_its_violation(sample, shapes, case):
    breaker, node, words = CASES[case]
    g = Graph()
    g += sample
    breaker(g)
    report = validate_data(g, shapes)
    assert not report.conforms
    text = report.text(limit=None)
    focus = str(node).replace(str(ID), "id:") if isinstance(node, URIRef) else node
    hits = [v for v in report.violations if focus in v.focus and words in v.message]
    assert hits, f"expected a violation on {focus} mentioning {words!r}; got:\n{text}"
    assert hits[0].text() in text


def test_report_is_readable(sample, shapes):
    g = Graph()
    g += sample
    g.remove((JUDGMENT, PEEL.grade, None))
    text = validate_data(g, shapes).text()
    assert text.splitlines()[0] == "SHACL: 1 violation(s)"
    assert f"id:{JUDGMENT_KEY} peel:grade:" in text
    assert "[judgment]" in text


def test_graph_without_ontology_is_validated_with_it(shapes):
    from sample_records import sample_corpus

    from kg.builder import build_graph
    from kg.serialize import to_nquads

    data = Graph().parse(data=to_nquads(build_graph(sample_corpus())), format="nt")
    assert validate_data(data, shapes).conforms


def test_corpus_graph_conforms(built_graph):
    report = validate_graph_dir(built_graph)
    assert report.conforms, report.text()
