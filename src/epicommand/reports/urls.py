from django.urls import path

from epicommand.reports import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sitrep/<str:code>/", views.sitrep, name="sitrep"),
    path("sitrep/<str:code>.pdf", views.sitrep_pdf, name="sitrep-pdf"),
    path("sitrep/<str:code>.md", views.sitrep_markdown, name="sitrep-md"),
]
