"""Reading content for GraphQL through the REST resources (api/resources.py).

The same public querysets, filters, Polish search, ordering and payloads as /api/, so both APIs
show the same items with the same values. Each level of a query is read for all its items at
once: a list of 50 clusters with their members and the members' sectors costs as many queries
as a list of 5.
"""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _

from graphql import GraphQLError
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as ParametersError
from pydantic import ValidationError
from strawberry.types.nodes import SelectedField

from ..errors import validation_error
from ..filters import SLUG, Id, ordered
from ..resources import CLUSTERS, COMPANIES, SECTORS
from ..schemas import LocaleCode
from ..search import InvalidQuery, matching

# Relations REST names by a short reference, and the resource of the item each reference names.
RELATIONS = {
    "articles": {"related_clusters": CLUSTERS},
    "clusters": {"coordinator": COMPANIES, "members": COMPANIES, "sectors": SECTORS},
    "companies": {"sectors": SECTORS},
    "offers": {"company": COMPANIES, "sectors": SECTORS},
}
# What those references carry (api/payloads.py): a query asking for no more reads nothing more.
REFERENCE_FIELDS = {
    "companies": {"id", "name", "city", "voivodeship", "url", "api_url"},
    "clusters": {"id", "title", "short_name", "url", "api_url"},
    "sectors": {"id", "name", "slug", "api_url"},
}


class OneParams(Schema):
    """How one item is asked for: by id, or by its slug in a language."""

    id: Id | None = None
    slug: str | None = Field(None, max_length=255, pattern=SLUG)
    locale: LocaleCode = settings.LANGUAGE_CODE


def snake_case(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def camel_case(name):
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def wanted(selections):
    """The fields a selection asks for, by their Python names, each with what it asks of its own fields.

    Fragments are merged in and aliases of one field read it once; `__typename` costs nothing.
    """
    fields = {}
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name.startswith("__"):
                continue
            name = snake_case(selection.name)
            fields[name] = merged(fields.get(name, {}), wanted(selection.selections))
        else:  # a fragment, named or inline
            fields = merged(fields, wanted(selection.selections))
    return fields


def merged(one, other):
    both = dict(one)
    for name, below in other.items():
        both[name] = merged(both.get(name, {}), below)
    return both


def fields_of(resource, asked):
    return [name for name in resource.fields if name in asked]


def refused(message):
    return GraphQLError(str(message))


def parsed(params_class, arguments):
    """The arguments as the REST parameters they are; a bad value refused in the request's language."""
    try:
        return params_class.model_validate({name: value for name, value in arguments.items() if value is not None})
    except ValidationError as error:
        # The REST API's own sentence for each problem, naming the GraphQL argument.
        problems = [
            {**problem, "loc": ("query", *(camel_case(str(name)) for name in problem["loc"][:1]))}
            for problem in error.errors()
        ]
        answer = validation_error(None, ParametersError(problems))
        raise refused(json.loads(answer.content)["detail"]) from None


def payloads(request, resource, objects, asked):
    """The objects as REST shows them with the fields asked for, their relations expanded as asked."""
    fields = fields_of(resource, asked)
    items = resource.items(request, objects, fields)
    for name, target in RELATIONS.get(resource.name, {}).items():
        if name in fields:
            expand(request, items, name, target, asked[name])
    return items


def expand(request, items, name, target, asked):
    """Replace REST's references under `name` with the whole items they name, read in one go.

    REST has already chosen which related items may be named (published, in the naming item's
    language where translated); they are read again through `published()` all the same.
    """
    if set(asked) <= REFERENCE_FIELDS[target.name]:
        return
    references = [ref for item in items for ref in _as_list(item[name])]
    if not references:
        return
    queryset = target.published().filter(pk__in={ref["id"] for ref in references})
    objects = list(target.optimize(queryset, fields_of(target, asked)))
    whole = {item["id"]: item for item in payloads(request, target, objects, asked)}
    for item in items:
        value = item[name]
        if isinstance(value, list):
            item[name] = [whole[ref["id"]] for ref in value if ref["id"] in whole]
        elif value is not None:
            item[name] = whole.get(value["id"])


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def listing(request, resource, selections, arguments):
    """A page of published items, as `GET /api/<name>/` with these parameters chooses them."""
    params = parsed(resource.params, arguments)
    asked = wanted(selections)
    locale = getattr(params, "locale", None)
    answer = {"limit": params.limit, "offset": params.offset}
    try:
        with resource.answering(request):
            queryset = resource.filter(resource.published(locale), params)
            if params.search:
                queryset = matching(queryset, params.search, locale)
            if params.order or not params.search:
                queryset = ordered(queryset, params.order or resource.default_order)
            if "total" in asked:
                answer["total"] = queryset.count()
            if "items" in asked:
                item_fields = fields_of(resource, asked["items"])
                page = resource.optimize(queryset, item_fields)[params.offset : params.offset + params.limit]
                answer["items"] = payloads(request, resource, list(page), asked["items"])
    except InvalidQuery as error:
        raise refused(error.message) from error
    except HttpError as error:
        raise refused(error.message) from error
    return answer


def one(request, resource, selections, arguments):
    """One published item by id, or by slug in a language; None when there is none to show."""
    params = parsed(OneParams, arguments)
    if (params.id is None) == (params.slug is None):
        raise refused(_("Give either `id` or `slug`."))
    if params.id is not None:
        lookup = {"pk": params.id}
    else:
        lookup = {"slug": params.slug, "locale__language_code": params.locale}
    asked = wanted(selections)
    try:
        with resource.answering(request):
            queryset = resource.optimize(resource.published().filter(**lookup), fields_of(resource, asked))
            obj = queryset.first()
            return None if obj is None else payloads(request, resource, [obj], asked)[0]
    except HttpError as error:
        raise refused(error.message) from error
