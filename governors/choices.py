"""Fixed lists of the governors module, each with its source.

Sources ("§" is a section of the shared reference notes ``shared/reference/governors.md``):
categories §1.3 (School Governance (Constitution) (England) Regulations 2012, SI 2012/1034,
Part 2); appointing bodies and roles §1.10 (GIAS governance enums); end reasons §3.1
(GovernorHub's leaving reasons) and §1.4/§1.5 (ex officio office left, disqualification).
"""

from django.db import models


class BoardKind(models.TextChoices):
    MAINTAINED = "maintained", "Maintained school governing body"
    ACADEMY_LGB = "academy_lgb", "Academy local governing body"
    TRUST_BOARD = "trust_board", "Academy trust board"


class FoundationRule(models.TextChoices):
    """Which part of reg 14 (2012) applies to a maintained board's foundation seats."""

    NONE = "none", "No foundation (community, community special, maintained nursery)"
    FOUNDATION_WITHOUT_FOUNDATION = (
        "foundation_without_foundation",
        "Foundation or foundation special school without a foundation",
    )
    FOUNDATION_WITH_FOUNDATION = (
        "foundation_with_foundation",
        "Foundation school with a foundation (not qualifying)",
    )
    QUALIFYING_FOUNDATION = "qualifying_foundation", "Qualifying foundation school"
    VOLUNTARY_AIDED = "voluntary_aided", "Voluntary aided school"
    VOLUNTARY_CONTROLLED = "voluntary_controlled", "Voluntary controlled school"


class Category(models.TextChoices):
    PARENT = "parent", "Parent"
    STAFF = "staff", "Staff"
    HEADTEACHER = "headteacher", "Headteacher"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CO_OPTED = "co_opted", "Co-opted"
    FOUNDATION = "foundation", "Foundation"
    PARTNERSHIP = "partnership", "Partnership"
    ASSOCIATE = "associate", "Associate member (not a governor)"


# ``Category.values`` builds its list afresh on every access (Django's enum metaclass walks the
# members each time); per-board loops (make-up, constitution checks) read these instead.
CATEGORY_VALUES = tuple(Category.values)
CATEGORY_LABELS = {c: str(label) for c, label in Category.choices}
# Associate members are recorded but are not governors and do not count towards the board's
# size (SI 2013/1624 reg 11-12; reference §1.3).
COUNTED_CATEGORIES = tuple(c for c in CATEGORY_VALUES if c != Category.ASSOCIATE)
# The headteacher is ex officio: no term length (reg 18 applies to elected/appointed governors).
EX_OFFICIO_CATEGORIES = (Category.HEADTEACHER,)


class AppointingBody(models.TextChoices):
    """GIAS appointing bodies (reference §1.10, 18 active values)."""

    ELECTED_BY_PARENTS = "elected_by_parents", "Elected by parents"
    ELECTED_BY_STAFF = "elected_by_staff", "Elected by school staff"
    APPOINTED_BY_BOARD = "appointed_by_board", "Appointed by GB/board"
    NOMINATED_BY_LA = "nominated_by_la", "Nominated by LA and appointed by GB"
    NOMINATED_BY_OTHER = "nominated_by_other", "Nominated by other body and appointed by GB"
    APPOINTED_BY_FOUNDATION = "appointed_by_foundation", "Appointed by foundation/Trust"
    EX_OFFICIO_HEAD = (
        "ex_officio_head",
        "Ex-officio by virtue of office as headteacher/principal",
    )
    EX_OFFICIO_FOUNDATION = "ex_officio_foundation", "Ex-officio foundation governor"
    PARENT_NO_CANDIDATES = (
        "parent_no_candidates",
        "Parent appointed by GB/board due to no election candidates",
    )
    APPOINTED_BY_LA = "appointed_by_la", "Appointed by LA"
    APPOINTED_BY_TRUSTEES = "appointed_by_trustees", "Appointed by trustees"
    APPOINTED_BY_MEMBERS = "appointed_by_members", "Appointed by academy members"
    ORIGINAL_MEMBERS = "original_members", "Original (signatory) members"
    FOUNDATION_MEMBERS = "foundation_members", "Foundation/sponsor members"
    APPOINTED_BY_SPONSOR = (
        "appointed_by_sponsor",
        "Persons appointed by the foundation body or sponsor",
    )
    ADDITIONAL_MEMBERS = (
        "additional_members",
        "Any additional members appointed by the members",
    )
    INTERIM_EXECUTIVE_BOARD = "interim_executive_board", "Interim Executive Board"
    NOT_APPLICABLE = "not_applicable", "N/A"


# GIAS: an end date is required unless the appointing body is ex officio (reference §1.10).
EX_OFFICIO_BODIES = (AppointingBody.EX_OFFICIO_HEAD, AppointingBody.EX_OFFICIO_FOUNDATION)


class EndReason(models.TextChoices):
    TERM_EXPIRED = "term_expired", "Term of office expired"
    RESIGNED = "resigned", "Resigned"
    REMOVED = "removed", "Removed"
    DISQUALIFIED = "disqualified", "Disqualified"
    DIED = "died", "Died"
    EX_OFFICIO_LEFT = "ex_officio_left", "Left the office that gave the seat"


class BoardRoleKind(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"


class MeetingKind(models.TextChoices):
    FULL_BOARD = "full_board", "Full board"
    COMMITTEE = "committee", "Committee"


class AttendanceStatus(models.TextChoices):
    """The board's consent to apologies matters: 6 months of absence without it disqualifies
    (reference §1.5; 2007 regs Sch 6, continued in 2012 Sch 4 [likely but check])."""

    PRESENT = "present", "Present"
    APOLOGIES_ACCEPTED = "apologies_accepted", "Apologies accepted by the board"
    APOLOGIES_NOT_ACCEPTED = "apologies_not_accepted", "Apologies not accepted"
    ABSENT = "absent", "Absent without apologies"


# Attending, or absent with the board's consent: neither starts the 6-month clock.
CONSENTED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES_ACCEPTED)


class CheckKind(models.TextChoices):
    ENHANCED_DBS = "enhanced_dbs", "Enhanced DBS certificate"
    SECTION_128 = "section_128", "Section 128 check"


class CheckResult(models.TextChoices):
    CLEAR = "clear", "Clear"
    PROHIBITED = "prohibited", "Prohibited (section 128 direction)"


class TrainingKind(models.TextChoices):
    INDUCTION = "induction", "Induction"
    SAFEGUARDING = "safeguarding", "Safeguarding and child protection"
    ANTI_RACISM = "anti_racism", "Anti-racism / equality, diversity and inclusion"
    CHAIR = "chair", "Chair training"
    CYBER = "cyber", "Cyber security"
    OTHER = "other", "Other"
