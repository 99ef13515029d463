"""The public clusters section: the map of Poland, the filters, the cluster profile and the home page teaser."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from articles.models import ArticleRelatedCluster
from clusters.map import SHADES
from clusters.models import ClusterIndexPage, ClusterMember, ClusterPage
from registry.models import Sector
from tests.factories import CompanyFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def page(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def cluster_map(html, map_id="cluster-map"):
    """The map's <svg> element, parsed."""
    match = re.search(rf'<svg class="cluster-map__svg"[^>]*aria-labelledby="{map_id}-title">.*?</svg>', html, re.S)
    assert match, f"no map {map_id!r} in the page"
    return ET.fromstring(match.group(0))  # noqa: S314 - the site's own markup, not untrusted input


def shapes(svg):
    return {path.get("data-voivodeship"): path for path in svg.iter(f"{SVG}path") if path.get("data-voivodeship")}


def outlined(svg):
    """The path of the voivodeship drawn as selected, or None."""
    overlay = next((path for path in svg.iter(f"{SVG}path") if path.get("class") == "cluster-map__selected"), None)
    return overlay.get("d") if overlay is not None else None


def points(svg):
    """{title: (x, y)} of the cluster points."""
    return {
        circle.findtext(f"{SVG}title"): (float(circle.get("cx")), float(circle.get("cy")))
        for circle in svg.iter(f"{SVG}circle")
    }


def listed(html):
    """The cluster names in the list (the table), in order."""
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a></th>', html)


def inside(point, path):
    """Whether a point lies inside an SVG path of M…L…Z subpaths (even-odd rule)."""
    x, y = point
    crossings = 0
    for subpath in re.findall(r"M([^Z]*)Z", path):
        corners = [tuple(map(float, pair.split())) for pair in subpath.split("L")]
        for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def polish_clusters():
    return ClusterPage.objects.published("pl")


def test_index_map_has_the_sixteen_voivodeships_and_a_point_per_public_cluster(client, site_tree):
    make_cluster(
        site_tree["sections"]["clusters"]["pl"],
        title="Klaster w szkicu",
        live=False,
        latitude="51.25",
        longitude="22.57",
    )
    svg = cluster_map(page(client, "/klastry/"))
    assert len(shapes(svg)) == 16
    found = points(svg)
    assert len(found) == polish_clusters().count() == 6
    assert "Bydgoski Klaster Przemysłowy (Bydgoszcz)" in found
    assert not any("Klaster w szkicu" in title for title in found)


def test_draft_cluster_is_not_counted(client, site_tree):
    make_cluster(site_tree["sections"]["clusters"]["pl"], title="Szkic", live=False, voivodeship="lubelskie")
    assert shapes(cluster_map(page(client, "/klastry/")))["lubelskie"].get("data-count") == "0"


def test_shading_reflects_the_number_of_clusters(client, demo):
    html = page(client, "/klastry/")
    regions = shapes(cluster_map(html))
    assert {code: path.get("data-count") for code, path in regions.items() if path.get("data-count") != "0"} == {
        "kujawsko-pomorskie": "2",
        "lodzkie": "1",
        "pomorskie": "1",
        "podkarpackie": "1",
        "dolnoslaskie": "1",
    }
    fills = dict(SHADES)
    assert regions["kujawsko-pomorskie"].get("fill") == fills[2]
    assert regions["lodzkie"].get("fill") == fills[1]
    assert regions["mazowieckie"].get("fill") == fills[0]
    assert 'aria-label="kujawsko-pomorskie: 2 klastry"' in html
    assert "Clusters per voivodeship" in page(client, "/en/clusters/")


def test_voivodeship_links_filter_the_list_and_keep_the_other_filters(client, demo):
    svg = cluster_map(page(client, "/klastry/", sector="lotnictwo"))
    link = next(a for a in svg.iter(f"{SVG}a") if a.find(f"{SVG}path") is not None)
    query = parse_qs(link.get("href").lstrip("?"))
    assert query["sector"] == ["lotnictwo"]
    assert query["voivodeship"][0] in shapes(svg)


def test_voivodeship_filter_lists_only_its_clusters_in_polish(client, demo):
    html = page(client, "/klastry/", voivodeship="kujawsko-pomorskie")
    assert listed(html) == ["Bydgoski Klaster Przemysłowy", "Toruński Klaster Technologii Medycznych"]
    svg = cluster_map(html)
    assert outlined(svg) == shapes(svg)["kujawsko-pomorskie"].get("d")
    assert 'aria-label="kujawsko-pomorskie: 2 klastry" aria-current="true"' in html
    assert len(points(svg)) == 6  # the map still shows every cluster


def test_voivodeship_filter_lists_only_its_clusters_in_english(client, demo):
    assert listed(page(client, "/en/clusters/", voivodeship="kujawsko-pomorskie")) == ["Bydgoszcz Industrial Cluster"]
    html = page(client, "/en/clusters/", voivodeship="lodzkie")
    assert listed(html) == []
    assert "No clusters match these filters." in html


def test_sector_filter(client, demo):
    assert listed(page(client, "/klastry/", sector="lotnictwo")) == ["Podkarpacki Klaster Lotniczy"]
    assert listed(page(client, "/en/clusters/", sector="przemysl-metalowy")) == ["Bydgoszcz Industrial Cluster"]


def test_sector_filter_matches_a_cluster_pointing_at_the_other_languages_sector(client, site_tree):
    polish_sector = Sector.objects.get(slug="lotnictwo", locale__language_code="pl")
    make_cluster(
        site_tree["sections"]["clusters"]["en"],
        title="Aviation Valley",
        slug="aviation-valley",
        sectors=[polish_sector],
    )
    html = page(client, "/en/clusters/", sector="lotnictwo")
    assert listed(html) == ["Aviation Valley"]
    assert '<option value="lotnictwo" selected>Aviation</option>' in html


def test_key_national_cluster_filter(client, site_tree):
    make_cluster(
        site_tree["sections"]["clusters"]["pl"],
        title="Klaster po terminie",
        is_key_national_cluster=True,
        key_national_cluster_until=YESTERDAY,
    )
    assert listed(page(client, "/klastry/", kkk="1")) == [
        "Bydgoski Klaster Przemysłowy",
        "Podkarpacki Klaster Lotniczy",
        "Pomorski Klaster Morski",
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"voivodeship": "atlantyda"},
        {"sector": "nie-ma-takiego"},
        {"kkk": "xyz"},
        {"voivodeship": "", "sector": "", "kkk": ""},
        {"page": "abc", "voivodeship": "<script>"},
        {"sector": "lotnictwo' OR 1=1 --"},
    ],
)
def test_nonsense_filter_values_show_the_unfiltered_list(client, demo, query):
    assert len(listed(page(client, "/klastry/", **query))) == 6


def test_a_nonsense_value_does_not_undo_the_valid_filters(client, demo):
    assert listed(page(client, "/klastry/", voivodeship="lodzkie", kkk="xyz")) == ["Łódzki Klaster Mody i Tekstyliów"]


def test_points_lie_inside_the_map_and_bydgoszcz_is_north_west_of_rzeszow(client, demo):
    svg = cluster_map(page(client, "/klastry/"))
    _x, _y, width, height = map(float, svg.get("viewBox").split())
    found = points(svg)
    assert all(0 <= x <= width and 0 <= y <= height for x, y in found.values())
    bydgoszcz, rzeszow = (
        found["Bydgoski Klaster Przemysłowy (Bydgoszcz)"],
        found["Podkarpacki Klaster Lotniczy (Rzeszów)"],
    )
    assert bydgoszcz[0] < rzeszow[0]
    assert bydgoszcz[1] < rzeszow[1]


def test_each_cluster_point_lies_on_its_voivodeship(client, demo):
    svg = cluster_map(page(client, "/klastry/"))
    regions = shapes(svg)
    found = points(svg)
    for cluster in polish_clusters():
        point = found[f"{cluster.title} ({cluster.city})"]
        assert inside(point, regions[cluster.voivodeship].get("d")), cluster.title
        assert not inside(point, regions["mazowieckie"].get("d"))


def test_cluster_page_shows_its_point_its_voivodeship_and_a_link_to_the_others(client, demo):
    html = page(client, "/klastry/bydgoski-klaster-przemyslowy/")
    svg = cluster_map(html, "location-map")
    assert list(points(svg)) == ["Bydgoski Klaster Przemysłowy (Bydgoszcz)"]
    assert outlined(svg) == shapes(svg)["kujawsko-pomorskie"].get("d")
    assert shapes(svg)["kujawsko-pomorskie"].get("fill") != shapes(svg)["lodzkie"].get("fill")
    assert 'href="/klastry/?voivodeship=kujawsko-pomorskie"' in html


def test_cluster_page_shows_its_related_news_only(client, site_tree):
    cluster = ClusterPage.objects.get(slug="bydgoski-klaster-przemyslowy")
    make_article(
        site_tree["sections"]["news"]["pl"],
        title="Szkic o klastrze",
        live=False,
        related_clusters=[ArticleRelatedCluster(cluster=cluster)],
    )
    html = page(client, cluster.url)
    assert 'href="/aktualnosci/klastry/"' in html
    assert "Koordynatorzy klastrów na giełdzie kooperacyjnej BSR Stars" in html
    assert "Nowy nabór do statusu Krajowego Klastra Kluczowego" not in html  # about two other clusters
    assert "Szkic o klastrze" not in html

    english = page(client, "/en/clusters/bydgoszcz-industrial-cluster/")
    assert 'href="/en/news/clusters/"' in english
    assert "BSR Stars" not in english  # that article has no English version


def test_cluster_page_links_members_and_coordinator_to_their_company_pages(client, demo):
    html = page(client, "/klastry/bydgoski-klaster-przemyslowy/")
    assert '<a href="/baza-przedsiebiorstw/metalplast-bydgoszcz/">Metalplast Bydgoszcz Sp. z o.o.</a>' in html
    assert "(KRS 0000295476)" in html
    english = page(client, "/en/clusters/bydgoszcz-industrial-cluster/")
    assert '<a href="/en/companies/metalplast-bydgoszcz/">Metalplast Bydgoszcz</a>' in english


def test_a_draft_member_company_is_not_named(client, demo):
    cluster = ClusterPage.objects.get(slug="bydgoski-klaster-przemyslowy")
    company = CompanyFactory(name="Firma w przygotowaniu", slug="firma-w-przygotowaniu", live=False)
    ClusterMember.objects.create(cluster=cluster, company=company)
    html = page(client, cluster.url)
    assert "Firma w przygotowaniu" not in html
    assert "firma-w-przygotowaniu" not in html
    assert "Metalplast Bydgoszcz Sp. z o.o." in html


def test_home_page_shows_the_map_teaser(client, demo):
    for path, index_url in [("/", "/klastry/"), ("/en/", "/en/clusters/")]:
        html = page(client, path)
        svg = cluster_map(html, "cluster-teaser-map")
        assert len(shapes(svg)) == 16
        assert points(svg) == {}
        assert re.search(rf'<a class="cluster-map-teaser" href="{index_url}">\s*<svg', html)
    assert "Mapa klastrów według województw: 6 klastrów" in page(client, "/")


def test_the_maps_follow_publishing_and_unpublishing_at_once(client, demo):
    # Both maps are kept in the fragment cache until content changes.
    def counts():
        index = shapes(cluster_map(page(client, "/klastry/")))["lubelskie"].get("data-count")
        teaser = shapes(cluster_map(page(client, "/"), "cluster-teaser-map"))["lubelskie"].get("data-count")
        return index, teaser

    assert counts() == ("0", "0")
    index = ClusterIndexPage.objects.get(locale__language_code="pl")
    cluster = make_cluster(index, title="Klaster Lubelski", voivodeship="lubelskie")
    assert counts() == ("1", "1")
    assert "Mapa klastrów według województw: 7 klastrów" in page(client, "/")
    cluster.unpublish()
    assert counts() == ("0", "0")


def test_counts_by_voivodeship_come_from_one_aggregate_query(demo):
    with CaptureQueriesContext(connection) as context:
        counts = polish_clusters().counts_by_voivodeship()
    assert counts["kujawsko-pomorskie"] == 2
    assert [query["sql"] for query in context.captured_queries if "clusters_clusterpage" in query["sql"]] == [
        next(query["sql"] for query in context.captured_queries if "GROUP BY" in query["sql"])
    ]


def queries(client, path):
    client.get(path)  # warms the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_index_queries_are_the_same_for_5_and_50_clusters(client, site_tree):
    index = site_tree["sections"]["clusters"]["pl"]
    sector = Sector.objects.get(slug="lotnictwo", locale__language_code="pl")

    def add(numbers):
        for i in numbers:
            make_cluster(
                index,
                title=f"Klaster {i:02d}",
                slug=f"klaster-{i:02d}",
                latitude=f"{50 + i / 20:.2f}",
                longitude=f"{15 + i / 10:.1f}",
                voivodeship="podkarpackie",
                is_key_national_cluster=True,
                sectors=[sector],
            )

    filtered = "/klastry/?voivodeship=podkarpackie&sector=lotnictwo&kkk=1"
    add(range(5))
    few = queries(client, "/klastry/"), queries(client, filtered)
    add(range(5, 50))
    many = queries(client, "/klastry/"), queries(client, filtered)
    assert few == many


def test_cluster_page_queries_are_the_same_for_5_and_50_members(client, demo):
    cluster = ClusterPage.objects.get(slug="bydgoski-klaster-przemyslowy")
    ClusterMember.objects.filter(cluster=cluster).delete()

    def add(numbers):
        for i in numbers:
            ClusterMember.objects.create(
                cluster=cluster, company=CompanyFactory(name=f"Członek {i}", slug=f"czlonek-{i}")
            )

    add(range(5))
    few = queries(client, cluster.url)
    add(range(5, 50))
    many = queries(client, cluster.url)
    assert few == many
    assert "/baza-przedsiebiorstw/czlonek-49/" in page(client, cluster.url)
