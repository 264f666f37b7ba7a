"""Entity mentions found by the spaCy pipeline."""

from __future__ import annotations

from .records import DocumentRecord, Mention


def parse(text: str):
    return None  # issue 4: the spaCy Doc


def extract_mentions(spacy_doc, doc: DocumentRecord) -> list[Mention]:
    return []  # issue 4
