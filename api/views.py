"""The API's endpoints: each parses its query and hands it to its resource (see resources.py)."""

from django.http import HttpResponse

from ninja import Path, Query, Router

from .filters import MAX_ID, SLUG, DetailParams, Number, PreviewParams, SlugParams
from .preview import draft_payload
from .resources import ARTICLES, CLUSTERS, COMPANIES, DOCUMENTS, IMAGES, OFFERS, SECTORS, taking
from .schemas import Draft, Error
from .search import SearchParams, SearchResults, SuggestionList, SuggestParams, site_search, type_ahead
from .tags import TagList, TagParams, tag_counts

router = Router()

# Fields left out with `fields` are absent from the answer, not null.
OPTIONS = {"exclude_unset": True}
Id = Path(..., ge=1, le=MAX_ID, description="The item's id.")
Slug = Path(..., max_length=255, pattern=SLUG, description="The item's slug, unique within its language.")


def add_endpoints(resource):
    """GET <name>/ and <name>/{pk}/, and <name>/by-slug/{slug}/ for content that has languages."""
    name, tags = resource.name, [resource.name]
    one = {200: resource.schema, 400: Error, 404: Error}
    list_params = resource.params

    @router.get(
        f"{name}/",
        response={200: resource.list_schema, 400: Error},
        operation_id=f"list_{name}",
        url_name=f"{name}-list",
        summary=f"List published {name}",
        tags=tags,
        **OPTIONS,
    )
    def list_items(request, params: Query[list_params]):
        return resource.list(request, params)

    @router.get(
        f"{name}/{{pk}}/",
        response=one,
        operation_id=f"get_{resource.type}",
        url_name=f"{name}-detail",
        summary=f"One published {resource.type} by id",
        tags=tags,
        **OPTIONS,
    )
    def get_item(request, params: Query[taking(DetailParams, resource.answer_params)], pk: Number = Id):
        return resource.detail(request, pk, params)

    if resource.translatable:

        @router.get(
            f"{name}/by-slug/{{slug}}/",
            response=one,
            operation_id=f"get_{resource.type}_by_slug",
            url_name=f"{name}-by-slug",
            summary=f"One published {resource.type} by its slug in a language",
            tags=tags,
            **OPTIONS,
        )
        def get_item_by_slug(request, params: Query[taking(SlugParams, resource.answer_params)], slug: str = Slug):
            return resource.by_slug(request, slug, params)


for resource in (ARTICLES, CLUSTERS, COMPANIES, OFFERS, SECTORS, IMAGES, DOCUMENTS):
    add_endpoints(resource)


@router.get(
    "preview/",
    response={200: Draft, 400: Error, 403: Error, 404: Error},
    operation_id="preview_draft",
    url_name="preview",
    summary="The latest draft of an article, cluster, company or offer, for a signed preview token",
    tags=["preview"],
    **OPTIONS,
)
def preview(request, response: HttpResponse, params: Query[PreviewParams]):
    # A draft is for one editor's eyes: never kept by browsers or shared caches.
    response["Cache-Control"] = "private, no-store"
    return draft_payload(request, params)


@router.get(
    "tags/",
    response={200: TagList, 400: Error},
    operation_id="list_tags",
    url_name="tags-list",
    summary="Tags of published articles, with how many each marks",
    tags=["tags"],
)
def tags(request, params: Query[TagParams]):
    return tag_counts(request, params)


@router.get(
    "search/",
    response={200: SearchResults, 400: Error},
    operation_id="search",
    url_name="search",
    summary="Search every kind of published content, as the site's search page does",
    tags=["search"],
)
def search(request, params: Query[SearchParams]):
    return site_search(request, params)


@router.get(
    "search/suggest/",
    response={200: SuggestionList, 400: Error},
    operation_id="search_suggest",
    url_name="search-suggest",
    summary="Type-ahead: published items whose titles start with the words typed so far",
    tags=["search"],
)
def search_suggest(request, params: Query[SuggestParams]):
    return type_ahead(request, params)
