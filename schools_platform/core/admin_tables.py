"""Wagtail listing columns whose cells are built in Python, for long admin listings.

Wagtail renders every cell of a listing through a template of its own (and, in the title
column, a dropdown of row actions): on the audit log that was most of the page's time. These
columns give the same markup (``wagtailadmin/tables/cell.html`` and ``title_cell.html``)
with ``format_html``; values are escaped, and dates shown as a template would show them
(localised, in the current time zone).
"""

from django.contrib.admin.utils import quote
from django.template.base import render_value_in_context
from django.template.context import Context
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.ui.tables import Column, TitleColumn

_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """What ``{{ value }}`` gives in a template: localised, time zone converted, escaped."""
    return render_value_in_context(value, _CONTEXT)


def _class_attr(classname: str | None) -> str:
    return format_html(' class="{}"', classname) if classname else ""


class PlainColumn(Column):
    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            value = self.empty_value_display
        return format_html("<td{}>{}</td>", _class_attr(self.classname), _text(value))


class PlainTitleColumn(TitleColumn):
    """The row's title linking to its page; no per-row action menu."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            value = self.empty_value_display
        classname = f"{self.classname} title" if self.classname else "title"
        url = self.get_link_url(instance, parent_context)
        title = _text(value)
        if url:
            title = format_html('<a href="{}">{}</a>', url, title)
        return format_html(
            '<td class="{}"><div class="title-wrapper">{}</div></td>', classname, title
        )


def plain_columns(columns, *, get_url) -> list:
    """The same columns (name, label, sorting) as plain ones; the first links to get_url."""
    plain = []
    for i, column in enumerate(columns):
        title = i == 0 and isinstance(column, TitleColumn)
        if not (title or type(column) is Column):
            plain.append(column)  # a special column (status, dates, buttons): keep it
            continue
        kwargs = {
            "label": column.label,
            "accessor": column.accessor,
            "classname": column.classname,
            "sort_key": column.sort_key,
            "width": column.width,
        }
        if title:
            plain.append(PlainTitleColumn(column.name, get_url=get_url, **kwargs))
        else:
            plain.append(PlainColumn(column.name, **kwargs))
    return plain


class PlainColumnsMixin:
    """For a read-only listing's IndexView: cells built in Python (``plain_columns``) and no
    per-row action menu (its one item, Inspect, is the row's link); the permission is checked
    and the inspect URL reversed once a page, not once a row. Only for a screen whose rows
    cannot be changed, copied or deleted (the row links to its inspect view)."""

    @cached_property
    def columns(self):
        return plain_columns(super().columns, get_url=self._inspect_url())

    def _inspect_url(self):
        allowed = self.inspect_url_name and self.user_has_any_permission(
            {"add", "change", "delete", "view"}
        )
        if not allowed:
            return None
        # Reversed once: the link differs between rows only by the object's id.
        pattern = reverse(self.inspect_url_name, args=("0",))
        head, tail = pattern.rsplit("/0/", 1)
        return lambda instance: f"{head}/{quote(instance.pk)}/{tail}"
