"""The GraphQL types: the REST API's items (api/schemas.py), their relations as whole items.

Each object is resolved from the payload the REST resource builds (api/resources.py), so a field
has the same value in both. Where REST names a related item by a short reference (a cluster's
members, an offer's company, sectors), GraphQL gives the related item itself, published and in
the naming item's language where it is translated, exactly as REST chooses its reference.
"""

import datetime

import strawberry
from strawberry.scalars import JSON

from .. import schemas

# Links in HTML are site-relative unless the address of /graphql/ says `?links=absolute`, as in REST.
RICH_TEXT = schemas.RICH_TEXT


@strawberry.type(description="A coded value with its label in the item's language.")
class Labelled:
    code: str
    label: str


@strawberry.type
class Rendition:
    url: str
    width: int
    height: int


@strawberry.type
class Renditions:
    thumbnail: Rendition = strawberry.field(description="Cropped to 300×200 around the focal point.")
    medium: Rendition = strawberry.field(description="At most 800×600.")
    large: Rendition = strawberry.field(description="At most 1600×1200.")


@strawberry.type
class ChosenRendition:
    spec: str = strawberry.field(description="The filter spec chosen with `?renditions=`, e.g. `width-800`.")
    url: str
    width: int
    height: int


CHOSEN = "The renditions chosen with `?renditions=` in the address of /graphql/, as in the REST API."


@strawberry.type(description="The part of the image to keep in view when cropping.")
class FocalPoint:
    x: int
    y: int
    width: int
    height: int


@strawberry.type(description="An image as an item uses it (a header image, a logo).")
class ImageUse:
    id: int
    title: str
    alt: str = strawberry.field(description="The alt text of this use of the image; empty when decorative.")
    url: str = strawberry.field(description="The original file.")
    width: int
    height: int
    focal_point: FocalPoint | None
    renditions: Renditions
    chosen_renditions: list[ChosenRendition] = strawberry.field(description=CHOSEN)
    api_url: str


@strawberry.type(description="A published translation of an item in another language.")
class Translation:
    locale: str
    id: int
    url: str | None = strawberry.field(description="The translation's page on the site (null for sectors).")
    api_url: str


@strawberry.type
class Sector:
    id: int
    locale: str
    api_url: str
    translations: list[Translation]
    name: str
    slug: str


@strawberry.type
class Company:
    id: int
    locale: str
    api_url: str
    url: str | None = strawberry.field(description="The company's page on the site.")
    path: str | None = strawberry.field(description="The page relative to the site's root.")
    translations: list[Translation]
    name: str
    slug: str
    legal_form: Labelled
    nip: str
    regon: str
    krs: str
    pkd_codes: list[str]
    street: str
    postal_code: str
    city: str
    voivodeship: Labelled
    size: Labelled
    website: str
    email: str = strawberry.field(description="Empty unless the company publishes its contact details.")
    phone: str = strawberry.field(description="Empty unless the company publishes its contact details.")
    description: str = strawberry.field(description=RICH_TEXT)
    logo: ImageUse | None
    sectors: list[Sector]
    last_published_at: datetime.datetime | None


@strawberry.type
class Cluster:
    id: int
    locale: str
    api_url: str
    url: str | None = strawberry.field(description="The cluster's page on the site.")
    path: str | None = strawberry.field(description="The page relative to the site's root.")
    translations: list[Translation]
    title: str
    slug: str
    short_name: str
    founded: int | None
    voivodeship: Labelled
    city: str
    coordinator: Company | None = strawberry.field(description="Null when none, or not published.")
    website: str
    contact_person: str
    email: str
    phone: str
    description: str = strawberry.field(description=RICH_TEXT)
    sectors: list[Sector]
    members_total: int
    members_sme: int
    members_large: int
    members_research: int
    members: list[Company] = strawberry.field(description="Published member companies.")
    is_key_national_cluster: bool = strawberry.field(description="Key National Cluster status valid today.")
    key_national_cluster_until: datetime.date | None
    excellence_label: Labelled | None = strawberry.field(
        description="European cluster excellence label valid today; null when it has none."
    )
    excellence_label_until: datetime.date | None
    latitude: float | None
    longitude: float | None
    logo: ImageUse | None
    last_published_at: datetime.datetime | None


@strawberry.type
class Article:
    id: int
    locale: str
    api_url: str
    url: str | None = strawberry.field(description="The article's page on the site.")
    path: str | None = strawberry.field(description="The page relative to the site's root.")
    translations: list[Translation]
    title: str
    slug: str
    seo_title: str
    search_description: str
    date: datetime.date
    author: str
    lead: str
    header_image: ImageUse | None
    body: JSON = strawberry.field(description="The body's blocks, as the REST API's `body`.")
    body_html: str = strawberry.field(description="The body rendered as the site renders it. " + RICH_TEXT)
    tags: list[str]
    related_clusters: list[Cluster] = strawberry.field(description="Published clusters the article is about.")
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None


@strawberry.type
class Offer:
    id: int
    locale: str
    api_url: str
    url: str | None = strawberry.field(description="The offer's page on the site.")
    path: str | None = strawberry.field(description="The page relative to the site's root.")
    translations: list[Translation]
    title: str
    slug: str
    kind: Labelled
    summary: str
    description: str = strawberry.field(description=RICH_TEXT)
    company: Company
    sectors: list[Sector]
    cooperation_types: list[Labelled]
    valid_until: datetime.date | None
    last_published_at: datetime.datetime | None


@strawberry.type
class Image:
    id: int
    api_url: str
    title: str
    alt: str
    url: str = strawberry.field(description="The original file.")
    path: str | None = strawberry.field(description="The original file's address relative to the site's root.")
    width: int
    height: int
    focal_point: FocalPoint | None
    renditions: Renditions | None = strawberry.field(description="Null when the image file is missing.")
    chosen_renditions: list[ChosenRendition] = strawberry.field(description=CHOSEN)
    tags: list[str]
    created_at: datetime.datetime


@strawberry.type
class Document:
    id: int
    api_url: str
    title: str
    url: str = strawberry.field(description="Download address.")
    path: str | None = strawberry.field(description="The address relative to the site's root; null if elsewhere.")
    file_extension: str
    tags: list[str]
    created_at: datetime.datetime


@strawberry.type(description="A page of a list, and how many items match on all pages together.")
class Page:
    total: int
    limit: int
    offset: int


@strawberry.type
class ArticleList(Page):
    items: list[Article]


@strawberry.type
class ClusterList(Page):
    items: list[Cluster]


@strawberry.type
class CompanyList(Page):
    items: list[Company]


@strawberry.type
class OfferList(Page):
    items: list[Offer]


@strawberry.type
class SectorList(Page):
    items: list[Sector]


@strawberry.type
class ImageList(Page):
    items: list[Image]


@strawberry.type
class DocumentList(Page):
    items: list[Document]
