from django import template

from schools_platform.disclosure import TOTAL

from ..reports import COMPLETED, NOT_YET

register = template.Library()


@register.filter
def completion_rows(table):
    """A published completion table as rows (organisations, then the total)."""
    labels = list(table.row_labels) + [TOTAL]
    return [
        {
            "label": "Total" if label == TOTAL else label,
            "enrolled": table.cell(label, TOTAL),
            "completed": table.cell(label, COMPLETED),
            "not_yet": table.cell(label, NOT_YET),
        }
        for label in labels
    ]


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
