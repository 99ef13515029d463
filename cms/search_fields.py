"""Search index fields that hold readers' words (lemmas without diacritics) in the item's own language.

The models keep their plain fields for the admin's search; these fields sit beside them and are
what the site's and the API's search match (search/queries.py). The text is prepared here, in
Python, so SQLite, PostgreSQL and Elasticsearch/OpenSearch all index the same terms.
"""

import html

from django.db import models
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.html import strip_tags

from wagtail.models import Locale
from wagtail.search import index

from .text import index_text, prefix_text

# The title (or name) outranks everything else; the database backends also keep "title" in a
# column of its own, weighted above the body (search/backends.py).
TITLE_BOOST = 5

_languages = {}


def entry_join_index(name, pk="id"):
    """For a model's Meta.indexes: lets PostgreSQL find the rows a search matched by their index
    entries. Wagtail's database backend joins the model's primary key, cast to text, to the entries'
    object ids; without an index on that cast, a search ranks every matching entry and reads every
    row of the model, where with it it ranks the entries and reads only the rows it shows."""
    return models.Index(Cast(Cast(pk, models.CharField(max_length=50)), models.TextField()), name=name)


def language_of(obj):
    """The language code of a translatable object, without a query per object while indexing."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return Locale.get_default().language_code
    if locale_id not in _languages:
        # A locale's language never changes once created, so the map only grows.
        _languages.update(Locale.objects.values_list("pk", "language_code"))
    return _languages.get(locale_id) or Locale.get_default().language_code


def text_of(obj, *parts):
    """Plain text of `parts` (text, rich text, lazy translations, lists of them) in `obj`'s language.

    The kind of item (its model's verbose names) is added, so that "lodz przedsiebiorstwa" finds
    the companies of Łódź and "klastry w toruniu" the clusters there.
    """
    meta = type(obj)._meta
    with translation.override(language_of(obj)):
        texts = [str(part) for part in _flatten(parts) if part] + [
            str(meta.verbose_name),
            str(meta.verbose_name_plural),
        ]
    return html.unescape(strip_tags(" ".join(texts)))


def _flatten(parts):
    for part in parts:
        if isinstance(part, list | tuple):
            yield from _flatten(part)
        else:
            yield part


class PreparedOnce:
    """Index text prepared for readers' searches, once per instance.

    The database backends read every field once per index column, five times per item, and the
    text behind these fields costs queries and lemmatising; Wagtail indexes instances fresh from
    the database, so one preparation per instance is never stale.
    """

    def get_value(self, obj):
        prepared = obj.__dict__.setdefault("_search_prepared", {})
        key = (type(self), self.field_name)
        if key not in prepared:
            prepared[key] = self.prepare(str(super().get_value(obj) or ""), language_of(obj))
        return prepared[key]


class ReadersText(PreparedOnce, index.SearchField):
    """A SearchField indexed as readers search it: every word without diacritics, and its lemma."""

    def prepare(self, text, language):
        return index_text(text, language)


class ReadersTitle(ReadersText):
    """The title, or a snippet's name under the same field name, ranked above the rest of the item."""

    def __init__(self, boost=TITLE_BOOST):
        super().__init__("title", boost=boost)


class ReadersPrefixes(PreparedOnce, index.AutocompleteField):
    """The words of the title for type-ahead: each without diacritics and as its lemma, once each."""

    def __init__(self):
        super().__init__("title")

    def prepare(self, text, language):
        return prefix_text(text, language)
