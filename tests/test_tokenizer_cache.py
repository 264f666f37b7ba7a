"""The primed tokenizer gives exactly the tokens of spaCy's own, unprimed, tokenizer."""

from __future__ import annotations

from extraction import tokenizer_cache
from extraction.nlp import blank_pipeline
from extraction.reader import read_report
from kg.build import discover
from kg.paths import DEFAULT_CORPUS


def _tokens(nlp, text):
    return [(t.text, t.whitespace_) for t in nlp.make_doc(text)]


def test_primed_tokens_equal_unprimed_tokens_on_every_corpus_report():
    texts = [read_report(p).text for p in discover(DEFAULT_CORPUS)]
    assert len(texts) >= 5
    for text in texts:
        primed, plain = blank_pipeline(), blank_pipeline()
        assert tokenizer_cache.prime(primed.tokenizer, text) > 100
        assert _tokens(primed, text) == _tokens(plain, text)


def test_priming_fills_the_cache_and_skips_chunks_primed_before():
    nlp = blank_pipeline()
    text = "The force's unit, e.g. Trident, tackles gang crime.  It also uses DVPOs (2017).\n\nMr. Smith 12.5%"
    first = tokenizer_cache.prime(nlp.tokenizer, text)
    assert first == len(set(text.split()))
    assert tokenizer_cache.prime(nlp.tokenizer, text) == 0  # nothing new the second time
    assert tokenizer_cache.prime(nlp.tokenizer, text + " newword") == 1
    assert nlp.tokenizer.max_cache_size >= tokenizer_cache.CACHE_SIZE
    assert _tokens(nlp, text) == _tokens(blank_pipeline(), text)
