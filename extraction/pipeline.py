"""Run every extractor over one document, and the corpus-level passes over all of them."""

from __future__ import annotations

from collections.abc import Sequence

from . import findings, judgments, metadata, mentions, recurrence, relations, resolution, statistics
from .reader import SourceText
from .digest import digest_document
from .nlp import sentence_chars
from .records import CorpusLinks, CorpusResult, DocumentDigest, ExtractionResult


def extract_document(source: SourceText) -> ExtractionResult:
    """All facts of one report. Raises ``metadata.NotAReport`` for text that is not a PEEL report."""
    doc = metadata.read_metadata(source.text, source.path.name, source.doc_id)
    result = ExtractionResult(document=doc)
    result.judgments, result.summary_cells = judgments.extract_judgments(source.text, doc)
    spacy_doc = mentions.parse(source.text)
    result.mentions = mentions.extract_mentions(spacy_doc, doc)
    result.relations = relations.extract_relations(spacy_doc, result.mentions, doc)
    result.statistics = statistics.extract_statistics(spacy_doc, result.mentions, doc)
    sentences = sentence_chars(spacy_doc) if spacy_doc is not None else None
    result.findings = findings.extract_findings(source.text, doc, result.mentions, sentences)
    return result


def link_digests(digests: Sequence[DocumentDigest]) -> CorpusLinks:
    """Corpus-level passes over the documents' digests: resolve entities, link recurring findings."""
    ordered = sorted(digests, key=lambda d: d.doc_id)
    canonical = resolution.canonical_keys(ordered)
    return CorpusLinks(
        canonical=canonical,
        entities=resolution.resolved_entities(ordered, canonical),
        recurrences=recurrence.link_recurring_findings(ordered),
    )


def link_corpus(results: Sequence[ExtractionResult]) -> CorpusResult:
    """Corpus-level passes over whole results; their keys are rewritten to the resolved ones."""
    ordered = sorted(results, key=lambda r: r.document.doc_id)
    links = link_digests([digest_document(r) for r in ordered])
    for r in ordered:
        resolution.rewrite(r, links.canonical)
    return CorpusResult(documents=ordered, entities=links.entities, recurrences=links.recurrences)
