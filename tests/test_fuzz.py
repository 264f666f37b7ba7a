"""Fuzzing the extractor (hypothesis): random and mutated report text never crash it, and every
fact it emits - and every fact node in the graph - carries evidence with valid offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF

from extraction import pipeline
from extraction.metadata import NotAReport
from extraction.reader import ReadError, SourceText, content_id, decode_report
from kg.builder import document_graph
from kg.namespaces import PEEL
from kg.paths import DEFAULT_CORPUS

FACT_LISTS = ("judgments", "summary_cells", "findings", "mentions", "relations", "statistics")
FACT_CLASSES = ("Judgment", "GradeCount", "Finding", "Mention", "Statistic", "RelationAssertion")
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible and bounded
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


def _reports() -> list[str]:
    return [p.read_text("utf-8") for p in sorted(DEFAULT_CORPUS.glob("*.txt")) if p.stem != "README"]


REPORTS = _reports() if DEFAULT_CORPUS.exists() else []
WORDS = st.sampled_from(
    ["Good", "Requires improvement", "Inadequate", "Outstanding", "Ungraded", "Metropolitan Police Service",
     "2017", "Operation", "(DVPOs)", "area for improvement", "Cause of concern", "Recommendation", "£73m",
     "26.2 percent", "\n", "\n\n", "•", " ", "...", "Annex B", "Overall", "vulnerable", "SCPO"]
)


@st.composite
def mutated_report(draw) -> str:
    """A slice of a real report with random edits: cuts, insertions, duplications, odd characters."""
    text = draw(st.sampled_from(REPORTS))
    start = draw(st.integers(0, max(0, len(text) - 200)))
    text = text[start : start + draw(st.integers(50, 6000))]
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "word", "upper"]))
        if op == "insert":
            text = text[:i] + draw(st.text(max_size=40)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(0, 300)) :]
        elif op == "duplicate":
            text = text[:i] + text[max(0, i - 200) : i] + text[i:]
        elif op == "word":
            text = text[:i] + " " + draw(WORDS) + " " + text[i:]
        else:
            text = text[:i] + text[i : i + 100].upper() + text[i + 100 :]
    return text


def _extract(text: str):
    """Run the pipeline as the build does (through the reader's normalisation); None if refused."""
    try:
        text = decode_report(text.encode("utf-8", "surrogatepass"), Path("fuzz.txt"))
    except (ReadError, UnicodeEncodeError):
        return None, text
    source = SourceText(path=Path("fuzz.txt"), text=text, doc_id=content_id(text))
    try:
        return pipeline.extract_document(source), text
    except NotAReport:
        return None, text


def _check_evidence(result, text: str) -> None:
    doc_id = result.document.doc_id
    evidences = list(result.document.evidence)
    for name in FACT_LISTS:
        evidences += [fact.evidence for fact in getattr(result, name)]
    for ev in evidences:
        assert ev.document == doc_id
        assert 0 <= ev.start <= ev.end <= len(text), ev
        assert text[ev.start : ev.end] == ev.text, ev
        assert ev.rule
    g = document_graph(result).to_rdflib()
    for cls in FACT_CLASSES:
        for node in g.subjects(RDF.type, PEEL[cls]):
            assert (node, PEEL.evidence, None) in g, f"{cls} {node} has no evidence"


pytestmark = pytest.mark.skipif(not REPORTS, reason="corpus not found")


@FUZZ
@given(mutated_report())
def test_mutated_reports_never_crash_and_keep_evidence(text):
    result, normalised = _extract(text)
    if result is not None:
        _check_evidence(result, normalised)


@FUZZ
@given(st.lists(st.one_of(WORDS, st.text(max_size=30)), max_size=80).map(" ".join))
def test_random_text_never_crashes(text):
    result, normalised = _extract(text)
    if result is not None:
        _check_evidence(result, normalised)


def test_no_fact_node_in_the_built_graph_lacks_evidence(peel_graph):
    prefixes = f"PREFIX peel: <{PEEL}> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
    classes = " ".join(f"peel:{c}" for c in FACT_CLASSES)
    facts = peel_graph.rows(prefixes + f"SELECT (COUNT(?f) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} ?f a ?c }}")
    assert int(facts[0]["n"]) > 0, "the corpus graph has no fact nodes at all"
    without = peel_graph.rows(
        prefixes + f"SELECT ?f WHERE {{ VALUES ?c {{ {classes} }} ?f a ?c FILTER NOT EXISTS {{ ?f peel:evidence ?e }} }} LIMIT 5"
    )
    assert without == [], without
    incomplete = peel_graph.rows(
        prefixes + "SELECT ?e WHERE { ?f peel:evidence ?e . FILTER NOT EXISTS { ?e nif:beginIndex ?b ; "
        "nif:endIndex ?end ; nif:referenceContext ?doc ; nif:anchorOf ?text } } LIMIT 5"
    )
    assert incomplete == [], incomplete
