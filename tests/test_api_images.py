"""Images come with their original, their focal point and the renditions a client chooses from an allowlist."""

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest
from PIL import features

from articles.models import ArticleIndexPage
from tests.factories import make_article

pytestmark = pytest.mark.django_db

WEBP_AND_CROP = "width-400|format-webp,fill-300x200"


def get(client, path, status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def photo(db):
    return Image.objects.create(
        title="Hala",
        file=get_test_image_file(filename="hala.png", size=(1000, 800)),
        focal_point_x=500,
        focal_point_y=400,
        focal_point_width=100,
        focal_point_height=80,
    )


@pytest.fixture
def article(demo, photo):
    news = ArticleIndexPage.objects.get(locale__language_code="pl")
    return make_article(news, title="Ze zdjęciem", slug="ze-zdjeciem-hali", header_image=photo)


def test_an_image_carries_its_original_and_its_focal_point(client, photo):
    plain = Image.objects.create(title="Bez punktu", file=get_test_image_file(filename="plain.png", size=(640, 480)))
    image = get(client, f"/api/images/{photo.pk}/")
    assert image["url"].startswith("http://testserver/media/original_images/hala")
    assert image["focal_point"] == {"x": 500, "y": 400, "width": 100, "height": 80}
    assert get(client, f"/api/images/{plain.pk}/")["focal_point"] is None


def test_chosen_renditions_come_in_order_with_url_width_and_height(client, photo):
    image = get(client, f"/api/images/{photo.pk}/", renditions=WEBP_AND_CROP)
    webp, crop = image["chosen_renditions"]
    assert (webp["spec"], webp["width"], webp["height"]) == ("width-400|format-webp", 400, 320)
    assert webp["url"].startswith("http://testserver/media/images/") and webp["url"].endswith(".webp")
    assert (crop["spec"], crop["width"], crop["height"]) == ("fill-300x200", 300, 200)
    assert get(client, f"/api/images/{photo.pk}/")["chosen_renditions"] == []


def test_chosen_renditions_come_with_every_image_of_an_answer(client, article, photo):
    header = get(client, f"/api/articles/{article.pk}/", renditions=WEBP_AND_CROP)["header_image"]
    assert [r["spec"] for r in header["chosen_renditions"]] == ["width-400|format-webp", "fill-300x200"]
    listed = get(client, "/api/articles/", renditions="width-800", limit=100)["items"]
    header = next(item for item in listed if item["id"] == article.pk)["header_image"]
    assert [(r["width"], r["height"]) for r in header["chosen_renditions"]] == [(800, 640)]
    images = get(client, "/api/images/", renditions="width-800", limit=100)["items"]
    assert next(item for item in images if item["id"] == photo.pk)["chosen_renditions"][0]["width"] == 800


@pytest.mark.parametrize("path", ["/api/images/", "/api/images/{pk}/", "/api/articles/", "/api/clusters/"])
def test_a_rendition_not_offered_answers_400_naming_it(client, photo, path):
    error = get(client, path.format(pk=photo.pk), status=400, renditions="width-400,width-4000")
    assert "width-4000" in error["detail"] and "width-400," not in error["detail"].split(".")[0]


def test_avif_is_offered_where_pillow_can_write_it(client, photo):
    if features.check("avif"):
        avif = get(client, f"/api/images/{photo.pk}/", renditions="width-800|format-avif")["chosen_renditions"][0]
        assert avif["url"].endswith(".avif") and avif["width"] == 800
    else:
        get(client, f"/api/images/{photo.pk}/", status=400, renditions="width-800|format-avif")


def test_image_addresses_share_the_configured_base_url(client, article, settings):
    settings.API_BASE_URL = "https://portal.example.pl"
    header = get(client, f"/api/articles/{article.pk}/", renditions="width-400")["header_image"]
    addresses = [header["url"], header["api_url"], *(r["url"] for r in header["renditions"].values())]
    addresses.append(header["chosen_renditions"][0]["url"])
    assert all(address.startswith("https://portal.example.pl/") for address in addresses), addresses
