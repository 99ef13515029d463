"""The public, read-only API at /api/: one Django Ninja API whose endpoints live in the api app.

/api/ is the human documentation (Swagger UI from our own static files), /api/openapi.json the
OpenAPI document; both are generated from the endpoints' schemas, so they cannot drift apart.
"""

from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from api.views import router

DESCRIPTION = """
Published content of the portal, in every language: news articles, clusters, companies, offers,
sectors, images and documents. Read-only; no authentication.

* **Lists** take `locale`, `fields`, `order`, `limit`/`offset` (with the `total` count), `search`
  and the filters of their kind; an unknown parameter or a bad value answers 400.
* **Items** name their `locale` and link their `translations`, so a site can offer a language switch;
  `/by-slug/{slug}/?locale=…` finds an item by its address.
* **Caching**: every answer carries `ETag`, `Last-Modified` and `Cache-Control`; send
  `If-None-Match` or `If-Modified-Since` to get `304 Not Modified` for unchanged content.
* **Webhooks** announce published, unpublished and deleted content to registered sites, and
  **previews** of drafts are served only for a signed token issued in the admin.
"""

api = NinjaAPI(
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


@api.exception_handler(ValidationError)
def bad_request(request, error):
    """Invalid parameters answer 400 with one readable sentence (Ninja's default is a 422 list)."""
    problems = "; ".join(f"{'.'.join(str(part) for part in e['loc'][1:])}: {e['msg']}" for e in error.errors)
    return api.create_response(request, {"detail": f"Invalid request: {problems}."}, status=400)
