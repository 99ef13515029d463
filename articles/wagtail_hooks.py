"""Admin wiring for news: every article in one list, in the editor's language unless they choose another."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.admin_lists import EditorLanguagePageFilterSet

from .models import ArticlePage


class ArticleListingViewSet(PageListingViewSet):
    model = ArticlePage
    icon = "doc-full"
    menu_label = _("News")
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = EditorLanguagePageFilterSet


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet("news_articles")
