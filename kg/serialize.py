"""Deterministic serialisations of the graph (N-Quads, Turtle, TriG, JSON-LD).

Data and ontology both live in the default graph of the store, so the named queries run
unchanged on any SPARQL server. Large exports are streamed: shards are sorted N-Triples
files, merged with a k-way merge into ``peel.nq`` when a reader wants one file
(``kg.store.graph_nquads``); the other formats are written from it on demand (``kg.export``),
so nothing the size of the corpus graph is held in memory.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from .files import write_atomic
from .namespaces import PREFIXES

MAX_OPEN_SHARDS = 128  # Python k-way merges wider than this go through intermediate files


def _sort_fan_in() -> int:
    """Files ``sort -m`` opens at once: as many as the open-file limit allows (keeping room for
    this process's own), so a corpus of hundreds of shards merges in one pass instead of
    through temporary files (500 shards at 100x: 3.9 s -> 2.9 s); never less than the Python
    merge's fan-in."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return MAX_OPEN_SHARDS
    if soft == resource.RLIM_INFINITY:
        soft = 1 << 16
    return max(MAX_OPEN_SHARDS, min(soft - 64, 1 << 13))


class TripleSet:
    """Triples collected for one serialisation, a set in effect: terms in N-Triples form
    (``kg.namespaces.Term``; pyoxigraph terms are accepted too and printed the same).

    ``add`` only appends: an rdflib ``Graph`` maintains three indexes per triple, and a set of
    pyoxigraph terms re-hashes each term's text on every insertion (they cache no hash).
    Duplicates go when the triples are written (``lines``). It is written as sorted
    N-Triples, and becomes an rdflib graph (``to_rdflib``) only where a caller wants rdflib.
    """

    def __init__(self, triples: Iterable[ox.Triple] = ()):
        self._triples: list[tuple] = [(str(t.subject), str(t.predicate), str(t.object)) for t in triples]
        self._lines: list[str] | None = None

    def add(self, triple: tuple) -> None:
        self._triples.append(triple)
        self._lines = None

    def extend(self, triples: Iterable[tuple]) -> None:
        """Add several triples in one call (the builder's hot paths add a node's triples together)."""
        self._triples.extend(triples)
        self._lines = None

    def lines(self) -> list[str]:
        """The distinct triples as N-Triples lines, sorted."""
        if self._lines is None:
            self._lines = sorted({f"{s} {p} {o} ." for s, p, o in self._triples})
        return self._lines

    def __len__(self) -> int:
        return len(self.lines())

    def __iter__(self) -> Iterator[ox.Triple]:
        return (q.triple for q in ox.parse(to_nquads(self), format=ox.RdfFormat.N_TRIPLES))

    def __contains__(self, triple: tuple) -> bool:
        return " ".join(map(str, triple)) + " ." in set(self.lines())

    def update(self, other: "TripleSet") -> "TripleSet":
        self._triples.extend(other._triples)
        self._lines = None
        return self

    def to_rdflib(self) -> Graph:
        """The same triples as an rdflib graph, with the project's prefixes bound."""
        g = Graph()
        for prefix, namespace in PREFIXES.items():
            g.bind(prefix, namespace, override=True)
        return g.parse(data=to_nquads(self), format="nt")


def with_ontology(data: TripleSet, ontology_file: Path) -> TripleSet:
    """The data triples plus the ontology's (classes, properties, grade and area schemes)."""
    if ontology_file.exists():
        data.update(TripleSet(q.triple for q in ox.parse(path=str(ontology_file), format=ox.RdfFormat.TURTLE)))
    return data


def to_nquads(g: TripleSet | Graph) -> bytes:
    """N-Quads (default graph, so also valid N-Triples), lines sorted: byte-identical output.

    Each line is pyoxigraph's own N-Triples form of its terms (what ``pyoxigraph.serialize``
    writes: a test checks the bytes are equal), joined without building a ``Triple`` object
    per triple (which costs more than the rest together). UTF-8 keeps code-point order, so
    sorting the text sorts the bytes.
    """
    if isinstance(g, Graph):
        g = TripleSet(q.triple for q in ox.parse(g.serialize(format="nt", encoding="utf-8"),
                                                 format=ox.RdfFormat.N_TRIPLES))
    lines = g.lines()
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


# --- streaming exports for the build ---------------------------------------------------


def merge_sorted(inputs: Iterable[Path], out: BinaryIO) -> tuple[int, str]:
    """K-way merge of sorted N-Triples files into ``out``, dropping duplicate lines.

    The result is the sorted union, whatever order the inputs are given in. Returns
    (number of lines written, sha256 hex digest of the bytes written). GNU/BSD ``sort -m``
    does the merge where it is installed (byte order under ``LC_ALL=C``, ~7x quicker than
    ``heapq.merge``); the same merge in Python otherwise.
    """
    paths = sorted(set(Path(p) for p in inputs))
    if shutil.which("sort"):
        return _merge_with_sort(paths, out)
    return _merge_python(paths, out, unique=True)


def _merge_python(paths: list[Path], out: BinaryIO, unique: bool) -> tuple[int, str]:
    """``heapq.merge`` of sorted files, at most ``MAX_OPEN_SHARDS`` open at once (wider merges
    go through intermediate files); ``unique`` drops repeated lines."""
    with tempfile.TemporaryDirectory(prefix="peelkg-merge-") as tmp:
        level = 0
        while len(paths) > MAX_OPEN_SHARDS:  # bound the number of open files
            merged = []
            for i in range(0, len(paths), MAX_OPEN_SHARDS):
                part = Path(tmp) / f"{level}-{i}.nt"
                with part.open("wb") as fh:
                    _merge_open(paths[i : i + MAX_OPEN_SHARDS], fh, unique)
                merged.append(part)
            paths, level = merged, level + 1
        return _merge_open(paths, out, unique)


def _merge_with_sort(paths: list[Path], out: BinaryIO) -> tuple[int, str]:
    nonempty = [str(p) for p in paths if p.stat().st_size]
    sha, count = hashlib.sha256(), 0
    if not nonempty:
        return 0, sha.hexdigest()
    with tempfile.TemporaryDirectory(prefix="peelkg-merge-") as tmp:
        cmd = ["sort", "-m", "-u", f"--batch-size={_sort_fan_in()}", "-T", tmp, "--", *nonempty]
        env = {**os.environ, "LC_ALL": "C"}
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
            while chunk := proc.stdout.read(1 << 20):
                out.write(chunk)
                sha.update(chunk)
                count += chunk.count(b"\n")
            error = proc.stderr.read().decode(errors="replace").strip()
        if proc.returncode != 0:
            raise OSError(f"sort -m failed ({proc.returncode}): {error}")
    return count, sha.hexdigest()


def _merge_open(paths: list[Path], out: BinaryIO, unique: bool = True) -> tuple[int, str]:
    handles = [p.open("rb") for p in paths]
    sha = hashlib.sha256()
    count = 0
    previous = None
    try:
        for line in heapq.merge(*(_lines(h) for h in handles)):
            if unique and line == previous:
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


def count_shared(inputs: Iterable[Path]) -> tuple[dict[bytes, int], int]:
    """Across sorted, de-duplicated N-Triples files: the lines more than one file has (with the
    number of files having each), and the number of distinct lines.

    These counts let a build update its store from the files that changed alone: a line one
    file drops leaves the graph only if no other file still has it. ``sort -m | uniq -c -d``
    finds them where installed; the Python merge (keeping repeats) and a count of each run of
    equal lines otherwise.
    """
    paths = sorted({Path(p) for p in inputs if Path(p).stat().st_size})
    total = 0
    for path in paths:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 22):
                total += chunk.count(b"\n")
    shared: dict[bytes, int] = {}
    if paths and shutil.which("sort") and shutil.which("uniq"):
        with tempfile.TemporaryDirectory(prefix="peelkg-count-") as tmp:
            env = {**os.environ, "LC_ALL": "C"}
            cmd = ["sort", "-m", f"--batch-size={_sort_fan_in()}", "-T", tmp, "--", *map(str, paths)]
            with subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env) as merge, \
                    subprocess.Popen(["uniq", "-c", "-d"], stdin=merge.stdout, stdout=subprocess.PIPE, env=env) as uniq:
                merge.stdout.close()  # uniq owns the pipe now
                for row in uniq.stdout:
                    count, _, line = row.lstrip().partition(b" ")
                    shared[line] = int(count)
            if merge.returncode or uniq.returncode:
                raise OSError(f"sort -m | uniq -c -d failed ({merge.returncode}, {uniq.returncode})")
    elif paths:
        with tempfile.TemporaryFile() as merged:
            _merge_python(paths, merged, unique=False)
            merged.seek(0)
            for line, run in itertools.groupby(merged):
                count = sum(1 for _ in run)
                if count > 1:
                    shared[line] = count
    return shared, total - sum(n - 1 for n in shared.values())


def write_sorted_nt(g: TripleSet, path: Path) -> int:
    """Write triples as sorted, de-duplicated N-Triples (a shard); returns its line count."""
    data = to_nquads(g)
    write_atomic(path, data)
    return data.count(b"\n")


class DiffTooLarge(Exception):
    """More lines differ than ``limit``: reloading from scratch is cheaper than a diff."""


def diff_sorted(old: Path, new: Path, limit: int) -> tuple[list[bytes], list[bytes]]:
    """(lines only in ``old``, lines only in ``new``) of two sorted, de-duplicated N-Triples
    files, in one streaming pass; raises :class:`DiffTooLarge` past ``limit`` changed lines."""
    removed: list[bytes] = []
    added: list[bytes] = []
    with open(old, "rb") as fa, open(new, "rb") as fb:
        a, b = fa.readline(), fb.readline()
        while a or b:
            if a == b:
                a, b = fa.readline(), fb.readline()
                continue
            if b and (not a or b < a):
                added.append(b)
                b = fb.readline()
            else:
                removed.append(a)
                a = fa.readline()
            if len(removed) + len(added) > limit:
                raise DiffTooLarge(f"more than {limit} lines differ")
    return removed, added
