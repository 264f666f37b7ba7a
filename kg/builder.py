"""Turn extraction records into RDF: the only module that knows how facts are modelled.

All facts live in one default graph, so the same triple read from two documents is stored
once and any SPARQL store answers the named queries without union-graph settings. Which
document a fact came from is explicit in the data (``dcterms:source`` and evidence nodes).
One document's facts alone form its *shard*; shards merge by concatenation. No blank nodes
are used, so serialisations are deterministic.

Facts are terms in their N-Triples form (``kg.namespaces.Term``) collected in a
:class:`kg.serialize.TripleSet` (a list, no indexes): building a shard this way is ~10x faster
than adding to an rdflib ``Graph``, and ``TripleSet.to_rdflib()`` gives an rdflib graph
where one is wanted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from extraction.records import (
    COMMISSIONER_PAGE,
    FORCE_REPORT,
    NATIONAL_REPORT,
    NEWS,
    PRESS_RELEASE,
    CorpusResult,
    Evidence,
    ExtractionResult,
    FindingRecurrence,
    ResolvedEntity,
)

from . import namespaces as ns
from .namespaces import NIF, ORG, PEEL, Term, node
from .serialize import TripleSet


class _Terms:
    """A vocabulary's terms, each made once: ``P_.evidence``."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> Term:
        term = node(self._namespace[name])
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> Term:
        return getattr(self, name)


P_, RDF_, RDFS_, SKOS_, DCT_, NIF_, ORG_, PROV_ = (
    _Terms(v) for v in (PEEL, RDF, RDFS, SKOS, DCTERMS, NIF, ORG, PROV)
)
_XSD_INTEGER, _XSD_NNI, _XSD_DECIMAL, _XSD_BOOLEAN = (
    node(XSD.integer), node(XSD.nonNegativeInteger), node(XSD.decimal), node(XSD.boolean)
)


def _text(value: str) -> Term:
    """A plain string literal, escaped as pyoxigraph writes it."""
    return str(ox.Literal(value))


def _integer(value: int, datatype: Term = _XSD_INTEGER) -> Term:
    return f'"{int(value)}"^^{datatype}'  # digits and a sign need no escaping


def _decimal(value: float) -> Term:
    """An xsd:decimal in its canonical-enough lexical form ("1200.0", "0.00001", never "1e-05")."""
    return f'"{format(Decimal(repr(value)), "f")}"^^{_XSD_DECIMAL}'


def _boolean(value: bool) -> Term:
    return f'"{"true" if value else "false"}"^^{_XSD_BOOLEAN}'


# A publication date is as precise as the text states it; each ISO form has its XSD type.
_DATE_TYPES = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"\d{4}"), XSD.gYear),
)


def _date(value: str) -> Term:
    """"2017-03-02" as xsd:date, "2017-03" as xsd:gYearMonth, "2017" as xsd:gYear; any other
    text stays a plain string (and the SHACL shapes report it)."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            return str(ox.Literal(value, datatype=ox.NamedNode(str(datatype))))
    return _text(value)


def new_graph() -> TripleSet:
    return TripleSet()


_DOCUMENT_CLASS = {
    FORCE_REPORT: P_.ForceReport,
    NATIONAL_REPORT: P_.NationalReport,
    PRESS_RELEASE: P_.PressRelease,
    NEWS: P_.NewsItem,
    COMMISSIONER_PAGE: P_.CommissionerPage,
}


_FINDING_CLASS = {
    "area for improvement": P_.AreaForImprovement,
    "cause of concern": P_.CauseOfConcern,
    "recommendation": P_.Recommendation,
}


def build_graph(corpus: CorpusResult) -> TripleSet:
    """The whole corpus as one set of triples (the ontology is added by ``kg.serialize``)."""
    g = new_graph()
    for result in corpus.documents:
        add_document_facts(g, result)
    add_corpus_links(g, corpus.entities, corpus.recurrences)
    return g


def document_graph(result: ExtractionResult) -> TripleSet:
    """One document's facts as a standalone set of triples (its shard)."""
    return add_document_facts(new_graph(), result)


def add_document_facts(g: TripleSet, result: ExtractionResult) -> TripleSet:
    add_document(g, result)
    add_judgments(g, result)
    add_summary_cells(g, result)
    add_findings(g, result)
    add_mentions(g, result)
    add_relations(g, result)
    add_statistics(g, result)
    return g


# --- evidence -------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _rule(name: str) -> tuple[Term, Term]:
    """An extraction rule's node and label (a few dozen rules, named in every evidence)."""
    return ns.rule(name), _text(name)


def add_evidence(g: TripleSet, fact: Term, ev: Evidence) -> Term:
    """Attach an evidence node (document, offsets, quoted text, sentence, rule) to a fact."""
    ev_node = ns.evidence(ev.document, ev.start, ev.end, ev.rule)
    rule, rule_label = _rule(ev.rule)
    g.extend((
        (ev_node, RDF_.type, P_.Evidence),
        (ev_node, NIF_.referenceContext, ns.document(ev.document)),
        (ev_node, NIF_.beginIndex, _integer(ev.start, _XSD_NNI)),
        (ev_node, NIF_.endIndex, _integer(ev.end, _XSD_NNI)),
        (ev_node, NIF_.anchorOf, _text(ev.text)),
        (ev_node, P_.extractedBy, rule),
        (rule, RDF_.type, P_.ExtractionRule),
        (rule, RDFS_.label, rule_label),
        (fact, P_.evidence, ev_node),
    ))
    if ev.sentence:
        g.add((ev_node, P_.sentence, _text(ev.sentence)))
    return ev_node


# --- documents, forces, inspections, judgments -----------------------------------------


def add_force(g: TripleSet, name: str) -> Term:
    force = ns.force(name)
    g.add((force, RDF_.type, P_.Force))
    g.add((force, SKOS_.prefLabel, _text(name)))
    g.add((force, RDFS_.label, _text(name)))
    return force


def add_inspection(g: TripleSet, force_name: str | None, year: int) -> Term:
    if force_name is None:
        insp = ns.national_inspection(year)
        g.add((insp, RDF_.type, P_.NationalInspection))
        g.add((insp, RDFS_.label, _text(f"National PEEL inspection {year}")))
    else:
        insp = ns.inspection(force_name, year)
        g.add((insp, RDF_.type, P_.Inspection))
        g.add((insp, P_.force, add_force(g, force_name)))
        g.add((insp, RDFS_.label, _text(f"{force_name} PEEL inspection {year}")))
    g.add((insp, P_.year, _integer(year)))
    return insp


def add_document(g: TripleSet, result: ExtractionResult) -> Term:
    doc = result.document
    doc_node = ns.document(doc.doc_id)
    g.add((doc_node, RDF_.type, _DOCUMENT_CLASS[doc.kind]))
    g.add((doc_node, DCT_.title, _text(doc.title)))
    g.add((doc_node, DCT_.identifier, _text(doc.doc_id)))
    g.add((doc_node, P_.fileName, _text(doc.file_name)))
    g.add((doc_node, P_.reportKind, _text(doc.kind)))
    g.add((doc_node, P_.year, _integer(doc.year)))
    g.add((doc_node, P_.characterCount, _integer(doc.n_chars)))
    g.add((doc_node, P_.wordCount, _integer(doc.n_words)))
    g.add((doc_node, P_.reportsOn, add_inspection(g, doc.force, doc.year)))
    if doc.force is not None:
        g.add((doc_node, DCT_.subject, ns.force(doc.force)))
    if doc.pillar is not None:
        g.add((doc_node, P_.pillar, ns.pillar(doc.pillar)))
    if doc.published is not None:
        g.add((doc_node, DCT_.issued, _date(doc.published)))
    for ev in doc.evidence:
        add_evidence(g, doc_node, ev)
    return doc_node


def add_judgments(g: TripleSet, result: ExtractionResult) -> None:
    """Every statement of a grade is its own node (several may state one force, year, pillar
    and area); the inspection (force x year) is created for every force graded, so a round-up's
    forces get theirs too."""
    doc_id = result.document.doc_id
    source = ns.document(doc_id)
    for j in result.judgments:
        fact = ns.judgment(j.force, j.year, j.pillar, j.area, doc_id, j.evidence.start)
        question = ns.question(j.year, j.area, j.question)
        area = ns.area(j.area)
        g.add((question, RDF_.type, P_.Question))
        g.add((question, RDFS_.label, _text(j.question)))
        g.add((question, P_.area, area))
        g.add((fact, RDF_.type, P_.Judgment))
        g.add((fact, P_.inspection, add_inspection(g, j.force, j.year)))
        g.add((fact, P_.question, question))
        g.add((fact, P_.area, area))
        g.add((fact, P_.pillar, ns.pillar(j.pillar)))
        g.add((fact, P_.grade, ns.grade(j.grade)))
        g.add((fact, P_.judgmentSource, _text(j.source)))
        g.add((fact, DCT_.source, source))
        g.add((fact, RDFS_.label, _text(f"{j.force} {j.year} {j.pillar} {j.area}: {j.grade}")))
        add_evidence(g, fact, j.evidence)


def add_summary_cells(g: TripleSet, result: ExtractionResult) -> None:
    doc_id = result.document.doc_id
    for cell in result.summary_cells:
        fact = ns.summary_cell(doc_id, cell.area, cell.grade)
        g.add((fact, RDF_.type, P_.GradeCount))
        g.add((fact, P_.area, ns.area(cell.area)))
        g.add((fact, P_.gradeLabel, _text(cell.grade)))
        g.add((fact, P_["count"], _integer(cell.count)))
        g.add((fact, DCT_.source, ns.document(doc_id)))
        add_evidence(g, fact, cell.evidence)


# --- findings ---------------------------------------------------------------------------


def add_findings(g: TripleSet, result: ExtractionResult) -> None:
    doc = result.document
    source = ns.document(doc.doc_id)
    for f in result.findings:
        fact = ns.finding(doc.doc_id, f.finding_id)
        g.add((fact, RDF_.type, _FINDING_CLASS[f.kind]))
        g.add((fact, RDF_.type, P_.Finding))
        g.add((fact, P_.findingType, _text(f.kind)))
        g.add((fact, P_.text, _text(f.text)))
        g.add((fact, DCT_.source, source))
        if f.area:
            g.add((fact, P_.area, ns.area(f.area)))
        g.add((fact, P_.inspection, add_inspection(g, f.force, f.year)))
        if f.parent:
            g.add((fact, P_.partOfFinding, ns.finding(doc.doc_id, f.parent)))
        if f.previous:
            g.add((fact, RDF_.type, P_.PreviousFinding))
            if f.addressed is not None:
                g.add((fact, P_.addressed, _boolean(f.addressed)))
        for key in f.mentions:
            g.add((fact, P_.mentions, ns.entity(key)))
        add_evidence(g, fact, f.evidence)


# --- entities, relations, statistics -----------------------------------------------------


def add_mentions(g: TripleSet, result: ExtractionResult) -> None:
    doc_id = result.document.doc_id
    source = ns.document(doc_id)
    for m in result.mentions:
        entity = ns.entity(m.entity_key)
        fact = ns.mention(doc_id, m.evidence.start, m.evidence.end, m.entity_key)
        g.extend((
            (fact, RDF_.type, P_.Mention),
            (fact, P_.mentionOf, entity),
            (fact, DCT_.source, source),
            (entity, P_.mentionedIn, source),
        ))
        add_evidence(g, fact, m.evidence)


def add_relations(g: TripleSet, result: ExtractionResult) -> None:
    doc_id = result.document.doc_id
    source = ns.document(doc_id)
    for r in result.relations:
        s, p, o = ns.entity(r.subject), P_[r.predicate], ns.entity(r.object)
        g.add((s, p, o))  # the plain triple, for easy querying
        fact = ns.relation(doc_id, r.subject, r.predicate, r.object, r.evidence.start)
        g.add((fact, RDF_.type, P_.RelationAssertion))  # its reified, evidenced form
        g.add((fact, RDF_.subject, s))
        g.add((fact, RDF_.predicate, p))
        g.add((fact, RDF_.object, o))
        g.add((fact, DCT_.source, source))
        add_evidence(g, fact, r.evidence)


def add_statistics(g: TripleSet, result: ExtractionResult) -> None:
    doc = result.document
    source = ns.document(doc.doc_id)
    for st in result.statistics:
        fact = ns.statistic(doc.doc_id, st.evidence.start, st.evidence.end, st.measure)
        g.add((fact, RDF_.type, P_.Statistic))
        g.add((fact, P_.statisticOf, ns.entity(st.subject) if st.subject else source))
        g.add((fact, P_.measure, _text(st.measure)))
        g.add((fact, P_.value, _decimal(st.value)))
        g.add((fact, P_.unit, _text(st.unit)))
        if st.date:
            g.add((fact, P_.asOf, _text(st.date)))
        g.add((fact, DCT_.source, source))
        add_evidence(g, fact, st.evidence)


_ENTITY_CLASS = {
    "Force": P_.Force,
    "Unit": P_.Unit,
    "Initiative": P_.Initiative,
    "Power": P_.Power,
    "RiskAssessmentTool": P_.RiskAssessmentTool,
    "PartnerOrganisation": P_.PartnerOrganisation,
    "CrimeType": P_.CrimeType,
}


def add_corpus_links(
    g: TripleSet, entities: Iterable[ResolvedEntity], recurrences: Iterable[FindingRecurrence]
) -> TripleSet:
    """Corpus-level facts: resolved entities (labels, types) and recurring findings."""
    for e in entities:
        entity = ns.entity(e.key)
        g.add((entity, RDF_.type, _ENTITY_CLASS.get(e.entity_type) or P_[e.entity_type]))
        g.add((entity, SKOS_.prefLabel, _text(e.pref_label)))
        g.add((entity, RDFS_.label, _text(e.pref_label)))
        for alt in e.alt_labels:
            g.add((entity, SKOS_.altLabel, _text(alt)))
        if e.force:
            g.add((entity, ORG_.subOrganizationOf if e.entity_type == "Unit" else P_.force,
                   ns.force(e.force)))
    for r in recurrences:
        link = ns.finding_link(r.force, f"{r.doc_a}/{r.finding_a}", f"{r.doc_b}/{r.finding_b}")
        a, b = ns.finding(r.doc_a, r.finding_a), ns.finding(r.doc_b, r.finding_b)
        g.add((link, RDF_.type, P_.FindingRecurrence))
        g.add((link, P_.recurringFinding, a))
        g.add((link, P_.recurringFinding, b))
        g.add((link, P_.similarity, _decimal(round(r.score, 4))))
        g.add((link, P_.similarityMethod, _text(r.method)))
        g.add((a, P_.recursAs, b))
        g.add((link, PROV_.wasGeneratedBy, ns.rule(f"recurrence.{r.method}")))
    return g
