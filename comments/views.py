"""Posting a comment on an article."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import ArticlePage, CommentsMode
from cms.abuse import client_ip, rate_limited

from .forms import CommentForm
from .models import Comment


def _too_many(request, user):
    # Both counters move on every attempt, so one account cannot hop addresses nor one address hop accounts.
    by_ip = rate_limited("comment-ip", client_ip(request), *settings.COMMENT_RATE_PER_IP)
    by_user = rate_limited("comment-user", user.pk, *settings.COMMENT_RATE_PER_USER)
    return by_ip or by_user


@require_POST
@login_required
def post_comment(request, article_id):
    article = get_object_or_404(ArticlePage.objects.published(), pk=article_id)
    if article.comments_mode == CommentsMode.CLOSED:
        raise Http404
    context = {"article": article, "page": article}
    if _too_many(request, request.user):
        context["rate_limited"] = True
        return render(request, "comments/comment_form_page.html", context, status=429)
    form = CommentForm(request.POST)
    if form.caught_by_honeypot:
        return HttpResponseRedirect(f"{article.url}#comments")
    if not form.is_valid():
        context["form"] = form
        return render(request, "comments/comment_form_page.html", context, status=400)
    status = Comment.Status.APPROVED if article.comments_mode == CommentsMode.OPEN else Comment.Status.PENDING
    Comment.objects.create(
        article=article,
        author=request.user,
        body=form.cleaned_data["body"],
        status=status,
        ip_address=client_ip(request) or None,
    )
    if status == Comment.Status.PENDING:
        messages.success(request, _("Thank you. Your comment will appear once an editor has approved it."))
    else:
        messages.success(request, _("Thank you for your comment."))
    return HttpResponseRedirect(f"{article.url}#comments")
