"""Queries in the index's words: whatever reaches the search backend is normalised here, once.

The index holds readers' words as lemmas without diacritics (cms/text.py), so a query typed as
is ("klastrów", "lodz") must become the same terms before it is matched. The site's search
(search/queries.py) builds its queries from `Term`s already; the admin, its choosers and anything
else pass what people typed, and the search backend (search/backends.py) normalises it here.
"""

from django.conf import settings

from wagtail.search.query import And, Boost, Not, Or, PlainText

from cms.text import STOP_WORDS, alternatives, fold, words


class Term(PlainText):
    """One index term (a lemma or a word without diacritics), matched as it is: normalising it again changes nothing."""

    def __init__(self, term):
        super().__init__(term, operator="and")


def any_of(terms):
    """A query matching any of the terms."""
    terms = sorted(terms)
    return Term(terms[0]) if len(terms) == 1 else Or([Term(term) for term in terms])


def content_languages():
    return tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)


def normalise(query, operator="and", languages=None, prefixes=False):
    """`query` (a string or a query object) with every typed word replaced by the index terms it stands for.

    Without `languages`, a word stands for its terms in every content language: the admin searches
    all of them. A word also stands for itself as typed, so what matched before still matches. With
    `prefixes` (type-ahead), it also stands for itself without diacritics, so that a word typed
    halfway ("klas") still starts the terms it may become. Anything that is not
    typed text (a phrase, a fuzzy query, "match all") is left to the backend as it is.
    """
    if isinstance(query, str):
        if not words(query):
            return query  # the backend answers an empty query with no results
        query = PlainText(query, operator=operator)
    if isinstance(query, Term):
        return query
    if isinstance(query, PlainText):
        return _typed(query, languages or content_languages(), prefixes) or query
    if isinstance(query, And | Or):
        return type(query)([normalise(sub, operator, languages, prefixes) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(normalise(query.subquery, operator, languages, prefixes))
    if isinstance(query, Boost):
        return Boost(normalise(query.subquery, operator, languages, prefixes), query.boost)
    return query


def _typed(query, languages, prefixes):
    typed = list(dict.fromkeys(words(query.query_string)))
    stop_words = set().union(*(STOP_WORDS.get(language, ()) for language in languages))
    # Common words are not indexed; a query of nothing else keeps them rather than matching everything.
    kept = [word for word in typed if fold(word) not in stop_words] or typed
    if prefixes and typed and kept[-1] != typed[-1]:
        kept.append(typed[-1])  # the last word may be the start of any word ("w" -> "wrocław")
    per_word = []
    for word in kept:
        # The word as typed too: models without readers' fields (images, documents, users) index it so.
        terms = {word.lower()}.union(*(alternatives(word, language) for language in languages))
        if prefixes:
            terms.add(fold(word))
        per_word.append(any_of(terms))
    if not per_word:
        return None
    if len(per_word) == 1:
        return per_word[0]
    return And(per_word) if str(query.operator).lower() == "and" else Or(per_word)
