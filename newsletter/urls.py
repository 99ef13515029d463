"""Links sent by e-mail: outside the language prefixes so they never change; pages speak the subscriber's language."""

from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
