"""The headless API serves every kind of public content, in Polish and English, with its query language."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.embeds.blocks import EmbedValue
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from articles.models import ArticleIndexPage, ArticlePage, ArticleRelatedCluster
from clusters.models import ClusterIndexPage, ClusterMember, ClusterPage
from cms.locales import in_locale
from registry.models import Company, Offer, Sector
from tests.factories import CompanyFactory, OfferFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db

TRANSLATABLE = ["articles", "clusters", "companies", "offers", "sectors"]
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def get(client, path, status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def listing(client, endpoint, **params):
    return get(client, f"/api/{endpoint}/", **{"limit": 100, **params})


def ids(client, endpoint, **params):
    data = listing(client, endpoint, **params)
    found = [item["id"] for item in data["items"]]
    assert data["total"] == len(found), "the total counts exactly what is listed"
    return found


def values(client, endpoint, key, **params):
    """The set of one field's values over a whole list."""
    return {item[key] for item in listing(client, endpoint, **params)["items"]}


def detail(client, item, **params):
    """Follow an item's api_url (absolute, on WAGTAILAPI_BASE_URL) with the test client."""
    return get(client, "/" + item["api_url"].split("/", 3)[3], **params)


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture
def cluster_index(demo):
    return ClusterIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture
def seed():
    return ArticlePage.objects.get(locale__language_code="pl", slug="klastry")


@pytest.fixture
def bkp():
    return ClusterPage.objects.get(locale__language_code="pl", slug="bydgoski-klaster-przemyslowy")


# Languages, translations and lookups.


@pytest.mark.parametrize("endpoint", TRANSLATABLE)
@pytest.mark.parametrize("locale", ["pl", "en"])
def test_every_endpoint_lists_and_details_demo_content_in_each_language(client, demo, endpoint, locale):
    data = listing(client, endpoint, locale=locale)
    assert data["items"], f"no {endpoint} in {locale}"
    assert {item["locale"] for item in data["items"]} == {locale}
    first = data["items"][0]
    one = detail(client, first)
    assert (one["id"], one["locale"], one["type"]) == (first["id"], locale, first["type"])
    assert one["api_url"] == first["api_url"]


def test_items_link_their_published_translations(client, seed):
    english = ArticlePage.objects.get(translation_key=seed.translation_key, locale__language_code="en")
    polish = get(client, f"/api/articles/{seed.pk}/")
    assert polish["url"] == "http://testserver/aktualnosci/klastry/"
    assert polish["translations"] == [
        {
            "locale": "en",
            "id": english.pk,
            "url": "http://testserver/en/news/clusters/",
            "api_url": f"http://testserver/api/articles/{english.pk}/",
        }
    ]
    assert [t["id"] for t in get(client, f"/api/articles/{english.pk}/")["translations"]] == [seed.pk]


@pytest.mark.parametrize("endpoint", ["clusters", "companies", "offers", "sectors"])
def test_translations_point_at_each_other_for_every_kind(client, demo, endpoint):
    items = listing(client, endpoint, locale="en")["items"]
    translated = [item for item in items if item["translations"]]
    assert translated
    for item in translated:
        for translation in item["translations"]:
            other = get(client, f"/api/{endpoint}/{translation['id']}/")
            assert other["locale"] == translation["locale"] == "pl"
            assert item["id"] in [back["id"] for back in other["translations"]]
            assert other["url"] == translation["url"]


def test_draft_translation_is_not_linked(client, seed):
    english = ArticlePage.objects.get(translation_key=seed.translation_key, locale__language_code="en")
    english.unpublish()
    assert get(client, f"/api/articles/{seed.pk}/")["translations"] == []


@pytest.mark.parametrize(
    "endpoint, slug, locale, title_field, expected",
    [
        ("articles", "klastry", "pl", "title", "Klastry"),
        ("articles", "clusters", "en", "title", "Clusters"),
        ("clusters", "bydgoszcz-industrial-cluster", "en", "title", "Bydgoszcz Industrial Cluster"),
        ("companies", "metalplast-bydgoszcz", "pl", "name", "Metalplast Bydgoszcz Sp. z o.o."),
        ("offers", "short-run-cnc-machining", "en", "title", "Short-run CNC machining of metal parts"),
        ("sectors", "lotnictwo", "en", "name", "Aviation"),
    ],
)
def test_lookup_by_slug_within_a_locale(client, demo, endpoint, slug, locale, title_field, expected):
    found = get(client, f"/api/{endpoint}/by-slug/{slug}/", locale=locale)
    assert found[title_field] == expected
    assert found["locale"] == locale


def test_lookup_by_slug_defaults_to_polish_and_does_not_cross_languages(client, demo):
    assert get(client, "/api/articles/by-slug/klastry/")["locale"] == "pl"
    get(client, "/api/articles/by-slug/klastry/", status=404, locale="en")
    get(client, "/api/articles/by-slug/nie-ma-takiego/", status=404)


# Only what is public, and nothing personal.


def test_drafts_private_pages_and_expired_offers_are_absent_and_not_counted(client, news, cluster_index):
    before = {endpoint: listing(client, endpoint, locale="pl")["total"] for endpoint in TRANSLATABLE}
    draft_article = make_article(news, title="Szkic", slug="szkic-api", live=False)
    private_article = make_article(news, title="Prywatny", slug="prywatny-api")
    PageViewRestriction.objects.create(page=private_article, restriction_type="password", password="x")
    draft_cluster = make_cluster(cluster_index, title="Klaster w szkicu", slug="klaster-szkic", live=False)
    private_cluster = make_cluster(cluster_index, title="Klaster prywatny", slug="klaster-prywatny")
    PageViewRestriction.objects.create(page=private_cluster, restriction_type="login")
    draft_company = CompanyFactory(live=False)
    expired = OfferFactory(valid_until=YESTERDAY)
    of_draft_company = OfferFactory(company=draft_company)
    draft_offer = OfferFactory(live=False)

    after = {endpoint: listing(client, endpoint, locale="pl")["total"] for endpoint in TRANSLATABLE}
    # The published company behind the draft offer is the only new public item.
    assert after == {**before, "companies": before["companies"] + 2}
    hidden = {
        "articles": [draft_article, private_article],
        "clusters": [draft_cluster, private_cluster],
        "companies": [draft_company],
        "offers": [expired, of_draft_company, draft_offer],
    }
    for endpoint, objects in hidden.items():
        listed = ids(client, endpoint)
        for obj in objects:
            assert obj.pk not in listed
            get(client, f"/api/{endpoint}/{obj.pk}/", status=404)
            get(client, f"/api/{endpoint}/by-slug/{obj.slug}/", status=404)
    for query in ("Szkic", "Prywatny", "szkicu"):
        assert get(client, "/api/articles/", search=query)["total"] == 0
        assert get(client, "/api/clusters/", search=query)["total"] == 0


def test_hidden_contact_details_and_submitters_never_appear(client, site_tree):
    submitter = get_user_model().objects.create_user("zglaszajacy", "zglaszajacy@example.com", "x")
    company = CompanyFactory(
        email="prywatny@example.com", phone="+48 600 111 222", contact_public=False, submitted_by=submitter
    )
    OfferFactory(company=company, submitted_by=submitter)
    shown = CompanyFactory(email="biuro@firma.example.com", phone="+48 52 123 45 67")
    everything = "".join(
        client.get(path, {"fields": "*"}).content.decode()
        for path in ("/api/companies/", f"/api/companies/{company.pk}/", "/api/offers/", "/api/clusters/")
    )
    for secret in ("prywatny@example.com", "600 111 222", "zglaszajacy", "submitted_by"):
        assert secret not in everything
    item = get(client, f"/api/companies/{company.pk}/")
    assert (item["email"], item["phone"]) == ("", "")
    item = get(client, f"/api/companies/{shown.pk}/")
    assert (item["email"], item["phone"]) == ("biuro@firma.example.com", "+48 52 123 45 67")


def test_cluster_does_not_name_an_unpublished_member(client, bkp):
    draft = CompanyFactory(name="Członek w szkicu", live=False)
    ClusterMember.objects.create(cluster=bkp, company=draft)
    members = get(client, f"/api/clusters/{bkp.pk}/")["members"]
    assert "Członek w szkicu" not in [member["name"] for member in members]
    assert members and all(member["api_url"].endswith(f"/api/companies/{member['id']}/") for member in members)


def test_article_names_only_published_related_clusters(client, news, cluster_index, bkp):
    hidden = make_cluster(cluster_index, title="Ukryty", slug="ukryty", live=False)
    article = make_article(news, title="O klastrach", slug="o-klastrach")
    ArticleRelatedCluster.objects.create(article=article, cluster=bkp)
    ArticleRelatedCluster.objects.create(article=article, cluster=hidden)
    related = get(client, f"/api/articles/{article.pk}/")["related_clusters"]
    assert [cluster["id"] for cluster in related] == [bkp.pk]
    assert related[0]["url"] == "http://testserver/klastry/bydgoski-klaster-przemyslowy/"


# The query language.


def test_fields_choose_what_each_item_carries(client, demo):
    item = listing(client, "articles", fields="title,date")["items"][0]
    assert set(item) == {"id", "type", "api_url", "locale", "title", "date"}
    item = listing(client, "articles", fields="*")["items"][0]
    assert {"body", "related_clusters", "translations", "seo_title"} <= set(item)
    item = listing(client, "articles")["items"][0]
    assert "body" not in item and {"title", "lead", "url", "translations"} <= set(item)
    one = get(client, f"/api/articles/{item['id']}/")
    assert {"body", "related_clusters", "translations", "seo_title"} <= set(one)
    refused = get(client, f"/api/articles/{item['id']}/", status=400, fields="lead")
    assert "one item always comes whole" in refused["detail"]


def test_order_limit_and_offset_page_through_a_stable_total(client, demo):
    oldest_first = [item["date"] for item in listing(client, "articles", order="date")["items"]]
    assert oldest_first == sorted(oldest_first)
    newest_first = [item["date"] for item in listing(client, "articles")["items"]]
    assert newest_first == sorted(newest_first, reverse=True)
    everything = ids(client, "companies", order="-name")
    pages = [get(client, "/api/companies/", order="-name", limit=4, offset=offset) for offset in (0, 4, 8, 12, 16)]
    assert [item["id"] for page in pages for item in page["items"]] == everything
    assert {page["total"] for page in pages} == {len(everything)}
    assert pages[1]["limit"] == 4 and pages[1]["offset"] == 4


def test_the_total_follows_publishing_and_view_restrictions(client, demo):
    def total():
        return get(client, "/api/companies/", locale="pl", limit=1)["total"]

    before = total()  # now kept in the shared cache until content changes
    company = CompanyFactory(name="Nowa Firma", slug="nowa-firma", live=False)
    company.save_revision().publish()
    assert total() == before + 1
    company.refresh_from_db()  # the publish went through a copy made from the revision
    company.unpublish()
    assert total() == before
    article_total = get(client, "/api/articles/", locale="pl", limit=1)["total"]
    article = ArticlePage.objects.live().get(slug="klastry", locale__language_code="pl")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert get(client, "/api/articles/", locale="pl", limit=1)["total"] == article_total - 1


def test_article_filters_by_tag_dates_and_cluster(client, demo, bkp):
    assert values(client, "articles", "title", tag="KKK") == {"Nowy nabór do statusu Krajowego Klastra Kluczowego"}
    assert values(client, "articles", "title", date_from="2014-10-01", date_to="2014-10-31") == {
        "Koordynatorzy klastrów na giełdzie kooperacyjnej BSR Stars"
    }
    assert values(client, "articles", "title", date_from="2026-01-01") == {
        "Nowy nabór do statusu Krajowego Klastra Kluczowego"
    }
    # A cluster in any of its languages finds the articles about it in every language.
    english_bkp = ClusterPage.objects.get(translation_key=bkp.translation_key, locale__language_code="en")
    expected = {"Klastry", "Clusters", "Koordynatorzy klastrów na giełdzie kooperacyjnej BSR Stars"}
    assert values(client, "articles", "title", cluster=bkp.pk) == expected
    assert values(client, "articles", "title", cluster=english_bkp.pk) == expected
    assert values(client, "articles", "title", cluster=bkp.pk, locale="en") == {"Clusters"}


def test_cluster_filters_by_voivodeship_sector_and_key_national_status(client, demo):
    def short_names(**params):
        return values(client, "clusters", "short_name", locale="pl", **params)

    assert short_names(voivodeship="kujawsko-pomorskie") == {"BKP", "TKTM"}
    assert short_names(sector="lotnictwo") == {"PKL"}
    assert short_names(key_national_cluster="true") == {"BKP", "PKM", "PKL"}
    assert short_names(key_national_cluster="false") == {"TKTM", "ŁKMiT", "DKEO"}
    assert short_names(voivodeship="mazowieckie") == set()


def test_company_filters_by_voivodeship_sector_size_and_cluster(client, demo, bkp):
    def slugs(**params):
        return values(client, "companies", "slug", locale="pl", **params)

    assert slugs(voivodeship="lodzkie") == {"tkaniny-lodzkie", "instytut-technologii-materialow"}
    assert slugs(sector="lotnictwo") == {"aerotech-rzeszow"}
    assert slugs(size="large") == {"tkaniny-lodzkie", "aerotech-rzeszow"}
    assert slugs(cluster=bkp.pk) == {"metalplast-bydgoszcz", "stowarzyszenie-bydgoski-klaster-przemyslowy"}
    assert slugs(voivodeship="lodzkie", size="large") == {"tkaniny-lodzkie"}


def test_offer_filters_by_kind_sector_company_and_voivodeship(client, demo):
    def slugs(**params):
        return values(client, "offers", "slug", locale="pl", **params)

    solarwro = Company.objects.get(slug="solarwro", locale__language_code="pl")
    assert slugs(kind="rd_request") == {"partner-badawczy-magazyny-energii"}
    assert slugs(sector="energia-odnawialna") == {
        "partner-badawczy-magazyny-energii",
        "audyt-efektywnosci-energetycznej",
    }
    assert slugs(company=solarwro.pk) == slugs(voivodeship="dolnoslaskie")
    assert slugs(company=solarwro.pk, kind="service") == {"audyt-efektywnosci-energetycznej"}
    # The expired offer of Metalplast stays out whatever the filter.
    assert slugs(voivodeship="kujawsko-pomorskie", kind="business_offer") == {"obrobka-cnc-krotkie-serie"}


def test_search_finds_public_items_only(client, site_tree):
    public = OfferFactory(title="Anodowanie aluminium w Toruniu")
    OfferFactory(title="Anodowanie aluminium w szkicu", live=False)
    OfferFactory(title="Anodowanie aluminium wygasłe", valid_until=YESTERDAY)
    data = get(client, "/api/offers/", search="anodowanie", locale="pl")
    assert [item["id"] for item in data["items"]] == [public.pk]
    assert data["total"] == 1
    assert listing(client, "sectors", search="lotnic", locale="pl")["items"][0]["slug"] == "lotnictwo"


@pytest.mark.parametrize("query", ['CNC "w krótkich', "' OR 1=1 --", 'klaster"'])
def test_search_copes_with_stray_quotes(client, demo, query):
    for endpoint in ("articles", "companies", "offers", "images"):
        assert client.get(f"/api/{endpoint}/", {"search": query}).status_code == 200


@pytest.mark.parametrize("query", ['"', "*", "(", "x" * 2000])
def test_search_without_words_or_too_long_answers_400_with_a_message(client, demo, query):
    for endpoint in ("articles", "companies", "offers"):
        response = client.get(f"/api/{endpoint}/", {"search": query})
        assert response.status_code == 400
        assert response.json()["detail"]


@pytest.mark.parametrize(
    "path, params, words",
    [
        ("/api/articles/", {"colour": "red"}, "Unknown query parameter(s): colour"),
        ("/api/articles/", {"limit": "0"}, "limit"),
        ("/api/articles/", {"limit": "101"}, "limit"),
        ("/api/articles/", {"limit": "many"}, "limit"),
        ("/api/articles/", {"offset": "-1"}, "offset"),
        ("/api/articles/", {"locale": "de"}, "locale"),
        ("/api/articles/", {"order": "lead"}, "order"),
        ("/api/articles/", {"date_from": "2020-13-01"}, "date_from"),
        ("/api/articles/", {"date_from": "2021-01-02", "date_to": "2021-01-01"}, "date_from must not be later"),
        ("/api/articles/", {"cluster": "0"}, "cluster"),
        ("/api/articles/", {"fields": "title,secret"}, "Unknown field(s): secret"),
        ("/api/articles/", {"fields": "title;drop"}, "fields"),
        ("/api/clusters/", {"key_national_cluster": "perhaps"}, "key_national_cluster"),
        ("/api/clusters/", {"voivodeship": "bawaria"}, "voivodeship"),
        ("/api/clusters/", {"tag": "klastry"}, "Unknown query parameter(s): tag"),
        ("/api/companies/", {"size": "huge"}, "size"),
        ("/api/companies/", {"sector": "no spaces"}, "sector"),
        ("/api/offers/", {"kind": "gift"}, "kind"),
        ("/api/offers/", {"company": "x"}, "company"),
        ("/api/offers/", {"search": "zero\x00byte"}, "search"),
        # `locale` asks for Polish, so the error comes in Polish even where the endpoint has no languages.
        ("/api/images/", {"locale": "pl"}, "Nieznane parametry zapytania: locale"),
        ("/api/articles/1/", {"order": "title"}, "Unknown query parameter(s): order"),
        ("/api/articles/0/", {}, "pk"),
        ("/api/articles/abc/", {}, "pk"),
        ("/api/articles/99999999999999999999999/", {}, "pk"),
    ],
)
def test_unknown_parameters_and_bad_values_answer_400_with_a_message(client, demo, path, params, words):
    data = get(client, path, status=400, **params)
    assert words in data["detail"]


@pytest.mark.parametrize(
    "path, params, name",
    [
        ("/api/articles/", {"limit": "١٠"}, "limit"),
        ("/api/articles/", {"limit": "²"}, "limit"),
        ("/api/articles/", {"limit": "1_0"}, "limit"),
        ("/api/articles/", {"limit": "+5"}, "limit"),
        ("/api/articles/", {"limit": " 5"}, "limit"),
        ("/api/articles/", {"limit": "5.0"}, "limit"),
        ("/api/companies/", {"offset": "٠"}, "offset"),
        ("/api/companies/", {"cluster": "1_0"}, "cluster"),
        ("/api/offers/", {"company": "٣"}, "company"),
        ("/api/companies/١/", {}, "pk"),
        ("/api/companies/+1/", {}, "pk"),
    ],
)
def test_numbers_in_parameters_are_ascii_digits_only(client, demo, path, params, name):
    data = get(client, path, status=400, **params)
    assert data["detail"].startswith(f"Invalid request: {name}: Input should be a whole number")


def test_repeated_parameter_answers_400(client, demo):
    response = client.get("/api/articles/?limit=1&limit=2")
    assert response.status_code == 400
    assert "more than once: limit" in response.json()["detail"]


# Payloads: rich text, StreamField, images and documents ready to show.


def test_article_body_is_rendered_as_typed_blocks_with_resolved_links(client, news, seed):
    photo = Image.objects.create(title="Giełda", file=get_test_image_file(filename="gielda.png", size=(1000, 800)))
    doc = Document.objects.create(title="Regulamin", file=ContentFile(b"%PDF-1.4", name="regulamin.pdf"))
    article = make_article(
        news,
        title="Z blokami",
        slug="z-blokami",
        header_image=photo,
        body=[
            ("heading", {"text": "Śródtytuł", "level": "h3"}),
            ("paragraph", RichText(f'<p>Zobacz <a linktype="page" id="{seed.pk}">artykuł</a>.</p>')),
            ("quote", {"text": "Cytat.", "source": "Porter"}),
            ("image", {"image": photo, "caption": "Uczestnicy", "attribution": "TARR"}),
            ("embed", EmbedValue("https://video.example.com/watch/1")),
            ("document", {"document": doc, "title": ""}),
        ],
    )
    body = get(client, f"/api/articles/{article.pk}/")["body"]
    assert [block["type"] for block in body] == ["heading", "paragraph", "quote", "image", "embed", "document"]
    assert all(block["id"] for block in body)
    heading, paragraph, quote, image, embed, document = (block["value"] for block in body)
    assert heading == {"text": "Śródtytuł", "level": "h3"}
    assert (
        paragraph
        == f'<p>Zobacz <a href="/aktualnosci/klastry/" data-type="article" data-id="{seed.pk}">artykuł</a>.</p>'
    )
    assert quote == {"text": "Cytat.", "source": "Porter"}
    assert image["caption"] == "Uczestnicy" and image["attribution"] == "TARR"
    assert image["image"]["renditions"]["thumbnail"]["width"] == 300
    assert embed == {"url": "https://video.example.com/watch/1", "html": None}
    assert document["title"] == "Regulamin"
    assert document["url"] == f"http://testserver/documents/{doc.pk}/{doc.filename}"
    assert document["document"]["api_url"] == f"http://testserver/api/documents/{doc.pk}/"


def test_links_in_an_english_article_lead_to_english_pages(client, news, seed):
    english_news = ArticleIndexPage.objects.get(locale__language_code="en")
    article = make_article(
        english_news,
        title="Links",
        slug="links",
        body=[("paragraph", RichText(f'<p><a linktype="page" id="{seed.pk}">Clusters</a></p>'))],
    )
    body = get(client, f"/api/articles/{article.pk}/")["body"]
    english_seed = seed.get_translation(english_news.locale)
    assert body[0]["value"] == (
        f'<p><a href="/en/news/clusters/" data-type="article" data-id="{english_seed.pk}">Clusters</a></p>'
    )
    assert "linktype" not in client.get("/api/articles/", {"fields": "body"}).content.decode()


def test_images_come_in_named_sizes_with_focal_point_and_alt_text(client, news):
    photo = Image.objects.create(
        title="Hala produkcyjna",
        description="Hala z maszynami CNC",
        file=get_test_image_file(filename="hala.png", size=(2000, 1500)),
        focal_point_x=500,
        focal_point_y=400,
        focal_point_width=100,
        focal_point_height=80,
    )
    article = make_article(news, title="Ze zdjęciem", slug="ze-zdjeciem", header_image=photo)
    header = get(client, f"/api/articles/{article.pk}/")["header_image"]
    assert header["alt"] == "Hala z maszynami CNC"
    assert (header["width"], header["height"]) == (2000, 1500)
    assert header["focal_point"] == {"x": 500, "y": 400, "width": 100, "height": 80}
    sizes = {name: (r["width"], r["height"]) for name, r in header["renditions"].items()}
    assert sizes == {"thumbnail": (300, 200), "medium": (800, 600), "large": (1600, 1200)}
    assert all(r["url"].startswith("http") for r in header["renditions"].values())
    image = get(client, f"/api/images/{photo.pk}/")
    assert image["renditions"] == header["renditions"]
    assert photo.pk in ids(client, "images")


def test_documents_in_restricted_collections_are_not_listed(client, demo):
    public = Document.objects.create(title="Publiczny", file=ContentFile(b"x", name="publiczny.txt"))
    private_collection = Collection.get_first_root_node().add_child(name="Zarząd")
    CollectionViewRestriction.objects.create(collection=private_collection, restriction_type="login")
    private = Document.objects.create(
        title="Poufny", file=ContentFile(b"x", name="poufny.txt"), collection=private_collection
    )
    listed = ids(client, "documents")
    assert public.pk in listed and private.pk not in listed
    get(client, f"/api/documents/{private.pk}/", status=404)
    assert get(client, f"/api/documents/{public.pk}/")["file_extension"] == "txt"


def test_offer_embeds_its_company_and_sectors_in_its_own_language(client, demo):
    offer = Offer.objects.get(slug="short-run-cnc-machining", locale__language_code="en")
    item = get(client, f"/api/offers/{offer.pk}/")
    assert item["company"]["name"] == "Metalplast Bydgoszcz"
    assert item["company"]["url"] == "http://testserver/en/companies/metalplast-bydgoszcz/"
    assert [sector["name"] for sector in item["sectors"]] == ["Metal industry"]
    assert [kind["code"] for kind in item["cooperation_types"]] == ["subcontracting", "manufacturing"]
    sector = Sector.objects.get(slug="przemysl-metalowy", locale__language_code="en")
    assert item["sectors"][0]["api_url"].endswith(f"/api/sectors/{sector.pk}/")


def test_cluster_embeds_coordinator_members_and_labels(client, bkp):
    item = get(client, f"/api/clusters/{bkp.pk}/")
    assert item["coordinator"]["name"] == "Stowarzyszenie Bydgoski Klaster Przemysłowy"
    assert {member["name"] for member in item["members"]} == {
        "Metalplast Bydgoszcz Sp. z o.o.",
        "Stowarzyszenie Bydgoski Klaster Przemysłowy",
    }
    assert item["is_key_national_cluster"] is True
    assert item["excellence_label"]["code"] == "silver"
    assert (item["latitude"], item["longitude"]) == (53.1235, 18.0084)
    assert item["description"].startswith("<p>Najstarsza inicjatywa")


def test_a_language_added_later_is_found_by_its_code_at_once(demo):
    # Language codes are turned into locale ids through the shared cache, which a new locale empties.
    assert not in_locale(Company.objects.all(), "de").exists()
    german = Locale.objects.create(language_code="de")
    CompanyFactory(locale=german, name="Deutsche Firma GmbH")
    assert list(in_locale(Company.objects.all(), "de").values_list("name", flat=True)) == ["Deutsche Firma GmbH"]
