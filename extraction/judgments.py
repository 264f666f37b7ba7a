"""Judgments (grades) per inspection question, from force reports and national annex tables."""

from __future__ import annotations

from .records import DocumentRecord, GradeSummaryCell, Judgment


def extract_judgments(text: str, doc: DocumentRecord) -> tuple[list[Judgment], list[GradeSummaryCell]]:
    return [], []  # issue 2 (helper A)
