"""The digest of one document: what the corpus-level passes (resolution, recurrence) read.

Computed once when the document is extracted and cached beside its record, so relinking a
corpus after one report changed reads a few KB per document instead of every document's facts.
"""

from __future__ import annotations

from collections import Counter

from .labels import match_key
from .recurrence import content_terms_ngrams
from .records import DocumentDigest, EntityDigest, ExtractionResult, FindingDigest


def clean_label(label: str) -> str:
    """A surface label with its whitespace normalised (line breaks inside names)."""
    return " ".join(label.split())


def digest_document(result: ExtractionResult) -> DocumentDigest:
    """The :class:`DocumentDigest` of one extraction result (after any key rewrite it has had)."""
    doc = result.document
    order: dict[str, int] = {}
    types: dict[str, str] = {}
    first_pref: dict[str, str] = {}
    mentions: Counter[str] = Counter()
    prefs: dict[str, Counter[str]] = {}
    labels: dict[str, set[str]] = {}
    keys_of: dict[str, set[tuple[str, str]]] = {}
    for m in result.mentions:
        key = m.entity_key
        if key not in order:
            order[key] = len(order)
            types[key], first_pref[key] = m.entity_type, m.pref_label
            prefs[key], labels[key], keys_of[key] = Counter(), set(), set()
        mentions[key] += 1
        prefs[key][m.pref_label] += 1
        labels[key].update({m.pref_label, *m.alt_labels, clean_label(m.label)})
        for label in {m.label, m.pref_label, *m.alt_labels, key.partition(":")[2]}:
            mk = match_key(label)
            if len(mk) >= 2:
                keys_of[key].add((m.entity_type, mk))
    entities = tuple(
        EntityDigest(
            key=key,
            entity_type=types[key],
            first_pref_label=first_pref[key],
            mentions=mentions[key],
            pref_labels=tuple(sorted(prefs[key].items())),
            labels=tuple(sorted(labels[key])),
            match_keys=tuple(sorted(keys_of[key])),
        )
        for key in order
    )
    used = set(order)
    used.update(k for r in result.relations for k in (r.subject, r.object))
    used.update(st.subject for st in result.statistics if st.subject)
    used.update(k for f in result.findings for k in f.mentions)
    used.discard("")
    findings = tuple(
        FindingDigest(f.finding_id, tuple(content_terms_ngrams(f.text)), not f.previous and bool(f.force))
        for f in result.findings
    )
    counts = (("findings", len(result.findings)), ("judgments", len(result.judgments)),
              ("statistics", len(result.statistics)))
    return DocumentDigest(
        doc_id=doc.doc_id,
        file_name=doc.file_name,
        force=doc.force,
        year=doc.year,
        entities=entities,
        keys=tuple(sorted(used)),
        relations=tuple((r.subject, r.predicate, r.object) for r in result.relations),
        findings=findings,
        counts=counts,
    )
