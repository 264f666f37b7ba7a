"""Judgments: every grade of the force reports, the national annex cells and summary table."""

from __future__ import annotations

from collections import Counter

import pytest

from extraction.judgments import (
    GRADE_TOKEN,
    area_of,
    extract_judgments,
    find_annex,
    grade_label,
)
from extraction.metadata import read_metadata
from extraction.reader import content_id
from extraction.records import ALL_GRADES, AREAS, FORCE_REPORT, NATIONAL_REPORT, DocumentRecord

MET = "Metropolitan Police Service"
RI = "Requires improvement"
NATIONAL = "002_f15031c82e741ba6.txt"


def judge(text: str, name: str = "x.txt"):
    doc = read_metadata(text, name, content_id(text))
    return doc, *extract_judgments(text, doc)


@pytest.fixture(scope="module")
def corpus_judgments(corpus_texts):
    return {name: judge(text, name) for name, text in corpus_texts.items()}


# Every grade each force report states (read by a person from the reports).
FORCE_REPORT_GRADES = {
    "000_b655f950f9e4daba.txt": {  # 2016 PDF
        "overall": RI,
        "prevention": "Good",
        "investigation": RI,
        "vulnerability": "Inadequate",
        "serious-organised-crime": RI,
        "specialist-capabilities": "Ungraded",
    },
    "001_174d17988d4d6e4f.txt": {  # 2018/19 web page
        "overall": RI,
        "prevention": "Good",
        "investigation": RI,
        "vulnerability": RI,
        "serious-organised-crime": "Outstanding",
        "specialist-capabilities": "Ungraded",
    },
    "003_457220dca10d38e6.txt": {  # 2014: three questions, anti-social behaviour its own, no overall
        "prevention": "Good",
        "investigation": RI,
        "anti-social-behaviour": "Good",
    },
    "004_d9a8730beb81e948.txt": {  # 2017 web page: question 1 shows no grade; SOC says "rating of 'good'"
        "overall": RI,
        "investigation": RI,
        "vulnerability": RI,
        "serious-organised-crime": "Good",
    },
}


@pytest.mark.parametrize("file_name", sorted(FORCE_REPORT_GRADES))
def test_every_grade_of_each_force_report(corpus_judgments, corpus_texts, file_name):
    doc, judgments, cells = corpus_judgments[file_name]
    judgments = [j for j in judgments if j.source == "force report"]  # the badges; statements below
    assert {j.area: j.grade for j in judgments} == FORCE_REPORT_GRADES[file_name]
    assert len(judgments) == len(FORCE_REPORT_GRADES[file_name])  # one per area
    assert cells == []
    text = corpus_texts[file_name]
    for j in judgments:
        assert (j.force, j.year, j.source) == (MET, doc.year, "force report")
        assert text[j.evidence.start : j.evidence.end] == j.evidence.text
        assert grade_label(j.evidence.text) == j.grade
        assert area_of(j.question) == j.area and j.question.endswith("?")


# Grades the reports also state in sentences (read by a person from the text): the same grade as
# the badge, or an earlier inspection's grade restated ("in its 2015 effectiveness report").
CORPUS_STATEMENTS = {
    "000_b655f950f9e4daba.txt": {
        (2016, "serious-organised-crime", RI),  # "... its wider approach to tackling SOC requires improvement"
        (2016, "vulnerability", "Inadequate"),  # "How the force protects vulnerable people ... is inadequate"
        (2016, "prevention", "Good"),  # "is good at preventing crime, tackling anti-social behaviour and keeping people safe"
        (2015, "serious-organised-crime", "Good"),  # "... to be good at tackling SOC in its 2015 effectiveness report"
        (2016, "overall", RI),  # "The Metropolitan Police Service requires improvement at keeping people safe ..."
        (2015, "overall", RI),  # "Our overall judgment is the same as last year."
    },
    "001_174d17988d4d6e4f.txt": {
        (2018, "serious-organised-crime", "Outstanding"),
        (2018, "prevention", "Good"),
    },
    "003_457220dca10d38e6.txt": set(),
    # "good at preventing SOC" is praise of one activity, not a grade; "requires improvement in keeping
    # people safe and reducing crime but ... better than in 2016" is this year's (2017) grade
    "004_d9a8730beb81e948.txt": {(2017, "overall", RI)},
    NATIONAL: set(),
}


@pytest.mark.parametrize("file_name", sorted(CORPUS_STATEMENTS))
def test_grades_stated_in_sentences_of_the_corpus(corpus_judgments, corpus_texts, file_name):
    doc, judgments, _ = corpus_judgments[file_name]
    statements = [j for j in judgments if j.source not in ("force report", "annex")]
    assert {(j.year, j.area, j.grade) for j in statements} == CORPUS_STATEMENTS[file_name]
    text = corpus_texts[file_name]
    for j in statements:
        assert (j.force, j.pillar, j.source) == (MET, "effectiveness", "statement")
        assert text[j.evidence.start : j.evidence.end] == j.evidence.text
        assert j.evidence.rule.startswith("grade_statements.") and " ".join(j.evidence.text.split()).lower() in j.evidence.sentence.lower()
    badges = {(j.year, j.area, j.grade) for j in judgments if j.source == "force report"}
    assert {(y, a, g) for y, a, g in CORPUS_STATEMENTS[file_name] if y == doc.year} <= badges  # never a contradiction


def test_2014_questions_are_worded_as_the_report_words_them(corpus_judgments):
    _, judgments, _ = corpus_judgments["003_457220dca10d38e6.txt"]
    questions = {j.area: j.question for j in judgments}
    assert questions["anti-social-behaviour"] == "How effective is the force at tackling anti-social behaviour?"
    assert questions["investigation"] == "How effective is the force at investigating offending?"


# --- the national annex ---------------------------------------------------------------------

ANNEX_SAMPLE = {
    # force: (prevention, investigation, vulnerability, serious-organised-crime, overall)
    "Avon and Somerset Constabulary": ("Good", "Good", "Good", "Good", "Good"),
    "Devon and Cornwall Police": ("Good", RI, RI, "Good", RI),  # name wraps "Devon &\n\nCornwall"
    "Greater Manchester Police": ("Good", RI, RI, "Outstanding", RI),  # name wraps too
    "Durham Constabulary": ("Outstanding", "Good", "Good", "Outstanding", "Outstanding"),
    "Metropolitan Police Service": ("Good", RI, RI, "Good", RI),  # "Metropolitan" in the annex
    "Northamptonshire Police": (RI, RI, RI, RI, RI),  # ten wrapped lines
    "Sussex Police": (RI, "Good", "Good", "Good", "Good"),  # after a page break
    "West Mercia Police": (RI, "Good", RI, "Inadequate", RI),
    "West Midlands Police": ("Good", "Good", "Inadequate", "Good", RI),
    "Wiltshire Police": ("Good", "Good", "Good", "Good", "Good"),  # last row
}
ANNEX_AREAS = ("prevention", "investigation", "vulnerability", "serious-organised-crime", "overall")


@pytest.fixture(scope="module")
def annex(corpus_judgments):
    doc, judgments, cells = corpus_judgments[NATIONAL]
    assert doc.kind == NATIONAL_REPORT
    return judgments, cells


def test_annex_has_every_cell(annex, corpus_texts):
    judgments, _ = annex
    forces = {j.force for j in judgments}
    assert len(forces) == 43
    assert len(judgments) == 43 * 5
    assert Counter(j.area for j in judgments) == {a: 43 for a in ANNEX_AREAS}
    text = corpus_texts[NATIONAL]
    for j in judgments:
        assert j.source == "annex" and j.year == 2017 and j.grade in ALL_GRADES
        assert text[j.evidence.start : j.evidence.end] == j.evidence.text


@pytest.mark.parametrize("force", sorted(ANNEX_SAMPLE))
def test_annex_rows(annex, force):
    judgments, _ = annex
    row = {j.area: j.grade for j in judgments if j.force == force}
    assert tuple(row[a] for a in ANNEX_AREAS) == ANNEX_SAMPLE[force]


def test_annex_counted_per_grade(annex):
    judgments, _ = annex
    counts = Counter((j.area, j.grade) for j in judgments)
    assert counts[("overall", "Outstanding")] == 1
    assert counts[("overall", "Good")] == 30
    assert counts[("overall", RI)] == 12
    assert counts[("vulnerability", "Inadequate")] == 1
    assert counts[("vulnerability", RI)] == 19
    assert counts[("serious-organised-crime", "Outstanding")] == 4
    assert counts[("prevention", "Good")] == 35  # the report's own summary says 34: see validate
    assert counts[("prevention", RI)] == 6


def test_summary_table(annex, corpus_texts):
    _, cells = annex
    table = {(c.area, c.grade): c.count for c in cells}
    assert len(cells) == 5 * 6
    assert table[("prevention", "Good")] == 34 and table[("prevention", RI)] == 7
    assert table[("vulnerability", RI)] == 19 and table[("vulnerability", "Declined")] == 7
    assert table[("overall", "Improved")] == 9
    text = corpus_texts[NATIONAL]
    for c in cells:
        assert text[c.evidence.start : c.evidence.end] == str(c.count)


def test_annex_question_wording_and_force_nodes_shared(annex, corpus_judgments):
    judgments, _ = annex
    assert {j.question for j in judgments} == {
        "Crime prevention", "Investigation", "Vulnerability", "Serious and organised crime", "Overall"
    }
    report_forces = {j.force for _, js, _ in corpus_judgments.values() for j in js if j.source != "annex"}
    assert report_forces <= {j.force for j in judgments}  # one spelling per force


# --- small texts for the tricky layouts -------------------------------------------------------


def national_doc(text: str, year: int = 2017) -> DocumentRecord:
    return DocumentRecord(content_id(text), "n.txt", "t", NATIONAL_REPORT, year, None, len(text), 0)


SCRAMBLED_ANNEX = """Annex B – Individual force judgments from 2017 inspection

Crime
prevention

Investigation Vulnerability Serious and
organised
crime

Overall

Devon &

Cornwall
Good

Requires

Improvement

Requires

Improvement
Good

Requires

Improvement

Durham Outstanding Good Good Outstanding Outstanding
Greater

Manchester
GoodRequires Improvement Inadequate Good Good

37
 Crime prevention Investigation Vulnerability Serious and organised crime Overall
Zedshire Good Good Good Good Ungraded

For further information, please see: www.example.org/ Good

Annex C – About this inspection
Good Good
"""


def test_scrambled_annex_is_read_by_structure():
    text = SCRAMBLED_ANNEX
    judgments, _ = extract_judgments(text, national_doc(text))
    rows = {}
    for j in judgments:
        rows.setdefault(j.force, {})[j.area] = j.grade
        assert text[j.evidence.start : j.evidence.end] == j.evidence.text
    assert rows["Devon and Cornwall Police"] == dict(
        zip(ANNEX_AREAS, ("Good", RI, RI, "Good", RI))
    )
    assert rows["Greater Manchester Police"] == dict(
        zip(ANNEX_AREAS, ("Good", RI, "Inadequate", "Good", "Good"))
    )
    # a page number and the header repeated after a page break are not part of the name;
    # an unseen force keeps its name as written
    assert rows["Zedshire"]["overall"] == "Ungraded"
    assert set(rows) == {"Devon and Cornwall Police", "Durham Constabulary", "Greater Manchester Police", "Zedshire"}


def test_annex_row_with_a_missing_grade_is_reported_not_guessed():
    text = (
        "Annex B – Force judgments\n\nPrevention Investigation Overall\n\n"
        "Kent Good Good Good\nEssex Good Good\nSurrey Good Good Good\n"
    )
    table = find_annex(text)
    assert [r.force for r in table.rows] == ["Kent Police"]
    assert table.problems  # Essex's row cannot be read: the stream no longer lines up


SUMMARY = """Question  Outstanding Good Requires

Improvement

Inadequate Declined Improved

Crime

Prevention

2 34 7 0 0 5

Protecting

vulnerable

people

0 23 19 1 7 12

Overall

judgment

grade

1 30 12 0 6 9
 In 2016, we found 12 forces
"""


def test_summary_table_rows_across_wrapped_labels():
    _, cells = extract_judgments(SUMMARY, national_doc(SUMMARY))
    table = {(c.area, c.grade): c.count for c in cells}
    assert table == {
        **{("prevention", g): n for g, n in zip(["Outstanding", "Good", RI, "Inadequate", "Declined", "Improved"], [2, 34, 7, 0, 0, 5])},
        **{("vulnerability", g): n for g, n in zip(["Outstanding", "Good", RI, "Inadequate", "Declined", "Improved"], [0, 23, 19, 1, 7, 12])},
        **{("overall", g): n for g, n in zip(["Outstanding", "Good", RI, "Inadequate", "Declined", "Improved"], [1, 30, 12, 0, 6, 9])},
    }


ECHOED = (
    "• The quality of investigations is good in parts, with inconsistencies in initial\n"
    "investigations, which mean the force may not always gather the best evidence.\n\n"
    "• The force recognises the importance of assessing the risk to victims, but officers do\n"
    "not always understand their responsibilities to victims throughout an investigation.\n"
)

FORCE_PDF = f""" Overview – How effective is the force at keeping
people safe and reducing crime?

Overall judgment2

Requires
improvement

The Ruritania Constabulary requires improvement. Good progress was made.

How effective is the force at tackling serious
and organised crime?

Inadequate

How effective are the force’s specialist
capabilities?

Ungraded

How effective is the force at investigating crime?
{ECHOED}
Requires improvement
 Requires improvement

How effective is the force at tackling
anti‑social behaviour?
{ECHOED}
Requires improvement

• Tackling anti-social behaviour is a priority and the force works well with partners.

Good
 Good

Summary of findings

Outstanding

The force, in the year to June 2016, was assessed by HMIC (PEEL).
"""


def test_force_report_grades_follow_their_questions():
    doc, judgments, _ = judge(FORCE_PDF)
    assert doc.kind == FORCE_REPORT and doc.force == "Ruritania Constabulary"
    grades = {j.area: j.grade for j in judgments}
    assert grades == {
        "overall": RI,
        "serious-organised-crime": "Inadequate",
        "specialist-capabilities": "Ungraded",
        "investigation": RI,
        # the investigation summary echoed by the PDF layout under the next heading is not
        # its judgment, and a later "Summary of findings" grade for it is not a new one
        "anti-social-behaviour": "Good",
    }
    overall = next(j for j in judgments if j.area == "overall")
    assert overall.evidence.text == "Requires\nimprovement"
    assert overall.question == "How effective is the force at keeping people safe and reducing crime?"


def test_grade_stated_only_in_prose():
    text = (
        "Metropolitan PEEL 2017\n\nHow effective is the force at tackling serious and organised crime?\n\n"
        "The force works well. Despite the rating of ‘good’, it must improve its profiles.\n\n"
        "How effective are the force’s specialist capabilities?\n\nThe force is rated well by peers.\n"
    )
    _, judgments, _ = judge(text)
    assert [(j.area, j.grade, j.evidence.rule) for j in judgments] == [
        ("serious-organised-crime", "Good", "judgments.grade_stated_in_prose")
    ]


def test_grade_tokens_split_glued_and_wrapped():
    line = "Good GoodRequires improvement Requires\n\nImprovement Goodwill Inadequate"
    assert [grade_label(m.group()) for m in GRADE_TOKEN.finditer(line)] == [
        "Good", "Good", RI, RI, "Inadequate"
    ]


@pytest.mark.parametrize(
    "wording,area",
    [
        ("How effective is the force at preventing crime, tackling anti-social behaviour and keeping people safe?", "prevention"),
        ("How effective is the force at reducing crime and preventing offending?", "prevention"),
        ("How effective is the force at tackling anti‑social behaviour?", "anti-social-behaviour"),
        ("How effectively does the force reduce crime and keep people safe?", "overall"),
        ("How effective is the force at keeping people safe and reducing crime?", "overall"),
        ("How effective is the force at protecting those who are vulnerable from harm, and supporting victims?", "vulnerability"),
        ("How effective is the force at tackling serious and organised crime?", "serious-organised-crime"),
        ("How effective are the force’s specialist capabilities?", "specialist-capabilities"),
        ("Crime Investigation", "investigation"),
        ("Overall judgment grade", "overall"),
    ],
)
def test_area_of_question(wording, area):
    assert area_of(wording) == area and area in AREAS


EFFICIENCY_AND_LEGITIMACY_PAGE = """Ruritania PEEL 2015

How efficient is the force at keeping people safe and reducing crime?

Requires improvement

How well does the force use its resources to meet its demand?

Good

How sustainable and affordable is the workforce model?

Requires improvement

How well does the force bring offenders to justice?

Outstanding

How legitimate is the force at keeping people safe and reducing crime?

Good

To what extent does the force treat all of the people it serves with fairness and respect?

Good

How well does the force ensure that its workforce behaves ethically and lawfully?

Outstanding
"""


def test_efficiency_and_legitimacy_questions_and_their_grades():
    text = EFFICIENCY_AND_LEGITIMACY_PAGE
    doc = DocumentRecord(content_id(text), "r.txt", "t", FORCE_REPORT, 2015, "Ruritania Constabulary", len(text), 0)
    judgments, _ = extract_judgments(text, doc)
    assert [(j.pillar, j.area, j.grade) for j in judgments] == [
        ("efficiency", "overall", RI),
        ("efficiency", "use-of-resources", "Good"),
        ("efficiency", "workforce-model", RI),
        # "How well does the force bring offenders to justice?" names no efficiency or legitimacy
        # area: not a heading, so its grade belongs to the question above it (already graded)
        ("legitimacy", "overall", "Good"),
        ("legitimacy", "fair-treatment", "Good"),
        ("legitimacy", "ethical-behaviour", "Outstanding"),
    ]
    assert {j.source for j in judgments} == {"force report"}


def test_a_question_still_to_be_graded_takes_no_grade_from_the_next_section():
    text = (
        "How effective is the force at keeping people safe and reducing crime?\n\nTo be graded\n\n"
        "How efficient is the force at keeping people safe and reducing crime?\n\nLast updated 09/11/2017\n\n"
        "Requires improvement\n\nThe force is judged to be good in its understanding of demand.\n"
    )
    doc = DocumentRecord(content_id(text), "r.txt", "t", FORCE_REPORT, 2017, "Ruritania Constabulary", len(text), 0)
    judgments, _ = extract_judgments(text, doc)
    assert [(j.pillar, j.area, j.grade, j.source) for j in judgments] == [
        ("efficiency", "overall", RI, "force report"),
        ("efficiency", "demand", "Good", "statement"),
    ]


def _force_doc(text: str, year: int = 2016) -> DocumentRecord:
    return DocumentRecord(content_id(text), "r.txt", "t", FORCE_REPORT, year, "Ruritania Constabulary", len(text), 0)


def test_a_labelled_badge_answers_its_question():
    text = (
        "How effective is the force at tackling serious and organised crime?\n\n"
        "Our judgment: Inadequate\n\nThe force has too few analysts.\n\n"
        "How effective is the force at investigating crime and reducing re-offending?\n\n"
        "Overall grade: Requires improvement\n"
    )
    judgments, _ = extract_judgments(text, _force_doc(text))
    assert [(j.area, j.grade, j.evidence.text) for j in judgments if j.source == "force report"] == [
        ("serious-organised-crime", "Inadequate", "Inadequate"),
        ("investigation", RI, "Requires improvement"),
    ]


def test_a_label_in_prose_or_with_no_question_is_no_badge():
    text = (
        "Summary of the year\n\nJudgment: Good\n\n"
        "How effective is the force at preventing crime and tackling anti-social behaviour?\n\n"
        "Judgment: good progress was made on neighbourhood teams, though more is needed.\n"
    )
    judgments, _ = extract_judgments(text, _force_doc(text))
    assert [j for j in judgments if j.source == "force report"] == []


def test_a_not_graded_badge_is_ungraded():
    text = (
        "How efficient is the force at keeping people safe and reducing crime?\n\nOutstanding\n\n"
        "How legitimate is the force at keeping people safe and reducing crime?\n\nNot graded\n\n"
        "Legitimacy was not given a grade in the first year of the programme.\n"
    )
    judgments, _ = extract_judgments(text, _force_doc(text, 2014))
    assert {(j.pillar, j.area, j.grade) for j in judgments} == {
        ("efficiency", "overall", "Outstanding"),
        ("legitimacy", "overall", "Ungraded"),
    }


# --- badges under an area heading; grades ending their question's line ------------------------


def _layout_judgments(text: str, year: int = 2016, pillar: str | None = "effectiveness"):
    doc = DocumentRecord(content_id(text), "r.txt", "t", FORCE_REPORT, year, "Ruritania Constabulary", len(text), 0,
                         pillar=pillar)
    judgments, _ = extract_judgments(text, doc)
    return {(j.pillar, j.area, j.grade, j.evidence.rule.split(".")[-1]) for j in judgments if j.source == "force report"}


def test_a_badge_under_a_heading_naming_one_area_is_that_areas_grade():
    text = (
        "Ruritania Constabulary\n\n"
        "Protecting vulnerable people and supporting victims\nGrade: outstanding\n"
        "Officers treat victims of domestic abuse with care.\n\n"
        "Tackling anti-social behaviour\n\nRequires improvement\n\n"
        "Planning for the future\nRating: Good\n"
    )
    assert _layout_judgments(text) == {
        ("effectiveness", "vulnerability", "Outstanding", "grade_after_area_heading"),
        ("effectiveness", "anti-social-behaviour", RI, "grade_after_area_heading"),
        ("efficiency", "future-planning", "Good", "grade_after_area_heading"),
    }


@pytest.mark.parametrize(
    "above",
    [
        "The force has worked hard on preventing crime this year.",  # a sentence
        "Preventing crime, investigating crime and protecting vulnerable people",  # several areas
        "Notes on the neighbourhood policing teams, the budget and preventing crime",  # mostly another subject
        "Summary of the inspection",  # no area
    ],
)
def test_a_badge_under_a_line_that_is_no_area_heading_is_no_grade(above):
    assert _layout_judgments(f"Ruritania Constabulary\n\n{above}\nRating: Good\n") == set()


def test_a_badge_after_a_question_still_answers_the_question_not_a_heading_between():
    text = (
        "How effective is the force at preventing crime and tackling anti-social behaviour?\n\n"
        "Overall judgment\nGood\n\nInvestigating crime\nRating: inadequate\n"
    )
    assert _layout_judgments(text) == {
        ("effectiveness", "prevention", "Good", "grade_after_question"),
        ("effectiveness", "investigation", "Inadequate", "grade_after_area_heading"),
    }


def test_a_grade_ending_its_questions_line_belongs_to_that_questions_pillar():
    text = (
        "Ruritania PEEL 2014\n\n"
        "How effective is the force at reducing crime and preventing offending? – Outstanding\n"
        "How efficient is the force at keeping people safe and reducing crime? – Requires improvement\n"
        "How legitimate is the force at keeping people safe and reducing crime?: Good\n"
    )
    found = _layout_judgments(text, 2014, "integrated")
    assert found == {
        ("effectiveness", "prevention", "Outstanding", "grade_on_question_line"),
        ("efficiency", "overall", RI, "grade_on_question_line"),
        ("legitimacy", "overall", "Good", "grade_on_question_line"),
    }
    doc = DocumentRecord(content_id(text), "r.txt", "t", FORCE_REPORT, 2014, "Ruritania Constabulary", len(text), 0,
                         pillar="integrated")
    judgments, _ = extract_judgments(text, doc)  # no sentence reader's other reading of those grade words
    assert {(j.pillar, j.area) for j in judgments} == {(p, a) for p, a, _, _ in found}


@pytest.mark.parametrize(
    "line",
    [
        "How efficient is the force at keeping people safe and reducing crime? – Good examples were found.",
        "How efficient is the force at keeping people safe and reducing crime? The answer is good.",
        "How efficient is the force at keeping people safe and reducing crime? – see page 4",
    ],
)
def test_a_question_line_going_on_after_the_grade_word_is_no_grade_line(line):
    found = _layout_judgments(f"Ruritania PEEL 2014\n\n{line}\n", 2014, "integrated")
    assert not any(rule == "grade_on_question_line" for *_, rule in found)
