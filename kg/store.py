"""The embedded pyoxigraph store of a built graph, and how to find the current generation."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from . import serialize
from .files import write_atomic

CURRENT_POINTER = "CURRENT"


class GraphNotFound(Exception):
    """No built graph at the given folder."""


def current_generation(graph_dir: Path) -> Path:
    """The generation folder that ``graph_dir/CURRENT`` points to (or graph_dir itself if it is one)."""
    graph_dir = Path(graph_dir)
    if (graph_dir / "manifest.json").exists():
        return graph_dir
    pointer = graph_dir / CURRENT_POINTER
    if not pointer.exists():
        raise GraphNotFound(f"{graph_dir}: no built graph here (run `peelkg build` first)")
    generation = graph_dir / pointer.read_text().strip()
    if not (generation / "manifest.json").exists():
        raise GraphNotFound(f"{graph_dir}: CURRENT points to a missing generation {generation.name}")
    return generation


def graph_parts(generation: Path) -> dict[str, Path]:
    """A generation's parts, whose union is its graph: per-document shards, corpus-level facts
    and the ontology (relative name -> file)."""
    generation = Path(generation)
    names = [f"shards/{p.name}" for p in sorted((generation / "shards").glob("*.nq"))]
    return {name: generation / name for name in [*names, "corpus.nq", "ontology.nq"]}


GRAPH_NQUADS = "peel.nq"


def graph_nquads(generation: Path) -> Path:
    """The generation's whole graph as one sorted N-Quads file, merged from its parts on first use.

    A build does not write it (a 100x corpus gives ~700 MB): exports, rdflib and SHACL readers
    ask for it here, and it is kept in the generation for the next reader.
    """
    generation = Path(generation)
    path = generation / GRAPH_NQUADS
    if not path.exists():
        write_atomic(path, lambda fh: serialize.merge_sorted(graph_parts(generation).values(), fh))
    return path


LOAD_CHUNK_LINES = 200_000
"""Lines per ``bulk_load`` call when loading from files: pyoxigraph's bulk loader holds a
batch of up to ~1M quads per thread in memory (~600 MB at 700k triples, ~1.5 GB at 3.5M);
feeding it 200k-line chunks keeps the load under ~250 MB for a few % more time."""


def load_store(path: Path, nquads: bytes | Path | Iterable[Path], chunk_lines: int = LOAD_CHUNK_LINES,
               lenient: bool = False) -> None:
    """Create an on-disk store at ``path`` holding the given N-Quads (bytes, or files streamed from disk).

    Files are loaded in chunks of ``chunk_lines`` lines (N-Quads are line-based and the build's
    graph has no blank nodes, so chunking changes nothing but the loader's memory); a triple in
    several files is stored once. ``lenient`` skips pyoxigraph's IRI and literal validation
    (~15% quicker), for files pyoxigraph itself wrote from terms it validated; a malformed line
    is still a SyntaxError.
    """
    store = ox.Store(str(path))
    if isinstance(nquads, (bytes, bytearray)):
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=lenient)
    else:
        files = [nquads] if isinstance(nquads, (str, Path)) else list(nquads)
        lines = itertools.chain.from_iterable(_lines_of(f) for f in files)
        while chunk := b"".join(itertools.islice(lines, chunk_lines)):
            store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS, lenient=lenient)
            del chunk
    store.flush()
    del store


def _lines_of(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        for line in fh:
            yield line if line.endswith(b"\n") else line + b"\n"


def checkpoint_store(previous_store: Path, path: Path) -> ox.Store:
    """A writable copy of ``previous_store`` at ``path``: a RocksDB checkpoint (``Store.backup``:
    hard links, milliseconds, and safe while readers have the previous store open)."""
    ox.Store.read_only(str(previous_store)).backup(str(path))
    return ox.Store(str(path))


def contains_lines(store: ox.Store, lines: list[bytes]) -> list[bool]:
    """Whether ``store`` has the triple of each N-Triples line."""
    return [quad in store for quad in ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS)]


def apply_lines(store: ox.Store, removed: list[bytes], added: list[bytes]) -> None:
    """Remove and add the triples of N-Triples lines, then flush."""
    for quad in ox.parse(b"".join(removed), format=ox.RdfFormat.N_QUADS):
        store.remove(quad)
    if added:
        store.extend(ox.parse(b"".join(added), format=ox.RdfFormat.N_QUADS))
    store.flush()


def load_shards(store: ox.Store, generation: Path) -> ox.Store:
    """Load a generation's parts (per-document shards, corpus-level facts, ontology) into ``store``.

    The graph is exactly their union: this is how a cluster's shards are loaded too.
    """
    for part in graph_parts(generation).values():
        store.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
    return store


def open_store(graph_dir: Path) -> ox.Store:
    """Open the current generation's store read-only (safe while another build runs)."""
    generation = current_generation(graph_dir)
    return ox.Store.read_only(str(generation / "store"))
