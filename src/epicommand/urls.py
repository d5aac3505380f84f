from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from epicommand.api import api
from epicommand.geo import views as geo_views
from epicommand.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("areas/<str:code>/", geo_views.area_detail, name="area"),
    path("supply/", include("epicommand.supply.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
