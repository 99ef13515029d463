"""What a translation leaves untranslated, named as the editor's form names it, and the warning an
editor gets on publishing such a translation in wagtail-localize's translation editor."""

from django.contrib import messages
from django.db import transaction
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import StringSegment, Translation

NAMED_AT_MOST = 10


def untranslated_texts(translation):
    """[(where, source text)] of the strings `translation` has no usable translation of, in form order.

    wagtail-localize publishes them in the source language, and a translation that failed to apply
    (an error) counts as missing too, as in its own editor.
    """
    segments = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
        .select_related("string", "context")
        .order_by("order")
    )
    instance = translation.source.get_source_instance()
    return [(segment_name(instance, segment.context.path), segment.string.data) for segment in segments]


def segment_name(instance, path):
    """Where the editor's form shows a segment: "Title", "Body › Paragraph 2", "Body › Image 1 › Alt text"."""
    field_name, *rest = path.split(".")
    field = instance._meta.get_field(field_name)
    label = getattr(field, "verbose_name", None) or field.related_model._meta.verbose_name
    names = [capfirst(label)]
    if isinstance(field, StreamField) and rest:
        names += _block_names(getattr(instance, field_name), rest)
    return " › ".join(str(name) for name in names)


def _block_names(stream, path):
    block_id, *rest = path
    numbers = {}
    for child in stream:
        numbers[child.block_type] = numbers.get(child.block_type, 0) + 1
        if child.id == block_id:
            # Numbered among the blocks of its kind, as an editor counts "the second paragraph".
            names = [f"{capfirst(child.block.label)} {numbers[child.block_type]}"]
            block = child.block
            for name in rest:
                if not isinstance(block, blocks.StructBlock) or name not in block.child_blocks:
                    break
                block = block.child_blocks[name]
                names.append(capfirst(block.label))
            return names
    return []


def untranslated_warning(texts):
    """The editor's warning naming the untranslated texts (the first few of them)."""
    named = [
        _("%(where)s (“%(text)s”)") % {"where": where, "text": Truncator(text).chars(60)}
        for where, text in texts[:NAMED_AT_MOST]
    ]
    if len(texts) > NAMED_AT_MOST:
        named.append(_("and %(count)d more") % {"count": len(texts) - NAMED_AT_MOST})
    return ngettext(
        "Published, but %(count)d text is not translated and readers see it in the source language: %(texts)s.",
        "Published, but %(count)d texts are not translated and readers see them in the source language: %(texts)s.",
        len(texts),
    ) % {"count": len(texts), "texts": "; ".join(named)}


def _publish_naming_untranslated(request, instance, localize_hook):
    # wagtail-localize publishes a translation from its own editor, which its before-edit hook
    # serves, and says only that something is missing: this runs that hook and, when it has
    # published, names what is missing.
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation_key = getattr(instance, "translation_key", None)
    translation = Translation.objects.filter(
        source__object_id=translation_key, target_locale_id=getattr(instance, "locale_id", None), enabled=True
    ).first()
    if translation_key is None or translation is None:
        return None
    live_revision = type(instance).objects.filter(pk=instance.pk).values_list("live_revision", flat=True)
    before = live_revision.first()
    response = localize_hook(request, instance)

    def name_untranslated():
        published = live_revision.first()
        if published is not None and published != before:
            texts = untranslated_texts(translation)
            if texts:
                messages.warning(request, untranslated_warning(texts))

    # wagtail-localize publishes when the transaction commits (a failed publish changes nothing);
    # the messages are stored after that, when the response leaves the view.
    transaction.on_commit(name_untranslated)
    return response


def publish_page_naming_untranslated(request, page):
    return _publish_naming_untranslated(request, page, localize_hooks.before_edit_page)


def publish_snippet_naming_untranslated(request, instance):
    if not hasattr(instance, "live_revision"):
        return None  # a snippet without drafts is saved, not published
    return _publish_naming_untranslated(request, instance, localize_hooks.before_edit_snippet)
