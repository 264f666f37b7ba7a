"""Turn extraction records into RDF: the only module that knows how facts are modelled.

All facts live in one default graph, so the same triple read from two documents is stored
once and any SPARQL store answers the named queries without union-graph settings. Which
document a fact came from is explicit in the data (``dcterms:source`` and evidence nodes).
One document's facts alone form its *shard*; shards merge by concatenation. No blank nodes
are used, so serialisations are deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from extraction.records import (
    NATIONAL_REPORT,
    CorpusResult,
    Evidence,
    ExtractionResult,
    FindingRecurrence,
    ResolvedEntity,
)

from . import namespaces as ns
from .namespaces import NIF, ORG, PEEL

_FINDING_CLASS = {
    "area for improvement": PEEL.AreaForImprovement,
    "cause of concern": PEEL.CauseOfConcern,
    "recommendation": PEEL.Recommendation,
}


def new_graph() -> Graph:
    g = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        g.bind(prefix, namespace, override=True)
    return g


def build_graph(corpus: CorpusResult) -> Graph:
    """The whole corpus as one RDF graph (the ontology is added by ``kg.serialize``)."""
    g = new_graph()
    for result in corpus.documents:
        add_document_facts(g, result)
    add_corpus_links(g, corpus.entities, corpus.recurrences)
    return g


def document_graph(result: ExtractionResult) -> Graph:
    """One document's facts as a standalone graph (its shard)."""
    return add_document_facts(new_graph(), result)


def add_document_facts(g: Graph, result: ExtractionResult) -> Graph:
    add_document(g, result)
    add_judgments(g, result)
    add_summary_cells(g, result)
    add_findings(g, result)
    add_mentions(g, result)
    add_relations(g, result)
    add_statistics(g, result)
    return g


# --- evidence -------------------------------------------------------------------------


def add_evidence(g: Graph, fact: URIRef, ev: Evidence) -> URIRef:
    """Attach an evidence node (document, offsets, quoted text, sentence, rule) to a fact."""
    node = ns.evidence(ev.document, ev.start, ev.end, ev.rule)
    g.add((node, RDF.type, PEEL.Evidence))
    g.add((node, NIF.referenceContext, ns.document(ev.document)))
    g.add((node, NIF.beginIndex, Literal(ev.start, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.endIndex, Literal(ev.end, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.anchorOf, Literal(ev.text)))
    if ev.sentence:
        g.add((node, PEEL.sentence, Literal(ev.sentence)))
    rule = ns.rule(ev.rule)
    g.add((node, PEEL.extractedBy, rule))
    g.add((rule, RDF.type, PEEL.ExtractionRule))
    g.add((rule, RDFS.label, Literal(ev.rule)))
    g.add((fact, PEEL.evidence, node))
    return node


# --- documents, forces, inspections, judgments -----------------------------------------


def add_force(g: Graph, name: str) -> URIRef:
    node = ns.force(name)
    g.add((node, RDF.type, PEEL.Force))
    g.add((node, SKOS.prefLabel, Literal(name)))
    g.add((node, RDFS.label, Literal(name)))
    return node


def add_inspection(g: Graph, force_name: str | None, year: int) -> URIRef:
    if force_name is None:
        node = ns.national_inspection(year)
        g.add((node, RDF.type, PEEL.NationalInspection))
        g.add((node, RDFS.label, Literal(f"National PEEL effectiveness {year}")))
    else:
        node = ns.inspection(force_name, year)
        g.add((node, RDF.type, PEEL.Inspection))
        g.add((node, PEEL.force, add_force(g, force_name)))
        g.add((node, RDFS.label, Literal(f"{force_name} PEEL effectiveness {year}")))
    g.add((node, PEEL.year, Literal(year, datatype=XSD.integer)))
    return node


def add_document(g: Graph, result: ExtractionResult) -> URIRef:
    doc = result.document
    node = ns.document(doc.doc_id)
    kind_class = PEEL.NationalReport if doc.kind == NATIONAL_REPORT else PEEL.ForceReport
    g.add((node, RDF.type, kind_class))
    g.add((node, DCTERMS.title, Literal(doc.title)))
    g.add((node, DCTERMS.identifier, Literal(doc.doc_id)))
    g.add((node, PEEL.fileName, Literal(doc.file_name)))
    g.add((node, PEEL.reportKind, Literal(doc.kind)))
    g.add((node, PEEL.year, Literal(doc.year, datatype=XSD.integer)))
    g.add((node, PEEL.characterCount, Literal(doc.n_chars, datatype=XSD.integer)))
    g.add((node, PEEL.wordCount, Literal(doc.n_words, datatype=XSD.integer)))
    inspection = add_inspection(g, doc.force, doc.year)
    g.add((node, PEEL.reportsOn, inspection))
    if doc.force is not None:
        g.add((node, DCTERMS.subject, ns.force(doc.force)))
    for ev in doc.evidence:
        add_evidence(g, node, ev)
    return node


def add_judgments(g: Graph, result: ExtractionResult) -> None:
    doc_id = result.document.doc_id
    for j in result.judgments:
        node = ns.judgment(j.force, j.year, j.area, doc_id)
        question = ns.question(j.year, j.area, j.question)
        g.add((question, RDF.type, PEEL.Question))
        g.add((question, RDFS.label, Literal(j.question)))
        g.add((question, PEEL.area, ns.area(j.area)))
        g.add((node, RDF.type, PEEL.Judgment))
        g.add((node, PEEL.inspection, add_inspection(g, j.force, j.year)))
        g.add((node, PEEL.question, question))
        g.add((node, PEEL.area, ns.area(j.area)))
        g.add((node, PEEL.grade, ns.grade(j.grade)))
        g.add((node, PEEL.judgmentSource, Literal(j.source)))
        g.add((node, DCTERMS.source, ns.document(doc_id)))
        g.add((node, RDFS.label, Literal(f"{j.force} {j.year} {j.area}: {j.grade}")))
        add_evidence(g, node, j.evidence)


def add_summary_cells(g: Graph, result: ExtractionResult) -> None:
    doc_id = result.document.doc_id
    for cell in result.summary_cells:
        node = ns.summary_cell(doc_id, cell.area, cell.grade)
        g.add((node, RDF.type, PEEL.GradeCount))
        g.add((node, PEEL.area, ns.area(cell.area)))
        g.add((node, PEEL.gradeLabel, Literal(cell.grade)))
        g.add((node, PEEL["count"], Literal(cell.count, datatype=XSD.integer)))
        g.add((node, DCTERMS.source, ns.document(doc_id)))
        add_evidence(g, node, cell.evidence)


# --- findings ---------------------------------------------------------------------------


def add_findings(g: Graph, result: ExtractionResult) -> None:
    doc = result.document
    for f in result.findings:
        node = ns.finding(doc.doc_id, f.finding_id)
        g.add((node, RDF.type, _FINDING_CLASS[f.kind]))
        g.add((node, RDF.type, PEEL.Finding))
        g.add((node, PEEL.findingType, Literal(f.kind)))
        g.add((node, PEEL.text, Literal(f.text)))
        g.add((node, DCTERMS.source, ns.document(doc.doc_id)))
        if f.area:
            g.add((node, PEEL.area, ns.area(f.area)))
        g.add((node, PEEL.inspection, add_inspection(g, f.force, f.year)))
        if f.parent:
            g.add((node, PEEL.partOfFinding, ns.finding(doc.doc_id, f.parent)))
        if f.previous:
            g.add((node, RDF.type, PEEL.PreviousFinding))
            if f.addressed is not None:
                g.add((node, PEEL.addressed, Literal(f.addressed)))
        for key in f.mentions:
            g.add((node, PEEL.mentions, ns.entity(key)))
        add_evidence(g, node, f.evidence)


# --- entities, relations, statistics -----------------------------------------------------


def add_mentions(g: Graph, result: ExtractionResult) -> None:
    doc_id = result.document.doc_id
    for m in result.mentions:
        entity = ns.entity(m.entity_key)
        node = ns.mention(doc_id, m.evidence.start, m.evidence.end, m.entity_key)
        g.add((node, RDF.type, PEEL.Mention))
        g.add((node, PEEL.mentionOf, entity))
        g.add((node, DCTERMS.source, ns.document(doc_id)))
        g.add((entity, PEEL.mentionedIn, ns.document(doc_id)))
        add_evidence(g, node, m.evidence)


def add_relations(g: Graph, result: ExtractionResult) -> None:
    doc_id = result.document.doc_id
    for r in result.relations:
        s, p, o = ns.entity(r.subject), PEEL[r.predicate], ns.entity(r.object)
        g.add((s, p, o))  # the plain triple, for easy querying
        node = ns.relation(doc_id, r.subject, r.predicate, r.object, r.evidence.start)
        g.add((node, RDF.type, PEEL.RelationAssertion))  # its reified, evidenced form
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, DCTERMS.source, ns.document(doc_id)))
        add_evidence(g, node, r.evidence)


def add_statistics(g: Graph, result: ExtractionResult) -> None:
    doc = result.document
    for st in result.statistics:
        node = ns.statistic(doc.doc_id, st.evidence.start, st.evidence.end, st.measure)
        g.add((node, RDF.type, PEEL.Statistic))
        subject = ns.entity(st.subject) if st.subject else ns.document(doc.doc_id)
        g.add((node, PEEL.statisticOf, subject))
        g.add((node, PEEL.measure, Literal(st.measure)))
        g.add((node, PEEL.value, Literal(st.value, datatype=XSD.decimal)))
        g.add((node, PEEL.unit, Literal(st.unit)))
        if st.date:
            g.add((node, PEEL.asOf, Literal(st.date)))
        g.add((node, DCTERMS.source, ns.document(doc.doc_id)))
        add_evidence(g, node, st.evidence)


_ENTITY_CLASS = {
    "Force": PEEL.Force,
    "Unit": PEEL.Unit,
    "Initiative": PEEL.Initiative,
    "Power": PEEL.Power,
    "RiskAssessmentTool": PEEL.RiskAssessmentTool,
    "PartnerOrganisation": PEEL.PartnerOrganisation,
    "CrimeType": PEEL.CrimeType,
}


def add_corpus_links(
    g: Graph, entities: Iterable[ResolvedEntity], recurrences: Iterable[FindingRecurrence]
) -> Graph:
    """Corpus-level facts: resolved entities (labels, types) and recurring findings."""
    for e in entities:
        node = ns.entity(e.key)
        g.add((node, RDF.type, _ENTITY_CLASS.get(e.entity_type, PEEL[e.entity_type])))
        g.add((node, SKOS.prefLabel, Literal(e.pref_label)))
        g.add((node, RDFS.label, Literal(e.pref_label)))
        for alt in e.alt_labels:
            g.add((node, SKOS.altLabel, Literal(alt)))
        if e.force:
            g.add((node, ORG.subOrganizationOf if e.entity_type == "Unit" else PEEL.force,
                   ns.force(e.force)))
    for r in recurrences:
        node = ns.finding_link(r.force, f"{r.doc_a}/{r.finding_a}", f"{r.doc_b}/{r.finding_b}")
        a, b = ns.finding(r.doc_a, r.finding_a), ns.finding(r.doc_b, r.finding_b)
        g.add((node, RDF.type, PEEL.FindingRecurrence))
        g.add((node, PEEL.recurringFinding, a))
        g.add((node, PEEL.recurringFinding, b))
        g.add((node, PEEL.similarity, Literal(round(r.score, 4), datatype=XSD.decimal)))
        g.add((node, PEEL.similarityMethod, Literal(r.method)))
        g.add((a, PEEL.recursAs, b))
        g.add((node, PROV.wasGeneratedBy, ns.rule(f"recurrence.{r.method}")))
    return g
