"""Document digests: what the corpus-level passes read, and that linking them equals linking records."""

from __future__ import annotations

import pickle

from extraction import pipeline, resolution
from extraction.digest import digest_document
from extraction.reader import read_report
from extraction.records import (
    DocumentRecord,
    Evidence,
    ExtractionResult,
    Mention,
    Relation,
)
from kg.build import discover


def _extract(corpus_dir):
    return [pipeline.extract_document(read_report(p)) for p in discover(corpus_dir)]


def test_linking_digests_gives_what_linking_records_gives(corpus_dir):
    results = _extract(corpus_dir)
    assert len(results) >= 2
    digests = [digest_document(r) for r in results]
    links = pipeline.link_digests(digests)
    linked = pipeline.link_corpus(results)  # rewrites the results in place
    assert links.entities == linked.entities and links.entities
    assert links.recurrences == linked.recurrences
    rekeyed = {r.document.doc_id for r in linked.documents if r.rekeyed}
    assert rekeyed == {d.doc_id for d in digests if links.changes(d)}
    assert rekeyed, "the sample corpus has a document whose keys resolution rewrites"
    # after the rewrite, a document's keys are all canonical
    for r in linked.documents:
        assert not pipeline.link_digests([digest_document(x) for x in linked.documents]).rewrites(digest_document(r))


def test_a_digest_is_a_small_part_of_the_record(corpus_dir):
    result = _extract(corpus_dir)[0]
    digest = digest_document(result)
    record_bytes = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    digest_bytes = len(pickle.dumps(digest, protocol=pickle.HIGHEST_PROTOCOL))
    assert digest_bytes * 4 < record_bytes, (digest_bytes, record_bytes)
    assert {e.key for e in digest.entities} == {m.entity_key for m in result.mentions}
    assert dict(digest.counts)["findings"] == len(result.findings) == len(digest.findings)


def test_a_relation_of_an_entity_to_itself_marks_the_document_changed():
    doc = DocumentRecord("d" * 16, "d.txt", "t", "force report", 2017, "Kent Police", 10, 2)
    ev = Evidence(doc.doc_id, 0, 4, "Unit", "test", "s")
    result = ExtractionResult(document=doc)
    result.mentions = [Mention("Unit:falcon", "Unit", "FALCON", "FALCON", (), ev)]
    result.relations = [Relation("Unit:falcon", "partOf", "Unit:falcon", ev)]
    digest = digest_document(result)
    links = pipeline.link_digests([digest])
    assert links.rewrites(digest) == {} and links.changes(digest)
    resolution.rewrite(result, links.rewrites(digest))
    assert result.relations == [] and result.rekeyed
