"""The data steward's list rows, built in Python with the markup the template gave.

Fifty rows through the template language (a URL reversed, two dates formatted and two
choice labels looked up per row, each through template variable resolution) were most of
what was left of the page's own time. Values are escaped by ``format_html``; dates are shown
as ``{{ value|date:"j M Y" }}`` shows them (in the current time zone and language).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

DATE = "j M Y"

_STATUS = {
    "withdrawn": '<strong class="govuk-tag govuk-tag--grey">Withdrawn</strong>',
    "answers": '<strong class="govuk-tag govuk-tag--green">Answers given</strong>',
    "none": '<strong class="govuk-tag govuk-tag--yellow">No answers</strong>',
}


def _small(value, text) -> str:
    return format_html('<br><span class="govuk-body-s">{}</span>', text) if value else ""


def _row(profile, detail_url) -> tuple:
    if profile.is_withdrawn:
        status = _STATUS["withdrawn"]
    elif profile.has_answers:
        status = _STATUS["answers"]
    else:
        status = _STATUS["none"]
    decided = profile.outcome_decided_on
    return (
        detail_url(profile.pk),
        profile.pk,
        profile.get_purpose_display(),
        _small(profile.subject_reference, profile.subject_reference),
        profile.school.name if profile.school else "None",
        str(profile.user) if profile.user else "No account",
        profile.get_outcome_display(),
        _small(decided, decided and date_format(decided, DATE)),
        SafeString(status),
        date_format(timezone.localtime(profile.created_at), DATE),
    )


def steward_rows_html(profiles) -> SafeString:
    """The ``<tr>`` of each profile on the steward's list page."""
    pattern = reverse("equality-steward-detail", args=[0])
    head, tail = pattern.rsplit("/0/", 1)

    def detail_url(pk):
        return f"{head}/{pk}/{tail}"

    return format_html_join(
        "\n",
        '<tr class="govuk-table__row">'
        '<td class="govuk-table__cell"><a class="govuk-link" href="{}">Profile {}</a></td>'
        '<td class="govuk-table__cell">{}{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td>'
        "</tr>",
        (_row(profile, detail_url) for profile in profiles),
    )
