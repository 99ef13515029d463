"""One search over every kind of public content, in one language."""

from articles.models import ArticlePage
from clusters.models import ClusterPage
from registry.models import Company, Offer

MAX_RESULTS_PER_KIND = 20


def _public_hits(model, query, locale):
    published = model.objects.published(locale)
    # The search index holds drafts and expired entries too; it is narrowed to live entries of the
    # locale first and then intersected with the model's one definition of "public".
    if hasattr(published, "specific"):
        candidates = model.objects.live().filter(locale=locale)
    else:
        candidates = model.objects.filter(live=True, locale=locale)
    hits = list(candidates.search(query)[:MAX_RESULTS_PER_KIND])
    public_ids = set(published.filter(pk__in=[hit.pk for hit in hits]).values_list("pk", flat=True))
    return [hit for hit in hits if hit.pk in public_ids]


def search_everything(query, locale):
    results = []
    for model in (ArticlePage, ClusterPage, Company, Offer):
        results.extend((model._meta.verbose_name, hit) for hit in _public_hits(model, query, locale))
    return results
