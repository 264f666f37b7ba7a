"""Document metadata (force, inspection year, kind, title) read from a report's text."""

from __future__ import annotations

from .records import DocumentRecord


class NotAReport(Exception):
    """The text does not look like a PEEL effectiveness report."""


def read_metadata(text: str, file_name: str, doc_id: str) -> DocumentRecord:
    raise NotImplementedError  # issue 2 (helper A)
