"""The embedded pyoxigraph store of a built graph, and how to find the current generation."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyoxigraph as ox

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


LOAD_CHUNK_LINES = 200_000
"""Lines per ``bulk_load`` call when loading from a file: pyoxigraph's bulk loader holds a
batch of up to ~1M quads per thread in memory (~600 MB at 700k triples, ~1.5 GB at 3.5M);
feeding it 200k-line chunks keeps the load under ~250 MB for a few % more time."""


def load_store(path: Path, nquads: bytes | Path, chunk_lines: int = LOAD_CHUNK_LINES) -> None:
    """Create an on-disk store at ``path`` holding the given N-Quads (bytes, or a file streamed from disk).

    A file is loaded in chunks of ``chunk_lines`` lines (N-Quads are line-based and the build's
    graph has no blank nodes, so chunking changes nothing but the loader's memory).
    """
    store = ox.Store(str(path))
    if isinstance(nquads, (bytes, bytearray)):
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    else:
        with open(nquads, "rb") as fh:
            while chunk := b"".join(itertools.islice(fh, chunk_lines)):
                store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
                del chunk
    store.flush()
    del store


def update_store(path: Path, previous_store: Path, removed: list[bytes], added: list[bytes]) -> None:
    """Create the store at ``path`` as ``previous_store`` minus ``removed`` plus ``added`` lines.

    The copy is a RocksDB checkpoint (``Store.backup``: hard links, milliseconds, and safe
    while readers have the previous store open), so a build that changed one document
    writes that document's triples instead of reloading the whole graph.
    """
    ox.Store.read_only(str(previous_store)).backup(str(path))
    store = ox.Store(str(path))
    for quad in ox.parse(b"".join(removed), format=ox.RdfFormat.N_QUADS):
        store.remove(quad)
    if added:
        store.extend(ox.parse(b"".join(added), format=ox.RdfFormat.N_QUADS))
    store.flush()
    del store


def load_shards(store: ox.Store, generation: Path) -> ox.Store:
    """Load a generation's shards (per-document, corpus-level, ontology) into ``store``.

    The merged graph is exactly their union: this is how a cluster's shards are loaded too.
    """
    generation = Path(generation)
    parts = sorted((generation / "shards").glob("*.nq")) + [generation / "corpus.nq", generation / "ontology.nq"]
    for part in parts:
        store.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
    return store


def open_store(graph_dir: Path) -> ox.Store:
    """Open the current generation's store read-only (safe while another build runs)."""
    generation = current_generation(graph_dir)
    return ox.Store.read_only(str(generation / "store"))
