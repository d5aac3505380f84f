from django.urls import path

from epicommand.geo import views

urlpatterns = [
    path("", views.areas, name="areas"),
    path("<str:code>/", views.area_detail, name="area"),
]
