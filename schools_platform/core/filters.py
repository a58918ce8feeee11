import django_filters
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .models import AuditEvent


class AuditEventFilterSet(WagtailFilterSet):
    verb = django_filters.CharFilter(lookup_expr="istartswith", label="Action starts with")
    actor_label = django_filters.CharFilter(lookup_expr="iexact", label="Actor username")
    target_type = django_filters.CharFilter(lookup_expr="iexact", label="Target type")
    occurred_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = ["verb", "actor_label", "target_type", "occurred_at"]
