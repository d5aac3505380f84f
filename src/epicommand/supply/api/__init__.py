"""The supply API at /api/supply/: parse, one service or selector call, a schema."""

from ninja import Router

from epicommand.supply.api.orders import router as orders_router
from epicommand.supply.api.stock import router as stock_router

router = Router()
router.add_router("", stock_router)
router.add_router("", orders_router)
