"""Faults: killed builds, concurrent builds, readers during a build, a crashing extractor."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

import kg
from extraction import pipeline
from kg import build as kb
from kg.store import current_generation, graph_nquads

PEELKG = str(Path(sys.executable).with_name("peelkg"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(graph_dir: Path) -> int:
    return int(kg.open_graph(graph_dir).rows(COUNT)[0]["n"])


@pytest.fixture()
def graph_copy(built_graph, tmp_path) -> Path:
    """A private copy of the session's corpus graph (with its cache), free to rebuild."""
    out = tmp_path / "graph"
    shutil.copytree(built_graph, out)
    return out


@pytest.fixture()
def corpus_copy(corpus_dir, tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in kb.discover(corpus_dir):
        shutil.copyfile(p, folder / p.name)
    return folder


def _touch_report(corpus: Path, n: int) -> None:
    """Change the smallest report a little, so the next build has real work to do."""
    target = min(corpus.iterdir(), key=lambda p: p.stat().st_size)
    target.write_text(target.read_text("utf-8") + f"\n\nThe force told us about change number {n}.\n", "utf-8")


def _start_build(corpus: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [PEELKG, "build", "--corpus", str(corpus), "--out", str(out), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _assert_usable(graph_dir: Path) -> int:
    generation = current_generation(graph_dir)  # CURRENT points to a complete generation
    for name in ("manifest.json", "shards", "corpus.nq", "ontology.nq", "store"):
        assert (generation / name).exists(), f"{generation.name} lacks {name}"
    n = _count(graph_dir)
    assert n == graph_nquads(generation).read_bytes().count(b"\n")
    return n


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_a_usable_graph(graph_copy, corpus_copy):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    before = _assert_usable(graph_copy)

    _touch_report(corpus_copy, 0)
    started = time.perf_counter()
    proc = _start_build(corpus_copy, graph_copy)
    assert proc.wait(timeout=600) == 0, proc.stderr.read()
    full = time.perf_counter() - started
    assert _assert_usable(graph_copy) >= before

    for n in range(1, 4):
        _touch_report(corpus_copy, n)
        previous = current_generation(graph_copy)
        proc = _start_build(corpus_copy, graph_copy)
        delay = rng.uniform(0.1, 1.0) * full
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        now = current_generation(graph_copy)
        assert now == previous or (now / "manifest.json").exists(), f"seed {seed}, kill after {delay:.2f}s"
        _assert_usable(graph_copy)

    proc = _start_build(corpus_copy, graph_copy)  # the next build recovers and cleans up
    assert proc.wait(timeout=600) == 0, proc.stderr.read()
    _assert_usable(graph_copy)
    assert not list(graph_copy.glob(".staging-*")), "stale staging folders are removed"
    assert not [p for p in (graph_copy / "cache").iterdir() if p.name.startswith(".")], "no temp files left"


def test_second_build_into_a_locked_folder_is_refused(graph_copy, corpus_dir):
    current = (graph_copy / "CURRENT").read_text()
    with FileLock(str(graph_copy / ".lock")):
        with pytest.raises(kb.BuildLocked, match="another build is running"):
            kb.build(corpus_dir, graph_copy)
        proc = subprocess.run([PEELKG, "build", "--corpus", str(corpus_dir), "--out", str(graph_copy)],
                              capture_output=True, text=True, timeout=300)
    assert proc.returncode == 3, proc.stderr
    assert "another build is running" in proc.stderr and "Traceback" not in proc.stderr
    assert (graph_copy / "CURRENT").read_text() == current
    _assert_usable(graph_copy)


def test_two_builds_at_once_do_not_corrupt_the_graph(graph_copy, corpus_copy):
    _touch_report(corpus_copy, 99)
    procs = [_start_build(corpus_copy, graph_copy, "--force") for _ in range(2)]
    codes = sorted(p.wait(timeout=600) for p in procs)
    assert codes in ([0, 0], [0, 3]), [p.stderr.read() for p in procs]
    _assert_usable(graph_copy)


def test_queries_keep_working_while_a_build_runs(graph_copy, corpus_copy):
    old = kg.open_graph(graph_copy)
    before = int(old.rows(COUNT)[0]["n"])
    _touch_report(corpus_copy, 7)
    proc = _start_build(corpus_copy, graph_copy)
    answered = 0
    while proc.poll() is None:
        assert int(old.rows(COUNT)[0]["n"]) == before
        _count(graph_copy)  # a reader opening the graph now gets a complete generation
        answered += 1
        time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read()
    assert answered > 0
    assert int(old.rows(COUNT)[0]["n"]) == before, "the previous generation stays readable"
    assert current_generation(graph_copy) != old.generation
    _assert_usable(graph_copy)


def test_a_crashing_extractor_skips_only_that_document(graph_copy, corpus_copy, monkeypatch):
    _touch_report(corpus_copy, 3)
    target = min(corpus_copy.iterdir(), key=lambda p: p.stat().st_size).name
    real = pipeline.extract_document

    def extract(source):
        if source.path.name == target:
            raise RuntimeError("simulated extractor bug")
        return real(source)

    monkeypatch.setattr(pipeline, "extract_document", extract)
    summary = kb.build(corpus_copy, graph_copy)
    reasons = {s.file: s.reason for s in summary.skipped}
    assert "RuntimeError: simulated extractor bug" in reasons[target]
    assert target not in summary.read and len(summary.read) >= 1
    _assert_usable(graph_copy)
