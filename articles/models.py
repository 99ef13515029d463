"""News articles (Aktualności) and their index page."""

import re
from urllib.parse import urljoin

from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from api.preview import HeadlessPreviewMixin
from cms.images import with_renditions
from cms.locales import in_locale
from cms.page_cache import CacheQueryParamsMixin
from cms.pages import PortalPageMixin
from cms.pagination import CountingPaginator, list_identity
from cms.params import page_number
from cms.privacy import PublicPageQuerySet, is_private
from cms.routing import PAGE_LINK_FIELDS, OneQueryChildRouteMixin
from cms.search_fields import ReadersPrefixes, ReadersText, ReadersTitle, entry_join_index, text_of
from cms.seo import image_url, organization, page_metadata
from cms.site_frame import parent_page
from cms.tags import TranslatableTagsManager, translated_tags

from .blocks import ArticleBodyBlock
from .feeds import NewsAtomFeed, NewsFeed
from .filters import ArticleFilterSet
from .forms import ArticlePageForm

_LIST_PARAM = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def list_query(query_string):
    """The news list's own query string (filter, page) re-encoded, or "" when the value is anything else."""
    params = QueryDict(query_string[:500])
    if not all(_LIST_PARAM.match(key) for key in params):
        return ""
    return params.urlencode()


# The sizes of an article's header image, as the `{% srcset_image %}` patterns of the templates that
# show it (widest first: it is the fallback `src`, and its width and height attributes reserve the
# space before it loads), so that the articles are read with these renditions.
LIST_IMAGE = "fill-{640x360,320x180}|format-webp"  # article_index_page.html, home_page.html
PAGE_IMAGE = "width-{1200,800,400}|format-webp"  # article_page.html
PDF_IMAGE = "width-1200"  # article_pdf.html
SOCIAL_IMAGE = "fill-1200x630"


class ArticleIndexPage(CacheQueryParamsMixin, RoutablePageMixin, OneQueryChildRouteMixin, PortalPageMixin, Page):
    """Aktualności: the news list, newest first, with its RSS and Atom feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    paginate_by = 10
    cache_query_params = (*ArticleFilterSet.base_filters, "page")

    class Meta:
        verbose_name = _("news index")

    def articles(self):
        # Thumbnails in the list come from the prefetched renditions: no query per article.
        articles = ArticlePage.objects.published(self.locale_id).child_of(self).order_by("-date", "-pk")
        return with_renditions(articles.defer_streamfields(), "header_image", LIST_IMAGE)

    def child_pages(self):
        """An article as its page shows it (see cms/routing.py)."""
        return with_renditions(ArticlePage.objects.with_tags(), "header_image", PAGE_IMAGE, PDF_IMAGE, SOCIAL_IMAGE)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = ArticleFilterSet(request.GET or None, self.articles(), choices_key=self.pk)
        context["filters"] = filters
        shown = filters.qs.only(*ARTICLE_LIST_FIELDS)
        articles = CountingPaginator(shown, self.paginate_by, list_identity(self, request))
        context["articles"] = articles.get_page(page_number(request))
        context["list_query"] = list_query(request.GET.urlencode())
        return context

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return NewsFeed()(request, index_page=self)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed()(request, index_page=self)


class ArticlePageTag(TaggedItemBase):
    """Links an article to its free-form tags."""

    content_object = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticleRelatedCluster(Orderable):
    """A cluster the article is about, shown under the article and on the cluster's page."""

    article = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="related_clusters")
    cluster = models.ForeignKey(
        "clusters.ClusterPage", verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("cluster")]


class ArticlePageQuerySet(PublicPageQuerySet):
    def published(self, locale=None):
        """The one definition of an article a reader may see: live, not private, optionally in one locale."""
        return in_locale(self.live().public(), locale)

    def with_tags(self):
        """Each article's tags read with the list, for `ArticlePage.tag_list`."""
        # Into a plain list: Django's own prefetch of a taggit relation builds a queryset per
        # article only to hold its tags, which costs more than the query that reads them all.
        return self.prefetch_related(Prefetch("tags", to_attr="prefetched_tags"))


class CommentsMode(models.TextChoices):
    MODERATED = "moderated", _("moderated: shown after an editor approves them")
    OPEN = "open", _("open: shown at once")
    CLOSED = "closed", _("closed: no new comments")


# What a list of articles shows of each (the news list, the home page's latest news): the rest of
# an article, its body above all, is not read.
ARTICLE_LIST_FIELDS = (
    "id",
    "title",
    "url_path",
    "locale",
    "date",
    "lead",
    "header_image",
    "header_image_alt",
    "header_image_decorative",
)


def _place(cluster):
    # Orderable leaves sort_order empty for relations not made through the editor's form.
    return (cluster.place is None, cluster.place or 0, cluster.relation)


class ArticlePage(HeadlessPreviewMixin, CacheQueryParamsMixin, RoutablePageMixin, PortalPageMixin, Page):
    cache_query_params = ("from",)  # the news list the reader came from, for the "Back" link

    lead = models.TextField(
        _("lead"), max_length=600, help_text=_("One or two sentences under the title, also used in lists and feeds.")
    )
    date = models.DateField(_("publication date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=120, blank=True, help_text=_("Name or initials, e.g. AW."))
    header_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("header image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The alt text belongs to this use of the image, not to the image: it is translated with the
    # article (wagtail-localize offers it as a text), and the image's title is never used as alt.
    header_image_alt = models.CharField(
        _("header image alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    header_image_decorative = models.BooleanField(
        _("header image is decorative"),
        default=False,
        help_text=_("Adds nothing to the text: screen readers skip it, and it needs no alt text."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    tags = TranslatableTagsManager(verbose_name=_("tags"), through=ArticlePageTag, blank=True)
    comments_mode = models.CharField(
        _("comments"),
        max_length=20,
        choices=CommentsMode.choices,
        default=CommentsMode.MODERATED,
        help_text=_("Closed keeps the approved comments on the page but hides the form."),
    )

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("date"), FieldPanel("author")]), FieldPanel("tags")], _("Byline")),
        MultiFieldPanel(
            [FieldPanel("header_image"), FieldPanel("header_image_alt"), FieldPanel("header_image_decorative")],
            _("Header image"),
        ),
        FieldPanel("body"),
        InlinePanel("related_clusters", label=_("Related clusters"), heading=_("Related clusters")),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comments_mode")]
    base_form_class = ArticlePageForm
    # An English article gets English tags: the translator translates them with the rest.
    override_translatable_fields = translated_tags("tags", "tagged_items")
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("lead", boost=2),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
        ReadersTitle(),
        ReadersText("search_text"),
        ReadersPrefixes(),
    ]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        # Lists show the newest first: with this index PostgreSQL reads the ten it shows, not all.
        indexes = [
            models.Index(fields=["date", "page_ptr"], name="articles_date_idx"),
            entry_join_index("articles_search_join_idx", "page_ptr"),
        ]

    @property
    def tag_list(self):
        """The article's tags: read with the list where it came from `with_tags()`, else from its
        relation (a preview holds the tags being edited in memory)."""
        prefetched = getattr(self, "prefetched_tags", None)
        return prefetched if prefetched is not None else list(self.tags.all())

    @property
    def header_image_in_use(self):
        """The header image carrying this article's alt text, which Wagtail's renditions give as `alt`."""
        image = self.header_image
        if image is not None:
            image.decorative = self.header_image_decorative
            image.contextual_alt_text = "" if self.header_image_decorative else self.header_image_alt
        return image

    @property
    def search_text(self):
        """What readers' searches match besides the title."""
        body = self._meta.get_field("body").get_searchable_content(self.body)
        return text_of(self, self.lead, body, [tag.name for tag in self.tag_list], self.author)

    @classmethod
    def get_indexed_objects(cls):
        # The tags are read for every article indexed.
        return super().get_indexed_objects().with_tags()

    def is_published(self):
        """Live and not private: what anyone may read (a preview of a draft is not)."""
        return self.pk is not None and self.live and not is_private(self.path)

    def seo_metadata(self, url, request):
        home = parent_page(request, parent_page(request, self))
        # With the request, Wagtail reads the site's root paths once per request, not once per page.
        home_url = urljoin(url, home.get_url(request) if home else "/")
        image = image_url(url, self.header_image, SOCIAL_IMAGE)
        modified = self.last_published_at or self.latest_revision_created_at
        description = page_metadata(self)["description"]
        return {
            "og_type": "article",
            "image": image,
            "image_alt": "" if self.header_image_decorative else self.header_image_alt,
            "json_ld": {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": self.title,
                "description": description,
                "datePublished": self.date.isoformat(),
                "dateModified": modified.isoformat() if modified else self.date.isoformat(),
                "inLanguage": self.locale.language_code,
                "author": {"@type": "Person", "name": self.author} if self.author else organization(home_url),
                "publisher": organization(home_url),
                "mainEntityOfPage": url,
                **({"image": [image]} if image else {}),
            },
        }

    def back_url(self, request):
        """The news list the reader came from, with its filter and page, else the plain news list."""
        # ?from= rather than Referer: the URL then holds all the page depends on, so URL-keyed caches stay right.
        parent_url = parent_page(request, self).get_url(request)
        query = list_query(request.GET.get("from", ""))
        return f"{parent_url}?{query}" if query else parent_url

    def related_clusters_for_readers(self):
        """The related clusters a reader may open, each in the reader's language where translated."""
        # Clusters build on articles (a cluster page lists its news): the cluster model is reached
        # through the relation rather than imported.
        cluster_page = ArticleRelatedCluster._meta.get_field("cluster").related_model
        related = self.related_clusters.all()
        if isinstance(related, models.QuerySet):
            # The stored relations: read inside the clusters' query, which also brings each one's place.
            keys = related.values("cluster__translation_key")
            first = related.filter(cluster__translation_key=OuterRef("translation_key")).order_by("sort_order", "pk")
            public = cluster_page.objects.published().filter(translation_key__in=keys)
            public = public.annotate(
                place=Subquery(first.values("sort_order")[:1]), relation=Subquery(first.values("pk")[:1])
            )
            place = _place
        else:
            # A preview: the relations being edited, in memory.
            keys = [item.cluster.translation_key for item in related]
            public = cluster_page.objects.published().filter(translation_key__in=keys)
            place = lambda cluster: keys.index(cluster.translation_key)  # noqa: E731
        chosen = {}
        for cluster in public.only(*PAGE_LINK_FIELDS):  # linked by title, their content not read
            if cluster.locale_id == self.locale_id or cluster.translation_key not in chosen:
                chosen[cluster.translation_key] = cluster
        return sorted(chosen.values(), key=place)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_clusters"] = self.related_clusters_for_readers()
        context["news_index"] = parent_page(request, self)
        context["back_url"] = self.back_url(request)
        context["offers_pdf"] = self.is_published()
        return context

    @path("pdf/", name="pdf")
    def pdf(self, request):
        # A PDF leaves the site and its view restrictions behind, so only what anyone may read gets one.
        if not self.is_published():
            raise Http404
        # Imported here so that WeasyPrint and its system libraries load only when a PDF is asked for.
        from .pdf import article_pdf_response

        return article_pdf_response(self, request)
