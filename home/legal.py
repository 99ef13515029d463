"""The pages a Polish public body must publish: the accessibility statement and the privacy policy."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.pages import PortalPageMixin

# The law (ustawa o dostępności cyfrowej, art. 10) asks for a review of the statement at least once a year;
# editors are reminded this many days before it falls due.
REVIEW_INTERVAL_DAYS = 365
REVIEW_WARNING_DAYS = 30


class OnePerLanguageMixin:
    """A page of which each language has exactly one: a second one is refused with a message."""

    one_per_language_message = _("There is already a page of this type in this language: edit that one instead.")

    def clean(self):
        super().clean()
        duplicates = type(self).objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        if self.locale_id and duplicates.exists():
            raise ValidationError(self.one_per_language_message)

    @classmethod
    def can_create_at(cls, parent):
        # Wagtail's max_count counts every language: this counts the parent's. The type is then not offered
        # where its language has one, and clean() explains a second one saved any other way.
        return super().can_create_at(parent) and not cls.objects.filter(locale_id=parent.locale_id).exists()


class ComplianceStatus(models.TextChoices):
    # The three statuses of the Ministry's template, in its words ("zgodna", "częściowo zgodna", "niezgodna").
    COMPLIANT = "compliant", _("compliant")
    PARTIALLY_COMPLIANT = "partially_compliant", _("partially compliant")
    NOT_COMPLIANT = "not_compliant", _("not compliant")


class PreparationMethod(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("a self-assessment carried out by the public body")
    EXTERNAL_AUDIT = "external_audit", _("an audit carried out by an external body")


class AccessibilityStatementPage(OnePerLanguageMixin, PortalPageMixin, Page):
    """The "deklaracja dostępności", laid out with the element ids of the Ministry's technical conditions."""

    entity_name = models.CharField(
        pgettext_lazy("accessibility statement", "public body"),
        max_length=255,
        help_text=_("The full name of the agency, as in its statute."),
    )
    site_url = models.URLField(
        _("website address"),
        blank=True,
        help_text=_("The address of the website the statement covers; left empty, the address of this site."),
    )
    site_published_on = models.DateField(_("website publication date"))
    site_updated_on = models.DateField(
        _("date of the last significant update"), help_text=_("Of the website, not of this statement.")
    )
    status = models.CharField(
        _("compliance status"),
        max_length=30,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIALLY_COMPLIANT,
    )
    non_accessible_content = RichTextField(
        _("content that is not accessible"),
        blank=True,
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("What is not accessible and why (non-compliance, exemptions). Required unless compliant."),
    )
    disproportionate_burden = RichTextField(
        _("disproportionate burden assessment"),
        blank=True,
        features=["bold", "italic", "ul", "link"],
        help_text=_("Only if the agency relied on a disproportionate burden: the result of its assessment."),
    )
    prepared_on = models.DateField(_("date the statement was prepared"))
    reviewed_on = models.DateField(
        _("date of the last review of the statement"),
        null=True,
        blank=True,
        help_text=_("The statement must be reviewed at least once a year; editors are reminded on the dashboard."),
    )
    preparation_method = models.CharField(
        _("prepared on the basis of"),
        max_length=30,
        choices=PreparationMethod.choices,
        default=PreparationMethod.SELF_ASSESSMENT,
    )
    auditor = models.CharField(_("auditor"), max_length=255, blank=True, help_text=_("For an external audit only."))
    keyboard_shortcuts = RichTextField(_("keyboard shortcuts"), blank=True, features=["bold", "italic", "ul", "link"])
    contact_person = models.CharField(_("contact person"), max_length=255)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    architectural_accessibility = RichTextField(
        _("architectural accessibility"),
        features=["h3", "bold", "italic", "ul", "ol", "link"],
        help_text=_("The agency's buildings: entrances, lifts, toilets, parking, assistance dogs, induction loops."),
    )
    communication_accessibility = RichTextField(
        _("communication and information accessibility"),
        features=["bold", "italic", "ul", "link"],
        help_text=_("Sign-language interpreting (on site, online), text relay, easy-to-read information."),
    )
    mobile_apps = RichTextField(
        _("mobile applications"),
        blank=True,
        features=["bold", "italic", "ul", "link"],
        help_text=_("The agency's mobile applications and links to their statements; leave empty if it has none."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("entity_name"),
                FieldPanel("site_url"),
                FieldPanel("site_published_on"),
                FieldPanel("site_updated_on"),
            ],
            heading=_("The website"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("non_accessible_content"), FieldPanel("disproportionate_burden")],
            heading=_("Compliance"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("prepared_on"),
                FieldPanel("reviewed_on"),
                FieldPanel("preparation_method"),
                FieldPanel("auditor"),
                FieldPanel("keyboard_shortcuts"),
            ],
            heading=_("Preparation of the statement"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_person"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Feedback and contact"),
        ),
        FieldPanel("architectural_accessibility"),
        FieldPanel("communication_accessibility"),
        FieldPanel("mobile_apps"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    one_per_language_message = _("There is already an accessibility statement in this language: edit that one instead.")

    class Meta:
        verbose_name = _("accessibility statement")

    def clean(self):
        super().clean()
        errors = {}
        if self.status != ComplianceStatus.COMPLIANT and not self.non_accessible_content:
            errors["non_accessible_content"] = _("List what is not accessible and why, unless the site is compliant.")
        if self.preparation_method == PreparationMethod.EXTERNAL_AUDIT and not self.auditor:
            errors["auditor"] = _("Name the body that carried out the audit.")
        if self.reviewed_on and self.prepared_on and self.reviewed_on < self.prepared_on:
            errors["reviewed_on"] = _("A review cannot come before the statement was prepared.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["statement_url"] = self.site_url or request.build_absolute_uri("/")
        return context

    @property
    def last_reviewed_on(self):
        return self.reviewed_on or self.prepared_on

    @property
    def review_due_on(self):
        return self.last_reviewed_on + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)

    def review_is_due(self, today=None):
        """True from a month before the yearly review falls due, and ever after until the review is recorded."""
        today = today or timezone.localdate()
        return today >= self.review_due_on - datetime.timedelta(days=REVIEW_WARNING_DAYS)


class PrivacyPolicyPage(OnePerLanguageMixin, PortalPageMixin, Page):
    """The privacy policy the RODO clause on every form links to (RODO art. 13)."""

    controller = models.TextField(
        _("data controller"), help_text=_("The agency's full name and address, as the controller of personal data.")
    )
    dpo_contact = models.CharField(
        _("data protection officer"), max_length=255, help_text=_("How to reach the data protection officer.")
    )
    body = RichTextField(
        _("policy"),
        features=["h2", "h3", "bold", "italic", "ul", "ol", "link"],
        help_text=_(
            "Purposes and legal bases (newsletter, accounts, comments, expressions of interest), recipients, "
            "retention, the reader's rights and the right to complain to the President of UODO."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("controller"), FieldPanel("dpo_contact"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    one_per_language_message = _("There is already a privacy policy in this language: edit that one instead.")

    class Meta:
        verbose_name = _("privacy policy")
