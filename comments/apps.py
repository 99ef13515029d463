from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Comments")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from home.page_cache import invalidate

        from .models import Comment

        # An approved (or withdrawn) comment changes a page anonymous readers may have in the page cache.
        post_save.connect(invalidate, sender=Comment, dispatch_uid="page-cache-comment-saved")
        post_delete.connect(invalidate, sender=Comment, dispatch_uid="page-cache-comment-deleted")
