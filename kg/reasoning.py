"""OWL 2 DL reasoning over the ontology (and a built graph) with owlready2 and HermiT.

Usable from a notebook: ``reason()`` checks the ontology alone; ``reason(graph)`` or
``reason_graph_dir("build")`` checks a graph against it and returns what HermiT entails
(types and property values) beyond what was asserted. HermiT runs in Java (``java`` on PATH).
Only the part of a graph that matters to the ontology's axioms is loaded (see
``reasoning_subset``), which keeps a corpus graph to seconds instead of minutes.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import PEEL
from .paths import ONTOLOGY_FILE

ONTOLOGY_IRI = "https://w3id.org/peel-kg/ontology"
DATA_IRI = "https://w3id.org/peel-kg/id/"
INFERENCES_IRI = "http://inferrences/"  # where owlready2 puts HermiT's conclusions
JAVA_MEMORY_MB = 1000  # the machine is shared: HermiT's default heap of 2 GB is more than needed

# Nodes that only carry provenance: no axiom of the ontology says anything about their
# neighbours, so the reasoner gains nothing from them and they are most of a graph.
_SKIPPED_CLASSES = {PEEL.Evidence, PEEL.Mention, PEEL.RelationAssertion}
# Literal-valued properties kept for reasoning (functional: two values are a contradiction).
_KEPT_LITERALS = {PEEL.year, PEEL.rank}
# RDF reification terms are outside OWL 2 DL (the reified triple is also asserted plainly).
_SKIPPED_PREDICATES = {RDF.subject, RDF.predicate, RDF.object}
_SCHEMA = (str(OWL), str(RDFS), "http://www.w3.org/2004/02/skos/core#inScheme")


@dataclass
class ReasoningResult:
    """What HermiT concluded: consistency, and entailments beyond the asserted triples."""

    consistent: bool
    inferred_types: dict[str, frozenset[str]] = field(default_factory=dict)
    """Individual IRI -> classes it belongs to that are not asserted for it directly."""
    inferred_facts: set[tuple[str, str, str]] = field(default_factory=set)
    """(subject, property, object) IRIs entailed but not asserted."""
    unsatisfiable: list[str] = field(default_factory=list)
    """Classes that can have no member (a modelling error in the ontology)."""
    triples_loaded: int = 0
    seconds: float = 0.0
    message: str = ""

    def has_type(self, individual: str, cls: str) -> bool:
        return str(cls) in self.inferred_types.get(str(individual), frozenset())

    def summary(self) -> str:
        if not self.consistent:
            return f"INCONSISTENT ({self.message})"
        return (
            f"consistent: {self.triples_loaded} triples, "
            f"{sum(len(v) for v in self.inferred_types.values())} inferred types, "
            f"{len(self.inferred_facts)} inferred facts, "
            f"{len(self.unsatisfiable)} unsatisfiable classes, {self.seconds:.1f}s"
        )


def ontology_graph(path: Path = ONTOLOGY_FILE) -> Graph:
    return Graph().parse(path, format="turtle")


def reasoning_subset(data: Graph) -> Graph:
    """The triples of ``data`` the reasoner needs: types and links between individuals.

    Drops provenance-only nodes (evidence, mentions, reified relations; their plain triples
    stay), RDF reification terms, schema triples, and literals other than the functional
    ``peel:year`` and ``peel:rank``.
    """
    skipped = {s for cls in _SKIPPED_CLASSES for s in data.subjects(RDF.type, cls)}
    # Schema triples embedded by the build are dropped: the ontology file is the only source
    # of axioms, so a graph built with an older ontology is checked against the current one.
    schema = {s for s, o in data.subject_objects(RDF.type) if str(o).startswith(_SCHEMA)}
    out = Graph()
    for s, p, o in data:
        if s in skipped or o in skipped or s in schema or p in _SKIPPED_PREDICATES:
            continue
        if p != RDF.type and str(p).startswith(_SCHEMA):
            continue
        if isinstance(o, Literal) and p not in _KEPT_LITERALS:
            continue
        out.add((s, p, o))
    return out


def reason(
    data: Graph | None = None,
    *,
    ontology: Path = ONTOLOGY_FILE,
    infer_property_values: bool = True,
    subset: bool = True,
) -> ReasoningResult:
    """Load the ontology (plus ``data``) into a fresh owlready2 world and run HermiT."""
    import owlready2
    from owlready2 import OwlReadyInconsistentOntologyError, World, sync_reasoner_hermit

    owlready2.reasoning.JAVA_MEMORY = min(owlready2.reasoning.JAVA_MEMORY, JAVA_MEMORY_MB)
    graph = ontology_graph(ontology)
    if data is not None:
        graph += reasoning_subset(data) if subset else data
    world = World()
    nt = graph.serialize(format="nt", encoding="utf-8")
    world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(nt), format="ntriples")
    asserted = _asserted_types(world, _individuals(graph))
    started = time.perf_counter()
    try:
        sync_reasoner_hermit(world, infer_property_values=infer_property_values, debug=0)
    except OwlReadyInconsistentOntologyError:
        return ReasoningResult(
            consistent=False, triples_loaded=len(graph), seconds=time.perf_counter() - started,
            message="HermiT found the ontology and data inconsistent (no model satisfies them)",
        )
    result = ReasoningResult(
        consistent=True, triples_loaded=len(graph), seconds=time.perf_counter() - started
    )
    result.unsatisfiable = sorted(
        c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing
    )
    result.inferred_types = _inferred_types(world, asserted)
    result.inferred_facts = _inferred_facts(world, graph)
    world.close()
    return result


def reason_graph_dir(graph_dir: Path, **kwargs) -> ReasoningResult:
    """Reason over the current generation of a built graph folder."""
    from .store import current_generation, graph_nquads

    data = Graph().parse(graph_nquads(current_generation(Path(graph_dir))), format="nt")
    return reason(data, **kwargs)


def _individuals(graph: Graph) -> list[str]:
    """Candidate individuals: every IRI in subject or object position (owlready2's
    ``world.individuals()`` only lists individuals declared owl:NamedIndividual)."""
    nodes = {n for s, _, o in graph for n in (s, o) if isinstance(n, URIRef)}
    return sorted(str(n) for n in nodes)


def _asserted_types(world, iris: list[str]) -> dict[str, set[str]]:
    from owlready2 import Thing

    out = {}
    for iri in iris:  # an IRI with no asserted type is not yet an owlready2 individual
        ind = world[iri]
        if ind is None or isinstance(ind, Thing):
            out[iri] = {c.iri for c in ind.is_a if hasattr(c, "iri")} if ind is not None else set()
    return out


def _inferred_types(world, asserted: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Every class an individual belongs to (after reasoning) minus its asserted classes."""
    from owlready2 import Thing

    out = {}
    for iri, before in asserted.items():
        ind = world[iri]
        if not isinstance(ind, Thing):
            continue
        entailed = {c.iri for c in ind.INDIRECT_is_a if hasattr(c, "iri")}
        new = entailed - before - {str(OWL.Thing)}
        if new:
            out[iri] = frozenset(new)
    return out


def _inferred_facts(world, asserted: Graph) -> set[tuple[str, str, str]]:
    """Object property assertions HermiT added (owlready2 stores them in its inference ontology)."""
    facts = set()
    inferences = world.get_ontology(INFERENCES_IRI)
    for s, p, o in inferences.get_triples():
        if not (isinstance(s, int) and isinstance(o, int) and s > 0 and o > 0):
            continue
        triple = tuple(world._unabbreviate(x) for x in (s, p, o))
        if triple[1] == str(RDF.type):
            continue
        if (URIRef(triple[0]), URIRef(triple[1]), URIRef(triple[2])) not in asserted:
            facts.add(triple)
    return facts
