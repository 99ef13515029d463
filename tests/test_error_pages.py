"""Error pages speak the reader's language."""

import pytest

from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [("/nie-ma-takiej-strony/", "pl", "Nie znaleziono strony"), ("/en/no-such-page/", "en", "Page not found")],
)
def test_page_not_found_is_in_the_readers_language(client, path, language, text):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert text in html


@pytest.mark.parametrize(
    ("path", "language", "text", "home"),
    [("/", "pl", "Błąd serwera", 'href="/"'), ("/en/", "en", "Server error", 'href="/en/"')],
)
def test_server_error_is_in_the_readers_language(client, monkeypatch, path, language, text, home):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(HomePage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert text in html and home in html
    assert "simulated failure" not in html
