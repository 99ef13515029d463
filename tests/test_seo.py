"""What search engines and social sites read: sitemap, robots.txt, canonical URLs, Open Graph, JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_both_languages_with_hreflang_alternates(client):
    urls = sitemap(client)
    polish = next(loc for loc in urls if loc.endswith("/aktualnosci/klastry/"))
    english = next(loc for loc in urls if loc.endswith("/en/news/clusters/"))
    assert urls[polish] == {"pl": polish, "en": english}
    assert urls[english] == {"pl": polish, "en": english}
    assert any(loc.endswith("/en/clusters/bydgoszcz-industrial-cluster/") for loc in urls)


def test_sitemap_lists_registry_entries_with_their_translations(client):
    urls = sitemap(client)
    company = next(loc for loc in urls if loc.endswith("/baza-przedsiebiorstw/solarwro/"))
    assert urls[company]["en"].endswith("/en/companies/solarwro/")
    assert any(loc.endswith("/baza-uslug/audyt-efektywnosci-energetycznej/") for loc in urls)


def test_sitemap_leaves_out_drafts_private_pages_and_expired_offers(client, site_tree):
    make_article(site_tree["sections"]["news"]["pl"], title="Szkic", slug="szkic-mapy", live=False)
    OfferFactory(slug="oferta-szkic", live=False)
    CompanyFactory(slug="firma-szkic", live=False)
    locations = " ".join(sitemap(client))
    assert "szkic-mapy" not in locations
    assert "oferta-szkic" not in locations
    assert "firma-szkic" not in locations
    assert "wolne-moce-wtryskarek-2025" not in locations


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert re.search(r"^Sitemap: https?://\S+/sitemap.xml$", text, re.MULTILINE)


def head(client, path):
    html = client.get(path).content.decode()
    return html[: html.index("</head>")]


def test_article_has_canonical_description_open_graph_and_news_article(client):
    html = head(client, "/aktualnosci/klastry/")
    assert re.search(r'<link rel="canonical" href="https?://[^"]+/aktualnosci/klastry/">', html)
    assert '<meta name="description" content="Klaster to ważne narzędzie' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="pl_PL">' in html
    assert re.search(r'<link rel="alternate" hreflang="en" href="https?://[^"]+/en/news/clusters/">', html)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Klastry"
    assert data["datePublished"] == "2014-11-20"
    assert data["author"]["name"] == "AW"


def test_home_page_describes_the_organization(client):
    html = head(client, "/en/")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Organization"
    assert data["name"] == "Regional Development Agency"
    assert '<meta property="og:locale" content="en_GB">' in html


def test_company_page_has_organization_data_without_hidden_contacts(client):
    company = CompanyFactory(name="Firma SEO", slug="firma-seo", email="ukryty@example.com", contact_public=False)
    html = head(client, company.url)
    assert re.search(r'<link rel="canonical" href="https?://[^"]+/baza-przedsiebiorstw/firma-seo/">', html)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Organization" and data["taxID"] == company.nip
    assert "ukryty@example.com" not in html


def test_json_ld_cannot_break_out_of_its_script_element(client, site_tree):
    article = make_article(site_tree["sections"]["news"]["pl"], title="</script><script>alert(1)</script>", slug="xss")
    html = head(client, article.url)
    assert "<script>alert(1)" not in html
