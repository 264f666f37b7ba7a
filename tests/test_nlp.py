"""The spaCy pipeline: footnote markers split off, sentences that survive PDF line wraps."""

from __future__ import annotations

from extraction.nlp import blank_pipeline, footnotes, get_nlp, sentence_text


def _sents(text):
    return [sentence_text(s) for s in blank_pipeline()(text).sents]


def test_footnote_markers_glued_to_words_are_their_own_tokens():
    doc = blank_pipeline()("Overall judgment2 and the public:1 and an initiative,8 which works.")
    words = [t.text for t in doc]
    assert "judgment" in words and "public" in words and "initiative" in words
    notes = {doc[i].text for i in footnotes(doc)}
    assert notes == {"2", "1", "8"}


def test_a_pdf_line_wrap_does_not_end_a_sentence():
    text = "The force is working with\nlocal partners to reduce harm. Officers\nare well trained."
    assert _sents(text) == [
        "The force is working with local partners to reduce harm.",
        "Officers are well trained.",
    ]


def test_blank_lines_and_bullets_start_sentences():
    text = "Areas for improvement\n\n• The force should review its use of DVPOs\n• It should collect feedback"
    sents = _sents(text)
    assert sents == ["Areas for improvement", "• The force should review its use of DVPOs",
                     "• It should collect feedback"]


def test_footnote_after_full_stop_keeps_the_boundary_and_leaves_the_sentence_text():
    sents = _sents("The unit was set up in London.12 It now has 40 officers.")
    assert sents == ["The unit was set up in London.", "It now has 40 officers."]


def test_abbreviations_do_not_split_sentences():
    assert len(_sents("Tactics (e.g. stop and search) are used well. Another sentence.")) == 2


def test_full_pipeline_is_built_once_and_names_its_components():
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert nlp.pipe_names == ["peel_sentences", "peel_abbreviations", "peel_entities"]


_TRICKY = "Kent Police.12 It set up  the Jigsaw team (JT).\n\n• Jigsaw teams work3 well,4 in London.\n"


def test_token_arrays_are_the_token_attributes():
    from extraction.nlp import token_lowers, token_table

    doc = get_nlp()(_TRICKY)
    assert token_table(doc) == ([t.text for t in doc], [bool(t.whitespace_) for t in doc])
    assert token_lowers(doc) == [t.lower_ for t in doc]


def test_sentence_text_is_the_token_join_without_footnotes():
    doc = get_nlp()(_TRICKY)
    notes = footnotes(doc)
    for sent in doc.sents:
        joined = "".join(t.whitespace_ if t.i in notes else t.text_with_ws for t in sent)
        assert sentence_text(sent) == " ".join(joined.split())
