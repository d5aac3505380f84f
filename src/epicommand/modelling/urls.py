from django.urls import path

from epicommand.modelling import views

urlpatterns = [
    path("", views.home, name="modelling-home"),
    path("<str:code>/", views.area, name="modelling-area"),
    path("<str:code>/scenario/", views.scenario, name="modelling-scenario"),
    path("<str:code>/demand/", views.demand, name="modelling-demand"),
]
