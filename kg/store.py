"""The embedded pyoxigraph store of a built graph, and how to find the current generation."""

from __future__ import annotations

import errno
import tempfile
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
    ask for it here. It is kept in the generation for the next reader or, where the generation
    is read-only (a deployed graph), in the temporary folder under the generation's name, which
    says what it holds.
    """
    generation = Path(generation)
    path = generation / GRAPH_NQUADS
    if path.exists():
        return path

    def merge(fh):
        return serialize.merge_sorted(graph_parts(generation).values(), fh)

    try:
        return write_atomic(path, merge)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    fallback = Path(tempfile.gettempdir()) / f"peelkg-{generation.name}-{GRAPH_NQUADS}"
    return fallback if fallback.exists() else write_atomic(fallback, merge)


LOAD_CHUNK_BYTES = 96 << 20
"""Bytes per ``bulk_load`` call when loading from files (~500k lines of this graph).
pyoxigraph's bulk loader holds a whole call's quads in memory (~1.5 GB for the 3.6M triples
of the 100x graph in one call), and each call's sorted files are merged again by RocksDB's
compaction: measured at 100x, 40 MB pieces peak at 310 MB but cost 45 CPU-seconds, 96 MB
pieces 800 MB and 37 CPU-seconds, one call 2.4 GB and 36."""

_READ_BLOCK = 1 << 22


def load_store(path: Path, nquads: bytes | Path | Iterable[Path], chunk_bytes: int = LOAD_CHUNK_BYTES,
               lenient: bool = False) -> None:
    """Create an on-disk store at ``path`` holding the given N-Quads (bytes, or files streamed from disk).

    Files are loaded in pieces of about ``chunk_bytes``, cut at line ends (N-Quads are
    line-based and the build's graph has no blank nodes, so cutting changes nothing but the
    loader's memory); a triple in several files is stored once. ``lenient`` skips pyoxigraph's
    IRI and literal validation (~15% quicker), for files pyoxigraph itself wrote from terms it
    validated; a malformed line is still a SyntaxError.
    """
    store = ox.Store(str(path))
    if isinstance(nquads, (bytes, bytearray)):
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=lenient)
    else:
        files = [nquads] if isinstance(nquads, (str, Path)) else list(nquads)
        for chunk in line_chunks(files, chunk_bytes):
            store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS, lenient=lenient)
            del chunk
    store.flush()
    del store


def line_chunks(files: Iterable[Path], chunk_bytes: int) -> Iterator[bytes]:
    """The files' lines, concatenated and cut into pieces of about ``chunk_bytes``, each ending
    at a line end (a piece is cut once that much is read); a file's missing final newline is
    supplied.

    Read in blocks, not line by line: a Python iteration per line cost more than the loader's
    parsing of it (3.6M lines at 100x: 5 s of a 28 s load).
    """
    pending: list[bytes] = []
    size = 0
    for path in files:
        last = b"\n"
        with open(path, "rb") as fh:
            while block := fh.read(_READ_BLOCK):
                pending.append(block)
                size += len(block)
                last = block[-1:]
                if size >= chunk_bytes:
                    data = b"".join(pending)
                    cut = data.rfind(b"\n") + 1
                    if cut:  # else one line longer than a piece: keep reading
                        yield data[:cut]
                        data = data[cut:]
                    pending, size = [data], len(data)
        if last != b"\n":
            pending.append(b"\n")
            size += 1
    if size:
        yield b"".join(pending)


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
