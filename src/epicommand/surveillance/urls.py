from django.urls import path

from epicommand.surveillance import views

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/upload/", views.upload, name="report_upload"),
    path("reports/<str:code>/<str:day>/", views.report_form, name="report_form"),
    path("alerts/<int:alert_id>/acknowledge/", views.acknowledge_alert, name="alert-acknowledge"),
]
