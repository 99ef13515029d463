"""The sign-up form on the newsletter page, the confirmation link and the one-click unsubscribe."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from cms.abuse import client_ip, rate_limited

from . import subscriptions
from .forms import SignUpForm


def newsletter_page(request, page):
    context = page.get_context(request)
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if rate_limited("newsletter-signup", client_ip(request), *settings.NEWSLETTER_SIGNUP_RATE):
            context.update(form=form, rate_limited=True)
            return TemplateResponse(request, page.get_template(request), context, status=429)
        if form.caught_by_honeypot:
            return HttpResponseRedirect(f"{page.url}?sent=1")
        if form.is_valid():
            data = form.cleaned_data
            # The confirmation is queued: a mail server that is down delays it (cms/outbox.py), never the answer.
            subscriptions.sign_up(data["email"], data["language"], data["topics"], client_ip(request))
            return HttpResponseRedirect(f"{page.url}?sent=1")
    else:
        form = SignUpForm(initial={"language": page.locale.language_code})
    context.update(form=form, sent=request.GET.get("sent") == "1")
    return TemplateResponse(request, page.get_template(request), context)


@never_cache
def confirm(request, token):
    subscriber = subscriptions.subscriber_to_confirm(token)
    confirmed = subscriber is not None and subscriptions.confirm(subscriber)
    language = subscriber.language if subscriber else translation.get_language()
    with translation.override(language):
        return render(request, "newsletter/confirmed.html", {"confirmed": confirmed}, status=200 if confirmed else 400)


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no form; the signed token is the proof
def unsubscribe(request, token):
    subscriber = subscriptions.subscriber_to_unsubscribe(token)
    language = subscriber.language if subscriber else translation.get_language()
    with translation.override(language):
        if subscriber is None:
            return render(request, "newsletter/unsubscribe.html", {"invalid": True}, status=400)
        if request.method == "POST":
            subscriptions.unsubscribe(subscriber)
            return render(request, "newsletter/unsubscribe.html", {"done": True})
        # GET only asks: link checkers and mail scanners open links without the reader meaning to unsubscribe.
        return render(request, "newsletter/unsubscribe.html", {"done": subscriber.unsubscribed_at is not None})
