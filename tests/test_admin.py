"""A Polish editor works in the admin: lists, edit forms, moderation and translation of every type."""

from django.contrib.auth.models import Group, User

from wagtail.models import Locale, WorkflowState
from wagtail.test.utils.form_data import rich_text

import pytest

from articles.models import ArticlePage
from clusters.models import ClusterPage
from registry.models import Company, Offer, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_user("redaktor", "redaktor@example.com", "haslo-redaktora")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(client):
    moderator = User.objects.create_user("moderator", "moderator@example.com", "haslo-moderatora")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    return client


def test_admin_login_page_speaks_polish(client):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="pl"' in html
    assert "Zaloguj się" in html


def test_editor_dashboard_is_in_polish(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "Strony" in html
    assert "Rejestr" in html


@pytest.mark.parametrize(
    ("model", "prefix"),
    [(Company, "registry/company"), (Offer, "registry/offer"), (Sector, "registry/sector")],
)
def test_editor_opens_listing_and_edit_view_of_each_snippet(editor_client, model, prefix):
    listing = editor_client.get(f"/admin/snippets/{prefix}/")
    assert listing.status_code == 200
    obj = model.objects.filter(locale=Locale.get_default()).first()
    assert str(obj) in listing.content.decode()
    assert editor_client.get(f"/admin/snippets/{prefix}/edit/{obj.pk}/").status_code == 200
    assert editor_client.get(f"/admin/snippets/{prefix}/add/").status_code == 200


def test_snippet_listings_filter_by_voivodeship_kind_and_status(editor_client):
    html = editor_client.get("/admin/snippets/registry/company/", {"voivodeship": "lodzkie"}).content.decode()
    assert "Tkaniny Łódzkie S.A." in html and "Metalplast Bydgoszcz" not in html
    html = editor_client.get("/admin/snippets/registry/offer/", {"kind": "service"}).content.decode()
    assert "Audyt efektywności energetycznej" in html and "Obróbka CNC" not in html
    html = editor_client.get("/admin/snippets/registry/company/", {"q": "Metalplast"}).content.decode()
    assert "Metalplast Bydgoszcz" in html


@pytest.mark.parametrize("model", [ArticlePage, ClusterPage])
def test_editor_opens_edit_view_of_each_page_type(editor_client, model):
    page = model.objects.filter(locale=Locale.get_default()).first()
    response = editor_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_editor_opens_every_section_page_in_the_page_explorer(editor_client, site_tree):
    for page in site_tree["sections"].values():
        assert editor_client.get(f"/admin/pages/{page['pl'].pk}/edit/").status_code == 200
        assert editor_client.get(f"/admin/pages/{page['en'].pk}/").status_code == 200


def company_form(**overrides):
    data = {
        "name": "Nowa Firma Sp. z o.o.",
        "slug": "",
        "legal_form": "spzoo",
        "size": "small",
        "nip": "5540123453",
        "regon": "534640973",
        "krs": "",
        "pkd_codes": "62.01.Z",
        "street": "ul. Długa 1",
        "postal_code": "85-001",
        "city": "Bydgoszcz",
        "voivodeship": "kujawsko-pomorskie",
        "website": "",
        "email": "",
        "phone": "",
        "contact_public": "on",
        "description": rich_text("<p>Producent części.</p>"),
    }
    data.update(overrides)
    return data


def test_editor_submits_a_company_for_moderation_and_a_moderator_publishes_it(
    editor_client, client, django_capture_on_commit_callbacks
):
    response = editor_client.post("/admin/snippets/registry/company/add/", company_form(**{"action-submit": "submit"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    company = Company.objects.get(name="Nowa Firma Sp. z o.o.")
    assert not company.live
    state = WorkflowState.objects.get(object_id=str(company.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert client.get("/baza-przedsiebiorstw/nowa-firma-sp-z-oo/").status_code == 404

    moderator = User.objects.create_user("moderator", "m@example.com", "x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    editor_client.force_login(moderator)
    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/snippets/registry/company/workflow/action/{company.pk}/approve/{task_state.pk}/",
            {"comment": ""},
        )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    company.refresh_from_db()
    assert company.live
    editor_client.logout()
    assert editor_client.get(company.url).status_code == 200


def test_admin_form_rejects_invalid_nip_in_polish(editor_client):
    response = editor_client.post("/admin/snippets/registry/company/add/", company_form(nip="5540123454"))
    assert response.status_code == 200
    assert "Numer NIP ma niepoprawną cyfrę kontrolną." in response.content.decode()
    assert not Company.objects.filter(name="Nowa Firma Sp. z o.o.").exists()


def test_editor_without_publish_permission_cannot_publish_a_company(editor_client):
    editor_client.post("/admin/snippets/registry/company/add/", company_form(**{"action-publish": "publish"}))
    company = Company.objects.filter(name="Nowa Firma Sp. z o.o.").first()
    assert company is None or not company.live


def test_translate_action_is_offered_for_snippets_and_pages(moderator_client):
    company = Company.objects.get(slug="optimed-torun")
    html = moderator_client.get("/admin/snippets/registry/company/").content.decode()
    assert f"/admin/localize/submit/snippet/registry/company/{company.pk}/" in html
    response = moderator_client.get(f"/admin/localize/submit/snippet/registry/company/{company.pk}/")
    assert response.status_code == 200
    page = ClusterPage.objects.get(slug="pomorski-klaster-morski")
    assert moderator_client.get(f"/admin/localize/submit/page/{page.pk}/").status_code == 200


def test_translating_a_company_creates_its_english_draft(moderator_client):
    company = Company.objects.get(slug="optimed-torun")
    english = Locale.objects.get(language_code="en")
    response = moderator_client.post(
        f"/admin/localize/submit/snippet/registry/company/{company.pk}/", {"locales": [english.pk]}
    )
    assert response.status_code == 302
    translation = company.get_translation(english)
    assert translation.nip == company.nip
    assert not translation.live


def test_editor_logs_in_through_the_polish_login_form(client):
    editor = User.objects.create_user("redaktorka", "r@example.com", "tajne-haslo-123")
    editor.groups.add(Group.objects.get(name="Editors"))
    response = client.post("/admin/login/", {"username": "redaktorka", "password": "tajne-haslo-123"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/admin/"
    assert 'lang="pl"' in html and "Kokpit" in html


def test_editor_opens_the_home_page_and_the_news_listing_in_the_explorer(editor_client, site_tree):
    home = site_tree["homes"]["pl"]
    assert editor_client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    listing = editor_client.get(f"/admin/pages/{site_tree['sections']['news']['pl'].pk}/")
    assert listing.status_code == 200
    assert "Klastry" in listing.content.decode()
