"""Generate the parts of the ontology files that restate another source.

* The class diagram of ``ontology/README.md`` (a Mermaid block), from peel.ttl.
* The SKOS area concepts of ``ontology/peel.ttl``, from ``extraction/data/areas.json`` (the
  one place an area's label, pillar and comparable area are written).

Neither is edited by hand: ``python -m kg.ontology_doc`` rewrites the blocks between their
markers, and tests fail when a block is out of date with its source.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .namespaces import PREFIXES
from .paths import ONTOLOGY_DIR, ONTOLOGY_FILE, ROOT

README = ONTOLOGY_DIR / "README.md"
BEGIN = "<!-- BEGIN GENERATED DIAGRAM: python -m kg.ontology_doc -->"
END = "<!-- END GENERATED DIAGRAM -->"
THING = "Thing"  # stands for "no declared domain/range" in the diagram

AREAS_FILE = ROOT / "extraction" / "data" / "areas.json"
AREAS_BEGIN = "# BEGIN GENERATED AREAS: python -m kg.ontology_doc (from extraction/data/areas.json)"
AREAS_END = "# END GENERATED AREAS"


def _name(node: URIRef | None) -> str:
    """A Mermaid-safe class name: peel terms by local name, others as prefix_local."""
    if node is None:
        return THING
    text = str(node)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(namespace)):
            local = text[len(str(namespace)):]
            return local if prefix == "peel" else f"{prefix}_{local}"
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _is_shown_property(g: Graph, prop: URIRef, peel_ns: str) -> bool:
    """Project properties, plus reused ones whose domain or range the ontology states."""
    if str(prop).startswith(peel_ns):
        return True
    return (prop, RDFS.domain, None) in g or (prop, RDFS.range, None) in g


def mermaid(ontology: Path = ONTOLOGY_FILE) -> str:
    """A Mermaid classDiagram: classes, subclass arrows, object properties as associations,
    datatype properties as attributes (``Thing`` = no declared domain or range)."""
    g = Graph().parse(ontology, format="turtle")
    peel_ns = str(PREFIXES["peel"])
    lines = ["classDiagram", "  direction LR"]
    classes = sorted(set(g.subjects(RDF.type, OWL.Class)), key=_name)
    lines += [f"  class {_name(cls)}" for cls in classes]
    for cls in classes:
        for parent in sorted(g.objects(cls, RDFS.subClassOf), key=_name):
            lines.append(f"  {_name(parent)} <|-- {_name(cls)}")
    for prop in sorted(set(g.subjects(RDF.type, OWL.ObjectProperty)), key=_name):
        if not _is_shown_property(g, prop, peel_ns):
            continue
        domains = sorted(g.objects(prop, RDFS.domain), key=_name) or [None]
        ranges = sorted(g.objects(prop, RDFS.range), key=_name) or [None]
        for d in domains:
            for r in ranges:
                lines.append(f"  {_name(d)} --> {_name(r)} : {_name(prop)}")
    for prop in sorted(set(g.subjects(RDF.type, OWL.DatatypeProperty)), key=_name):
        rng = g.value(prop, RDFS.range)
        dtype = str(rng)[len(str(XSD)):] if rng is not None and str(rng).startswith(str(XSD)) else "literal"
        for d in sorted(g.objects(prop, RDFS.domain), key=_name) or [None]:
            lines.append(f"  {_name(d)} : +{_name(prop)} {dtype}")
    return "\n".join(lines) + "\n"


def readme_block(ontology: Path = ONTOLOGY_FILE) -> str:
    return f"{BEGIN}\n```mermaid\n{mermaid(ontology)}```\n{END}"


def _turtle_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid Turtle string here


def area_concepts(areas_file: Path = AREAS_FILE) -> str:
    """Turtle for every area of areas.json: notation, label, pillar (when the area belongs to
    one) and skos:closeMatch to its comparable area, stated both ways (closeMatch is
    symmetric; stating both lets a query follow it without a reasoner)."""
    areas = json.loads(areas_file.read_text("utf-8"))["areas"]
    matches: dict[str, set[str]] = {a["code"]: set() for a in areas}
    for a in areas:
        if a["comparable"]:
            matches[a["code"]].add(a["comparable"])
            matches[a["comparable"]].add(a["code"])
    lines = []
    for a in areas:
        code = a["code"]
        parts = [f"id:area\\/{code} a skos:Concept", "skos:inScheme id:scheme\\/areas",
                 f"skos:notation {_turtle_string(code)}", f"skos:prefLabel {_turtle_string(a['label'])}@en"]
        if a["pillar"]:
            parts.append(f"peel:pillar id:pillar\\/{a['pillar']}")
        parts += [f"skos:closeMatch id:area\\/{m}" for m in sorted(matches[code])]
        lines.append(" ; ".join(parts) + " .")
    return "\n".join(lines) + "\n"


def areas_block(areas_file: Path = AREAS_FILE) -> str:
    return f"{AREAS_BEGIN}\n{area_concepts(areas_file)}{AREAS_END}"


def current_block(readme: Path = README, begin: str = BEGIN, end: str = END) -> str | None:
    """The generated block as it stands in the file (None if the markers are missing)."""
    text = readme.read_text("utf-8")
    if begin not in text or end not in text:
        return None
    start = text.index(begin)
    return text[start : text.index(end, start) + len(end)]


def _rewrite_block(path: Path, begin: str, end: str, new: str) -> bool:
    """Replace the block between the markers of ``path`` with ``new``; True if it changed."""
    from .files import write_atomic

    old = current_block(path, begin, end)
    if old is None:
        raise ValueError(f"{path}: markers {begin!r} ... {end!r} not found")
    if old == new:
        return False
    write_atomic(path, path.read_text("utf-8").replace(old, new))
    return True


def update_readme(readme: Path = README, ontology: Path = ONTOLOGY_FILE) -> bool:
    """Rewrite the generated block of the README; returns True if it changed."""
    return _rewrite_block(readme, BEGIN, END, readme_block(ontology))


def update_areas(ontology: Path = ONTOLOGY_FILE, areas_file: Path = AREAS_FILE) -> bool:
    """Rewrite the generated area concepts of peel.ttl; returns True if they changed."""
    return _rewrite_block(ontology, AREAS_BEGIN, AREAS_END, areas_block(areas_file))


def main() -> None:
    for path, changed in ((ONTOLOGY_FILE, update_areas()), (README, update_readme())):
        print(f"{path}: {'updated' if changed else 'already up to date'}", file=sys.stderr)


if __name__ == "__main__":
    main()
