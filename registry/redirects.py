"""A published company or offer that moves (a new slug, or an offer becoming a service) leaves a
permanent redirect at its old address, as Wagtail leaves one for a page whose slug changes."""

from django.conf import settings
from django.db import transaction

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.redirects.models import Redirect


def published_address(entry):
    """(site id, index page, its path in the site, the entry's route below it) where the entry is published, or None."""
    if entry is None or not entry.live:
        return None
    # The index page is worked out afresh: an offer's kind may have changed since it was first asked for.
    vars(entry).pop("index_page", None)
    index_page = entry.index_page
    if index_page is None:
        return None
    url_parts = index_page.get_url_parts()
    if url_parts is None:
        return None
    site_id, _root_url, page_path = url_parts
    return site_id, index_page, page_path, index_page.reverse_subpage("detail", args=[entry.slug])


def remember_published_address(sender, instance, raw=False, **kwargs):
    """Before an entry is saved: where its stored version is published."""
    stored = sender.objects.filter(pk=instance.pk).first() if instance.pk and not raw else None
    instance.address_before_save = published_address(stored)


def redirect_from_old_address(sender, instance, raw=False, **kwargs):
    """After an entry is saved: its old address, if it moved, redirects to the new one."""
    old = getattr(instance, "address_before_save", None)
    new = published_address(instance) if not raw else None
    if old is None or new is None or old[1:] == new[1:]:
        return
    old_site_id, old_index, old_page_path, old_route = old
    site_id, index_page, page_path, route = new
    route_path = Redirect.normalise_page_route_path(route)
    # Redirects made by earlier moves point to the new address at once, not through a chain.
    earlier = Redirect.objects.filter(
        redirect_page=old_index, redirect_page_route_path=Redirect.normalise_page_route_path(old_route)
    )
    earlier.update(redirect_page=index_page, redirect_page_route_path=route_path)
    # The entry lives at its new address again: an old redirect from there would only confuse the admin's list.
    Redirect.objects.filter(site_id=site_id, old_path=Redirect.normalise_path(page_path + route)).delete()
    redirect, _created = Redirect.objects.update_or_create(
        site_id=old_site_id,
        old_path=Redirect.normalise_path(old_page_path + old_route),
        defaults={
            "redirect_page": index_page,
            "redirect_page_route_path": route_path,
            "is_permanent": True,
            "automatically_created": True,
        },
    )
    if settings.WAGTAILFRONTENDCACHE:
        # A CDN would go on serving the entry's page at the old address; purged as Wagtail purges a page's.
        batch = PurgeBatch()
        batch.add_urls(redirect.old_links())
        transaction.on_commit(batch.purge)
