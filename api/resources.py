"""What each endpoint serves: its public queryset, fields, filters and ordering, in one class per kind.

Views call `list`, `detail`, `by_slug` or `item`; every one of them starts from the resource's
`published()` queryset, the model's one definition of what a reader may see.
"""

import functools
from functools import cached_property

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ninja.errors import HttpError
from pydantic import create_model

from articles.models import ArticlePage, ArticleRelatedCluster
from clusters.models import ClusterMember, ClusterPage
from cms.documents import public_documents
from cms.generation import remember
from cms.locales import in_locale
from cms.page_cache import query_pairs
from cms.validators import is_web_url
from registry.models import Company, Offer, Sector
from registry.voivodeships import Voivodeship

from . import filters, schemas
from .addresses import answering
from .bodies import LinkParams, body_html, links_param
from .payloads import (
    Lookups,
    api_url,
    chosen,
    document_url,
    image,
    image_details,
    image_queryset,
    labelled,
    prefetch_image,
    renditions,
    rich_text,
    stream_blocks,
)
from .renditions import RenditionParams, chosen_specs
from .search import InvalidQuery, matching, ranked_page

ALWAYS = schemas.ALWAYS


@functools.cache
def taking(params, extra):
    """`params` taking the parameters of `extra` too (which shape the answer, not choose the items)."""
    if not extra:
        return params
    fields = {name: (field.annotation, field) for cls in extra for name, field in cls.model_fields.items()}
    return create_model(f"{params.__name__}And{''.join(cls.__name__ for cls in extra)}", __base__=params, **fields)


def naming_fields(params, name, fields, default):
    """`params` whose `fields` lists, in the OpenAPI document, the names this endpoint takes.

    Only documented: the server keeps reading any name list and answers an unknown name with a 400
    that names it.
    """
    names = "|".join(fields)

    def document(schema):
        fields_schema = schema["properties"].get("fields")
        if fields_schema is None:
            return
        for option in fields_schema.get("anyOf", [fields_schema]):
            if option.get("type") == "string":
                option["pattern"] = rf"^(\*|({names})(,({names}))*)$"
        fields_schema["description"] = fields_schema.get("description", "") + (
            f" Fields of this endpoint: {', '.join(f'`{field}`' for field in fields)}; "
            f"by default: {', '.join(f'`{field}`' for field in default)}."
        )

    return create_model(name, __base__=params, __cls_kwargs__={"json_schema_extra": document})


class Resource:
    name = ""  # the URL segment, /api/<name>/
    type = ""  # each item's `type`
    model = None
    schema = None  # an item
    list_schema = None  # a page of items
    params = filters.TranslatableListParams
    listing_fields = ()
    default_order = "id"
    translatable = True
    filter = staticmethod(filters.no_filters)
    # `?include=` name: (the field summarising the related items, the endpoint that serves them whole).
    includes = {}
    # `?facets=` name: a function counting a filtered list's items per value (api/filters.py).
    facets = {}
    # Parameters that shape the answer: links in HTML, renditions of images, included items.
    answer_params = (LinkParams, RenditionParams)

    def __init__(self):
        params = taking(type(self).params, self.answer_params)
        self.params = naming_fields(params, f"{type(self).__name__}Params", self.fields, self.listing_fields)

    def answering(self, request):
        """The context every item of an answer to `request` is built in (api/addresses.py)."""
        specs = chosen_specs(request) if RenditionParams in self.answer_params else ()
        return answering(request, absolute_links=links_param(request) == "absolute", renditions=specs)

    @cached_property
    def fields(self):
        """The fields a client may choose, in the schema's order."""
        return [name for name in self.schema.model_fields if name not in ALWAYS + schemas.ANSWER_ONLY]

    def published(self, locale=None):
        return self.model.objects.published(locale)

    def optimize(self, queryset, fields):
        """Fetch what the chosen fields need in a fixed number of queries, whatever the page size."""
        return queryset.select_related("locale") if self.translatable else queryset

    def prepare(self, objects, fields, lookups):
        if "translations" in fields:
            lookups.load_translations(self.name, self.published(), objects)

    # The three ways to read: a page of a list, one item by id, one item by slug in a language.

    def list(self, request, params):
        filters.check_parameters(request, type(params))
        with self.answering(request):
            return self._list(request, params)

    def _list(self, request, params):
        fields = self.with_included(filters.selected_fields(params.fields, self.fields, self.listing_fields), params)
        locale = getattr(params, "locale", None)
        filtered = queryset = self.filter(self.published(locale), params)
        window = slice(params.offset, params.offset + params.limit)
        total = page = None
        if params.search:
            # Counted without ranking; most relevant first, ranked only as deep as the page.
            shown = slice(0, 0) if params.order else window  # in an order of its own, the page is read below
            try:
                total, page = ranked_page(filtered, self.optimize(filtered, fields), params.search, locale, shown)
                if params.order or getattr(params, "facets", None):  # the matches as a queryset, only then
                    queryset = matching(filtered, params.search, locale)
            except InvalidQuery as error:
                raise HttpError(400, str(error.message)) from error
        if params.order or not params.search:
            queryset = filters.ordered(queryset, params.order or self.default_order)
            page = list(self.optimize(queryset, fields)[window])
        if total is None:
            total = self._kept_total(request, queryset)
        items = self.items(request, page, fields)
        answer = {"total": total, "limit": params.limit, "offset": params.offset, "items": items}
        if getattr(params, "include", None):
            answer["included"] = self.included(request, items, params.include)
        if getattr(params, "facets", None):
            # In the language of the list, or of the site when it holds every language: an answer
            # never depends on Accept-Language (api/middleware.py).
            with translation.override(locale or settings.LANGUAGE_CODE):
                answer["facets"] = {name: self.facets[name](queryset) for name in params.facets}
        return answer

    def _kept_total(self, request, queryset):
        """A list's total: counting a long list costs more than reading a page of it, so it is kept until
        content changes. The list is a function of its parameters, but those that choose a slice or the fields."""
        ignored = ("limit", "offset", "fields", "include", "facets")
        ignored += tuple(name for name in request.GET if name.startswith("_"))
        identity = (self.name, query_pairs(request, ignore=ignored))
        return remember("list_totals:api", identity, queryset.count)

    def detail(self, request, pk, params):
        return self._one(request, params, pk=pk)

    def by_slug(self, request, slug, params):
        return self._one(request, params, slug=slug, locale__language_code=params.locale)

    def _one(self, request, params, **lookup):
        filters.check_parameters(request, taking(type(params), self.answer_params))
        if getattr(params, "fields", None) not in (None, "*"):
            # One item comes whole, so that its schema can require every field.
            raise HttpError(400, _("`fields` chooses the fields of list items; one item always comes whole."))
        fields = self.fields
        with self.answering(request):
            obj = self.optimize(self.published(), fields).filter(**lookup).first()
            if obj is None:
                raise Http404
            item = self.items(request, [obj], fields)[0]
            if getattr(params, "include", None):
                item["included"] = self.included(request, [item], params.include)
            return item

    # Related items, whole: the ids their summaries name, then one list read per endpoint.

    def with_included(self, fields, params):
        """`fields` and the summary field of each included relation, in the resource's order."""
        summaries = {self.includes[name][0] for name in getattr(params, "include", None) or ()}
        return [name for name in self.fields if name in fields or name in summaries]

    def included(self, request, items, names):
        """{endpoint: [item, …]} of the related items the `names` relations of `items` summarise.

        The summaries name only what a reader may see, in each item's language (Lookups); each
        endpoint reads its items once, so the queries do not grow with the number of items.
        """
        wanted = {}
        for name in names:
            field, endpoint = self.includes[name]
            pks = wanted.setdefault(endpoint, [])
            for item in items:
                related = item.get(field)
                pks.extend(ref["id"] for ref in (related if isinstance(related, list) else [related]) if ref)
        return {endpoint: BY_NAME[endpoint].whole_items(request, pks) for endpoint, pks in wanted.items()}

    def whole_items(self, request, pks):
        """The published items with these ids, each once and in that order, as their detail gives them."""
        pks = list(dict.fromkeys(pks))
        if not pks:
            return []
        with self.answering(request):
            objects = {obj.pk: obj for obj in self.optimize(self.published().filter(pk__in=pks), self.fields)}
            return self.items(request, [objects[pk] for pk in pks if pk in objects], self.fields)

    def item(self, request, obj, fields=None):
        """One object as the API shows it, every field unless told otherwise (used by previews)."""
        return self.items(request, [obj], fields or self.fields)[0]

    def items(self, request, objects, fields):
        lookups = Lookups(request)
        self.prepare(objects, fields, lookups)
        with self.answering(request):
            return [self._payload(obj, fields, lookups) for obj in objects]

    def _payload(self, obj, fields, lookups):
        data = {"id": obj.pk, "type": self.type, "api_url": api_url(self.name, obj.pk)}
        if not self.translatable:
            data.update((name, self.value(obj, name, lookups)) for name in fields)
            return data
        data["locale"] = obj.locale.language_code
        # Links inside rich text resolve to pages in the item's own language.
        with translation.override(data["locale"]):
            data.update((name, self.value(obj, name, lookups)) for name in fields)
        return data

    def value(self, obj, name, lookups):
        getter = getattr(self, f"get_{name}", None)
        return getter(obj, lookups) if getter else getattr(obj, name)

    def get_url(self, obj, lookups):
        return lookups.html_url(obj)

    def get_path(self, obj, lookups):
        return lookups.html_path(obj)

    def get_translations(self, obj, lookups):
        return lookups.translations(self.name, obj)

    def get_description(self, obj, lookups):
        return rich_text(obj.description)

    def get_logo(self, obj, lookups):
        return image(obj.logo)

    def get_sectors(self, obj, lookups):
        return lookups.sectors(obj)

    def get_voivodeship(self, obj, lookups):
        return labelled(Voivodeship, obj.voivodeship)

    def get_website(self, obj, lookups):
        # Downstream sites put it in a link: an address stored before the validators is left out.
        return obj.website if is_web_url(obj.website) else ""


class Articles(Resource):
    name, type, model, schema = "articles", "article", ArticlePage, schemas.Article
    list_schema = schemas.ArticleList
    params = filters.ArticleParams
    listing_fields = (
        "url",
        "path",
        "translations",
        "title",
        "slug",
        "date",
        "author",
        "lead",
        "header_image",
        "tags",
    )
    default_order = "-date"
    filter = staticmethod(filters.filter_articles)
    includes = {"clusters": ("related_clusters", "clusters")}
    facets = filters.ARTICLE_FACETS
    answer_params = (LinkParams, RenditionParams, filters.ArticleIncludeParams)

    def optimize(self, queryset, fields):
        queryset = super().optimize(queryset, fields)
        # Lists: the body is the largest column, and decoding it the slowest.
        if "body" not in fields and "body_html" not in fields:
            queryset = queryset.defer_streamfields()
        if "header_image" in fields:
            queryset = queryset.prefetch_related(prefetch_image("header_image"))
        if "tags" in fields:
            queryset = queryset.with_tags()
        if "related_clusters" in fields:
            # Only what finds each cluster's published translation (Lookups.load_clusters).
            related = ArticleRelatedCluster.objects.select_related("cluster").only(
                "article", "sort_order", "cluster__translation_key", "cluster__locale"
            )
            queryset = queryset.prefetch_related(Prefetch("related_clusters", queryset=related))
        return queryset

    def prepare(self, objects, fields, lookups):
        super().prepare(objects, fields, lookups)
        if "related_clusters" in fields:
            lookups.load_clusters([link.cluster for page in objects for link in page.related_clusters.all()])

    def get_header_image(self, page, lookups):
        return image(page.header_image_in_use)

    def get_body(self, page, lookups):
        return stream_blocks(page.body)

    def get_body_html(self, page, lookups):
        return body_html(page.body)

    def get_tags(self, page, lookups):
        return sorted(tag.name for tag in page.tag_list)

    def get_related_clusters(self, page, lookups):
        named = (lookups.cluster(link.cluster, page.locale_id) for link in page.related_clusters.all())
        return [cluster for cluster in named if cluster is not None]


class Clusters(Resource):
    name, type, model, schema = "clusters", "cluster", ClusterPage, schemas.Cluster
    list_schema = schemas.ClusterList
    params = filters.ClusterParams
    listing_fields = (
        "url",
        "path",
        "translations",
        "title",
        "slug",
        "short_name",
        "voivodeship",
        "city",
        "sectors",
        "is_key_national_cluster",
        "excellence_label",
        "logo",
    )
    default_order = "title"
    filter = staticmethod(filters.filter_clusters)
    includes = {"members": ("members", "companies"), "coordinator": ("coordinator", "companies")}
    facets = filters.CLUSTER_FACETS
    answer_params = (LinkParams, RenditionParams, filters.ClusterIncludeParams)

    def optimize(self, queryset, fields):
        queryset = super().optimize(queryset, fields)
        if "sectors" in fields:
            queryset = queryset.prefetch_related("sectors")
        if "logo" in fields:
            queryset = queryset.prefetch_related(prefetch_image("logo"))
        if "coordinator" in fields:
            queryset = queryset.select_related("coordinator")
        if "members" in fields:
            members = ClusterMember.objects.select_related("company").order_by("sort_order", "pk")
            queryset = queryset.prefetch_related(Prefetch("members", queryset=members))
        return queryset

    def prepare(self, objects, fields, lookups):
        super().prepare(objects, fields, lookups)
        if "sectors" in fields:
            lookups.load_sectors(objects)
        named = []
        for page in objects:
            if "coordinator" in fields and page.coordinator_id:
                named.append(page.coordinator)
            if "members" in fields:
                named.extend(member.company for member in page.members.all())
        lookups.load_companies(named)

    def get_coordinator(self, page, lookups):
        return lookups.company(page.coordinator, page.locale_id) if page.coordinator_id else None

    def get_members(self, page, lookups):
        named = (lookups.company(member.company, page.locale_id) for member in page.members.all())
        return [company for company in named if company is not None]

    def get_is_key_national_cluster(self, page, lookups):
        return page.key_national_cluster_valid

    def get_excellence_label(self, page, lookups):
        return labelled(ClusterPage.ExcellenceLabel, page.excellence_label) if page.excellence_label_valid else None

    def get_latitude(self, page, lookups):
        return None if page.latitude is None else float(page.latitude)

    def get_longitude(self, page, lookups):
        return None if page.longitude is None else float(page.longitude)


class Companies(Resource):
    name, type, model, schema = "companies", "company", Company, schemas.Company
    list_schema = schemas.CompanyList
    params = filters.CompanyParams
    listing_fields = ("url", "path", "translations", "name", "slug", "city", "voivodeship", "size", "sectors", "logo")
    default_order = "name"
    filter = staticmethod(filters.filter_companies)
    facets = filters.COMPANY_FACETS

    def optimize(self, queryset, fields):
        queryset = super().optimize(queryset, fields)
        if "sectors" in fields:
            queryset = queryset.prefetch_related("sectors")
        if "logo" in fields:
            queryset = queryset.prefetch_related(prefetch_image("logo"))
        return queryset

    def prepare(self, objects, fields, lookups):
        super().prepare(objects, fields, lookups)
        if "sectors" in fields:
            lookups.load_sectors(objects)

    def get_legal_form(self, company, lookups):
        return labelled(Company.LegalForm, company.legal_form)

    def get_size(self, company, lookups):
        return labelled(Company.Size, company.size)

    def get_pkd_codes(self, company, lookups):
        return company.pkd_code_list

    # Contact details only as the company chose to publish them; the raw fields never leave.
    def get_email(self, company, lookups):
        return company.public_email

    def get_phone(self, company, lookups):
        return company.public_phone


class Offers(Resource):
    name, type, model, schema = "offers", "offer", Offer, schemas.Offer
    list_schema = schemas.OfferList
    params = filters.OfferParams
    listing_fields = (
        "url",
        "path",
        "translations",
        "title",
        "slug",
        "kind",
        "summary",
        "company",
        "sectors",
        "valid_until",
    )
    default_order = "-id"
    filter = staticmethod(filters.filter_offers)
    includes = {"company": ("company", "companies")}
    facets = filters.OFFER_FACETS
    answer_params = (LinkParams, filters.OfferIncludeParams)  # no images of their own

    def optimize(self, queryset, fields):
        queryset = super().optimize(queryset, fields)
        if "company" in fields:
            queryset = queryset.select_related("company")
        if "sectors" in fields:
            queryset = queryset.prefetch_related("sectors")
        return queryset

    def prepare(self, objects, fields, lookups):
        super().prepare(objects, fields, lookups)
        if "sectors" in fields:
            lookups.load_sectors(objects)

    def get_company(self, offer, lookups):
        # An offer is public only while its company is, so the company can be linked as it is.
        return lookups.linked_company(offer.company)

    def get_kind(self, offer, lookups):
        return labelled(Offer.Kind, offer.kind)

    def get_cooperation_types(self, offer, lookups):
        known = set(Offer.CooperationType.values)
        return [labelled(Offer.CooperationType, value) for value in offer.cooperation_types or [] if value in known]


class Sectors(Resource):
    name, type, model, schema = "sectors", "sector", Sector, schemas.Sector
    list_schema = schemas.SectorList
    params = filters.SectorParams
    listing_fields = ("translations", "name", "slug")
    default_order = "name"
    answer_params = ()  # neither HTML nor images

    def published(self, locale=None):
        # Sectors have no drafts: every sector is public.
        return in_locale(Sector.objects.all(), locale)

    def get_url(self, sector, lookups):
        return None

    def get_path(self, sector, lookups):
        return None

    def get_translations(self, sector, lookups):
        return lookups.translations(self.name, sector, with_url=False)


class Images(Resource):
    name, type, schema = "images", "image", schemas.Image
    list_schema = schemas.ImageList
    params = filters.MediaParams
    listing_fields = (
        "title",
        "alt",
        "url",
        "path",
        "width",
        "height",
        "focal_point",
        "renditions",
        "chosen_renditions",
    )
    default_order = "-created_at"
    translatable = False
    answer_params = (RenditionParams,)  # no HTML

    @property
    def model(self):
        return get_image_model()

    def published(self, locale=None):
        return image_queryset()

    def optimize(self, queryset, fields):
        return queryset.prefetch_related("tags") if "tags" in fields else queryset

    def _payload(self, img, fields, lookups):
        described = image_details(img)
        data = {"id": img.pk, "type": self.type, "api_url": described["api_url"]}
        for name in fields:
            if name == "renditions":
                data[name] = renditions(img)
            elif name == "chosen_renditions":
                data[name] = chosen(img)
            elif name == "tags":
                data[name] = sorted(tag.name for tag in img.tags.all())
            elif name == "created_at":
                data[name] = img.created_at
            else:
                data[name] = described[name]
        return data


class Documents(Resource):
    name, type, schema = "documents", "document", schemas.Document
    list_schema = schemas.DocumentList
    params = filters.MediaParams
    listing_fields = ("title", "url", "path", "file_extension")
    default_order = "-created_at"
    translatable = False
    answer_params = ()  # neither HTML nor images

    @property
    def model(self):
        return get_document_model()

    def published(self, locale=None):
        return public_documents()

    def optimize(self, queryset, fields):
        return queryset.prefetch_related("tags") if "tags" in fields else queryset

    def get_url(self, doc, lookups):
        return document_url(doc)

    def get_path(self, doc, lookups):
        return doc.url if doc.url.startswith("/") else None

    def get_tags(self, doc, lookups):
        return sorted(tag.name for tag in doc.tags.all())


ARTICLES, CLUSTERS, COMPANIES, OFFERS, SECTORS = Articles(), Clusters(), Companies(), Offers(), Sectors()
IMAGES, DOCUMENTS = Images(), Documents()
BY_NAME = {resource.name: resource for resource in (ARTICLES, CLUSTERS, COMPANIES, OFFERS, SECTORS, IMAGES, DOCUMENTS)}

# Content whose drafts can be previewed, and whose changes are announced by webhooks.
BY_MODEL = {resource.model: resource for resource in (ARTICLES, CLUSTERS, COMPANIES, OFFERS, SECTORS)}
