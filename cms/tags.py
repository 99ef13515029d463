"""Free-form tags that wagtail-localize translates with the rest of a page instead of copying them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from taggit.models import Tag
from wagtail_localize.fields import BaseTranslatableField, TranslatableField
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import quote_path_component

TAG_NAME_LENGTH = Tag._meta.get_field("name").max_length


class TranslatableTagsManager(ClusterTaggableManager):
    """A page's tags, each name a string in the translation editor; a translation gets the translated names.

    Taggit's tags are shared by every language, so a translated name is simply another tag: the
    English article is listed under "clusters" on /en/ and the Polish one under "klastry" on /.
    """

    def get_translatable_segments(self, tags):
        # The tag's name is its path: a translation stays with its tag when the editor reorders them.
        return [StringSegmentValue(quote_path_component(tag.name), tag.name) for tag in tags]

    def restore_translated_segments(self, tags, segments):
        message = _("A tag may have at most %(limit)d characters: “%(tag)s”.")
        # Keyed by the segment's path, wagtail-localize shows the error on that tag's string and
        # leaves it untranslated when the translator publishes again.
        errors = {
            f"{self.name}.{segment.path}": ValidationError(message, params={"limit": TAG_NAME_LENGTH, "tag": name})
            for segment in segments
            if len(name := segment.render_text().strip()) > TAG_NAME_LENGTH
        }
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(name for segment in segments if (name := segment.render_text().strip())))

    def __set__(self, instance, value):
        # wagtail-localize assigns the translated names (and copies an empty source's tags) to the
        # field's attribute: they replace the page's tags in memory, saved with the page.
        tags = value.all() if hasattr(value, "all") else value
        self.__get__(instance, type(instance)).set(list(tags))


class TranslatedTags(TranslatableField):
    """The tags field of a page: translated; when the source has none, the translation has none either."""

    def is_synchronized(self, source):
        # Without tags there is no string to translate, so nothing would remove the translation's old tags.
        return not self.get_value(source)


def translated_tags(field_name, through_relation):
    """`override_translatable_fields` for a page's tags: the names translated, their rows not copied."""
    # The rows (the through model's child relation) are written by the tags field itself; copying
    # them too would put the source language's tags back on the translation.
    return [TranslatedTags(field_name), BaseTranslatableField(through_relation)]
