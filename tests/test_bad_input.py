"""Bad input: every kind of broken file is named with its reason and the rest is still built.

One folder holds a good report plus one file of each bad kind; it is built once (in-process,
and once more through the ``peelkg`` CLI to prove the user sees messages, not tracebacks).
"""

from __future__ import annotations

import pickle
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extraction.reader import read_report
from kg import build as kb

PEELKG = str(Path(sys.executable).with_name("peelkg"))

NOVEL = """Chapter Seven: The Lighthouse

Margaret had not been back to Pellow Cove since the winter of 1987, when the storm took the
pier and half the fishing fleet with it. The village had changed. The bakery was a gallery
now, selling paintings of the sea to people who had never been out on it, and the old
constable's cottage had become a holiday let with a hot tub in the garden.

She walked the cliff path in the late afternoon light, past the gorse and the bench where her
father used to sit. "You always come back," he had told her once, "everyone does." She had
laughed at him then. Now she counted the boats in the harbour - eleven, where there had once
been forty - and wondered whether he had been right about that, too.

At the lighthouse the door was locked, but the key was still under the third stone from the
left. Inside it smelled of salt and paraffin. She climbed the one hundred and twelve steps
slowly, one hand on the cold rail, and at the top she found the logbook open on the desk, its
last entry written in a hand she knew better than her own.
"""


def _smallest_reports(corpus_dir: Path, n: int) -> list[Path]:
    return sorted(kb.discover(corpus_dir), key=lambda p: p.stat().st_size)[:n]


@pytest.fixture(scope="module")
def bad_folder(corpus_dir, tmp_path_factory) -> dict:
    """A corpus folder with one good report (saved with BOM + CRLF) and one file of each bad kind."""
    folder = tmp_path_factory.mktemp("bad_corpus")
    small, second = _smallest_reports(corpus_dir, 2)
    text = read_report(small).text
    files = {
        "a_report_bom_crlf.txt": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
        "b_same_report_again.txt": text.encode("utf-8"),
        "c_empty.txt": b"",
        "d_picture.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "e_windows_1252.txt": ("The force\u2019s budget was \u00a373m in 2016. " + text[:2000]).encode("cp1252", "replace"),
        "f_novel_chapter.txt": NOVEL.encode("utf-8"),
        "g_truncated.txt": read_report(second).text[: len(read_report(second).text) // 2].rstrip()[:-3].encode("utf-8"),
        "h_no_permission.txt": text.encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    huge = folder / "i_huge.txt"
    with huge.open("wb") as fh:  # ~50 MB of repeated report text
        chunk = (text + "\n").encode("utf-8")
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    (folder / "h_no_permission.txt").chmod(0)
    return {"folder": folder, "text": text, "huge": huge}


@pytest.fixture(scope="module")
def bad_build(bad_folder, tmp_path_factory):
    """The in-process build. Tests run as root, which ignores chmod 000, so the permission
    failure is simulated where the reader meets it (Path.read_bytes raising PermissionError)."""
    out = tmp_path_factory.mktemp("bad_out")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "h_no_permission.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "read_bytes", read_bytes)
        started = time.perf_counter()
        summary = kb.build(bad_folder["folder"], out)
        seconds = time.perf_counter() - started
    return {"summary": summary, "out": out, "seconds": seconds}


def _reason(summary, name: str) -> str:
    found = {s.file: s.reason for s in summary.skipped + summary.duplicates}
    assert name in found, f"{name} not reported; skipped: {found}"
    return found[name]


def test_good_report_with_bom_and_crlf_is_built(bad_build, bad_folder):
    summary = bad_build["summary"]
    assert "a_report_bom_crlf.txt" in summary.read
    # offsets refer to the normalised text (BOM dropped, CRLF -> LF): check every fact's span
    cache = bad_build["out"] / "cache"
    text = bad_folder["text"]
    records = (pickle.loads(p.read_bytes()).to_dict() for p in cache.glob("*.pickle"))
    record = next(r for r in records if r["document"]["file_name"] == "a_report_bom_crlf.txt")
    spans = [e for k in ("judgments", "findings", "mentions", "relations", "statistics") for e in (f["evidence"] for f in record[k])]
    assert spans, "the good report produced no facts"
    for ev in spans:
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_bom_crlf_text_reads_as_the_same_text(bad_folder):
    folder = bad_folder["folder"]
    assert read_report(folder / "a_report_bom_crlf.txt").text == read_report(folder / "b_same_report_again.txt").text


def test_same_report_twice_is_read_once(bad_build):
    assert "b_same_report_again.txt" not in bad_build["summary"].read
    assert "same text as a_report_bom_crlf.txt" in _reason(bad_build["summary"], "b_same_report_again.txt")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("c_empty.txt", "empty file"),
        ("d_picture.txt", "binary file (a PNG image)"),
        ("e_windows_1252.txt", "not valid UTF-8"),
        ("f_novel_chapter.txt", "not a PEEL report"),
        ("h_no_permission.txt", "permission denied"),
        ("i_huge.txt", "too large for one report"),
    ],
)
def test_bad_file_is_skipped_with_its_reason(bad_build, name, expected):
    assert expected in _reason(bad_build["summary"], name)
    assert name not in bad_build["summary"].read


def test_cp1252_message_says_how_to_fix_it(bad_build):
    reason = _reason(bad_build["summary"], "e_windows_1252.txt")
    assert "byte 0x" in reason and "re-save it as UTF-8" in reason


def test_truncated_report_is_still_built(bad_build):
    assert "g_truncated.txt" in bad_build["summary"].read


def test_huge_file_costs_neither_time_nor_memory(bad_folder):
    """The 50 MB file is refused by size before it is read; reading it anyway stays fast."""
    huge = bad_folder["huge"]
    assert huge.stat().st_size > 50 * 1024 * 1024
    started = time.perf_counter()
    source = read_report(huge)
    assert time.perf_counter() - started < 10
    assert len(source.text) > 50_000_000


def test_cli_names_every_bad_file_without_a_traceback(bad_folder, bad_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(bad_build["out"] / "cache", out / "cache")  # same texts: no need to extract again
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PEELKG, "build", "--corpus", str(bad_folder["folder"]), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stdout + stderr
    for name in ("c_empty.txt", "d_picture.txt", "e_windows_1252.txt", "f_novel_chapter.txt", "i_huge.txt", "b_same_report_again.txt"):
        assert name in stderr, f"{name} not named in:\n{stderr}"
    assert time.perf_counter() - started < 300


def test_huge_file_build_peak_memory(bad_folder, tmp_path):
    """Measured: a build of a folder holding the 50 MB file stays small (it is refused by size)."""
    folder = tmp_path / "only_huge"
    folder.mkdir()
    os.link(bad_folder["huge"], folder / "huge.txt")
    proc = subprocess.Popen([PEELKG, "build", "--corpus", str(folder), "--out", str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    stderr = proc.stderr.read().decode()
    assert os.waitstatus_to_exitcode(status) == 1, stderr  # nothing could be read
    assert "huge.txt" in stderr and "too large" in stderr and "Traceback" not in stderr
    assert usage.ru_maxrss < 1024 * 1024, f"peak RSS {usage.ru_maxrss} KiB"


def test_folder_without_reports(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(kb.BuildError, match="no report files found"):
        kb.build(tmp_path / "empty", tmp_path / "out")
    proc = subprocess.run([PEELKG, "build", "--corpus", str(tmp_path / "empty"), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "no report files found" in proc.stderr and "Traceback" not in proc.stderr


def test_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "no-such-folder"
    proc = subprocess.run([PEELKG, "build", "--corpus", str(missing), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "no-such-folder" in proc.stderr and "no such file or folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_out_path_that_is_a_file(tmp_path, corpus_dir):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    proc = subprocess.run([PEELKG, "build", "--corpus", str(corpus_dir), "--out", str(blocker)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "cannot write" in proc.stderr and "Traceback" not in proc.stderr


def test_only_bad_files_keeps_the_previous_graph(bad_build, tmp_path):
    """A build that can read nothing fails (exit 1) and leaves the current graph in place."""
    out = bad_build["out"]
    before = (out / "CURRENT").read_text()
    folder = tmp_path / "all_bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    with pytest.raises(kb.BuildError) as err:
        kb.build(folder, out)
    assert [s.file for s in err.value.skipped] == ["empty.txt"]
    assert (out / "CURRENT").read_text() == before
