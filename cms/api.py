"""Wagtail's API (v2): pages, images, documents and the registry snippets under /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from registry.api import CompanyAPIViewSet, OfferAPIViewSet, SectorAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("companies", CompanyAPIViewSet)
api_router.register_endpoint("offers", OfferAPIViewSet)
api_router.register_endpoint("sectors", SectorAPIViewSet)
