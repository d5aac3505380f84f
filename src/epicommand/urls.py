"""The site's URLs: every installed app's pages (``AppContract.urls``), then what the
edges themselves serve (log-in, languages, the admin, the API)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from epicommand.api import api
from epicommand.core import registry

urlpatterns = [
    *(path(prefix, include(module)) for prefix, module in registry.url_mounts()),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
