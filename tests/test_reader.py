from pathlib import Path

import pytest

from extraction.reader import ReadError, read_report


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_reads_utf8_with_bom_and_crlf(tmp_path):
    p = write(tmp_path, "r.txt", "\ufeffMetropolitan\r\nPolice £5m\r\n".encode("utf-8"))
    src = read_report(p)
    assert src.text == "Metropolitan\nPolice £5m\n"
    assert len(src.doc_id) == 16


def test_same_text_same_id_under_two_names(tmp_path):
    a = write(tmp_path, "a.txt", b"same report text")
    b = write(tmp_path, "b.txt", b"same report text")
    assert read_report(a).doc_id == read_report(b).doc_id


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00def", "NUL"),
        ("Police £5m “quoted”".encode("cp1252"), "not valid UTF-8"),
    ],
)
def test_bad_input_is_named_with_reason(tmp_path, data, reason):
    p = write(tmp_path, "bad.txt", data)
    with pytest.raises(ReadError) as info:
        read_report(p)
    assert reason in str(info.value)
    assert "bad.txt" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_report(tmp_path / "nope.txt")
