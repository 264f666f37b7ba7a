"""bench/synth.py: the synthetic corpus is realistic (real reports rewritten) and never deduplicates."""

from __future__ import annotations

import sys
from pathlib import Path

from extraction.reader import read_report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import synth  # noqa: E402


def test_copies_are_distinct_rewrites_of_the_corpus(corpus_dir, tmp_path):
    stats = synth.generate(3, tmp_path, corpus_dir)
    originals = synth.report_files(corpus_dir)
    files = sorted(tmp_path.iterdir())
    assert stats["files"] == len(files) == 3 * len(originals)
    ids = {read_report(p).doc_id for p in files}
    assert len(ids) == len(files), "no two synthetic reports share a content hash"
    first = {p.name.split("_", 1)[1]: p.read_text("utf-8") for p in files if p.name.startswith("0000_")}
    assert first == {p.name: p.read_text("utf-8") for p in originals}, "copy 0 is the real corpus"
    met = next(p for p in originals if "Metropolitan Police Service" in p.read_text("utf-8"))
    rewritten = (tmp_path / f"0001_{met.name}").read_text("utf-8")
    assert "Metropolitan Police Service" not in rewritten, "force names are swapped"
    assert abs(len(rewritten) - len(met.read_text("utf-8"))) < 0.05 * len(rewritten), "same size and structure"
    again = tmp_path / "again"
    synth.generate(2, again, corpus_dir)
    assert (again / f"0001_{met.name}").read_text("utf-8") == rewritten, "generation is deterministic"
