"""The demo agency's settings: a fictional but realistic name, address, contacts, identifiers,
social links, logo and funding marks (placeholders drawn as simple shapes, demo/images/)."""

from pathlib import Path

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Site

from cms.agency import AgencySettings

from .structure import HOME_TITLES

IMAGES = Path(__file__).parent / "images"

FUNDING_MARKS = [
    # file, Polish alt text, English alt text, link
    (
        "funding-mark-fe-placeholder.png",
        "Znak Funduszy Europejskich (zastępczy)",
        "European Funds mark (placeholder)",
        "https://www.funduszeeuropejskie.gov.pl/",
    ),
    (
        "funding-mark-poland-placeholder.png",
        "Barwy Rzeczypospolitej Polskiej (zastępczy)",
        "Flag of Poland (placeholder)",
        "",
    ),
    (
        "funding-mark-eu-placeholder.png",
        "Dofinansowane przez Unię Europejską (znak zastępczy)",
        "Co-funded by the European Union (placeholder mark)",
        "https://european-union.europa.eu/",
    ),
]


def _image(filename, title):
    """The demo image of this title, uploaded once."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    if image is None:
        with open(IMAGES / filename, "rb") as file:
            image = image_model(title=title, file=ImageFile(file, name=filename))
            image.save()
    return image


def ensure_agency_settings():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    agency = AgencySettings.objects.filter(site=site).first() or AgencySettings(site=site)
    if agency.pk is not None:
        return agency  # an editor's changes are never overwritten
    logo = _image("logo.png", "Logo agencji (demo)")
    agency.name_pl, agency.name_en = HOME_TITLES["pl"], HOME_TITLES["en"]
    agency.short_name_pl, agency.short_name_en = "ARR", "RDA"
    agency.description_pl = (
        "Portal agencji rozwoju regionalnego: aktualności, klastry, baza przedsiębiorstw i baza ofert współpracy."
    )
    agency.description_en = (
        "The regional development agency's portal: news, clusters, a registry of companies and cooperation offers."
    )
    agency.logo = agency.icon = logo
    agency.address = "ul. Gdańska 23\n85-006 Bydgoszcz"
    agency.phone = "+48 52 123 45 67"
    agency.email = "kontakt@arr.example.pl"
    agency.nip, agency.regon, agency.krs = "9671234564", "340123450", "0000123456"
    agency.social_links = [
        ("link", {"label": "Facebook", "url": "https://www.facebook.com/"}),
        ("link", {"label": "LinkedIn", "url": "https://www.linkedin.com/"}),
        ("link", {"label": "YouTube", "url": "https://www.youtube.com/"}),
    ]
    agency.funding_marks = [
        ("mark", {"image": _image(filename, alt_pl), "alt_pl": alt_pl, "alt_en": alt_en, "url": url})
        for filename, alt_pl, alt_en, url in FUNDING_MARKS
    ]
    agency.save()
    return agency
