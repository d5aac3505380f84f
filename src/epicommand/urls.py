from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from epicommand.api import api
from epicommand.audit import views as audit_views
from epicommand.geo import views as geo_views
from epicommand.modelling import views as modelling_views
from epicommand.reports import views as report_views
from epicommand.surveillance import views as surveillance_views
from epicommand.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("areas/", web_views.areas, name="areas"),
    path("areas/<str:code>/", geo_views.area_detail, name="area"),
    path("reports/", surveillance_views.report_list, name="report_list"),
    path("reports/upload/", surveillance_views.upload, name="report_upload"),
    path("reports/<str:code>/<str:day>/", surveillance_views.report_form, name="report_form"),
    path("dashboard/", report_views.dashboard, name="dashboard"),
    path("sitrep/<str:code>/", report_views.sitrep, name="sitrep"),
    path("sitrep/<str:code>.pdf", report_views.sitrep_pdf, name="sitrep-pdf"),
    path("sitrep/<str:code>.md", report_views.sitrep_markdown, name="sitrep-md"),
    path(
        "alerts/<int:alert_id>/acknowledge/",
        report_views.acknowledge_alert,
        name="alert-acknowledge",
    ),
    path("audit/", audit_views.event_list, name="audit"),
    path("modelling/", modelling_views.home, name="modelling-home"),
    path("modelling/<str:code>/", modelling_views.area, name="modelling-area"),
    path("modelling/<str:code>/scenario/", modelling_views.scenario, name="modelling-scenario"),
    path("modelling/<str:code>/demand/", modelling_views.demand, name="modelling-demand"),
    path("supply/", include("epicommand.supply.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
