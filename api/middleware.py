"""What every answer under /api/ shares: read-only methods, caching headers and conditional requests,
and errors as JSON in the language the client asked for (api/errors.py).

The ETag is a hash of the body, so it changes the moment published content does (and for any other
reason the answer changes); Last-Modified is when published content last changed
(cms/generation.py).
Public answers are also kept whole in the shared cache under that time, so every app server
answers a repeated request, or its revalidation, without the database until content changes.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from cms.generation import current_generation, last_modified
from cms.page_cache import query_pairs

from .errors import as_json, error_response, requested_language

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class APIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._root = None

    @property
    def root(self):
        if self._root is None:
            self._root = reverse("api:api-root")
        return self._root

    def __call__(self, request):
        if not request.path.startswith(self.root):
            return self.get_response(request)
        language = requested_language(request)
        if request.method not in READ_METHODS:
            with translation.override(language):
                response = self._in_language(error_response(405), language)
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        if request.method == "OPTIONS":
            # CORS preflights never get here: the CORS middleware answers them first.
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = self._shared_or_fresh(request)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            response = self._cacheable(request, response)
        if response.status_code >= 400:
            # Unknown paths under /api/ reach Wagtail's HTML 404 page, refused hosts Django's 400.
            with translation.override(language):
                response = self._in_language(as_json(response), language)
        else:
            # Content depends on the `locale` parameter, never on the reader's Accept-Language,
            # and holds every language.
            _drop_vary(response, "Accept-Language")
            if response.has_header("Content-Language"):
                del response["Content-Language"]
        if head:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After LocaleMiddleware, which chose the site's language for the request: the API's
        # messages follow the client's `locale` or Accept-Language instead.
        if request.path.startswith(self.root):
            translation.activate(requested_language(request))

    def _in_language(self, response, language):
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    def _shared_or_fresh(self, request):
        if settings.API_RESPONSE_CACHE_SECONDS <= 0:
            return self.get_response(request)
        # Parameters in any order are one answer; a made-up parameter answers 400, which is not kept,
        # and a client's own (`_`, cache-busters) change nothing.
        query = [(name, value) for name, value in query_pairs(request) if not name.startswith("_")]
        identity = hashlib.sha256(repr((request.path, query)).encode()).hexdigest()
        # Absolute URLs in an answer start with the request's scheme and host (api/addresses.py).
        key = f"api:{current_generation()}:{request.scheme}://{request.get_host()}:{identity}"
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        # Drafts (preview) say "private, no-store"; errors are cheap and not worth keeping.
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            cache.set(key, response, settings.API_RESPONSE_CACHE_SECONDS)
        return response

    def _cacheable(self, request, response):
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        modified = last_modified()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified.timestamp())
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        return get_conditional_response(request, etag=etag, last_modified=int(modified.timestamp()), response=response)


def _drop_vary(response, header):
    if response.has_header("Vary"):
        kept = [value.strip() for value in response["Vary"].split(",") if value.strip().lower() != header.lower()]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
