"""``{% load modelling %}``: whether the navigation shows the analytics link."""

from django import template

from epicommand.accounts.roles import Role

register = template.Library()

ANALYSTS = (Role.ANALYST, Role.HQ_COMMANDER, Role.ADMIN)


@register.filter
def works_on_models(user) -> bool:
    """Analysts and HQ (and administrators) get the analytics link in the navigation; other
    roles reach an area's analytics page from its situation report."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_role(role) for role in ANALYSTS)
