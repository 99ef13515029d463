"""The comments section of an article: approved comments, their count, and the form or a way to it."""

from django import template
from django.conf import settings
from django.contrib.auth.views import redirect_to_login

from articles.models import CommentsMode
from comments.forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/comments_section.html", takes_context=True)
def article_comments(context, article):
    request = context["request"]
    # What the list shows: the author's name, never the rest of the account (e-mail, password hash).
    shown = ("body", "created_at", "author__first_name", "author__last_name")
    comments = list(article.comments.approved().select_related("author").only(*shown))
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    is_open = article.comments_mode != CommentsMode.CLOSED
    return {
        "article": article,
        "comments": comments,
        "count": len(comments),
        "closed": not is_open,
        "form": CommentForm() if is_open and signed_in else None,
        "login_url": None if signed_in else redirect_to_login(f"{article.url}#comments", settings.LOGIN_URL).url,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages"),
    }
