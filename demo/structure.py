"""The fixed skeleton of the portal: locales, one home page per language and the section pages.

Both the demo command and the tests build the site with this, so the addresses the later issues
and downstream sites rely on (/aktualnosci/, /en/news/, ...) are defined once.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page, Site

from articles.models import ArticleIndexPage
from clusters.models import ClusterIndexPage
from home.models import HomePage
from newsletter.models import NewsletterPage
from registry.models import CompanyIndexPage, OfferIndexPage
from search.models import SearchPage

# (key, model, extra fields, {language: (title, slug)})
SECTIONS = [
    ("news", ArticleIndexPage, {}, {"pl": ("Aktualności", "aktualnosci"), "en": ("News", "news")}),
    ("clusters", ClusterIndexPage, {}, {"pl": ("Klastry", "klastry"), "en": ("Clusters", "clusters")}),
    (
        "companies",
        CompanyIndexPage,
        {},
        {"pl": ("Baza przedsiębiorstw", "baza-przedsiebiorstw"), "en": ("Companies", "companies")},
    ),
    (
        "offers",
        OfferIndexPage,
        {"listing": OfferIndexPage.Listing.OFFERS},
        {"pl": ("Baza ofert", "baza-ofert"), "en": ("Offers", "offers")},
    ),
    (
        "services",
        OfferIndexPage,
        {"listing": OfferIndexPage.Listing.SERVICES},
        {"pl": ("Baza usług", "baza-uslug"), "en": ("Services", "services")},
    ),
    ("newsletter", NewsletterPage, {}, {"pl": ("Newsletter", "newsletter"), "en": ("Newsletter", "newsletter")}),
    ("search", SearchPage, {}, {"pl": ("Szukaj", "szukaj"), "en": ("Search", "search")}),
]

HOME_TITLES = {"pl": "Agencja Rozwoju Regionalnego", "en": "Regional Development Agency"}


def ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}


def publish(page, user=None):
    page.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
    return page


def translate_page(page, locale, **fields):
    """The page's translation in locale; when missing, a copy with fields changed, published."""
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific
    translation = page.copy_for_translation(locale, copy_parents=False).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    return publish(translation)


@transaction.atomic
def ensure_site_structure():
    """Create or update locales, home pages, the section pages and the default site. Idempotent."""
    locales = ensure_locales()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales["pl"]).first()
    if home is None:
        # Wagtail's first migration leaves a "Welcome to Wagtail" page (and a site pointing at it)
        # that the portal's home replaces.
        Page.objects.filter(depth=2, content_type__model="page", numchild=0).delete()
        home = HomePage(title=HOME_TITLES["pl"], slug="home", locale=locales["pl"])
        root.add_child(instance=home)
        publish(home)

    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.pk is None or site.root_page_id != home.pk:
        # The public address (canonical URLs, sitemap, API links) defaults to the one the admin runs at.
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site.hostname = address.hostname or "localhost"
        site.port = address.port or (443 if address.scheme == "https" else 80)
        site.site_name, site.root_page = HOME_TITLES["pl"], home
        site.save()

    homes = {"pl": home}
    for code, locale in locales.items():
        if code != "pl":
            homes[code] = translate_page(home, locale, title=HOME_TITLES.get(code, HOME_TITLES["en"]))

    sections = {}
    for key, model, extra, titles in SECTIONS:
        pl_title, pl_slug = titles["pl"]
        page = model.objects.child_of(home).filter(slug=pl_slug).first()
        if page is None:
            page = model(title=pl_title, slug=pl_slug, show_in_menus=True, **extra)
            home.add_child(instance=page)
            publish(page)
        sections[key] = {"pl": page}
        for code, locale in locales.items():
            if code == "pl":
                continue
            title, slug = titles.get(code, titles["en"])
            sections[key][code] = translate_page(page, locale, title=title, slug=slug, show_in_menus=True)
    return homes, sections
