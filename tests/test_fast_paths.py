"""The fast paths of the extractors give exactly what the plain spaCy / regex ways give."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from extraction import findings, mentions, metadata, statistics
from extraction.nlp import (
    get_nlp,
    positions_of,
    sentence_bounds,
    sentence_starts,
    token_lowers,
)
from extraction.reader import read_report
from kg.build import discover
from kg.paths import DEFAULT_CORPUS


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [read_report(p).text for p in discover(DEFAULT_CORPUS)][:4]


@pytest.fixture(scope="module")
def docs(texts):
    return [mentions.parse(t) for t in texts]


def test_year_rules_scan_as_finditer_does(texts):
    patterns = [p for _, p, _ in metadata._YEAR_RULES] + [metadata._FINDINGS_FOR]
    for text in texts + ["xPEEL effectiveness 2016, during 2017 in the year to June 2015"]:
        for p in patterns:
            fast = [(m.span(), m.groups()) for m in metadata._finditer_word_start(p, text)]
            assert fast == [(m.span(), m.groups()) for m in p.finditer(text)]


def test_rule_patterns_match_as_the_spacy_matcher_does(docs):
    rules = get_nlp().get_pipe("peel_entities").found
    assert rules.simple is not None  # the shipped patterns take the fast path
    for doc in docs:
        view = mentions.TextView(doc)
        fast = rules.match(view.view, view.lowers, view.words)
        simple, rules.simple = rules.simple, None
        try:
            slow = rules.match(view.view, view.lowers)
        finally:
            rules.simple = simple
        # the spaCy way: the Matcher over the whole view, its matches as sorted labelled Spans
        spans = sorted({Span(view.view, s, e, label=m) for m, s, e in rules.matcher(view.view) if s != e})
        assert fast == slow == [(s.start, s.end, s.label_) for s in spans]
        assert fast


def test_patterns_beyond_plain_token_tests_keep_the_matcher():
    assert mentions._simple_patterns([{"label": "X", "pattern": [{"LOWER": "unit", "OP": "?"}]}]) is None
    assert mentions._simple_patterns([{"label": "X", "pattern": [{"LOWER": {"IN": ["Unit"]}}]}]) is None
    assert mentions._simple_patterns([{"label": "X", "pattern": [{"POS": "NOUN"}, {"LOWER": "unit"}]}]) is None


def test_sentence_bounds_are_span_sent(docs):
    for doc in docs:
        starts = sentence_starts(doc)
        for span in list(doc.spans[mentions.SPANS_KEY])[:300]:
            sent = span.sent
            assert sentence_bounds(span, starts) == (sent.start, sent.end)
        wide = doc[10:400]  # across sentence boundaries
        assert sentence_bounds(wide, starts) == (wide.sent.start, wide.sent.end)


def test_positions_of_finds_every_token_with_the_word(docs):
    doc = docs[0]
    lows = token_lowers(doc)
    words = {"the", "force", "unit", "2016"}
    assert positions_of(doc, words) == [k for k, w in enumerate(lows) if w in words]
    assert positions_of(doc, set()) == []


def test_subject_finder_is_the_linear_search(docs, texts):
    from extraction.records import DocumentRecord

    doc = docs[0]
    record = DocumentRecord(doc_id="d", file_name="d.txt", title="t", kind="force", year=2016, force=None,
                            n_chars=0, n_words=0, evidence=())
    found = mentions.extract_mentions(doc, record)
    for ms in (found, list(reversed(found))):  # in text order (bisection) and not (one by one)
        subject = statistics._subject_finder(doc, ms)
        for a in range(0, min(len(doc), 3000), 7):
            assert subject(a, a + 5) == statistics._subject(doc, a, a + 5, ms)


def test_mention_linker_is_link_mentions(docs):
    from extraction.records import DocumentRecord

    record = DocumentRecord(doc_id="d", file_name="d.txt", title="t", kind="force", year=2016, force=None,
                            n_chars=0, n_words=0, evidence=())
    found = mentions.extract_mentions(docs[0], record)
    link = findings._mention_linker(found)
    for start in range(0, 20000, 997):
        end = start + 1500
        naive = []
        for m in sorted(found, key=lambda m: (m.evidence.start, m.evidence.end)):
            if start <= m.evidence.start and m.evidence.end <= end and m.entity_key not in naive:
                naive.append(m.entity_key)
        assert link(start, end) == tuple(naive)


def test_inspection_in_rule_is_the_optional_prefix_form(texts):
    import re

    plain = re.compile(r"\b(?:effectiveness\s+)?inspection\s+(?:in|during)\s+((?:19|20)\d\d)\b")
    rule = {name: p for name, p, _ in metadata._YEAR_RULES}["inspection_in"]
    extra = "effectiveness inspection in 2016; the inspection during 2017, effectiveness\n inspection  in 2015"
    for text in texts + [extra]:
        assert [(m.span(), m.groups()) for m in rule.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)
        ]


def test_cue_words_never_skip_a_sentence_the_pattern_matches(docs, texts):
    for doc, text in zip(docs, texts):
        may_match = findings._cue_test(text)
        for sent in doc.sents:
            s, e = sent.start_char, sent.end_char
            for pattern in findings._CUES:
                if not may_match(pattern, s, e):
                    assert pattern.search(" ".join(text[s:e].split())) is None
    odd = "Last year we \u017faid the force remains \u017ftill an area for improvement."
    may_match = findings._cue_test(odd)  # "ſ" matches "s" under re.I: nothing is skipped
    assert findings._STILL.search(odd) and may_match(findings._STILL, 0, len(odd))
    plain = "Nothing to see here."
    assert not findings._cue_test(plain)(findings._SAID, 0, len(plain))


def test_ascii_case_twins_are_all_that_re_ignorecase_folds_to_ascii():
    import re

    bmp = "".join(map(chr, range(128, 0x10000)))
    assert frozenset(re.findall("[a-z]", bmp, re.IGNORECASE)) == findings._ASCII_CASE_TWINS


def test_sentence_ranges_are_doc_sents(docs):
    from extraction import relations

    for doc in docs:
        assert relations._sentence_ranges(doc, sentence_starts(doc)) == [(s.start, s.end) for s in doc.sents]


def test_candidates_filter_as_spans_do(docs):
    from spacy.tokens import Span
    from spacy.util import filter_spans

    doc = docs[0]
    cands = [
        mentions._set(s, s + n, "Unit:x", "x", ("y",), "r")
        for s in range(0, min(len(doc) - 5, 2000), 3) for n in (1, 2, 4)
    ]
    spans = [Span(doc, c.start, c.end) for c in cands]
    assert [(c.start, c.end) for c in filter_spans(cands)] == [(s.start, s.end) for s in filter_spans(spans)]
    span = mentions._to_span(doc, cands[0])
    assert (span.label_, span.id_, span._.pref_label, span._.alt_labels, span._.rule) == ("Unit", "Unit:x", "x", ("y",), "r")



def test_entity_values_are_the_span_extensions(texts):
    doc = mentions.parse(texts[0])  # its own doc: the spans are replaced below
    kept = mentions.entity_values(doc)
    read = [
        (s.start, s.end, s.label_, s.id_, s._.pref_label, s._.alt_labels, s._.rule)
        for s in doc.spans[mentions.SPANS_KEY]
    ]
    assert [tuple(c) for c in kept] == read
    doc.spans[mentions.SPANS_KEY] = list(doc.spans[mentions.SPANS_KEY])[:5]  # set some other way
    assert [tuple(c) for c in mentions.entity_values(doc)] == read[:5]


def test_phrase_ruler_matches_as_the_span_ruler_does(docs):
    from spacy.pipeline import SpanRuler

    component = get_nlp().get_pipe("peel_entities")
    lower, _ = mentions.gazetteer_patterns()
    ruler = SpanRuler(component.view_nlp, "test_gazetteer", phrase_matcher_attr="LOWER")
    ruler.add_patterns(lower)
    for doc in docs:
        view = mentions.TextView(doc).view
        expected = [(s.start, s.end, s.label_, s.id_) for s in ruler.match(view)]
        assert component.gaz_lower.match(view) == expected
        assert expected


def test_token_offsets_and_sentence_chars_are_the_spans(docs):
    from extraction.nlp import sentence_chars, span_chars, token_sentence

    for doc in docs:
        assert sentence_chars(doc) == [(s.start_char, s.end_char) for s in doc.sents]
        starts = sentence_starts(doc)
        for a, b in [(0, 1), (3, 9), (len(doc) - 4, len(doc)), (100, 101)]:
            assert span_chars(doc, a, b) == (doc[a:b].start_char, doc[a:b].end_char)
            assert token_sentence(starts, a, len(doc)) == (doc[a].sent.start, doc[a].sent.end)


def test_tokens_text_is_span_text(docs):
    from extraction.nlp import tokens_text

    doc = docs[0]
    view = mentions.TextView(doc).view
    for d in (doc, view):
        for a, b in [(0, 0), (0, 1), (5, 30), (len(d) - 7, len(d))]:
            assert tokens_text(d, a, b) == d[a:b].text


def test_view_token_tables_are_computed_ones(docs):
    from spacy.tokens import Doc

    from extraction.nlp import token_table, token_types, type_lowers

    for doc in docs[:2]:
        view = mentions.TextView(doc).view
        fresh = Doc(view.vocab, words=[t.text for t in view], spaces=[bool(t.whitespace_) for t in view])
        seeded, computed = token_types(view), token_types(fresh)
        assert seeded[0] == computed[0] and seeded[1].tolist() == computed[1].tolist()
        assert seeded[2].tolist() == computed[2].tolist()
        assert type_lowers(view) == type_lowers(fresh)
        assert token_table(view) == token_table(fresh)
        assert token_lowers(view) == token_lowers(fresh) == [t.lower_ for t in view]


def test_people_not_crime_reads_the_next_word(docs):
    for doc in docs:
        for span, cand in zip(doc.spans[mentions.SPANS_KEY], mentions.entity_values(doc)):
            k = span.end
            while k < len(doc) and doc[k].is_space:
                k += 1
            slow = span.label_ == "CrimeType" and k < len(doc) and doc[k].lower_ in mentions._vocab()["not_crime_after"]
            assert mentions._people_not_crime(doc)(cand) == slow



def test_unique_small_is_numpy_unique(docs):
    import numpy

    from extraction.nlp import token_types, unique_small

    rng = numpy.random.default_rng(0)
    cases = [rng.integers(0, 50, size=200), numpy.array([3, 3, 0, 7], dtype=numpy.intp)]
    for doc in docs:
        types, _, inverse = token_types(doc)
        cases.append(inverse[numpy.flatnonzero(rng.random(len(inverse)) < 0.5)])
        size = len(types)
    for values in cases:
        used, kinds = unique_small(values, int(values.max()) + 1 if values is not cases[-1] else size)
        want_used, want_kinds = numpy.unique(values, return_inverse=True)
        assert used.tolist() == want_used.tolist() and kinds.tolist() == want_kinds.reshape(-1).tolist()


def test_cue_sentences_keep_every_sentence_a_pattern_matches(docs, texts):
    from extraction.nlp import sentence_chars

    odd = "We said so.\nLast year we\u2003said it. It is still\nan area for improvement. Area\u00a0for x was that y."
    for text in texts + [odd]:
        sents = sentence_chars(mentions.parse(text))
        kept = set(findings._cue_sentences(text, sents))
        for k, (s, e) in enumerate(sents):
            flat = " ".join(text[s:e].split())
            if any(pattern.search(flat) for pattern in findings._CUES):
                assert k in kept
    sents = [(0, 11), (12, 33), (34, 70), (71, len(odd))]
    assert findings._cue_sentences(odd, sents) == [0, 1, 2, 3]
    assert findings._cue_sentences("We\u017f said. Areas.", [(0, 9), (10, 16)]) == [0, 1]  # ſ: no filter
    assert findings._cue_sentences("Wee said. Areas.", [(0, 9), (10, 16)]) == []


def test_token_facts_are_the_token_attributes(docs):
    for doc in docs[:2]:
        for d in (doc, mentions.TextView(doc).view):
            facts = mentions.TokenFacts(d)
            fast = [
                (facts.text[k], facts.lower[k], facts.is_alpha(k), facts.is_lower(k), facts.is_upper(k),
                 facts.is_title(k), facts.is_stop(k), facts.sent_start[k])
                for k in range(len(d))
            ]
            slow = [
                (t.text, t.lower_, t.is_alpha, t.is_lower, t.is_upper, t.is_title, t.is_stop, bool(t.is_sent_start))
                for t in d
            ]
            assert fast == slow
            assert facts.span_text(3, 9) == d[3:9].text
