"""Entity resolution across documents: one key per entity, facts rewritten to it."""

from __future__ import annotations

from extraction.records import DocumentRecord, Evidence, ExtractionResult, Mention, Relation
from extraction.resolution import resolve_entities


def _result(doc_id, force, mentions, relations=()):
    doc = DocumentRecord(doc_id, f"{doc_id}.txt", "t", "force report", 2016, force, 100, 20)
    r = ExtractionResult(document=doc)
    r.mentions = list(mentions)
    r.relations = list(relations)
    return r


def _m(doc_id, key, label, pref, alts=(), start=0):
    etype = key.split(":")[0]
    ev = Evidence(doc_id, start, start + len(label), label, "test", "s")
    return Mention(key, etype, label, pref, tuple(alts), ev)


def test_acronym_and_long_form_from_different_documents_become_one_entity():
    a = _result("a" * 16, "Kent Police", [
        _m("a" * 16, "Power:dvpo", "DVPOs", "DVPO", ("domestic violence protection orders",)),
        _m("a" * 16, "Power:dvpo", "DVPO", "DVPO", ("domestic violence protection orders",), 10),
    ])
    b = _result("b" * 16, "Kent Police", [
        _m("b" * 16, "Power:domestic violence protection order", "domestic violence protection orders",
           "domestic violence protection orders"),
    ], [Relation("Force:kent police", "usesPower", "Power:domestic violence protection order",
                 Evidence("b" * 16, 0, 5, "x", "test", "s"))])
    entities = resolve_entities([a, b])
    powers = [e for e in entities if e.entity_type == "Power"]
    assert len(powers) == 1
    assert powers[0].key == "Power:dvpo" and powers[0].pref_label == "DVPO"
    assert "domestic violence protection orders" in powers[0].alt_labels
    assert {m.entity_key for m in b.mentions} == {"Power:dvpo"}
    assert b.relations[0].object == "Power:dvpo"


def test_same_name_in_two_years_is_one_node_but_types_stay_apart():
    a = _result("a" * 16, "Kent Police", [_m("a" * 16, "Initiative:mettrace", "MetTrace", "MetTrace")])
    b = _result("b" * 16, "Kent Police", [
        _m("b" * 16, "Initiative:mettrace", "Mettrace", "MetTrace"),
        _m("b" * 16, "Unit:mettrace", "MetTrace unit", "MetTrace"),
    ])
    entities = {e.key: e for e in resolve_entities([a, b])}
    assert set(entities) == {"Initiative:mettrace", "Unit:mettrace"}


def test_units_owned_by_one_force_record_it():
    ev = Evidence("a" * 16, 0, 5, "x", "test", "s")
    a = _result("a" * 16, "Kent Police", [
        _m("a" * 16, "Force:kent police", "Kent Police", "Kent Police"),
        _m("a" * 16, "Unit:falcon", "FALCON", "FALCON", start=20),
    ], [Relation("Force:kent police", "hasUnit", "Unit:falcon", ev)])
    entities = {e.key: e for e in resolve_entities([a])}
    assert entities["Unit:falcon"].force == "Kent Police"
    assert entities["Force:kent police"].force is None


def test_corpus_entities_resolve_across_documents(corpus_dir):
    from extraction.pipeline import extract_document, link_corpus
    from extraction.reader import read_report

    results = [extract_document(read_report(corpus_dir / n))
               for n in ("001_174d17988d4d6e4f.txt", "004_d9a8730beb81e948.txt")]
    corpus = link_corpus(results)
    keys = {e.key for e in corpus.entities}
    assert len(keys) == len(corpus.entities)
    dvpo = [e for e in corpus.entities if e.key == "Power:domestic violence protection order"]
    assert dvpo and "DVPO" in dvpo[0].alt_labels
    docs_per_key = {}
    for r in corpus.documents:
        for m in r.mentions:
            assert m.entity_key in keys
            docs_per_key.setdefault(m.entity_key, set()).add(r.document.doc_id)
    assert docs_per_key["Power:domestic violence protection order"] == {r.document.doc_id for r in results}
