"""Care pages: an area's beds and occupancy, a centre and its census, the roster and
deployments, staff health, and the deployment proposals. Each view parses the request,
calls one selector or service and renders; refusals rise to the layout's error page
(``web.middleware``), and a refused form comes back with the message."""

from __future__ import annotations

from django.urls import reverse

from epicommand.geo import selectors as geo_selectors
from epicommand.geo.models import SITE_LEVEL


def home_url(user) -> str | None:
    """The landing page the care app offers (``AppContract.home``): the operator of one
    treatment centre lands on that centre's page."""
    from epicommand.care.models import TreatmentCentre

    roots = geo_selectors.scope_roots(actor=user)
    if len(roots) != 1 or roots[0].level != SITE_LEVEL:
        return None
    if not TreatmentCentre.objects.filter(site__area=roots[0]).exists():
        return None
    return reverse("care:centre", args=[roots[0].code])
