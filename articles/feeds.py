"""RSS and Atom feeds of the news, one per language (served by each news index page)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from cms.brand import agency_name

FEED_LENGTH = 20


class NewsFeed(Feed):
    def get_object(self, request, index_page):
        self.request = request
        return index_page

    def title(self, index_page):
        return f"{index_page.title} – {agency_name(self.request)}"

    def link(self, index_page):
        return index_page.get_full_url(self.request)

    def description(self, index_page):
        return index_page.intro or index_page.title

    def feed_url(self, index_page):
        return self.request.build_absolute_uri(self.request.path)

    def items(self, index_page):
        return index_page.articles().with_tags()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_guid(self, article):
        return article.get_full_url(self.request)

    def item_pubdate(self, article):
        # Editors give a publication day; the feed wants a moment, so noon in Warsaw.
        return timezone.make_aware(datetime.datetime.combine(article.date, datetime.time(12)))

    def item_updateddate(self, article):
        return article.last_published_at

    def item_author_name(self, article):
        return article.author or None

    def item_categories(self, article):
        return [tag.name for tag in article.tag_list]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.locale.language_code
        return feed


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
