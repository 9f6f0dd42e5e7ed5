"""The Youth Union's side: org units, members, mentors, trainings and activities, teams,
targets, and the onboarding funnel each member has reached (computed, never typed in).

Org units are effective-dated. A unit keeps its identity (`OrgUnit`) while its name and place
in the tree change over time (`OrgUnitVersion`, each valid from a date until the next one);
a closed unit points at its successor (a merge). Members keep the unit they were registered
in, with dated transfers (`MemberTransfer`), so a report for an earlier period counts each
member where they were then and still adds up as it did.

A package of modules (units, members, trainings, indicators), imported here as Django's
models-package pattern asks: the app's models and their choices are `mentoring.models.<Name>`.
"""

from mentoring.models.answers import (
    AnswerSource,
    AssistedSignup,
    MemberAnswer,
    Question,
)
from mentoring.models.evaluations import Evaluation, MemberEvaluation
from mentoring.models.indicators import (
    DashboardCounts,
    FunnelStage,
    Indicator,
    KpiSnapshot,
    MemberStage,
    ReportingRule,
    Target,
)
from mentoring.models.members import (
    SENSITIVE_FIELDS,
    SENSITIVE_PERMISSION,
    LawfulBasis,
    Member,
    MemberAccount,
    MemberDataBasis,
    MemberProductImport,
    MemberTransfer,
    RosterImport,
    SensitiveBasis,
    TriState,
)
from mentoring.models.selling import OnlineShop, Platform, ShopCheck
from mentoring.models.trainings import (
    Activity,
    ActivityEvidence,
    Attendance,
    PracticeSeat,
    PracticeSession,
    Team,
    TeamMember,
    Topic,
    TrainingSession,
    YouthCoreRule,
)
from mentoring.models.units import THE_BEGINNING, OrgUnit, OrgUnitRole, OrgUnitVersion

__all__ = [
    "SENSITIVE_FIELDS",
    "SENSITIVE_PERMISSION",
    "THE_BEGINNING",
    "Activity",
    "AnswerSource",
    "AssistedSignup",
    "ActivityEvidence",
    "Attendance",
    "DashboardCounts",
    "Evaluation",
    "FunnelStage",
    "Indicator",
    "KpiSnapshot",
    "LawfulBasis",
    "Member",
    "MemberAccount",
    "MemberAnswer",
    "MemberDataBasis",
    "MemberEvaluation",
    "MemberProductImport",
    "MemberStage",
    "MemberTransfer",
    "OnlineShop",
    "OrgUnit",
    "OrgUnitRole",
    "OrgUnitVersion",
    "Platform",
    "PracticeSeat",
    "PracticeSession",
    "Question",
    "ReportingRule",
    "RosterImport",
    "SensitiveBasis",
    "ShopCheck",
    "Target",
    "Team",
    "TeamMember",
    "Topic",
    "TrainingSession",
    "TriState",
    "YouthCoreRule",
]
