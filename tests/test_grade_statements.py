"""Judgments stated in sentences, list lines and round-ups (extraction.grade_statements).

Every sentence here was written for these tests: positives for each frame, and the negatives
that share their words (praise, negations, hypotheticals, other inspections, no PEEL area).
"""

from __future__ import annotations

import pytest

from extraction import grade_statements as gs
from extraction.judgments import extract_judgments
from extraction.reader import content_id
from extraction.records import (
    FORCE_REPORT,
    NATIONAL_REPORT,
    NEWS,
    PRESS_RELEASE,
    DocumentRecord,
)

RI = "Requires improvement"
ESSEX = "Essex Police"
KENT = "Kent Police"


def doc(text: str, year: int = 2016, force: str | None = ESSEX, kind: str = FORCE_REPORT, pillar: str | None = "effectiveness"):
    return DocumentRecord(content_id(text), "t.txt", "t", kind, year, force, len(text), len(text.split()), pillar=pillar)


def read(text: str, **kw) -> set[tuple]:
    """(force, year, pillar, area, grade) of every statement read from ``text``."""
    return {(j.force, j.year, j.pillar, j.area, j.grade) for j in gs.statement_judgments(text, doc(text, **kw))}


def rules(text: str, **kw) -> set[str]:
    return {j.evidence.rule for j in gs.statement_judgments(text, doc(text, **kw))}


# --- subject + grade + areas ------------------------------------------------------------------


def test_subject_grade_areas_with_a_list_of_areas():
    text = "Essex Police was rated good at investigating crime and at protecting vulnerable people."
    assert read(text) == {
        (ESSEX, 2016, "effectiveness", "investigation", "Good"),
        (ESSEX, 2016, "effectiveness", "vulnerability", "Good"),
    }
    assert rules(text) == {"grade_statements.subject_grade_areas"}


def test_quoted_capitalised_grade_after_a_grading_verb_and_its_object():
    text = "Inspectors graded the constabulary \u2018Requires Improvement\u2019 for tackling serious and organised crime."
    assert read(text) == {(ESSEX, 2016, "effectiveness", "serious-organised-crime", RI)}


def test_each_grade_carries_over_its_own_areas():
    text = "The force is outstanding at preventing crime, good at investigating crime and inadequate at protecting vulnerable people."
    assert read(text) == {
        (ESSEX, 2016, "effectiveness", "prevention", "Outstanding"),
        (ESSEX, 2016, "effectiveness", "investigation", "Good"),
        (ESSEX, 2016, "effectiveness", "vulnerability", "Inadequate"),
    }


def test_a_verb_with_two_grades_and_several_areas_each():
    text = (
        "The inspectorate rated the county force 'Good' at responding to the public and at managing offenders, "
        "and 'Adequate' at investigating crime, at leadership and force management."
    )
    assert read(text, year=2023, pillar="integrated") == {
        (ESSEX, 2023, "integrated", "responding-to-the-public", "Good"),
        (ESSEX, 2023, "integrated", "managing-offenders", "Good"),
        (ESSEX, 2023, "integrated", "investigation", "Adequate"),
        (ESSEX, 2023, "integrated", "leadership", "Adequate"),
    }


def test_a_headline_with_a_reduced_passive():
    assert read("Essex Police rated inadequate at responding to the public", year=2021, pillar="integrated") == {
        (ESSEX, 2021, "integrated", "responding-to-the-public", "Inadequate")
    }
    assert read("Inspectors judged good at investigating crime.") == set()  # no force is the subject


def test_the_2015_efficiency_questions_in_prose():
    text = (
        "HMIC found that the force was good at using its resources to meet its demand, good at having a sustainable "
        "and affordable workforce model and outstanding at having a sustainable financial position for the short and long term."
    )
    assert read(text, year=2015, pillar="efficiency") == {
        (ESSEX, 2015, "efficiency", "use-of-resources", "Good"),
        (ESSEX, 2015, "efficiency", "workforce-model", "Good"),
        (ESSEX, 2015, "efficiency", "financial-sustainability", "Outstanding"),
    }


def test_pillar_level_grades_in_a_force_page():
    text = "After our latest inspection we have been rated good for efficiency and outstanding at keeping people safe and reducing crime."
    assert read(text, year=2018, pillar="integrated") == {
        (ESSEX, 2018, "efficiency", "overall", "Good"),
        (ESSEX, 2018, "effectiveness", "overall", "Outstanding"),
    }


def test_a_bullet_without_a_subject_belongs_to_the_force_of_its_lead_in():
    text = "Inspectors found that Kent Police:\n\n  \u2022 is 'good' at operating efficiently and providing sustainable services;\n  \u2022 'requires improvement' at how legitimately it treats the public and its workforce.\n"
    assert read(text, year=2018, force=KENT, kind=PRESS_RELEASE, pillar="integrated") == {
        (KENT, 2018, "efficiency", "overall", "Good"),
        (KENT, 2018, "legitimacy", "overall", RI),
    }


# --- areas + grade -----------------------------------------------------------------------------


def test_area_subjects_with_a_copula():
    text = "Its understanding of demand is judged to be outstanding; its planning for future demand is assessed as requiring improvement."
    assert read(text, pillar="efficiency") == {
        (ESSEX, 2016, "efficiency", "demand", "Outstanding"),
        (ESSEX, 2016, "efficiency", "future-planning", RI),
    }
    assert rules(text, pillar="efficiency") == {"grade_statements.areas_grade"}


def test_grade_words_inside_an_area_subject():
    assert read("The force's overall grade for effectiveness is good.") == {(ESSEX, 2016, "effectiveness", "overall", "Good")}
    assert read("The force was graded as 'requires improvement' in its approach to protecting vulnerable people.") == {
        (ESSEX, 2016, "effectiveness", "vulnerability", RI)
    }


def test_an_area_subject_or_object():
    assert read("The force's investigation of crime is good.") == {(ESSEX, 2016, "effectiveness", "investigation", "Good")}
    assert read("We found its approach to tackling serious and organised crime to be outstanding.") == {
        (ESSEX, 2016, "effectiveness", "serious-organised-crime", "Outstanding")
    }
    # an evaluation of one part of an area is not its grade
    assert read("The quality of its investigations is good.") == set()
    assert read("We found the supervision of investigations to be good.") == set()
    assert read("Investigation plans are good.") == set()


@pytest.mark.parametrize(
    "line,grade",
    [
        ("The extent to which the force is legitimate at keeping people safe and reducing crime is not graded.", "Ungraded"),
        ("The extent to which the force is legitimate at keeping people safe and reducing crime requires improvement.", RI),
        ("The extent to which the force is legitimate at keeping people safe and reducing crime is: outstanding.", "Outstanding"),
        ("the extent to which the force treats the public and its workforce legitimately is good.", "Good"),
    ],
)
def test_the_extent_formula_of_a_pillar(line, grade):
    assert read(line) == {(ESSEX, 2016, "legitimacy", "overall", grade)}


def test_the_pillar_with_which_the_force_keeps_people_safe():
    text = (
        "Essex Police is judged to be good in terms of the legitimacy with which it keeps people safe and reduces crime. "
        "The force is judged to be good at treating the people it serves with fairness and respect; it is judged to be "
        "outstanding at ensuring its workforce behaves ethically and lawfully."
    )
    assert read(text, year=2017, pillar="legitimacy") == {
        (ESSEX, 2017, "legitimacy", "overall", "Good"),
        (ESSEX, 2017, "legitimacy", "fair-treatment", "Good"),
        (ESSEX, 2017, "legitimacy", "ethical-behaviour", "Outstanding"),
    }


def test_not_yet_graded_is_a_judgment_to_come():
    assert read("The extent to which the force is effective at keeping people safe and reducing crime is not yet graded.") == set()
    assert read("The extent to which the force is effective at keeping people safe and reducing crime: not yet graded.") == set()


def test_areas_then_all_of_which():
    text = "The report said more work was needed on responding to the public and managing offenders, both of which were judged to be inadequate."
    assert read(text, year=2023, pillar="integrated") == {
        (ESSEX, 2023, "integrated", "responding-to-the-public", "Inadequate"),
        (ESSEX, 2023, "integrated", "managing-offenders", "Inadequate"),
    }


def test_areas_named_by_their_grade():
    text = "The outstanding area was crime data integrity, while the areas graded 'inadequate' included how the force manages offenders and how it responds to the public."
    assert read(text, year=2021, pillar="integrated") == {
        (ESSEX, 2021, "integrated", "recording-crime", "Outstanding"),
        (ESSEX, 2021, "integrated", "managing-offenders", "Inadequate"),
        (ESSEX, 2021, "integrated", "responding-to-the-public", "Inadequate"),
    }


def test_areas_graded_a_grade_colon_list():
    text = "Areas graded adequate: investigating crime; responding to the public; managing offenders and suspects."
    assert read(text, year=2021, pillar="integrated") == {
        (ESSEX, 2021, "integrated", a, "Adequate") for a in ("investigation", "responding-to-the-public", "managing-offenders")
    }
    assert read("Areas graded good: 4 of the 9.", year=2021, pillar="integrated") == set()


# --- years ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,doc_year,year",
    [
        ("When we inspected in 2015, we rated it good at investigating crime.", 2017, 2015),
        ("Last year the force was judged to be good at investigating crime.", 2017, 2016),
        ("Our 2016 inspection found the force to be good at investigating crime.", 2017, 2016),
        ("The force was judged to be good at investigating crime in the 2018/19 inspection.", 2018, 2018),
        ("The force is still good at investigating crime, as it has been since our last inspection in 2015.", 2017, 2017),
        ("The previous report found the force to be inadequate at investigating crime.", 2023, 2021),
        ("In the last inspection in 2022 the force was graded inadequate at investigating crime.", 2023, 2021),
    ],
)
def test_the_year_a_grade_belongs_to(text, doc_year, year):
    found = read(text, year=doc_year)
    assert {f[1] for f in found} == {year} and {f[3] for f in found} == {"investigation"}


def test_a_year_after_the_grade_dates_it_only_in_its_own_clause():
    assert read("The force was graded good at investigating crime in 2015.", year=2017) == {
        (ESSEX, 2015, "effectiveness", "investigation", "Good")
    }
    text = "The force requires improvement at investigating crime, but it is doing better than in 2015."
    assert read(text, year=2017) == {(ESSEX, 2017, "effectiveness", "investigation", RI)}


def test_requires_improvement_as_the_verb_of_its_subject():
    assert read("Sussex Police requires improvement in how it investigates crime.") == {
        ("Sussex Police", 2016, "effectiveness", "investigation", RI)
    }
    assert read("HMIC rated Surrey Police as 'requires improvement' in its efficiency at keeping people safe and reducing crime.") == {
        ("Surrey Police", 2016, "efficiency", "overall", RI)
    }


def test_same_as_last_year_copies_the_overall_grade():
    text = (
        "Essex Police is judged to be outstanding in the efficiency with which it keeps people safe and reduces crime. "
        "Our overall judgment this year is the same as last year."
    )
    assert read(text, year=2017, pillar="efficiency") == {
        (ESSEX, 2017, "efficiency", "overall", "Outstanding"),
        (ESSEX, 2016, "efficiency", "overall", "Outstanding"),
    }
    improved = text.replace("the same as last year", "an improvement on last year")
    assert read(improved, year=2017, pillar="efficiency") == {(ESSEX, 2017, "efficiency", "overall", "Outstanding")}


def test_a_cue_dates_the_grades_it_leads_not_a_later_one():
    text = "The force, previously rated inadequate, is good at investigating crime."
    assert read(text, year=2017) == {(ESSEX, 2017, "effectiveness", "investigation", "Good")}
    chain = "Last year the force was good at preventing crime and outstanding at investigating crime."
    assert read(chain, year=2017) == {
        (ESSEX, 2016, "effectiveness", "prevention", "Good"),
        (ESSEX, 2016, "effectiveness", "investigation", "Outstanding"),
    }
    both = "In 2015 we rated it good at preventing crime; it is now outstanding at preventing crime."
    assert read(both, year=2017) == {
        (ESSEX, 2015, "effectiveness", "prevention", "Good"),
        (ESSEX, 2017, "effectiveness", "prevention", "Outstanding"),
    }


def test_good_both_at_one_area_and_at_another():
    assert read("The force is good both at preventing crime and at tackling serious and organised crime.") == {
        (ESSEX, 2016, "effectiveness", "prevention", "Good"),
        (ESSEX, 2016, "effectiveness", "serious-organised-crime", "Good"),
    }


def test_the_same_as_last_year_in_the_sentence_of_the_grade():
    text = "The force is outstanding at preventing crime, the same as last year."
    assert read(text, year=2017) == {
        (ESSEX, 2017, "effectiveness", "prevention", "Outstanding"),
        (ESSEX, 2016, "effectiveness", "prevention", "Outstanding"),
    }


@pytest.mark.parametrize("tail", ["an improvement on last year", "better than last year", "up from previously"])
def test_a_comparison_does_not_date_a_grade(tail):
    assert read(f"The force is outstanding at preventing crime, {tail}.", year=2017) == {
        (ESSEX, 2017, "effectiveness", "prevention", "Outstanding")
    }


def test_cycles_of_calendar_years():
    assert [gs.cycle_of(y) for y in (2014, 2017, 2019, 2020, 2022, 2024, 2025)] == [2014, 2017, 2018, 2018, 2021, 2023, 2023]
    assert gs.previous_cycle(2023) == 2021 and gs.previous_cycle(2021) == 2018 and gs.previous_cycle(2016) == 2015


def test_a_year_set_by_the_paragraphs_previous_sentence():
    text = "Two years ago inspectors spent a week with the force. They judged it inadequate at preventing crime and good at investigating crime."
    # "two years ago" is no cue; "in 2015" is
    assert {y for _, y, *_ in read(text, year=2017)} == {2017}
    text = "Inspectors first visited the force in 2015. They judged it inadequate at preventing crime and good at investigating crime."
    assert read(text, year=2017) == {
        (ESSEX, 2015, "effectiveness", "prevention", "Inadequate"),
        (ESSEX, 2015, "effectiveness", "investigation", "Good"),
    }
    assert read("Last year's visit was short. The force was found to be outstanding at investigating crime.", year=2017) == {
        (ESSEX, 2016, "effectiveness", "investigation", "Outstanding")
    }


@pytest.mark.parametrize("text", [
    "Inspectors first visited the force in 2015. It is good at investigating crime.",  # present tense: now
    "Inspectors first visited the force in 2015. It has been rated good at investigating crime.",
    "In 2015 the force was rated inadequate at preventing crime. Inspectors rated it good at investigating crime.",
    "Inspectors first visited the force in 2015.\n\nThey judged it good at investigating crime.",  # another paragraph
    "Inspectors first visited the force in 2015. In 2017 they judged it good at investigating crime.",
])
def test_no_year_from_the_previous_sentence(text):
    assert (ESSEX, 2017, "effectiveness", "investigation", "Good") in read(text, year=2017)


# --- subjects ------------------------------------------------------------------------------------


def test_the_subject_is_the_force_not_a_part_of_it():
    assert read("Our officers are good at protecting vulnerable people.") == set()
    assert read("The force's officers are good at investigating crime.") == set()
    assert read("The force, which covers two counties, is good at investigating crime.") == {
        (ESSEX, 2016, "effectiveness", "investigation", "Good")
    }


def test_a_second_copula_of_the_same_subject():
    text = "While the force is outstanding at preventing crime (despite rising demand) and is good at investigating crime, we remain concerned."
    assert read(text) == {
        (ESSEX, 2016, "effectiveness", "prevention", "Outstanding"),
        (ESSEX, 2016, "effectiveness", "investigation", "Good"),
    }


def test_another_force_named_as_the_subject_gets_the_grade():
    assert read("Neighbouring Kent Police was rated good at tackling serious and organised crime.") == {
        (KENT, 2016, "effectiveness", "serious-organised-crime", "Good")
    }


def test_it_after_another_force_opens_the_paragraph():
    text = "Kent Police was graded outstanding at preventing crime. It was also good at investigating crime."
    assert read(text) == {
        (KENT, 2016, "effectiveness", "prevention", "Outstanding"),
        (KENT, 2016, "effectiveness", "investigation", "Good"),
    }


def test_an_informal_force_name():
    text = "Avon & Somerset was rated good at protecting vulnerable people."
    assert read(text, force=None, kind=NATIONAL_REPORT) == {
        ("Avon and Somerset Constabulary", 2016, "effectiveness", "vulnerability", "Good")
    }


def test_a_national_text_has_no_default_force():
    assert read("The force is good at preventing crime.", force=None, kind=NATIONAL_REPORT) == set()
    assert read("Police forces are good at treating people fairly.", force=None, kind=NATIONAL_REPORT) == set()
    assert read("No force was graded inadequate for efficiency.", force=None, kind=NATIONAL_REPORT, pillar="efficiency") == set()


def test_a_named_force_graded_without_an_area_in_a_round_up():
    text = "Closer to home, Essex Police \u2013 one of the largest forces in the region \u2013 was graded 'good'."
    assert read(text, year=2015, force=None, kind=NEWS, pillar="efficiency") == {(ESSEX, 2015, "efficiency", "overall", "Good")}
    # in a force's own report a grade without an area is not read (which question is it?)
    assert read("We judged Essex Police to require improvement.", year=2016) == set()


# --- grades whose area is said elsewhere -------------------------------------------------------------


def test_overall_after_the_grade_is_the_documents_pillar():
    text = "Inspectors rated Essex Police inadequate overall."
    assert read(text, year=2017, pillar="legitimacy") == {(ESSEX, 2017, "legitimacy", "overall", "Inadequate")}
    assert rules(text, year=2017, pillar="legitimacy") == {"grade_statements.grade_overall"}
    assert read("The constabulary is good as a whole, the report says.", pillar="efficiency") == {(ESSEX, 2016, "efficiency", "overall", "Good")}
    assert read("Essex Police has been graded requires improvement overall by the inspectorate.", pillar="efficiency") == {
        (ESSEX, 2016, "efficiency", "overall", RI)
    }


def test_overall_after_a_grade_without_a_force_or_a_pillar_is_not_read():
    assert read("Staff morale is good overall.", pillar="legitimacy") == set()
    assert read("The force's call handlers are good overall.", pillar="legitimacy") == set()
    # which pillar? an integrated 2018/19 text and the 2021+ scale have no single one
    assert read("The force was rated good overall.", year=2018, pillar="integrated") == set()
    assert read("The force was rated good overall.", year=2023, pillar="integrated") == set()


def test_a_topic_opening_the_sentence_is_the_area_of_its_grade():
    text = "As for tackling serious and organised crime, the inspectorate graded the constabulary outstanding."
    assert read(text) == {(ESSEX, 2016, "effectiveness", "serious-organised-crime", "Outstanding")}
    assert rules(text) == {"grade_statements.topic_grade"}
    text = "Crime prevention was the area in which the force did best; we rated it good."
    assert read(text) == {(ESSEX, 2016, "effectiveness", "prevention", "Good")}


def test_a_topic_that_is_no_area_or_a_grade_of_something_else_is_not_read():
    assert read("Regarding staff wellbeing, we rated it good.") == set()
    assert read("On investigating crime, inspectors rated the force's detectives good.") == set()
    assert read("On preventing crime, the force has made good progress.") == set()


def test_a_continuing_copula_keeps_the_previous_sentences_areas():
    text = "In 2015 we judged the constabulary good at protecting vulnerable people. It is still good, and improving."
    assert read(text) == {
        (ESSEX, 2015, "effectiveness", "vulnerability", "Good"),
        (ESSEX, 2016, "effectiveness", "vulnerability", "Good"),
    }
    assert "grade_statements.grade_continued" in rules(text)


def test_a_later_clause_that_grades_the_same_area_now():
    text = "The constabulary was formerly rated inadequate at protecting vulnerable people, but is now judged to be good."
    assert read(text, year=2017) == {
        (ESSEX, 2016, "effectiveness", "vulnerability", "Inadequate"),
        (ESSEX, 2017, "effectiveness", "vulnerability", "Good"),
    }
    text = "Last year we judged the force good at tackling serious and organised crime; it now requires improvement."
    assert read(text, year=2017) == {
        (ESSEX, 2016, "effectiveness", "serious-organised-crime", "Good"),
        (ESSEX, 2017, "effectiveness", "serious-organised-crime", RI),
    }


def test_a_later_clause_without_now_or_a_grade_before_it_is_not_continued():
    assert read("Last year we judged the force good at preventing crime, and its staff are good.", year=2017) == {
        (ESSEX, 2016, "effectiveness", "prevention", "Good")
    }
    assert read("Staff say it now requires improvement.", year=2017) == set()
    assert read("The force is good at preventing crime; morale now requires improvement.") == {(ESSEX, 2016, "effectiveness", "prevention", "Good")}


def test_a_continuing_copula_without_a_graded_sentence_before_it_is_not_read():
    # another subject, another force, another paragraph
    assert read("The force is good at preventing crime. Morale remains good.") == {(ESSEX, 2016, "effectiveness", "prevention", "Good")}
    assert read("Kent Police was rated outstanding at investigating crime. Essex Police remains good.") == {
        (KENT, 2016, "effectiveness", "investigation", "Outstanding")
    }
    assert read("The force is good at preventing crime.\n\nIt remains good.") == {(ESSEX, 2016, "effectiveness", "prevention", "Good")}


def test_an_area_subject_of_requires_improvement():
    assert read("Crime prevention requires improvement.") == {(ESSEX, 2016, "effectiveness", "prevention", RI)}
    assert read("The supervision of investigations requires improvement.") == set()


def test_a_pillar_of_a_named_force_at_keeping_people_safe():
    text = "Inspectors judged the legitimacy of Dyfed-Powys Police at keeping people safe and reducing crime to be good."
    assert read(text, force=None, kind=NEWS, pillar="legitimacy") == {("Dyfed-Powys Police", 2016, "legitimacy", "overall", "Good")}
    text = "The efficiency of the force at keeping people safe and reducing crime was judged outstanding."
    assert read(text, pillar="efficiency") == {(ESSEX, 2016, "efficiency", "overall", "Outstanding")}


def test_an_inspections_name_is_the_pillar_of_a_grade_without_an_area():
    text = "In our 2016 legitimacy inspection, we graded the constabulary as inadequate."
    assert read(text, year=2017, pillar="legitimacy") == {(ESSEX, 2016, "legitimacy", "overall", "Inadequate")}
    assert rules(text, year=2017, pillar="legitimacy") == {"grade_statements.inspection_grade"}
    text = "Essex Police was rated outstanding in HMIC's 2015 efficiency assessment."
    assert read(text, year=2018, pillar="integrated") == {(ESSEX, 2015, "efficiency", "overall", "Outstanding")}


def test_an_inspections_name_does_not_name_the_area_of_another_grade():
    # an area after the grade is the grade's area; two pillars named: which one?
    text = "In the 2017 legitimacy inspection the force was found good at treating the public fairly."
    assert read(text, year=2017, pillar="legitimacy") == {(ESSEX, 2017, "legitimacy", "fair-treatment", "Good")}
    assert read("After its efficiency and legitimacy inspections, the force was rated good.", year=2017, pillar=None) == set()
    assert read("The force's staff are good, the legitimacy report says.", year=2017, pillar="legitimacy") == set()


def test_a_grade_noun_received():
    text = "Essex Police was handed a 'requires improvement' rating for protecting vulnerable people."
    assert read(text) == {(ESSEX, 2016, "effectiveness", "vulnerability", RI)}
    text = "The constabulary has retained its outstanding grade for tackling serious and organised crime."
    assert read(text) == {(ESSEX, 2016, "effectiveness", "serious-organised-crime", "Outstanding")}
    text = "Kent Police earned a grading of good for efficiency."
    assert read(text, force=None, kind=NEWS, pillar="efficiency") == {(KENT, 2016, "efficiency", "overall", "Good")}


def test_a_grade_word_received_without_a_grade_noun_is_not_a_grade():
    assert read("The force received a good response at preventing crime events.") == set()
    assert read("Essex Police received an outstanding report for investigating crime.") == set()


def test_a_change_of_grade():
    text = "Since the previous inspection the constabulary has moved from 'inadequate' to 'good' at protecting vulnerable people."
    assert read(text, year=2017) == {
        (ESSEX, 2016, "effectiveness", "vulnerability", "Inadequate"),
        (ESSEX, 2017, "effectiveness", "vulnerability", "Good"),
    }
    assert rules(text, year=2017) == {"grade_statements.grade_change", "grade_statements.grade_change_from"}
    text = "Its grade for crime prevention fell from outstanding in 2015 to requires improvement."
    assert read(text, year=2017) == {
        (ESSEX, 2015, "effectiveness", "prevention", "Outstanding"),
        (ESSEX, 2017, "effectiveness", "prevention", RI),
    }


def test_a_change_to_a_grade_without_the_earlier_one():
    assert read("The constabulary's grade for preventing crime has risen to outstanding.", year=2017) == {
        (ESSEX, 2017, "effectiveness", "prevention", "Outstanding")
    }
    assert read("The number of officers has risen to 2,000, a good result for preventing crime.") == set()


def test_a_change_of_grade_without_a_date_for_the_earlier_one_gives_only_the_new_grade():
    assert read("Investigating crime went down from good to inadequate.") == {(ESSEX, 2016, "effectiveness", "investigation", "Inadequate")}
    # no PEEL area, a hypothetical, a negation: nothing
    assert read("Morale improved from requires improvement to good last year.") == set()
    assert read("The force could improve from good to outstanding at preventing crime.") == set()
    assert read("The force has not moved from inadequate to good at protecting vulnerable people.") == set()


def test_a_grade_noun_given_to_the_force():
    text = "The inspectorate gave Essex Police an 'inadequate' rating for responding to the public."
    assert read(text, year=2021, pillar="integrated") == {(ESSEX, 2021, "integrated", "responding-to-the-public", "Inadequate")}
    # given to something that is not the force; a grade word that is not a grade noun's
    assert read("Inspectors gave the force's call handlers a good rating for responding to the public.", year=2021, pillar="integrated") == set()
    assert read("Inspectors gave the force a good talk on preventing crime.") == set()


def test_a_grade_overall_then_another_grade_with_its_area():
    text = "The constabulary was rated 'requires improvement' overall but 'good' for tackling serious and organised crime."
    assert read(text) == {(ESSEX, 2016, "effectiveness", "overall", RI), (ESSEX, 2016, "effectiveness", "serious-organised-crime", "Good")}


def test_areas_listed_after_a_colon():
    text = "The force was judged outstanding in both questions: investigating crime and protecting vulnerable people."
    assert read(text) == {(ESSEX, 2016, "effectiveness", "investigation", "Outstanding"), (ESSEX, 2016, "effectiveness", "vulnerability", "Outstanding")}
    assert rules(text) == {"grade_statements.grade_colon_areas"}
    # what follows the colon is not a list of areas
    assert read("The force was judged good: officers know their neighbourhoods and preventing crime is a priority.") == set()


def test_a_headline_with_a_force_and_a_colon():
    assert read("Kent Police: 'outstanding' at investigating crime", force=None, kind=NEWS) == {(KENT, 2016, "effectiveness", "investigation", "Outstanding")}
    assert read("Verdict: good at investigating crime", force=None, kind=NEWS) == set()


# --- lists -----------------------------------------------------------------------------------------


def test_area_colon_grade_lines():
    text = "The grades are:\n\n  \u2022 Responding to the public: Adequate\n  \u2022 Investigating crime - GOOD\n  \u2022 Managing offenders and suspects: Requires improvement\n"
    found = gs.statement_judgments(text, doc(text, year=2023, pillar="integrated"))
    assert {(j.area, j.grade) for j in found} == {
        ("responding-to-the-public", "Adequate"), ("investigation", "Good"), ("managing-offenders", RI)
    }
    assert {j.source for j in found} == {"list"}


def test_an_area_line_over_a_grade_line():
    text = "Managing offenders and suspects\n\nRequires improvement\n\nThe force manages offenders well.\n"
    assert read(text, year=2021, pillar="integrated") == {(ESSEX, 2021, "integrated", "managing-offenders", RI)}
    assert rules(text, year=2021, pillar="integrated") == {"grade_statements.area_over_grade"}


def test_a_grade_line_over_the_areas_given_that_grade():
    text = (
        "Our judgments\n\nGood\n\nPreventing crime\n\nRecording data about crime\n\n"
        "Inadequate\n\nResponding to the public\n\nThe force must improve how it answers calls.\n"
    )
    found = gs.statement_judgments(text, doc(text, year=2021, pillar="integrated"))
    assert {(j.area, j.grade) for j in found} == {
        ("prevention", "Good"), ("recording-crime", "Good"), ("responding-to-the-public", "Inadequate")
    }
    assert {j.evidence.rule for j in found} == {"grade_statements.grade_over_areas"}
    assert {j.evidence.sentence for j in found} == {
        "Preventing crime Good", "Recording data about crime Good", "Responding to the public Inadequate"
    }


def test_a_table_row_of_grades_is_not_an_area_over_its_grade():
    text = "2015 2016\n\nInvestigating crime\n\nGood\n\nRequires improvement\n"
    assert read(text) == set()


def test_a_wrapped_sentence_under_a_grade_is_not_an_area_label():
    text = "How effective are the force's specialist capabilities?\n\nUngraded\n\nEssex Police is good at preventing crime and tackling anti-social behaviour. It\nworks with partners.\n"
    assert read(text) == {(ESSEX, 2016, "effectiveness", "prevention", "Good")}


def test_table_rows_with_a_pipe_between_area_and_grade():
    text = (
        "Question | Grade\n| Responding to the public | Inadequate |\nLeadership and force management | Good\n"
        "Good use of resources | Requires improvement\nOfficer wellbeing | Outstanding\n"
    )
    assert read(text, year=2023, pillar="integrated") == {
        (ESSEX, 2023, "integrated", "responding-to-the-public", "Inadequate"),
        (ESSEX, 2023, "integrated", "leadership", "Good"),
        (ESSEX, 2023, "integrated", "use-of-resources", RI),
    }
    assert rules(text, year=2023, pillar="integrated") == {"grade_statements.list_line"}


def test_a_pipe_row_of_forces_in_a_round_up():
    text = "Force | Grade\nCleveland Police | Inadequate\nKent | Good\n"
    found = read(text, force=None, kind=NATIONAL_REPORT, pillar="legitimacy")
    assert found == {("Cleveland Police", 2016, "legitimacy", "overall", "Inadequate"), (KENT, 2016, "legitimacy", "overall", "Good")}


def test_a_grade_under_a_question_heads_no_area_line_after_it():
    # "Legitimacy" is the heading of the next section, not an area given the efficiency grade
    text = (
        "Efficiency\n\nHow efficient is the force at keeping people safe and reducing crime?\n\nOutstanding\n\n"
        "Legitimacy\n\nHow legitimate is the force at keeping people safe and reducing crime?\n\nNot graded\n"
    )
    assert read(text, year=2014, pillar=None) == set()
    # a grade that opens a box (no question above it) still heads the areas under it
    box = "Our grades\n\nInadequate\n\nLegitimacy\n\nThe force must act on complaints.\n"
    assert read(box, year=2017, pillar="legitimacy") == {(ESSEX, 2017, "legitimacy", "overall", "Inadequate")}


def test_lines_completing_a_lead_in_that_ends_with_a_colon():
    text = (
        "In its report the inspectorate graded the force:\n\n"
        "'inadequate' at protecting vulnerable people;\n'good' at preventing crime;\n\n"
        "\u2018requires improvement\u2019 for investigating crime.\n"
    )
    assert read(text) == {
        (ESSEX, 2016, "effectiveness", "vulnerability", "Inadequate"),
        (ESSEX, 2016, "effectiveness", "prevention", "Good"),
        (ESSEX, 2016, "effectiveness", "investigation", RI),
    }


def test_lines_under_a_lead_in_that_grades_nothing_are_not_read():
    assert read("Our partners told us:\n\n'good' at preventing crime;\n'outstanding' at investigating crime.\n") == set()
    assert read("The force would like to be rated:\n\n'good' at preventing crime.\n") == set()
    # a line ending without ';' or ',' breaks the list
    assert read("The inspectorate graded the force:\n\nA summary.\n\n'good' at preventing crime.\n") == set()


def test_items_of_a_line_between_semicolons():
    text = "Grades: crime prevention - outstanding; investigating crime: good; protecting vulnerable people \u2013 requires improvement.\n"
    assert read(text) == {
        (ESSEX, 2016, "effectiveness", "prevention", "Outstanding"),
        (ESSEX, 2016, "effectiveness", "investigation", "Good"),
        (ESSEX, 2016, "effectiveness", "vulnerability", RI),
    }
    # no item reads another's grade (an "aside" does not run over a semicolon)
    assert read("Preventing crime \u2013 good; staff morale \u2013 requires improvement.\n") == {(ESSEX, 2016, "effectiveness", "prevention", "Good")}


def test_a_pillar_or_area_beside_a_capitalised_grade():
    text = "Effectiveness Requires improvement\nEfficiency Good\nLegitimacy Outstanding\n"
    assert read(text, year=2018, pillar="integrated") == {
        (ESSEX, 2018, "effectiveness", "overall", RI),
        (ESSEX, 2018, "efficiency", "overall", "Good"),
        (ESSEX, 2018, "legitimacy", "overall", "Outstanding"),
    }
    # lower case is a sentence's word, and a force beside a grade starts an annex row, not a round-up line
    assert read("Investigating crime good\n") == set()
    assert national("Durham Good\nKent Requires improvement\n", pillar="effectiveness") == set()


def test_a_list_label_with_a_year_in_brackets():
    text = "Legitimacy (2015): Requires improvement\nEfficiency (2016): Good\n"
    assert read(text, year=2016, pillar=None) == {(ESSEX, 2015, "legitimacy", "overall", RI), (ESSEX, 2016, "efficiency", "overall", "Good")}


def test_a_list_line_that_is_not_an_area_is_not_read():
    assert read("Overall assessment of our partners: Good\n\nStaff survey - Outstanding\n") == set()


# --- round-ups --------------------------------------------------------------------------------------


def national(text, pillar="efficiency", year=2016):
    return read(text, year=year, force=None, kind=NATIONAL_REPORT, pillar=pillar)


def test_round_up_line():
    assert national("Good: Essex, Kent and Devon and Cornwall\n") == {
        (ESSEX, 2016, "efficiency", "overall", "Good"),
        (KENT, 2016, "efficiency", "overall", "Good"),
        ("Devon and Cornwall Police", 2016, "efficiency", "overall", "Good"),
    }


def test_round_up_in_lines():
    text = "Grades by force\n\nOutstanding\n\nDurham Constabulary\nKent Police\n\nGood\n\nAvon and Somerset\nEssex\nThe remaining forces\n"
    found = gs.statement_judgments(text, doc(text, force=None, kind=NATIONAL_REPORT, pillar="legitimacy"))
    assert {(j.force, j.area, j.grade) for j in found} == {
        ("Durham Constabulary", "overall", "Outstanding"), (KENT, "overall", "Outstanding"),
        ("Avon and Somerset Constabulary", "overall", "Good"), (ESSEX, "overall", "Good"),
    }
    assert {j.source for j in found} == {"round-up"}
    # an annex row (a force, then its grades) is not a grade over forces
    annex = "Force Prevention Investigation\n\nDurham\nGood\nGood\nKent\nOutstanding\nGood\n"
    assert gs.statement_judgments(annex, doc(annex, force=None, kind=NATIONAL_REPORT)) == []


def test_a_table_of_forces_and_one_grade_per_area_column():
    text = (
        "| Force | Effectiveness | Legitimacy |\n|:---|:---:|:---:|\n| Cleveland Police | Inadequate | Requires improvement |\n"
        "| Kent | Good | Outstanding |\n| England and Wales | 12 | 30 |\n"
    )
    found = gs.statement_judgments(text, doc(text, force=None, kind=NATIONAL_REPORT, pillar=None, year=2017))
    assert {(j.force, j.pillar, j.area, j.grade) for j in found} == {
        ("Cleveland Police", "effectiveness", "overall", "Inadequate"), ("Cleveland Police", "legitimacy", "overall", RI),
        (KENT, "effectiveness", "overall", "Good"), (KENT, "legitimacy", "overall", "Outstanding"),
    }
    assert {(j.source, j.evidence.rule) for j in found} == {("round-up", "grade_statements.force_row")}


def test_a_table_whose_columns_are_not_areas_gives_no_force_grades():
    text = "Force | 2016 | 2017\nKent | Good | Outstanding\n\nForce | Staff survey | Morale\nDurham | Good | Good\n"
    assert national(text) == set()


def test_force_colon_grade_lines():
    text = "How each force in the region did:\n\n  • Cleveland Police: Requires improvement\n  • Durham Constabulary - Outstanding\n"
    assert national(text, pillar="effectiveness") == {
        ("Cleveland Police", 2016, "effectiveness", "overall", RI),
        ("Durham Constabulary", 2016, "effectiveness", "overall", "Outstanding"),
    }


def test_round_up_sentences():
    text = (
        "The three forces rated 'inadequate': Cleveland, Gloucestershire and Humberside. "
        "Only one force received the top grade, outstanding \u2013 Durham Constabulary, which polices a small county."
    )
    assert national(text) == {
        ("Cleveland Police", 2016, "efficiency", "overall", "Inadequate"),
        ("Gloucestershire Constabulary", 2016, "efficiency", "overall", "Inadequate"),
        ("Humberside Police", 2016, "efficiency", "overall", "Inadequate"),
        ("Durham Constabulary", 2016, "efficiency", "overall", "Outstanding"),
    }


def test_a_verb_grading_several_named_forces():
    text = "It graded the Surrey and Sussex police forces as requiring improvement, 30 forces as good and none as inadequate."
    assert national(text, pillar="legitimacy") == {
        ("Surrey Police", 2016, "legitimacy", "overall", RI),
        ("Sussex Police", 2016, "legitimacy", "overall", RI),
    }


def test_round_up_with_to_be_and_were():
    text = (
        "Of the 43 forces, 3 were judged to be outstanding and 2 inadequate. The forces judged to be outstanding "
        "were Durham, Kent and West Yorkshire; the forces judged inadequate were Bedfordshire and Humberside."
    )
    assert national(text, pillar="effectiveness") == {
        ("Durham Constabulary", 2016, "effectiveness", "overall", "Outstanding"),
        (KENT, 2016, "effectiveness", "overall", "Outstanding"),
        ("West Yorkshire Police", 2016, "effectiveness", "overall", "Outstanding"),
        ("Bedfordshire Police", 2016, "effectiveness", "overall", "Inadequate"),
        ("Humberside Police", 2016, "effectiveness", "overall", "Inadequate"),
    }


def test_a_round_up_with_its_area():
    text = "Forces graded outstanding for tackling serious and organised crime: Durham, Merseyside and West Yorkshire."
    assert national(text, pillar="effectiveness") == {
        (f, 2016, "effectiveness", "serious-organised-crime", "Outstanding")
        for f in ("Durham Constabulary", "Merseyside Police", "West Yorkshire Police")
    }
    # a round-up line and a sentence in one paragraph are both read
    both = "Inadequate: Cleveland\nForces graded good for investigating crime: Kent.\n"
    assert national(both, pillar="effectiveness") == {
        ("Cleveland Police", 2016, "effectiveness", "overall", "Inadequate"),
        (KENT, 2016, "effectiveness", "investigation", "Good"),
    }


def test_a_subject_that_is_a_list_of_forces():
    assert national("Durham, Kent and Essex were all graded outstanding at preventing crime.", pillar="effectiveness") == {
        (f, 2016, "effectiveness", "prevention", "Outstanding") for f in ("Durham Constabulary", KENT, ESSEX)
    }
    assert national("Forces rated outstanding were Derbyshire and Kent.", pillar="legitimacy") == {
        ("Derbyshire Constabulary", 2016, "legitimacy", "overall", "Outstanding"),
        (KENT, 2016, "legitimacy", "overall", "Outstanding"),
    }
    assert national("Forces rated outstanding were praised for their work.", pillar="legitimacy") == set()


def test_an_agent_or_a_reporting_clause_ends_the_areas():
    assert read("Essex Police has been rated as 'good' at keeping people safe and reducing crime by the inspectorate.") == {
        (ESSEX, 2016, "effectiveness", "overall", "Good")
    }
    assert read("The force is good at investigating crime, inspectors said.") == {(ESSEX, 2016, "effectiveness", "investigation", "Good")}


def test_an_agent_between_the_grade_and_its_areas():
    assert read("Essex Police has been rated 'good' by the police inspectorate for the way it keeps people safe and reduces crime.") == {
        (ESSEX, 2016, "effectiveness", "overall", "Good")
    }


def test_an_appositive_after_the_areas():
    text = "The force was also judged 'outstanding' for its legitimacy, one of only two forces to get the top grade."
    assert read(text, pillar="legitimacy") == {(ESSEX, 2016, "legitimacy", "overall", "Outstanding")}
    assert read("The force is good at investigating crime, identifying organised crime groups.") == set()


def test_the_only_force_graded_is_the_subject():
    text = "Kent Police was the only force rated outstanding for investigating crime, and Durham is one of two forces judged inadequate at preventing crime."
    assert national(text, pillar="effectiveness") == {
        (KENT, 2016, "effectiveness", "investigation", "Outstanding"),
        ("Durham Constabulary", 2016, "effectiveness", "prevention", "Inadequate"),
    }
    assert national("Kent Police is a neighbour of the only force rated outstanding at preventing crime.", pillar="effectiveness") == set()


def test_forces_listed_after_an_opening_phrase():
    text = "In the south east, Kent and Surrey were both rated good for efficiency."
    assert national(text) == {(KENT, 2016, "efficiency", "overall", "Good"), ("Surrey Police", 2016, "efficiency", "overall", "Good")}
    assert national("Of the forces in the south east, most were rated good for efficiency.") == set()


def test_two_forces_in_the_subject_of_a_grade_without_an_area_are_skipped():
    assert national("Forces such as Kent and Essex were rated requires improvement overall.") == set()


def test_a_round_up_without_named_forces_is_skipped():
    assert national("All the other forces were graded good.") == set()
    assert national("Most forces were graded good: a welcome result.") == set()


def test_force_list():
    names = [n for n, _, _ in gs.force_list("Cheshire, Devon and Cornwall and Avon & Somerset, which were all praised")]
    assert names == ["Cheshire Constabulary", "Devon and Cornwall Police", "Avon and Somerset Constabulary"]


# --- what is not a judgment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The force has a good understanding of demand.",
        "There are good examples of the force working with partners to prevent crime.",
        "Officers did good work on investigating crime.",
        "The force should be good at protecting vulnerable people.",
        "It would be good if the force improved how it investigates crime.",
        "If it were good at investigating crime, victims would be better served.",
        "The force is not good at investigating crime.",
        "The force is outstanding in the way it records crime.",
        "The force is very good at dealing with serious and organised crime.",
        "The force was graded good in seven areas.",
        "The force was judged 'adequate' in one area and 'inadequate' in two.",
        "Our overall judgment is an improvement on last year.",
        "Outstanding work by officers on preventing crime was praised.",
        "The force requires improvement.",
        "The force is good at identifying new organised crime groups.",
        "The service is 'good' at keeping people safe and secure from fire and other risks.",
        "Each force was placed in one of four bands (Excellent, Good, Fair, Poor) in the baseline assessments; Essex Police was good at tackling crime.",
        "The force aims to be outstanding at preventing crime.",
    ],
)
def test_not_a_judgment(text):
    assert read(text) == set()


def test_adequate_only_from_2021():
    assert read("The force was judged adequate at investigating crime.", year=2016) == set()
    assert read("The force was judged adequate at investigating crime.", year=2021, pillar="integrated") == {
        (ESSEX, 2021, "integrated", "investigation", "Adequate")
    }


def test_fire_and_rescue_paragraph_is_skipped_but_not_the_inspectorate_name():
    fire = "Inspectors judged that the fire and rescue service:\n\n- is 'good' at effectively keeping people safe and reducing crime;\n"
    assert read(fire) == set()
    name = "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services rated Essex Police good at investigating crime."
    assert read(name) == {(ESSEX, 2016, "effectiveness", "investigation", "Good")}


# --- areas, evidence, dispatch -------------------------------------------------------------------------


def test_find_areas_takes_the_longest_wording():
    found = gs.find_areas("preventing crime and tackling anti-social behaviour, and the efficiency with which it keeps people safe and reduces crime")
    assert [(a.code, a.pillar) for a in found] == [("prevention", "effectiveness"), ("overall", "efficiency")]
    assert [a.code for a in gs.find_areas("tackling anti-social behaviour")] == ["anti-social-behaviour"]


@pytest.mark.parametrize("wording, code", [
    ("making sure that its workforce behaves ethically and lawfully", "ethical-behaviour"),
    ("the treatment of its own workforce with fairness", "workforce-fairness"),
    ("building and supporting its workforce", "positive-workplace"),
    ("understanding the demand the constabulary faces", "demand"),
    ("understanding of the demand for its services", "demand"),
    ("using its resources to manage the demand", "use-of-resources"),
])
def test_area_wordings(wording, code):
    assert [a.code for a in gs.find_areas(wording)] == [code]
    assert gs.covered(wording, gs.find_areas(wording)) >= 0.75


@pytest.mark.parametrize("wording, pillar", [
    ("how effectively the constabulary reduces crime and keeps people safe", "effectiveness"),
    ("how efficiently the force operates", "efficiency"),
    ("how efficiently it keeps people safe and reduces crime", "efficiency"),
    ("how legitimately the force keeps people safe, and reduces crime", "legitimacy"),
])
def test_a_pillar_adverb_names_its_pillar(wording, pillar):
    assert [(a.code, a.pillar) for a in gs.find_areas(wording)] == [("overall", pillar)]


def test_graded_at_how_legitimately_it_keeps_people_safe_is_legitimacy_not_effectiveness():
    text = "Inspectors judged Kent Police to be inadequate at how legitimately it keeps people safe and reduces crime."
    assert read(text, year=2017, pillar="legitimacy") == {(KENT, 2017, "legitimacy", "overall", "Inadequate")}
    text = "The force requires improvement at how efficiently it operates, and is good at how effectively it reduces crime and keeps people safe."
    assert read(text, year=2018, pillar="integrated") == {
        (ESSEX, 2018, "efficiency", "overall", RI), (ESSEX, 2018, "effectiveness", "overall", "Good")
    }


def test_a_pillar_heading_another_area_is_that_areas_grade():
    text = "Its efficiency at planning for future demand is assessed as outstanding."
    assert read(text, year=2016, pillar="efficiency") == {(ESSEX, 2016, "efficiency", "future-planning", "Outstanding")}
    text = "The constabulary's effectiveness in protecting vulnerable people is inadequate."
    assert read(text) == {(ESSEX, 2016, "effectiveness", "vulnerability", "Inadequate")}
    # the pillar's own wording, or the pillar beside (not heading) an area, stays the pillar's
    assert read("Its effectiveness at keeping people safe and reducing crime is good.") == {(ESSEX, 2016, "effectiveness", "overall", "Good")}
    assert [a.code for a in gs.find_areas("efficiency and investigating crime")] == ["overall", "investigation"]


def test_anti_social_behaviour_is_its_own_question_only_in_2014():
    text = "The force is good at tackling anti-social behaviour."
    assert read(text, year=2014) == {(ESSEX, 2014, "effectiveness", "anti-social-behaviour", "Good")}
    assert read(text, year=2016) == {(ESSEX, 2016, "effectiveness", "prevention", "Good")}


def test_fair_treatment_is_treatment_of_the_public_from_2021():
    text = "The force is good at treating the public fairly."
    assert read(text, year=2016, pillar="legitimacy") == {(ESSEX, 2016, "legitimacy", "fair-treatment", "Good")}
    assert read(text, year=2023, pillar="integrated") == {(ESSEX, 2023, "integrated", "treatment-of-the-public", "Good")}


def test_evidence_is_the_grade_word_in_its_sentence():
    text = "Skip to content\n\nIn 2015 we judged Essex Police to be \u2018good\u2019 at preventing crime.\n"
    (j,) = gs.statement_judgments(text, doc(text))
    assert text[j.evidence.start : j.evidence.end] == j.evidence.text == "good"
    assert j.evidence.sentence == "In 2015 we judged Essex Police to be \u2018good\u2019 at preventing crime."
    assert (j.source, j.question, j.year, j.evidence.rule) == ("statement", "preventing crime", 2015, "grade_statements.subject_grade_areas")


def test_extract_judgments_runs_the_statement_reader_for_every_kind():
    text = "Essex Police was rated good at investigating crime."
    for kind in (FORCE_REPORT, NATIONAL_REPORT, NEWS, PRESS_RELEASE):
        found, _ = extract_judgments(text, doc(text, kind=kind))
        assert [(j.force, j.area, j.grade) for j in found] == [(ESSEX, "investigation", "Good")]


def test_a_statement_read_twice_from_one_span_is_one_judgment():
    text = "How efficient is the force at keeping people safe and reducing crime?\n\nEssex Police is judged to be good in the efficiency with which it keeps people safe and reduces crime.\n"
    found, _ = extract_judgments(text, doc(text, pillar="efficiency"))
    assert len({(j.evidence.start, j.grade) for j in found}) == len(found) == 1


# --- national round-ups: forces named after the grade, informal names ---------------------------------


def test_a_grade_line_over_lines_that_list_forces():
    text = "Legitimacy grades, some forces\n\nOutstanding\nCheshire, Kent\n\nRequires improvement\nMet, Devon & Cornwall and Notts\n\nSee the full report.\n"
    assert national(text, pillar="legitimacy", year=2017) == {
        ("Cheshire Constabulary", 2017, "legitimacy", "overall", "Outstanding"),
        (KENT, 2017, "legitimacy", "overall", "Outstanding"),
        ("Metropolitan Police Service", 2017, "legitimacy", "overall", RI),
        ("Devon and Cornwall Police", 2017, "legitimacy", "overall", RI),
        ("Nottinghamshire Police", 2017, "legitimacy", "overall", RI),
    }
    # a line that is more than its forces is no round-up line, nor one force alone under a grade
    assert national("Good\nKent, as in previous years\n", pillar="legitimacy") == set()
    assert national("Good\nKent\n", pillar="legitimacy") == set()


def test_a_count_of_forces_graded_then_the_forces_among_them():
    text = "HMICFRS rated 30 forces good and nine as requiring improvement, among them Surrey, Gwent and Cleveland."
    assert national(text) == {(f, 2016, "efficiency", "overall", RI) for f in ("Surrey Police", "Gwent Police", "Cleveland Police")}
    assert national("Three forces were judged inadequate, including Kent and Essex.") == {
        (KENT, 2016, "efficiency", "overall", "Inadequate"), (ESSEX, 2016, "efficiency", "overall", "Inadequate")
    }
    # the list after the opener is not forces; no count before the grade
    assert national("Nine forces were rated good, including for how they plan for the future.") == set()
    assert national("Two forces were graded good, including one in the north.") == set()


def test_listed_forces_said_to_be_the_forces_graded():
    assert national("Surrey and Kent were the only two forces graded outstanding overall.") == {
        ("Surrey Police", 2016, "efficiency", "overall", "Outstanding"), (KENT, 2016, "efficiency", "overall", "Outstanding")
    }
    assert national("Gwent, Essex and Kent were among those rated as requiring improvement overall.", pillar="legitimacy") == {
        (f, 2016, "legitimacy", "overall", RI) for f in ("Gwent Police", ESSEX, KENT)
    }
    # neighbours of the forces graded are not graded
    assert national("Surrey and Kent were neighbours of the only two forces graded outstanding overall.") == set()


def test_a_force_not_graded_in_a_round_up():
    assert national("Cumbria Constabulary was not graded: its inspection was put off after the floods.", pillar="legitimacy") == {
        ("Cumbria Constabulary", 2016, "legitimacy", "overall", "Ungraded")
    }
    assert national("Cumbria Constabulary was not yet graded when this was written.", pillar="legitimacy") == set()


@pytest.mark.parametrize("wording, code", [
    ("the way it treats the public", "treatment-of-the-public"),
    ("its crime recording", "recording-crime"),
    ("the recording of crime data", "recording-crime"),
    ("its management of offenders and suspects", "managing-offenders"),
    ("ensuring that its workforce acts ethically and lawfully", "ethical-behaviour"),
])
def test_more_area_wordings(wording, code):
    assert [a.code for a in gs.find_areas(wording)] == [code]
    assert gs.covered(wording, gs.find_areas(wording)) >= 0.75


def test_handling_of_an_area_as_the_subject_and_crime_recording_only_from_2021():
    text = "Its handling of investigations also requires improvement, the report said. The force's crime recording was judged to be good."
    assert read(text, year=2021, pillar="integrated") == {
        (ESSEX, 2021, "integrated", "investigation", RI), (ESSEX, 2021, "integrated", "recording-crime", "Good")
    }
    # before 2021 crime recording was no PEEL question (its own inspections graded it)
    assert read("The force's crime recording was judged to be good.", year=2016) == set()
    assert read("Its handling of complaints also requires improvement.", year=2021, pillar="integrated") == set()


def test_a_chained_grade_with_areas_after_a_colon():
    text = ("Inspectors graded the force as good at preventing crime, and as requiring improvement in three other areas: "
            "investigating crime, responding to the public and leadership and force management.")
    assert read(text, year=2023, pillar="integrated") == {
        (ESSEX, 2023, "integrated", "prevention", "Good"),
        (ESSEX, 2023, "integrated", "investigation", RI),
        (ESSEX, 2023, "integrated", "responding-to-the-public", RI),
        (ESSEX, 2023, "integrated", "leadership", RI),
    }
    # a colon list that is not areas
    assert read("Inspectors graded the force as good at preventing crime, and as adequate in two other ways: staffing and morale.",
                year=2023, pillar="integrated") == {(ESSEX, 2023, "integrated", "prevention", "Good")}


def test_an_area_named_by_reference():
    # the area graded in the sentence before (a year earlier), graded again now
    text = ("Last year we judged the force to be inadequate at protecting vulnerable people. "
            "It has worked hard since then, and we now judge it to be good in this area.")
    assert read(text) == {(ESSEX, 2015, "effectiveness", "vulnerability", "Inadequate"), (ESSEX, 2016, "effectiveness", "vulnerability", "Good")}
    # the one area the sentence before names, though it grades nothing
    text = "The force has changed how it investigates crime. In our 2015 inspection we graded it as inadequate for this question."
    assert read(text) == {(ESSEX, 2015, "effectiveness", "investigation", "Inadequate")}
    # nothing named before: no area
    assert read("We now judge the force to be good in this area.") == set()
    assert read("The force covers a rural county. It is good in that area.") == set()


def test_a_relative_clause_and_another_force_graded_in_that_area():
    text = ("The figures compare with neighbouring Kent Police, which was graded inadequate at responding to the public "
            "earlier this year, while Surrey Police was rated adequate in that area.")
    assert read(text, year=2021, pillar="integrated") == {
        (KENT, 2021, "integrated", "responding-to-the-public", "Inadequate"),
        ("Surrey Police", 2021, "integrated", "responding-to-the-public", "Adequate"),
    }
    # the relative clause of something that is not the force
    assert read("Officers of Kent Police, who were good at responding to the public, were thanked.", year=2021, pillar="integrated") == set()


def test_a_pillar_then_a_noun_phrase_that_explains_it():
    text = "Inspectors graded us good for legitimacy, the way we treat the public and our staff."
    assert read(text, pillar=None, year=2018) == {(ESSEX, 2018, "legitimacy", "overall", "Good")}
    # a list that runs on past its areas is no appositive
    assert read("The force is good at investigating crime, organised crime groups and fraud.") == set()


@pytest.mark.parametrize("text, pillar", [
    ("We were graded outstanding for the efficiency with which we operate and plan for the future.", "efficiency"),
    ("The force is outstanding at using its resources to keep people safe and reduce crime.", "efficiency"),
])
def test_efficiency_as_a_whole_worded_by_what_it_asks(text, pillar):
    assert read(text, pillar=None, year=2018) == {(ESSEX, 2018, pillar, "overall", "Outstanding")}
