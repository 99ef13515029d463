"""Each page type lives only where it belongs, and every page renders in Polish and English."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from clusters.models import ClusterIndexPage, ClusterPage
from home.models import AccessibilityStatementPage, HomePage, PrivacyPolicyPage
from newsletter.models import NewsletterPage
from registry.models import CompanyIndexPage, OfferIndexPage
from search.models import SearchPage

SECTION_TYPES = {
    ArticleIndexPage,
    ClusterIndexPage,
    CompanyIndexPage,
    OfferIndexPage,
    SearchPage,
    NewsletterPage,
    AccessibilityStatementPage,
    PrivacyPolicyPage,
}


class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_the_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, SECTION_TYPES)

    def test_sections_sit_under_the_home_page_only(self):
        for section in SECTION_TYPES:
            self.assertAllowedParentPageTypes(section, {HomePage})

    def test_articles_live_in_the_news_index_only(self):
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertCanNotCreateAt(ClusterIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)

    def test_clusters_live_in_the_cluster_index_only(self):
        self.assertAllowedSubpageTypes(ClusterIndexPage, {ClusterPage})
        self.assertAllowedParentPageTypes(ClusterPage, {ClusterIndexPage})
        self.assertCanNotCreateAt(ArticleIndexPage, ClusterPage)

    def test_leaf_pages_have_no_children(self):
        for leaf in (
            ArticlePage,
            ClusterPage,
            CompanyIndexPage,
            OfferIndexPage,
            SearchPage,
            NewsletterPage,
            AccessibilityStatementPage,
            PrivacyPolicyPage,
        ):
            self.assertAllowedSubpageTypes(leaf, set())


@pytest.mark.django_db
def test_a_second_home_page_cannot_be_created_by_hand(site_tree):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)


@pytest.mark.django_db
def test_an_article_can_be_created_through_the_editor_form(site_tree, admin_client):
    news = site_tree["sections"]["news"]["pl"]
    response = admin_client.post(
        f"/admin/pages/add/articles/articlepage/{news.pk}/",
        {
            "title": "Nowy artykuł",
            "slug": "nowy-artykul",
            "lead": "Wstęp",
            "date": "2026-11-20",
            "author": "AW",
            "tags": "klastry",
            "body-count": "0",
            "related_clusters-TOTAL_FORMS": "0",
            "related_clusters-INITIAL_FORMS": "0",
            "related_clusters-MIN_NUM_FORMS": "0",
            "related_clusters-MAX_NUM_FORMS": "1000",
            "comments_mode": "moderated",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(slug="nowy-artykul")
    assert article.live and article.author == "AW"


# (path, texts a reader must see)
POLISH_PAGES = [
    ("/", ["Agencja Rozwoju Regionalnego", "Klastry"]),
    ("/aktualnosci/", ["Aktualności", "Klastry"]),
    ("/aktualnosci/klastry/", ["Klastry", "20 listopada 2014", "AW", "Michael Porter", "giełda kooperacyjna"]),
    ("/klastry/", ["Bydgoski Klaster Przemysłowy", "Pomorski Klaster Morski"]),
    ("/klastry/bydgoski-klaster-przemyslowy/", ["Bydgoski Klaster Przemysłowy", "BKP", "2006", "0000295476"]),
    ("/baza-przedsiebiorstw/", ["Metalplast Bydgoszcz Sp. z o.o.", "Tkaniny Łódzkie S.A."]),
    ("/baza-przedsiebiorstw/metalplast-bydgoszcz/", ["Metalplast Bydgoszcz Sp. z o.o.", "9532456780", "85-758"]),
    ("/baza-ofert/", ["Obróbka CNC elementów metalowych w krótkich seriach"]),
    ("/baza-ofert/obrobka-cnc-krotkie-serie/", ["Obróbka CNC elementów metalowych", "Metalplast"]),
    ("/baza-uslug/", ["Audyt efektywności energetycznej zakładów produkcyjnych"]),
    ("/baza-uslug/audyt-efektywnosci-energetycznej/", ["Audyt efektywności energetycznej", "SolarWro"]),
    ("/szukaj/", ["Szukaj"]),
    ("/newsletter/", ["Newsletter"]),
]

ENGLISH_PAGES = [
    ("/en/", ["Regional Development Agency"]),
    ("/en/news/", ["News", "Clusters"]),
    ("/en/news/clusters/", ["Clusters", "20 November 2014", "Michael Porter"]),
    ("/en/clusters/", ["Bydgoszcz Industrial Cluster"]),
    ("/en/clusters/bydgoszcz-industrial-cluster/", ["Bydgoszcz Industrial Cluster", "2006"]),
    ("/en/companies/", ["Metalplast Bydgoszcz"]),
    ("/en/companies/solarwro/", ["SolarWro", "Design of photovoltaic installations"]),
    ("/en/offers/", ["Short-run CNC machining of metal parts"]),
    ("/en/offers/short-run-cnc-machining/", ["Short-run CNC machining of metal parts"]),
    ("/en/services/", ["Energy efficiency audits of factories"]),
    ("/en/services/energy-efficiency-audits/", ["Energy efficiency audits of factories"]),
    ("/en/search/", ["Search"]),
    ("/en/newsletter/", ["Newsletter"]),
]


@pytest.mark.parametrize(("path", "texts"), POLISH_PAGES + ENGLISH_PAGES)
def test_page_renders_in_its_language(client, demo, path, texts):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    language = "en" if path.startswith("/en/") else "pl"
    assert f'<html lang="{language}"' in html
    for text in texts:
        assert text in html, f"{text!r} missing from {path}"


def test_english_pages_link_back_to_their_polish_translation(client, demo):
    html = client.get("/en/news/clusters/").content.decode()
    assert 'href="/aktualnosci/klastry/"' in html
    html = client.get("/aktualnosci/klastry/").content.decode()
    assert 'href="/en/news/clusters/"' in html


def test_a_page_without_translation_offers_no_dead_language_link(client, demo):
    html = client.get("/klastry/pomorski-klaster-morski/").content.decode()
    assert "/en/clusters/pomorski-klaster-morski/" not in html


def test_unknown_page_is_a_404_in_the_readers_language(client, demo):
    assert client.get("/nie-ma-takiej-strony/").status_code == 404
    assert client.get("/en/no-such-page/").status_code == 404


def test_a_change_of_site_routes_the_next_request_by_the_new_site(client, demo):
    # The site and the route to the home page are kept in the shared cache (home/routing_middleware.py).
    assert client.get("/aktualnosci/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "portal.example.org", False
    site.save()
    assert client.get("/aktualnosci/").status_code == 404  # testserver belongs to no site now
    assert client.get("/aktualnosci/", headers={"host": "portal.example.org"}).status_code == 200
