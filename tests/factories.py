"""Small factories for registry snippets and pages; the site skeleton comes from the site_tree fixture."""

import datetime
import itertools

from django.utils import timezone

from wagtail.models import Locale

import factory

from articles.models import ArticlePage
from clusters.models import ClusterPage
from demo.scale import synthetic_nip, synthetic_regon
from demo.structure import publish
from registry.models import Company, Offer, Sector

_numbers = itertools.count(1)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name = factory.Sequence(lambda n: f"Sektor {n}")
    slug = factory.Sequence(lambda n: f"sektor-{n}")
    locale = factory.LazyFunction(Locale.get_default)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Przedsiębiorstwo {n} Sp. z o.o.")
    legal_form = Company.LegalForm.LIMITED_LIABILITY
    nip = factory.LazyFunction(lambda: synthetic_nip(next(_numbers)))
    regon = factory.LazyFunction(lambda: synthetic_regon(next(_numbers)))
    street = "ul. Gdańska 1"
    postal_code = "85-001"
    city = "Bydgoszcz"
    voivodeship = "kujawsko-pomorskie"
    size = Company.Size.SMALL
    email = "biuro@example.com"
    phone = "+48 52 000 00 00"
    locale = factory.LazyFunction(Locale.get_default)
    live = True


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    title = factory.Sequence(lambda n: f"Oferta współpracy {n}")
    kind = Offer.Kind.BUSINESS_OFFER
    company = factory.SubFactory(CompanyFactory)
    summary = "Szukamy partnera do współpracy."
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    locale = factory.LazyFunction(Locale.get_default)
    live = True


def make_article(index, title="Artykuł", live=True, **fields):
    fields.setdefault("lead", "Krótki wstęp.")
    page = ArticlePage(title=title, **fields)
    index.add_child(instance=page)
    if live:
        publish(page)
    else:
        page.live = False
        page.save_revision()
        ArticlePage.objects.filter(pk=page.pk).update(live=False)
    return page


def make_cluster(index, title="Klaster", live=True, **fields):
    fields.setdefault("voivodeship", "kujawsko-pomorskie")
    fields.setdefault("city", "Bydgoszcz")
    page = ClusterPage(title=title, **fields)
    index.add_child(instance=page)
    if live:
        publish(page)
    else:
        ClusterPage.objects.filter(pk=page.pk).update(live=False)
    return page
