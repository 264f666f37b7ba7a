"""Judgments stated in prose, lists and round-ups: "<force> is rated 'good' for preventing crime".

One job: read the grades a text states in sentences and list lines, whatever its layout, with
the force, the year and the pillar each grade belongs to. Frames are regular expressions over a
sentence (no parser is available); every word they look for is data
(``data/judgment_vocab.json`` and the area wordings of ``data/areas.json``).

A grade word is a judgment only inside a grading frame:
- subject + copula/grading verb + grade + connector + areas ("the force is good at A and at B",
  "HMICFRS rated the county force 'Good' at A, and 'Adequate' at B"); a grade that follows the
  areas of the previous one ("good at A, good at B") continues the frame;
- areas + copula + grade ("its use of resources is assessed as good", "the extent to which the
  force is efficient at ... is not graded"), "A, B and C, all of which were judged to ...",
  "the areas graded 'inadequate' included A and B";
- a force graded with no area in its clause: an inspection's name gives the pillar ("In its 2017
  legitimacy inspection, HMICFRS graded the force as good"), "overall" the document's pillar ("rated
  the force good overall"), a topic the sentence opens with the area ("On A, ...", "A is where the
  force is weakest: inspectors graded it inadequate"), a continuing copula the previous sentence's
  areas ("It remains good");
- grade nouns received ("was awarded an 'outstanding' grade for A", "received a grade of good for
  A"); changes ("improved from 'requires improvement' in 2015 to 'good' at A": the earlier grade
  only when the sentence dates it);
- "Area: Grade", "Area | Grade", "Legitimacy Good" list lines and "A - good; B - inadequate"
  items; lines under a grading lead-in ending with a colon ("... rates it:" / "'good' for A;");
  boxes of area and grade lines (an area over its grade, or a grade over the areas given it; not a
  grade under a question heading, which answers the question);
- round-ups of forces under a grade ("Good: Avon & Somerset, Cambridgeshire and Wiltshire",
  "the five forces graded 'outstanding': Cheshire, Durham ...", a grade line over force lines,
  "Durham Constabulary: Outstanding", a "|" table of forces under a header row of areas).
The areas after a grade must be (75% of their content words) area wordings, so praise of one
activity ("good at identifying organised crime groups") is not an area's grade. Praise ("very
good at"), negations, hypotheticals, grades of fire and rescue services and grades without a PEEL
area are not judgments. The year comes from the nearest temporal cue ("in 2016", "last year",
"the previous report"; comparisons such as "an improvement on last year" date nothing), else from
the paragraph's previous, ungraded sentence for a past-tense grade ("Inspectors visited in 2015.
They rated it ..."), else the document's; "the same as last year" restates this year's grade as
last year's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import forces, spans
from .records import DocumentRecord, Judgment

DATA = Path(__file__).parent / "data"
PILLAR_LEVEL = ("effectiveness", "efficiency", "legitimacy")
INTEGRATED_FROM = 2021  # grades of the 2021/22 cycle on belong to the integrated assessment


def _alt(words: list[str]) -> str:
    return "(?:" + "|".join(words) + ")"


@lru_cache(maxsize=1)
def vocab() -> dict:
    """The judgment vocabulary (grade words, cues, subject words), read once."""
    return json.loads((DATA / "judgment_vocab.json").read_text("utf-8"))


@dataclass(frozen=True)
class AreaPhrase:
    code: str
    pillar: str | None  # the area's pillar, or for "overall" the pillar the wording names
    pattern: re.Pattern[str]
    order: int  # position in the data files: the tie-break between equally long wordings


@dataclass(frozen=True)
class AreaMatch:
    code: str
    pillar: str | None
    start: int
    end: int
    wording: str


@lru_cache(maxsize=1)
def _areas_data() -> dict:
    return json.loads((DATA / "areas.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def area_phrases() -> tuple[AreaPhrase, ...]:
    """Every wording of every area, pillar-level wordings first (they are the longer ones)."""
    out = []
    for pillar, phrases in vocab()["pillar_phrases"].items():
        for p in phrases:
            out.append(AreaPhrase("overall", pillar, _word_pattern(p), len(out)))
    for area in _areas_data()["areas"]:
        for p in area["phrases"]:
            out.append(AreaPhrase(area["code"], area["pillar"], _word_pattern(p), len(out)))
    return tuple(out)


def _word_pattern(phrase: str) -> re.Pattern[str]:
    """A wording that starts and ends at word edges ("us\\w* resources" not inside "focus")."""
    return re.compile(rf"(?<![\w-])(?:{phrase})(?![\w-])", re.I)


def find_areas(text: str) -> list[AreaMatch]:
    """Area wordings in ``text``, left to right, the longest at each place, none overlapping."""
    found = []
    for ap in area_phrases():
        for m in ap.pattern.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), ap.order, ap, m))
    found.sort(key=lambda t: t[:3])
    out: list[AreaMatch] = []
    for start, _, _, ap, m in found:
        if out and start < out[-1].end:
            continue
        out.append(AreaMatch(ap.code, ap.pillar, start, m.end(), " ".join(m.group().split())))
    return _merge_pillar_heads(text, out)


def _merge_pillar_heads(text: str, areas: list[AreaMatch]) -> list[AreaMatch]:
    """A pillar's bare name heading the next wording is one area with it: "effectiveness at
    preventing crime" is prevention; "the efficiency of Kent Police at keeping people safe and
    reducing crime" is efficiency as a whole (the pillar names whose overall grade it is)."""
    p = patterns()
    out: list[AreaMatch] = []
    for a in areas:
        head = out[-1] if out else None
        if (
            head is not None and head.code == "overall" and p.pillar_head.fullmatch(head.wording)
            and p.pillar_head_link.fullmatch(text[head.end : a.start])
        ):
            code, pillar = (a.code, a.pillar) if a.code != "overall" else ("overall", head.pillar)
            out[-1] = AreaMatch(code, pillar, head.start, a.end, " ".join(text[head.start : a.end].split()))
            continue
        out.append(a)
    return out


@lru_cache(maxsize=1)
def _comparable() -> dict[str, str]:
    """Area -> the 2021+ area it compares with (fair treatment -> treatment of the public)."""
    pillar = {a["code"]: a["pillar"] for a in _areas_data()["areas"]}
    return {
        a["code"]: a["comparable"]
        for a in _areas_data()["areas"]
        if a["pillar"] in PILLAR_LEVEL and a["comparable"] and pillar.get(a["comparable"]) is None
    }


@lru_cache(maxsize=1)
def _comparable_any() -> dict[str, str]:
    return {a["code"]: a["comparable"] for a in _areas_data()["areas"] if a["comparable"]}


# --- the compiled frames ---------------------------------------------------------------


@dataclass(frozen=True)
class _Patterns:
    grade: re.Pattern[str]
    grade_hint: re.Pattern[str]  # the words every grade contains: a quick test before the frames
    not_grade: re.Pattern[str]
    labels: tuple[tuple[re.Pattern[str], str], ...]
    lead: re.Pattern[str]  # copula/verb (+ object) (+ as/to be) (+ modifiers) right before a grade
    connector: re.Pattern[str]
    list_break: re.Pattern[str]
    clause_break: re.Pattern[str]
    subject_word: re.Pattern[str]
    anaphor: re.Pattern[str]
    negation: re.Pattern[str]
    hypothetical: re.Pattern[str]
    not_police: re.Pattern[str]
    year_cue: re.Pattern[str]
    not_year_before: re.Pattern[str]
    since: re.Pattern[str]
    last_year: re.Pattern[str]
    this_year: re.Pattern[str]
    previous: re.Pattern[str]
    same_as_last_year: re.Pattern[str]
    same_as_in_sentence: re.Pattern[str]  # "..., the same as last year" after grades in one sentence
    comparison_before: re.Pattern[str]  # a word that makes the next cue a comparison ("than last year")
    cue_clause_end: re.Pattern[str]  # where a clause ends for a temporal cue after its grade
    chain_gap: re.Pattern[str]
    area_frame: re.Pattern[str]
    overall_after: re.Pattern[str]  # "overall" after a grade, ending its clause
    noun_after: re.Pattern[str]  # a grade noun after the grade ("a 'good' rating for ...")
    colon_list: re.Pattern[str]  # "good (in all four areas):" before a list of areas
    inspection_name: re.Pattern[str]  # "legitimacy inspection": groups "pillar" (and "pillar2")
    inspection_after: re.Pattern[str]  # "in the 2016 legitimacy inspection" after a grade: no area
    past_lead: re.Pattern[str]  # a lead in the past tense ("was rated", "judged it")
    perfect_before: re.Pattern[str]  # "has" before a past participle: present perfect, not past
    change: re.Pattern[str]  # "improved from <grade> to <grade>"
    topic: re.Pattern[str]  # areas a sentence opens with, graded later in it
    continuation: re.Pattern[str]  # a copula that keeps the previous sentence's areas ("remains")
    grading_lead_in: re.Pattern[str]  # a line ending with ':' that grades the items under it
    pillar_head: re.Pattern[str]  # a pillar's bare name ("effectiveness")
    pillar_head_link: re.Pattern[str]  # what joins it to the area it heads ("at", "of Kent Police at")
    round_up: re.Pattern[str]
    round_up_noun: re.Pattern[str]
    count_round_up: re.Pattern[str]  # "eight (forces) as requiring improvement, among them A, B and C"
    list_subject_tail: re.Pattern[str]  # "were the only two forces" between listed forces and their verb
    list_line: re.Pattern[str]
    grade_line: re.Pattern[str]
    verbal_grade: re.Pattern[str]  # a grade that is itself a verb phrase ("requires improvement")
    boilerplate: re.Pattern[str]  # names that mention fire and rescue without being about it
    filler: re.Pattern[str]  # words of an area list that are not content ("the", "its", "how")
    subject_prefix: re.Pattern[str]  # what may precede an area in a subject ("its approach to")
    subject_suffix: re.Pattern[str]
    subject_tail: re.Pattern[str]  # what may follow the subject before its verb ("has", ", which ...,")
    area_anaphor: re.Pattern[str]  # "this area", "that question": areas named before


Q = r"['\"]?"  # a grade may be quoted: 'good', “Requires Improvement”


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    v = vocab()
    grade_words = [w for ws in v["grades"].values() for w in ws]
    grade = rf"{Q}(?<![\w-])(?P<grade>{_alt(grade_words)})(?![\w-]){Q}"
    mods = rf"(?:{_alt(v['allowed_modifiers'])}\s+)*"
    verbs = _alt(v["grading_verbs"])
    compl = _alt(v["complement_markers"])
    cop = _alt(v["copulas"])
    nouns = _alt(v["grade_nouns"])
    receiving = _alt(v["receiving_verbs"])
    lead = (
        rf"(?:(?P<cop>\b{cop}\s+{mods}(?:{verbs}\s+(?:{compl}\s+)?{mods})?)"
        rf"|(?P<verb>\b{verbs}\s+(?P<obj>(?!{compl}\s)(?:(?!\b(?:that|is|are|was|were|be|been)\b)[^,;.:]){{1,120}}?)\s+(?:{compl}\s+)?{mods})"
        rf"|(?P<reduced>\b{verbs}\s+(?:{compl}\s+)?{mods})"
        rf"|(?P<noun>\b(?:a\s+|the\s+)?{nouns}\s+(?:of\s+)?)"
        rf"|(?P<received>\b{receiving}\s+(?:an?|the|its)\s+)"
        rf"|(?P<given>\b{_alt(v['giving_verbs'])}\s+(?P<gobj>[^,;.:]{{1,60}}?)\s+(?:an?|its)\s+))$"
    )
    after_and = _alt(v["list_break_after_and"])
    after_comma = _alt(v["list_break_after_comma"])
    list_break = (
        rf"{_alt(v['list_break_marks'])}|\s{_alt(v['list_break_words'])}\b"
        rf"|,\s*{after_comma}\b|,?\s+and\s+{after_and}\b|,\s*{_alt(v['anaphors'])}"
    )
    subj = _alt(v["subject_words"])
    area_nouns = _alt(v["area_nouns"])
    area_verbs = _alt(v["area_frame_verbs"])
    round_subj = _alt(v["round_up_subjects"])
    dash = r"\s*(?::|[\u2013\u2014-](?=\s))\s*"
    return _Patterns(
        grade=re.compile(grade, re.I),
        grade_hint=re.compile(_alt(v["grade_hints"]), re.I),
        not_grade=re.compile(_alt(v["not_a_grade"]), re.I),
        labels=tuple((re.compile(rf"^{_alt(ws)}$", re.I), label) for label, ws in v["grades"].items()),
        lead=re.compile(lead, re.I),
        connector=re.compile(rf"^\s*(?:{_alt(v['pre_connector'])}\s+)*(?:{_alt(v['connectors'])})\s+", re.I),
        list_break=re.compile(list_break, re.I),
        clause_break=re.compile(_alt(v["clause_breaks"]), re.I),
        subject_word=re.compile(rf"(?<![\w-]){subj}(?![\w-])", re.I),
        anaphor=re.compile(rf",?\s*{_alt(v['anaphors'])}\s*$", re.I),
        negation=re.compile(rf"(?<![\w-]){_alt(v['negations'])}(?![\w-])", re.I),
        hypothetical=re.compile(rf"(?<![\w-]){_alt(v['hypotheticals'])}(?![\w-])", re.I),
        not_police=re.compile(_alt(v["not_police"]), re.I),
        year_cue=re.compile(v["year_cue"]),
        not_year_before=re.compile(rf"(?:{_alt(v['not_year_cue_before'])})\s*$", re.I),
        since=re.compile(v["since_phrase"], re.I),
        last_year=re.compile(rf"\b{_alt(v['last_year'])}(?![\w-])", re.I),
        this_year=re.compile(rf"\b{_alt(v['this_year'])}(?![\w-])", re.I),
        previous=re.compile(rf"\b{_alt(v['previous'])}(?![\w-])", re.I),
        same_as_last_year=re.compile(v["same_as_last_year"], re.I),
        same_as_in_sentence=re.compile(v["same_as_in_sentence"], re.I),
        comparison_before=re.compile(rf"\b{_alt(v['comparison_words'])}\s+$", re.I),
        cue_clause_end=re.compile(rf"[;:]|\s(?:{_alt(v['cue_clause_breaks'])})\b", re.I),
        chain_gap=re.compile(
            rf"^\s*,?\s*(?:(?:and|but|while|whereas)\s+)?(?:(?:{cop}|has\s+been|have\s+been)\s+)?(?:{compl}\s+)?{mods}(?:{verbs}\s+(?:{compl}\s+)?{mods})?$", re.I
        ),
        area_frame=re.compile(
            rf"(?:\b(?:the\s+)?{grade}\s+{area_nouns}\s+(?P<v1>{area_verbs})\b"
            rf"|\b{area_nouns}\s+(?:{verbs}\s+)(?:as\s+)?{grade.replace('?P<grade>', '?P<grade2>')}(?:\s+{area_verbs}\b|(?=\s*:)))\s*:?\s*",
            re.I,
        ),
        noun_after=re.compile(rf"^\s*{nouns}\b", re.I),
        colon_list=re.compile(rf"^(?:\s+(?:in|for|across|on|at)\s+[^:.;]{{0,30}}?\b{area_nouns})?\s*:\s", re.I),
        inspection_after=re.compile(
            rf"^\s*(?:in|during)\s+(?:(?:its|the|our|their|this|that|last|previous|HMIC\w*'s)\s+)?(?:[\w/'-]+\s+){{0,3}}{_alt(v['inspection_nouns'])}\b", re.I
        ),
        past_lead=re.compile(_alt(v["past_leads"]), re.I),
        perfect_before=re.compile(r"\b(?:has|have)\s+$", re.I),
        inspection_name=re.compile(
            rf"\b(?P<pillar>{_alt(list(PILLAR_LEVEL))})(?:,?\s+(?:and|&)\s+(?P<pillar2>{_alt(list(PILLAR_LEVEL))}))?\s+{_alt(v['inspection_nouns'])}\b", re.I
        ),
        change=re.compile(
            rf"\b(?P<verb>{_alt(v['change_verbs'])})\s+(?:from\s+(?:(?:an?|the)\s+)?{grade}(?:\s+{nouns})?[^.;:]{{0,60}}?\s+)?to\s+(?:(?:an?|the)\s+)?"
            rf"{grade.replace('?P<grade>', '?P<grade2>')}(?:\s+{nouns})?",
            re.I,
        ),
        overall_after=re.compile(rf"^\s*(?P<word>{_alt(v['overall_after'])})\s*(?:$|[.;,!)]|(?:by|and|but)\s)", re.I),
        topic=re.compile(
            rf"^\s*(?:(?:{_alt(v['topic_openers'])})\s+(?P<areas>[^,:;]{{3,120}}?)\s*,"
            rf"|(?P<areas2>[^,:;]{{3,120}}?)\s+{_alt(v['topic_links'])}\b[^:;]*?[:;,])",
            re.I,
        ),
        continuation=re.compile(rf"^{_alt(v['continuation_leads'])}\s*$", re.I),
        grading_lead_in=re.compile(rf"\b(?:{verbs}|{cop})\b", re.I),
        pillar_head=re.compile(_alt(v["pillar_head_words"]), re.I),
        pillar_head_link=re.compile(rf"\s+(?:{v['pillar_head_of']}\s+)?{_alt(v['pillar_head_links'])}\s+", re.I),
        round_up=re.compile(
            rf"\b{round_subj}\s+(?:that\s+)?(?:(?:were|was|are|is|have\s+been|has\s+been)\s+)?{verbs}\s+(?:{compl}\s+)?{grade}"
            rf"(?:\s+(?:for|at|in)\s+(?P<area>[^:;.\n]{{3,100}}?))?(?:(?:\s+(?:were|are))?{dash}|\s+(?:were|are|included?)\s+)"
            rf"|\b{nouns}\b[^.;:\n]{{0,40}}?,?\s+{grade.replace('?P<grade>', '?P<grade2>')}{dash}",
            re.I,
        ),
        count_round_up=re.compile(
            rf"\b{_alt(v['count_words'])}(?:\s+(?:other\s+|more\s+)?(?:police\s+)?forces)?\s+(?:(?:were|are|have\s+been)\s+)?"
            rf"(?:{verbs}\s+)?(?:{compl}\s+)?{grade}(?:\s+overall)?,?\s+{_alt(v['list_openers'])}\s+",
            re.I,
        ),
        list_subject_tail=re.compile(rf"\s+{_alt(v['list_subject_tails'])}\s*$", re.I),
        round_up_noun=re.compile(rf"^\s*(?:[•*\u2022-]\s*)?{grade}\s*(?:\(\d+\))?\s*(?::|[\u2013\u2014-])\s*", re.I),
        list_line=re.compile(
            rf"^\s*(?:[•*\u2022\u25cf\u25aa-]\s*|\d+[.)]\s+|\|\s*)?(?P<label>[^:|\n]{{3,160}}?)\s*(?P<sep>:|\||\s[\u2013\u2014-]|\s-|(?<=\w)\s+(?=(?-i:[A-Z])))\s*{grade}\s*[.|]?\s*$",
            re.I,
        ),
        grade_line=re.compile(rf"^\s*{grade}\s*$", re.I),
        verbal_grade=re.compile(rf"^{_alt(v['verbal_grades'])}$", re.I),
        boilerplate=re.compile(_alt(v["boilerplate"]), re.I),
        filler=re.compile(_alt(v["list_fillers"]), re.I),
        subject_prefix=re.compile(rf"^\s*(?:{_alt(v['subject_prefixes'])}\s*)*", re.I),
        subject_suffix=re.compile(rf"\s+{_alt(v['subject_suffixes'])}\s*$", re.I),
        subject_tail=re.compile(
            rf"\s*(?:,[^,]*,\s*)?(?:,?\s*{_alt(v['relative_pronouns'])}\s+)?(?:(?:{_alt(v['subject_tail_words'])}|{_alt(v['allowed_modifiers'])}|{receiving})[\s,]+)*",
            re.I,
        ),
        area_anaphor=re.compile(rf"\s*{_alt(v['area_anaphors'])}", re.I),
    )


def grade_of(word: str) -> str | None:
    """The contract's grade label of a grade word as written ("Require Improvement")."""
    w = " ".join(word.split())
    for pattern, label in patterns().labels:
        if pattern.match(w):
            return label
    return None


# --- text units ----------------------------------------------------------------------------

_BLOCK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[•*\u2022\u25cf\u25aa]|-\s|\d+[.)]\s))")
_SENTENCE_END = re.compile(r"(?<=[.?!])['\"’”]?\s+(?=['\"‘“]?[A-Z•])")
_ONE_TO_ONE = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2010", "-"), ("\u2011", "-"))


def normalise(text: str) -> str:
    """Typographic quotes and hyphens made plain: same length, so offsets in the result are
    offsets in the text (``str.replace`` per character: ``translate`` is ~10x slower)."""
    for typographic, plain in _ONE_TO_ONE:
        text = text.replace(typographic, plain)
    return text


def blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs: runs of lines between blank lines; a bullet line starts its own."""
    out, pos = [], 0
    for m in _BLOCK.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as character ranges of ``text``."""
    out, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


# --- years ---------------------------------------------------------------------------------


def cycle_of(year: int) -> int:
    """The PEEL cycle a calendar year's inspection belongs to (2022 -> 2021, 2019 -> 2018)."""
    cycles = vocab()["cycles"]
    earlier = [c for c in cycles if c <= year]
    return earlier[-1] if earlier else year


def previous_cycle(year: int) -> int:
    cycles = vocab()["cycles"]
    earlier = [c for c in cycles if c < year]
    return earlier[-1] if earlier else year - 1


@dataclass(frozen=True)
class _Cue:
    start: int
    year: int


def year_cues(sent: str, doc_year: int) -> list[_Cue]:
    """Temporal cues of a sentence with the cycle each points to; "since ..." phrases name a
    point of comparison, not the year of a grade, and are skipped."""
    p = patterns()
    masked = p.since.sub(lambda m: " " * len(m.group()), sent)
    cues = []
    for m in p.year_cue.finditer(masked):
        year = int(m.group("year"))
        if year > doc_year or p.not_year_before.search(masked[max(0, m.start() - 30) : m.start()]):
            continue
        cues.append(_Cue(m.start(), cycle_of(year)))
    for pattern, year in ((p.last_year, cycle_of(doc_year - 1)), (p.previous, previous_cycle(doc_year)), (p.this_year, doc_year)):
        for m in pattern.finditer(masked):
            if not p.comparison_before.search(masked, 0, m.start()):  # "an improvement on last year"
                cues.append(_Cue(m.start(), year))
    return sorted(cues, key=lambda c: c.start)


def year_at(cues: list[_Cue], pos: int, doc_year: int, sent: str = "", grades: tuple[int, ...] = ()) -> int:
    """The year of a grade at ``pos``: the nearest cue before it with no other grade between
    ("the force, previously rated inadequate, is now good" dates only "inadequate"), else the
    first after it in the same clause ("... but better than in 2016" dates nothing), else the
    document's inspection year. ``grades``: where the sentence's grade words start."""
    before = [c for c in cues if c.start < pos and not any(c.start < g < pos for g in grades)]
    if before:
        return before[-1].year
    end = patterns().cue_clause_end.search(sent, pos) if sent else None
    after = [c for c in cues if c.start >= pos and (end is None or c.start < end.start())]
    return after[0].year if after else doc_year


# --- reading --------------------------------------------------------------------------------


@dataclass
class _Found:
    force: str
    year: int
    area: str
    pillar: str
    grade: str
    wording: str
    start: int  # the grade word, in the text
    end: int
    rule: str
    source: str
    sentence: str


@dataclass
class _Context:
    text: str  # normalised text
    doc: DocumentRecord
    found: list[_Found]
    original: str = ""  # the text as written (evidence sentences are quoted from it)


def statement_judgments(text: str, doc: DocumentRecord) -> list[Judgment]:
    """Every judgment the text states in sentences, list lines and round-ups."""
    if not doc.year:
        return []
    ctx = _Context(normalise(text), doc, [], text)
    p = patterns()
    _areas_over_grades(ctx)
    _grades_over_forces(ctx)
    _force_rows(ctx)
    for b_start, b_end in blocks(ctx.text):
        if p.grade_hint.search(ctx.text, b_start, b_end) is None:
            continue  # most paragraphs state no grade
        block = p.boilerplate.sub(" ", ctx.text[b_start:b_end])
        if p.not_police.search(block) or p.not_police.search(p.boilerplate.sub(" ", _lead_in(ctx.text, b_start))):
            continue
        before = len(ctx.found)
        _read_lines(ctx, b_start, b_end)
        for s, e in sentences(ctx.text, b_start, b_end):
            if p.grade_hint.search(ctx.text, s, e):
                _read_sentence(ctx, s, e, b_start)
        _same_as_last_year(ctx, b_start, b_end, before)
    return _judgments(text, doc, ctx.found)


def _lead_in(text: str, start: int) -> str:
    """The line before a bullet (the sentence a list of bullets completes)."""
    if not re.match(r"\s*(?:[•*\u2022\u25cf\u25aa]|-\s)", text[start : start + 5]):
        return ""
    prev = text.rfind("\n", 0, max(0, start - 1))
    while prev > 0 and not text[text.rfind("\n", 0, prev) + 1 : prev].strip():
        prev = text.rfind("\n", 0, prev)
    line_start = text.rfind("\n", 0, prev) + 1 if prev > 0 else 0
    return text[line_start : max(prev, 0)]


def _judgments(text: str, doc: DocumentRecord, found: list[_Found]) -> list[Judgment]:
    out, seen = [], set()
    for f in found:
        key = (f.force, f.year, f.pillar, f.area, f.grade, f.rule, f.start)
        if key in seen:
            continue
        seen.add(key)
        ev = spans.evidence(text, doc.doc_id, f.start, f.end, f.rule, sentence=f.sentence)
        out.append(
            Judgment(
                force=f.force, year=f.year, area=f.area, grade=f.grade, question=f.wording,
                evidence=ev, source=f.source, pillar=f.pillar,
            )
        )
    return out


def _grade_span(m: re.Match, base: int) -> tuple[int, int, str]:
    """The grade word a frame matched (group "grade" or "grade2"), in text offsets."""
    name = "grade" if m.groupdict().get("grade") else "grade2"
    return base + m.start(name), base + m.end(name), m.group(name)


def _emit(ctx: _Context, force: str | None, year: int, areas: list[AreaMatch], grade_m: re.Match, base: int,
          rule: str, source: str, sentence: str) -> bool:
    """Record one judgment per area; False when nothing could be recorded."""
    g_start, g_end, word = _grade_span(grade_m, base)
    if ctx.text[base : base + len(sentence)] == sentence:  # quote the sentence as written
        sentence = ctx.original[base : base + len(sentence)]
    grade = grade_of(word)
    if force is None or grade is None:
        return False
    if grade == "Adequate" and year < vocab()["first_year_of"]["Adequate"]:
        return False
    emitted = False
    for a in areas:
        area, pillar = a.code, a.pillar
        if area == "overall":
            pillar = pillar or _doc_pillar(ctx.doc)
            if pillar is None:
                continue
        era = vocab()["area_years"].get(area)
        if era and not era[0] <= year <= era[1]:
            area = _comparable_any().get(area)  # a question of some years only: its comparable area
            if area is None:
                continue  # not a PEEL question that year
        if year >= INTEGRATED_FROM:
            area = _comparable().get(area, area)
            pillar = "integrated"
        elif pillar is None or pillar == "integrated":
            pillar = _doc_pillar(ctx.doc) or "effectiveness"
        if any(f.start == g_start and f.force == force and (f.area, f.pillar) == (area, pillar) for f in ctx.found):
            continue  # this grade word was read for this area already (as a list line, a round-up ...)
        ctx.found.append(
            _Found(force, year, area, pillar, grade, a.wording, g_start, g_end, rule, source, " ".join(sentence.split()))
        )
        emitted = True
    return emitted


def _doc_pillar(doc: DocumentRecord) -> str | None:
    return doc.pillar if doc.pillar in PILLAR_LEVEL else None


# --- list lines ----------------------------------------------------------------------------


def _read_lines(ctx: _Context, b_start: int, b_end: int) -> bool:
    """Lines of a block that are lists: "Area: Grade", "Grade: force, force and force".
    True when a line was read as such."""
    p = patterns()
    read = False
    pos = b_start
    lines = []
    for line in ctx.text[b_start:b_end].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for ls, le in lines:
        line = ctx.text[ls:le]
        if (m := p.round_up_noun.match(line)) and _round_up(ctx, m, ls, line[m.end():], "grade_statements.round_up_line", line):
            read = True
            continue
        for offset, m in _list_items(line):
            read |= _list_item(ctx, m, ls, offset, line)
    return read


def _list_items(line: str) -> list[tuple[int, re.Match]]:
    """The "Area: Grade" items of a line, with their offsets: the line itself, or its items
    between semicolons ("Grades: A - good; B - requires improvement; C - inadequate"), an
    item's heading before a colon ("Grades:") left out."""
    p = patterns()
    out = []
    pos = 0
    for item in line.split(";") if ";" in line else [line]:
        m = p.list_line.match(item)
        head = re.match(r"[^:]{1,40}:", item)
        if m is None and head is not None and _lookup_force(head.group()[:-1]) is None:
            m = p.list_line.match(item[head.end():])
            if m is not None:
                out.append((pos + head.end(), m))
        elif m is not None:
            out.append((pos, m))
        pos += len(item) + 1
    return out


def _list_item(ctx: _Context, m: re.Match, ls: int, offset: int, line: str) -> bool:
    """One "Area: Grade" (or, in a round-up, "Force: Grade") item of the line at ``ls``, ``offset``
    into it; True when it was read."""
    base = ls + offset
    bare = not m.group("sep").strip()  # "Legitimacy Good": a table cell beside its label
    if _doc_pillar(ctx.doc) and (name := _lookup_force(m.group("label").strip(" •*-\t\u2022"))):
        # "Durham Constabulary: Outstanding" in a round-up of forces; "Durham Good" is an annex row's start
        if bare:
            return False
        overall = [AreaMatch("overall", _doc_pillar(ctx.doc), 0, 0, f"{_doc_pillar(ctx.doc)} (overall)")]
        return _emit(ctx, name, ctx.doc.year, overall, m, base, "grade_statements.force_grade_line", "round-up", line)
    if not ctx.doc.force:
        return False
    label = _drop_parentheticals(m.group("label"))  # "Effectiveness (2016): Good"
    areas = find_areas(label)
    if not areas or covered(label, areas) < vocab()["min_area_coverage"] or len(label.split()) > 16:
        return False
    year = year_at(year_cues(line, ctx.doc.year), offset + m.start("grade"), ctx.doc.year)
    return _emit(ctx, ctx.doc.force, year, areas[:1], m, base, "grade_statements.list_line", "list", line)


def _areas_over_grades(ctx: _Context) -> None:
    """Grade boxes: runs of short lines that are each an area or a grade. A run that opens with
    an area pairs each area with the grade on the line under it ("Preventing crime / Good"); a
    run that opens with a grade lists the areas given that grade under it ("Good / Preventing
    crime / Recording data about crime / Adequate / ..."). A grade line followed by more grade
    lines is a row of a table (one grade per column), not a box."""
    if ctx.doc.force is None:
        return
    p = patterns()
    lines, pos = [], 0
    for line in ctx.text.split("\n"):
        if line.strip():
            g = p.grade_line.match(line) if p.grade_hint.search(line) else None
            lines.append((pos, line, g))
        pos += len(line) + 1
    read_to = -1
    for i, (_, _, g) in enumerate(lines):
        if g is None or i <= read_to:
            continue
        first = i  # the run around this grade: grade and area lines on either side
        while first > 0 and (lines[first - 1][2] is not None or _is_area_label(lines[first - 1][1])):
            first -= 1
        last = i
        while last + 1 < len(lines) and (lines[last + 1][2] is not None or _is_area_label(lines[last + 1][1])):
            last += 1
        if first == i and first > 0 and lines[first - 1][1].rstrip().endswith("?"):
            first += 1  # a grade under a question heading answers it (judgments.py); it heads no areas
        _read_box(ctx, lines[first : last + 1])
        read_to = last


def _force_rows(ctx: _Context) -> None:
    """Tables with a cell separator ("|"): a header row of areas or pillars ("Force | Effectiveness
    | Efficiency"), then rows of a force and one grade per column ("Kent | Good | Outstanding")."""
    p = patterns()
    columns: list[AreaMatch | None] | None = None
    pos = 0
    for line in ctx.text.split("\n"):
        ls, pos = pos, pos + len(line) + 1
        cells = _cells(line, ls)
        if cells is None:
            continue  # "|---|---|" under a header
        if len(cells) < 3:
            columns = None  # the table ended
            continue
        heads = [find_areas(c) for _, c in cells[1:]]
        if all(len(h) == 1 and covered(c, h) >= vocab()["min_area_coverage"] for h, (_, c) in zip(heads, cells[1:])):
            columns = [h[0] for h in heads]
            continue
        name = _lookup_force(cells[0][1])
        if columns is None or name is None or len(cells) - 1 != len(columns):
            continue
        sentence = " ".join(ctx.original[ls : ls + len(line)].split())
        for (start, cell), area in zip(cells[1:], columns):
            g = p.grade_line.match(cell)
            if g is not None:
                year = ctx.doc.year
                _emit(ctx, name, year, [area], g, start, "grade_statements.force_row", "round-up", sentence)


def _cells(line: str, ls: int) -> list[tuple[int, str]] | None:
    """The cells of a table row written with "|" between them, as (text offset, cell); None for
    a rule under a header ("|---|---|")."""
    if "|" not in line:
        return []
    out, pos = [], 0
    for cell in line.split("|"):
        if cell.strip():
            out.append((ls + pos, cell))
        pos += len(cell) + 1
    return None if out and all(set(c.strip()) <= set("-: ") for _, c in out) else out


def _grades_over_forces(ctx: _Context) -> None:
    """A round-up laid out in lines: a grade alone on its line, then lines that are each a force's
    name or a list of forces ("Outstanding / Durham Constabulary / Kent Police", "Good / Kent,
    Met"), two or more forces in all. One force under a grade is a table row (a national annex:
    label, then its grades), not a round-up."""
    pillar = _doc_pillar(ctx.doc)
    if pillar is None:
        return
    p = patterns()
    lines, pos = [], 0
    for line in ctx.text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    overall = [AreaMatch("overall", pillar, 0, 0, f"{pillar} (overall)")]
    for i, (ls, line) in enumerate(lines):
        g = p.grade_line.match(line) if p.grade_hint.search(line) else None
        if g is None:
            continue
        named, end = [], ls + len(line)
        for below_start, below in lines[i + 1 :]:
            names = _forces_of_line(below)
            if not names:
                break
            named += names
            end = below_start + len(below)
        if len(named) < 2:
            continue
        sentence = " ".join(ctx.original[ls:end].split())
        for name in named:
            _emit(ctx, name, ctx.doc.year, overall, g, ls, "grade_statements.round_up_lines", "round-up", sentence)


def _forces_of_line(line: str) -> list[str]:
    """The forces a line names and nothing else: one force ("Kent Police") or a list of them
    ("Avon and Somerset, Devon & Cornwall, Met"); [] for any other line."""
    item = line.strip(" •*-\t\u2022").rstrip(".;,")
    name = _lookup_force(item)
    if name is not None:
        return [name]
    named = force_list(item)
    return [n for n, _, _ in named] if len(named) >= 2 and named[-1][2] >= len(item) else []


def _read_box(ctx: _Context, run: list[tuple[int, str, re.Match | None]]) -> None:
    if len(run) < 2:
        return
    grade_first = run[0][2] is not None
    current: tuple[int, re.Match] | None = None
    for i, (ls, line, g) in enumerate(run):
        if grade_first:
            if g is not None:
                current = (ls, g)
            elif current is not None:
                gls, gm = current
                year = year_at(year_cues(line, ctx.doc.year), 0, ctx.doc.year)
                _emit_box(ctx, line, gm, gls, year, "grade_statements.grade_over_areas")
            continue
        if g is None or i == 0 or run[i - 1][2] is not None:
            continue
        if i + 1 < len(run) and run[i + 1][2] is not None:
            continue  # a table row: more grades follow
        label = run[i - 1][1]
        year = year_at(year_cues(label, ctx.doc.year), 0, ctx.doc.year)
        _emit_box(ctx, label, g, ls, year, "grade_statements.area_over_grade")


def _emit_box(ctx: _Context, label: str, g: re.Match, g_line_start: int, year: int, rule: str) -> None:
    areas = find_areas(label)
    sentence = f"{label.strip()} {g.group().strip()}"
    found_before = len(ctx.found)
    _emit(ctx, ctx.doc.force, year, areas[:1], g, g_line_start, rule, "list", sentence)
    if rule == "grade_statements.grade_over_areas":
        # one grade word, several areas under it: each area is its own statement
        for f in ctx.found[found_before:]:
            f.sentence = " ".join(sentence.split())


@lru_cache(maxsize=4096)
def _is_area_label(line: str) -> bool:
    """A short line that is (nearly) all one area's wording: a heading, not a sentence."""
    s = line.strip(" •*-\t\u2022")
    if not s or len(s.split()) > 12 or s.endswith((".", "?", ",")) or re.search(r"[.;:!?]\s", s):
        return False
    if patterns().grade.search(s):
        return False  # "Kent Police is good at preventing crime ..." (a wrapped sentence)
    areas = find_areas(s)
    return len(areas) == 1 and covered(s, areas) >= vocab()["min_area_coverage"]


# --- round-ups -------------------------------------------------------------------------------


def force_list(text: str) -> list[tuple[str, int, int]]:
    """The forces a list names ("Cheshire, Durham, Lancashire and West Midlands"), as
    (canonical name, start, end), up to the first item that is not a force."""
    out = []
    for m in re.finditer(r"[^,;.]+", text):
        item = m.group()
        if not item.strip():
            break
        parts = _split_force_item(item.strip())
        if parts is None:
            break
        offset = m.start() + (len(item) - len(item.lstrip()))
        for name, a, b in parts:
            out.append((name, offset + a, offset + b))
        if re.match(r"[^,]*[.;]", text[m.end() : m.end() + 1]):
            break
    return out


def _split_force_item(item: str) -> list[tuple[str, int, int]] | None:
    """An item of a force list: one force ("Devon and Cornwall") or several joined by "and"."""
    cleaned = re.sub(r"^(?:and|&)\s+", "", item)
    skip = len(item) - len(cleaned)
    name = _lookup_force(cleaned)
    if name:
        return [(name, skip, len(item))]
    for m in re.finditer(r"\s+(?:and|&)\s+", cleaned):
        left = _lookup_force(cleaned[: m.start()])
        right = _split_force_item(cleaned[m.end():])
        if left and right:
            return [(left, skip, skip + m.start())] + [(n, skip + m.end() + a, skip + m.end() + b) for n, a, b in right]
    return None


def _lookup_force(name: str) -> str | None:
    v = vocab()
    s = name.strip()
    for strip in v["force_list_strip"]:
        s = re.sub(rf"^{strip}" if not strip.endswith("$") else rf"\s*{strip}", "", s, flags=re.I).strip()
    if not s or not s[0].isupper() or len(s.split()) > 6:
        return None
    return forces.lookup(s)


def _round_up(ctx: _Context, m: re.Match, base: int, rest: str, rule: str, sentence: str) -> bool:
    """A grade and the forces listed after it; the area is the one named with the grade
    ("forces graded outstanding for tackling serious and organised crime: ..."), else the
    document's pillar overall."""
    named = force_list(rest)
    if not named:
        return False
    pillar = _doc_pillar(ctx.doc)
    year = year_at(year_cues(sentence, ctx.doc.year), m.start(), ctx.doc.year, sentence)
    area_text = m.groupdict().get("area")
    if area_text:
        overall = _area_list(area_text, whole=True)
        if not overall:
            return False
    elif pillar is None:
        return False
    else:
        overall = [AreaMatch("overall", pillar, 0, 0, f"{pillar} (overall)")]
    emitted = False
    for name, _, _ in named:
        emitted |= _emit(ctx, name, year, overall, m, base, rule, "round-up", sentence)
    return emitted


# --- sentences -------------------------------------------------------------------------------


def _read_sentence(ctx: _Context, s: int, e: int, b_start: int) -> None:
    p = patterns()
    sent = ctx.text[s:e]
    cues = year_cues(sent, ctx.doc.year)
    for m in p.round_up.finditer(sent):
        _round_up(ctx, m, s, sent[m.end():], "grade_statements.round_up", sent)
    for m in p.count_round_up.finditer(sent):
        _round_up(ctx, m, s, sent[m.end():], "grade_statements.count_round_up", sent)
    for m in p.area_frame.finditer(sent):
        _area_frame(ctx, sent, s, m, cues, b_start)
    not_grades = [(m.start(), m.end()) for m in p.not_grade.finditer(sent)]
    for m in p.change.finditer(sent):
        _grade_change(ctx, sent, s, m, cues, b_start)
        not_grades += [m.span(name) for name in ("grade", "grade2") if m.group(name)]  # read here, or not at all
    starts = tuple(m.start() for m in p.grade.finditer(sent))
    scene = None if cues else _scene_year(ctx, b_start, s)
    prev: tuple[int, str | None, int] | None = None  # (end of the previous judgment's areas, its force, year)
    for g in p.grade.finditer(sent):
        if any(a <= g.start("grade") < b for a, b in not_grades):
            continue
        if any(f.start <= s + g.start("grade") < f.end for f in ctx.found):
            continue  # read by a round-up or an area frame
        result = _grade_in_sentence(ctx, sent, s, g, cues, prev, b_start, starts, scene)
        prev = result
    if (same := p.same_as_in_sentence.search(sent)) is not None:
        _copy_to_last_year(ctx, [f for f in ctx.found if s <= f.start < e and f.start < s + same.start()], s + same.start(),
                           s + same.end(), ctx.original[s:e])


def _grade_change(ctx: _Context, sent: str, s: int, m: re.Match, cues: list[_Cue], b_start: int) -> None:
    """"The force improved from 'requires improvement' to 'good' at A" / "A went up (from X) to Y":
    the new grade is this year's (or its cue's); the earlier one is read only when the sentence
    dates it ("in 2015", "since our last inspection", "last year"), for that earlier cycle."""
    p = patterns()
    pre = sent[: m.start()]
    subject = pre[_clause_start(_blank_asides(pre)):]
    if _hypothetical(subject) or p.negation.search(subject) or p.negation.search(m.group("verb")):
        return
    subject = re.sub(r"\s+(?:has|have|had)\s*$", " ", subject, flags=re.I)  # "... has dropped to"
    post = _blank_aside(sent[m.end():])
    conn = p.connector.match(post)
    areas = _area_list(post[conn.end():]) if conn else []
    if areas:
        force = _subject_force(ctx, subject, sent, b_start)
    else:
        areas = _area_list(subject, whole=True)  # "Its grade for investigating crime improved ..."
        force = _subject_force(ctx, subject, sent, b_start, default_doc=True) if areas else None
    if force is None or not areas:
        return
    clause_end = p.cue_clause_end.search(sent, m.end())
    after = [c for c in cues if c.start > m.start("grade2") and (clause_end is None or c.start < clause_end.start())]
    before = [c for c in cues if c.start < m.start()]
    year = after[0].year if after else before[-1].year if before else ctx.doc.year
    _emit(ctx, force, year, areas, _Span(m.start("grade2"), m.end("grade2"), m.group("grade2")), s,
          "grade_statements.grade_change", "statement", sent)
    if m.group("grade") is None:
        return  # "dropped to requires improvement": no earlier grade stated
    mid = [c for c in cues if m.end("grade") <= c.start < m.start("grade2")]
    since = p.since.search(sent)
    if mid:
        earlier = mid[0].year
    elif since is not None and (stated := p.year_cue.search(since.group())) is not None:
        earlier = cycle_of(int(stated.group("year")))
    elif since is not None or p.previous.search(sent) or p.last_year.search(sent):
        earlier = previous_cycle(year)
    else:
        return  # which year was the earlier grade? the sentence does not say
    if earlier < year:
        _emit(ctx, force, earlier, areas, _Span(m.start("grade"), m.end("grade"), m.group("grade")), s,
              "grade_statements.grade_change_from", "statement", sent)


@dataclass(frozen=True)
class _Span:
    """A grade word found by a frame with two grades, shaped like a match of group "grade"."""
    at: int
    to: int
    text: str

    def groupdict(self) -> dict:
        return {"grade": self.text}

    def start(self, name: str = "grade") -> int:
        return self.at

    def end(self, name: str = "grade") -> int:
        return self.to

    def group(self, name: str = "grade") -> str:
        return self.text


def _copy_to_last_year(ctx: _Context, stated: list[_Found], start: int, end: int, sentence: str) -> None:
    """This year's grades restated as last year's ("..., the same as last year")."""
    year = cycle_of(ctx.doc.year - 1)
    for f in stated:
        if f.year == ctx.doc.year and f.rule != "grade_statements.same_as_last_year":
            ctx.found.append(_Found(f.force, year, f.area, f.pillar, f.grade, f.wording, start, end,
                                    "grade_statements.same_as_last_year", "statement", " ".join(sentence.split())))


def _scene_year(ctx: _Context, b_start: int, s: int) -> int | None:
    """The earlier year a paragraph's previous sentence sets without grading anything ("In 2015
    the inspectorate looked at the force's work."): past-tense grades of the next sentence that
    has no temporal cue of its own belong to it."""
    earlier = sentences(ctx.text, b_start, s)
    if not earlier:
        return None
    previous = ctx.text[earlier[-1][0] : earlier[-1][1]]
    if patterns().grade.search(previous):
        return None
    cues = year_cues(previous, ctx.doc.year)
    return cues[-1].year if cues and cues[-1].year < ctx.doc.year else None


def _grade_in_sentence(ctx, sent: str, s: int, g: re.Match, cues, prev, b_start: int, starts: tuple[int, ...] = (),
                       scene: int | None = None):
    """Read one grade word of a sentence; returns (areas end, force) when it was a judgment."""
    p = patterns()
    pre_all = sent[: g.start()]
    post = _blank_aside(sent[g.end():])
    year = year_at(cues, g.start(), ctx.doc.year, sent, starts)
    clause_start = _clause_start(_blank_asides(pre_all))
    pre = pre_all[clause_start:]
    conn = p.connector.match(post) if not p.inspection_after.match(post) else None
    post_areas = _area_list(post[conn.end():]) if conn else []
    if conn and not post_areas and (anaphor := p.area_anaphor.match(post, conn.end())):
        # "good in this area": the areas graded (or named) just before, at the anaphor's place
        post_areas = [AreaMatch(a.code, a.pillar, anaphor.start() - conn.end(), anaphor.end() - conn.end(), a.wording)
                      for a in _referred_areas(ctx, s, g.start(), b_start)]
    rule = "grade_statements.subject_grade_areas"

    # A grade continuing the previous one's frame: "good at A, good at B and good at C".
    if prev is not None and p.chain_gap.match(gap := _blank_asides(sent[prev[0] : g.start()])):
        if post_areas:
            year = prev[2]  # "In 2016 it was good at A and outstanding at B": one year for the chain
            _emit(ctx, prev[1], year, post_areas, g, s, rule, "statement", sent)
            return (g.end() + conn.end() + post_areas[-1].end, prev[1], year)
        if listed := _colon_areas(post):  # "..., and as adequate in four further areas: A, B, C and D"
            _emit(ctx, prev[1], prev[2], listed, g, s, "grade_statements.grade_colon_areas", "statement", sent)
            return None
        if p.this_year.search(gap) and not conn and _clause_ends(post):
            # "was previously graded as good for A, but is now graded as requires improvement"
            areas = _continued_areas(ctx, s, g.start(), b_start, prev[1])
            if areas:
                _emit(ctx, prev[1], year, areas, g, s, "grade_statements.grade_continued", "statement", sent)
        return None

    lead = p.lead.search(pre[-200:])
    if lead is not None and (lead.group("received") is not None or lead.group("given") is not None):
        # "received a 'good' grade for A": the grade is the noun's; its areas follow the noun
        noun = p.noun_after.match(post)
        if noun is None:
            return None
        post = " " * noun.end() + post[noun.end():]
        conn = p.connector.match(post)
        post_areas = _area_list(post[conn.end():]) if conn else []
    if lead is None and p.verbal_grade.match(g.group("grade")) and _clause_ends(post):
        # "The extent to which the force is effective at ... requires improvement.", "Investigation of crime requires improvement."
        areas = _area_list(pre, whole=True)
        force = _subject_force(ctx, pre, sent, b_start, default_doc=True)
        if areas and not _hypothetical(pre) and not p.negation.search(pre[-12:]):
            _emit(ctx, force, year, areas, g, s, "grade_statements.areas_grade", "statement", sent)
        elif not areas and p.this_year.search(pre) and not _hypothetical(pre) and not p.negation.search(pre):
            # "...; it now requires improvement": the areas of the grade before it
            force = _subject_force(ctx, pre, sent, b_start) or (_earlier_force(ctx, s, g.start()) if not p.subject_word.sub("", p.this_year.sub("", pre)).strip(" ,") else None)
            continued = _continued_areas(ctx, s, g.start(), b_start, force) if force else []
            if continued:
                _emit(ctx, force, year, continued, g, s, "grade_statements.grade_continued", "statement", sent)
        return None
    if lead is None and p.verbal_grade.match(g.group("grade")) and post_areas and pre.strip(" •*-\t\u2022"):
        # "Sussex Police requires improvement at investigating crime."
        force = _subject_force(ctx, pre, sent, b_start)
        if force is None or _hypothetical(pre) or p.negation.search(pre[-12:]):
            return None
        _emit(ctx, force, year, post_areas, g, s, "grade_statements.subject_grade_areas", "statement", sent)
        return (g.end() + conn.end() + post_areas[-1].end, force, year)
    if lead is None:
        return _bullet_grade(ctx, sent, s, g, pre, post_areas, conn, year, b_start)
    lead_start = len(pre) - len(pre[-200:]) + lead.start()
    before_lead = pre[:lead_start]
    if p.negation.search(lead.group()) or _hypothetical(before_lead):
        return None
    if scene is not None and p.past_lead.search(lead.group()) and not p.perfect_before.search(before_lead):
        year = scene  # "In 2015 the inspectorate looked at the force. It was rated good at A."
    if lead.group("verb") is not None:
        many = force_list(_strip_article(lead.group("obj")))
        if len(many) >= 2:  # "graded the Derbyshire and Kent police forces as outstanding"
            areas = post_areas or ([AreaMatch("overall", _doc_pillar(ctx.doc), 0, 0, "overall")] if _clause_ends(post) else [])
            for name, _, _ in many:
                _emit(ctx, name, year, areas, g, s, "grade_statements.graded_forces", "round-up", sent)
            return None
        obj_areas = [] if post_areas or conn else _area_list(lead.group("obj"), whole=True)
        if obj_areas and _clause_ends(post) and not _hypothetical(before_lead):
            # "we judged the force's approach to tackling serious and organised crime to be good"
            force = _subject_force(ctx, lead.group("obj"), sent, b_start, default_doc=True)
            _emit(ctx, force, year, obj_areas, g, s, "grade_statements.areas_grade", "statement", sent)
            return (g.end(), force, year)
        force = _subject_force(ctx, lead.group("obj"), sent, b_start, objective=True)
        if force is None:
            return None
    else:
        force = None
        if lead.group("given") is not None:  # "gave the force a 'good' grade for A"
            force = _subject_force(ctx, lead.group("gobj"), sent, b_start, objective=True)
            if force is None:
                return None
        many = _force_list_subject(before_lead)
        if len(many) >= 2:  # "Durham, Kent and Essex were all graded outstanding (at A)"
            areas = post_areas or ([AreaMatch("overall", _doc_pillar(ctx.doc), 0, 0, "overall")]
                                   if ctx.doc.force is None and _doc_pillar(ctx.doc) and not conn and _clause_ends(post) else [])
            if not _hypothetical(before_lead):
                for name in many:
                    _emit(ctx, name, year, areas, g, s, "grade_statements.graded_forces", "round-up", sent)
            return None
    if post_areas:
        if force is None:
            force = _subject_force(ctx, before_lead, sent, b_start)
        if force is None and _is_bullet(ctx.text, b_start) and not before_lead.strip(" •*-\t\u2022"):
            force = _bullet_force(ctx, b_start)
        if force is None or _hypothetical(before_lead):
            return None
        _emit(ctx, force, year, post_areas, g, s, rule, "statement", sent)
        return (g.end() + conn.end() + post_areas[-1].end, force, year)
    areas = _colon_areas(post)
    if areas:  # "good in all four areas: A, B, C and D"
        if force is None:
            force = _subject_force(ctx, before_lead, sent, b_start)
        if force is not None and areas and not _hypothetical(before_lead):
            _emit(ctx, force, year, areas, g, s, "grade_statements.grade_colon_areas", "statement", sent)
            return None
    if conn:
        return None  # "good in one area", "good at everything": no PEEL area
    if not _clause_ends(post):
        return None
    # Areas before the grade: "its use of resources is assessed as good", "A and B, all of which ...".
    anaphor = p.anaphor.search(before_lead)
    subject_text = before_lead[: anaphor.start()] if anaphor else before_lead
    if anaphor:
        subject_text = subject_text[_clause_start_for_list(subject_text):]
    areas = _area_list(subject_text, whole=True) if subject_text.strip() else []
    if areas and _copular(lead):
        if force is None:
            force = _subject_force(ctx, subject_text, sent, b_start, default_doc=True)
        _emit(ctx, force, year, areas, g, s, "grade_statements.areas_grade", "statement", sent)
        return (g.end(), force, year)
    subject = force
    if subject is None and not before_lead.strip() and _copular(lead):
        subject = _earlier_force(ctx, s, g.start())  # "..., but is now graded as requires improvement"
    if subject is None and _copular(lead) and len({fm.name for fm in forces.find_forces(_drop_parentheticals(before_lead))}) <= 1:
        subject = _subject_force(ctx, before_lead, sent, b_start)  # "forces such as A and B": which?
    if subject is not None and _no_area_grade(ctx, sent, s, g, subject, year, lead, clause_start + lead_start, post, b_start):
        overall = p.overall_after.match(post)  # "good overall and outstanding at A": the chain goes on
        return (g.end() + (overall.end("word") if overall else 0), subject, year)
    # A named force graded with no area: the document's pillar as a whole ("the Met was graded 'good'").
    if force is None and _copular(lead):
        named = {fm.name for fm in forces.find_forces(_drop_parentheticals(before_lead))}
        force = named.pop() if len(named) == 1 else None  # "forces such as A and B": which?
    graded = re.search(r"\b(?:graded|rated|judged|assessed)\b", lead.group(), re.I) or grade_of(g.group("grade")) == "Ungraded"
    if force is not None and ctx.doc.force is None and _doc_pillar(ctx.doc) and graded:
        overall = [AreaMatch("overall", _doc_pillar(ctx.doc), 0, 0, "overall")]
        _emit(ctx, force, year, overall, g, s, "grade_statements.force_graded", "statement", sent)
    return None


def _no_area_grade(ctx, sent, s, g, force, year, lead, lead_start, post, b_start) -> bool:
    """A force graded with no area in its clause: the area is said elsewhere.
    - an inspection's name in the sentence: its pillar ("In its 2017 legitimacy inspection,
      HMICFRS graded the force as good");
    - "overall" after the grade: the document's pillar ("HMIC rated the force good overall");
    - a topic opening the sentence ("On A, inspectors rated the force good", "A is where the
      force is weakest: inspectors graded it inadequate");
    - a continuing copula ("It remains good", "it is still good") after a sentence that graded
      the force: that sentence's areas, for this sentence's year."""
    p = patterns()
    named = {w.lower() for m in p.inspection_name.finditer(sent) for w in m.group("pillar", "pillar2") if w}
    if len(named) == 1 and year < INTEGRATED_FROM:
        overall = [AreaMatch("overall", named.pop(), 0, 0, "overall")]
        return _emit(ctx, force, year, overall, g, s, "grade_statements.inspection_grade", "statement", sent)
    if p.overall_after.match(post):
        pillar = _doc_pillar(ctx.doc)
        if pillar is None or year >= INTEGRATED_FROM:
            return False
        overall = [AreaMatch("overall", pillar, 0, 0, f"{pillar} (overall)")]
        return _emit(ctx, force, year, overall, g, s, "grade_statements.grade_overall", "statement", sent)
    topic = p.topic.match(sent)
    if topic is not None and topic.end() <= lead_start:
        areas = _area_list(topic.group("areas") or topic.group("areas2"), whole=True)
        return bool(areas) and _emit(ctx, force, year, areas, g, s, "grade_statements.topic_grade", "statement", sent)
    if p.continuation.match(lead.group()) or p.this_year.search(sent[lead_start : g.start()]):
        areas = _continued_areas(ctx, s, g.start(), b_start, force)
        return bool(areas) and _emit(ctx, force, year, areas, g, s, "grade_statements.grade_continued", "statement", sent)
    return False


def _continued_areas(ctx: _Context, s: int, pos: int, b_start: int, force: str) -> list[AreaMatch]:
    """The areas a grade without its own continues ("It remains good", "..., but is now graded as
    requires improvement"): those of the force's last grade earlier in the sentence, else those of
    the paragraph's previous sentence."""
    def areas_of(found: list[_Found]) -> list[AreaMatch]:
        found = [f for f in found if f.force == force and f.rule != "grade_statements.same_as_last_year"]
        last = [f for f in found if f.start == found[-1].start] if found else []
        return list({(f.area, f.pillar): AreaMatch(f.area, f.pillar, 0, 0, f.wording) for f in last}.values())
    same = areas_of(sorted((f for f in ctx.found if s <= f.start < s + pos), key=lambda f: f.start))
    if same:
        return same
    earlier = sentences(ctx.text, b_start, s)
    if not earlier:
        return []
    ps, pe = earlier[-1]
    return areas_of(sorted((f for f in ctx.found if ps <= f.start < pe), key=lambda f: f.start))


def _referred_areas(ctx: _Context, s: int, pos: int, b_start: int) -> list[AreaMatch]:
    """The areas "this area" refers to: those of the last grade before it in the sentence or, in
    the paragraph's previous sentence, of its last grade, else the one area that sentence names."""
    before = sorted((f for f in ctx.found if s <= f.start < s + pos), key=lambda f: f.start)
    if not before:
        earlier = sentences(ctx.text, b_start, s)
        if not earlier:
            return []
        ps, pe = earlier[-1]
        before = sorted((f for f in ctx.found if ps <= f.start < pe), key=lambda f: f.start)
        if not before:
            named = find_areas(ctx.text[ps:pe])
            return named if len({a.code for a in named}) == 1 else []
    last = [f for f in before if f.start == before[-1].start and f.rule != "grade_statements.same_as_last_year"]
    return list({(f.area, f.pillar): AreaMatch(f.area, f.pillar, 0, 0, f.wording) for f in last}.values())


def _earlier_force(ctx: _Context, s: int, pos: int) -> str | None:
    """The force graded earlier in the sentence: the subject a later clause leaves out ("... was
    good at A, but is now ...")."""
    found = sorted((f for f in ctx.found if s <= f.start < s + pos), key=lambda f: f.start)
    return found[-1].force if found else None


def _bullet_grade(ctx, sent, s, g, pre, post_areas, conn, year, b_start):
    """A bullet that starts with the grade ("• 'requires improvement' at how legitimately ..."),
    or a line that does under a lead-in ending with a colon ("... rates it:" / "'good' for A;"):
    the lead-in names the subject, else it is the document's force."""
    if not post_areas or pre.strip(" •*-\t\n\u2022"):
        return None
    named = re.match(r"\s*(?P<name>[^:]{2,60}?)\s*:\s*['\"]?$", sent[: g.start("grade")])
    if named is not None and (force := _lookup_force(named.group("name"))) is not None:
        # a headline "Kent Police: requires improvement at A"
        _emit(ctx, force, year, post_areas, g, s, "grade_statements.force_colon_grade_areas", "statement", sent)
        return (g.end() + conn.end() + post_areas[-1].end, force, year)
    if not _is_bullet(ctx.text, b_start) and not _colon_lead_in(ctx.text, b_start):
        return None
    force = _bullet_force(ctx, b_start)
    if force is None:
        return None
    _emit(ctx, force, year, post_areas, g, s, "grade_statements.bullet_grade_areas", "list", sent)
    return (g.end() + conn.end() + post_areas[-1].end, force, year)


def _colon_areas(post: str) -> list[AreaMatch]:
    """The areas listed after a colon that follows a grade ("good in all four areas: A, B, C")."""
    listed = patterns().colon_list.match(post)
    return _area_list(post[listed.end():].replace(";", ",")) if listed is not None else []


def _colon_lead_in(text: str, start: int) -> str:
    """The line ending with a colon that a list item completes, over the items before this one
    (lines ending with ';' or ','); "" when there is none or it grades nothing ("Areas:")."""
    end = start
    while end > 0:
        line_start = text.rfind("\n", 0, end - 1) + 1
        line = text[line_start:end].strip()
        end = line_start
        if not line:
            continue
        if line.endswith(":"):
            return line if patterns().grading_lead_in.search(line) and not _hypothetical(line) else ""
        if not line.endswith((";", ",")):
            return ""
    return ""


def _is_bullet(text: str, start: int) -> bool:
    return re.match(r"\s*(?:[•*\u2022\u25cf\u25aa]|-\s)", text[start : start + 5]) is not None


def _bullet_force(ctx: _Context, b_start: int) -> str | None:
    """The subject of a bullet that has none: a force its lead-in names, else the document's."""
    named = list(forces.find_forces(_lead_in(ctx.text, b_start) or _colon_lead_in(ctx.text, b_start)))
    return named[-1].name if named else ctx.doc.force


def _copular(lead: re.Match) -> bool:
    """A lead whose subject is the grade's subject: "is (rated)", or a headline's reduced passive
    ("Kent Police rated 'good' at ...")."""
    return lead.group("cop") is not None or lead.group("reduced") is not None or lead.group("received") is not None


def _force_list_subject(subject: str) -> list[str]:
    """The forces of a subject that is nothing but a list of forces ("Durham, Kent and Essex"),
    after an opening phrase if any ("At the other end of the scale, Kent and Essex"), before a
    tail that says they are the forces graded ("were among those", "were the only two forces")."""
    text = _drop_parentheticals(subject).rstrip()
    text = patterns().list_subject_tail.sub("", text).strip().rstrip(" ,")  # "..., were the only two forces"
    openings = [0] + [m.end() for m in re.finditer(r",\s*", text)]
    for start in openings:  # the longest list that runs to the verb
        rest = re.sub(r"^(?:only|both|and|but|while|whereas)\s+", "", text[start:], flags=re.I)
        named = force_list(rest)
        if len(named) >= 2 and named[-1][2] >= len(rest):
            return [name for name, _, _ in named]
    return []


def _clause_ends(post: str) -> bool:
    if patterns().overall_after.match(post):
        return True  # "good overall.", "good as a whole,"
    if patterns().inspection_after.match(post):
        return True  # "good in the 2016 legitimacy inspection"
    return bool(re.match(r"\s*(?:$|[.;:,!)\]]|\s*[\u2013\u2014-]\s|and\b|but\b|overall\b|in\s+20\d\d|this\s+year|last\s+year)", post, re.I))


def _hypothetical(text: str) -> bool:
    return patterns().hypothetical.search(text) is not None


def _clause_start(pre: str) -> int:
    starts = [m.end() for m in patterns().clause_break.finditer(pre)]
    return starts[-1] if starts else 0


def _clause_start_for_list(text: str) -> int:
    """Where a list of areas before "all of which" starts: after "on", "needed on", a colon."""
    m = list(re.finditer(r"[:;]|\b(?:on|in|at|for|of)\s+(?=\w)", text))
    return m[0].end() if m else 0


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|both)\s+", "", text.strip(), flags=re.I)


def _blank_asides(text: str) -> str:
    """Text with "– asides –" and "(asides)" blanked out, offsets kept; an aside does not run
    over a semicolon ("A – good; B – inadequate" are two items, not an aside)."""
    text = re.sub(r"\s[\u2013\u2014-]\s[^\u2013\u2014;]*?\s[\u2013\u2014-]\s", lambda m: " " * len(m.group()), text)
    return re.sub(r"\([^)]*\)", lambda m: " " * len(m.group()), text)


def _drop_parentheticals(text: str) -> str:
    """Text without "– asides –" and "(asides)", so "the Met – the biggest force –" names the Met."""
    text = re.sub(r"\s[\u2013\u2014-]\s[^\u2013\u2014]*?\s[\u2013\u2014-]\s", " ", text)
    return re.sub(r"\([^)]*\)", " ", text)


_AGENT = re.compile(r"^\s*by\s+(?:[\w'&-]+\s+){1,8}?(?=(?:for|at|in|on)\s)", re.I)


def _blank_aside(text: str) -> str:
    """Text with an opening "– aside –" or agent ("by the inspectorate") blanked out (same
    length: offsets are kept): "rated 'good' by the inspectorate for ..." is "rated 'good' for ..."."""
    text = re.sub(r"^\s*[\u2013\u2014-]\s[^\u2013\u2014]*?\s[\u2013\u2014-]\s", lambda m: " " * len(m.group()), text)
    return _AGENT.sub(lambda m: " " * len(m.group()), text)


_APPOSITIVE = re.compile(r",\s+(?:the|a|an|one|its|our|their)\s", re.I)


def _area_list(text: str, whole: bool = False) -> list[AreaMatch]:
    """The areas a list names, up to where the list ends (a new clause, a dash, a full stop);
    none when the list is more than its areas' wordings ("good at identifying organised crime
    groups" is praise of one activity, not the grade of an area). ``whole``: the text is a
    subject phrase, read whole ("its use of resources", "how the force protects ...")."""
    p = patterns()
    if whole:
        text = p.subject_prefix.sub(lambda m: " " * len(m.group()), text, count=1)
        text = p.subject_suffix.sub("", text)
    else:
        text = _blank_aside(text)
        whole_areas = find_areas(text)  # a break inside a wording ("the efficiency with which") is no break
        stops = [
            m.start() for pattern in (p.list_break, p.grade) for m in pattern.finditer(text)
            if not any(a.start <= m.start() < a.end for a in whole_areas)
        ]
        text = text[: min(stops)] if stops else text
    areas = find_areas(text)
    if areas and not whole and covered(text, areas) < vocab()["min_area_coverage"]:
        # an appositive after the areas: "for its legitimacy, one of only two forces to ...", or
        # a noun phrase after the first one ("for legitimacy, the way we treat the public and ...")
        comma = text.find(",", areas[-1].end)
        if comma < 0 and (first := _APPOSITIVE.search(text, areas[0].end)) is not None:
            comma = first.start()
        if comma >= 0:
            text = text[:comma]
            areas = find_areas(text)
    return areas if areas and covered(text, areas) >= vocab()["min_area_coverage"] else []


def covered(text: str, areas: list[AreaMatch]) -> float:
    """Share of a list's content words that lie inside its area wordings."""
    fillers = patterns().filler
    words = [m for m in re.finditer(r"[\w'-]+", text) if not fillers.fullmatch(m.group())]
    if not words:
        return 0.0
    inside = sum(1 for w in words if any(a.start <= w.start() < a.end for a in areas))
    return inside / len(words)


def _subject_force(ctx: _Context, subject: str, sent: str, b_start: int, objective: bool = False,
                   default_doc: bool = False) -> str | None:
    """The force a subject (or a grading verb's object) names: a force's name in any spelling,
    or a word for the document's force ("the force", "it", "we"); None for anything else."""
    p = patterns()
    text = _drop_parentheticals(subject)
    candidates = []
    for fm in forces.find_forces(text):
        candidates.append((fm.start, fm.end, fm.name))
    for m in re.finditer(r"\b[A-Z][\w&'-]*(?:\s+(?:(?:and|&|of)\s+)?[A-Z][\w&'-]*)*", text):
        name = forces.lookup(m.group())
        if name and not any(a <= m.start() < a + 40 and n == name for a, _, n in candidates):
            candidates.append((m.start(), m.end(), name))
    for m in p.subject_word.finditer(text):
        candidates.append((m.start(), m.end(), None))
    if objective and not text.strip():
        return None
    if objective and len(text.split()) > 6:
        return None
    if not candidates:
        return ctx.doc.force if default_doc else None
    candidates.sort(key=lambda c: c[0])
    _, end, name = candidates[-1]
    if not default_doc and not p.subject_tail.fullmatch(text[end:]):
        return None  # "the force's officers are good at ...": the officers are the subject
    if name is not None:
        return name
    return _paragraph_force(ctx, b_start, sent) or ctx.doc.force


def _paragraph_force(ctx: _Context, b_start: int, sent: str) -> str | None:
    """The force a paragraph is about when it opens a sentence with another force's name."""
    sent_pos = ctx.text.find(sent, b_start)
    for s, e in reversed(sentences(ctx.text, b_start, max(b_start, sent_pos))):
        head = ctx.text[s : min(e, s + 60)]
        named = [fm for fm in forces.find_forces(head) if fm.start < 25]
        if named:
            return named[0].name
    return None


def _area_frame(ctx, sent, s, m, cues, b_start):
    """"The areas graded 'inadequate' included A and B", "the good area was A"."""
    force = _paragraph_force(ctx, b_start, sent) or ctx.doc.force
    if force is None:
        return
    listed = sent[m.end():]
    if sent[: m.end()].rstrip().endswith(":"):
        listed = listed.replace(";", ",")  # "Areas graded adequate: A; B; C"
    areas = _area_list(listed)
    if not areas:
        return
    year = year_at(cues, m.start(), ctx.doc.year, sent)
    _emit(ctx, force, year, areas, m, s, "grade_statements.graded_areas", "statement", sent)


def _same_as_last_year(ctx: _Context, b_start: int, b_end: int, before: int) -> None:
    """"Our overall judgment this year is the same as last year": last year's overall grade is the
    one this paragraph just stated."""
    p = patterns()
    for m in p.same_as_last_year.finditer(ctx.text, b_start, b_end):
        stated = [f for f in ctx.found[before:] if f.area == "overall" and f.start < m.start() and f.year == ctx.doc.year]
        if not stated:
            continue
        sent = next((ctx.original[a:b] for a, b in sentences(ctx.text, b_start, b_end) if a <= m.start() < b), m.group())
        _copy_to_last_year(ctx, stated[-1:], m.start(), m.end(), sent)
