"""/graphql/: the read-only GraphQL endpoint, and GraphiQL from the site's own static files when DEBUG is on.

Queries only (GET or POST; the schema has no mutations), so it needs no CSRF token, as the REST
API does not. Errors come in the language the client asked for (api/errors.py). Answers are
never cached: a POST cannot be, and a query string is not a page to keep.
"""

import re

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from strawberry.django.views import GraphQLView

from ..errors import requested_language
from .schema import schema

# The limits' refusals come from strawberry and graphql-core in English; the client reads them in its language.
LIMITS = (
    (
        re.compile(r"exceeds maximum operation depth of (\d+)"),
        _("The query nests fields too deeply: at most %(limit)s levels below the top field."),
    ),
    (re.compile(r"aliases found\. Allowed: (\d+)"), _("The query uses too many aliases: at most %(limit)s.")),
    (re.compile(r"contains more than (\d+) tokens"), _("The query is too long: at most %(limit)s tokens.")),
)

# Requests strawberry cannot read are refused with a plain English reason; the client gets JSON in its language.
TRANSPORT = {
    "Unable to parse request body as JSON": _("The request's body is not valid JSON."),
    "No GraphQL query found in the request": _(
        "The request has no GraphQL query: send it as `query`, in a JSON body or in the address."
    ),
    "Unsupported content type": _("Send the query as JSON (Content-Type: application/json) or in the address."),
    "GraphQL only supports GET and POST requests.": _("GraphQL takes GET and POST requests only."),
    "Batching is not enabled": _("Send one query per request."),
}

# GraphiQL's stylesheet carries its fonts as data: URLs, and its editors set inline styles.
IDE_SOURCES = {"font-src": ["data:"], "style-src": [UNSAFE_INLINE]}


@csp_update(IDE_SOURCES)
def graphiql(request):
    return TemplateResponse(request, "api/graphiql.html")


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class ContentGraphQLView(GraphQLView):
    def dispatch(self, request, *args, **kwargs):
        with translation.override(requested_language(request)):
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400 and response.get("Content-Type", "").startswith("text/plain"):
                reason = response.content.decode(errors="replace")
                message = TRANSPORT.get(reason, _("This request cannot be read as a GraphQL query."))
                return JsonResponse({"errors": [{"message": str(message)}]}, status=response.status_code)
            return response

    def process_result(self, request, result):
        answer = super().process_result(request, result)
        for error in answer.get("errors") or []:
            for pattern, message in LIMITS:
                found = pattern.search(error.get("message", ""))
                if found:
                    error["message"] = str(message % {"limit": found.group(1)})
        return answer

    def should_render_graphql_ide(self, request):
        # Without DEBUG a browser's visit is a request without a query, refused as any other.
        return settings.DEBUG and super().should_render_graphql_ide(request)

    def render_graphql_ide(self, request):
        return graphiql(request)


graphql_view = ContentGraphQLView.as_view(schema=schema)
