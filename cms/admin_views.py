"""Admin views of the platform: the log-in lock-outs in force, and lifting one."""

from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .lockouts import current_locks, lift

# Lifting a lock deletes axes' records of failed attempts: the same right as deleting them.
LIFT_PERMISSION = "axes.delete_accessattempt"


@method_decorator(permission_required(LIFT_PERMISSION), name="dispatch")
class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cms/admin/lockouts.html"
    page_title = _("Log-in lock-outs")
    header_icon = "lock"
    success_url = reverse_lazy("cms_lockouts")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(locks=current_locks(), **kwargs)

    def post(self, request):
        kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
        if kind in {"address", "account"} and value:
            lift(kind, value)
            messages.success(request, _("The lock on %(value)s was lifted.") % {"value": value})
        return redirect(self.success_url)
