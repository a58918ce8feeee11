"""The platform's roles (DESIGN.md "Who uses it") as Django groups.

Council-wide roles hold model permissions and work in the Wagtail admin. School-scoped roles hold
no model permission at all: what they may see comes from guardian object grants on schools, so a
tick in Wagtail's Groups screen can never widen them to every school.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    description: str
    school_scoped: bool = False
    wagtail_admin: bool = False
    permissions: tuple[str, ...] = field(default_factory=tuple)
    # The domain module this role works in (its app label) and what people call it; until
    # that module registers a dashboard card, the role's dashboard says it is coming.
    module: str = ""
    module_name: str = ""


COUNCIL_OFFICER = Role(
    "council-officer",
    "Council officer",
    "Equality and governor services officers: all schools, imports, grants, the audit log.",
    wagtail_admin=True,
    permissions=(
        "registry.view_school",
        "registry.add_school",
        "registry.change_school",
        "registry.view_authority",
        "registry.change_authority",
        "registry.import_schools",
        "registry.manage_school_access",
        "representation.change_pupilethnicitycount",
        "core.view_audit_log",
        "core.view_auditevent",
        "equality.view_reports",
        # The governors module (governors/services.py): boards, terms, the GIAS import.
        "governors.add_board",
        "governors.change_board",
        "governors.view_board",
        "governors.view_term",
        "governors.view_governor",
        "governors.view_instrumentofgovernment",
        "governors.view_giasgovernancerecord",
        "governors.import_gias_governance",
        # Governor recruitment (governors/recruitment/services.py): campaigns, the report.
        "governor_recruitment.add_campaign",
        "governor_recruitment.change_campaign",
        "governor_recruitment.view_campaign",
        "governor_recruitment.view_recruitment_report",
        "governor_recruitment.add_heardaboutoption",
        "governor_recruitment.change_heardaboutoption",
        "governor_recruitment.view_heardaboutoption",
        "governor_recruitment.view_vacancylisting",
        "governor_recruitment.view_application",
        "governor_recruitment.add_stageemail",
        "governor_recruitment.change_stageemail",
        "governor_recruitment.view_stageemail",
    ),
)
DATA_STEWARD = Role(
    "data-steward",
    "Data steward",
    "The only role that sees equality monitoring data about a named person.",
    wagtail_admin=True,
    permissions=(
        "registry.view_school",
        "core.view_audit_log",
        "core.view_auditevent",
        "equality.view_person_profiles",
        "equality.view_reports",
        "core.erase_personal_data",
    ),
)
APPEALS_CLERK = Role(
    "appeals-clerk",
    "Appeals clerk",
    "Keeps the appeal panel pool and composes panels.",
    wagtail_admin=True,
    permissions=(
        "registry.view_school",
        "admissions.view_panelmember",
        "admissions.add_panelmember",
        "admissions.change_panelmember",
        "admissions.manage_pool",
        "admissions.manage_rosters",
        "admissions.override_roster",
        "admissions.view_hearingblock",
        "admissions.add_hearingblock",
        "admissions.change_hearingblock",
        "admissions.view_appealround",
        "admissions.add_appealround",
        "admissions.change_appealround",
        "admissions.view_clerk",
        "admissions.add_clerk",
        "admissions.change_clerk",
    ),
    module="admissions",
    module_name="appeals",
)
RACE_EQUALITIES_OFFICER = Role(
    "race-equalities-officer",
    "Race equalities officer",
    "Publishes the policy review checklist and reviews schools' submissions.",
    wagtail_admin=True,
    permissions=(
        "registry.view_school",
        "equality.view_reports",
        "policies.edit_framework",
        "policies.approve_framework",
        "policies.review_policy",
        "policies.assign_reviewer",
    ),
    module="policies",
    module_name="policy reviews",
)
CPD_PROGRAMME_LEAD = Role(
    "cpd-programme-lead",
    "CPD programme lead",
    "Runs training programmes: places, sessions, registers, completions, staff imports.",
    wagtail_admin=True,
    permissions=(
        "cpd.manage_programmes",
        "cpd.import_learners",
        "cpd.view_programme",
        "cpd.view_session",
        "cpd.view_learner",
        "cpd.view_enrolment",
        "cpd.view_completion",
        "cpd.view_allocation",
        "cpd.take_part",
        # Evaluation (cpd/evaluation/): the impact report and the workforce import.
        "cpd_evaluation.view_impact_report",
        "cpd_evaluation.import_workforce",
    ),
    module="cpd",
    module_name="training programmes",
)
SCHOOL_LEADER = Role(
    "school-leader",
    "School leader",
    "Headteachers and senior leaders: their own school's records only.",
    school_scoped=True,
)
CHAIR_OF_GOVERNORS = Role(
    "chair-of-governors",
    "Chair of governors",
    "Chairs a school's board: that school's records only.",
    school_scoped=True,
)
CLERK_TO_GOVERNORS = Role(
    "clerk-to-governors",
    "Clerk to the governors",
    "Keeps a board's records (terms, instrument): the schools of that board only.",
    school_scoped=True,
    module="governors",
    module_name="governing boards",
)
CPD_MEMBER = Role(
    "cpd-member",
    "CPD member",
    "A headteacher in the CPD network.",
    module="cpd",
    module_name="CPD community",
)
PANEL_MEMBER = Role(
    "panel-member",
    "Panel member",
    "Sits on admission appeal panels.",
    permissions=("admissions.sit_on_panels",),
    module="admissions",
    module_name="appeals",
)
LEARNER = Role(
    "learner",
    "Learner",
    "Takes part in race equality training.",
    permissions=("cpd.take_part",),
    module="cpd",
    module_name="race equality training",
)
PUBLIC_APPLICANT = Role(
    "public-applicant",
    "Public applicant",
    "Applies for a governor or panel member role.",
    module="governors",
    module_name="governor applications",
)

ALL_ROLES = (
    COUNCIL_OFFICER,
    DATA_STEWARD,
    APPEALS_CLERK,
    RACE_EQUALITIES_OFFICER,
    CPD_PROGRAMME_LEAD,
    SCHOOL_LEADER,
    CHAIR_OF_GOVERNORS,
    CLERK_TO_GOVERNORS,
    CPD_MEMBER,
    PANEL_MEMBER,
    LEARNER,
    PUBLIC_APPLICANT,
)
ROLES_BY_SLUG = {role.slug: role for role in ALL_ROLES}
# Object permissions a school-scoped role receives on the schools it is granted.
SCHOOL_GRANT_PERMISSIONS = ("view_school", "manage_school_records")


def user_roles(user) -> list[Role]:
    """The user's roles. Read once per user object (a request's user is loaded afresh each
    request), like Django's own permission cache; a change to this object's groups clears it
    (core/signals.py), so a role given or taken is seen at once."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        names = {g.name for g in user.groups.all()}
        cached = user._roles_cache = [role for role in ALL_ROLES if role.name in names]
    return list(cached)


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and user.groups.filter(name=role.name).exists()
