"""Two app servers share one database, one Redis and one bucket: what an editor does on one is what
readers get from the other, at once, with the page cache on."""

import io
import json
import secrets

import pytest
import requests
from PIL import Image

from tests.deploy.services import running

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

ARTICLE_PATH = "/aktualnosci/klastry/"
NEWS_PATH = "/aktualnosci/"


@pytest.fixture(scope="module")
def servers(topology):
    with running(topology.app_server("a"), topology.app_server("b")) as servers:
        yield servers


@pytest.fixture(scope="module")
def server_a(servers):
    return servers[0]


@pytest.fixture(scope="module")
def server_b(servers):
    return servers[1]


@pytest.fixture(scope="module")
def editor_context(browser, topology, server_a):
    """A browser signed in to the Wagtail admin on server A."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(server_a.url("/admin/login/"))
    page.fill("#id_username", topology.EDITOR)
    page.fill("#id_password", topology.editor_password)
    page.click("form button[type=submit]")
    page.wait_for_url(server_a.url("/admin/"))
    page.close()
    yield context
    context.close()


def reader_get(server, path):
    """What an anonymous reader gets: no cookies, so the page cache applies."""
    response = requests.get(server.url(path), timeout=15)
    assert response.status_code == 200, f"{path} on {server.name} answered {response.status_code}"
    return response


def test_publish_on_one_server_is_served_by_the_other_at_once(topology, server_a, server_b, editor_context):
    article = requests.get(server_b.url("/api/articles/by-slug/klastry/?locale=pl"), timeout=15).json()
    old_title = article["title"]
    # Warm B's page cache: the second answer comes from the shared cache, not from a render.
    for path in (ARTICLE_PATH, "/", NEWS_PATH):
        reader_get(server_b, path)
        warm = reader_get(server_b, path)
        assert warm.headers.get("X-Page-Cache") == "hit", f"{path} was not cached on B"
        assert old_title in warm.text

    new_title = f"Klastry {secrets.token_hex(4)}"
    page = editor_context.new_page()
    page.goto(server_a.url(f"/admin/pages/{article['id']}/edit/"))
    page.fill("#id_title", new_title)
    publish = page.locator('button[name="action-publish"]')
    if not publish.is_visible():  # the primary action is "Save draft"; Publish waits in the action menu
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    publish.click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    page.close()

    for path in (ARTICLE_PATH, "/", NEWS_PATH):
        fresh = reader_get(server_b, path)
        assert new_title in fresh.text, f"B still serves the old title at {path}"


def test_session_made_on_one_server_is_valid_on_the_other(server_a, server_b, editor_context):
    session = {cookie["name"]: cookie["value"] for cookie in editor_context.cookies() if cookie["name"] == "sessionid"}
    assert session, "signing in on A set no session cookie"

    anonymous = requests.get(server_b.url("/admin/"), allow_redirects=False, timeout=15)
    signed_in = requests.get(server_b.url("/admin/"), cookies=session, allow_redirects=False, timeout=15)

    assert anonymous.status_code == 302  # the same request without A's cookie goes to the login page
    assert signed_in.status_code == 200
    assert "editor" in signed_in.text


def test_image_uploaded_through_one_server_is_served_from_the_bucket_by_the_other(
    tmp_path, topology, server_a, server_b, editor_context
):
    title = f"Upload {secrets.token_hex(4)}"
    upload = tmp_path / "upload.png"
    Image.new("RGB", (640, 480), (secrets.randbelow(256), 90, 160)).save(upload)

    page = editor_context.new_page()
    page.goto(server_a.url("/admin/images/add/"))
    page.fill("#id_title", title)
    page.set_input_files("#id_file", upload)
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_url(lambda url: "/add/" not in url)
    page.close()

    newest = requests.get(server_b.url("/api/images/?limit=1"), timeout=15).json()["items"][0]
    assert newest["title"] == title
    original_keys = [key for key in topology.s3.keys(topology.bucket, "original_images/") if "upload" in key]
    assert len(original_keys) == 1
    stored = requests.get(topology.s3.object_url(topology.bucket, original_keys[0]), timeout=15)
    assert stored.content == upload.read_bytes()

    # B makes the renditions itself and writes them to the bucket; readers fetch them from there.
    renditions = requests.get(server_b.url(f"/api/images/{newest['id']}/"), timeout=15).json()["renditions"]
    for rendition in renditions.values():
        assert rendition["url"].startswith(f"{topology.s3.endpoint_url}/{topology.bucket}/")
        served = requests.get(rendition["url"], timeout=15)
        assert served.status_code == 200
        assert Image.open(io.BytesIO(served.content)).size == (rendition["width"], rendition["height"])


def test_app_servers_log_one_json_object_per_request(server_a, server_b):
    reader_get(server_b, NEWS_PATH)
    lines = [line for line in server_b.log_path.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line, access and errors alike
    requests_logged = [record for record in records if record["logger"] == "gunicorn.access"]
    news = [record for record in requests_logged if record["path"] == NEWS_PATH]
    assert news and news[-1]["status"] == 200 and news[-1]["method"] == "GET"
    assert isinstance(news[-1]["duration_ms"], float)
    assert all(record["time"].endswith("+00:00") for record in records)
