from django.urls import path

from epicommand.audit import views

urlpatterns = [
    path("", views.event_list, name="audit"),
]
