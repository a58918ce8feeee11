import pytest

from policies import services
from policies.models import Item
from schools_platform.core import roles
from tests.factories import make_user


@pytest.fixture
def equalities(db):
    return make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities")


@pytest.fixture
def second_equalities(db):
    return make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities2")


def build_version(author, approver, *, sections=2, items=2):
    framework = services.create_framework(actor=author, name=f"Framework {author.pk}-{sections}")
    version = services.start_draft_version(actor=author, framework=framework)
    for s in range(sections):
        code = "ABCDEFGHIJ"[s]
        section = services.add_section(
            actor=author, version=version, code=code, title=f"Section {code}", order=s
        )
        for i in range(items):
            services.save_item(
                actor=author,
                section=section,
                code=f"{code}{i + 1}",
                statement=f"Statement {code}{i + 1}",
                basis=Item.Basis.STATUTORY if i == 0 else Item.Basis.GOOD_PRACTICE,
                source="Equality Act 2010 s.149",
                order=i,
            )
    services.submit_version_for_approval(actor=author, version=version)
    return services.approve_version(actor=approver, version=version)


@pytest.fixture
def version(equalities, second_equalities):
    return build_version(equalities, second_equalities)


@pytest.fixture
def review_a(leader_a, school_a, version):
    return services.start_review(actor=leader_a, school=school_a, version=version, kind="behaviour")


def answer_all(review, actor, rating="embedded"):
    answers = list(review.answers.all())
    services.save_answers(
        actor=actor,
        review=review,
        answers=[
            {"answer": a, "lock_version": a.lock_version, "rating": rating, "evidence_text": "x"}
            for a in answers
        ],
    )


def assign(review, officer, reviewer=None):
    services.assign_reviewer(actor=officer, review=review, reviewer=reviewer or officer)
