"""Links between findings of the same force that recur across years.

Method (``tfidf-cosine``): each finding's text is lower-cased, split into words, stop words
and the boilerplate every finding shares ("the force should ensure ...") are dropped, and
the rest are Snowball-stemmed, so "detectives"/"detective" and "investigations"/
"investigating" meet. Words and word pairs are weighted by TF-IDF fitted on all findings of
the corpus (a word used by many findings counts little) and two findings are compared by
the cosine of their vectors. Findings of one force in two different inspection years
recur when the cosine reaches ``THRESHOLD``; each finding is linked only to its best match
in the other report, so one recurring finding gives one link per pair of years.

``THRESHOLD`` = 0.35 was chosen on the corpus: restated findings ("evaluate and share
effective practice", "increase the number of qualified detectives") score 0.42-1.0, while
findings that only share a theme ("engage with local communities" vs "evaluate and share
effective practice") stay below 0.3. Acronyms are not expanded, so "DVPOs" and "domestic
violence protection orders" only meet through the other words they share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .records import ExtractionResult, Finding, FindingRecurrence

METHOD = "tfidf-cosine"
THRESHOLD = 0.35

# Words every finding uses to say *that* something must change, not *what*.
_BOILERPLATE = {
    "force", "forces", "should", "must", "need", "needs", "ensure", "ensuring", "improve",
    "improving", "continue", "seek", "order", "make", "sure", "better", "take", "steps",
    "including", "particular", "police", "service", "metropolitan",
}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _BOILERPLATE


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def content_terms(text: str) -> list[str]:
    """The stemmed content words of a finding, in order (what the similarity compares)."""
    words = re.findall(r"[a-z][a-z'’-]*[a-z]|[a-z]", text.lower())
    stop = _stop_words()
    kept = [w for w in words if w not in stop and len(w) > 2]
    return _stemmer().stemWords(kept)


def similarity_matrix(texts_a: Sequence[str], texts_b: Sequence[str], corpus: Sequence[str]):
    """Cosine similarities (len(a) x len(b)) of TF-IDF vectors fitted on ``corpus``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vec = TfidfVectorizer(analyzer=_cached_terms_ngrams, sublinear_tf=True)
    vec.fit(list(corpus) + list(texts_a) + list(texts_b))
    return cosine_similarity(vec.transform(texts_a), vec.transform(texts_b))


def content_terms_ngrams(text: str) -> list[str]:
    """Stemmed content words plus adjacent pairs ("qualifi detect"): the TF-IDF features."""
    terms = content_terms(text)
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


@lru_cache(maxsize=200_000)
def _cached_terms_ngrams(text: str) -> tuple[str, ...]:
    """Stemming is the costly part and every report pair refits on the same texts: do it once per text."""
    return tuple(content_terms_ngrams(text))


def similarity(a: str, b: str, corpus: Sequence[str] = ()) -> float:
    """The recurrence score of two finding texts (IDF from ``corpus`` plus the two texts)."""
    return float(similarity_matrix([a], [b], corpus)[0, 0])


def _current(result: ExtractionResult) -> list[Finding]:
    return [f for f in result.findings if not f.previous and f.force]


def link_recurring_findings(results: Sequence[ExtractionResult]) -> list[FindingRecurrence]:
    """Pairs of findings of one force, from reports of different years, that say the same."""
    by_force: dict[str, list[ExtractionResult]] = {}
    for r in results:
        if r.document.force and _current(r):
            by_force.setdefault(r.document.force, []).append(r)
    corpus = [f.text for r in results for f in r.findings]
    links: list[FindingRecurrence] = []
    for force in sorted(by_force):
        reports = sorted(by_force[force], key=lambda r: (r.document.year, r.document.doc_id))
        for i, ra in enumerate(reports):
            for rb in reports[i + 1 :]:
                if ra.document.year == rb.document.year:
                    continue
                links.extend(_link_pair(force, ra, rb, corpus))
    return sorted(links, key=lambda x: (x.force, x.doc_a, x.finding_a, x.doc_b, x.finding_b))


def _link_pair(force: str, ra: ExtractionResult, rb: ExtractionResult, corpus) -> list[FindingRecurrence]:
    fa, fb = _current(ra), _current(rb)
    sims = similarity_matrix([f.text for f in fa], [f.text for f in fb], corpus)
    out: list[FindingRecurrence] = []
    for i, a in enumerate(fa):
        for j, b in enumerate(fb):
            score = float(sims[i, j])
            best_for_a = score >= sims[i, :].max()
            best_for_b = score >= sims[:, j].max()
            if score >= THRESHOLD and (best_for_a or best_for_b):
                out.append(
                    FindingRecurrence(
                        force=force,
                        doc_a=ra.document.doc_id,
                        finding_a=a.finding_id,
                        doc_b=rb.document.doc_id,
                        finding_b=b.finding_id,
                        score=round(score, 4),
                        method=METHOD,
                    )
                )
    return out
