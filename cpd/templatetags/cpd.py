from html import escape

from django import template
from django.utils.safestring import mark_safe

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
def get_index(items, index):
    """items[index], or None past the end (the report's charts, one per table in a loop)."""
    try:
        return items[index]
    except (IndexError, TypeError):
        return None


@register.filter
def month_rows(table):
    """The monthly completions table as (month, published cell) rows, then the total."""
    return [(month, table.cell(month, COMPLETED)) for month in table.row_labels]


@register.filter
def month_total(table):
    return table.cell(TOTAL, COMPLETED).text


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


@register.simple_tag
def team_rows(rows, with_checkboxes):
    """The team page's table rows (selectors.team_rows), built in Python: the template loop
    over a department of some 600 people was most of the page's time, localising each id it
    printed. Every text is escaped (the standard library's ``html.escape``, as Django's own
    ``escape`` does, without its lazy-string wrapper); the ids are whole numbers."""
    parts = []
    for row in rows:
        pk, name = int(row["pk"]), escape(row["name"])
        if with_checkboxes:
            checked = " checked" if row["checked"] else ""
            person = (
                '<div class="govuk-checkboxes govuk-checkboxes--small" '
                'data-module="govuk-checkboxes"><div class="govuk-checkboxes__item">'
                f'<input class="govuk-checkboxes__input" id="learner-{pk}" name="learners" '
                f'type="checkbox" value="{pk}"{checked}>'
                f'<label class="govuk-label govuk-checkboxes__label" for="learner-{pk}">'
                f"{name}</label></div></div>"
            )
        else:
            person = name
        enrolled = "<br>".join(escape(line) for line in row["enrolled_on"]) or "Not enrolled"
        parts.append(
            '<tr class="govuk-table__row">'
            f'<td class="govuk-table__cell">{person}</td>'
            f'<td class="govuk-table__cell">{escape(row["department"])}</td>'
            f'<td class="govuk-table__cell">{enrolled}</td></tr>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every value above is escaped
