"""The evaluation app's dashboard card (core/navigation.py): a learner's open surveys, and the
impact reports for a programme lead."""

from django.utils import timezone

from schools_platform.core.navigation import Card, register_card

from . import selectors


def _card(request):
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return None
    reads = selectors.can_read_impact(user)
    surveys = (
        selectors.open_surveys_for(user, today=timezone.localdate())
        if user.has_perm("cpd.take_part")
        else []
    )
    if not reads and not surveys:
        return None
    return {"surveys": surveys, "reads_impact": reads}


register_card(
    Card(
        "cpd-evaluation",
        "Training surveys and impact",
        "cpd_evaluation/cards/evaluation.html",
        module="cpd",
        order=52,
        context=_card,
    )
)
