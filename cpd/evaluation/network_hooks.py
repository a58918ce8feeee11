"""The two lead measures that come from the headteachers' network (issue 14, ``cpd/network/``,
built in parallel): reflection participation, action plans written (a member's actions are
their action plan) and case studies published.

They are read through the network's selectors (the only way in, by the floors' contract): a
count of people, published through ``publish_counts`` with its share of the network's
members, and a count of case studies (documents,
not people, so shown as they are). ``None`` (no network app installed) shows "not yet recorded".
"""

from schools_platform.disclosure import PublishedCell, publish_counts

REFLECTION = "Took part in reflection"
ACTION_PLANS = "Wrote an action plan"
CASE_STUDIES = "Case studies published"


def _network_selectors():
    from django.apps import apps

    if not apps.is_installed("cpd.network"):
        return None
    from cpd.network import selectors

    return selectors


def _count(name: str, programme) -> int | None:
    selectors = _network_selectors()
    return None if selectors is None else getattr(selectors, name)(programme=programme)


def reflection_participant_count(programme) -> int | None:
    return _count("reflection_participant_count", programme)


def case_studies_published_count(programme) -> int | None:
    return _count("case_studies_published_count", programme)


def action_plan_writer_count(programme) -> int | None:
    return _count("action_plan_writer_count", programme)


def _people_measure(label: str, count: int | None, members: int, target_percent: int, policy):
    """A count of the network's members doing something, published with its share of the
    members (``publish_counts``: shares only beside shown counts with a large enough base),
    against the plan's target share."""
    from .reports import LeadMeasure, _share, _status

    target = f"{target_percent}% of network members"
    if count is None:
        return LeadMeasure(
            label, None, "", target, "Not yet recorded", "Recorded by the headteachers' network."
        )
    table = publish_counts(
        _frame(count, members - count), policy=policy, row_totals=True, shares_within="row"
    )
    cell = table.cell("n", "With")
    return LeadMeasure(
        label,
        cell,
        _share(cell),
        target,
        _status(count, members, target_percent, policy, cell.is_shown),
    )


def network_lead_measures(plan, policy) -> list:
    from .reports import LeadMeasure

    programme = plan.programme
    published = case_studies_published_count(programme)
    members = _count("member_count", programme) or 0
    lines = [
        _people_measure(
            REFLECTION,
            reflection_participant_count(programme),
            members,
            plan.reflection_target_percent,
            policy,
        ),
        _people_measure(
            ACTION_PLANS,
            action_plan_writer_count(programme),
            members,
            plan.action_plan_target_percent,
            policy,
        ),
    ]
    if published is None:
        lines.append(
            LeadMeasure(
                CASE_STUDIES,
                None,
                "",
                f"{plan.case_studies_target} case studies" if plan.case_studies_target else "",
                "Not yet recorded",
                "Recorded by the headteachers' network once it is in use.",
            )
        )
    else:
        # Case studies are documents, not people: shown as they are.
        lines.append(
            LeadMeasure(
                CASE_STUDIES,
                PublishedCell(count=published),
                "",
                f"{plan.case_studies_target} case studies" if plan.case_studies_target else "",
                "Met"
                if plan.case_studies_target and published >= plan.case_studies_target
                else "Reported",
            )
        )
    return lines


def _frame(with_: int, without: int):
    import pandas as pd

    return pd.DataFrame([[with_, without]], index=["n"], columns=["With", "Without"])
