"""What companies and offers share: moderation, translation, a readable slug and a page of their own."""

from django.conf import settings
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

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        # slugify() drops letters without an ASCII decomposition, so "Usługi" would become "usugi".
        base = slugify(str(self).translate(POLISH_LETTERS))[:80] or self._meta.model_name
        slug, n = base, 1
        siblings = type(self).objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        while siblings.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
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
