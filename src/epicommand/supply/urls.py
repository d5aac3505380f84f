from django.urls import path

from epicommand.supply import views, views_orders

app_name = "supply"

urlpatterns = [
    path("", views.stock_status, name="status"),
    path("status.<str:fmt>", views.export_status, name="export"),
    path("sites/", views.site_list, name="sites"),
    path("sites/<str:code>/", views.site_detail, name="site"),
    path("sites/<str:code>/dispensing", views.record_dispensing, name="dispense"),
    path("sites/<str:code>/requisitions", views.submit_requisition, name="request"),
    path("shipments/", views_orders.shipment_list, name="shipments"),
    path("shipments/<int:shipment_id>/", views_orders.shipment_detail, name="shipment"),
    path(
        "shipments/<int:shipment_id>/receive",
        views_orders.receive_shipment,
        name="receive",
    ),
    path(
        "shipments/<int:shipment_id>/<str:action>",
        views_orders.shipment_action,
        name="shipment_action",
    ),
    path("requisitions/", views_orders.requisition_list, name="requisitions"),
    path(
        "requisitions/<int:requisition_id>/",
        views_orders.requisition_detail,
        name="requisition",
    ),
    path(
        "requisitions/<int:requisition_id>/decide",
        views_orders.decide_requisition,
        name="decide",
    ),
]
