from django.urls import path

from epicommand.care.views import centres, proposals, staff

app_name = "care"

urlpatterns = [
    path("", centres.home, name="home"),
    path("centres/<str:code>/", centres.centre, name="centre"),
    path("centres/<str:code>/census/<str:day>/", centres.census_form, name="census"),
    path("census/upload/", centres.census_upload, name="census-upload"),
    path("staff/", staff.roster, name="staff"),
    path("staff/import/", staff.roster_import, name="staff-import"),
    path("staff/<str:staff_number>/", staff.person, name="person"),
    path("deployments/", staff.deployment_list, name="deployments"),
    path("deployments/<int:deployment_id>/", staff.deployment_detail, name="deployment"),
    path("deployments/<int:deployment_id>/step", staff.deployment_step, name="deployment-step"),
    path("health/", staff.health, name="health"),
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/<int:proposal_id>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/edit", proposals.proposal_edit, name="proposal-edit"),
    path("proposals/<int:proposal_id>/decide", proposals.proposal_decide, name="proposal-decide"),
]
