"""Numeric statistics attached to entities."""

from __future__ import annotations

from collections.abc import Sequence

from .records import DocumentRecord, Mention, Statistic


def extract_statistics(spacy_doc, mentions: Sequence[Mention], doc: DocumentRecord) -> list[Statistic]:
    return []  # issue 4
