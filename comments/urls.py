"""Where the comment form posts; under the language prefix, so errors speak the reader's language."""

from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("<int:article_id>/", views.post_comment, name="post"),
]
