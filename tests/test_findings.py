"""Findings extraction: every item, exact spans, causes of concern with their recommendations,
earlier findings quoted as such, entity mentions linked."""

from __future__ import annotations

from collections import Counter

import pytest

from extraction.findings import area_of_text, extract_findings, link_mentions
from extraction.records import FORCE_REPORT, NATIONAL_REPORT, PRESS_RELEASE, DocumentRecord, Evidence, Mention

MET = "Metropolitan Police Service"
# file -> (force, year) of the corpus reports, as the metadata extractor reads them
DOCS = {
    "000_b655f950f9e4daba.txt": (MET, 2016),
    "001_174d17988d4d6e4f.txt": (MET, 2018),
    "002_f15031c82e741ba6.txt": (None, 2017),
    "003_457220dca10d38e6.txt": (MET, 2014),
    "004_d9a8730beb81e948.txt": (MET, 2017),
}


def _doc(name: str, text: str, force: str | None, year: int) -> DocumentRecord:
    kind = NATIONAL_REPORT if force is None else FORCE_REPORT
    return DocumentRecord(f"doc-{name[:3]}", name, "t", kind, year, force, len(text), 0)


@pytest.fixture(scope="module")
def corpus_findings(corpus_texts):
    out = {}
    for name, (force, year) in DOCS.items():
        text = corpus_texts[name]
        out[name] = (text, extract_findings(text, _doc(name, text, force, year), []))
    return out


def _by_id(findings, fid):
    return next(f for f in findings if f.finding_id == fid)


def _current(findings):
    return [f for f in findings if not f.previous]


EXPECTED_COUNTS = {
    "000_b655f950f9e4daba.txt": {"area for improvement": 11, "cause of concern": 1, "recommendation": 8},
    "001_174d17988d4d6e4f.txt": {"area for improvement": 7, "cause of concern": 1, "recommendation": 2},
    "002_f15031c82e741ba6.txt": {"recommendation": 4},
    "003_457220dca10d38e6.txt": {"recommendation": 2},
    "004_d9a8730beb81e948.txt": {"area for improvement": 12},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_COUNTS))
def test_counts_per_type_per_document(corpus_findings, name):
    _, findings = corpus_findings[name]
    assert dict(Counter(f.kind for f in _current(findings))) == EXPECTED_COUNTS[name]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_evidence_offsets_are_exact_and_ids_unique(corpus_findings, name):
    text, findings = corpus_findings[name]
    for f in findings:
        assert text[f.evidence.start : f.evidence.end] == f.evidence.text
        assert f.evidence.document == f"doc-{name[:3]}"
        assert "\n" not in f.text and "  " not in f.text
    assert len({f.finding_id for f in findings}) == len(findings)


# (file, start of text, end of text): truncation and run-on into the next heading, page
# furniture or footnotes would change one end or the other.
SAMPLES = [
    ("000_b655f950f9e4daba.txt", "The force should ensure that local policing teams engage routinely, and work closely,",
     "in order to prevent crime and anti-social behaviour."),
    ("000_b655f950f9e4daba.txt", "The force should assign capable lead responsible officers to all active organised crime groups",
     "adopt a '4 Ps' structure for OCG management plans."),
    ("000_b655f950f9e4daba.txt", "The force should ensure that its integrated offender management programme",
     "is implemented consistently across all areas."),
    ("000_b655f950f9e4daba.txt", "The Metropolitan Police Service’s approach to protecting vulnerable people from harm",
     "providing a poor service to vulnerable people and putting victims at risk."),
    ("001_174d17988d4d6e4f.txt", "The force should continue to seek to increase the capacity and capability of qualified detectives",
     "to improve the quality of its investigations."),
    ("002_f15031c82e741ba6.txt", "By October 2018, all forces should review their own approach to neighbourhood policing",
     "they should make any changes they need to implement the guidelines."),
    ("002_f15031c82e741ba6.txt", "The College of Policing, working with the NPCC leads, should develop an approach to peer review.",
     "with the first reviews taking place by January 2019."),
    ("003_457220dca10d38e6.txt", "Within three months, the Metropolitan Police Service should develop and commence",
     "(c) there is appropriate monitoring and oversight of investigative quality."),
    ("004_d9a8730beb81e948.txt", "The force should improve its understanding of the impact of its activity on serious and organised crime",
     "ensure that it learns from experience to maximise the force’s disruptive effect on this activity."),
]


@pytest.mark.parametrize("name,start,end", SAMPLES)
def test_exact_text_of_sample_findings(corpus_findings, name, start, end):
    text, findings = corpus_findings[name]
    matches = [f for f in _current(findings) if f.text.startswith(start)]
    assert len(matches) == 1, [f.text[:80] for f in findings]
    f = matches[0]
    assert f.text.endswith(end), f.text[-120:]
    # the span ends where the finding ends: the next thing is a blank line, heading or bullet
    assert f.evidence.text.endswith(end.split()[-1])


def test_finding_with_footnote_and_page_break_is_not_run_on(corpus_findings):
    _, findings = corpus_findings["000_b655f950f9e4daba.txt"]
    for f in findings:
        assert "Multi-agency public protection arrangements" not in f.text  # a footnote
        assert "How effective" not in f.text  # the next question heading


def test_cause_of_concern_with_its_recommendations(corpus_findings):
    _, findings = corpus_findings["000_b655f950f9e4daba.txt"]
    (coc,) = [f for f in findings if f.kind == "cause of concern"]
    recs = [f for f in findings if f.parent == coc.finding_id]
    assert [f.kind for f in recs] == ["recommendation"] * 8
    assert recs[0].text.startswith("developing its understanding of the nature and scale")
    assert recs[-1].text == (
        "improving the consistency of the structure, responsibilities and processes in the "
        "multi-agency safeguarding hubs."
    )
    assert coc.area == "vulnerability" and all(r.area == "vulnerability" for r in recs)
    # the lead-in ("The force should immediately take steps ... by:") is not a finding
    assert not any(f.text.startswith("The force should immediately") for f in findings)

    _, web = corpus_findings["001_174d17988d4d6e4f.txt"]
    (coc,) = [f for f in web if f.kind == "cause of concern"]
    recs = [f for f in web if f.parent == coc.finding_id]
    assert len(recs) == 2 and recs[0].text.startswith("The force takes immediate steps")
    # the areas for improvement after the recommendations do not belong to the concern
    assert all(f.parent is None for f in web if f.kind == "area for improvement")


def test_areas_come_from_the_question_each_finding_sits_under(corpus_findings):
    _, findings = corpus_findings["004_d9a8730beb81e948.txt"]
    areas = [f.area for f in _current(findings)]
    assert areas == ["prevention"] * 2 + ["investigation"] * 3 + ["vulnerability"] * 5 + [
        "serious-organised-crime"
    ] * 2


def test_national_report_findings_have_no_force(corpus_findings):
    _, findings = corpus_findings["002_f15031c82e741ba6.txt"]
    assert findings and all(f.force is None and f.year == 2017 for f in findings)
    areas = [f.area for f in _current(findings)]
    assert areas == ["prevention", "investigation", "vulnerability", "vulnerability"]


def test_quoted_previous_findings_are_not_new(corpus_findings):
    _, findings = corpus_findings["000_b655f950f9e4daba.txt"]
    listed = [f for f in findings if f.evidence.rule == "findings.previous_list"]
    assert [f.previous for f in listed] == [True, True]
    assert listed[0].text.startswith("improve its response to missing and absent children")
    assert listed[1].text.startswith("improve its compliance with the Code of Practice for Victims")

    _, web = corpus_findings["001_174d17988d4d6e4f.txt"]
    said = _one(web, "Last year we said the force needed to routinely evaluate")
    assert said.previous and said.addressed is True
    still = _one(web, "The force should make better use of legal powers")
    assert still.previous and still.addressed is False
    assert still.text.endswith("This is still an area for improvement.")


def _one(findings, prefix):
    (f,) = [f for f in findings if f.text.startswith(prefix)]
    return f


def test_mentions_inside_a_finding_are_linked():
    text = (
        "Areas for improvement\n\n"
        "  • The force should review its use of DVPOs and Clare’s Law.\n"
        "  • The force should work with MOPAC.\n\n"
        "We set out our detailed findings below. DVPOs again.\n"
    )
    doc = DocumentRecord("d1", "x.txt", "t", FORCE_REPORT, 2018, "Example Police", len(text), 0)

    def mention(label, key, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(label, start + 1)
        ev = Evidence("d1", start, start + len(label), label, "mentions.test")
        return Mention(key, "Power", label, label, (), ev)

    mentions = [
        mention("Clare’s Law", "Power:clare's law"),
        mention("DVPOs", "Power:dvpo"),
        mention("DVPOs", "Power:dvpo", nth=1),  # outside every finding
        mention("MOPAC", "PartnerOrganisation:mopac"),
    ]
    findings = extract_findings(text, doc, mentions)
    assert [f.mentions for f in findings] == [
        ("Power:dvpo", "Power:clare's law"),
        ("PartnerOrganisation:mopac",),
    ]
    assert link_mentions(0, 5, mentions) == ()


def test_pdf_layout_bullet_across_a_page_break_with_footnote():
    text = (
        "How effective is the force at tackling serious and organised crime? \n\n"
        "Areas for improvement \n\n"
        "• The force should map all organised crime groups and \n"
        "re-assess them regularly. \n\n"
        "• The force should improve the awareness of organised crime groups among \n"
        "neighbourhood teams so that they can identify these groups and \n\n"
        "                                            \n"
        "12 A footnote that must not be read as part of the finding. \n"
        " disrupt their activity. \n"
        " How effective are the force’s specialist capabilities? \n\n"
        "Some text.\n"
    )
    doc = DocumentRecord("d2", "x.txt", "t", FORCE_REPORT, 2016, "Example Police", len(text), 0)
    findings = extract_findings(text, doc, [])
    assert [f.text for f in findings] == [
        "The force should map all organised crime groups and re-assess them regularly.",
        "The force should improve the awareness of organised crime groups among neighbourhood "
        "teams so that they can identify these groups and disrupt their activity.",
    ]
    assert all(f.area == "serious-organised-crime" for f in findings)
    assert findings[1].evidence.text.endswith("disrupt their activity.")
    assert "footnote" in findings[1].evidence.text  # the span is exact, the text is clean


def test_area_of_text_keyword_rules():
    assert area_of_text("forces with a shortage in qualified detectives") == "investigation"
    assert area_of_text("review how they protect vulnerable victims") == "vulnerability"
    assert area_of_text("approach to neighbourhood policing") == "prevention"
    assert area_of_text("prevent serious and organised crime") == "serious-organised-crime"
    assert area_of_text("publish the annual report") is None


# --- findings stated in prose: web pages, press releases, news, commissioners' pages -------------

NORTHSHIRE = "Northshire Police"


def _read(text: str, force: str | None = NORTHSHIRE):
    """Findings of a press release about ``force``, with every evidence span checked exact."""
    doc = DocumentRecord("d9", "x.txt", "t", PRESS_RELEASE, 2019, force, len(text), 0)
    findings = extract_findings(text, doc, [])
    for f in findings:
        assert text[f.evidence.start : f.evidence.end] == f.evidence.text
        assert "\n" not in f.text and "  " not in f.text
        assert f.force == force and f.year == 2019
    return findings


def test_obligations_in_prose_are_areas_for_improvement():
    text = (
        "Inspectors publish their report on Northshire Police\n\n"
        "Overall, Northshire Police needs to improve the way it supervises "
        "investigations into burglary.\n\n"
        "The force answers emergency calls quickly. However, the force should get better at "
        "answering non-emergency calls promptly.\n\n"
        "It must improve how it safeguards vulnerable adults who go missing.\n\n"
        "It also needs to review how it plans its workforce.\n"
    )
    findings = _read(text)
    assert [f.text for f in findings] == [
        "Northshire Police needs to improve the way it supervises investigations into burglary.",
        "the force should get better at answering non-emergency calls promptly.",
        "It must improve how it safeguards vulnerable adults who go missing.",
        "It also needs to review how it plans its workforce.",
    ]
    assert all(f.kind == "area for improvement" and f.evidence.rule == "findings.prose" for f in findings)
    assert [f.area for f in findings[:3]] == ["investigation", None, "vulnerability"]
    assert findings[0].evidence.sentence.startswith("Overall, Northshire")


@pytest.mark.parametrize(
    "sentence",
    [
        "The force should be proud of the way it supports victims of fraud.",
        "The challenges facing the force should not be underestimated by anyone.",
        '"The force should also review its use of stop and search," the chief inspector said.',
        "“It must improve how it answers 101 calls,” the commissioner told the panel.",
        "If the force should need more officers, it must ask the commissioner for funding.",
        "The council should fund more youth workers in the town centre.",
        "Eastshire Police must improve how it handles calls from the public.",  # another force
        "The force understands the needs of victims well and meets them.",
        "It recruits as many officers as it needs to meet its demand.",
        "There are areas that the force must address before the next inspection.",
        "The force needs to do much more.",
        "Should the force improve the way it handles calls from the public?",
        "The commissioner thinks the force should hire more call handlers.",
        "The force must make some improvements if it is to give a good service.",
        "The report praises our approach to:\n\n  • neighbourhood policing;\n  • supporting victims.",
        "We identified the areas the force needs to work on.",
        "It should be noted that the force was inspected during the pandemic.",
        "The new system is due next year and it should help officers find records faster.",
        "The control room it uses should be in place by April next year.",
        "However busy the force is, if a victim needs urgent help, it should send an officer.",
        "Once its new model is fully staffed, it should provide a better service to the public.",
        "This is positive because it should speed up the way cases reach court.",
        "The force recognised the work it needs to do to address our concerns.",
        "Any change to the plan the force must be advised of by the team in writing.",
        # reported speech: a journalist's paraphrase of the findings, not a finding stated
        "Northshire Police must do more to stop burglaries, says watchdog",
        "Northshire Police needs to improve how it supervises investigations, the watchdog has said.",
        "Northshire Police should review its custody suites, Her Majesty's Inspectorate (HMICFRS) has found.",
        "The force must answer 999 calls faster, inspectors said.",
        "The force must answer 999 calls faster, according to a report published today.",
        "Northshire Police has been told it must improve the way it records crime.",
        "The chief constable was warned the force must speed up its checks on new recruits.",
        "The inspectorate said the force needs to improve how it supervises investigations.",
        # an expected standard, not a change asked for
        "Given what it has spent, the force should be good at answering calls by now.",
    ],
)
def test_what_is_not_an_obligation_finding(sentence):
    assert _read(f"Northshire Police inspection\n\n{sentence}\n") == []


def test_a_quotation_wrapped_over_lines_is_someone_elses_words():
    quoted = (
        "Northshire Police inspection\n\n"
        '"The force has improved. It is now good at investigating crime and\n'
        'it must make sure that its new officers are sent where demand is highest."\n'
    )
    assert _read(quoted) == []
    after_quote = (
        "Northshire Police inspection\n\n"
        '"The force has improved," the inspector said.\n'
        "It must make sure that its new officers are sent where demand is highest.\n"
    )
    assert [f.text for f in _read(after_quote)] == [
        "It must make sure that its new officers are sent where demand is highest."
    ]


def test_an_obligation_with_a_comma_is_not_taken_for_reported_speech():
    text = (
        "Northshire Police inspection\n\n"
        "The force should review its use of force, which has risen since 2019, and publish the results.\n"
    )
    assert [f.text for f in _read(text)] == [
        "The force should review its use of force, which has risen since 2019, and publish the results."
    ]


def test_a_text_about_all_forces_is_not_read_for_prose_obligations():
    text = "The plan is due in June. It should set out how forces recruit more detectives.\n"
    assert _read(text, force=None) == []
    assert len(_read(text)) == 1  # the same sentence in a text about one force


def test_a_report_with_findings_sections_is_not_read_for_prose_obligations():
    text = (
        "How effectively does the force protect vulnerable people?\n\n"
        "Areas for improvement\n\n"
        "  • The force should improve how it records referrals from schools.\n\n"
        "We found that officers understand risk. The force should get better at sharing "
        "information with schools.\n\n"
        "The force needs to:\n\n  • train its call handlers.\n"
    )
    findings = _read(text)
    assert [(f.text, f.evidence.rule) for f in findings] == [
        ("The force should improve how it records referrals from schools.", "findings.bullet_list")
    ]


def test_bullets_after_an_obligation_lead_in_are_one_finding_each():
    text = (
        "Northshire Police must improve:\n\n"
        "  • how it manages registered sex offenders;\n"
        "  • the timeliness of its investigations; and\n"
        "  • its use of bail.\n\n"
        "Something else.\n\n"
        "The force should:\n\n"
        "  • review its custody procedures.\n"
    )
    findings = _read(text)
    assert [f.text for f in findings] == [
        "how it manages registered sex offenders",
        "the timeliness of its investigations",
        "its use of bail.",
        "review its custody procedures.",
    ]
    assert findings[1].evidence.text == "the timeliness of its investigations"  # no "; and"
    assert [f.area for f in findings[:2]] == [None, "investigation"]
    assert {f.evidence.rule for f in findings} == {"findings.obligation_list"}
    # the same lead-in about another force reads nothing
    assert _read(text.replace("Northshire", "Eastshire")) != findings
    assert [f.text for f in _read(text.replace("Northshire", "Eastshire"))] == ["review its custody procedures."]


def test_bullets_after_a_lead_in_naming_their_kind():
    text = (
        "We made the following recommendations:\n\n"
        "  • The force should review its use of force data.\n"
        "  • Within three months, the force should publish a plan.\n\n"
        "The force has responded to our recommendations:\n\n"
        "  • it has recruited more detectives.\n\n"
        "Progress against the areas for improvement:\n\n"
        "  • the force has trained its staff.\n"
    )
    findings = _read(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("recommendation", "The force should review its use of force data."),
        ("recommendation", "Within three months, the force should publish a plan."),
    ]
    assert {f.evidence.rule for f in findings} == {"findings.stated_list"}


def test_findings_listed_inline_after_their_kind():
    text = (
        "In our report we identified three areas for improvement: how the force supervises "
        "investigations, how it manages offenders, and its use of stop and search.\n\n"
        "Last year we made two recommendations: that the force should review its call handling; "
        "and that it should publish a plan.\n"
    )
    findings = _read(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("area for improvement", "how the force supervises investigations"),
        ("area for improvement", "how it manages offenders"),
        ("area for improvement", "its use of stop and search"),
    ]  # last year's recommendations are not this report's
    assert findings[0].area == "investigation"


def test_causes_of_concern_named_by_their_area():
    text = (
        "We identified a cause of concern about how the force responds to the public.\n\n"
        "In May we reported one of these, protecting vulnerable people, as an accelerated "
        "cause of concern.\n\n"
        "We identified two causes of concern. We published them (investigating crime, and "
        "managing offenders and suspects) in our report.\n"
    )
    findings = _read(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("cause of concern", "how the force responds to the public"),
        ("cause of concern", "protecting vulnerable people"),
        ("cause of concern", "investigating crime"),
        ("cause of concern", "managing offenders and suspects"),
    ]
    assert [f.area for f in findings[1:3]] == ["vulnerability", "investigation"]
    assert {f.evidence.rule for f in findings} == {"findings.named_area"}


@pytest.mark.parametrize(
    "text",
    [
        "We found no cause of concern about how the force responds to the public.",
        "We did not identify any causes of concern about investigating crime.",
        "The delay in answering calls is a cause for concern about public safety.",
        "The force was graded in nine areas (investigating crime among them).",
        "We graded nine areas. The force was good in three (preventing crime, and investigating crime).",
    ],
)
def test_what_is_not_a_named_cause_of_concern(text):
    assert _read(text + "\n") == []


def test_tracker_items_under_an_areas_for_improvement_heading():
    text = (
        "Areas for improvement (2)\n\n"
        "Northshire Police should improve how it records hate crime\n\n"
        "The force records most hate crimes correctly, but in some cases we reviewed the crime "
        "was not recorded.\n\n"
        "Northshire Police\n\n"
        "Northshire Police needs to reduce the backlog of digital devices awaiting examination\n\n"
        "The force had 900 devices waiting. It should be able to clear them by spring.\n\n"
        "Related reports\n\n"
        "Northshire Police should read this report.\n"
    )
    findings = _read(text)
    assert [f.text for f in findings] == [
        "Northshire Police should improve how it records hate crime",
        "Northshire Police needs to reduce the backlog of digital devices awaiting examination",
    ]
    assert {f.evidence.rule for f in findings} == {"findings.stated_items"}
    # explanation paragraphs alone under the heading are no finding
    assert _read("Areas for improvement\n\nThe force records most crimes well.\n\nIt has a plan.\n") == []


def test_quoted_cause_of_concern_with_its_recommendations():
    text = (
        "Westshire Police: cause of concern revisit letter\n\n"
        "Protecting vulnerable people\n\n"
        "Our inspection found:\n\n"
        '"Westshire Police does not always assess risk properly when vulnerable people report '
        'crimes, so some victims are left unprotected."\n\n'
        "We made the following recommendations:\n\n"
        "  • Within six months, the force should train all call handlers in risk assessment.\n"
        "  • The force should review how it shares information with partner agencies.\n"
    )
    coc, *recs = _read(text, "Westshire Police")
    assert coc.kind == "cause of concern" and coc.evidence.rule == "findings.quoted_concern"
    assert coc.text.startswith("Westshire Police does not always assess risk") and coc.text.endswith("unprotected.")
    assert coc.area == "vulnerability"  # the heading above
    assert [r.kind for r in recs] == ["recommendation"] * 2
    assert all(r.parent == coc.finding_id and r.area == "vulnerability" for r in recs)
    # a quotation after "found:" in a text that never speaks of causes of concern is none
    praise = 'Westshire Police annual review\n\nOur inspection found:\n\n"Officers are proud of their work."\n'
    assert _read(praise, "Westshire Police") == []


def test_numbered_area_for_improvement_headings_of_later_reports():
    text = (
        "How good is the force at investigating crime?\n\n"
        "Area for improvement 1\n\n"
        "The force should make sure that investigations go to officers with the right skills.\n\n"
        "We found that some investigations were given to untrained staff.\n\n"
        "Area for improvement 2\n\n"
        "The force needs to improve how it supervises investigations.\n\n"
        "Supervisors were too busy to review them.\n"
    )
    findings = _read(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("area for improvement", "The force should make sure that investigations go to officers with the right skills."),
        ("area for improvement", "The force needs to improve how it supervises investigations."),
    ]
    assert {f.area for f in findings} == {"investigation"}


def test_stated_item_wrapped_in_double_spaced_pdf_text():
    filler = "\n\n".join(f"Line {k} of a double-spaced page, long enough to be body text." for k in range(30))
    text = (
        "Areas for improvement\n\n"
        "The force should improve how it supervises \n\n"
        "investigations of domestic abuse. \n\n"
        "The force records crime well.\n\n" + filler + "\n"
    )
    (f,) = _read(text)
    assert f.text == "The force should improve how it supervises investigations of domestic abuse."
    assert f.evidence.text.endswith("domestic abuse.")


def test_commissioner_page_lists_under_a_title():
    text = (
        "Commissioner responds to the PEEL report on Northshire Police\n\n"
        "The report highlights areas for improvement including:\n\n"
        "  • how the force answers 101 calls;\n"
        "  • the supervision of investigations.\n\n"
        "The report makes two recommendations to help the force give a good service:\n\n"
        "  • The force should review its call handling.\n\n"
        "The report also praises areas of good practice including:\n\n"
        "  • its work with schools.\n"
    )
    findings = _read(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("area for improvement", "how the force answers 101 calls"),
        ("area for improvement", "the supervision of investigations."),
        ("recommendation", "The force should review its call handling."),
    ]


# --- the inspector's narrative summary ---------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "HMI's observations",
        "HM Inspector's observations",
        "HM Inspector of Constabulary's observations",
        "His Majesty's Inspector's observations",
        "Her Majesty's Inspector of Constabulary’s observations:",
        "Overall summary",
        "Summary of findings",
    ],
)
def test_no_prose_findings_in_the_inspectors_narrative_summary(heading):
    # the inspector restates in prose what the full report states formally: not findings
    text = (
        "Northshire PEEL 2019\n\n"
        f"{heading}\n\n"
        "I am pleased with much of what Northshire Police does, but the force must improve how it "
        "records crimes reported by telephone.\n\n"
        "To do better, the force needs to improve:\n\n"
        "  • how it answers calls from the public; and\n"
        "  • the training of its detectives.\n\n"
        "It also needs to review how it plans its workforce for the coming years.\n"
    )
    assert _read(text) == []


def test_prose_findings_after_the_narrative_summary_ends_are_read():
    text = (
        "Northshire PEEL 2019\n\n"
        "HMI's observations\n\n"
        "The force must improve how it records crimes reported by telephone.\n\n"
        "How effectively does the force protect vulnerable people?\n\n"
        "The force should improve how it shares information about children at risk.\n\n"
        "Neighbourhood policing\n\n"
        "The force needs to improve:\n\n"
        "  • how it solves local problems; and\n"
        "  • how it engages with young people.\n"
    )
    findings = _read(text)
    assert [(f.text, f.evidence.rule) for f in findings] == [
        ("The force should improve how it shares information about children at risk.", "findings.prose"),
        ("how it solves local problems", "findings.obligation_list"),
        ("how it engages with young people.", "findings.obligation_list"),
    ]


@pytest.mark.parametrize(
    "heading",
    ["Observations from the public", "Summary", "Summary for question 2", "What the force said"],
)
def test_other_summaries_and_observations_are_read_for_prose_findings(heading):
    text = f"Northshire news\n\n{heading}\n\nThe force must improve how it records crimes reported by telephone.\n"
    assert [f.evidence.rule for f in _read(text)] == ["findings.prose"]


def test_stated_items_on_consecutive_lines_are_one_finding_each():
    text = (
        "Areas for improvement\n\n"
        "Northshire Police should make sure every missing child gets a return interview.\n"
        "The force needs to improve how quickly it examines seized phones.\n"
        "It has, however, trained more investigators this year.\n\n"
        "Published 3 May 2024\n"
    )
    findings = _read(text)
    assert [f.text for f in findings] == [
        "Northshire Police should make sure every missing child gets a return interview.",
        "The force needs to improve how quickly it examines seized phones. It has, however, trained more "
        "investigators this year.",
    ]
    assert {f.evidence.rule for f in findings} == {"findings.stated_items"}


def test_an_earlier_inspections_recommendations_are_not_named_findings_across_a_pdf_wrap():
    """A PDF line wrap cuts "We" off the sentence that names last year's recommendations: the
    earlier-inspection cue in the sentence before it still applies."""
    text = (
        "Tackling the shortage\n\n"
        "Last year, we raised the shortage of analysts as a cause of concern. We \n\n"
        "made two recommendations: that the College of Policing should \n\n"
        "report by June on the steps needed.\n"
    )
    doc = DocumentRecord("d", "x.txt", "t", NATIONAL_REPORT, 2017, None, len(text), len(text.split()))
    pdf_sentences = [(0, 21), (23, 91), (92, 95), (97, 159), (161, len(text))]  # "We" on its own
    assert text[92:95] == "We "
    found = extract_findings(text, doc, [], pdf_sentences)
    assert found and not [f for f in found if f.evidence.rule == "findings.named_area"]
