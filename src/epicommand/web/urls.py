from django.urls import path

from epicommand.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
