"""Deterministic serialisations of the graph (N-Quads, Turtle, TriG, JSON-LD).

Data and ontology both live in the default graph of the store, so the named queries run
unchanged on any SPARQL server.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph

from .namespaces import PREFIXES


def with_ontology(data: Graph, ontology_file: Path) -> Graph:
    """The data graph plus the ontology's triples (classes, properties, grade and area schemes)."""
    if ontology_file.exists():
        data.parse(ontology_file, format="turtle")
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace, override=True)
    return data


def to_nquads(g: Graph) -> bytes:
    """N-Quads (default graph, so also valid N-Triples), lines sorted: byte-identical output."""
    text = g.serialize(format="nt", encoding="utf-8")
    lines = sorted(set(line for line in text.split(b"\n") if line.strip()))
    return b"\n".join(lines) + b"\n"


def to_turtle(g: Graph) -> bytes:
    """Turtle (rdflib sorts subjects and predicates; no blank nodes, so output is stable)."""
    return g.serialize(format="turtle", encoding="utf-8")


def to_trig(g: Graph) -> bytes:
    return g.serialize(format="trig", encoding="utf-8")


def to_jsonld(g: Graph) -> bytes:
    return g.serialize(format="json-ld", encoding="utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]
