"""Template helpers for the GOV.UK includes in templates/includes/ (docs/modules/kit.md)."""

from django import template

from schools_platform.core.forms import error_summary_items

register = template.Library()


@register.simple_tag(takes_context=True)
def summary_items(context):
    """(element id, message) pairs for includes/error_summary.html: ``items`` if the page
    passes them (several forms), otherwise the errors of the page's ``form``."""
    items = context.get("items")
    if items:
        return items
    form = context.get("form")
    return error_summary_items(form) if hasattr(form, "is_bound") else []
