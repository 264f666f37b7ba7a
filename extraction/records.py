"""Typed records that flow from extraction to the graph builder.

Extraction produces these plain, frozen dataclasses; only ``kg.builder`` turns them into
RDF. Every fact carries an :class:`Evidence` so it can be traced back to the text.
Records are JSON-serialisable (``to_dict``/``from_dict``) so per-document results can be
cached by content hash and rebuilt incrementally.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import lru_cache
from typing import Any, get_args, get_type_hints

FORCE_REPORT = "force report"
NATIONAL_REPORT = "national report"  # about all forces: a national overview, release or round-up
PRESS_RELEASE = "press release"  # an inspectorate news release about a force (or all forces)
NEWS = "news"  # press, trade or other third-party news, and a force's own web page
COMMISSIONER_PAGE = "commissioner page"  # a police and crime commissioner's page or response
DOCUMENT_KINDS = (FORCE_REPORT, NATIONAL_REPORT, PRESS_RELEASE, NEWS, COMMISSIONER_PAGE)

# PEEL pillars. Up to 2018/19 a grade belongs to one of the three pillars; from 2021/22 the
# assessment is integrated (areas outside any pillar). A document's pillar is "integrated" when
# it covers the whole assessment.
PILLARS = ("effectiveness", "efficiency", "legitimacy", "integrated")

# Grade labels exactly as the contract spells them, in ascending order of quality
# (Ungraded sits outside the scale and has no rank). "Adequate" exists from 2021/22 on.
GRADES = ("Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding")
UNGRADED = "Ungraded"
ALL_GRADES = GRADES + (UNGRADED,)

# Question areas (SKOS notation codes). The first seven are the effectiveness areas (and
# "overall", a pillar-level judgment, whose pillar the Judgment names); the rest are the
# efficiency and legitimacy questions (2015-2018/19) and the 2021/22 and 2023-25 areas.
# ``extraction/data/areas.json`` holds each area's label, pillar, comparable area and wordings.
EFFECTIVENESS_AREAS = (
    "prevention",
    "investigation",
    "vulnerability",
    "serious-organised-crime",
    "specialist-capabilities",
    "anti-social-behaviour",
    "overall",
)
OTHER_AREAS = (
    # efficiency 2015-2018/19
    "demand",
    "use-of-resources",
    "future-planning",
    "workforce-model",
    "financial-sustainability",
    # legitimacy 2015-2018/19
    "fair-treatment",
    "ethical-behaviour",
    "workforce-fairness",
    # 2021/22 and 2023-25 areas
    "treatment-of-the-public",
    "responding-to-the-public",
    "managing-offenders",
    "recording-crime",
    "positive-workplace",
    "leadership",
)
AREAS = EFFECTIVENESS_AREAS + OTHER_AREAS

FINDING_TYPES = ("area for improvement", "cause of concern", "recommendation")

ENTITY_TYPES = (
    "Force",
    "Unit",
    "Initiative",
    "Power",
    "RiskAssessmentTool",
    "PartnerOrganisation",
    "CrimeType",
)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a character span of a document and the rule that read it."""

    document: str  # DocumentRecord.doc_id (content hash)
    start: int  # character offset, inclusive
    end: int  # character offset, exclusive
    text: str  # the exact text of doc[start:end]
    rule: str  # dotted name of the extraction rule, e.g. "judgments.force_summary"
    sentence: str = ""  # the sentence containing the span, whitespace-normalised


@dataclass(frozen=True)
class DocumentRecord:
    """Metadata of one report, read from its text (never from its file name)."""

    doc_id: str  # sha256 of the decoded text, first 16 hex digits: stable across renames
    file_name: str
    title: str
    kind: str  # one of DOCUMENT_KINDS
    year: int  # inspection year: the first year of the PEEL cycle (2018/19 -> 2018)
    force: str | None  # canonical force name; None for a text about all forces
    n_chars: int
    n_words: int
    evidence: tuple[Evidence, ...] = ()  # spans the force/year/kind/pillar/publication were read from
    pillar: str | None = None  # one of PILLARS when the text is about one pillar or the whole assessment
    published: str | None = None  # publication date as ISO "YYYY-MM-DD", "YYYY-MM" or "YYYY", when stated


@dataclass(frozen=True)
class Judgment:
    """A grade given to one force for one inspection question (or overall) in one year."""

    force: str  # canonical force name
    year: int
    area: str  # one of AREAS
    grade: str  # one of ALL_GRADES
    question: str  # the question (or area phrase) as the text words it
    evidence: Evidence
    source: str = "force report"  # layout it was read from: "force report" (a grade under its
    # question heading), "annex" (national table), "statement" (a sentence), "list" ("Area: Grade"
    # lines), "round-up" (forces listed under a grade)
    pillar: str = "effectiveness"  # one of PILLARS ("integrated" for 2021/22 and later areas)


@dataclass(frozen=True)
class GradeSummaryCell:
    """One cell of a national report's summary table: how many forces got a grade for an area."""

    area: str
    grade: str  # a grade label, or "Declined" / "Improved"
    count: int
    evidence: Evidence


@dataclass(frozen=True)
class Finding:
    """An area for improvement, cause of concern or recommendation stated by a report."""

    finding_id: str  # stable key within the document (e.g. "aff-3")
    kind: str  # one of FINDING_TYPES
    text: str
    area: str | None  # one of AREAS, when the finding sits under a question
    force: str | None  # None for a national report
    year: int
    evidence: Evidence
    parent: str | None = None  # finding_id of the cause of concern a recommendation belongs to
    previous: bool = False  # True when quoted as an earlier year's finding
    addressed: bool | None = None  # for previous findings, whether the report says it was addressed
    mentions: tuple[str, ...] = ()  # entity keys (see Mention.entity_key) named in the text


@dataclass(frozen=True)
class Mention:
    """One occurrence of a named entity in a document."""

    entity_key: str  # resolution key: "<Type>:<normalised preferred label>"
    entity_type: str  # one of ENTITY_TYPES (or another type the ontology adds)
    label: str  # surface text as written
    pref_label: str  # preferred label for the resolved entity
    alt_labels: tuple[str, ...]  # other labels (acronym/long form, variants) seen for it
    evidence: Evidence


@dataclass(frozen=True)
class Relation:
    """A relation stated by one sentence between two entities (or an entity and a force)."""

    subject: str  # entity key
    predicate: str  # local name of an ontology property, e.g. "hasUnit", "usesPower"
    object: str  # entity key
    evidence: Evidence


@dataclass(frozen=True)
class Statistic:
    """A numeric fact: value, unit, what is measured, of what, and as of when."""

    subject: str | None  # entity key the number is about (None: the force/document)
    measure: str  # what is measured, e.g. "people with active SCPOs"
    value: float
    unit: str  # "count", "percent", "GBP", ...
    date: str | None  # date or period as the text gives it, e.g. "1 July 2016"
    evidence: Evidence


@dataclass(frozen=True)
class PreviousFindingLink:
    """A report's statement about an earlier finding and whether it was addressed."""

    finding_id: str  # the earlier finding as quoted in this document
    addressed: bool | None
    evidence: Evidence


@dataclass
class ExtractionResult:
    """Everything extracted from one document."""

    document: DocumentRecord
    judgments: list[Judgment] = field(default_factory=list)
    summary_cells: list[GradeSummaryCell] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    rekeyed: bool = False  # set by corpus-level resolution when it rewrote this document's keys

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("rekeyed")  # a corpus-level fact, not part of the cached per-document record
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ExtractionResult":
        return _from_dict(cls, data)


@lru_cache(maxsize=None)
def _type_hints(cls: type) -> dict[str, Any]:
    """Resolved field types per class, computed once: loading a large cache stays fast."""
    return get_type_hints(cls)


def _from_dict(cls: type, data: Any) -> Any:
    """Rebuild a (nested) dataclass from ``asdict`` output, restoring tuples."""
    hints = _type_hints(cls)
    kwargs = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _coerce(hints[f.name], data[f.name])
    return cls(**kwargs)


def _coerce(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = getattr(hint, "__origin__", None)
    args = get_args(hint)
    if is_dataclass(hint):
        return _from_dict(hint, value)
    if origin in (list, tuple):
        inner = args[0] if args else Any
        items = [_coerce(inner, v) for v in value]
        return items if origin is list else tuple(items)
    if args:  # Optional / Union: use the first non-None dataclass arm if any
        for arm in args:
            if is_dataclass(arm):
                return _from_dict(arm, value)
    return value


@dataclass(frozen=True)
class ResolvedEntity:
    """One entity resolved across all documents (corpus level)."""

    key: str  # "<Type>:<normalised label>", as in Mention.entity_key
    entity_type: str
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    force: str | None = None  # owning force, for units/initiatives clearly belonging to one


@dataclass(frozen=True)
class FindingRecurrence:
    """Two findings of the same force in different years that say the same thing."""

    force: str
    doc_a: str
    finding_a: str
    doc_b: str
    finding_b: str
    score: float  # similarity in [0, 1]
    method: str  # how the score was computed, e.g. "tfidf-cosine"


@dataclass
class CorpusResult:
    """The whole corpus: per-document results plus the corpus-level links between them."""

    documents: list[ExtractionResult] = field(default_factory=list)
    entities: list[ResolvedEntity] = field(default_factory=list)
    recurrences: list[FindingRecurrence] = field(default_factory=list)


@dataclass(frozen=True)
class EntityDigest:
    """What entity resolution reads of one entity key in one document."""

    key: str
    entity_type: str  # the type of its first mention
    first_pref_label: str  # the preferred label of its first mention (names a force entity)
    mentions: int
    pref_labels: tuple[tuple[str, int], ...]  # (preferred label, mentions giving it), sorted
    labels: tuple[str, ...]  # preferred, alternative and (whitespace-normalised) surface labels, sorted
    match_keys: tuple[tuple[str, str], ...]  # (mention type, labels.match_key) of every label and of the key's name


@dataclass(frozen=True)
class FindingDigest:
    """What recurrence linking reads of one finding."""

    finding_id: str
    terms: tuple[str, ...]  # the TF-IDF features (recurrence.content_terms_ngrams)
    current: bool  # stated as this report's own finding of a force (not a quoted earlier one)


@dataclass(frozen=True)
class DocumentDigest:
    """All the corpus-level passes read of one document: a few KB instead of its whole record.

    A build keeps one per cached document, so relinking the corpus after one report changed
    reads these instead of every document's facts.
    """

    doc_id: str
    file_name: str
    force: str | None
    year: int
    entities: tuple[EntityDigest, ...]  # in order of first mention
    keys: tuple[str, ...]  # every entity key any fact of the document uses, sorted
    relations: tuple[tuple[str, str, str], ...]  # (subject, predicate, object) of every relation
    findings: tuple[FindingDigest, ...]
    counts: tuple[tuple[str, int], ...]  # judgments, findings, statistics


@dataclass(frozen=True)
class CorpusLinks:
    """The corpus-level passes' output: canonical keys, resolved entities, recurring findings."""

    canonical: dict[str, str]  # entity key -> the key of its resolved entity (only keys that change)
    entities: list[ResolvedEntity]
    recurrences: list[FindingRecurrence]

    def rewrites(self, digest: DocumentDigest) -> dict[str, str]:
        """The key rewrites resolution makes in one document's facts."""
        return {k: self.canonical[k] for k in digest.keys if k in self.canonical}

    def changes(self, digest: DocumentDigest) -> bool:
        """Whether resolution changes the document's facts: keys to rewrite, or a relation of an
        entity to itself to drop."""
        return bool(self.rewrites(digest)) or any(s == o for s, _, o in digest.relations)
