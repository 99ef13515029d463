"""The public, read-only API at /api/: one Django Ninja API whose endpoints live in the api app.

/api/ is the human documentation (Swagger UI from our own static files), /api/openapi.json the
OpenAPI document; both are generated from the endpoints' schemas, so they cannot drift apart.
"""

from django.http import Http404

from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from api.errors import not_found, validation_error
from api.openapi import document_http_caching
from api.views import router

DESCRIPTION = """
Published content of the portal, in every language: news articles, clusters, companies, offers,
sectors, images and documents. Read-only; no authentication.

* **Lists** take `locale`, `fields`, `order` (a field name, `-` before it for descending),
  `limit`/`offset` (with the `total` count), `search`, `updated_since` and the filters of their
  kind. A filter marked as an array takes several values, repeated (`?size=micro&size=small`) or
  comma-separated (`?size=micro,small`): an item matches any value of a filter, and every filter
  given. Dates are `YYYY-MM-DD`, times ISO 8601 (UTC without an offset).
* **Related items and counts**: `include` adds related items whole, once each, under `included`
  (articles `clusters`; clusters `members`, `coordinator`; offers `company`; on details too), in a
  fixed number of queries; `facets` counts a list's items per value over the whole filtered list
  (`voivodeship`, `sector`, `size`, `kind`, `tag`, `year`, as each list allows), as
  `{"code", "label", "count"}`, most items first.
* **Changes**: `/changes/?since=` lists what was created, updated, unpublished or deleted, with a
  cursor, so that a copy stays in sync without reading everything again.
* **GraphQL** at `/graphql/` serves the same content through the same definitions of what is public.
* **Parameters** starting with `_` are ignored (cache-busters such as `?_=123`); any other unknown
  parameter, a bad value or a single-valued parameter given twice answers 400.
* **Errors** are JSON `{"detail": "…"}`, also for unknown paths under `/api/` and other methods,
  in the language of the `locale` parameter, else of `Accept-Language` (Polish or English), else English.
* **Items** name their `locale` and link their `translations`, so a site can offer a language switch;
  `/by-slug/{slug}/?locale=…` finds an item by its address. An item read on its own comes whole,
  every field present (`fields` trims list items only).
* **Coded values** (voivodeship, company size and legal form, offer kind, cooperation types,
  excellence label) come as `{"code": "kujawsko-pomorskie", "label": "kujawsko-pomorskie"}`, the
  label in the item's language; each code list is one named enum (`Voivodeship`, `CompanySize`, …).
* **Search**: `/search/?q=` searches every kind as the site's search page does (same matching of
  Polish word forms, same ranking), with counts per kind and matching words in `<mark>`;
  `/search/suggest/?q=` is the type-ahead, the words typed so far as prefixes of titles.
* **Caching**: every answer carries `ETag`, `Last-Modified` and `Cache-Control`; send
  `If-None-Match` or `If-Modified-Since` to get `304 Not Modified` for unchanged content.
* **Webhooks** announce published, unpublished and deleted content to registered sites, and
  **previews** of drafts are served only for a signed token issued in the admin.
"""


def _is_array(schema):
    return schema.get("type") == "array" or any(_is_array(option) for option in schema.get("anyOf", []))


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Said outright for client generators: an array parameter is repeated, one value each.
        for operations in schema["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if _is_array(parameter["schema"]):
                        parameter.update(style="form", explode=True)
        return document_http_caching(schema)


api = PortalAPI(
    title="Agency portal API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # Swagger UI would otherwise load a validity badge from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    docs_url="/",
    openapi_url="/openapi.json",
)
api.add_router("", router)
api.exception_handler(ValidationError)(validation_error)
api.exception_handler(Http404)(not_found)
