"""Read a report file into text, or say exactly why it cannot be read.

Offsets everywhere in the graph are character offsets into the text returned here: UTF-8
decoded, byte-order mark removed, Windows and old-Mac line endings turned into ``\\n``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 200 * 1024 * 1024  # refuse anything larger: no PEEL report comes close

_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF (convert it to text first)",
    b"PK\x03\x04": "a ZIP/Office archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}


class ReadError(Exception):
    """A file that cannot be used as a report; the message names the reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    doc_id: str  # content hash of the normalised text


def content_id(text: str) -> str:
    """Stable document id: the first 16 hex digits of the SHA-256 of the normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def decode_report(raw: bytes, path: Path) -> str:
    """Decode bytes to normalised text, raising ReadError for empty, binary or non-UTF-8 input."""
    if not raw.strip():
        raise ReadError(path, "empty file")
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise ReadError(path, f"binary file ({what}), not text")
    if b"\x00" in raw[:65536]:
        raise ReadError(path, "binary file (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            raw.decode("cp1252")
            hint = "; it decodes as Windows-1252/Latin-1: re-save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise ReadError(
            path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}){hint}"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, "empty file (only white space)")
    return text


def read_report(path: Path) -> SourceText:
    """Read one report file from disk."""
    path = Path(path)
    try:
        if not path.exists():
            raise ReadError(path, "no such file")
        if path.is_dir():
            raise ReadError(path, "is a directory")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(path, f"too large ({size} bytes > {MAX_BYTES})")
        raw = path.read_bytes()
    except PermissionError:
        raise ReadError(path, "permission denied (cannot read the file)") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    text = decode_report(raw, path)
    return SourceText(path=path, text=text, doc_id=content_id(text))
