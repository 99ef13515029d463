"""The accounts' rate limit: every public form of the accounts app, per IP address and per account."""

import functools

from django.conf import settings
from django.template.response import TemplateResponse

from cms.abuse import client_ip, over_limit


def too_many(request, scope):
    """Count one submission per IP and per account; True when either is over the limit."""
    limit, window = settings.ACCOUNTS_RATE_LIMIT
    keys = [f"rate:{scope}:ip:{client_ip(request)}"]
    if request.user.is_authenticated:
        keys.append(f"rate:{scope}:user:{request.user.pk}")
    # Every key is counted, so a burst from one account is seen from any address.
    return any([over_limit(key, limit, window) for key in keys])  # noqa: C419


def rate_limited(scope):
    """View decorator: POSTs beyond the rate limit get a 429 page and are not processed."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and too_many(request, scope):
                return TemplateResponse(request, "accounts/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
