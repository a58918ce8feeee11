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


@register.filter
def session_rows(sessions):
    """The sessions report's module lines with their published booking cells."""
    from ..reports import ATTENDED_COLUMN, NO_SHOW, NOT_MARKED, PART_COLUMN

    table = sessions["bookings"]
    return [
        {
            "line": line,
            "booked": table.cell(line.title, TOTAL),
            "attended": table.cell(line.title, ATTENDED_COLUMN),
            "part": table.cell(line.title, PART_COLUMN),
            "no_show": table.cell(line.title, NO_SHOW),
            "not_marked": table.cell(line.title, NOT_MARKED),
        }
        for line in sessions["modules"]
    ]
