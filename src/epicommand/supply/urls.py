from django.urls import path

from epicommand.supply.views import orders, stock

app_name = "supply"

urlpatterns = [
    path("", stock.stock_status, name="status"),
    path("status.<str:fmt>", stock.export_status, name="export"),
    path("sites/", stock.site_list, name="sites"),
    path("sites/<str:code>/", stock.site_detail, name="site"),
    path("sites/<str:code>/dispensing", stock.record_dispensing, name="dispense"),
    path("sites/<str:code>/requisitions", stock.submit_requisition, name="request"),
    path("shipments/", orders.shipment_list, name="shipments"),
    path("shipments/<int:shipment_id>/", orders.shipment_detail, name="shipment"),
    path(
        "shipments/<int:shipment_id>/receive",
        orders.receive_shipment,
        name="receive",
    ),
    path(
        "shipments/<int:shipment_id>/<str:action>",
        orders.shipment_action,
        name="shipment_action",
    ),
    path("requisitions/", orders.requisition_list, name="requisitions"),
    path(
        "requisitions/<int:requisition_id>/",
        orders.requisition_detail,
        name="requisition",
    ),
    path(
        "requisitions/<int:requisition_id>/decide",
        orders.decide_requisition,
        name="decide",
    ),
]
