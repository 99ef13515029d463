"""Each search result says what it is (one article, one company…) with an icon, and shows why it was found."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

import pytest

from search.queries import KINDS

pytestmark = pytest.mark.django_db


def results(client, url="/szukaj/", **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return re.findall(r"<li>\s*<h3>.*?</li>", response.content.decode(), re.S)


def kind_line(result):
    return re.search(r'<p class="kind">(.*?)</p>', result, re.S).group(1)


def visible_text(html):
    return re.sub(r"<[^>]+>", "", html).strip()


ICONS = {
    "Artykuł": "news",
    "Klaster": "clusters",
    "Przedsiębiorstwo": "companies",
    "Oferta": "offers",
    "Usługa": "services",
}


def test_each_result_names_its_kind_in_the_singular_with_its_icon_and_no_stray_separator(client, demo):
    found = results(client, q="torun")
    kinds = {visible_text(kind_line(result)) for result in found}
    assert {"Przedsiębiorstwo", "Klaster"} <= kinds <= set(ICONS)
    for result in found:
        line = kind_line(result)
        icon = re.search(r'<svg class="kind__icon" aria-hidden="true"[^>]*><use href="([^"]+)">', line).group(1)
        assert icon == f"/static/search/kinds.svg#{ICONS[visible_text(line)]}"


def test_english_results_name_their_kind_in_english(client, demo):
    kinds = {visible_text(kind_line(result)) for result in results(client, "/en/search/", q="torun")}
    assert "Company" in kinds
    assert kinds <= {"Article", "Cluster", "Company", "Offer", "Service"}


def test_every_result_of_a_word_found_only_in_article_bodies_shows_it_marked(client, demo):
    # "giełdy" is in the seed article's body, not in its title or lead.
    found = results(client, q="giełdy")
    assert found
    for result in found:
        assert "<mark>" in result, visible_text(result)
    assert any("<mark>giełda</mark> kooperacyjna" in result.lower() for result in found)


def test_a_search_for_a_kind_of_item_marks_the_kind_of_each_result(client, demo):
    # Every company is indexed with the words for its kind, which its name rarely holds.
    found = results(client, q="przedsiębiorstwa", type="companies")
    assert found
    for result in found:
        assert kind_line(result).endswith("<mark>Przedsiębiorstwo</mark>")


def test_the_icons_sprite_has_an_icon_for_every_kind(client, demo):
    sprite = Path(finders.find("search/kinds.svg")).read_text(encoding="utf-8")
    for kind in KINDS:
        assert f'<symbol id="{kind.slug}"' in sprite
