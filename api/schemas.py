"""The shapes of the API's answers, as documented in /api/openapi.json.

An item read on its own (`/api/<kind>/{id}/`, `/by-slug/`) comes whole: every field is required.
In a list, fields other than `id`, `type`, `api_url` and `locale` may be left out with the
`fields` query parameter, so list items (`ArticleInList`, …) have them optional; a field that is
present has the type shown.

Every coded value comes as `{"code": …, "label": …}`, the label in the item's language; each code
list is one named enum in `components/schemas` (`Voivodeship`, `CompanySize`, `OfferKind`, …).

With `include`, an answer adds related items whole under `included` (`ClusterIncluded`, …); with
`facets`, a list adds counts of its items per value under `facets` (`ClusterFacets`, …).
"""

import datetime
from typing import Annotated, Literal

from django.conf import settings

from ninja import Field, Schema
from pydantic import ConfigDict, create_model
from pydantic.json_schema import SkipJsonSchema
from typing_extensions import TypeAliasType

from articles.blocks import HeadingBlock as ArticleHeadingBlock
from clusters.models import ClusterPage
from registry.models import Company, Offer
from registry.voivodeships import Voivodeship as VoivodeshipChoices


def named_enum(name, values):
    """A code list documented once, as `components/schemas/<name>`, and referenced wherever it is used."""
    return TypeAliasType(name, Literal[tuple(values)])


LocaleCode = named_enum("Locale", (code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES))
Voivodeship = named_enum("Voivodeship", VoivodeshipChoices.values)
OfferKind = named_enum("OfferKind", Offer.Kind.values)
CompanySize = named_enum("CompanySize", Company.Size.values)
LegalForm = named_enum("LegalForm", Company.LegalForm.values)
CooperationType = named_enum("CooperationType", Offer.CooperationType.values)
ExcellenceLabel = named_enum("ExcellenceLabel", ClusterPage.ExcellenceLabel.values)
_levels = ArticleHeadingBlock.base_blocks["level"].field.choices
HeadingLevel = named_enum("HeadingLevel", (value for value, _label in _levels if value))
VoivodeshipValue = Voivodeship  # the name api/filters.py imports


def _without_defaults(schema, model):
    # Optional fields are absent when not selected, never null because unselected.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class Payload(Schema):
    model_config = ConfigDict(json_schema_extra=_without_defaults)


class Error(Schema):
    detail: str = Field(description="What was wrong with the request.")


# Coded values with their labels, in the item's language.


class LabelledVoivodeship(Payload):
    code: Voivodeship
    label: str


class LabelledCompanySize(Payload):
    code: CompanySize
    label: str


class LabelledLegalForm(Payload):
    code: LegalForm
    label: str


class LabelledOfferKind(Payload):
    code: OfferKind
    label: str


class LabelledCooperationType(Payload):
    code: CooperationType
    label: str


class LabelledExcellenceLabel(Payload):
    code: ExcellenceLabel
    label: str


RICH_TEXT = (
    "HTML with resolved links, site-relative unless `links=absolute`. A link to a page or a document carries "
    'its target\'s type and id (`<a href="/aktualnosci/klastry/" data-type="article" data-id="12">`; '
    '`data-type` is `article`, `cluster`, `page` or `document`), images carry `data-type="image"` and '
    '`data-id`, embeds `data-type="embed"` and `data-url`. A link to something not published is left as its text.'
)

CHOSEN_RENDITIONS = (
    "The renditions asked for with `renditions`, in that order (empty when none were, or the file is missing): "
    "what a `srcset` is built from."
)

# Embedded, compact representations of related objects.


class Rendition(Payload):
    url: str
    width: int
    height: int


class Renditions(Payload):
    thumbnail: Rendition = Field(description="Cropped to 300×200 around the focal point.")
    medium: Rendition = Field(description="At most 800×600.")
    large: Rendition = Field(description="At most 1600×1200.")


class ChosenRendition(Rendition):
    spec: str = Field(description="The filter spec the client chose with `renditions`, e.g. `width-800|format-webp`.")


class FocalPoint(Payload):
    x: int
    y: int
    width: int
    height: int


class ImageRef(Payload):
    id: int
    title: str
    alt: str = Field(
        description="The alt text of this use of the image, in the item's language; empty when decorative."
    )
    url: str = Field(description="The original file.")
    width: int
    height: int
    focal_point: FocalPoint | None = Field(description="The part of the image to keep in view when cropping.")
    renditions: Renditions
    chosen_renditions: list[ChosenRendition] = Field(description=CHOSEN_RENDITIONS)
    api_url: str


class DocumentRef(Payload):
    id: int
    title: str
    url: str = Field(description="Download address.")
    api_url: str


class SectorRef(Payload):
    id: int
    name: str
    slug: str
    api_url: str


class CompanyRef(Payload):
    """A published company as another item names it (an unpublished one is never named)."""

    id: int
    name: str
    city: str
    voivodeship: LabelledVoivodeship
    url: str | None
    api_url: str


class ClusterRef(Payload):
    id: int
    title: str
    short_name: str
    url: str | None
    api_url: str


class Translation(Payload):
    locale: LocaleCode
    id: int
    url: str | None = Field(description="The translation's page on the site (null for sectors).")
    api_url: str


# StreamField blocks of an article body, told apart by `type`.


class HeadingValue(Payload):
    text: str
    level: HeadingLevel


class QuoteValue(Payload):
    text: str
    source: str


class ImageValue(Payload):
    image: ImageRef | None
    caption: str
    attribution: str


class EmbedValue(Payload):
    url: str
    html: str | None = Field(description="The provider's embed code, when it could be fetched.")


class DocumentValue(Payload):
    title: str
    url: str | None
    document: DocumentRef | None


class HeadingBlock(Payload):
    type: Literal["heading"]
    id: str
    value: HeadingValue


class ParagraphBlock(Payload):
    type: Literal["paragraph"]
    id: str
    value: str = Field(description=RICH_TEXT)


class QuoteBlock(Payload):
    type: Literal["quote"]
    id: str
    value: QuoteValue


class ImageBlock(Payload):
    type: Literal["image"]
    id: str
    value: ImageValue


class EmbedBlock(Payload):
    type: Literal["embed"]
    id: str
    value: EmbedValue


class DocumentBlock(Payload):
    type: Literal["document"]
    id: str
    value: DocumentValue


Block = Annotated[
    HeadingBlock | ParagraphBlock | QuoteBlock | ImageBlock | EmbedBlock | DocumentBlock,
    Field(discriminator="type"),
]

# Items: whole, as detail endpoints return them; `in_list` makes what lists return.

INCLUDED = "The related items asked for with `include`, whole, each once; present only when asked for."


class Item(Payload):
    id: int
    type: str
    api_url: str


class TranslatableItem(Item):
    locale: LocaleCode
    url: str | None = Field(description="The item's page on the site, on the API's base URL.")
    path: str | None = Field(description="The item's page relative to the site's root: `url` without the base URL.")
    translations: list[Translation] = Field(description="Published translations in other languages.")


class Article(TranslatableItem):
    type: Literal["article"]
    title: str
    slug: str
    seo_title: str
    search_description: str
    date: datetime.date
    author: str
    lead: str
    header_image: ImageRef | None
    body: list[Block]
    body_html: str = Field(
        description="The body rendered as the site renders it (its own block templates). " + RICH_TEXT
    )
    tags: list[str]
    related_clusters: list[ClusterRef] = Field(description="Published clusters the article is about.")
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    included: "ArticleIncluded" = Field(None, description=INCLUDED)


class Cluster(TranslatableItem):
    type: Literal["cluster"]
    title: str
    slug: str
    short_name: str
    founded: int | None
    voivodeship: LabelledVoivodeship
    city: str
    coordinator: CompanyRef | None
    website: str
    contact_person: str
    email: str
    phone: str
    description: str = Field(description=RICH_TEXT)
    sectors: list[SectorRef]
    members_total: int
    members_sme: int
    members_large: int
    members_research: int
    members: list[CompanyRef]
    is_key_national_cluster: bool = Field(description="Key National Cluster status valid today.")
    key_national_cluster_until: datetime.date | None
    excellence_label: LabelledExcellenceLabel | None = Field(
        description="European cluster excellence label valid today; null when it has none."
    )
    excellence_label_until: datetime.date | None
    latitude: float | None
    longitude: float | None
    logo: ImageRef | None
    last_published_at: datetime.datetime | None
    included: "ClusterIncluded" = Field(None, description=INCLUDED)


class Company(TranslatableItem):
    type: Literal["company"]
    name: str
    slug: str
    legal_form: LabelledLegalForm
    nip: str
    regon: str
    krs: str
    pkd_codes: list[str]
    street: str
    postal_code: str
    city: str
    voivodeship: LabelledVoivodeship
    size: LabelledCompanySize
    website: str
    email: str = Field(description="Empty unless the company publishes its contact details.")
    phone: str = Field(description="Empty unless the company publishes its contact details.")
    description: str = Field(description=RICH_TEXT)
    logo: ImageRef | None
    sectors: list[SectorRef]
    last_published_at: datetime.datetime | None


class Offer(TranslatableItem):
    type: Literal["offer"]
    title: str
    slug: str
    kind: LabelledOfferKind
    summary: str
    description: str = Field(description=RICH_TEXT)
    company: CompanyRef
    sectors: list[SectorRef]
    cooperation_types: list[LabelledCooperationType]
    valid_until: datetime.date | None
    last_published_at: datetime.datetime | None
    included: "OfferIncluded" = Field(None, description=INCLUDED)


class Sector(TranslatableItem):
    type: Literal["sector"]
    url: None = Field(description="Always null: sectors have no page of their own.")
    path: None = Field(description="Always null: sectors have no page of their own.")
    name: str
    slug: str


class Image(Item):
    type: Literal["image"]
    title: str
    alt: str
    url: str = Field(description="The original file.")
    path: str | None = Field(
        description="The original file's address relative to the site's root; null if stored elsewhere."
    )
    width: int
    height: int
    focal_point: FocalPoint | None
    renditions: Renditions | None = Field(description="Null when the image file is missing.")
    chosen_renditions: list[ChosenRendition] = Field(description=CHOSEN_RENDITIONS)
    tags: list[str]
    created_at: datetime.datetime


class Document(Item):
    type: Literal["document"]
    title: str
    url: str = Field(description="Download address.")
    path: str | None = Field(description="The download address relative to the site's root; null if stored elsewhere.")
    file_extension: str
    tags: list[str]
    created_at: datetime.datetime


ALWAYS = ("id", "type", "api_url", "locale")
# Not a field a client chooses: what the answer adds around the item(s) (a list has its own).
ANSWER_ONLY = ("included",)


def in_list(item):
    """The item as a list shows it: fields other than ALWAYS are there only when `fields` selects them."""
    optional = {
        name: (SkipJsonSchema[None], Field(None, exclude=True))
        if name in ANSWER_ONLY
        else (info.annotation, Field(None, description=info.description))
        for name, info in item.model_fields.items()
        if name not in ALWAYS
    }
    return create_model(f"{item.__name__}InList", __base__=item, __doc__=item.__doc__, **optional)


ArticleInList, ClusterInList, CompanyInList, OfferInList, SectorInList, ImageInList, DocumentInList = map(
    in_list, (Article, Cluster, Company, Offer, Sector, Image, Document)
)

# Related items added whole with `?include=`, keyed by the endpoint that serves them.


class ArticleIncluded(Payload):
    clusters: list[Cluster] = Field(description="Published clusters named in `related_clusters`.")


class ClusterIncluded(Payload):
    companies: list[Company] = Field(description="Published companies named in `members` or `coordinator`.")


class OfferIncluded(Payload):
    companies: list[Company] = Field(description="The offer's company.")


# Declared with the items above them, which they hold.
Article.model_rebuild()
Cluster.model_rebuild()
Offer.model_rebuild()


# Counts of a list's items per value of a field, with `?facets=`.


class FacetValue(Payload):
    code: str = Field(description="The value as the filter of the same name takes it.")
    label: str = Field(description="In the language of `locale`, else Polish.")
    count: int = Field(description="How many items of the whole filtered list have this value (never 0).")


class VoivodeshipFacetValue(FacetValue):
    code: Voivodeship


class CompanySizeFacetValue(FacetValue):
    code: CompanySize


class OfferKindFacetValue(FacetValue):
    code: OfferKind


class SectorFacetValue(FacetValue):
    code: str = Field(description="The sector's slug, as `sector` takes it.")


class YearFacetValue(FacetValue):
    code: int = Field(description="A year of the articles' `date`.")


FACETS = (
    "Counts per value of each field asked for with `facets`, over the whole filtered list, most items first; "
    "present only when asked for."
)


class ArticleFacets(Payload):
    tag: list[FacetValue] = Field(None, description="Tags, as `tag` takes them.")
    year: list[YearFacetValue] = Field(None)


class ClusterFacets(Payload):
    voivodeship: list[VoivodeshipFacetValue] = Field(None)
    sector: list[SectorFacetValue] = Field(None)


class CompanyFacets(ClusterFacets):
    size: list[CompanySizeFacetValue] = Field(None)


class OfferFacets(Payload):
    kind: list[OfferKindFacetValue] = Field(None)
    sector: list[SectorFacetValue] = Field(None)
    voivodeship: list[VoivodeshipFacetValue] = Field(None, description="The companies' voivodeships.")


# A preview takes `fields` as lists do.
Draft = Annotated[ArticleInList | ClusterInList | CompanyInList | OfferInList, Field(discriminator="type")]


class Page(Payload):
    total: int = Field(description="How many items match, on all pages together.")
    limit: int
    offset: int


class ArticleList(Page):
    items: list[ArticleInList]
    included: ArticleIncluded = Field(None, description=INCLUDED)
    facets: ArticleFacets = Field(None, description=FACETS)


class ClusterList(Page):
    items: list[ClusterInList]
    included: ClusterIncluded = Field(None, description=INCLUDED)
    facets: ClusterFacets = Field(None, description=FACETS)


class CompanyList(Page):
    items: list[CompanyInList]
    facets: CompanyFacets = Field(None, description=FACETS)


class OfferList(Page):
    items: list[OfferInList]
    included: OfferIncluded = Field(None, description=INCLUDED)
    facets: OfferFacets = Field(None, description=FACETS)


class SectorList(Page):
    items: list[SectorInList]


class ImageList(Page):
    items: list[ImageInList]


class DocumentList(Page):
    items: list[DocumentInList]
