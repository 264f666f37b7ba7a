"""Deterministic serialisations of the graph (N-Quads, Turtle, TriG, JSON-LD).

Data and ontology both live in the default graph of the store, so the named queries run
unchanged on any SPARQL server. Large exports are streamed: shards are sorted N-Triples
files, merged with a k-way merge, and Turtle/TriG are written by pyoxigraph from that
sorted stream, so nothing the size of the corpus graph is held in memory.
"""

from __future__ import annotations

import hashlib
import heapq
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from .files import write_atomic
from .namespaces import PREFIXES

MAX_OPEN_SHARDS = 128  # k-way merges wider than this go through intermediate files


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





def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


# --- streaming exports for the build ---------------------------------------------------


def merge_sorted(inputs: Iterable[Path], out: BinaryIO) -> tuple[int, str]:
    """K-way merge of sorted N-Triples files into ``out``, dropping duplicate lines.

    The result is the sorted union, whatever order the inputs are given in. Returns
    (number of lines written, sha256 hex digest of the bytes written).
    """
    paths = sorted(set(Path(p) for p in inputs))
    with tempfile.TemporaryDirectory(prefix="peelkg-merge-") as tmp:
        level = 0
        while len(paths) > MAX_OPEN_SHARDS:  # bound the number of open files
            merged = []
            for i in range(0, len(paths), MAX_OPEN_SHARDS):
                part = Path(tmp) / f"{level}-{i}.nt"
                with part.open("wb") as fh:
                    _merge_open(paths[i : i + MAX_OPEN_SHARDS], fh)
                merged.append(part)
            paths, level = merged, level + 1
        return _merge_open(paths, out)


def _merge_open(paths: list[Path], out: BinaryIO) -> tuple[int, str]:
    handles = [p.open("rb") for p in paths]
    sha = hashlib.sha256()
    count = 0
    previous = None
    try:
        for line in heapq.merge(*(_lines(h) for h in handles)):
            if line == previous:
                continue
            out.write(line)
            sha.update(line)
            count += 1
            previous = line
    finally:
        for h in handles:
            h.close()
    return count, sha.hexdigest()


def _lines(fh: BinaryIO) -> Iterator[bytes]:
    for line in fh:
        if line.strip():
            yield line if line.endswith(b"\n") else line + b"\n"


def write_sorted_nt(g: Graph, path: Path) -> int:
    """Write an rdflib graph as sorted, de-duplicated N-Triples (a shard); returns its line count."""
    data = to_nquads(g) if len(g) else b""
    write_atomic(path, data)
    return data.count(b"\n")


def nt_to(nt_file: Path, out_file: Path, fmt: ox.RdfFormat) -> None:
    """Stream sorted N-Triples into Turtle or TriG with the project's prefixes (pyoxigraph)."""
    prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
    quads = ox.parse(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES)
    with open(out_file, "wb") as fh:
        ox.serialize(quads, fh, fmt, prefixes=prefixes)

