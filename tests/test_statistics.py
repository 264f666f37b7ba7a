"""Statistics extraction: general rules on made-up sentences, then the corpus graph's query."""

from __future__ import annotations

import pytest

from extraction.records import DocumentRecord, Evidence, Mention
from extraction.statistics import extract_statistics, parse_number

DOC = DocumentRecord("d0", "x.txt", "t", "force report", 2016, "Some Police", 0, 0)


def stats(text: str, mentions=()):
    return extract_statistics(text, list(mentions), DOC)


def mention(text: str, surface: str, key: str) -> Mention:
    start = text.index(surface)
    ev = Evidence("d0", start, start + len(surface), surface, "test")
    return Mention(key, key.split(":")[0], surface, key.split(":")[1], (), ev)


def test_percent_with_measure_and_exact_evidence():
    text = "The results show a 26.2 percent reduction in burglaries in the pilot areas."
    [s] = stats(text)
    assert (s.value, s.unit) == (26.2, "percent")
    assert s.measure.startswith("reduction in burglaries")
    assert text[s.evidence.start:s.evidence.end] == s.evidence.text == "26.2 percent"
    assert s.evidence.sentence == text


def test_money_scales():
    text = "The force seized £73m of cash and assets. A further £1.2 million was allocated to boroughs."
    got = {(s.value, s.unit) for s in stats(text)}
    assert got == {(73_000_000, "GBP"), (1_200_000, "GBP")}


def test_count_with_subject_from_mention_and_as_at_date():
    text = "As at 1 July 2016, the unit was managing 94 individuals on a SCPO. It is busy."
    m = mention(text, "SCPO", "Power:serious crime prevention order")
    [s] = stats(text, [m])
    assert (s.value, s.unit) == (94, "count")
    assert s.measure == "individuals on a SCPO"
    assert s.subject == "Power:serious crime prevention order"
    assert s.date == "1 July 2016"


def test_period_and_rate_and_same_period():
    text = ("In the 12 months to 30 June 2016, the force applied for 126 DVPOs, which is a rate of "
            "0.2 applications\nper 100 offences. In the same period 120 DVPOs were granted.")
    got = [(s.value, s.unit, s.date) for s in stats(text)]
    assert got == [
        (126, "count", "12 months to 30 June 2016"),
        (0.2, "per 100", "12 months to 30 June 2016"),
        (120, "count", "12 months to 30 June 2016"),
    ]


def test_line_wrap_between_number_and_unit():
    [s] = stats("This is an increase from 30 \npercent three years ago.")
    assert (s.value, s.unit, s.evidence.text) == (30, "percent", "30 \npercent")


@pytest.mark.parametrize("text", [
    "In May 2015 the force introduced its scheme.",                 # a year
    "The force reviewed this on 30 June 2016 and again later.",      # a date
    "The force uses its initiative,8 which is good.",                # footnote marker
    "Its use of Clare's Law41 is also very low.",                    # footnote marker
    "The officers used section 136 powers in these cases.",          # an identifier
    "An officer had moved to a team 18 months previously.",          # a duration
    "It supports 16-24 year-olds who want to leave gangs.",          # ages
    "Of these, 40 to 50 are in the community.",                      # a range
    "It has a 60-point action plan for this.",                       # a compound modifier
    "Summary for question 1\n2\n\nHow effective is the force?",      # page/question numbers
    "\n39 National Child Protection Inspections, HMIC, 2016.\n",     # footnote text line
    "Figures may not sum to 100 percent due to rounding.",           # boilerplate
    "It is struggling to fill twenty vacancies.",                    # spelled-out count
    "Children under the age of 18 are referred.",                    # an age
])
def test_junk_numbers_are_not_statistics(text):
    assert stats(text) == []


def test_numbers_parse():
    assert parse_number("205,136") == 205136
    assert parse_number("Eleven") == 11
    assert parse_number("2015-16") is None


def test_accepts_a_parsed_doc_and_none():
    from extraction.nlp import blank_pipeline

    text = "The force currently has 134 people with active SCPOs."
    [s] = extract_statistics(blank_pipeline()(text), [], DOC)
    assert (s.value, s.measure) == (134, "people with active SCPOs")
    assert extract_statistics(None, [], DOC) == []


def test_statistics_query_on_corpus_graph(peel_graph):
    rows = peel_graph.rows("statistics")
    assert rows, "the corpus graph has statistics"
    first = rows[0]
    assert set(first) >= {"subject", "measure", "value", "unit", "date", "document", "sentence"}
    assert all(isinstance(r["value"], (int, float)) for r in rows)
    money = [r for r in rows if r["unit"] == "GBP"]
    assert any(r["value"] == 73_000_000 and "£73m" in r["sentence"] for r in money)
    scpo = [r for r in rows if r["value"] == 134 and r["unit"] == "count"]
    assert scpo and "SCPO" in scpo[0]["measure"]


def test_quantity_candidates_equal_the_matcher_over_the_whole_doc():
    """``_candidates`` (bare numbers read off the tokens, other patterns run in Python around
    cue words) finds exactly the Matcher's matches of ``PATTERNS`` over the whole doc."""
    from extraction import statistics
    from extraction.nlp import blank_pipeline

    text = (
        "Some 26.2 percent of 1,204 calls, 12 per \ncent of them, cost £73m (£ 4.5 \nmillion) or $3 "
        "bn; 0.2 applications per 100, 3 stop and searches per\n1,000 people, 45 % and eleven per cent. "
        "Between 16 and 24 officers, 5 6 7 in a table, per 2 per cent, £ £5 percent 4 per year per 9."
    )
    doc = blank_pipeline()(text)
    quantities, _ = statistics._matchers(doc.vocab)
    expected = {(doc.vocab.strings[m], s, e) for m, s, e in quantities(doc)}
    assert statistics._candidates(doc, quantities) == expected
    assert {kind for kind, _, _ in expected} == {"percent", "money", "rate", "count"}
