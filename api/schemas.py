"""The shapes of the API's answers, as documented in /api/openapi.json.

Item fields other than `id`, `type` and `api_url` (and `locale` where content is translatable)
may be left out with the `fields` query parameter, so they are optional in the schema; a field
that is present has the type shown.
"""

import datetime
from typing import Annotated, Literal

from django.conf import settings

from ninja import Field, Schema
from pydantic import ConfigDict

from articles.blocks import HeadingBlock as ArticleHeadingBlock
from clusters.models import ClusterPage
from registry.models import Company, Offer
from registry.voivodeships import Voivodeship

LocaleCode = Literal[tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)]
VoivodeshipValue = Literal[tuple(Voivodeship.values)]
OfferKind = Literal[tuple(Offer.Kind.values)]
CompanySize = Literal[tuple(Company.Size.values)]
LegalForm = Literal[tuple(Company.LegalForm.values)]
CooperationType = Literal[tuple(Offer.CooperationType.values)]
ExcellenceLabel = Literal[("", *ClusterPage.ExcellenceLabel.values)]
_levels = ArticleHeadingBlock.base_blocks["level"].field.choices
HeadingLevel = Literal[tuple(value for value, _label in _levels if value)]


def _without_defaults(schema, model):
    # Optional fields are absent when not selected, never null because unselected.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class Payload(Schema):
    model_config = ConfigDict(json_schema_extra=_without_defaults)


class Error(Schema):
    detail: str = Field(description="What was wrong with the request.")


# Embedded, compact representations of related objects.


class Rendition(Payload):
    url: str
    width: int
    height: int


class Renditions(Payload):
    thumbnail: Rendition = Field(description="Cropped to 300×200 around the focal point.")
    medium: Rendition = Field(description="At most 800×600.")
    large: Rendition = Field(description="At most 1600×1200.")


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
    width: int
    height: int
    focal_point: FocalPoint | None = Field(description="The part of the image to keep in view when cropping.")
    renditions: Renditions
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
    voivodeship: VoivodeshipValue
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
    value: str = Field(description="HTML with absolute, resolved links.")


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

# Items: what list and detail endpoints return.


class Item(Payload):
    id: int
    type: str
    api_url: str


class TranslatableItem(Item):
    locale: LocaleCode
    url: str | None = Field(None, description="The item's page on the site.")
    translations: list[Translation] = Field(None, description="Published translations in other languages.")


class Article(TranslatableItem):
    type: Literal["article"]
    title: str = None
    slug: str = None
    seo_title: str = None
    search_description: str = None
    date: datetime.date = None
    author: str = None
    lead: str = None
    header_image: ImageRef | None = None
    body: list[Block] = None
    tags: list[str] = None
    related_clusters: list[ClusterRef] = Field(None, description="Published clusters the article is about.")
    first_published_at: datetime.datetime | None = None
    last_published_at: datetime.datetime | None = None


class Cluster(TranslatableItem):
    type: Literal["cluster"]
    title: str = None
    slug: str = None
    short_name: str = None
    founded: int | None = None
    voivodeship: VoivodeshipValue = None
    city: str = None
    coordinator: CompanyRef | None = None
    website: str = None
    contact_person: str = None
    email: str = None
    phone: str = None
    description: str = Field(None, description="HTML with absolute, resolved links.")
    sectors: list[SectorRef] = None
    members_total: int = None
    members_sme: int = None
    members_large: int = None
    members_research: int = None
    members: list[CompanyRef] = None
    is_key_national_cluster: bool = Field(None, description="Key National Cluster status valid today.")
    key_national_cluster_until: datetime.date | None = None
    excellence_label: ExcellenceLabel = Field(None, description="European cluster excellence label valid today.")
    excellence_label_until: datetime.date | None = None
    latitude: float | None = None
    longitude: float | None = None
    logo: ImageRef | None = None
    last_published_at: datetime.datetime | None = None


class Company(TranslatableItem):
    type: Literal["company"]
    name: str = None
    slug: str = None
    legal_form: LegalForm = None
    nip: str = None
    regon: str = None
    krs: str = None
    pkd_codes: list[str] = None
    street: str = None
    postal_code: str = None
    city: str = None
    voivodeship: VoivodeshipValue = None
    size: CompanySize = None
    website: str = None
    email: str = Field(None, description="Empty unless the company publishes its contact details.")
    phone: str = Field(None, description="Empty unless the company publishes its contact details.")
    description: str = Field(None, description="HTML with absolute, resolved links.")
    logo: ImageRef | None = None
    sectors: list[SectorRef] = None
    last_published_at: datetime.datetime | None = None


class Offer(TranslatableItem):
    type: Literal["offer"]
    title: str = None
    slug: str = None
    kind: OfferKind = None
    summary: str = None
    description: str = Field(None, description="HTML with absolute, resolved links.")
    company: CompanyRef = None
    sectors: list[SectorRef] = None
    cooperation_types: list[CooperationType] = None
    valid_until: datetime.date | None = None
    last_published_at: datetime.datetime | None = None


class Sector(TranslatableItem):
    type: Literal["sector"]
    name: str = None
    slug: str = None


class Image(Item):
    type: Literal["image"]
    title: str = None
    alt: str = None
    width: int = None
    height: int = None
    focal_point: FocalPoint | None = None
    renditions: Renditions | None = Field(None, description="Null when the image file is missing.")
    tags: list[str] = None
    created_at: datetime.datetime = None


class Document(Item):
    type: Literal["document"]
    title: str = None
    url: str = Field(None, description="Download address.")
    file_extension: str = None
    tags: list[str] = None
    created_at: datetime.datetime = None


Draft = Annotated[Article | Cluster | Company | Offer, Field(discriminator="type")]


class Page(Payload):
    total: int = Field(description="How many items match, on all pages together.")
    limit: int
    offset: int


class ArticleList(Page):
    items: list[Article]


class ClusterList(Page):
    items: list[Cluster]


class CompanyList(Page):
    items: list[Company]


class OfferList(Page):
    items: list[Offer]


class SectorList(Page):
    items: list[Sector]


class ImageList(Page):
    items: list[Image]


class DocumentList(Page):
    items: list[Document]
