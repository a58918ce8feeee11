from django import forms

from schools_platform.core.forms import GovukFormMixin

from .reports import group_label
from .selectors import ReportOptions

SCOPE_HELP = (
    "All schools, or one council, phase or area. One at a time: combining them would make "
    "groups small enough to identify people."
)


class _ReportFilterFields(forms.Form):
    group = forms.ChoiceField(label="Group of people")
    year = forms.TypedChoiceField(label="Year", coerce=int)
    scope = forms.ChoiceField(label="Schools", help_text=SCOPE_HELP)

    def __init__(self, data, *, options: ReportOptions):
        super().__init__(with_defaults(data, options))
        self.fields["group"].choices = [(g, group_label(g)) for g in options.groups]
        years = sorted({y for ys in options.groups.values() for y in ys}, reverse=True)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        scopes = [("all", "All schools")]
        for title, kind, values in [
            ("Councils", "council", options.councils),
            ("Phases", "phase", [(p, p) for p in options.phases]),
            ("Areas", "area", [(a, a) for a in options.areas]),
        ]:
            if values:
                scopes.append((title, [(f"{kind}:{value}", name) for value, name in values]))
        self.fields["scope"].choices = scopes


# The GOV.UK mixin validates as it styles errors, so the choices must be set first (above).
class ReportFilterForm(GovukFormMixin, _ReportFilterFields):
    pass


def with_defaults(data, options: ReportOptions) -> dict:
    """The latest year of the governors (or first) group, all schools, unless chosen."""
    values = {key: data.get(key) for key in ("group", "year", "scope") if data.get(key)}
    if options.groups:
        group = values.setdefault(
            "group", "governors" if "governors" in options.groups else next(iter(options.groups))
        )
        years = options.groups.get(group) or [max(y for ys in options.groups.values() for y in ys)]
        values.setdefault("year", str(years[-1]))
    values.setdefault("scope", "all")
    return values
