"""A crawl of Wagtail's admin with the test client, reading what an editor sees on each screen.

Used by tests/test_admin_language.py. Screens are discovered from the sidebar menu (a JSON prop
the admin's JavaScript draws) and from the links of the screens it leads to, so screens other
apps add to the admin are crawled without being named here.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation

import polib
from bs4 import BeautifulSoup, Comment

# Elements whose text is never shown as such: code, and the contents of form fields, which are data.
HIDDEN_TAGS = {"script", "style", "template", "noscript", "textarea", "code", "pre"}
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")
# Keys of the sidebar's and the admin config's JSON props that hold words shown to the editor.
SHOWN_JSON_KEYS = {"label", "title", "text", "heading", "help_text", "helpText", "description", "placeholder"}
# GET requests that change something or leave the admin's HTML screens (a draft or a preview
# shows the reader's page, in the page's language).
SKIPPED_URL = re.compile(
    r"/logout/|/jsi18n/|/preview/|/view_draft/|/download|/export|/csv|/xlsx|/usage/\w+/|/serve/|/autocomplete|"
    r"/chooser|/multiple/|/pofile/|/machine_translate/|/api/|/copy/|/move/|/unpublish/|/revisions/\d+/|"
    r"/workflow/preview/|/compare/|/lock/|/unlock/|/convert_to_alias/|/disable/|/unschedule/"
)


def visible_texts(html):
    """Every piece of text a user reads on an HTML screen, whitespace collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    for script in soup.find_all("script", type="application/json"):
        texts.extend(json_texts(json.loads(script.string or "null")))
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or any(parent.name in HIDDEN_TAGS for parent in node.parents):
            continue
        texts.append(str(node))
    for element in soup.find_all(True):
        texts.extend(element[name] for name in SHOWN_ATTRIBUTES if element.has_attr(name))
        if element.name in ("button", "input") and element.get("type") in ("submit", "button"):
            texts.append(element.get("value", ""))
    if soup.title:
        texts.append(soup.title.get_text())
    return [text for text in (" ".join(str(t).split()) for t in texts) if re.search(r"[^\W\d_]", text)]


def json_texts(value, key=None):
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in json_texts(v, k)]
    if isinstance(value, list):
        return [text for item in value for text in json_texts(item, key)]
    return [value] if isinstance(value, str) and key in SHOWN_JSON_KEYS else []


def menu_urls(html):
    """The URLs of the sidebar's menu items, submenus included."""
    props = BeautifulSoup(html, "html.parser").find("script", id="wagtail-sidebar-props")
    urls = []

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("url"), str) and value["url"].startswith("/admin/"):
                urls.append(value["url"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(props.string))
    return urls


def admin_links(html):
    soup = BeautifulSoup(html, "html.parser")
    links = []
    for anchor in soup.find_all("a", href=True):
        path = urlsplit(anchor["href"]).path
        if path.startswith("/admin/") and not SKIPPED_URL.search(path):
            links.append(path)
    return links


def url_shape(url):
    """A URL with its ids blanked: one edit form of a kind stands for all of them."""
    return re.sub(r"/\d+/", "/N/", urlsplit(url).path)


def screen_html(response):
    """The HTML of a screen, or of the modal a JSON answer carries (workflow actions, choosers)."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html") or ""
    if response["Content-Type"].startswith("text/html"):
        return response.content.decode()
    return ""


def crawl(client, start_urls, extra_urls=(), max_depth=2, max_screens=260):
    """{url: [texts]} for the screens reachable from the menu and `start_urls`, one screen per URL shape.

    `extra_urls` are visited whatever their shape (the workflow screens a test prepared)."""
    screens = {}
    seen_shapes = set()
    queue = [(url, 0) for url in start_urls] + [(url, max_depth) for url in extra_urls]
    forced = set(extra_urls)
    while queue and len(screens) < max_screens:
        url, depth = queue.pop(0)
        shape = url_shape(url)
        if url in screens or (shape in seen_shapes and url not in forced):
            continue
        seen_shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200:
            # A screen the test asked for must open; a link found on the way may lead elsewhere.
            failed = response.status_code >= 500 or url in forced
            screens[url] = [f"HTTP {response.status_code}"] if failed else []
            continue
        html = screen_html(response)
        screens[url] = visible_texts(html)
        if "wagtail-sidebar-props" in html and depth == 0:
            queue.extend((link, depth + 1) for link in menu_urls(html))
        if depth < max_depth:
            queue.extend((link, depth + 1) for link in admin_links(html))
    return screens


def catalogue_paths():
    """The .po files of Django, Wagtail, wagtail-localize and the project, in every language they ship."""
    site_packages = Path(translation.__file__).parents[2]
    roots = [site_packages / "django", site_packages / "wagtail", site_packages / "wagtail_localize"]
    roots += [Path(settings.BASE_DIR) / app for app in ("locale", *project_apps())]
    return [path for root in roots for path in root.rglob("locale/*/LC_MESSAGES/django*.po")] + list(
        (Path(settings.BASE_DIR) / "locale").glob("*/LC_MESSAGES/django*.po")
    )


def project_apps():
    base = Path(settings.BASE_DIR)
    return [app for app in settings.INSTALLED_APPS if (base / app / "apps.py").exists()]


def msgids():
    """{msgid: its contexts} for every msgid of the catalogues: the English of Django, Wagtail and the project."""
    found = {}
    for path in catalogue_paths():
        if path.parts[-3] in ("en", "pl"):
            for entry in polib.pofile(str(path)):
                for msgid in (entry.msgid, entry.msgid_plural):
                    if msgid:
                        found.setdefault(msgid, set()).add(entry.msgctxt)
    return found


def polish_msgstrs():
    """Every Polish translation the catalogues give that differs from its English msgid."""
    found = set()
    for path in catalogue_paths():
        if path.parts[-3] != "pl":
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            strings = [entry.msgstr, *entry.msgstr_plural.values()]
            found.update(s for s in strings if s and s not in (entry.msgid, entry.msgid_plural))
    return found
