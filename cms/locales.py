"""Locale helpers shared by every translatable model: which locale a language code names, and a
queryset narrowed to one locale."""

from django.core.cache import cache

from wagtail.models import Locale

from .cache import forget, per_request

LOCALE_IDS_KEY = "locale-ids"


def _read_locale_ids():
    ids = cache.get(LOCALE_IDS_KEY)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "pk"))
        cache.set(LOCALE_IDS_KEY, ids, None)
    return ids


def locale_ids():
    """{language code: locale id}, from the shared cache once per request; emptied whenever a locale
    is saved or deleted (cms/signal_handlers.py)."""
    return per_request(LOCALE_IDS_KEY, _read_locale_ids)


def forget_locale_ids(**kwargs):
    cache.delete(LOCALE_IDS_KEY)
    forget(LOCALE_IDS_KEY)


def in_locale(queryset, locale):
    """Narrow a translatable queryset to one locale (a Locale, its id, a language code or None for all)."""
    if locale is None:
        return queryset
    if isinstance(locale, str):
        # By id, not through a join on the language code: PostgreSQL then knows that English has a
        # handful of articles where Polish has thousands, and plans each list accordingly.
        return queryset.filter(locale=locale_ids().get(locale, 0))
    return queryset.filter(locale=locale)
