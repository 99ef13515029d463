"""What is kept for staff stays with staff, and only public things are named: private pages and
documents refuse reader accounts, unpublished companies are never named by a cluster, an API filter
by a hidden cluster answers as one by an unknown id, and links to private documents are plain text."""

import importlib
from io import BytesIO

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from pypdf import PdfReader

from articles.models import ArticlePage
from clusters.models import ClusterIndexPage, ClusterMember, ClusterPage
from cms.restrictions import STAFF_ONLY_LABEL
from tests.factories import CompanyFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db

PASSWORD = "Kapusta-z-grochem-77"


@pytest.fixture
def reader_client(client):
    """A reader as a confirmed sign-up leaves one (accounts/): an active account, no group, no permission."""
    User.objects.create_user("jan@firma.example", "jan@firma.example", PASSWORD)
    assert (
        client.post(reverse("accounts:login"), {"username": "jan@firma.example", "password": PASSWORD}).status_code
        == 302
    )
    return client


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_user("redaktor", "redaktor@example.com", "haslo-redaktora")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def staff_page(site_tree):
    page = make_article(site_tree["sections"]["news"]["pl"], title="Notatka dla zespołu", slug="notatka")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def private_document(title="Protokół zarządu", name="protokol.pdf"):
    collection = Collection.get_first_root_node().add_child(name="Dla zespołu")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4 poufne", name=name), collection=collection)


# Restrictions readers cannot satisfy.


def test_a_fresh_reader_is_refused_a_page_for_logged_in_users(reader_client, staff_page):
    response = reader_client.get("/aktualnosci/notatka/")
    assert response.status_code == 403
    assert "Notatka dla zespołu" not in response.content.decode()
    assert "Brak dostępu" in response.content.decode()


def test_a_fresh_reader_is_refused_a_document_of_a_private_collection(reader_client, demo):
    document = private_document()
    response = reader_client.get(document.url)
    assert response.status_code == 403
    assert b"poufne" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_an_editor_reads_the_page_and_the_document(editor_client, staff_page):
    response = editor_client.get("/aktualnosci/notatka/")
    assert response.status_code == 200
    assert "Notatka dla zespołu" in response.content.decode()
    document = private_document()
    response = editor_client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 poufne"


def test_an_anonymous_reader_is_still_sent_to_log_in(client, staff_page):
    response = client.get("/aktualnosci/notatka/")
    assert response.status_code == 302
    assert "next=/aktualnosci/notatka/" in response["Location"]
    assert client.get(private_document().url).status_code == 302


def test_a_reader_finds_nothing_private_in_the_api(reader_client, staff_page):
    document = private_document()
    articles = reader_client.get("/api/articles/", {"limit": 100}).json()
    assert staff_page.pk not in [item["id"] for item in articles["items"]]
    assert reader_client.get(f"/api/articles/{staff_page.pk}/").status_code == 404
    assert reader_client.get(f"/api/documents/{document.pk}/").status_code == 404


def test_the_privacy_modal_says_the_option_is_for_agency_staff(editor_client, staff_page):
    with translation.override("en"):
        assert str(STAFF_ONLY_LABEL).startswith("Private, for agency staff")
    with translation.override("pl"):
        assert str(STAFF_ONLY_LABEL).startswith("Prywatne, dla pracowników agencji")
    editor = User.objects.get(username="redaktor")
    editor.is_superuser = True  # who may change a page's privacy
    editor.save()
    response = editor_client.get(reverse("wagtailadmin_pages:set_privacy", args=[staff_page.pk]))
    assert "Prywatne, dla pracowników agencji" in response.json()["html"]


# Only published companies are named by a cluster.


@pytest.fixture
def cluster_with_drafts(site_tree):
    index = ClusterIndexPage.objects.get(locale__language_code="pl")
    coordinator = CompanyFactory(name="Koordynator w szkicu", slug="koordynator-w-szkicu", live=False)
    cluster = make_cluster(index, title="Klaster Szkiców", slug="klaster-szkicow", coordinator=coordinator)
    ClusterMember.objects.create(cluster=cluster, company=CompanyFactory(name="Członek opublikowany"))
    ClusterMember.objects.create(cluster=cluster, company=CompanyFactory(name="Członek w szkicu", live=False))
    return cluster


def test_cluster_page_names_no_unpublished_member_or_coordinator(client, cluster_with_drafts):
    html = client.get("/klastry/klaster-szkicow/").content.decode()
    assert "Członek opublikowany" in html
    assert "Członek w szkicu" not in html
    assert "Koordynator w szkicu" not in html


def test_api_names_no_unpublished_member_or_coordinator(client, cluster_with_drafts):
    item = client.get(f"/api/clusters/{cluster_with_drafts.pk}/").json()
    assert item["coordinator"] is None
    assert [member["name"] for member in item["members"]] == ["Członek opublikowany"]
    listed = client.get("/api/clusters/", {"fields": "coordinator,members", "limit": 100}).json()["items"]
    [same] = [cluster for cluster in listed if cluster["id"] == cluster_with_drafts.pk]
    assert same["coordinator"] is None
    assert "w szkicu" not in str(listed)


# An API filter by a hidden object answers exactly as one by an unknown id.


@pytest.mark.parametrize("endpoint", ["companies", "articles"])
@pytest.mark.parametrize("hidden", ["draft", "private"])
def test_api_filter_by_a_hidden_cluster_answers_like_an_unknown_one(client, site_tree, endpoint, hidden):
    index = ClusterIndexPage.objects.get(locale__language_code="pl")
    cluster = make_cluster(index, title="Klaster ukryty", slug="klaster-ukryty", live=hidden != "draft")
    if hidden == "private":
        PageViewRestriction.objects.create(page=cluster, restriction_type=PageViewRestriction.LOGIN)
    ClusterMember.objects.create(cluster=cluster, company=CompanyFactory(name="Członek ukrytego klastra"))
    article = make_article(site_tree["sections"]["news"]["pl"], title="O ukrytym klastrze", slug="o-ukrytym")
    article.related_clusters.create(cluster=cluster)
    unknown_id = ClusterPage.objects.order_by("-pk").first().pk + 1000

    hidden_answer = client.get(f"/api/{endpoint}/", {"cluster": cluster.pk})
    unknown_answer = client.get(f"/api/{endpoint}/", {"cluster": unknown_id})
    assert hidden_answer.status_code == unknown_answer.status_code == 200
    assert hidden_answer.json() == unknown_answer.json() == {"total": 0, "limit": 20, "offset": 0, "items": []}


def test_api_filter_by_a_draft_company_answers_like_an_unknown_one(client, site_tree):
    draft = CompanyFactory(name="Firma w szkicu", live=False)
    answer = client.get("/api/offers/", {"company": draft.pk})
    assert answer.status_code == 200
    assert answer.json() == client.get("/api/offers/", {"company": draft.pk + 100_000}).json()


# A link to a private document is plain text.


@pytest.fixture
def article_linking_a_private_document(demo):
    document = private_document(title="Tajny protokół", name="tajny.pdf")
    news = ArticlePage.objects.live().get(slug="klastry", locale__language_code="pl").get_parent()
    paragraph = (
        f'<p>Zobacz <a linktype="document" id="{document.pk}">protokół posiedzenia</a> '
        '<a href="https://example.com/">i stronę</a>.</p>'
    )
    body = [
        ("paragraph", paragraph),
        ("document", {"document": document, "title": "Protokół w bloku"}),
        ("document", {"document": document, "title": ""}),
    ]
    make_article(news, title="Z dokumentem", slug="z-dokumentem", body=body)
    return document


def test_a_link_to_a_private_document_is_plain_text_on_the_site(client, article_linking_a_private_document):
    document = article_linking_a_private_document
    # The print view is this page under the print stylesheet.
    html = client.get("/aktualnosci/z-dokumentem/").content.decode()
    assert "Zobacz protokół posiedzenia" in html
    assert "Protokół w bloku" in html
    assert f"/documents/{document.pk}/" not in html
    assert "Tajny protokół" not in html
    assert "<a>" not in html
    assert '<a href="https://example.com/">i stronę</a>' in html


def test_a_link_to_a_private_document_is_plain_text_in_the_api(client, article_linking_a_private_document):
    document = article_linking_a_private_document
    page = ArticlePage.objects.get(slug="z-dokumentem")
    body = client.get(f"/api/articles/{page.pk}/").json()["body"]
    assert "Zobacz protokół posiedzenia" in body[0]["value"]
    assert "<a>" not in body[0]["value"]
    assert body[1]["value"] == {"title": "Protokół w bloku", "url": None, "document": None}
    assert body[2]["value"] == {"title": "", "url": None, "document": None}
    assert f"/documents/{document.pk}/" not in str(body)
    assert "Tajny protokół" not in str(body)


def test_a_link_to_a_private_document_is_plain_text_in_the_pdf(client, article_linking_a_private_document):
    document = article_linking_a_private_document
    response = client.get("/aktualnosci/z-dokumentem/pdf/")
    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "protokół posiedzenia" in text
    links = [
        annotation.get_object().get("/A", {}).get("/URI", "")
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
    ]
    assert not [link for link in links if f"/documents/{document.pk}/" in link]
    assert "Tajny protokół" not in text


def test_a_link_to_a_public_document_stays_a_link(client, demo):
    document = Document.objects.create(title="Regulamin", file=ContentFile(b"x", name="regulamin.pdf"))
    news = ArticlePage.objects.live().get(slug="klastry", locale__language_code="pl").get_parent()
    body = [("paragraph", f'<p><a linktype="document" id="{document.pk}">regulamin</a></p>')]
    make_article(news, title="Z regulaminem", slug="z-regulaminem", body=body)
    html = client.get("/aktualnosci/z-regulaminem/").content.decode()
    assert f'<a href="{document.url}">regulamin</a>' in html


def test_saved_login_restrictions_are_migrated_to_the_staff_groups(site_tree, reader_client):
    page = make_article(site_tree["sections"]["news"]["pl"], title="Plan pracy zespołu", slug="plan-pracy")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    document = private_document()
    migration = importlib.import_module("cms.migrations.0002_login_restrictions_to_staff_groups")
    migration.login_to_staff_groups(django_apps, None)

    restriction.refresh_from_db()
    collection_restriction = document.collection.get_view_restrictions().get()
    for saved in (restriction, collection_restriction):
        assert saved.restriction_type == PageViewRestriction.GROUPS
        assert {group.name for group in saved.groups.all()} == {"Editors", "Moderators"}
    # The reader who signed up is still refused; an editor still reads it.
    assert reader_client.get(page.url).status_code in (302, 403)
    editor = User.objects.create_user("redaktorka", "redaktorka@example.com", "haslo-redaktorki")
    editor.groups.add(Group.objects.get(name="Editors"))
    reader_client.force_login(editor)
    assert reader_client.get(page.url).status_code == 200
