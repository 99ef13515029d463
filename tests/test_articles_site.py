"""The news list: tag and year filters, RSS and Atom feeds per language, related clusters."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_news_list_filters_by_tag(client):
    html = client.get("/aktualnosci/", {"tag": "kkk"}).content.decode()
    assert "Nowy nabór do statusu Krajowego Klastra Kluczowego" in html
    assert "Koordynatorzy klastrów na giełdzie" not in html


def test_news_list_filters_by_year(client):
    html = client.get("/aktualnosci/", {"year": "2014"}).content.decode()
    assert "Koordynatorzy klastrów na giełdzie kooperacyjnej BSR Stars" in html
    assert "Nowy nabór do statusu" not in html


@pytest.mark.parametrize("params", [{"tag": "nie-ma-takiego"}, {"year": "1850"}, {"year": "abc"}, {"page": "x"}])
def test_nonsense_news_filters_show_the_unfiltered_list(client, params):
    response = client.get("/aktualnosci/", params)
    assert response.status_code == 200
    assert "Nowy nabór do statusu" in response.content.decode()


def test_tags_on_an_article_link_to_the_filtered_list(client):
    html = client.get("/aktualnosci/klastry/").content.decode()
    assert 'href="/aktualnosci/?tag=een"' in html


def test_article_links_keep_the_list_filter_for_the_back_link(client):
    html = client.get("/aktualnosci/", {"year": "2014"}).content.decode()
    assert "/aktualnosci/klastry/?from=year%3D2014" in html


def feed_items(client, path):
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return response, root


def test_rss_feed_lists_polish_news_newest_first(client, site_tree):
    make_article(site_tree["sections"]["news"]["pl"], title="Szkic w kanale", slug="szkic-kanal", live=False)
    response, root = feed_items(client, "/aktualnosci/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles[0] == "Nowy nabór do statusu Krajowego Klastra Kluczowego"
    assert "Klastry" in titles
    assert "Szkic w kanale" not in titles
    assert root.find("channel").findtext("language") == "pl"


def test_atom_feed_in_english_lists_english_news(client):
    response, root = feed_items(client, "/en/news/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [entry.findtext("a:title", namespaces=ns) for entry in root.findall("a:entry", ns)]
    assert titles == ["Clusters"]
    link = root.find("a:entry/a:link", ns).get("href")
    assert link.endswith("/en/news/clusters/")


def test_news_list_advertises_its_feeds(client):
    html = client.get("/aktualnosci/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/aktualnosci/rss/"' in html
    assert 'href="/aktualnosci/atom/"' in html


def test_english_article_links_the_english_cluster(client):
    html = client.get("/en/news/clusters/").content.decode()
    assert 'href="/en/clusters/bydgoszcz-industrial-cluster/"' in html


def test_article_related_to_an_untranslated_cluster_links_the_original(client, site_tree):
    from articles.models import ArticleRelatedCluster
    from clusters.models import ClusterPage

    cluster = ClusterPage.objects.get(slug="pomorski-klaster-morski")
    article = make_article(
        site_tree["sections"]["news"]["en"], title="Maritime news", slug="maritime", date=datetime.date(2026, 1, 1)
    )
    ArticleRelatedCluster.objects.create(article=article, cluster=cluster)
    html = client.get("/en/news/maritime/").content.decode()
    assert 'href="/klastry/pomorski-klaster-morski/"' in html


def test_the_news_total_and_filter_choices_follow_publishing(client, site_tree):
    def news_list():
        response = client.get("/aktualnosci/")
        return response.context["articles"].paginator.count, response.content.decode()

    total, html = news_list()  # totals and choices are now kept in the shared cache
    assert 'value="2031"' not in html
    assert 'value="przyszlosc"' not in html

    news = site_tree["sections"]["news"]["pl"]
    article = make_article(news, title="Wiadomość z przyszłości", slug="z-przyszlosci", date=datetime.date(2031, 1, 5))
    article.tags.add("przyszlosc")
    article.save_revision().publish()
    published_total, html = news_list()
    assert published_total == total + 1
    assert 'value="2031"' in html
    assert 'value="przyszlosc"' in html

    article.unpublish()
    assert news_list()[0] == total
    assert 'value="2031"' not in news_list()[1]
