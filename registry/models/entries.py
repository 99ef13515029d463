"""What companies and offers share: moderation, translation, a readable slug and a page of their own."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

POLISH_LETTERS = str.maketrans("łŁ", "lL")


def readable_slug(text):
    # slugify() drops letters without an ASCII decomposition, so "Usługi" would become "usugi".
    return slugify(text.translate(POLISH_LETTERS))


def is_slug(text):
    try:
        validate_slug(text)
    except ValidationError:
        return False
    return True


class PublishableSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """Moderated, translatable registry entries with a readable slug and a page of their own."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def clean(self):
        super().clean()
        if self.slug and self._same_language_entries().filter(slug=self.slug).exists():
            raise ValidationError(
                {"slug": _("Another entry in this language already has this web address. Choose another one.")}
            )

    def save(self, *args, **kwargs):
        # The admin's form has refused a taken or malformed slug already; a translation saved by
        # wagtail-localize has not (its slug is the translator's text), so it gets the nearest free one.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "slug" in update_fields:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _same_language_entries(self):
        return type(self).objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)

    def _unique_slug(self):
        max_length = self._meta.get_field("slug").max_length
        base = self.slug if is_slug(self.slug) else readable_slug(self.slug or str(self)[:80]) or self._meta.model_name
        slug, n = base[:max_length], 1
        siblings = self._same_language_entries()
        while siblings.filter(slug=slug).exists():
            n += 1
            suffix = f"-{n}"
            slug = base[: max_length - len(suffix)] + suffix
        return slug

    def get_preview_template(self, request, mode_name):
        return f"registry/{self._meta.model_name}_detail.html"

    def get_preview_context(self, request, mode_name):
        return {self._meta.model_name: self, "page": self.index_page}

    def get_url(self, request=None):
        index_page = self.index_page
        if index_page is None:
            return None
        return index_page.get_url(request) + index_page.reverse_subpage("detail", args=[self.slug])

    @property
    def url(self):
        return self.get_url()

    @property
    def full_url(self):
        index_page = self.index_page
        if index_page is None:
            return None
        return index_page.full_url + index_page.reverse_subpage("detail", args=[self.slug])
