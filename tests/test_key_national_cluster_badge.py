"""The KKK badge (Key National Cluster) is explained in words on the cluster list and the cluster's page."""

import re

import pytest

from clusters.models import ClusterPage

pytestmark = pytest.mark.django_db

LEGEND_PL = "KKK</span> – Krajowy Klaster Kluczowy: status nadawany przez Ministra Rozwoju i Technologii"
BADGE = r'<span class="badge" aria-hidden="true">KKK</span><span class="visually-hidden">(.*?)</span>'
LEGEND_EN = "KNC</span> – Key National Cluster: a status granted by the Minister of Development and Technology"


def html(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_cluster_list_explains_the_badge_and_screen_readers_hear_the_full_name(client, demo):
    page = html(client, "/klastry/")
    assert LEGEND_PL in page
    badges = re.findall(BADGE, page)
    key_national = ClusterPage.objects.live().filter(locale__language_code="pl", is_key_national_cluster=True)
    assert badges
    assert set(badges) == {"Krajowy Klaster Kluczowy"}
    assert len(badges) <= key_national.count()
    assert "<abbr" not in page


def test_english_cluster_list_explains_the_badge_in_english(client, demo):
    assert LEGEND_EN in html(client, "/en/clusters/")


def test_the_page_of_a_key_national_cluster_explains_the_status_and_others_do_not(client, demo):
    clusters = ClusterPage.objects.live().filter(locale__language_code="pl")
    key_national = next(cluster for cluster in clusters if cluster.key_national_cluster_valid)
    other = next(cluster for cluster in clusters if not cluster.key_national_cluster_valid)
    assert LEGEND_PL in html(client, key_national.url)
    assert "Krajowy Klaster Kluczowy:" not in html(client, other.url)
