"""Build the graph from a corpus folder: read, extract, link, write, load — atomically.

Each build writes a complete *generation* folder beside the previous one and only then
switches the ``CURRENT`` pointer with an atomic rename, so a failed or killed build leaves
the last good graph in place and readers never see half a graph.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from extraction import pipeline
from extraction.metadata import NotAReport
from extraction.reader import ReadError, SourceText, read_report
from extraction.records import CorpusResult, ExtractionResult

from . import serialize
from .builder import build_graph
from .paths import ONTOLOGY_FILE
from .store import CURRENT_POINTER, load_store

REPORT_SUFFIXES = {".txt", ".text", ".md", ""}


@dataclass
class Skipped:
    file: str
    reason: str


@dataclass
class BuildSummary:
    out_dir: Path
    generation: Path | None = None
    read: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)
    triples: int = 0
    judgments: int = 0
    findings: int = 0
    entities: int = 0
    relations: int = 0
    statistics: int = 0
    extracted: int = 0  # documents extracted in this run (the rest came from the cache)

    @property
    def ok(self) -> bool:
        return bool(self.read)


class BuildError(Exception):
    """The build could not produce a graph (e.g. no readable report); the previous one stays."""

    def __init__(self, message: str, skipped: list[Skipped] | None = None):
        super().__init__(message)
        self.skipped = skipped or []


class BuildLocked(BuildError):
    """Another build is writing to the same output folder."""


def discover(corpus: Path) -> list[Path]:
    """Report files in a folder (sorted by name, hidden files and README skipped), or one file."""
    corpus = Path(corpus)
    if not corpus.exists():
        raise BuildError(f"{corpus}: no such file or folder")
    if corpus.is_file():
        return [corpus]
    files = [
        p
        for p in corpus.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.suffix.lower() in REPORT_SUFFIXES
        and p.stem.upper() != "README"
    ]
    return sorted(files, key=lambda p: p.name)


def _cache_path(out_dir: Path, doc_id: str) -> Path:
    return out_dir / "cache" / f"{doc_id}-v{pipeline.EXTRACTOR_VERSION}.json"


def extract_cached(source: SourceText, out_dir: Path) -> tuple[ExtractionResult, bool]:
    """Extract one document, reusing the cached result for identical text. Returns (result, fresh)."""
    cache = _cache_path(out_dir, source.doc_id)
    if cache.exists():
        try:
            result = ExtractionResult.from_dict(json.loads(cache.read_text("utf-8")))
            if result.document.file_name == source.path.name:
                return result, False
        except (ValueError, TypeError, KeyError):
            pass  # a corrupt cache entry is simply recomputed
    result = pipeline.extract_document(source)
    write_atomic(cache, json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True))
    return result, True


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file via a temporary sibling and ``os.replace``: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(
    corpus: Path,
    out_dir: Path,
    on_document: Callable[[str], None] | None = None,
    files: Iterable[Path] | None = None,
    jobs: int = 1,
) -> BuildSummary:
    """Build the graph of every report under ``corpus`` into a new generation of ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(f"{out_dir}: another build is running into this folder (lock held)") from None
    try:
        return _build_locked(corpus, out_dir, on_document, files, jobs)
    finally:
        lock.release()


def _build_locked(corpus, out_dir: Path, on_document, files, jobs: int) -> BuildSummary:
    summary = BuildSummary(out_dir=out_dir)
    paths = list(files) if files is not None else discover(corpus)
    results: list[ExtractionResult] = []
    seen: dict[str, str] = {}
    for path in paths:
        if on_document:
            on_document(path.name)
        try:
            source = read_report(path)
            if source.doc_id in seen:
                summary.duplicates.append(
                    Skipped(path.name, f"same text as {seen[source.doc_id]}; read once")
                )
                continue
            result, fresh = extract_cached(source, out_dir)
        except ReadError as exc:
            summary.skipped.append(Skipped(path.name, exc.reason))
            continue
        except NotAReport as exc:
            summary.skipped.append(Skipped(path.name, f"not a PEEL report: {exc}"))
            continue
        seen[source.doc_id] = path.name
        summary.extracted += int(fresh)
        summary.read.append(path.name)
        results.append(result)
    if not results:
        raise BuildError(
            "no report could be read; the previous graph (if any) is unchanged", summary.skipped
        )
    corpus_result = pipeline.link_corpus(results)
    _count(summary, corpus_result)
    summary.generation = write_generation(corpus_result, out_dir, summary)
    return summary


def _count(summary: BuildSummary, corpus: CorpusResult) -> None:
    for r in corpus.documents:
        summary.judgments += len(r.judgments)
        summary.findings += len(r.findings)
        summary.relations += len(r.relations)
        summary.statistics += len(r.statistics)
    summary.entities = len(corpus.entities)


def write_generation(corpus: CorpusResult, out_dir: Path, summary: BuildSummary) -> Path:
    """Write exports and the store into a fresh folder, then switch CURRENT to it atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    graph = serialize.with_ontology(build_graph(corpus), ONTOLOGY_FILE)
    nquads = serialize.to_nquads(graph)
    generation = out_dir / f"gen-{serialize.digest(nquads)}"
    summary.triples = nquads.count(b"\n")
    if not (generation / "manifest.json").exists():
        staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".staging-"))
        try:
            (staging / "peel.nq").write_bytes(nquads)
            (staging / "peel.ttl").write_bytes(serialize.to_turtle(graph))
            (staging / "peel.trig").write_bytes(serialize.to_trig(graph))
            load_store(staging / "store", nquads)
            manifest = {
                "documents": sorted(r.document.file_name for r in corpus.documents),
                "triples": summary.triples,
            }
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
            shutil.rmtree(generation, ignore_errors=True)
            os.replace(staging, generation)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    write_atomic(out_dir / CURRENT_POINTER, generation.name + "\n")
    _prune(out_dir, keep={generation.name})
    return generation


def _prune(out_dir: Path, keep: set[str], retain: int = 2) -> None:
    """Remove old generations, keeping the current one and the most recent previous ones."""
    gens = sorted(
        (p for p in out_dir.glob("gen-*") if p.is_dir() and p.name not in keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in gens[retain - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in out_dir.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
