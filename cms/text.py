"""Words as the search index and readers' queries see them: lemmas without diacritics, per language.

Both sides go through the same functions, so "klastrów", "klastrze" and "Klaster" all become
"klaster", and "Łodzi", "Łódź" and "lodz" all become "lodz", on every search backend alike.
Lemmas come from simplemma's dictionaries (Polish, English); a word typed without its Polish
letters ("przedsiebiorstwa") is matched by trying its spellings with them against the dictionary.
"""

import itertools
import re
import unicodedata
from functools import lru_cache

import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

WORD = re.compile(r"[^\W_]+")

# Letters without a Unicode decomposition, which NFKD leaves alone.
UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})

# The Polish letters an ASCII letter may stand for when a reader types without them.
POLISH_SPELLINGS = {
    "a": "aą",
    "c": "cć",
    "e": "eę",
    "l": "lł",
    "n": "nń",
    "o": "oó",
    "s": "sś",
    "z": "zźż",
}
# A word with more spellings than this (a very long word full of such letters) is not restored;
# it still matches its own form without diacritics.
MAX_SPELLINGS = 4096

# Words that carry no meaning of their own in a search; both sides drop them. Kept short on
# purpose: "IT" or "no" may well be what a reader is looking for.
STOP_WORDS = {
    "pl": frozenset(
        {
            *("a", "aby", "albo", "ale", "ani", "az", "bo", "by", "czy", "dla", "do", "i", "iz", "jak", "jako"),
            *("lecz", "lub", "na", "nad", "o", "od", "oraz", "po", "pod", "przez", "przy", "sie", "ta", "tak"),
            *("te", "to", "u", "w", "we", "z", "za", "ze"),
        }
    ),
    "en": frozenset(
        {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"}
    ),
}

# simplemma's low-memory dictionaries: about 70 MB and two seconds to load, once per process,
# instead of about 400 MB for the Polish dictionary held as a Python dict.
LOW_MEMORY = True


@lru_cache(maxsize=100_000)
def fold(word):
    """Lower case without diacritics: "Łódź" -> "lodz"."""
    # Cached like lemma(): highlighting folds every word of every result shown.
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The words of a text, in order, as written."""
    return WORD.findall(text or "")


@lru_cache(maxsize=100_000)
def lemma(word, language):
    """The word's dictionary form in `language`, folded; the folded word itself when the language has no dictionary."""
    if language not in SUPPORTED_LANGUAGES:
        return fold(word)
    # Lower case on both sides: simplemma finds "toruniu" -> "Toruń" but keeps "Toruńska" as written.
    return fold(simplemma.lemmatize(word.lower(), lang=language, low_memory=LOW_MEMORY))


def _known(word, language):
    return language in SUPPORTED_LANGUAGES and simplemma.is_known(word, lang=language, low_memory=LOW_MEMORY)


def _spellings(word):
    """Every spelling of an ASCII word with Polish letters put back, or only the word if there are too many."""
    options = [POLISH_SPELLINGS.get(char, char) for char in word]
    count = 1
    for choices in options:
        count *= len(choices)
        if count > MAX_SPELLINGS:
            return [word]
    return ["".join(letters) for letters in itertools.product(*options)]


def _dictionary_lemma(spelling, language):
    """The folded lemma of a spelling the dictionary knows, or whose lemma it knows; else None."""
    if _known(spelling, language):
        return lemma(spelling, language)
    # Rarer inflected forms ("przedsiębiorstwom") are missing from the dictionary, but simplemma's
    # rules still find their lemma; it counts when the dictionary knows that lemma.
    base = simplemma.lemmatize(spelling, lang=language, low_memory=LOW_MEMORY)
    if base.lower() != spelling and _known(base, language):
        return fold(base)
    return None


@lru_cache(maxsize=10_000)
def alternatives(word, language):
    """The index terms that a word typed by a reader may stand for, in one language.

    A dictionary word stands for its lemma ("klastrów" -> "klaster"); a Polish word typed without
    its Polish letters for the lemma of each dictionary word it could be ("lodzi" -> "łodzi" ->
    "lodz"). Any other word (a name, a code, a typo) stands for itself without diacritics.
    Lemmas only, for words the dictionary knows: the rarer inflected form would otherwise weigh
    more in the ranking than the lemma that every form of the word shares.
    """
    word = word.lower()
    folded = fold(word)
    if language not in SUPPORTED_LANGUAGES:
        return frozenset({folded})
    spellings = _spellings(word) if language == "pl" and folded == word else [word]
    lemmas = {lemma(spelling, language) for spelling in spellings if _known(spelling, language)}
    if not lemmas:
        lemmas = {_dictionary_lemma(spelling, language) for spelling in spellings} - {None}
    return frozenset(lemmas or {folded, lemma(word, language)})


def index_terms(text, language):
    """The terms under which a text is indexed: each word without diacritics, and its lemma where that differs."""
    stop_words = STOP_WORDS.get(language, frozenset())
    terms = []
    for word in words(text):
        folded = fold(word)
        if folded in stop_words:
            continue
        terms.append(folded)
        base = lemma(word, language)
        if base != folded:
            terms.append(base)
    return terms


def index_text(text, language):
    return " ".join(index_terms(text, language))


def prefix_text(text, language):
    """The terms a type-ahead prefix may match: each word without diacritics and its lemma, once each."""
    return " ".join(dict.fromkeys(index_terms(text, language)))
