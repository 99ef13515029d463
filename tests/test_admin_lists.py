"""Admin lists show one language at a time, and forms link an item only to items in its own language."""

import re

from wagtail.models import Locale
from wagtail.test.utils.form_data import rich_text

import pytest

from articles.models import ArticlePage
from clusters.models import ClusterPage
from registry.models import Company, Offer, Sector

from .admin_forms import resubmitted
from .admin_users import log_in_staff
from .test_admin import company_form

pytestmark = pytest.mark.django_db

COMPANIES = "/admin/snippets/registry/company/"


def listed_ids(html, prefix=COMPANIES):
    return {int(pk) for pk in re.findall(rf'href="{prefix}edit/(\d+)/"', html)}


def ids_in(model, language):
    return set(model.objects.filter(locale__language_code=language).values_list("pk", flat=True))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_company_list_shows_the_editors_language_by_default(client, language):
    log_in_staff(client, language=language)
    other = "en" if language == "pl" else "pl"
    listed = listed_ids(client.get(COMPANIES).content.decode())
    assert listed and listed <= ids_in(Company, language)
    assert not listed & ids_in(Company, other)


def test_choosing_all_languages_lists_both_languages_of_a_company(client):
    log_in_staff(client)
    listed = listed_ids(client.get(COMPANIES, {"locale": ""}).content.decode())
    assert listed & ids_in(Company, "pl") and listed & ids_in(Company, "en")


def test_choosing_another_language_lists_only_that_language(client):
    log_in_staff(client)
    listed = listed_ids(client.get(COMPANIES, {"locale": "en"}).content.decode())
    assert listed and listed <= ids_in(Company, "en")


@pytest.mark.parametrize("prefix", ["/admin/snippets/registry/company/", "/admin/snippets/registry/offer/"])
def test_registry_lists_have_a_language_column_naming_each_rows_language(client, prefix):
    log_in_staff(client)
    html = client.get(prefix, {"locale": ""}).content.decode()
    assert re.search(r"<th[^>]*>\s*(<a[^>]*>)?\s*Język", html)
    polish, english = (str(Locale.objects.get(language_code=code).get_display_name()) for code in ("pl", "en"))
    table = html[html.index("<tbody") :]
    assert polish in table and english in table


def test_add_button_creates_an_item_in_the_language_listed(client):
    log_in_staff(client, language="en")
    assert f'href="{COMPANIES}add/?locale=en"' in client.get(COMPANIES).content.decode()


@pytest.mark.parametrize("language", ["pl", "en"])
def test_company_list_filters_by_the_sectors_of_the_language_listed(client, language):
    log_in_staff(client)
    html = client.get(COMPANIES, {"locale": language}).content.decode()
    select = re.search(r'<select name="sectors"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)} == ids_in(Sector, language)


def sector_checkboxes(html):
    return {int(pk) for pk in re.findall(r'<input type="checkbox" name="sectors" value="(\d+)"', html)}


def test_company_form_offers_only_the_sectors_of_the_language_being_added(client):
    log_in_staff(client)
    polish_sectors = ids_in(Sector, "pl")
    offered = sector_checkboxes(client.get(f"{COMPANIES}add/", {"locale": "pl"}).content.decode())
    assert offered == polish_sectors
    assert len(offered) < Sector.objects.count()
    offered = sector_checkboxes(client.get(f"{COMPANIES}add/", {"locale": "en"}).content.decode())
    assert offered == ids_in(Sector, "en")


def test_company_edit_form_offers_only_the_sectors_of_its_language(client):
    log_in_staff(client)
    company = Company.objects.filter(locale__language_code="en").first()
    offered = sector_checkboxes(client.get(f"{COMPANIES}edit/{company.pk}/").content.decode())
    assert offered == ids_in(Sector, "en")


def test_offer_company_chooser_opens_on_the_offers_language(client):
    log_in_staff(client)
    offer = Offer.objects.filter(locale__language_code="en").first()
    html = client.get(f"/admin/snippets/registry/offer/edit/{offer.pk}/").content.decode()
    assert "/admin/snippets/choose/registry/company/?locale=en" in html


def offer_form(offer, **overrides):
    data = {
        "title": offer.title,
        "slug": offer.slug,
        "kind": offer.kind,
        "valid_until": "",
        "company": offer.company_id,
        "summary": offer.summary,
        "description": rich_text(offer.description or "<p></p>"),
        "sectors": [sector.pk for sector in offer.sectors.all()],
    }
    data.update(overrides)
    return data


def test_english_offer_cannot_be_saved_with_a_polish_company(client):
    log_in_staff(client, language="en")
    offer = Offer.objects.filter(locale__language_code="en").select_related("company").first()
    polish_company = Company.objects.filter(locale__language_code="pl").exclude(pk=offer.company_id).first()
    edit = f"/admin/snippets/registry/offer/edit/{offer.pk}/"

    response = client.post(edit, offer_form(offer, company=polish_company.pk))

    assert response.status_code == 200
    assert "Only companies in the language of this item (English) can be chosen." in response.content.decode()
    stored = Offer.objects.get(pk=offer.pk)
    assert stored.company_id == offer.company_id
    assert stored.latest_revision_id == offer.latest_revision_id


def test_polish_editor_is_told_in_polish_why_a_sector_of_another_language_is_refused(client):
    log_in_staff(client)
    english_sector = Sector.objects.filter(locale__language_code="en").first()
    response = client.post(f"{COMPANIES}add/?locale=pl", company_form(sectors=[english_sector.pk]))
    assert response.status_code == 200
    assert "Można wybrać tylko sektory w języku tego elementu" in response.content.decode()
    assert not Company.objects.filter(name="Nowa Firma Sp. z o.o.").exists()


def test_offer_with_a_company_of_its_own_language_is_saved(client):
    log_in_staff(client, language="en")
    offer = Offer.objects.filter(locale__language_code="en").first()
    other = Company.objects.filter(locale__language_code="en").exclude(pk=offer.company_id).first()
    response = client.post(f"/admin/snippets/registry/offer/edit/{offer.pk}/", offer_form(offer, company=other.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Offer.objects.get(pk=offer.pk).latest_revision.as_object().company_id == other.pk


def test_cluster_form_offers_its_own_languages_sectors_and_chooses_companies_in_it(client):
    log_in_staff(client)
    cluster = ClusterPage.objects.filter(locale__language_code="en").first()
    html = client.get(f"/admin/pages/{cluster.pk}/edit/").content.decode()
    assert sector_checkboxes(html) == ids_in(Sector, "en")
    assert "/admin/snippets/choose/registry/company/?locale=en" in html


def test_english_cluster_cannot_be_saved_with_a_polish_member(client):
    log_in_staff(client, language="en")
    cluster = ClusterPage.objects.filter(locale__language_code="en", members__isnull=False).distinct().first()
    form = client.get(f"/admin/pages/{cluster.pk}/edit/").context["form"]
    data = resubmitted(form)
    polish_company = Company.objects.filter(locale__language_code="pl").first()
    data["members-0-company"] = str(polish_company.pk)

    response = client.post(f"/admin/pages/{cluster.pk}/edit/", data)

    assert response.status_code == 200
    assert "Only companies in the language of this item (English) can be chosen." in response.content.decode()
    assert not ClusterPage.objects.get(pk=cluster.pk).members.filter(company=polish_company).exists()
    assert ClusterPage.objects.get(pk=cluster.pk).latest_revision_id == cluster.latest_revision_id


def test_english_cluster_resubmitted_unchanged_is_saved(client):
    log_in_staff(client, language="en")
    cluster = ClusterPage.objects.filter(locale__language_code="en", members__isnull=False).distinct().first()
    data = resubmitted(client.get(f"/admin/pages/{cluster.pk}/edit/").context["form"])
    response = client.post(f"/admin/pages/{cluster.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_english_article_cannot_be_saved_about_a_polish_cluster(client):
    log_in_staff(client, language="en")
    article = ArticlePage.objects.filter(locale__language_code="en", related_clusters__isnull=False).first()
    form = client.get(f"/admin/pages/{article.pk}/edit/").context["form"]
    data = resubmitted(form)
    data["body-count"] = "0"  # the body's blocks are beside the point; a draft may leave it empty
    polish_cluster = ClusterPage.objects.filter(locale__language_code="pl").first()
    data["related_clusters-0-cluster"] = str(polish_cluster.pk)

    response = client.post(f"/admin/pages/{article.pk}/edit/", data)

    assert response.status_code == 200
    assert "Only clusters in the language of this item (English) can be chosen." in response.content.decode()
    assert not ArticlePage.objects.get(pk=article.pk).related_clusters.filter(cluster=polish_cluster).exists()


def listed_pages(html):
    return {int(pk) for pk in re.findall(r'href="/admin/pages/(\d+)/edit/"', html)}


@pytest.mark.parametrize(
    ("address", "model"), [("/admin/news_articles/", ArticlePage), ("/admin/cluster_pages/", ClusterPage)]
)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_flat_page_lists_show_the_editors_language_by_default_and_all_on_request(client, address, model, language):
    log_in_staff(client, language=language)
    listed = listed_pages(client.get(address).content.decode())
    assert listed and listed <= ids_in(model, language)
    everything = listed_pages(client.get(address, {"locale": ""}).content.decode())
    assert everything & ids_in(model, "pl") and everything & ids_in(model, "en")
