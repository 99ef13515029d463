"""What a Polish public body must publish: the accessibility statement, the privacy policy and the RODO clause."""

import datetime
import re
from html.parser import HTMLParser

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from articles.models import ArticlePage
from cms.templatetags.site_tags import site_name
from home.models import AccessibilityStatementPage, HomePage, PrivacyPolicyPage
from newsletter.models import Consent, NewsletterPage
from registry.models import Offer
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

# "Warunki techniczne publikacji oraz struktura dokumentu elektronicznego deklaracji dostępności" (version 2.0 of
# 31 July 2024): the ids every statement carries, and those the demo's statement needs as it has a review date.
REQUIRED_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-zakres",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-komunikacja",
    "a11y-aplikacje",
]
DATE_IDS = ["a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-data-sporzadzenie", "a11y-data-przeglad"]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ElementsById(HTMLParser):
    """Every element with an id: {id: [(tag, attributes, text)]}, the text being what the element holds."""

    def __init__(self):
        super().__init__()
        self.found = {}
        self.open = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            entry = [tag, attrs, ""]
            self.found.setdefault(attrs["id"], []).append(entry)
            self.open.append((tag, entry))
        else:
            self.open.append((tag, None))

    def handle_endtag(self, tag):
        while self.open:
            opened, _entry = self.open.pop()
            if opened == tag:
                break

    def handle_data(self, data):
        for _tag, entry in self.open:
            if entry is not None:
                entry[2] += data


def elements_by_id(html):
    parser = ElementsById()
    parser.feed(html)
    return parser.found


def statement(language):
    return AccessibilityStatementPage.objects.get(locale__language_code=language)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_accessibility_statement_carries_every_element_id_of_the_ministry_template(client, demo, language):
    response = client.get(statement(language).url)
    assert response.status_code == 200
    found = elements_by_id(response.content.decode())
    missing = [element_id for element_id in REQUIRED_IDS if element_id not in found]
    assert missing == []
    repeated = [element_id for element_id, elements in found.items() if len(elements) > 1]
    assert repeated == []
    assert found["a11y-url"][0][0] == "a" and found["a11y-email"][0][0] == "a"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_statement_dates_are_written_as_year_month_day(client, demo, language):
    page = statement(language)
    found = elements_by_id(client.get(page.url).content.decode())
    for element_id in DATE_IDS:
        tag, attrs, text = found[element_id][0]
        assert tag == "time"
        assert ISO_DATE.match(attrs["datetime"]) and text.strip() == attrs["datetime"]
    assert found["a11y-data-publikacja"][0][2] == page.site_published_on.isoformat()
    assert found["a11y-data-przeglad"][0][2] == page.reviewed_on.isoformat()


def test_statement_states_its_compliance_and_names_the_ombudsman_in_the_readers_language(client, demo):
    polish = elements_by_id(client.get(statement("pl").url).content.decode())
    english = elements_by_id(client.get(statement("en").url).content.decode())
    assert "częściowo zgodna" in polish["a11y-status"][0][2]
    assert "partially compliant" in english["a11y-status"][0][2]
    assert "Rzecznika Praw Obywatelskich" in polish["a11y-procedura"][0][2]
    assert "Commissioner for Human Rights" in english["a11y-procedura"][0][2]


def test_an_external_audit_names_its_auditor_and_a_self_assessment_does_not(client, demo):
    page = statement("pl")
    assert "a11y-audytor" not in elements_by_id(client.get(page.url).content.decode())
    page.preparation_method, page.auditor = "external_audit", "Fundacja Widzialni"
    page.save_revision().publish()
    found = elements_by_id(client.get(page.url).content.decode())
    assert found["a11y-audytor"][0][2] == "Fundacja Widzialni"


@pytest.fixture
def editor(db):
    user = User.objects.create_user("redaktorka", "redaktorka@example.com", "haslo-redaktorki")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=["home", model._meta.model_name, parent.pk])


@pytest.mark.parametrize("model", [AccessibilityStatementPage, PrivacyPolicyPage])
def test_a_language_that_has_its_legal_page_is_not_offered_a_second_one(editor_client, demo, model):
    polish_home = HomePage.objects.get(locale__language_code="pl")
    chooser = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[polish_home.pk])).content.decode()
    assert add_url(model, polish_home) not in chooser
    assert editor_client.get(add_url(model, polish_home)).status_code != 200


def test_a_statement_can_be_added_in_a_language_that_has_none(editor_client, demo):
    english_home = HomePage.objects.get(locale__language_code="en")
    statement("en").delete()
    chooser = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[english_home.pk])).content.decode()
    assert add_url(AccessibilityStatementPage, english_home) in chooser
    assert editor_client.get(add_url(AccessibilityStatementPage, english_home)).status_code == 200


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (AccessibilityStatementPage, "W tym języku jest już deklaracja dostępności: edytuj istniejącą."),
        (PrivacyPolicyPage, "W tym języku jest już polityka prywatności: edytuj istniejącą."),
    ],
)
def test_a_second_legal_page_saved_another_way_is_refused_with_a_message(demo, model, message):
    existing = model.objects.get(locale__language_code="pl")
    existing.pk = existing.id = existing.page_ptr_id = None
    existing.slug = "druga"
    with translation.override("pl"), pytest.raises(ValidationError) as error:
        existing.full_clean()
    assert message in error.value.messages


def test_a_partially_compliant_statement_must_list_what_is_not_accessible(demo):
    page = statement("pl")
    page.non_accessible_content = ""
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "non_accessible_content" in error.value.message_dict


def reviewed(days_ago):
    page = statement("pl")
    AccessibilityStatementPage.objects.filter(pk=page.pk).update(
        reviewed_on=timezone.localdate() - datetime.timedelta(days=days_ago)
    )


@pytest.mark.parametrize("days_ago", [400, 340])
def test_dashboard_reminds_editors_of_the_yearly_review_when_it_is_due_or_near(editor_client, demo, days_ago):
    reviewed(days_ago)
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Deklaracja dostępności: coroczny przegląd" in html
    assert reverse("wagtailadmin_pages:edit", args=[statement("pl").pk]) in html


def test_dashboard_says_nothing_of_a_review_made_this_year(editor_client, demo):
    reviewed(10)
    AccessibilityStatementPage.objects.exclude(locale__language_code="pl").update(reviewed_on=timezone.localdate())
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "coroczny przegląd" not in html


@pytest.mark.parametrize(("language", "heading"), [("pl", "Administrator danych"), ("en", "Data controller")])
def test_privacy_policy_page_names_the_controller_in_each_language(client, demo, language, heading):
    page = PrivacyPolicyPage.objects.get(locale__language_code=language)
    html = client.get(page.url).content.decode()
    assert heading in html and page.controller in html and page.dpo_contact in html


def rodo_clause(html):
    found = re.search(r'<aside class="rodo-clause".*?</aside>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def reader_client(client):
    user = User.objects.create_user("ewa@firma.example", "ewa@firma.example", "Haslo-testowe-1")
    CompanyFactory(name="Firma Ewy", submitted_by=user)  # offers are added to one's own company
    client.force_login(user)
    return client


def personal_data_forms(language):
    """Every public form that collects personal data, at its address in `language`."""
    offer = Offer.objects.filter(locale__language_code=language).published().first()
    article = ArticlePage.objects.published(language).filter(comments_mode__in=["open", "moderated"]).first()
    with translation.override(language):
        urls = [
            reverse("accounts:signup"),
            reverse("accounts:company_add"),
            reverse("accounts:offer_add"),
            reverse("accounts:interest", args=[offer.pk]),
        ]
    newsletter = NewsletterPage.objects.get(locale__language_code=language)
    return [*urls, article.url, newsletter.url]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_personal_data_form_shows_the_rodo_clause_with_the_agency_and_the_privacy_policy(
    reader_client, demo, language
):
    policy_url = PrivacyPolicyPage.objects.get(locale__language_code=language).url
    with translation.override(language):
        agency = site_name()
    for url in personal_data_forms(language):
        response = reader_client.get(url)
        assert response.status_code == 200, url
        clause = rodo_clause(response.content.decode())
        assert agency in clause, url
        assert f'href="{policy_url}"' in clause, url


def test_the_clause_leaves_the_link_out_where_there_is_no_privacy_policy(client, demo):
    PrivacyPolicyPage.objects.filter(locale__language_code="pl").delete()
    clause = rodo_clause(client.get(reverse("accounts:signup")).content.decode())
    assert "Administratorem Twoich danych osobowych jest" in clause
    assert "href" not in clause


def test_newsletter_consent_names_the_agency_as_the_site_does_and_is_recorded_so(client, demo):
    page = NewsletterPage.objects.get(locale__language_code="pl")
    response = client.post(
        page.url, {"email": "ola@example.com", "language": "pl", "topics": ["news"], "consent": "on"}
    )
    assert response.status_code == 302
    wording = Consent.objects.get(subscriber__email="ola@example.com").wording
    with translation.override("pl"):
        agency = site_name()
    assert agency in wording
    assert agency in client.get(page.url).content.decode()
