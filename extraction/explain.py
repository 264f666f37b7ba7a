"""Everything the graph knows about one entity, with evidence: ``peelkg explain "Trident"``.

Finds the entity by preferred or alternative label (case-insensitive; exact match first,
then substring), then lists its labels, its mentions per document, the relations it takes
part in (either side) with their stating sentences, statistics about it and findings that
mention it. Reads the built graph only (SPARQL over the pyoxigraph store).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

PREFIXES = """
PREFIX peel: <https://w3id.org/peel-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

FIND = PREFIXES + """
SELECT DISTINCT ?entity ?label ?type WHERE {
  ?entity skos:prefLabel ?label ; a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/peel-kg/ontology#"))
  OPTIONAL { ?entity skos:altLabel ?alt }
  FILTER(LCASE(STR(?label)) = ?name || LCASE(STR(?alt)) = ?name
         || (?fuzzy && (CONTAINS(LCASE(STR(?label)), ?name) || CONTAINS(LCASE(STR(?alt)), ?name))))
  FILTER EXISTS { ?m peel:mentionOf ?entity }
  BIND(STRAFTER(STR(?class), "#") AS ?type)
}
ORDER BY ?label ?type
"""

ALIASES = PREFIXES + "SELECT ?alt WHERE { ?entity skos:altLabel ?alt } ORDER BY ?alt"

MENTIONS = PREFIXES + """
SELECT ?document (COUNT(DISTINCT ?m) AS ?mentions) (SAMPLE(?s) AS ?example) WHERE {
  ?m peel:mentionOf ?entity ; dcterms:source/peel:fileName ?document ; peel:evidence/peel:sentence ?s .
}
GROUP BY ?document ORDER BY ?document
"""

RELATIONS = PREFIXES + """
SELECT ?subject ?predicate ?object ?document ?sentence WHERE {
  { ?r rdf:subject ?entity } UNION { ?r rdf:object ?entity }
  ?r a peel:RelationAssertion ; rdf:subject/skos:prefLabel ?subject ; rdf:predicate ?p ;
     rdf:object/skos:prefLabel ?object ; dcterms:source/peel:fileName ?document ;
     peel:evidence/peel:sentence ?sentence .
  BIND(STRAFTER(STR(?p), "#") AS ?predicate)
}
ORDER BY ?predicate ?subject ?object ?document ?sentence
"""

STATISTICS = PREFIXES + """
SELECT ?measure ?value ?unit ?date ?document ?sentence WHERE {
  ?st peel:statisticOf ?entity ; peel:measure ?measure ; peel:value ?value ; peel:unit ?unit ;
      dcterms:source/peel:fileName ?document .
  OPTIONAL { ?st peel:asOf ?date }
  OPTIONAL { ?st peel:evidence/peel:sentence ?sentence }
}
ORDER BY ?document ?measure ?value
"""

FINDINGS = PREFIXES + """
SELECT ?kind ?text ?document WHERE {
  ?f peel:mentions ?entity ; peel:findingType ?kind ; peel:text ?text ; dcterms:source/peel:fileName ?document .
}
ORDER BY ?document ?kind ?text
"""


@dataclass
class Explanation:
    """What is known about one entity; each list holds plain-value row dicts."""

    entity: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    statistics: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


def _rows(store: ox.Store, sparql: str, **bind) -> list[dict]:
    from kg.queries import term_value

    # terms are serialised by pyoxigraph (escaped N-Triples syntax), never pasted raw
    values = " ".join(f"VALUES ?{k} {{ {v} }}" for k, v in bind.items())
    where = sparql.index("WHERE {") + len("WHERE {")
    solutions = store.query(sparql[:where] + " " + values + sparql[where:])
    names = [v.value for v in solutions.variables]
    return [{n: term_value(sol[n]) for n in names} for sol in solutions]


LABELS = PREFIXES + """
SELECT DISTINCT ?entity ?label ?type ?alt WHERE {
  ?entity skos:prefLabel ?label ; a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/peel-kg/ontology#"))
  FILTER EXISTS { ?m peel:mentionOf ?entity }
  OPTIONAL { ?entity skos:altLabel ?alt }
  BIND(STRAFTER(STR(?class), "#") AS ?type)
}
"""


def find_entities(store: ox.Store, name: str) -> list[dict]:
    """Entities whose label or alias is ``name``: case-insensitive, then ignoring plural,
    punctuation and spelling (``labels.match_key``: "DVPOs" finds the DVPO), then substring."""
    from .labels import match_key

    needle = ox.Literal(" ".join(name.split()).lower())
    hits = _rows(store, FIND, name=needle, fuzzy=ox.Literal(False))
    if hits:
        return hits
    key = match_key(name)
    found = {}
    for row in _rows(store, LABELS):
        if key and key in {match_key(row["label"]), match_key(row["alt"] or "")}:
            found[(row["label"], row["type"], row["entity"])] = {k: row[k] for k in ("entity", "label", "type")}
    if found:
        return [found[k] for k in sorted(found)]
    return _rows(store, FIND, name=needle, fuzzy=ox.Literal(True))


def explain_entity(store: ox.Store, entity_iri: str, label: str = "", etype: str = "") -> Explanation:
    node = ox.NamedNode(entity_iri)
    return Explanation(
        entity=entity_iri,
        label=label,
        type=etype,
        aliases=[r["alt"] for r in _rows(store, ALIASES, entity=node)],
        mentions=_rows(store, MENTIONS, entity=node),
        relations=_rows(store, RELATIONS, entity=node),
        statistics=_rows(store, STATISTICS, entity=node),
        findings=_rows(store, FINDINGS, entity=node),
    )


def explain(graph_dir: str | Path, name: str) -> list[Explanation]:
    """Explanations for every entity matching ``name`` in the graph built under ``graph_dir``."""
    from kg.store import open_store

    store = open_store(Path(graph_dir))
    return [explain_entity(store, h["entity"], h["label"], h["type"]) for h in find_entities(store, name)]
