"""Pages of a list read with one query: the rows and, alongside each, the number of rows in all."""

from django.core.paginator import Paginator
from django.db.models import Count, Window


class CountingPaginator(Paginator):
    """Django's Paginator, but `get_page()` reads the total with the page's rows (a window function)
    instead of counting first; a page past the end falls back to Django's two queries.

    The queryset must not use `.distinct()`: the total would count the rows before it.
    """

    def get_page(self, number):
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(_total=Window(Count("pk")))[bottom : bottom + self.per_page])
        if rows:
            self.count = rows[0]._total  # fills the cached property Paginator.count
            return self._get_page(rows, number, self)
        if number == 1:
            self.count = 0
            return self._get_page(rows, number, self)
        return super().get_page(number)
