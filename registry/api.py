"""Read-only API endpoints for the registry snippets, built on each model's public queryset."""

from wagtail.api.v2.filters import FieldsFilter, LocaleFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.serializers import BaseSerializer, PageHtmlUrlField, PageLocaleField
from wagtail.api.v2.views import BaseAPIViewSet

from .models import Company, Offer, Sector


class RegistrySerializer(BaseSerializer):
    # Wagtail's page fields work for any translatable model with a full_url.
    locale = PageLocaleField(read_only=True)
    html_url = PageHtmlUrlField(read_only=True)


class SectorSerializer(BaseSerializer):
    locale = PageLocaleField(read_only=True)


class RegistryAPIViewSet(BaseAPIViewSet):
    base_serializer_class = RegistrySerializer
    # Wagtail's BaseAPIViewSet has no filters at all; without these, ?locale= and field filters
    # would be silently ignored. Search goes last: search results cannot be filtered further.
    filter_backends = [FieldsFilter, OrderingFilter, LocaleFilter, SearchFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    meta_fields = BaseAPIViewSet.meta_fields + ["locale", "html_url"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["locale", "html_url"]

    def get_queryset(self):
        return self.model.objects.published().order_by("id")


class SectorAPIViewSet(RegistryAPIViewSet):
    model = Sector
    name = "sectors"
    base_serializer_class = SectorSerializer
    meta_fields = BaseAPIViewSet.meta_fields + ["locale"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["locale", "name", "slug"]

    def get_queryset(self):
        return Sector.objects.select_related("locale").order_by("id")


class CompanyAPIViewSet(RegistryAPIViewSet):
    model = Company
    name = "companies"
    listing_default_fields = RegistryAPIViewSet.listing_default_fields + ["name", "city", "voivodeship"]

    def get_queryset(self):
        return Company.objects.published().select_related("locale").prefetch_related("sectors").order_by("id")


class OfferAPIViewSet(RegistryAPIViewSet):
    model = Offer
    name = "offers"
    listing_default_fields = RegistryAPIViewSet.listing_default_fields + ["title", "kind", "valid_until"]

    def get_queryset(self):
        return Offer.objects.published().select_related("locale", "company").prefetch_related("sectors").order_by("id")
