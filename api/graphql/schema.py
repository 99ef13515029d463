"""The GraphQL schema: read-only queries over the REST API's resources, with limits on what one request may ask.

Every list takes the parameters of its REST endpoint (camelCase) with the same meaning and the same
checks; `search` is the same Polish full-text search. One item is asked for by `id`, or by `slug`
and `locale`, and is null when nothing published matches.
"""

from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from ..filters import DEFAULT_LIMIT
from ..resources import ARTICLES, CLUSTERS, COMPANIES, DOCUMENTS, IMAGES, OFFERS, SECTORS
from . import types
from .loading import listing, one

# Fields below the top one: deep enough for an article's clusters' members' sectors'
# translations, or a cluster's members' logos' renditions. The schema has no cycles, and each
# level costs a fixed number of queries.
MAX_DEPTH = 6
# Each alias of a list is read on its own: aliases bound how many lists one request reads.
MAX_ALIASES = 10
MAX_TOKENS = 2000

Strings = list[str] | None
Ids = list[int] | None


def _selections(info):
    return info.selected_fields[0].selections


def _request(info):
    return info.context.request


@strawberry.type
class Query:
    @strawberry.field(description="Published articles, newest first unless `order` says otherwise.")
    def articles(
        self,
        info: Info,
        locale: str | None = None,
        search: str | None = None,
        order: str | None = None,
        tag: Strings = None,
        date_from: str | None = None,
        date_to: str | None = None,
        cluster: Ids = None,
        updated_since: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> types.ArticleList:
        arguments = {
            "locale": locale,
            "search": search,
            "order": order,
            "tag": tag,
            "date_from": date_from,
            "date_to": date_to,
            "cluster": cluster,
            "updated_since": updated_since,
            "limit": limit,
            "offset": offset,
        }
        return listing(_request(info), ARTICLES, _selections(info), arguments)

    @strawberry.field(description="Published clusters, by title unless `order` says otherwise.")
    def clusters(
        self,
        info: Info,
        locale: str | None = None,
        search: str | None = None,
        order: str | None = None,
        voivodeship: Strings = None,
        sector: Strings = None,
        key_national_cluster: bool | None = None,
        updated_since: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> types.ClusterList:
        arguments = {
            "locale": locale,
            "search": search,
            "order": order,
            "voivodeship": voivodeship,
            "sector": sector,
            "key_national_cluster": key_national_cluster,
            "updated_since": updated_since,
            "limit": limit,
            "offset": offset,
        }
        return listing(_request(info), CLUSTERS, _selections(info), arguments)

    @strawberry.field(description="Published companies, by name unless `order` says otherwise.")
    def companies(
        self,
        info: Info,
        locale: str | None = None,
        search: str | None = None,
        order: str | None = None,
        voivodeship: Strings = None,
        sector: Strings = None,
        size: Strings = None,
        cluster: Ids = None,
        updated_since: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> types.CompanyList:
        arguments = {
            "locale": locale,
            "search": search,
            "order": order,
            "voivodeship": voivodeship,
            "sector": sector,
            "size": size,
            "cluster": cluster,
            "updated_since": updated_since,
            "limit": limit,
            "offset": offset,
        }
        return listing(_request(info), COMPANIES, _selections(info), arguments)

    @strawberry.field(description="Published offers that have not expired, newest first unless `order` says otherwise.")
    def offers(
        self,
        info: Info,
        locale: str | None = None,
        search: str | None = None,
        order: str | None = None,
        kind: Strings = None,
        sector: Strings = None,
        company: Ids = None,
        voivodeship: Strings = None,
        valid_until_from: str | None = None,
        valid_until_to: str | None = None,
        updated_since: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> types.OfferList:
        arguments = {
            "locale": locale,
            "search": search,
            "order": order,
            "kind": kind,
            "sector": sector,
            "company": company,
            "voivodeship": voivodeship,
            "valid_until_from": valid_until_from,
            "valid_until_to": valid_until_to,
            "updated_since": updated_since,
            "limit": limit,
            "offset": offset,
        }
        return listing(_request(info), OFFERS, _selections(info), arguments)

    @strawberry.field(description="Sectors, by name unless `order` says otherwise.")
    def sectors(
        self,
        info: Info,
        locale: str | None = None,
        search: str | None = None,
        order: str | None = None,
        updated_since: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> types.SectorList:
        arguments = {
            "locale": locale,
            "search": search,
            "order": order,
            "updated_since": updated_since,
            "limit": limit,
            "offset": offset,
        }
        return listing(_request(info), SECTORS, _selections(info), arguments)

    @strawberry.field(description="Images, newest first unless `order` says otherwise.")
    def images(
        self,
        info: Info,
        search: str | None = None,
        order: str | None = None,
        updated_since: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> types.ImageList:
        arguments = {"search": search, "order": order, "updated_since": updated_since, "limit": limit, "offset": offset}
        return listing(_request(info), IMAGES, _selections(info), arguments)

    @strawberry.field(description="Documents in public collections, newest first unless `order` says otherwise.")
    def documents(
        self,
        info: Info,
        search: str | None = None,
        order: str | None = None,
        updated_since: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> types.DocumentList:
        arguments = {"search": search, "order": order, "updated_since": updated_since, "limit": limit, "offset": offset}
        return listing(_request(info), DOCUMENTS, _selections(info), arguments)

    @strawberry.field(description="One published article, by `id` or by `slug` in a `locale` (default: Polish).")
    def article(
        self, info: Info, id: int | None = None, slug: str | None = None, locale: str | None = None
    ) -> types.Article | None:
        return one(_request(info), ARTICLES, _selections(info), {"id": id, "slug": slug, "locale": locale})

    @strawberry.field(description="One published cluster, by `id` or by `slug` in a `locale` (default: Polish).")
    def cluster(
        self, info: Info, id: int | None = None, slug: str | None = None, locale: str | None = None
    ) -> types.Cluster | None:
        return one(_request(info), CLUSTERS, _selections(info), {"id": id, "slug": slug, "locale": locale})

    @strawberry.field(description="One published company, by `id` or by `slug` in a `locale` (default: Polish).")
    def company(
        self, info: Info, id: int | None = None, slug: str | None = None, locale: str | None = None
    ) -> types.Company | None:
        return one(_request(info), COMPANIES, _selections(info), {"id": id, "slug": slug, "locale": locale})

    @strawberry.field(description="One published offer, by `id` or by `slug` in a `locale` (default: Polish).")
    def offer(
        self, info: Info, id: int | None = None, slug: str | None = None, locale: str | None = None
    ) -> types.Offer | None:
        return one(_request(info), OFFERS, _selections(info), {"id": id, "slug": slug, "locale": locale})

    @strawberry.field(description="One sector, by `id` or by `slug` in a `locale` (default: Polish).")
    def sector(
        self, info: Info, id: int | None = None, slug: str | None = None, locale: str | None = None
    ) -> types.Sector | None:
        return one(_request(info), SECTORS, _selections(info), {"id": id, "slug": slug, "locale": locale})

    @strawberry.field(description="One image by `id`.")
    def image(self, info: Info, id: int) -> types.Image | None:
        return one(_request(info), IMAGES, _selections(info), {"id": id})

    @strawberry.field(description="One document in a public collection, by `id`.")
    def document(self, info: Info, id: int) -> types.Document | None:
        return one(_request(info), DOCUMENTS, _selections(info), {"id": id})


def from_payload(root, name):
    """Objects are the REST payloads: dictionaries keyed by the fields' Python names."""
    return root[name] if isinstance(root, dict) else getattr(root, name)


def unexpected(error):
    """Refusals of a request are shown; anything else (a bug, a database failure) is not described."""
    return error.original_error is not None and not isinstance(error.original_error, GraphQLError)


class Schema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None):
        # A refused request is the client's to fix, not the server's to log.
        super().process_errors([error for error in errors if unexpected(error)], execution_context)


schema = Schema(
    query=Query,
    config=StrawberryConfig(default_resolver=from_payload),
    extensions=[
        partial(QueryDepthLimiter, max_depth=MAX_DEPTH),
        partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(MaskErrors, should_mask_error=unexpected),
    ],
)
