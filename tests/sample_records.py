"""A small hand-made corpus result covering every record type the builder turns into RDF.

Used by the ontology, SHACL, reasoning, validation and export tests so they do not depend on
the extractors; the texts are invented and offsets index into each document's text. Besides a
force report and a national annex, a press release restates the 2016 vulnerability grade
differently from the force report (twice: a sentence and an "Area: Grade" line) and grades
efficiency overall, and a 2021 round-up grades two forces Adequate, one of them named nowhere
else.
"""

from __future__ import annotations

from extraction.records import (
    FORCE_REPORT,
    NATIONAL_REPORT,
    PRESS_RELEASE,
    CorpusResult,
    DocumentRecord,
    Evidence,
    ExtractionResult,
    Finding,
    FindingRecurrence,
    GradeSummaryCell,
    Judgment,
    Mention,
    Relation,
    ResolvedEntity,
    Statistic,
)

FORCE = "Example Constabulary"
OTHER_FORCE = "Second Police"  # graded only by the round-up
TEXT = (
    "Example Constabulary PEEL 2016. The force is good at protecting vulnerable people. "
    "Its Trident unit tackles gang crime and uses DVPOs. The force runs Operation Kestrel "
    "with MOPAC. There were 42 people with active SCPOs on 1 July 2016."
)


def span(doc: str, needle: str, rule: str, text: str = TEXT) -> Evidence:
    start = text.index(needle)
    return Evidence(doc, start, start + len(needle), needle, rule, sentence=needle)


def force_report(doc: str = "aaaa000000000001", year: int = 2016) -> ExtractionResult:
    ev = lambda needle, rule: span(doc, needle, rule)  # noqa: E731
    record = DocumentRecord(
        doc_id=doc, file_name=f"report-{year}.txt", title=f"PEEL: police effectiveness {year}",
        kind=FORCE_REPORT, year=year, force=FORCE, n_chars=len(TEXT), n_words=len(TEXT.split()),
        evidence=(ev("Example Constabulary", "metadata.force"), ev("2016", "metadata.year")),
    )
    keys = {
        "unit": "Unit:trident", "crime": "CrimeType:gang crime", "power": "Power:dvpo",
        "initiative": "Initiative:operation kestrel", "partner": "PartnerOrganisation:mopac",
        "force": f"Force:{FORCE.lower()}",
    }
    mention = lambda key, etype, label, pref: Mention(  # noqa: E731
        keys[key], etype, label, pref, (), ev(label, "mentions.gazetteer"))
    return ExtractionResult(
        document=record,
        judgments=[
            Judgment(FORCE, year, "vulnerability", "Good",
                     "How effective is the force at protecting vulnerable people?",
                     ev("good at protecting vulnerable people", "judgments.force_summary")),
            Judgment(FORCE, year, "overall", "Requires improvement", "How effective is the force?",
                     ev("The force is good", "judgments.force_summary")),
        ],
        findings=[
            Finding("coc-1", "cause of concern", "The force does not protect enough people.",
                    "vulnerability", FORCE, year, ev("protecting vulnerable people", "findings.coc")),
            Finding("rec-1", "recommendation", "The force should use DVPOs more.",
                    "vulnerability", FORCE, year, ev("uses DVPOs", "findings.recommendation"),
                    parent="coc-1", mentions=(keys["power"],)),
            Finding("afi-1", "area for improvement", "The force should work with MOPAC.",
                    None, FORCE, year, ev("with MOPAC", "findings.afi"),
                    previous=True, addressed=False),
        ],
        mentions=[
            mention("unit", "Unit", "Trident", "Trident"),
            mention("crime", "CrimeType", "gang crime", "gang crime"),
            mention("power", "Power", "DVPOs", "DVPO"),
            mention("initiative", "Initiative", "Operation Kestrel", "Operation Kestrel"),
            mention("partner", "PartnerOrganisation", "MOPAC", "MOPAC"),
        ],
        relations=[
            Relation(keys["force"], "hasUnit", keys["unit"], ev("Its Trident unit", "relations.has_unit")),
            Relation(keys["unit"], "tackles", keys["crime"], ev("tackles gang crime", "relations.tackles")),
            Relation(keys["unit"], "usesPower", keys["power"], ev("uses DVPOs", "relations.uses")),
            Relation(keys["force"], "runsInitiative", keys["initiative"],
                     ev("runs Operation Kestrel", "relations.runs")),
            Relation(keys["initiative"], "worksWith", keys["partner"], ev("with MOPAC", "relations.with")),
        ],
        statistics=[
            Statistic(keys["power"], "people with active SCPOs", 42.0, "count", "1 July 2016",
                      ev("42 people with active SCPOs on 1 July 2016", "statistics.count")),
        ],
    )


NATIONAL_TEXT = "PEEL: police effectiveness 2017. A national overview. Example Constabulary: Good."


def national_report(doc: str = "bbbb000000000002", year: int = 2017) -> ExtractionResult:
    ev = lambda needle, rule: span(doc, needle, rule, NATIONAL_TEXT)  # noqa: E731
    record = DocumentRecord(
        doc_id=doc, file_name="national.txt", title=f"PEEL: police effectiveness {year}",
        kind=NATIONAL_REPORT, year=year, force=None, n_chars=len(NATIONAL_TEXT),
        n_words=len(NATIONAL_TEXT.split()), evidence=(ev("A national overview", "metadata.kind"),),
    )
    return ExtractionResult(
        document=record,
        judgments=[Judgment(FORCE, year, "overall", "Good", "How effective is the force?",
                            ev("Example Constabulary: Good", "judgments.annex"), source="annex")],
        summary_cells=[GradeSummaryCell("overall", "Good", 30, ev("Good", "judgments.summary_table"))],
        findings=[Finding("afi-1", "area for improvement", "Forces should work with MOPAC.",
                          None, None, year, ev("A national overview", "findings.afi"))],
    )


PRESS_TEXT = (
    "News release, 2 March 2017. Example Constabulary requires improvement at protecting "
    "vulnerable people, the inspectorate said. Protecting vulnerable people: Requires improvement. "
    "It was rated good for efficiency overall."
)
PRESS_DOC = "cccc000000000003"


def press_release(doc: str = PRESS_DOC, year: int = 2016) -> ExtractionResult:
    """Disagrees with the force report on vulnerability, in two statements of one grade."""
    ev = lambda needle, rule: span(doc, needle, rule, PRESS_TEXT)  # noqa: E731
    record = DocumentRecord(
        doc_id=doc, file_name="press-release.txt", title="Example Constabulary PEEL grades",
        kind=PRESS_RELEASE, year=year, force=FORCE, n_chars=len(PRESS_TEXT),
        n_words=len(PRESS_TEXT.split()), evidence=(ev("2 March 2017", "metadata.published"),),
        pillar="effectiveness", published="2017-03-02",
    )
    statement = "requires improvement at protecting vulnerable people"
    return ExtractionResult(
        document=record,
        judgments=[
            Judgment(FORCE, year, "vulnerability", "Requires improvement", "protecting vulnerable people",
                     ev(statement, "judgments.statement"), source="statement"),
            Judgment(FORCE, year, "vulnerability", "Requires improvement", "Protecting vulnerable people",
                     ev("Protecting vulnerable people: Requires improvement", "judgments.list"), source="list"),
            Judgment(FORCE, year, "overall", "Good", "efficiency overall",
                     ev("rated good for efficiency overall", "judgments.statement"), source="statement",
                     pillar="efficiency"),
        ],
    )


ROUNDUP_TEXT = "PEEL 2021/22 round-up. Adequate at responding to the public: Example Constabulary, Second Police."
ROUNDUP_DOC = "dddd000000000004"


def roundup(doc: str = ROUNDUP_DOC, year: int = 2021) -> ExtractionResult:
    """A national round-up on the five-point scale (integrated areas)."""
    ev = lambda needle, rule: span(doc, needle, rule, ROUNDUP_TEXT)  # noqa: E731
    record = DocumentRecord(
        doc_id=doc, file_name="roundup-2021.txt", title="PEEL 2021/22 round-up",
        kind=NATIONAL_REPORT, year=year, force=None, n_chars=len(ROUNDUP_TEXT),
        n_words=len(ROUNDUP_TEXT.split()), evidence=(ev("2021/22", "metadata.year"),),
        pillar="integrated", published="2022",
    )
    return ExtractionResult(
        document=record,
        judgments=[
            Judgment(force, year, "responding-to-the-public", "Adequate", "responding to the public",
                     ev(force, "judgments.roundup"), source="round-up", pillar="integrated")
            for force in (FORCE, OTHER_FORCE)
        ],
    )


def sample_corpus() -> CorpusResult:
    """Four documents, their resolved entities and one recurring finding."""
    docs = [force_report(), national_report(), press_release(), roundup()]
    entities = [
        ResolvedEntity(f"Force:{FORCE.lower()}", "Force", FORCE),
        ResolvedEntity("Unit:trident", "Unit", "Trident", force=FORCE),
        ResolvedEntity("CrimeType:gang crime", "CrimeType", "gang crime"),
        ResolvedEntity("Power:dvpo", "Power", "DVPO", ("domestic violence protection order",)),
        ResolvedEntity("Initiative:operation kestrel", "Initiative", "Operation Kestrel", force=FORCE),
        ResolvedEntity("PartnerOrganisation:mopac", "PartnerOrganisation", "MOPAC"),
    ]
    recurrences = [FindingRecurrence(FORCE, "aaaa000000000001", "afi-1", "bbbb000000000002", "afi-1",
                                     0.8123, "tfidf-cosine")]
    return CorpusResult(documents=docs, entities=entities, recurrences=recurrences)


def sample_graph():
    """The sample corpus as an rdflib Graph, ontology included, read back from N-Triples
    exactly as a build writes and a validator reads it."""
    from rdflib import Graph

    from kg.builder import build_graph
    from kg.paths import ONTOLOGY_FILE
    from kg.serialize import to_nquads, with_ontology

    nt = to_nquads(with_ontology(build_graph(sample_corpus()), ONTOLOGY_FILE))
    return Graph().parse(data=nt, format="nt")
