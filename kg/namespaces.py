"""Vocabularies and the one place where instance IRIs are minted.

Every IRI in the graph comes from a function here, built from a stable key (a content
hash, a canonical force name, a year, an area code), so two builds of the same corpus give
the same IRIs and no other module concatenates IRI strings. Instance IRIs are minted in their
N-Triples form (``<https://...>``), the text the graph builder's shards are made of; the
vocabularies are rdflib namespaces, for the modules that use rdflib (``node`` gives a
vocabulary term's N-Triples form).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

PEEL = Namespace("https://w3id.org/peel-kg/ontology#")
"""The PEEL ontology's own terms (classes and properties)."""

ID = Namespace("https://w3id.org/peel-kg/id/")
"""Instances: documents, forces, inspections, judgments, entities, evidence."""

ORG = Namespace("http://www.w3.org/ns/org#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
QB = Namespace("http://purl.org/linked-data/cube#")

PREFIXES = {
    "peel": PEEL,
    "id": ID,
    "org": ORG,
    "nif": NIF,
    "qb": QB,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}

ONTOLOGY_GRAPH = URIRef("https://w3id.org/peel-kg/graph/ontology")
"""Named graph of the ontology in TriG/N-Quads exports (data stays in the default graph)."""


Term = str
"""An RDF term in N-Triples form: ``<iri>``, ``"text"`` or ``"17"^^<datatype>``. Shards are
lines of such terms; making them as text, not pyoxigraph terms that are then printed,
halves the cost of writing a shard (IRIs here are built from slugs, hex hashes and numbers,
so they need no escaping; a test parses every minted IRI with pyoxigraph)."""


def node(iri: URIRef | str) -> Term:
    """A vocabulary IRI (``PEEL.Judgment``) as the term the graph builder writes."""
    return f"<{ox.NamedNode(iri).value}>"


_ID_BASE = f"<{ID}"


def _mint(path: str) -> Term:
    """An instance IRI under ``ID``, as the term the graph builder writes."""
    return f"{_ID_BASE}{path}>"


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """A lower-case ASCII slug: stable, readable key material for IRIs (cached: rule, force
    and area names recur in every fact)."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    norm = norm.replace("&", " and ").lower()
    return re.sub(r"[^a-z0-9]+", "-", norm).strip("-") or "x"


def short_hash(*parts: object, length: int = 12) -> str:
    """A short, stable hash of the given key parts."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


def document(doc_id: str) -> Term:
    return _mint(f"document/{doc_id}")


def force(name: str) -> Term:
    return _mint(f"force/{slug(name)}")


def inspection(force_name: str, year: int) -> Term:
    return _mint(f"inspection/{slug(force_name)}/{year}")


def national_inspection(year: int) -> Term:
    return _mint(f"inspection/national/{year}")


def question(year: int, area: str, wording: str) -> Term:
    return _mint(f"question/{year}/{area}/{short_hash(wording, length=8)}")


def judgment(force_name: str, year: int, pillar_code: str, area: str, doc_id: str, start: int) -> Term:
    """One statement of a grade: keyed by what it grades (force, year, pillar, area) and where
    it is stated (document and evidence start), so a badge and a sentence of one document, or
    the "overall" grades of two pillars, are separate nodes."""
    return _mint(f"judgment/{slug(force_name)}/{year}/{pillar_code}/{area}/{doc_id}/{start}")


def grade(label: str) -> Term:
    return _mint(f"grade/{slug(label)}")


def area(code: str) -> Term:
    return _mint(f"area/{code}")


def pillar(code: str) -> Term:
    return _mint(f"pillar/{code}")


def grade_scheme() -> Term:
    return _mint("scheme/grades")


def area_scheme() -> Term:
    return _mint("scheme/areas")


def pillar_scheme() -> Term:
    return _mint("scheme/pillars")


def summary_cell(doc_id: str, area_code: str, grade_label: str) -> Term:
    return _mint(f"summary/{doc_id}/{area_code}/{slug(grade_label)}")


def finding(doc_id: str, finding_id: str) -> Term:
    return _mint(f"finding/{doc_id}/{slug(finding_id)}")


def entity(entity_key: str) -> Term:
    """An entity resolved across documents; the key is "<Type>:<normalised label>"."""
    etype, _, label = entity_key.partition(":")
    return _mint(f"{slug(etype)}/{slug(label)}")


def mention(doc_id: str, start: int, end: int, entity_key: str) -> Term:
    return _mint(f"mention/{doc_id}/{start}-{end}/{short_hash(entity_key, length=6)}")


def relation(doc_id: str, subject_key: str, predicate: str, object_key: str, start: int) -> Term:
    return _mint(f"relation/{doc_id}/{short_hash(subject_key, predicate, object_key, start)}")


def statistic(doc_id: str, start: int, end: int, measure: str) -> Term:
    return _mint(f"statistic/{doc_id}/{start}-{end}/{short_hash(measure, length=6)}")


def evidence(doc_id: str, start: int, end: int, rule: str) -> Term:
    return _mint(f"evidence/{doc_id}/{start}-{end}/{slug(rule)}")


def rule(name: str) -> Term:
    """The extraction rule (a prov:Plan) that produced a fact."""
    return _mint(f"rule/{slug(name)}")


def finding_link(force_name: str, key_a: str, key_b: str) -> Term:
    a, b = sorted((key_a, key_b))
    return _mint(f"recurrence/{slug(force_name)}/{short_hash(a, b)}")
