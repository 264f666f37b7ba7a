"""The embedded pyoxigraph store of a built graph, and how to find the current generation."""

from __future__ import annotations

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


def load_store(path: Path, nquads: bytes) -> None:
    """Create an on-disk store at ``path`` holding the given N-Quads."""
    store = ox.Store(str(path))
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store


def open_store(graph_dir: Path) -> ox.Store:
    """Open the current generation's store read-only (safe while another build runs)."""
    generation = current_generation(graph_dir)
    return ox.Store.read_only(str(generation / "store"))
