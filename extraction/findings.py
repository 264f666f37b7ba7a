"""Findings: areas for improvement, causes of concern and recommendations."""

from __future__ import annotations

from collections.abc import Sequence

from .records import DocumentRecord, Finding, Mention


def extract_findings(text: str, doc: DocumentRecord, mentions: Sequence[Mention]) -> list[Finding]:
    return []  # issue 5
