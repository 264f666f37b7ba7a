"""Build the graph from a corpus folder: read, extract, link, write, load — atomically.

Each document's facts go to a *shard* (sorted N-Quads, default graph) cached under
``cache/`` by content hash and code fingerprint, with the *digest* the corpus-level passes
read, so rebuilding after one change re-extracts one document; the graph is the union of the
shards, the corpus-level graph and the ontology, and the store is updated from the parts that
changed (``kg.incremental``). Each build writes a complete *generation* folder beside the previous one and
only then switches the ``CURRENT`` pointer with an atomic rename, so a failed or killed
build leaves the last good graph in place and readers never see half a graph.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

import multiprocessing as mp

from filelock import FileLock, Timeout

from extraction import pipeline, resolution
from extraction.digest import digest_document
from extraction.metadata import NotAReport
from extraction.reader import ReadError, SourceText, read_report
from extraction.records import CorpusLinks, DocumentDigest, ExtractionResult

from . import incremental, serialize
from .builder import add_corpus_links, document_graph, new_graph
from .files import write_atomic
from .paths import ONTOLOGY_FILE, ROOT
from .serialize import TripleSet
from .store import CURRENT_POINTER, apply_lines, checkpoint_store, contains_lines, graph_parts, load_store

REPORT_SUFFIXES = {".txt", ".text", ".md", ""}
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
"""Refuse larger files: the longest PEEL report is ~0.3 MB, so 20 MB is surely not one report."""

MANIFEST = "manifest.json"


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
    reused: bool = False  # nothing changed: the current generation was kept as it is
    build_key: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase
    doc_seconds: dict[str, float] = field(default_factory=dict)  # extraction time per file extracted now
    rekeyed: int = 0  # documents whose shard entity resolution rewrote (serialised again at merge)
    store_update: str = ""  # how the store was written: the previous one updated, or a full load

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
    try:
        entries = list(corpus.iterdir())
    except PermissionError:
        raise BuildError(f"{corpus}: permission denied (cannot list the folder)") from None
    files = [
        p
        for p in entries
        if p.is_file()
        and not p.name.startswith(".")
        and p.suffix.lower() in REPORT_SUFFIXES
        and p.stem.upper() != "README"
    ]
    return sorted(files, key=lambda p: p.name)


# --- cache keys ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the extractor and builder code and data: a cached shard is valid only for it.

    No hand-bumped version to forget: any edit to the extraction rules, gazetteers or RDF
    modelling invalidates the cached per-document results.
    """
    sha = hashlib.sha256()
    extraction_dir = Path(pipeline.__file__).resolve().parent
    files = sorted(p for p in extraction_dir.rglob("*") if p.is_file() and p.suffix in {".py", ".json", ".jsonl", ".txt"})
    files += [ROOT / "kg" / "builder.py", ROOT / "kg" / "namespaces.py"]
    for path in files:
        if "__pycache__" in path.parts or not path.exists():
            continue
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()[:12]


def _ontology_hash() -> str:
    return hashlib.sha256(ONTOLOGY_FILE.read_bytes()).hexdigest()[:12] if ONTOLOGY_FILE.exists() else "none"


CACHE_SUFFIXES = (".pickle", ".nq", ".digest")
"""A document's cache entry: its record (all facts), its shard, and its digest (what linking reads)."""


@dataclass(frozen=True)
class _CacheEntry:
    record: Path
    shard: Path
    digest: Path


def _cache_entry(cache_dir: Path, doc_id: str, fingerprint: str) -> _CacheEntry:
    stem = cache_dir / f"{doc_id}-{fingerprint}"
    return _CacheEntry(*(stem.with_suffix(suffix) for suffix in CACHE_SUFFIXES))


def _store_result(result: ExtractionResult, cache_dir: Path, fingerprint: str) -> DocumentDigest:
    """Write a document's shard, its record, then its digest (which marks the entry complete).

    Record and digest are pickles: the cache is the build's own state inside ``--out``,
    written and read only by this code, and unpickling is ~4x quicker than JSON plus
    ``from_dict`` (which ``ExtractionResult.to_dict`` still offers for readable output).
    A build reads every unchanged document's digest (a few KB), and its record only when
    entity resolution rewrites its keys.
    """
    entry = _cache_entry(cache_dir, result.document.doc_id, fingerprint)
    digest = digest_document(result)
    serialize.write_sorted_nt(document_graph(result), entry.shard)
    write_atomic(entry.record, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    write_atomic(entry.digest, pickle.dumps(digest, protocol=pickle.HIGHEST_PROTOCOL))
    return digest


def _unpickle(path: Path, kind: type):
    """A cached object of ``kind``, or None for a missing, corrupt or truncated file (recomputed)."""
    try:
        value = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - any unpickling error means: recompute this entry
        return None
    return value if isinstance(value, kind) else None


def _complete_entry(cache_dir: Path, doc_id: str, fingerprint: str) -> _CacheEntry | None:
    entry = _cache_entry(cache_dir, doc_id, fingerprint)
    return entry if all(p.exists() for p in (entry.record, entry.shard, entry.digest)) else None


def _load_cached(cache_dir: Path, doc_id: str, fingerprint: str) -> ExtractionResult | None:
    """A document's cached record (all its facts), if its cache entry is complete."""
    entry = _complete_entry(cache_dir, doc_id, fingerprint)
    return entry and _unpickle(entry.record, ExtractionResult)


def _load_digest(cache_dir: Path, doc_id: str, fingerprint: str) -> DocumentDigest | None:
    """A document's cached digest (what linking reads), if its cache entry is complete."""
    entry = _complete_entry(cache_dir, doc_id, fingerprint)
    return entry and _unpickle(entry.digest, DocumentDigest)


def extract_cached(source: SourceText, out_dir: Path) -> tuple[ExtractionResult, bool]:
    """Extract one document, reusing the cached result for identical text. Returns (result, fresh)."""
    cache_dir, fp = Path(out_dir) / "cache", code_fingerprint()
    result = _load_cached(cache_dir, source.doc_id, fp)
    if result is not None and result.document.file_name == source.path.name:
        return result, False
    result = pipeline.extract_document(source)
    _store_result(result, cache_dir, fp)
    return result, True


# --- extraction jobs (run in worker processes with --jobs N) -------------------------------


GC_YOUNG_THRESHOLD = 20_000
"""Allocations between young-generation collections during a build (Python's default is 700).
A document's objects mostly die together when it is done, so frequent young collections only
re-walk live ones; measured at 10x: about a fifth of the extraction time saved."""


def _warm_worker() -> None:
    """Load what extracting a document needs (the spaCy pipeline; scikit-learn's stop words,
    for the digest) once per process, not once per document, then keep it out of the cyclic
    collector (as :func:`_tuned_gc`). Run in the build's process before a pool is made, forked
    workers inherit it all (each would otherwise spend ~3 s loading it)."""
    try:
        from extraction import mentions, recurrence

        mentions.parse("Warm up. The force has a unit.")
        recurrence.content_terms("warm up")
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        pass
    _tune_collector()


def _tune_collector() -> None:
    """Freeze what exists now out of the cyclic collector, and collect young objects rarely."""
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def _tuned_gc() -> Iterator[None]:
    """The collector set for a build as in a worker: what exists now (and the pipeline, when
    :func:`_warm_worker` runs inside) frozen, and rarer young collections. A build makes
    millions of short-lived objects while thousands of long-lived ones (digests, the pipeline)
    would otherwise be walked again and again. Restored afterwards: callers' processes are
    left as found."""
    threshold = gc.get_threshold()
    _tune_collector()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _extract_job(path: str, cache_dir: str, fingerprint: str) -> tuple[str, DocumentDigest | None, str, float]:
    """Extract one file into the cache. Returns (status, digest, reason, seconds); never raises."""
    started = time.perf_counter()
    try:
        source = read_report(Path(path))
        result = pipeline.extract_document(source)
        digest = _store_result(result, Path(cache_dir), fingerprint)
        return "ok", digest, "", time.perf_counter() - started
    except ReadError as exc:
        return "skip", None, exc.reason, 0.0
    except NotAReport as exc:
        return "skip", None, f"not a PEEL report: {exc}", 0.0
    except Exception as exc:  # noqa: BLE001 - one broken document must not sink the corpus
        return "skip", None, f"extraction failed ({type(exc).__name__}: {exc}); please report this", 0.0


def _pool(jobs: int) -> ProcessPoolExecutor:
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_warm_worker)


# --- the build ------------------------------------------------------------------------------


def build(
    corpus: Path,
    out_dir: Path,
    on_document: Callable[[str], None] | None = None,
    files: Iterable[Path] | None = None,
    jobs: int = 1,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    force: bool = False,
) -> BuildSummary:
    """Build the graph of every report under ``corpus`` into a new generation of ``out_dir``.

    ``jobs`` > 1 extracts documents in that many processes (output identical whatever it is);
    ``force`` rebuilds the generation even when nothing changed.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(
            f"{out_dir}: another build is running into this folder (lock {out_dir / '.lock'} held); "
            "wait for it to finish or use another --out"
        ) from None
    try:
        with _tuned_gc():
            return _build_locked(corpus, out_dir, on_document, files, max(1, jobs), max_file_bytes, force)
    finally:
        lock.release()


@dataclass(frozen=True)
class _Doc:
    path: Path
    doc_id: str


FILE_INDEX = "files.json"
"""In ``--out``: each report file's stat signature and content hash from the last build, so a
rebuild hashes only files whose signature changed (as git's index does)."""


def _signature(stat: os.stat_result) -> list[int]:
    """What changes whenever a file's content does: size, inode and modification and status-change
    times in ns (the status-change time cannot be set back by a user, unlike the modification time)."""
    return [stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns]


def _read_phase(paths, summary, on_document, max_file_bytes, out_dir: Path) -> list[_Doc]:
    """Hash every file (texts are not kept), skipping unreadable ones and duplicates; a file
    whose stat signature is the one recorded at the last build keeps its recorded hash."""
    try:
        index = json.loads((out_dir / FILE_INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        index = {}
    new_index: dict[str, list] = {}
    docs: list[_Doc] = []
    seen: dict[str, str] = {}
    for path in paths:
        reason, doc_id = None, None
        try:
            stat = path.stat()
            signature = _signature(stat)
            known = index.get(str(path))
            if isinstance(known, list) and known[:-1] == signature:
                doc_id = known[-1]
            elif stat.st_size > max_file_bytes:
                reason = (
                    f"too large for one report ({stat.st_size / 2**20:.1f} MB > {max_file_bytes / 2**20:g} MB "
                    "limit; raise it with --max-file-mb if this really is one report)"
                )
            else:
                doc_id = read_report(path).doc_id
        except ReadError as exc:
            reason = exc.reason
        except OSError as exc:
            reason = f"cannot read: {exc.strerror or exc}"
        if doc_id is not None:
            new_index[str(path)] = [*signature, doc_id]
        if reason is None and doc_id not in seen:
            seen[doc_id] = path.name
            docs.append(_Doc(path, doc_id))  # reported as it is extracted or loaded
            continue
        if reason is not None:
            summary.skipped.append(Skipped(path.name, reason))
        else:
            summary.duplicates.append(Skipped(path.name, f"same text as {seen[doc_id]}; read once"))
        if on_document:
            on_document(path.name)
    if new_index != index:
        write_atomic(out_dir / FILE_INDEX, json.dumps(new_index, sort_keys=True))
    return docs


def _build_key(docs: list[_Doc], summary: BuildSummary, fingerprint: str) -> str:
    key = {
        "code": fingerprint,
        "ontology": _ontology_hash(),
        "documents": sorted([d.doc_id, d.path.name] for d in docs),
        "unreadable": sorted([s.file, s.reason] for s in summary.skipped + summary.duplicates),
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


def _build_locked(corpus, out_dir: Path, on_document, files, jobs, max_file_bytes, force) -> BuildSummary:
    t0 = time.perf_counter()
    summary = BuildSummary(out_dir=out_dir)
    paths = list(files) if files is not None else discover(corpus)
    if not paths:
        raise BuildError(f"{corpus}: no report files found (looked for {', '.join(sorted(REPORT_SUFFIXES - {''}))} "
                         "or no extension); the previous graph (if any) is unchanged")
    fingerprint = code_fingerprint()
    cache_dir = out_dir / "cache"
    docs = _read_phase(paths, summary, on_document, max_file_bytes, out_dir)
    summary.build_key = _build_key(docs, summary, fingerprint)
    summary.timings["read"] = time.perf_counter() - t0

    if not force and _reuse_current(out_dir, summary):
        for d in docs:
            if on_document:
                on_document(d.path.name)
        summary.timings["total"] = time.perf_counter() - t0
        return summary

    t1 = time.perf_counter()
    digests = _extract_phase(docs, cache_dir, fingerprint, jobs, summary, on_document)
    summary.timings["extract"] = time.perf_counter() - t1 - summary.timings["load_cache"]
    if not digests:
        raise BuildError("no report could be read; the previous graph (if any) is unchanged", summary.skipped)

    t2 = time.perf_counter()
    links = pipeline.link_digests(list(digests.values()))
    _count(summary, digests.values(), links)
    summary.read = sorted(d.file_name for d in digests.values())
    summary.timings["link"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    paths = {d.doc_id: d.path for d in docs}
    shards = _document_shards(cache_dir, fingerprint, digests, links, paths, summary)
    staging = _stage_generation(out_dir, shards, links)
    # a shard's cache name and its document's file name (a rename rewrites the shard in place) say what it holds
    contents = {doc_id: [shards[doc_id].name, digests[doc_id].file_name] for doc_id in sorted(shards)}
    summary.generation = _finish_generation(out_dir, staging, shards, contents, summary)
    _prune_cache(cache_dir, fingerprint, set(shards.values()))
    summary.timings["write"] = time.perf_counter() - t3
    summary.timings["total"] = time.perf_counter() - t0
    return summary


def _extract_phase(docs, cache_dir: Path, fingerprint, jobs, summary, on_document) -> dict[str, DocumentDigest]:
    """Cached digests where valid; the rest extracted (in ``jobs`` processes) into the cache."""
    results: dict[str, DocumentDigest] = {}
    todo: list[_Doc] = []
    started = time.perf_counter()
    for d in docs:
        cached = _load_digest(cache_dir, d.doc_id, fingerprint)
        if cached is not None and cached.file_name != d.path.name:  # same text, renamed: no need to re-extract
            record = _load_cached(cache_dir, d.doc_id, fingerprint)
            if record is not None:
                record.document = replace(record.document, file_name=d.path.name)
            cached = record and _store_result(record, cache_dir, fingerprint)
        if cached is None:
            todo.append(d)
            continue
        results[d.doc_id] = cached
        if on_document:
            on_document(d.path.name)
    summary.timings["load_cache"] = time.perf_counter() - started
    # biggest first, so one long report does not start last and keep the pool waiting
    todo.sort(key=lambda d: (-d.path.stat().st_size, d.path.name))
    args = [(str(d.path), str(cache_dir), fingerprint) for d in todo]
    if todo:
        _warm_worker()  # inside build's _tuned_gc, which restores the collector afterwards
    if jobs > 1 and len(todo) > 1:
        with _pool(min(jobs, len(todo))) as pool:
            futures = {pool.submit(_extract_job, *a): d for a, d in zip(args, todo)}
            for future in as_completed(futures):  # progress as each document finishes
                _collect(futures[future], future.result(), results, summary, on_document)
    else:
        for a, d in zip(args, todo):
            _collect(d, _extract_job(*a), results, summary, on_document)
    summary.skipped.sort(key=lambda s: s.file)  # the same report whatever the completion order
    return results


def _collect(d: _Doc, outcome, results, summary, on_document) -> None:
    status, result, reason, seconds = outcome
    if on_document:
        on_document(d.path.name)
    if status != "ok":
        summary.skipped.append(Skipped(d.path.name, reason))
        return
    summary.extracted += 1
    summary.doc_seconds[d.path.name] = round(seconds, 4)
    results[result.doc_id] = result


def _count(summary: BuildSummary, digests: Iterable[DocumentDigest], links: CorpusLinks) -> None:
    fix = links.canonical.get
    for d in digests:
        counts = dict(d.counts)
        summary.judgments += counts["judgments"]
        summary.findings += counts["findings"]
        summary.statistics += counts["statistics"]
        summary.relations += sum(fix(s, s) != fix(o, o) for s, _, o in d.relations)
    summary.entities = len(links.entities)


# --- writing a generation --------------------------------------------------------------------


def ontology_graph() -> TripleSet:
    """The ontology's triples (classes, properties, grade and area schemes)."""
    return serialize.with_ontology(new_graph(), ONTOLOGY_FILE)


def corpus_graph(links: CorpusLinks) -> TripleSet:
    """Corpus-level facts only (resolved entities, recurring findings): no document shard has them."""
    return add_corpus_links(new_graph(), links.entities, links.recurrences)


RESOLVED_MARK = "-resolved-"


def _document_shards(cache_dir: Path, fingerprint: str, digests: dict[str, DocumentDigest], links: CorpusLinks,
                     paths: dict[str, Path], summary: BuildSummary) -> dict[str, Path]:
    """Each document's shard: the cached one, or for a document whose keys entity resolution
    rewrites, the shard of its rewritten facts, cached under a hash of the rewrites.

    The rewrites are known from the digests, so a build whose resolution rewrites a document
    as the last one did reuses that shard without reading the document's record.
    """
    shards: dict[str, Path] = {}
    for doc_id, digest in sorted(digests.items()):
        shard = _cache_entry(cache_dir, doc_id, fingerprint).shard
        if links.changes(digest):
            summary.rekeyed += 1
            rewrites = links.rewrites(digest)
            key = json.dumps([digest.file_name, sorted(rewrites.items())]).encode()
            shard = shard.with_name(f"{doc_id}-{fingerprint}{RESOLVED_MARK}{hashlib.sha256(key).hexdigest()[:12]}.nq")
            if not shard.exists():
                result = _load_cached(cache_dir, doc_id, fingerprint)
                if result is None:  # the record went missing or corrupt since its digest was read
                    status, _, reason, _ = _extract_job(str(paths[doc_id]), str(cache_dir), fingerprint)
                    result = _load_cached(cache_dir, doc_id, fingerprint) if status == "ok" else None
                    if result is None:  # e.g. the file changed or went since the read phase
                        raise BuildError(f"{paths[doc_id].name}: {reason or 'its text changed during the build'}; "
                                         "run the build again (the previous graph is unchanged)")
                    summary.extracted += 1
                resolution.rewrite(result, rewrites)
                serialize.write_sorted_nt(document_graph(result), shard)
        shards[doc_id] = shard
    return shards


def _stage_generation(out_dir: Path, shards: dict[str, Path], links: CorpusLinks) -> Path:
    """A staging folder with the generation's shards (linked from the cache), ``corpus.nq``
    and ``ontology.nq``."""
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".staging-"))
    try:
        os.chmod(staging, 0o755)
        shard_dir = staging / "shards"
        shard_dir.mkdir()
        for doc_id, shard in sorted(shards.items()):
            _link_or_copy(shard, shard_dir / f"{doc_id}.nq")  # shared with the cache
        serialize.write_sorted_nt(corpus_graph(links), staging / "corpus.nq")
        serialize.write_sorted_nt(ontology_graph(), staging / "ontology.nq")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


SHARED_LINES = "shared-lines.pickle"
"""In a generation: the lines more than one of its parts has, with how many (``kg.incremental``)."""


def _finish_generation(out_dir: Path, staging: Path, shards: dict[str, Path], contents: dict[str, list[str]],
                       summary: BuildSummary) -> Path:
    """Name the staged generation, give it its store, then switch CURRENT.

    The generation's name is a hash of what its parts hold (``contents``: each shard's cache
    name, which the document's text, the code and entity resolution determine, and the file
    name; the corpus-level and ontology files), so the same inputs name the same generation
    without reading the graph.
    Its whole graph as one N-Quads file, and Turtle, TriG and JSON-LD, are written on demand
    (``kg.store.graph_nquads``, ``peelkg export``), not by every build.
    """
    try:
        identity = {
            "shards": contents,
            "corpus": hashlib.sha256((staging / "corpus.nq").read_bytes()).hexdigest(),
            "ontology": hashlib.sha256((staging / "ontology.nq").read_bytes()).hexdigest(),
        }
        sha = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
        generation = out_dir / f"gen-{sha[:12]}"
        if (generation / MANIFEST).exists() and (generation / "store").exists():
            shutil.rmtree(staging, ignore_errors=True)  # identical graph already on disk
            summary.triples = json.loads((generation / MANIFEST).read_text("utf-8"))["triples"]
        else:
            _write_store(out_dir, staging, summary)
            write_atomic(staging / MANIFEST, json.dumps(_manifest(summary, shards, sha), indent=2, sort_keys=True))
            shutil.rmtree(generation, ignore_errors=True)
            os.replace(staging, generation)
        write_atomic(generation / MANIFEST, json.dumps(_manifest(summary, shards, sha), indent=2, sort_keys=True))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    write_atomic(out_dir / CURRENT_POINTER, generation.name + "\n")
    _prune(out_dir, keep={generation.name})
    return generation


def _manifest(summary: BuildSummary, shards: dict[str, Path], sha: str) -> dict:
    return {
        "build_key": summary.build_key,
        "code_fingerprint": code_fingerprint(),
        "documents": summary.read,
        "shards": {doc_id: f"shards/{doc_id}.nq" for doc_id in sorted(shards)},
        "skipped": [[s.file, s.reason] for s in summary.skipped],
        "duplicates": [[s.file, s.reason] for s in summary.duplicates],
        "triples": summary.triples,
        "counts": {k: getattr(summary, k) for k in ("judgments", "findings", "entities", "relations", "statistics")},
        "generation_sha256": sha,
    }


INCREMENTAL_STORE_MAX_CHANGE = 0.25
"""Update the previous generation's store when at most this share of the triples changed;
past it, loading the whole graph afresh is as quick and leaves a compact store."""


def _write_store(out_dir: Path, staging: Path, summary: BuildSummary) -> None:
    """The generation's store: the previous one updated with the changed parts' lines
    (``kg.incremental``), or a full load of every part."""
    parts = graph_parts(staging)
    store, reason = None, None
    try:
        previous = out_dir / (out_dir / CURRENT_POINTER).read_text().strip()
        triples = json.loads((previous / MANIFEST).read_text("utf-8"))["triples"]
        shared = pickle.loads((previous / SHARED_LINES).read_bytes())
        if not isinstance(shared, dict):
            raise TypeError(f"{previous / SHARED_LINES}: not a table of shared lines")
        limit = max(1000, int(2 * triples * INCREMENTAL_STORE_MAX_CHANGE))  # removed + added
        diffs = incremental.part_diffs(incremental.changed_parts(graph_parts(previous), parts), limit)
        store = checkpoint_store(previous / "store", staging / "store")
        removed, added = incremental.net_change(shared, diffs, partial(contains_lines, store))
        apply_lines(store, removed, added)
        store = None  # closed before the folder is renamed
        summary.triples = triples - len(removed) + len(added)
        summary.store_update = f"incremental: -{len(removed)} +{len(added)} triples"
    except (OSError, serialize.DiffTooLarge, ValueError, SyntaxError, KeyError, TypeError,
            pickle.UnpicklingError, EOFError) as exc:
        # no previous graph, too large a change, or a previous generation that cannot be read
        # (pyoxigraph's parse errors are SyntaxError): the fresh load below is always right
        first = isinstance(exc, FileNotFoundError) and not (out_dir / CURRENT_POINTER).exists()
        reason = "first build" if first else str(exc) or type(exc).__name__
    if reason is not None:
        # outside the except clause, so its traceback no longer holds a half-updated copy open
        # (RocksDB locks its folder): that copy is closed and removed
        store = None
        shutil.rmtree(staging / "store", ignore_errors=True)
        shared, summary.triples = serialize.count_shared(parts.values())
        load_store(staging / "store", parts.values(), lenient=True)  # parts pyoxigraph wrote
        summary.store_update = f"full load ({reason})"
    write_atomic(staging / SHARED_LINES, pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL))


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _reuse_current(out_dir: Path, summary: BuildSummary) -> bool:
    """If the current generation was built from exactly these inputs and code, keep it (cheap)."""
    try:
        generation = out_dir / (out_dir / CURRENT_POINTER).read_text().strip()
        manifest = json.loads((generation / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("build_key") != summary.build_key or not (generation / "store").is_dir():
        return False
    summary.generation = generation
    summary.reused = True
    summary.read = list(manifest.get("documents", []))
    summary.skipped = [Skipped(f, r) for f, r in manifest.get("skipped", [])]
    summary.duplicates = [Skipped(f, r) for f, r in manifest.get("duplicates", [])]
    summary.triples = manifest.get("triples", 0)
    for k, v in manifest.get("counts", {}).items():
        setattr(summary, k, v)
    return True


def _prune(out_dir: Path, keep: set[str], retain: int = 2) -> None:
    """Remove old generations, keeping the current one and the most recent previous one.

    The previous generation stays because a reader may still have its store open.
    """
    gens = sorted(
        (p for p in out_dir.glob("gen-*") if p.is_dir() and p.name not in keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in gens[retain - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in out_dir.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _prune_cache(cache_dir: Path, fingerprint: str, in_use: set[Path]) -> None:
    """Drop cache entries of other code versions, resolved shards this build did not use, and
    temporary files left by a killed build."""
    if not cache_dir.is_dir():
        return
    for p in cache_dir.iterdir():
        if p.name.startswith("."):
            p.unlink(missing_ok=True)
        elif RESOLVED_MARK in p.stem:
            if p not in in_use:
                p.unlink(missing_ok=True)
        elif p.suffix in {".json", *CACHE_SUFFIXES} and not p.stem.endswith(f"-{fingerprint}"):
            p.unlink(missing_ok=True)
