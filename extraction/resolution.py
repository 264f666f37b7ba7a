"""Entity resolution across documents: one node per entity, every mention kept.

Within a document, mentions already carry a key ("<Type>:<normalised label>"), shared by an
acronym and its long form and by gazetteer aliases. Across documents, two keys of the same
type name one entity when any of their labels has the same ``labels.match_key`` (case,
punctuation, plural and spelling ignored): "Power:dvpo" with alt label "domestic violence
protection order" and "Power:domestic violence protection order" merge. The groups are the
connected components of a label graph (networkx); each group's key is its most mentioned
key (ties: the shortest, then alphabetical), and mentions, relations, statistics and
finding links are rewritten to it, so the graph has one node per entity.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence

import networkx as nx

from .digest import digest_document
from .labels import match_key
from .records import DocumentDigest, ExtractionResult, ResolvedEntity

OWNING = ("hasUnit", "runsInitiative")
"""Relations by which a force owns a unit or initiative (a resolved entity records its force)."""


def canonical_keys(digests: Sequence[DocumentDigest]) -> dict[str, str]:
    """Entity key -> canonical key of its group, for the keys that are not their own canonical key."""
    graph = nx.Graph()
    counts: Counter[str] = Counter()
    for d in digests:
        for e in d.entities:
            counts[e.key] += e.mentions
            graph.add_node(("key", e.key))
            for etype, mk in e.match_keys:
                graph.add_edge(("key", e.key), ("label", etype, mk))
    canonical: dict[str, str] = {}
    for component in nx.connected_components(graph):
        keys = sorted(n[1] for n in component if n[0] == "key")
        best = min(keys, key=lambda k: (-counts[k], len(k), k))
        canonical.update((k, best) for k in keys if k != best)
    return canonical


def rewrite(result: ExtractionResult, canonical: dict[str, str]) -> None:
    """Rewrite one document's keys to their canonical form, flagging it if its facts changed."""
    def fix(key):
        return canonical.get(key, key) if key else key

    r = result
    before = (r.mentions, r.relations, r.statistics, r.findings)
    r.mentions = [
        m if fix(m.entity_key) == m.entity_key else dataclasses.replace(m, entity_key=fix(m.entity_key))
        for m in r.mentions
    ]
    r.relations = [
        rel if (fix(rel.subject), fix(rel.object)) == (rel.subject, rel.object)
        else dataclasses.replace(rel, subject=fix(rel.subject), object=fix(rel.object))
        for rel in r.relations
    ]
    r.statistics = [
        st if fix(st.subject) == st.subject else dataclasses.replace(st, subject=fix(st.subject))
        for st in r.statistics
    ]
    r.findings = [
        f if tuple(map(fix, f.mentions)) == f.mentions
        else dataclasses.replace(f, mentions=tuple(dict.fromkeys(map(fix, f.mentions))))
        for f in r.findings
    ]
    # a relation merged onto itself (X partOf X) says nothing
    r.relations = [rel for rel in r.relations if rel.subject != rel.object]
    after = (r.mentions, r.relations, r.statistics, r.findings)
    if any(len(a) != len(b) or any(x is not y for x, y in zip(a, b)) for a, b in zip(before, after)):
        r.rekeyed = True  # its per-document shard must be rebuilt from the rewritten facts


def resolved_entities(digests: Sequence[DocumentDigest], canonical: dict[str, str]) -> list[ResolvedEntity]:
    """One ResolvedEntity per canonical key: its most used preferred label, every other label,
    its type, and the force owning it when exactly one force does."""
    def fix(key):
        return canonical.get(key, key)

    prefs: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, set[str]] = defaultdict(set)
    types: dict[str, str] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    for d in digests:
        for e in d.entities:
            key = fix(e.key)
            prefs[key].update(dict(e.pref_labels))
            labels[key].update(e.labels)
            types.setdefault(key, e.entity_type)
        for subject, predicate, obj in d.relations:
            subject, obj = fix(subject), fix(obj)
            if subject != obj and predicate in OWNING and subject.startswith("Force:"):
                owners[obj].add(subject)
    out = []
    for key in sorted(prefs):
        pref = min(prefs[key], key=lambda p: (-prefs[key][p], p))
        seen = {match_key(pref)}
        alts = []
        for label in sorted(labels[key]):
            mk = match_key(label)
            if label and mk not in seen:
                seen.add(mk)
                alts.append(label)
        owner = None
        if len(owners[key]) == 1 and types[key] in ("Unit", "Initiative"):
            owner = _force_name(digests, next(iter(owners[key])), fix)
        out.append(ResolvedEntity(key, types[key], pref, tuple(alts), owner))
    return out


def resolve_entities(results: Sequence[ExtractionResult]) -> list[ResolvedEntity]:
    """One ResolvedEntity per entity across ``results``.

    Side effect, by design: the results' mentions, relations, statistics and finding links
    are rewritten in place to the canonical keys, so every fact points at the resolved node.
    """
    digests = [digest_document(r) for r in results]
    canonical = canonical_keys(digests)
    for r in results:
        rewrite(r, canonical)
    return resolved_entities(digests, canonical)


def _force_name(digests: Sequence[DocumentDigest], key: str, fix) -> str | None:
    """The canonical force name for a Force entity key (its preferred label)."""
    for d in digests:
        if d.force and f"Force:{d.force.lower()}" == key:
            return d.force
        for e in d.entities:
            if fix(e.key) == key:
                return e.first_pref_label
    return None
