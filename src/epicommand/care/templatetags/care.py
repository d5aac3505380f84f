"""``{{ mapping|get:key }}`` for the proposal page's tables keyed by qualification."""

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
