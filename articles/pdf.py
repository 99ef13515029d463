"""A news article as a PDF, rendered by WeasyPrint from files on this server, never over HTTP."""

import mimetypes
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class LocalFileFetcher(URLFetcher):
    """Serves `media:<name>` from the default storage and `static:<path>` from the static finders; refuses the rest.

    Renditions are named by storage name rather than URL so that the PDF is the same on local disk and S3,
    and a link to an outside address in the body can never make the server fetch it.
    """

    def fetch(self, url, headers=None):
        scheme, _, name = url.partition(":")
        name = unquote(name)
        if scheme == "media":
            body = default_storage.open(name)
        elif scheme == "static" and (found := finders.find(name)):
            body = open(found, "rb")  # noqa: SIM115 - WeasyPrint closes the response once it has read it.
        else:
            raise ValueError(f"Not a local file: {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_article_pdf(page, request):
    """The article's PDF as bytes, in the active language."""
    html = render_to_string("articles/article_pdf.html", {"page": page}, request=request)
    # The page's own address as base turns relative links in the body into links that work from the PDF.
    document = HTML(string=html, base_url=page.get_full_url(request), url_fetcher=LocalFileFetcher())
    # PDF/UA-1: a tagged structure tree, the document's language from <html lang>, its title from <title>
    # shown by viewers instead of the file name, and bookmarks from the headings, so screen readers can read it.
    return document.write_pdf(pdf_variant="pdf/ua-1")


def article_pdf_response(page, request):
    response = HttpResponse(render_article_pdf(page, request), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{page.slug}.pdf")
    return response
