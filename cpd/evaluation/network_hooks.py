"""The two lead measures that come from the headteachers' network (issue 14, ``cpd/network/``,
built in parallel): reflection participation and case studies published.

Both are read through the network's selectors (the only way in, by the floors' contract): a
count of people, published through ``publish_counts``, and a count of case studies (documents,
not people, so shown as they are). ``None`` (no network app installed) shows "not yet recorded".
"""

from schools_platform.disclosure import PublishedCell, publish_counts

REFLECTION = "Took part in reflection"
CASE_STUDIES = "Case studies published"


def _network_selectors():
    from django.apps import apps

    if not apps.is_installed("cpd.network"):
        return None
    from cpd.network import selectors

    return selectors


def reflection_participant_count(programme) -> int | None:
    selectors = _network_selectors()
    return (
        None if selectors is None else selectors.reflection_participant_count(programme=programme)
    )


def case_studies_published_count(programme) -> int | None:
    selectors = _network_selectors()
    return (
        None if selectors is None else selectors.case_studies_published_count(programme=programme)
    )


def network_lead_measures(plan, policy) -> list:
    from .reports import LeadMeasure

    programme = plan.programme
    reflecting = reflection_participant_count(programme)
    published = case_studies_published_count(programme)
    lines = []
    if reflecting is None:
        lines.append(
            LeadMeasure(
                REFLECTION,
                None,
                "",
                f"{plan.reflection_target_percent}% of people enrolled",
                "Not yet recorded",
                "Recorded by the headteachers' network once it is in use.",
            )
        )
    else:
        cell = publish_counts(_frame(reflecting), policy=policy).cell(
            "n", "n"
        )  # a count of people: published like any other
        lines.append(
            LeadMeasure(
                REFLECTION,
                cell,
                "",
                f"{plan.reflection_target_percent}% of people enrolled",
                "Reported" if cell.is_shown else "Not reported",
            )
        )
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


def _frame(n: int):
    import pandas as pd

    return pd.DataFrame([[n]], index=["n"], columns=["n"])
