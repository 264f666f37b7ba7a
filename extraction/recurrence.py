"""Links between findings of the same force that recur across years."""

from __future__ import annotations

from collections.abc import Sequence

from .records import ExtractionResult, FindingRecurrence


def link_recurring_findings(results: Sequence[ExtractionResult]) -> list[FindingRecurrence]:
    return []  # issue 5
