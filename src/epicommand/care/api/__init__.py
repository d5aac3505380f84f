"""The care API at /api/care/: parse, one service or selector call, plain JSON."""

from ninja import Router

from epicommand.care.api.centres import router as centres_router
from epicommand.care.api.deployments import router as deployments_router
from epicommand.care.api.staff import router as staff_router

router = Router()
router.add_router("", centres_router)
router.add_router("", staff_router)
router.add_router("", deployments_router)
