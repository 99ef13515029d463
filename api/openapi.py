"""What the OpenAPI document says beyond the endpoints' own schemas: conditional requests, the server,
and each named enum referenced rather than copied.

api/middleware.py gives every public GET answer an `ETag`, `Last-Modified` and `Cache-Control`, and
answers `304 Not Modified` to a matching `If-None-Match` or `If-Modified-Since`: said here once for
every operation, those added later included, rather than in each endpoint's decorator.
"""

import json

from django.conf import settings

# Drafts are never cached or revalidated (the preview answers "private, no-store").
UNCACHED_OPERATIONS = {"preview_draft"}

VALIDATORS = {
    "ETag": {
        "description": "A hash of the answer; send it back in `If-None-Match` to revalidate.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When published content last changed; send it back in `If-Modified-Since`.",
        "required": True,
        "schema": {"type": "string"},
    },
}

CACHE_CONTROL = {
    "Cache-Control": {
        "description": "`public, max-age=…`: how long the answer may be reused without revalidation.",
        "required": True,
        "schema": {"type": "string"},
    }
}

CONDITIONS = {
    "IfNoneMatch": {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "The `ETag` of the copy you hold: answered `304 Not Modified` while it is current.",
        "schema": {"type": "string"},
    },
    "IfModifiedSince": {
        "name": "If-Modified-Since",
        "in": "header",
        "required": False,
        "description": (
            "The `Last-Modified` of the copy you hold (an HTTP date): `304 Not Modified` while it is current."
        ),
        "schema": {"type": "string"},
    },
}

NOT_MODIFIED = "Not Modified: the copy named by `If-None-Match` or `If-Modified-Since` is still current. No body."


def _ref(name):
    return {"$ref": f"#/components/headers/{name}"}


def _is_enum(node):
    return isinstance(node, dict) and set(node) == {"enum", "type"}


def refer_to_named_enums(schema):
    """Point inline copies of a named enum back at it.

    Django Ninja copies an enum into a query parameter that has a default (`locale` of by-slug);
    a client generator would make a second type of it.
    """
    definitions = schema.get("components", {}).get("schemas", {})
    named = {
        json.dumps(definition, sort_keys=True): {"$ref": f"#/components/schemas/{name}"}
        for name, definition in definitions.items()
        if _is_enum(definition)
    }

    def refer(node):
        if _is_enum(node):
            return named.get(json.dumps(node, sort_keys=True), node)
        if isinstance(node, dict):
            return {key: refer(value) for key, value in node.items()}
        if isinstance(node, list):
            return [refer(item) for item in node]
        return node

    schema["paths"] = refer(schema.get("paths", {}))
    for name, definition in definitions.items():
        if not _is_enum(definition):
            definitions[name] = refer(definition)
    return schema


def document_http_caching(schema):
    """Document the conditional-request headers, validators and 304 answer on every cached GET, and the server."""
    components = schema.setdefault("components", {})
    components.setdefault("headers", {}).update(VALIDATORS | CACHE_CONTROL)
    components.setdefault("responses", {})["NotModified"] = {
        "description": NOT_MODIFIED,
        "headers": {name: _ref(name) for name in VALIDATORS},
    }
    for operations in schema.get("paths", {}).values():
        operation = operations.get("get")
        if operation is None or operation.get("operationId") in UNCACHED_OPERATIONS:
            continue
        responses = operation.get("responses", {})
        ok = responses.get(200) or responses.get("200")
        if ok is None:
            continue
        ok.setdefault("headers", {}).update({name: _ref(name) for name in VALIDATORS | CACHE_CONTROL})
        responses[304] = {"$ref": "#/components/responses/NotModified"}
        operation.setdefault("parameters", []).extend(dict(parameter) for parameter in CONDITIONS.values())
    schema["servers"] = [{"url": settings.WAGTAILAPI_BASE_URL.rstrip("/"), "description": "This portal"}]
    return refer_to_named_enums(schema)
