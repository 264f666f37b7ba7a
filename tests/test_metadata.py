"""Document metadata read from the text: kind, force, inspection year, pillar, publication date,
title and evidence. The short texts below were written for these tests, not taken from a corpus."""

from __future__ import annotations

import pytest

from extraction.metadata import NotAReport, cycle_year, read_metadata
from extraction.reader import content_id
from extraction.records import COMMISSIONER_PAGE, FORCE_REPORT, NATIONAL_REPORT, NEWS, PRESS_RELEASE
from kg.paths import DEFAULT_CORPUS as CORPUS

MET = "Metropolitan Police Service"

# What each corpus file is (the corpus README describes them; the code must not know this).
EXPECTED = {
    "000_b655f950f9e4daba.txt": (FORCE_REPORT, 2016, MET),
    "001_174d17988d4d6e4f.txt": (FORCE_REPORT, 2018, MET),
    "002_f15031c82e741ba6.txt": (NATIONAL_REPORT, 2017, None),
    "003_457220dca10d38e6.txt": (FORCE_REPORT, 2014, MET),
    "004_d9a8730beb81e948.txt": (FORCE_REPORT, 2017, MET),
}


def meta(text: str, name: str = "x.txt"):
    return read_metadata(text, name, content_id(text))


@pytest.mark.parametrize("file_name", sorted(EXPECTED))
def test_corpus_metadata(corpus_texts, file_name):
    text = corpus_texts[file_name]
    doc = meta(text, file_name)
    assert (doc.kind, doc.year, doc.force) == EXPECTED[file_name]
    assert doc.file_name == file_name
    assert doc.n_chars == len(text)
    assert doc.n_words == len(text.split())
    assert str(doc.year) in doc.title
    if doc.force:
        assert doc.force in doc.title
    assert doc.pillar == "effectiveness"  # the corpus holds effectiveness reports only
    check_evidence(text, doc)


def check_evidence(text, doc):
    assert doc.evidence, "metadata must say where it was read"
    for ev in doc.evidence:
        assert text[ev.start : ev.end] == ev.text
        assert ev.document == doc.doc_id and ev.rule.startswith("metadata.")


def rules(doc) -> set[str]:
    return {ev.rule for ev in doc.evidence}


def test_corpus_titles_unchanged(corpus_texts):
    titles = {name: meta(text, name).title for name, text in corpus_texts.items()}
    assert titles["002_f15031c82e741ba6.txt"] == "PEEL: Police effectiveness 2017 – a national overview"
    assert titles["000_b655f950f9e4daba.txt"] == f"PEEL: Police effectiveness 2016 – {MET}"


def test_metadata_does_not_depend_on_file_name(corpus_texts):
    text = corpus_texts["001_174d17988d4d6e4f.txt"]
    a, b = meta(text, "001.txt"), meta(text, "national_2017_annex.txt")
    assert (a.kind, a.year, a.force) == (b.kind, b.year, b.force)


def test_web_page_year_is_the_peel_year_not_the_update_date(corpus_texts):
    doc = meta(corpus_texts["001_174d17988d4d6e4f.txt"])
    assert doc.year == 2018  # "PEEL 2018", although "Last updated 09/09/2019"
    assert any(ev.rule == "metadata.year.title_line" and ev.text == "2018" for ev in doc.evidence)


PAGE = """Skip to content

{force} PEEL {year}

Effectiveness

How effectively does the force reduce crime and keep people safe?

Last updated 01/02/{later}
Good

Overall, {long} is good at keeping people safe. {long} works well with partners.
"""


@pytest.mark.parametrize(
    "force,long,canonical",
    [
        ("Avon and Somerset", "Avon and Somerset Constabulary", "Avon and Somerset Constabulary"),
        ("Devon & Cornwall", "Devon and Cornwall Police", "Devon and Cornwall Police"),
        ("Dyfed-Powys", "Dyfed-Powys Police", "Dyfed-Powys Police"),
        # a force missing from the gazetteer: the title's short name becomes its written full name
        ("Ruritania", "Ruritania Constabulary", "Ruritania Constabulary"),
    ],
)
def test_unseen_force_web_pages(force, long, canonical):
    doc = meta(PAGE.format(force=force, long=long, year=2019, later=2020))
    assert (doc.kind, doc.year, doc.force) == (FORCE_REPORT, 2019, canonical)


def test_pdf_force_report_year_from_assessment_sentence():
    text = (
        "As part of our annual inspections of police effectiveness, efficiency and legitimacy (PEEL), "
        "HMIC assesses the effectiveness of police forces.\n\n"
        "HMIC's effectiveness inspection assessed all of these areas during 2015. This report sets "
        "out our findings for Kent Police.\n\nKent Police is good. Crime recorded in the 12 months "
        "to 31 March 2014 fell.\n"
    )
    doc = meta(text)
    assert (doc.kind, doc.year, doc.force) == (FORCE_REPORT, 2015, "Kent Police")


def test_force_named_most_often_when_no_title():
    text = (
        "How effective is the force at cutting crime?\n\nHMIC found that Lancashire Constabulary is "
        "good. Lancashire Constabulary works with Cumbria Constabulary. In the year to June 2014 "
        "crime fell in Lancashire Constabulary.\n"
    )
    doc = meta(text)
    assert (doc.force, doc.year) == ("Lancashire Constabulary", 2014)


# --- not PEEL: refused with a reason -------------------------------------------------------------

FIRE = """Inspection of Ruritania Fire and Rescue Service

HMICFRS has today published its inspection of Ruritania Fire and Rescue Service. Inspectors
found that the service is good at keeping people safe from fire and other risks, and that it
works well with the other fire and rescue services of the region.
"""

VETTING = """Review of vetting and misconduct in policing

Her Majesty's Inspectorate of Constabulary reviewed how police forces vet their officers. The
vetting of new recruits was often rushed, misconduct hearings were slow, and vetting decisions
were not always recorded. This review is separate from our PEEL inspections. Forces should
strengthen vetting and the handling of misconduct.
"""

BASELINE = """Police baseline assessments published

The inspectorate of constabulary (HMIC) has published baseline assessments of every police force,
grading each force from Excellent to Poor. The baseline assessments compare forces on volume crime.
"""


@pytest.mark.parametrize(
    "text,reason",
    [
        ("It was a bright cold day in April, and the clocks were striking thirteen. " * 20, "PEEL"),
        ("HMIC inspects police effectiveness. The force is good.\n", "year"),
        (FIRE, "fire and rescue service inspection, not PEEL"),
        (VETTING, "vetting and misconduct, not PEEL"),  # names PEEL only in passing
        (BASELINE, "baseline assessments"),
        ("HMICFRS found that the police force keeps good records of its buildings in 2019.\n", "not about a PEEL"),
    ],
)
def test_not_a_report(text, reason):
    with pytest.raises(NotAReport, match=reason):
        meta(text)


def test_a_peel_page_mentioning_fire_and_vetting_in_passing_is_peel():
    text = (
        "Essex PEEL 2017\n\nHow legitimate is the force at keeping people safe and reducing crime?\n\n"
        "Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services found that Essex Police "
        "treats people fairly. Its vetting of new officers is thorough, and it shares a building with the "
        "county fire and rescue service. Vetting checks are renewed on time.\n"
    )
    doc = meta(text)
    assert (doc.kind, doc.force, doc.year, doc.pillar) == (FORCE_REPORT, "Essex Police", 2017, "legitimacy")


# --- inspection year ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line,year",
    [
        ("PEEL 2021/22 – An inspection of Ruritania Constabulary", 2021),
        ("PEEL: Police legitimacy 2015 – Ruritania Constabulary", 2015),
        ("PEEL Assessment 2023–2025: Ruritania Constabulary", 2023),
        ("PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Ruritania Constabulary", 2018),
    ],
)
def test_year_from_cycle_title(line, year):
    doc = meta(f"{line}\n\nWe found that Ruritania Constabulary is good at preventing crime.\n")
    assert (doc.year, doc.force) == (year, "Ruritania Constabulary")
    assert "metadata.year.cycle_title" in rules(doc)
    assert "metadata.force.cycle_title" in rules(doc)


def test_year_of_an_earlier_inspection_does_not_outvote_the_main_one():
    text = (
        "Norfolk PEEL 2016\n\nHow effective is the force at keeping people safe?\n\n"
        "Since our 2015 effectiveness inspection the force has improved. When we inspected in 2015 we "
        "found gaps; after the inspection in 2015 it acted, and compared with our 2015 inspection it is "
        "better. Norfolk Constabulary is good.\n"
    )
    doc = meta(text)
    assert doc.year == 2016
    assert not any("2015" in ev.text for ev in doc.evidence)


def test_the_latest_inspection_is_not_an_earlier_one():
    text = (
        "Ruritania Constabulary has been rated good\n\nAfter the most recent inspection in 2016, "
        "HMIC found that Ruritania Constabulary is good at investigating crime. The last inspection "
        "in 2014 had found it required improvement.\n"
    )
    assert meta(text).year == 2016


@pytest.mark.parametrize(
    "sentence,year,rule",
    [
        ("The 2016 Legitimacy Report shows the force is good.", 2016, "pillar_year"),
        ("In our 2015 inspection we found the force good.", 2015, "our_inspection"),
        ("The PEEL report covering 2023 to 2025 rates the force good.", 2023, "cycle_covering"),
        ("This is HMIC's third PEEL assessment of Ruritania Constabulary.", 2016, "ordinal_assessment"),
        ("The force was assessed in the PEEL round of 2021-22 as adequate.", 2021, "cycle_span"),
    ],
)
def test_year_cues_in_sentences(sentence, year, rule):
    doc = meta(f"PEEL inspection news\n\n{sentence} Ruritania Constabulary works with partners.\n")
    assert doc.year == year
    assert f"metadata.year.{rule}" in rules(doc)


@pytest.mark.parametrize(
    "sentence",
    [
        "Crime rose between 2013 and 2015 in the county.",  # a range of years, no cycle
        "The new station opened on 2017-03-01.",  # an ISO date is no 2017/03 cycle
        "The chief constable joined the force in 2016.",  # a year in a sentence not about the inspection
        "When it was last inspected in 2019 the force was good.",  # an earlier inspection's year
    ],
)
def test_years_in_passing_do_not_date_the_inspection(sentence):
    with pytest.raises(NotAReport, match="year"):
        meta(f"PEEL inspection news\n\n{sentence} Ruritania Constabulary is good.\n")


# --- last resorts for a text with no year cue and no date ---------------------------------------


@pytest.mark.parametrize(
    "sentence,year",
    [
        ("Inspectors from HMIC visited the county in 2016 and spoke to officers.", 2016),
        ("The watchdog's findings, gathered over 2019, were shared with the public.", 2018),  # to its cycle
        ("Staff were interviewed in 2014 and again in 2015 by the inspectorate.", 2015),  # the latest
    ],
)
def test_year_mentioned_about_the_inspection_dates_a_text_without_cues(sentence, year):
    doc = meta(f"Ruritania news\n\nThe PEEL grades are out this week. {sentence} "
               f"Ruritania Constabulary was rated good.\n")
    assert doc.year == year
    assert "metadata.year.year_mentioned" in rules(doc)


@pytest.mark.parametrize(
    "sentence",
    [
        "Officers were rated adequate at answering emergency calls.",
        "The force is 'adequate' in how it treats the public.",
        "It was judged good at responding to the public.",
    ],
)
def test_the_five_point_scale_dates_a_text_with_no_year_at_all(sentence):
    doc = meta(f"County news\n\nPEEL results for Ruritania Constabulary came out on Tuesday. {sentence}\n")
    assert doc.year == 2023  # the latest cycle of the five-point scale: a documented guess
    assert doc.pillar == "integrated"
    assert "metadata.year.grade_scale_era" in rules(doc)


def test_a_four_point_text_with_no_year_at_all_is_still_refused():
    with pytest.raises(NotAReport, match="year"):
        meta("County news\n\nPEEL results for Ruritania Constabulary came out on Tuesday. "
             "It was rated good at keeping people safe; the adequacy of its custody cells was questioned.\n")


# --- publication date, and the year inferred from it ------------------------------------------------


@pytest.mark.parametrize(
    "furniture,iso,rule",
    [
        ("Published on: 2 March 2017", "2017-03-02", "published_on"),
        ("Last updated 09/11/2017", "2017-11-09", "last_updated"),
        ("Tuesday 6 November, 2015", "2015-11-06", "date_line"),
        ("March 22, 2018", "2018-03-22", "date_line"),
        ("Today (14 May 2024) the inspectorate published its report.", "2024-05-14", "today"),
        ("CARDIFF, 3 March 2022 – The inspectorate graded the force.", "2022-03-03", "dateline"),
        ("Written by the home affairs desk | Wednesday 4 October 2017", "2017-10-04", "byline_date"),
        ("The Ruritania Courier, 11 April 2019", "2019-04-11", "byline_date"),
        ("Staff writer - 1 June 2022", "2022-06-01", "byline_date"),
    ],
)
def test_publication_date(furniture, iso, rule):
    doc = meta(f"Ruritania PEEL 2016\n\n{furniture}\n\nHow effective is the force? We found it good.\n")
    assert doc.published == iso
    assert f"metadata.published.{rule}" in rules(doc)
    assert doc.year == 2016  # the title's year, not the publication's


def test_a_sentence_ending_with_a_date_is_no_byline():
    text = ("Ruritania PEEL 2016\n\nThe force, which was reorganised over several years and merged "
            "two of its divisions, opened its new headquarters on 4 April 2013\n\nWe found it good.\n")
    assert meta(text).published is None


def test_a_dateless_news_item_dated_by_its_masthead_line():
    text = ("Ruritania Gazette, 14 February 2017\n\nInspectors have rated Ruritania Constabulary good "
            "at treating people fairly in the latest PEEL legitimacy inspection, published this week.\n")
    doc = meta(text)
    assert (doc.published, doc.year, doc.pillar) == ("2017-02-14", 2016, "legitimacy")


def test_a_date_far_down_the_text_is_not_the_publication_date():
    body = "\n\n".join(f"Paragraph {i} about the force." for i in range(15))
    doc = meta(f"Ruritania PEEL 2016\n\n{body}\n\n4 April 2013\n\nWe found it good.\n")
    assert doc.published is None


@pytest.mark.parametrize(
    "date,pillar_words,year",
    [
        # effectiveness results came out in the spring after the inspection year
        ("2 March 2017", "how effective the force is at preventing crime", 2016),
        ("27 November 2014", "how effective the force is at preventing crime", 2014),
        # efficiency and legitimacy: autumn and winter of the year itself, or early the next year
        ("6 November 2015", "how efficient the police forces are", 2015),
        ("18 February 2016", "the legitimacy inspection", 2015),
        ("8 December 2016", "the legitimacy inspection", 2016),
        # multi-year cycles: to the cycle's first year
        ("15 May 2019", "every part of policing", 2018),
        ("3 March 2022", "every part of policing", 2021),
        ("20 June 2025", "every part of policing", 2023),
    ],
)
def test_year_inferred_from_publication_date(date, pillar_words, year):
    text = (f"Force results\n\nPublished on: {date}\n\nHMIC has put out its latest PEEL results on "
            f"{pillar_words}. Ruritania Constabulary was graded good.\n")
    doc = meta(text)
    assert doc.year == year
    assert "metadata.year.from_publication" in rules(doc)


def test_cycle_year():
    assert [cycle_year(y) for y in (2014, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2025)] == [
        2014, 2017, 2018, 2018, 2018, 2021, 2021, 2023, 2023]


# --- force ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,canonical",
    [
        ("the Met", MET),
        ("Met Police", MET),
        ("Avon & Somerset", "Avon and Somerset Constabulary"),
        ("Devon and Cornwall", "Devon and Cornwall Police"),
        ("Dyfed-Powys", "Dyfed-Powys Police"),
        ("Northants Police", "Northamptonshire Police"),
    ],
)
def test_force_in_any_spelling(written, canonical):
    text = (f"{written} rated good\n\nHMICFRS has rated {written} good in its PEEL 2017 report. "
            f"{written} was also praised for its work with Essex Police. {written} is pleased.\n")
    assert meta(text).force == canonical


def test_force_year_heading_line():
    text = "Skip to content\n\nNorthumbria 2018/19\n\nThis is the fifth PEEL assessment of the force.\n"
    doc = meta(text)
    assert (doc.force, doc.year) == ("Northumbria Police", 2018)
    assert {"metadata.force.year_line", "metadata.year.year_line"} <= rules(doc)


def test_a_season_and_year_line_is_no_force():
    text = "Spring 2018\n\nHMIC published PEEL 2017 results for the forces of England and Wales.\n"
    doc = meta(text)
    assert doc.force is None and doc.year == 2017


ROUND_UP = """Forces graded on legitimacy

PEEL: Police legitimacy 2016 – results

Get the report

HMIC graded two forces outstanding: Kent and Durham. Good: Avon & Somerset, Cambridgeshire,
Cheshire, Cumbria, Dorset, Essex, Gwent, Hampshire, Lancashire, Merseyside, Norfolk, Suffolk and
Wiltshire. Requires improvement: Bedfordshire and Surrey.
"""


def test_round_up_of_many_forces_is_a_national_document():
    doc = meta(ROUND_UP)
    assert (doc.kind, doc.force, doc.year, doc.pillar) == (NATIONAL_REPORT, None, 2016, "legitimacy")
    assert doc.title == "PEEL: Police legitimacy 2016 – a national overview"


def test_two_forces_named_alike_is_no_single_force():
    text = "PEEL 2016\n\nWe rated Kent Police and Essex Police outstanding for legitimacy.\n"
    doc = meta(text)
    assert doc.force is None and doc.kind == NATIONAL_REPORT


def test_news_about_all_forces_stays_news():
    text = (
        "Daily Courier News\n\nBy Jane Doe\n\nHMIC has published its PEEL 2015 efficiency results. "
        "HMIC found that most forces are good. Durham, Kent, Essex, Surrey, Sussex, Gwent, Dorset, "
        "Norfolk, Suffolk, Cumbria and Cleveland were among them.\n"
    )
    doc = meta(text)
    assert (doc.kind, doc.force, doc.pillar) == (NEWS, None, "efficiency")
    assert doc.title == "PEEL: Police efficiency 2015 – all forces (news)"


# --- kind ------------------------------------------------------------------------------------------

PRESS = """Ruritania Constabulary must improve, says inspectorate

The police inspectorate says Ruritania Constabulary needs to improve how it responds to the public.

Get the report

PEEL 2018/19 – Ruritania Constabulary

HM Inspector of Constabulary Jo Bloggs said: "The force has work to do."
"""

OWN_PAGE = """About us: our PEEL inspections

After the latest inspection (PEEL 2017) we have been rated good at keeping people safe. Read the
report about us. Ruritania Constabulary thanks its officers.
"""

COMMISSIONER = """Commissioner welcomes PEEL report

Ruritania's Police and Crime Commissioner has welcomed the PEEL 2017 report on Ruritania Constabulary.
The Commissioner said the force had worked hard.
"""

NEWSPAPER = """The Ruritania Gazette

Force improves, inspectors find

By John Smith

Ruritania Constabulary has been rated good by the police inspectorate in its PEEL 2021/22
report. HMICFRS found that the force now answers calls quickly. Chief Constable Ann Lee said she
was proud of her officers.
"""

INSPECTORATE = """Ruritania PEEL 2017

How effective is the force at keeping people safe and reducing crime?

We found that Ruritania Constabulary is good at keeping people safe. Our inspection found that it
protects vulnerable people well.
"""


@pytest.mark.parametrize(
    "text,kind,rule",
    [
        (PRESS, PRESS_RELEASE, "metadata.kind.get_the_report"),
        (OWN_PAGE, NEWS, "metadata.kind.force_own_page"),
        (COMMISSIONER, COMMISSIONER_PAGE, "metadata.kind.pcc"),
        (NEWSPAPER, NEWS, "metadata.kind.byline"),
        ("Ruritania Constabulary praised\n\nRuritania Constabulary has been graded good by HMICFRS in its "
         "PEEL 2017 report.\n", NEWS, "metadata.kind.rated_by_inspectorate"),
        (INSPECTORATE, FORCE_REPORT, "metadata.kind.we_inspected"),
    ],
)
def test_kind(text, kind, rule):
    doc = meta(text)
    assert doc.kind == kind and doc.force == "Ruritania Constabulary"
    assert rule in rules(doc)
    check_evidence(text, doc)


def test_a_press_release_about_all_forces_is_a_national_report():
    text = (
        "Forces must do more on demand\n\nGet the report\n\nPEEL: Police efficiency 2016 – A national "
        "overview\n\nHMI Jo Bloggs said: \"Forces understand demand better.\"\n"
    )
    doc = meta(text)
    assert (doc.kind, doc.force, doc.year, doc.pillar) == (NATIONAL_REPORT, None, 2016, "efficiency")


@pytest.mark.parametrize(
    "opening",
    [
        "PEEL: Police legitimacy 2015 – Ruritania Constabulary",
        "PEEL 2017 – Ruritania Constabulary",
    ],
)
def test_an_inspectorate_report_with_a_third_person_sentence_is_a_force_report(opening):
    # "inspectors judged" is how the news speaks, but the report's own title and its comparison
    # with "our previous inspection" are the inspectorate's voice
    text = (f"{opening}\n\nOverview\n\nRuritania Constabulary is good. This is an improvement on our "
            "previous legitimacy inspection. On the use of force, inspectors judged its records incomplete.\n")
    doc = meta(text)
    assert doc.kind == FORCE_REPORT
    assert {"metadata.kind.pillar_title_force", "metadata.kind.we_inspected"} <= rules(doc)


def test_a_news_item_naming_a_pillar_report_stays_news():
    text = ("Ruritania Gazette\n\nBy Jane Doe\n\nPEEL: Police legitimacy 2015 results are out. "
            "Ruritania Constabulary has been rated good by HMIC, inspectors said. Chief Constable Ann Lee "
            "said she was pleased.\n")
    assert meta(text).kind == NEWS


def test_a_quote_from_an_inspector_does_not_make_a_force_page_a_press_release():
    text = INSPECTORATE + "\nSam Smith, Her Majesty's Inspector of Constabulary\n\nHMI's observations\n"
    assert meta(text).kind == FORCE_REPORT


# --- pillar and title -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence,pillar",
    [
        # the pillar questions of 2014-2017 in their long form share the effectiveness words
        ("The PEEL legitimacy assessment, out today, asked how legitimately forces keep people safe and "
         "reduce crime; Ruritania Constabulary was rated good.", "legitimacy"),
        ("Our PEEL efficiency assessment looked at how efficiently the force keeps people safe and reduces "
         "crime: Ruritania Constabulary is good.", "efficiency"),
        # no pillar named: the effectiveness question's words decide
        ("HMIC has rated Ruritania Constabulary good at how it keeps people safe and reduces crime.",
         "effectiveness"),
        # the 2018/19 integrated assessment names every pillar with its adverb
        ("The integrated PEEL assessment found the force good at how effectively it reduces crime, how "
         "efficiently it operates and how legitimately it treats the public. Ruritania Constabulary was "
         "praised.", "integrated"),
    ],
)
def test_pillar_of_a_national_or_news_text(sentence, pillar):
    doc = meta(f"Inspectorate news\n\n14 December 2018\n\n{sentence}\n")
    assert doc.pillar == pillar


@pytest.mark.parametrize(
    "text,pillar",
    [
        (INSPECTORATE, "effectiveness"),
        ("Ruritania PEEL 2016\n\nHow efficient is the force at keeping people safe?\n\nWe found it good.\n",
         "efficiency"),
        ("Ruritania PEEL 2016\n\nHow legitimate is the force at keeping people safe?\n\nWe found it good.\n",
         "legitimacy"),
        # an all-pillar yearly page: the extent to which the force is effective / efficient / legitimate
        ("Ruritania 2016\n\nThis is HMIC's third PEEL (police effectiveness, efficiency and legitimacy) "
         "assessment of Ruritania Constabulary.\n\nHow efficient is the force?\n", "integrated"),
        # from 2021/22 the assessment has no pillars
        (PRESS.replace("2018/19", "2021/22"), "integrated"),
        (NEWSPAPER, "integrated"),
        # the acronym spelled out is no all-pillar cue
        ("Force news\n\nHMIC put out its PEEL (police effectiveness, efficiency and legitimacy) 2015 results "
         "on how efficient the police forces are. The efficiency inspection rated Ruritania Constabulary good.\n",
         "efficiency"),
    ],
)
def test_pillar(text, pillar):
    doc = meta(text)
    assert doc.pillar == pillar
    assert any(ev.rule.startswith("metadata.pillar.") for ev in doc.evidence)


def test_titles_name_cycle_force_and_kind():
    assert meta(PRESS).title == "PEEL 2018/19 – Ruritania Constabulary (press release)"
    assert meta(COMMISSIONER).title == "PEEL 2017 – Ruritania Constabulary (commissioner page)"
    assert meta(INSPECTORATE).title == "PEEL: Police effectiveness 2017 – Ruritania Constabulary"
    assert meta(NEWSPAPER).title == "PEEL 2021/22 – Ruritania Constabulary (news)"


# --- the development set (a few checks; the rules above are tested on their own texts) ----------------

DEV = CORPUS.parent / "dev-corpus"
KIND_WORDS = {COMMISSIONER_PAGE: "pcc page"}


@pytest.mark.skipif(not (DEV / "answers.json").exists(), reason="no development set")
def test_dev_set_metadata_accuracy():
    import json

    answers = json.loads((DEV / "answers.json").read_text(encoding="utf-8"))
    right = dict(kind=0, force=0, year=0, pillar=0)
    for entry in answers:
        text = (DEV / entry["file"]).read_text(encoding="utf-8")
        want = entry["facts"]["documents"]
        try:
            doc = meta(text, entry["file"])
        except NotAReport:
            if entry["kind"] == "not peel":
                right = {k: v + 1 for k, v in right.items()}
            continue
        right["kind"] += KIND_WORDS.get(doc.kind, doc.kind) == entry["kind"]
        right["force"] += doc.force == want["force"]
        right["year"] += doc.year == want["year"]
        right["pillar"] += doc.pillar == entry["pillar"]
    assert all(n >= 0.9 * len(answers) for n in right.values()), right


# --- whole texts of each kind, written for these tests ------------------------------------------------

LOCAL_NEWS = """Essex Police 'requires improvement' says watchdog

By Sam Reporter
Published: 10:00 Thursday 02 March 2017

Essex Police has been told it requires improvement in the way it keeps people safe and reduces crime,
by Her Majesty's Inspectorate of Constabulary (HMIC).

The watchdog found the force was good at preventing crime. Chief Constable Ann Lee said the force
accepted the findings.
"""

PCC_POSTED = """Commissioner responds to inspection report

Posted on 22 March 2018

Police and Crime Commissioner Roger Bloggs has responded to the HMICFRS effectiveness report on Essex
Police, which rated the force as requiring improvement. "I welcome the report," the Commissioner said.
"""

PDF_2015 = """PEEL: Police efficiency 2015
An inspection of Surrey Police
October 2015
© HMIC 2015

How efficient is the force at keeping people safe and reducing crime?
We found that Surrey Police requires improvement.
"""

PDF_2023 = """PEEL 2023–2025
Police effectiveness, efficiency and legitimacy
An inspection of Lincolnshire Police

Our inspection assessed how good Lincolnshire Police is in nine areas of policing.
Since our last inspection in 2021/22, the force has improved.
"""


@pytest.mark.parametrize(
    "text,expected",
    [
        # no year in the text: the publication date (March) dates an effectiveness inspection of the year before
        (LOCAL_NEWS, (NEWS, "Essex Police", 2016, "effectiveness", "2017-03-02")),
        (PCC_POSTED, (COMMISSIONER_PAGE, "Essex Police", 2017, "effectiveness", "2018-03-22")),
        (PDF_2015, (FORCE_REPORT, "Surrey Police", 2015, "efficiency", "2015-10")),
        # "since our last inspection in 2021/22" does not outvote the cycle title
        (PDF_2023, (FORCE_REPORT, "Lincolnshire Police", 2023, "integrated", None)),
    ],
)
def test_whole_texts(text, expected):
    doc = meta(text)
    assert (doc.kind, doc.force, doc.year, doc.pillar, doc.published) == expected
    check_evidence(text, doc)


def test_a_commissioner_mentioned_in_a_report_does_not_make_a_commissioner_page():
    text = INSPECTORATE + (
        "\nThe force works with the police and crime commissioner (PCC) and the Mayor's Office for Policing "
        "and Crime (MOPAC) on its plans. The PCC funds its partnership work.\n"
    )
    assert meta(text).kind == FORCE_REPORT


def test_a_mayors_office_response_is_a_commissioner_page():
    text = (
        "Mayor's Office for Policing and Crime responds to PEEL report\n\nPublished: 27 June 2023\n\n"
        "The Deputy Mayor for Policing and Crime said the PEEL 2021/22 report on the Met was a reminder of "
        "the work needed. The Met was graded inadequate in three areas.\n"
    )
    doc = meta(text)
    assert (doc.kind, doc.force, doc.year, doc.pillar) == (COMMISSIONER_PAGE, MET, 2021, "integrated")


def test_a_commissioners_page_on_a_fire_inspection_is_not_peel():
    text = (
        "Police, Fire and Crime Commissioner welcomes fire inspection\n\nThe Commissioner welcomed HMICFRS's "
        "inspection of Ruritania Fire and Rescue Service, graded good at keeping people safe from fire and "
        "other risks. The fire and rescue service was also good at looking after its people.\n"
    )
    with pytest.raises(NotAReport, match="fire and rescue"):
        meta(text)


def test_financial_years_are_not_peel_cycles():
    text = (
        "Ruritania PEEL 2016\n\nHow efficient is the force at keeping people safe and reducing crime?\n\n"
        "We found the force good. It must save £4m by 2019/20 and £2m in 2020/21; its 2018/19 budget is "
        "balanced, and reserves will last to 2019/20.\n"
    )
    doc = meta(text)
    assert (doc.year, doc.pillar) == (2016, "efficiency")
    assert not any(ev.rule == "metadata.year.cycle_span" for ev in doc.evidence)


@pytest.mark.parametrize(
    "title,force",
    [
        ("Kent Police – PEEL 2017 inspection letter", "Kent Police"),
        ("Avon & Somerset: PEEL cause of concern revisit", "Avon and Somerset Constabulary"),
    ],
)
def test_force_named_before_peel_in_a_title(title, force):
    text = f"{title}\n\nWe inspected the force in 2017 and found that Essex Police, Surrey Police and Sussex Police help it.\n"
    doc = meta(text)
    assert doc.force == force and "metadata.force.force_then_peel" in rules(doc)


def test_an_unknown_name_before_peel_is_no_force():
    text = "Annual report – PEEL 2017 results\n\nWe found that Essex Police is good. Essex Police is efficient.\n"
    assert meta(text).force == "Essex Police"


# --- the cue scan: one joined lookahead, each cue tried where it may match ----------------------

SCAN_TEXT = (
    "Ruritania News\nBy Ann Example\n\nToday, HMIC has published its efficiency report (PEEL 2018/19) on "
    "Ruritania Police. The Police and Crime Commissioner said the force was rated good; inspectors (2018/19) said "
    "it is good at keeping people safe and reducing crime. Read more about the PEEL assessment of the force.\n"
    "PEEL: police effectiveness 2016 – Ruritania Police\nThe efficiency with which we inspected was noted.\n"
) * 3


def test_the_joined_cue_scan_finds_what_each_cue_finds_alone():
    from extraction.metadata import _heading_end, vocabulary

    voc = vocabulary()
    heading_end = _heading_end(SCAN_TEXT)
    for cue_set in (voc.is_peel_cues, voc.document_cues):
        found = cue_set.find(SCAN_TEXT, heading_end)
        for cue in cue_set.cues:
            alone = [m.span() for m in cue.pattern.finditer(SCAN_TEXT)
                     if not cue.heading_only or m.start() < heading_end]
            assert [m.span() for m in found[cue]] == alone, cue.name
    assert any(found.values())


@pytest.mark.parametrize(
    "pattern,alternatives",
    [
        (r"\bA|\bB", [r"\bA", r"\bB"]),
        (r"\b(?:A|B)\b", [r"\b(?:A|B)\b"]),
        (r"\bA[|(]|\(B\)", [r"\bA[|(]", r"\(B\)"]),
        (r"\bA\||\bB", [r"\bA\|", r"\bB"]),
        (r"[]|]x|y", [r"[]|]x", "y"]),
    ],
)
def test_top_level_alternatives_ignore_bars_in_groups_classes_and_escapes(pattern, alternatives):
    from extraction.metadata import _top_level_alternatives

    assert _top_level_alternatives(pattern) == alternatives


@pytest.mark.parametrize(
    "pattern,anchor",
    [(r"\bA|\bB", r"\b"), (r"^A|^B", "^"), (r"\bA|\(B\)", ""), (r"\A", ""), (r"x\b", "")],
)
def test_a_shared_leading_anchor_only_when_every_alternative_opens_with_it(pattern, anchor):
    from extraction.metadata import _leading_anchor

    assert _leading_anchor(pattern) == anchor


@pytest.mark.parametrize(
    "text",
    [
        "This is the fourth PEEL assessment of the force. Its third  PEEL (police effectiveness) assessment was in 2016.",
        "PEEL assessment: the fifth\nPEEL assessment follows. Our first PEEL report.",
        "no ordinal here: PEEL assessment",
    ],
)
def test_ordinal_assessments_are_those_the_whole_pattern_finds(text):
    from extraction.metadata import _ORDINAL, _ordinal_assessments

    assert [m.span() for m in _ordinal_assessments(text)] == [m.span() for m in _ORDINAL.finditer(text)]


@pytest.mark.parametrize(
    "text,end",
    [("A\n\nB\n  \nC\nD", 9), ("\n\nA", 3), ("", 0), ("A\nB", 3), ("   \n\t\n", 0)],
)
def test_heading_end_after_the_first_non_empty_lines(text, end):
    from extraction.metadata import _heading_end

    assert _heading_end(text) == end  # heading_lines is 3


# --- texts that are not PEEL: custody inspections, non-territorial forces, saying so ----------

CUSTODY_VISIT = (
    "Report on an unannounced inspection of police custody in Ruritania\n\n"
    "by HM Inspectorate of Prisons and HM Inspectorate of Constabulary and Fire & Rescue Services\n\n"
    "Published 2 May 2022\n\n"
    "We visited the four custody suites of Ruritania Police. Detainees were treated well and health care "
    "was good. This work is part of the UK's duties under OPCAT. We made five recommendations.\n"
)
SPECIALIST_FORCE = (
    "An inspection of the Ministry of Defence Police\n\nPublished on: 9 June 2023\n\n"
    "HMICFRS inspected the Ministry of Defence Police, a non-territorial police force, at the request of "
    "its police committee. We found that the force is good at guarding defence sites, and its training "
    "was judged to be good. Its workforce planning requires improvement.\n"
)


@pytest.mark.parametrize(
    "text,reason",
    [
        (CUSTODY_VISIT, "police custody"),
        (SPECIALIST_FORCE, "non-territorial"),
        ("Ruritania Police: inspection of its control room\n\nPublished on: 3 March 2020\n\nThis inspection "
         "was not part of our PEEL programme. HMICFRS found the force good at answering calls.\n", "says it is not"),
        ("HMICFRS review of Ruritania Police's fleet, 2019\n\nThe review is not one of our PEEL inspections; "
         "the force was rated good for its vehicle maintenance in 2019.\n", "says it is not"),
    ],
)
def test_custody_and_specialist_force_inspections_are_refused_with_their_reason(text, reason):
    with pytest.raises(NotAReport, match=reason):
        meta(text)


@pytest.mark.parametrize(
    "aside",
    [
        "In 2016 the force's custody suites had a joint inspection with HM Inspectorate of Prisons, which found "
        "detainees were treated well.",
        "The British Transport Police and the Civil Nuclear Constabulary are not part of this assessment.",
        "Leadership is not a PEEL question this year; the Ministry of Defence Police was not inspected.",
        "Unlike our thematic inspection of custody, this is not a report on a single custody suite.",
    ],
)
def test_a_peel_page_mentioning_custody_or_other_forces_in_passing_is_peel(aside):
    text = (
        "Ruritania PEEL 2016\n\nHow effective is the force at keeping people safe and reducing crime?\n\nGood\n\n"
        f"We found that Ruritania Police is good at protecting vulnerable people. {aside}\n"
    )
    doc = meta(text)
    assert (doc.kind, doc.year, doc.pillar) == (FORCE_REPORT, 2016, "effectiveness")


@pytest.mark.parametrize(
    "sentence",
    [
        "It is not a PEEL inspection.",
        "This inspection was not carried out under our PEEL programme.",
        "The report is not part of HMICFRS's PEEL assessments.",
        "It is not subject to the PEEL (police effectiveness, efficiency and legitimacy) programme.",
    ],
)
def test_a_text_saying_it_is_not_peel_is_refused_even_when_it_grades(sentence):
    text = f"Ruritania Police 2019\n\nHMICFRS rated Ruritania Police good at keeping people safe. {sentence}\n"
    with pytest.raises(NotAReport, match="says it is not a PEEL inspection"):
        meta(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "The force is not a PEEL outlier: its grades are close to the national picture.",
        "Its custody work is not subject to inspection this year.",
        "It was not graded for legitimacy in this PEEL inspection.",
    ],
)
def test_negations_near_peel_that_are_not_about_the_text_refuse_nothing(sentence):
    text = f"Ruritania PEEL 2017\n\nHMIC rated Ruritania Police good at keeping people safe and reducing crime. {sentence}\n"
    assert meta(text).year == 2017


# --- a page with a part per pillar covers the whole assessment; a grade given for a pillar -------


@pytest.mark.parametrize(
    "body",
    [
        # a heading per pillar, each with its grade
        "Effectiveness\nRequires improvement\nThe force must do more for victims.\n\nEfficiency\nGood\n"
        "Its plans are sound.\n\nLegitimacy\nGood\nIt treats people fairly.\n",
        # two pillars' questions with their grades on one line
        "How effective is the force at keeping people safe? – Good\nHow effective is the force at preventing "
        "crime? – Good\nHow legitimate is the force at keeping people safe? – Outstanding\n",
        # two headings suffice (the third pillar not yet graded)
        "Efficiency:\nThe force is good.\n\nLegitimacy:\nThe force is good.\n",
    ],
)
def test_questions_or_headings_of_several_pillars_make_the_page_integrated(body):
    doc = meta(f"Ruritania PEEL 2016\n\nLast updated 02/02/2017\n\n{body}")
    assert doc.pillar == "integrated"
    assert "metadata.pillar.sections_of_several_pillars" in rules(doc)


@pytest.mark.parametrize(
    "body,pillar",
    [
        # one pillar's questions, the others only named in a list of related reports
        ("PEEL: Police efficiency 2016 – Ruritania Police\n\n"
         "How efficient is the force at keeping people safe and reducing crime?\nGood\n\nRelated reports\n"
         "•  Ruritania Police - PEEL: Police effectiveness 2016\n•  Ruritania Police - PEEL: Police legitimacy 2016\n",
         "efficiency"),
        # a pillar's word inside a heading line of another subject
        ("How legitimate is the force at keeping people safe and reducing crime?\nGood\n\nEfficiency savings\n"
         "The force saved £2m.\n", "legitimacy"),
        # the effectiveness questions alone
        ("How effective is the force at preventing crime?\nGood\nHow effective is the force at investigating "
         "crime?\nGood\n", "effectiveness"),
    ],
)
def test_one_pillars_sections_with_others_named_in_passing_keep_that_pillar(body, pillar):
    assert meta(f"Ruritania PEEL 2016\n\n{body}").pillar == pillar


@pytest.mark.parametrize(
    "sentence,pillar",
    [
        ("Ruritania Constabulary has again been graded good for efficiency by HMIC.", "efficiency"),
        ("Ruritania Police was rated 'outstanding' for legitimacy, HMICFRS said.", "legitimacy"),
        ("Ruritania Police was judged to be inadequate in effectiveness, HMIC said.", "effectiveness"),
    ],
)
def test_a_grade_given_for_a_pillar_names_the_texts_pillar(sentence, pillar):
    doc = meta(f"Ruritania Gazette\n\nFriday 10 November 2017\n\n{sentence} The chief constable welcomed it.\n")
    assert doc.pillar == pillar
    assert "metadata.pillar.graded_for_pillar" in rules(doc)


def test_good_for_a_pillar_without_a_grading_verb_names_no_pillar():
    doc = meta("Ruritania Gazette\n\nFriday 10 November 2017\n\nHMIC's PEEL report said the police force's new IT system is good for "
                "efficiency.\n")
    assert doc.pillar is None


@pytest.mark.parametrize(
    "pattern,lowered",
    [
        (r"\bPEEL\s+[A-Z]\S+\b", r"\bpeel\s+[a-z]\S+\b"),  # escapes keep their case
        (r"^[ \t]*Get\s+the\b", r"^[ \t]*get\s+the\b"),
        (r"(?P<Year>\d\d)(?P=Year)X", r"(?P<Year>\d\d)(?P=Year)x"),  # group names kept
        (r"[^\n]{0,60}\bNews\b", r"[^\n]{0,60}\bnews\b"),  # a class excluding no letter
        (r"[]A]B", r"[]a]b"),
    ],
)
def test_lowered_cue_patterns(pattern, lowered):
    from extraction.metadata import _lowered_pattern

    assert _lowered_pattern(pattern) == lowered


@pytest.mark.parametrize("pattern", [r"\b[^A-Z]\w+", r"x[^]a]", r"[^\d\sQ]"])
def test_a_class_excluding_letters_cannot_be_scanned_in_lower_case(pattern):
    from extraction.metadata import _lowered_pattern

    with pytest.raises(ValueError, match="excluding letters"):
        _lowered_pattern(pattern)


def test_lower_casing_keeps_offsets_where_a_letter_would_grow():
    from extraction.metadata import _lower_keeping_offsets

    assert _lower_keeping_offsets("PEEL 2016") == "peel 2016"
    text = "İstanbul PEEL"  # "İ".lower() is two characters
    assert _lower_keeping_offsets(text) == "İstanbul peel"
    assert len(_lower_keeping_offsets(text)) == len(text)


def test_the_cue_scan_after_a_letter_that_lower_casing_lengthens():
    text = "Ruritania İlçe PEEL 2016\n\nHow efficient is the force at keeping people safe?\n\nWe found it good.\n"
    doc = meta(text)
    assert (doc.year, doc.pillar) == (2016, "efficiency")
    assert any(ev.rule == "metadata.pillar.pillar_question" and ev.text == "How efficient is the force"
               for ev in doc.evidence)
