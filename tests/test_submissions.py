"""Representatives add companies and offers; editors moderate them; readers express interest in offers."""

import datetime
import io
import os

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.images import get_image_model
from wagtail.models import WorkflowState

import pytest
from PIL import Image

from accounts.models import Interest
from cms.models import OutgoingMail
from registry.models import Company, Offer
from tests.factories import CompanyFactory, OfferFactory
from tests.test_accounts import PASSWORD, link_in, run_smtp_server, sign_up

pytestmark = pytest.mark.django_db

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def smtp_server(settings):
    yield from run_smtp_server(settings)


def company_data(**overrides):
    data = {
        "name": "Frezarnia Nowak Sp. z o.o.",
        "legal_form": "spzoo",
        "size": "small",
        "nip": "554-012-34-53",
        "regon": "534640973",
        "krs": "",
        "pkd_codes": "25.62.Z",
        "street": "ul. Fordońska 10",
        "postal_code": "85-790",
        "city": "Bydgoszcz",
        "voivodeship": "kujawsko-pomorskie",
        "website": "https://frezarnia.example",
        "email": "biuro@frezarnia.example",
        "phone": "+48 52 111 22 33",
        "description": "Frezowanie i toczenie CNC.\n\nSeria od 1 sztuki.",
    }
    data.update(overrides)
    return data


def offer_data(company, **overrides):
    data = {
        "title": "Frezowanie CNC części aluminiowych",
        "kind": "business_offer",
        "company": company.pk,
        "summary": "Wykonamy części aluminiowe według dokumentacji.",
        "description": "Park maszynowy: 5 centrów obróbczych.",
        "cooperation_types": ["subcontracting"],
        "valid_until": NEXT_MONTH.isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def representative(client):
    user = User.objects.create_user("jan@firma.example", "jan@firma.example", PASSWORD)
    client.force_login(user)
    return user


@pytest.fixture
def moderator_client(db):
    moderator_client = Client()
    moderator = User.objects.create_user("moderator", "moderator@agencja.example", "haslo-moderatora")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    moderator_client.force_login(moderator)
    return moderator_client


def moderate(moderator_client, entry, action, comment="", capture=None):
    """An editor approves or rejects the entry in the admin, as the workflow buttons do."""
    task_state = entry.current_workflow_task_state
    url = f"/admin/snippets/registry/{entry._meta.model_name}/workflow/action/{entry.pk}/{action}/{task_state.pk}/"
    with capture(execute=True):
        response = moderator_client.post(url, {"comment": comment})
    assert response.status_code in (200, 302), response.content.decode()[:500]
    entry.refresh_from_db()
    return entry


def add_company(client, **overrides):
    response = client.post(reverse("accounts:company_add"), company_data(**overrides))
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Company.objects.filter(submitted_by=response.wsgi_request.user).latest("pk")


def add_offer(client, company, **overrides):
    response = client.post(reverse("accounts:offer_add"), offer_data(company, **overrides))
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Offer.objects.filter(submitted_by=response.wsgi_request.user).latest("pk")


def api_offer_ids(client):
    data = client.get("/api/offers/", {"locale": "pl", "limit": 100}).json()
    return [item["id"] for item in data["items"]]


def messages_to(received, address):
    return [item for item in received if address in item["to"]]


def test_full_path_sign_up_confirm_submit_approve_publish_notify(
    client, moderator_client, smtp_server, django_capture_on_commit_callbacks, site_tree
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    [confirmation] = messages_to(smtp_server, "jan@firma.example")
    client.get(link_in(confirmation["body"]))
    assert (
        client.post(reverse("accounts:login"), {"username": "jan@firma.example", "password": PASSWORD}).status_code
        == 302
    )

    company = add_company(client)
    offer = add_offer(client, company)
    for entry in (company, offer):
        assert not entry.live
        assert entry.submitted_by.username == "jan@firma.example"
        assert entry.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert company.nip == "5540123453"
    assert company.description == "<p>Frezowanie i toczenie CNC.</p><p>Seria od 1 sztuki.</p>"
    html = client.get(reverse("accounts:entries")).content.decode()
    assert html.count("Czeka na akceptację") == 2

    # The editors find both on their dashboard.
    dashboard = moderator_client.get("/admin/").content.decode()
    assert "Frezarnia Nowak Sp. z o.o." in dashboard and "Frezowanie CNC części aluminiowych" in dashboard

    moderate(moderator_client, company, "approve", capture=django_capture_on_commit_callbacks)
    offer = moderate(moderator_client, offer, "approve", capture=django_capture_on_commit_callbacks)
    assert offer.live

    reader = Client()
    assert reader.get(offer.url).status_code == 200
    assert "Frezowanie CNC części aluminiowych" in reader.get("/baza-ofert/").content.decode()
    assert offer.pk in api_offer_ids(reader)

    notices = messages_to(smtp_server, "jan@firma.example")[1:]
    assert [notice["subject"] for notice in notices] == [
        "Wpis „Frezarnia Nowak Sp. z o.o.” został opublikowany",
        "Wpis „Frezowanie CNC części aluminiowych” został opublikowany",
    ]
    assert "http://testserver/baza-ofert/frezowanie-cnc-czesci-aluminiowych/" in notices[1]["body"]
    assert "Opublikowano" in client.get(reverse("accounts:entries")).content.decode()


def test_rejected_offer_stays_hidden_and_the_comment_reaches_the_submitter(
    client, representative, moderator_client, smtp_server, django_capture_on_commit_callbacks, site_tree
):
    company = moderate(moderator_client, add_company(client), "approve", capture=django_capture_on_commit_callbacks)
    offer = add_offer(client, company)
    offer = moderate(
        moderator_client,
        offer,
        "reject",
        comment="Proszę dodać termin realizacji.",
        capture=django_capture_on_commit_callbacks,
    )
    assert not offer.live
    assert offer.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    reader = Client()
    assert reader.get("/baza-ofert/frezowanie-cnc-czesci-aluminiowych/").status_code == 404
    assert offer.pk not in api_offer_ids(reader)
    assert reader.get(f"/api/offers/{offer.pk}/").status_code == 404
    assert "frezowanie-cnc" not in reader.get("/sitemap.xml").content.decode()
    assert "/frezowanie-cnc-czesci-aluminiowych/" not in reader.get("/szukaj/", {"q": "Frezowanie"}).content.decode()

    html = client.get(reverse("accounts:entries")).content.decode()
    assert "Odrzucono" in html and "Proszę dodać termin realizacji." in html
    [notice] = [m for m in messages_to(smtp_server, "jan@firma.example") if "wymaga zmian" in m["subject"]]
    assert notice["subject"] == "Wpis „Frezowanie CNC części aluminiowych” wymaga zmian"
    assert "Proszę dodać termin realizacji." in notice["body"]

    # Corrected and sent again, the same workflow resumes and the editors can approve it.
    response = client.post(
        reverse("accounts:offer_edit", args=[offer.pk]), offer_data(company, summary="Realizacja w 14 dni.")
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    offer = moderate(moderator_client, offer, "approve", capture=django_capture_on_commit_callbacks)
    assert offer.live and offer.summary == "Realizacja w 14 dni."


def test_draft_submission_never_shows_on_site_sitemap_search_or_api(client, representative, site_tree):
    company = add_company(client)
    reader = Client()
    assert reader.get("/baza-przedsiebiorstw/frezarnia-nowak-sp-z-oo/").status_code == 404
    assert "Frezarnia Nowak" not in reader.get("/baza-przedsiebiorstw/").content.decode()
    assert "frezarnia-nowak" not in reader.get("/sitemap.xml").content.decode()
    assert "/frezarnia-nowak-sp-z-oo/" not in reader.get("/szukaj/", {"q": "Frezarnia Nowak"}).content.decode()
    assert reader.get(f"/api/companies/{company.pk}/").status_code == 404


def test_published_entry_edited_by_its_owner_stays_public_as_approved_until_the_change_is_approved(
    client, representative, moderator_client, django_capture_on_commit_callbacks, site_tree
):
    company = moderate(moderator_client, add_company(client), "approve", capture=django_capture_on_commit_callbacks)
    offer = moderate(
        moderator_client, add_offer(client, company), "approve", capture=django_capture_on_commit_callbacks
    )
    response = client.post(
        reverse("accounts:offer_edit", args=[offer.pk]),
        offer_data(company, summary="Nowy opis, jeszcze niezatwierdzony."),
    )
    assert response.status_code == 302
    reader = Client()
    html = reader.get(offer.url).content.decode()
    assert "Wykonamy części aluminiowe według dokumentacji." in html
    assert "Nowy opis" not in html
    assert "Opublikowano; zmiany czekają na akceptację" in client.get(reverse("accounts:entries")).content.decode()
    # The edit form shows the owner's latest version, not the public one.
    assert (
        "Nowy opis, jeszcze niezatwierdzony."
        in client.get(reverse("accounts:offer_edit", args=[offer.pk])).content.decode()
    )

    offer.refresh_from_db()
    moderate(moderator_client, offer, "approve", capture=django_capture_on_commit_callbacks)
    assert "Nowy opis, jeszcze niezatwierdzony." in reader.get(offer.url).content.decode()


def test_owner_cannot_edit_someone_elses_entry(client, representative):
    foreign_company = CompanyFactory(submitted_by=User.objects.create_user("inny", "inny@x.example", "x"))
    foreign_offer = OfferFactory(company=foreign_company, submitted_by=foreign_company.submitted_by)
    unowned = CompanyFactory()
    for name, pk in (
        ("accounts:company_edit", foreign_company.pk),
        ("accounts:offer_edit", foreign_offer.pk),
        ("accounts:company_edit", unowned.pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404
        assert client.post(reverse(name, args=[pk]), company_data(name="Przejęta")).status_code == 404
    assert not Company.objects.filter(name="Przejęta").exists()


def test_offer_can_only_name_one_of_the_owners_companies(client, representative):
    own = add_company(client)
    foreign = CompanyFactory()
    response = client.post(reverse("accounts:offer_add"), offer_data(foreign))
    assert response.status_code == 200
    assert "Wybierz poprawną wartość" in response.content.decode()
    assert not Offer.objects.filter(title="Frezowanie CNC części aluminiowych").exists()
    assert add_offer(client, own).company == own


def test_offer_must_expire_in_the_future(client, representative):
    company = add_company(client)
    response = client.post(
        reverse("accounts:offer_add"), offer_data(company, valid_until=timezone.localdate().isoformat())
    )
    assert "Data ważności oferty musi przypadać w przyszłości." in response.content.decode()
    assert not Offer.objects.exists() or not Offer.objects.filter(submitted_by=representative).exists()


def test_my_entries_shows_an_expired_offer_as_expired(client, representative, site_tree):
    company = CompanyFactory(submitted_by=representative)
    OfferFactory(
        title="Stara oferta",
        company=company,
        submitted_by=representative,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    html = client.get(reverse("accounts:entries")).content.decode()
    assert "Stara oferta" in html and "Wygasło" in html


def test_adding_an_offer_without_a_company_asks_for_the_company_first(client, representative):
    response = client.get(reverse("accounts:offer_add"))
    assert response["Location"] == reverse("accounts:company_add")


def png(size=(200, 100), noise=False):
    """PNG bytes; random noise does not compress, so a noisy 1000 × 1000 image weighs about 3 MB."""
    pixels = os.urandom(size[0] * size[1] * 3) if noise else bytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, "PNG")
    return buffer.getvalue()


def test_company_with_a_logo_image_is_submitted(client, representative):
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = client.post(reverse("accounts:company_add"), {**company_data(), "logo_file": logo})
    assert response.status_code == 302
    company = Company.objects.get(name="Frezarnia Nowak Sp. z o.o.")
    assert company.logo.width == 200


def test_logo_of_a_submission_that_fails_after_storing_it_leaves_no_file(client, representative, monkeypatch):
    storage = default_storage  # where Wagtail keeps image files
    before = set(storage.listdir("original_images")[1]) if storage.exists("original_images") else set()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away after the logo was stored")

    monkeypatch.setattr("accounts.submissions.CreateAction.execute", fail)
    logo = SimpleUploadedFile("logo-sierota.png", png(), content_type="image/png")
    with pytest.raises(RuntimeError):
        client.post(reverse("accounts:company_add"), {**company_data(), "logo_file": logo})

    after = set(storage.listdir("original_images")[1]) if storage.exists("original_images") else set()
    assert after == before
    assert not get_image_model().objects.filter(title="Frezarnia Nowak Sp. z o.o.").exists()


@pytest.mark.parametrize(
    ("make_file", "error"),
    [
        (
            lambda: SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image at all", content_type="image/png"),
            "Prześlij poprawny plik graficzny",
        ),
        (
            lambda: SimpleUploadedFile("logo.png", png((1000, 1000), noise=True), content_type="image/png"),
            "Logo jest za duże",
        ),
        (
            lambda: SimpleUploadedFile("logo.png", png((4200, 4000)), content_type="image/png"),
            "Logo ma za dużo pikseli",
        ),
    ],
    ids=["renamed-non-image", "oversize", "too-many-pixels"],
)
def test_bad_logo_is_refused_with_a_clear_error_and_nothing_is_stored(client, representative, make_file, error):
    response = client.post(reverse("accounts:company_add"), {**company_data(), "logo_file": make_file()})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Company.objects.filter(submitted_by=representative).exists()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("nip", "5540123454", "Numer NIP ma niepoprawną cyfrę kontrolną."),
        ("regon", "534640974", "REGON"),
        ("postal_code", "85790", "00-000"),
        ("website", "nie adres", "nie może zawierać spacji"),
        ("website", 'https://frezarnia.example/"><script>alert(1)</script>', "nie może zawierać spacji, cudzysłowów"),
        ("website", "javascript:alert(1)", "zaczynający się od http:// lub https://"),
        ("website", "ftp://frezarnia.example/", "zaczynający się od http:// lub https://"),
        ("name", "Frezarnia \u202eKAWON", "Pole zawiera niedozwolone znaki sterujące."),
        ("city", "Bydgoszcz\x00", "Pole zawiera niedozwolone znaki sterujące."),
        ("email", "biuro@frezar\u2066nia.example", "Pole zawiera niedozwolone znaki sterujące."),
        ("description", "Opis\u202d odwrócony", "Pole zawiera niedozwolone znaki sterujące."),
    ],
)
def test_invalid_company_data_gets_polish_errors_and_stores_nothing(client, representative, field, value, error):
    response = client.post(reverse("accounts:company_add"), company_data(**{field: value}))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Company.objects.filter(submitted_by=representative).exists()


def test_script_tags_are_stripped_from_submitted_text(client, representative):
    company = add_company(
        client,
        name="<script>alert(1)</script>Frezarnia <b>Nowak</b>",
        description="<script>alert('x')</script><img src=x onerror=alert(1)>Opis",
    )
    assert "<" not in company.name and company.name.endswith("Frezarnia Nowak")
    assert "<script" not in company.description and "<img" not in company.description


def test_offer_text_keeps_tabs_and_line_breaks_but_refuses_other_control_characters(client, representative):
    company = add_company(client)
    offer = add_offer(client, company, summary="Pierwsza linia.\r\n\tDruga linia.")
    assert offer.summary == "Pierwsza linia.\r\n\tDruga linia."
    response = client.post(reverse("accounts:offer_add"), offer_data(company, title="Oferta\tz tabulatorem"))
    assert response.status_code == 200
    assert "Pole zawiera niedozwolone znaki sterujące." in response.content.decode()


def test_burst_of_entry_submissions_is_rate_limited_per_account(client, representative):
    statuses = [
        client.post(
            reverse("accounts:company_add"), company_data(name=f"Firma {n}"), REMOTE_ADDR=f"10.0.0.{n}"
        ).status_code
        for n in range(50)
    ]
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}
    assert Company.objects.filter(submitted_by=representative).count() == 5


def test_honeypot_entry_is_silently_dropped(client, representative):
    response = client.post(reverse("accounts:company_add"), company_data(leave_empty="x"))
    assert response.status_code == 302
    assert not Company.objects.filter(submitted_by=representative).exists()


# Express interest


@pytest.fixture
def offer(site_tree):
    company = CompanyFactory(name="Odlewnia Prywatna", email="prywatny@odlewnia.example", contact_public=False)
    return OfferFactory(title="Odlewy z żeliwa", company=company)


def interest_data(**overrides):
    return {"name": "Anna Czytelniczka", "email": "anna@czytelnik.example", "message": "Proszę o wycenę.", **overrides}


def test_offer_page_links_to_the_interest_form_and_never_shows_the_private_address(client, offer):
    html = client.get(offer.url).content.decode()
    assert reverse("accounts:interest", args=[offer.pk]) in html
    # No form on the offer's page itself: without a CSRF token the page stays in the page cache.
    assert "csrfmiddlewaretoken" not in html
    form = client.get(reverse("accounts:interest", args=[offer.pk])).content.decode()
    assert "Napisz do firmy" in html
    assert "trafi e-mailem do firmy Odlewnia Prywatna" in form and "csrfmiddlewaretoken" in form
    for page in (html, form):
        assert "prywatny@odlewnia.example" not in page


def test_expressed_interest_reaches_the_company_over_smtp_and_is_kept_for_editors(
    client, offer, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:interest", args=[offer.pk]), interest_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wiadomość wysłana" in html and "prywatny@odlewnia.example" not in html

    [received] = smtp_server
    assert received["to"] == ["prywatny@odlewnia.example"]
    assert received["message"]["Reply-To"] == "anna@czytelnik.example"
    assert received["subject"] == "Zainteresowanie ofertą „Odlewy z żeliwa”"
    assert "Proszę o wycenę." in received["body"]

    interest = Interest.objects.get()
    assert (interest.offer, interest.company_name, interest.email) == (
        offer,
        "Odlewnia Prywatna",
        "anna@czytelnik.example",
    )


def test_editors_read_the_leads_in_the_admin(client, offer):
    Interest.objects.create(
        offer=offer, offer_title=offer.title, company_name="Odlewnia", name="Anna", email="a@x.example", message="Hej"
    )
    editor = User.objects.create_user("redaktor", "r@x.example", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/admin/interests/")
    assert response.status_code == 200
    assert "a@x.example" in response.content.decode()
    assert client.get("/admin/interests/new/").status_code in (302, 403)


def test_a_100_kb_message_is_refused_with_a_length_error(client, offer):
    response = client.post(reverse("accounts:interest", args=[offer.pk]), interest_data(message="x" * 100_000))
    assert response.status_code == 400
    assert "Upewnij się, że ta wartość ma co najwyżej 5000 znaków" in response.content.decode()
    assert not Interest.objects.exists() and mail.outbox == []


def test_interest_text_is_stored_without_markup(client, offer):
    client.post(reverse("accounts:interest", args=[offer.pk]), interest_data(message="<script>alert(1)</script>Cena?"))
    assert Interest.objects.get().message == "alert(1)Cena?"


@pytest.mark.parametrize(
    "field, value",
    [("name", "Anna\u202e Nowak"), ("name", "Anna\tNowak"), ("message", "Cena?\x1b[2J"), ("message", "\u2066Cena?")],
)
def test_interest_with_control_characters_is_refused_in_polish(client, offer, field, value):
    response = client.post(reverse("accounts:interest", args=[offer.pk]), interest_data(**{field: value}))
    assert response.status_code == 400
    assert "Pole zawiera niedozwolone znaki sterujące." in response.content.decode()
    assert not Interest.objects.exists() and mail.outbox == []


def test_interest_message_keeps_its_lines(client, offer):
    client.post(reverse("accounts:interest", args=[offer.pk]), interest_data(message="Dzień dobry,\r\n\tcena?"))
    assert Interest.objects.get().message == "Dzień dobry,\r\n\tcena?"


def test_interest_honeypot_is_silently_dropped(client, offer):
    response = client.post(reverse("accounts:interest", args=[offer.pk]), interest_data(leave_empty="buy"))
    assert response.status_code == 200
    assert not Interest.objects.exists() and mail.outbox == []


def test_burst_of_50_expressions_of_interest_is_rate_limited(client, offer):
    statuses = [
        client.post(reverse("accounts:interest", args=[offer.pk]), interest_data()).status_code for _ in range(50)
    ]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    assert Interest.objects.count() == 5 and OutgoingMail.objects.filter(kind="accounts/interest").count() == 5


def test_interest_in_a_draft_offer_is_not_possible(client, site_tree):
    draft = OfferFactory(live=False)
    assert client.post(reverse("accounts:interest", args=[draft.pk]), interest_data()).status_code == 404


def test_invalid_edit_leaves_the_stored_entry_unchanged(client, representative):
    company = add_company(client)
    response = client.post(
        reverse("accounts:company_edit", args=[company.pk]), company_data(name="Zmieniona", nip="5540123454")
    )
    assert response.status_code == 200
    assert "Numer NIP ma niepoprawną cyfrę kontrolną." in response.content.decode()
    company.refresh_from_db()
    assert company.name == "Frezarnia Nowak Sp. z o.o."
    assert company.get_latest_revision_as_object().name == "Frezarnia Nowak Sp. z o.o."


def test_entry_added_on_the_english_site_is_an_english_entry(client, representative):
    with translation.override("en"):
        url = reverse("accounts:company_add")
    assert url == "/en/account/company/add/"
    response = client.post(url, company_data())
    assert response.status_code == 302
    company = Company.objects.get(submitted_by=representative)
    assert company.locale.language_code == "en"


def test_interest_is_kept_for_the_editors_even_when_the_mail_server_is_down(client, offer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = client.post(reverse("accounts:interest", args=[offer.pk]), interest_data())
    assert response.status_code == 200
    assert Interest.objects.get().email == "anna@czytelnik.example"
