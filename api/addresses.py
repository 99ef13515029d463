"""How one API answer is built: one base URL for every absolute address, links, chosen renditions.

The base URL is API_BASE_URL, or where the request came to. An answer is built inside
`answering(request, ...)`; outside one (a webhook's payload) the base is API_BASE_URL, else
WAGTAILAPI_BASE_URL. Links inside HTML (bodies, descriptions) are site-relative unless the client
asked for `?links=absolute`; images carry the renditions it chose with `?renditions=`.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Answer:
    base_url: str
    absolute_links: bool
    renditions: tuple = ()


_answer = ContextVar("api_answer", default=None)

# An address in an `href` or `src` attribute that starts at the site's root ("/…", not "//…").
_RELATIVE_ADDRESS = re.compile(r'(\s(?:href|src)=")(/(?!/))')


@contextmanager
def answering(request, absolute_links=False, renditions=()):
    """Build an answer to `request`: every absolute address on one base URL."""
    base = settings.API_BASE_URL or (request.build_absolute_uri("/") if request else "")
    token = _answer.set(Answer(base.rstrip("/") or default_base_url(), absolute_links, tuple(renditions)))
    try:
        yield
    finally:
        _answer.reset(token)


def default_base_url():
    return (settings.API_BASE_URL or settings.WAGTAILAPI_BASE_URL).rstrip("/")


def base_url():
    answer = _answer.get()
    return answer.base_url if answer else default_base_url()


def absolute(path):
    """A site-relative path on the base URL; an address that is already absolute (a CDN's) is kept."""
    if path is None:
        return None
    return base_url() + path if path.startswith("/") and not path.startswith("//") else path


def absolute_links():
    """Whether links inside HTML are absolute: when the client asked, and always outside an answer."""
    answer = _answer.get()
    return answer is None or answer.absolute_links


def html_links(html):
    """HTML whose site-relative `href` and `src` addresses are made absolute when the answer wants it."""
    return _RELATIVE_ADDRESS.sub(rf"\g<1>{base_url()}/", html) if absolute_links() else html


def chosen_renditions():
    """The filter specs of the renditions the client chose for every image of the answer."""
    answer = _answer.get()
    return answer.renditions if answer else ()
