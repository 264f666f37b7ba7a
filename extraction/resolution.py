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

from .labels import match_key
from .records import ExtractionResult, ResolvedEntity


def _key_groups(results: Sequence[ExtractionResult]) -> dict[str, str]:
    """Entity key -> canonical key of its group."""
    graph = nx.Graph()
    counts: Counter[str] = Counter()
    for r in results:
        for m in r.mentions:
            counts[m.entity_key] += 1
            etype = m.entity_type
            graph.add_node(("key", m.entity_key))
            for label in {m.label, m.pref_label, *m.alt_labels, m.entity_key.partition(":")[2]}:
                mk = match_key(label)
                if len(mk) >= 2:
                    graph.add_edge(("key", m.entity_key), ("label", etype, mk))
    canonical: dict[str, str] = {}
    for component in sorted(nx.connected_components(graph), key=lambda c: sorted(map(str, c))):
        keys = sorted(n[1] for n in component if n[0] == "key")
        best = min(keys, key=lambda k: (-counts[k], len(k), k))
        for k in keys:
            canonical[k] = best
    return canonical


def _rewrite(results: Sequence[ExtractionResult], canonical: dict[str, str]) -> None:
    """Rewrite keys to their canonical form, flagging each document whose facts changed."""
    def fix(key):
        return canonical.get(key, key) if key else key

    for r in results:
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


def resolve_entities(results: Sequence[ExtractionResult]) -> list[ResolvedEntity]:
    """One ResolvedEntity per entity across the corpus.

    Side effect, by design: the results' mentions, relations, statistics and finding links
    are rewritten in place to the canonical keys, so every fact points at the resolved node.
    """
    canonical = _key_groups(results)
    _rewrite(results, canonical)
    prefs: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, set[str]] = defaultdict(set)
    types: dict[str, str] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    for r in results:
        for m in r.mentions:
            prefs[m.entity_key][m.pref_label] += 1
            labels[m.entity_key].update({m.pref_label, *m.alt_labels, _clean(m.label)})
            types.setdefault(m.entity_key, m.entity_type)
        for rel in r.relations:
            if rel.predicate in ("hasUnit", "runsInitiative") and rel.subject.startswith("Force:"):
                owners[rel.object].add(rel.subject)
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
            owner_key = next(iter(owners[key]))
            owner = _force_name(results, owner_key)
        out.append(ResolvedEntity(key, types[key], pref, tuple(alts), owner))
    return out


def _clean(label: str) -> str:
    return " ".join(label.split())


def _force_name(results: Sequence[ExtractionResult], key: str) -> str | None:
    """The canonical force name for a Force entity key (its preferred label)."""
    for r in results:
        if r.document.force and f"Force:{r.document.force.lower()}" == key:
            return r.document.force
        for m in r.mentions:
            if m.entity_key == key:
                return m.pref_label
    return None
