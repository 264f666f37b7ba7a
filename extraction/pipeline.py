"""Run every extractor over one document, and the corpus-level passes over all of them."""

from __future__ import annotations

from collections.abc import Sequence

from . import findings, judgments, metadata, mentions, recurrence, relations, resolution, statistics
from .reader import SourceText
from .records import CorpusResult, ExtractionResult


def extract_document(source: SourceText) -> ExtractionResult:
    """All facts of one report. Raises ``metadata.NotAReport`` for text that is not a PEEL report."""
    doc = metadata.read_metadata(source.text, source.path.name, source.doc_id)
    result = ExtractionResult(document=doc)
    result.judgments, result.summary_cells = judgments.extract_judgments(source.text, doc)
    spacy_doc = mentions.parse(source.text)
    result.mentions = mentions.extract_mentions(spacy_doc, doc)
    result.relations = relations.extract_relations(spacy_doc, result.mentions, doc)
    result.statistics = statistics.extract_statistics(spacy_doc, result.mentions, doc)
    sentences = (
        [(sent.start_char, sent.end_char) for sent in spacy_doc.sents] if spacy_doc is not None else None
    )
    result.findings = findings.extract_findings(source.text, doc, result.mentions, sentences)
    return result


def link_corpus(results: Sequence[ExtractionResult]) -> CorpusResult:
    """Corpus-level passes: resolve entities across documents, link recurring findings."""
    ordered = sorted(results, key=lambda r: r.document.doc_id)
    return CorpusResult(
        documents=ordered,
        entities=resolution.resolve_entities(ordered),
        recurrences=recurrence.link_recurring_findings(ordered),
    )
