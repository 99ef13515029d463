"""The demo command builds the portal once; running it again changes nothing."""

import datetime

from django.core.management import call_command

from wagtail.models import Locale, Page, Revision

import pytest

from articles.models import ArticlePage
from clusters.models import ClusterPage
from registry.models import Company, Offer, Sector

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "locale__language_code", "live")),
        "companies": sorted(Company.objects.values_list("slug", "locale__language_code", "nip", "live")),
        "offers": sorted(Offer.objects.values_list("slug", "locale__language_code", "kind", "valid_until")),
        "sectors": sorted(Sector.objects.values_list("slug", "locale__language_code", "name")),
        "revisions": Revision.objects.count(),
    }


def test_demo_command_is_idempotent():
    before = snapshot()  # the session's database already holds one run of the demo
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before


def test_seed_article_keeps_its_date_author_and_porter_quotation():
    article = ArticlePage.objects.get(slug="klastry", locale__language_code="pl")
    assert article.url == "/aktualnosci/klastry/"
    assert article.date == datetime.date(2014, 11, 20)
    assert article.author == "AW"
    quotes = [block.value for block in article.body if block.block_type == "quote"]
    assert quotes[0]["source"] == "Michael Porter, The Competitive Advantage of Nations, 1990"
    assert quotes[0]["text"].startswith("Klaster to geograficzne skupisko")
    assert "164 klastry" in str(article.body)


def test_seed_article_has_an_english_translation():
    article = ArticlePage.objects.get(slug="klastry", locale__language_code="pl")
    english = article.get_translation(Locale.objects.get(language_code="en"))
    assert english.url == "/en/news/clusters/"
    assert english.title == "Clusters"


def test_demo_has_the_bydgoszcz_industrial_cluster_with_its_labels():
    cluster = ClusterPage.objects.get(slug="bydgoski-klaster-przemyslowy")
    assert (cluster.founded, cluster.voivodeship, cluster.short_name) == (2006, "kujawsko-pomorskie", "BKP")
    assert cluster.is_key_national_cluster
    assert cluster.excellence_label == "silver"
    assert cluster.coordinator.krs == "0000295476"
    assert cluster.members.count() >= 1


def test_demo_offers_cover_every_kind_and_one_is_expired():
    assert set(Offer.objects.values_list("kind", flat=True)) == set(Offer.Kind.values)
    expired = [offer for offer in Offer.objects.filter(locale__language_code="pl") if offer.is_expired]
    assert [offer.slug for offer in expired] == ["wolne-moce-wtryskarek-2025"]


def test_demo_companies_have_valid_identifiers():
    for company in Company.objects.all():
        company.full_clean()


def test_scale_option_adds_synthetic_content_that_is_served(client):
    articles, companies, offers = ArticlePage.objects.count(), Company.objects.count(), Offer.objects.count()
    call_command("load_demo", scale=30, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ArticlePage.objects.count() == articles + 30
    assert Company.objects.count() == companies + 30
    assert Offer.objects.count() == offers + 30
    newest = ArticlePage.objects.filter(author="Bench").last()
    assert client.get(newest.url).status_code == 200
    assert client.get("/aktualnosci/?page=3").status_code == 200
    company = Company.objects.filter(slug__startswith="firma-").last()
    company.full_clean()
    assert client.get(company.url).status_code == 200
