"""Members' answers to the two questions behind the public services and e-payment
indicators, with their evidence: one service records answers from any source (the roster
import, the member's own survey, a volunteer's assisted sign-up, a mentor) as MemberAnswer
rows and keeps the member's current answer (the latest one) on Member, where the dashboard
counts it; the survey's identification; the assisted sign-up log.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.phones import normalise_phone
from mentoring import selectors
from mentoring.models import (
    AnswerSource,
    AssistedSignup,
    Member,
    MemberAnswer,
    Question,
    TriState,
)
from mentoring.models.answers import QUESTION_FIELDS

CHUNK = 900  # SQLite takes at most 999 parameters a query


@dataclasses.dataclass(frozen=True)
class NewAnswer:
    member_id: int
    question: str  # Question
    answer: str  # TriState.YES or TriState.NO
    answered_on: datetime.date


@transaction.atomic
def answers_record(
    *,
    answers: Iterable[NewAnswer],
    source: str,
    by=None,
    assisted_signup: AssistedSignup | None = None,
) -> list[MemberAnswer]:
    """Record answers (each a new row: nothing is overwritten) and bring each member's current
    answer on Member up to date: the latest by day (and, on one day, the last recorded). An
    older answer arriving late (a roster dated before the member's survey) is kept as
    evidence without replacing the newer one. A few queries per 900 members."""
    rows = []
    for new in answers:
        if new.question not in Question.values or new.answer not in (TriState.YES, TriState.NO):
            raise ValidationError(_("An answer is “yes” or “no” to one of the two questions."))
        rows.append(
            MemberAnswer(
                member_id=new.member_id,
                question=new.question,
                answer=new.answer,
                source=source,
                answered_on=new.answered_on,
                recorded_by=by,
                assisted_signup=assisted_signup,
            )
        )
    created = MemberAnswer.objects.bulk_create(rows, batch_size=500)
    member_ids = sorted({row.member_id for row in rows})
    for start in range(0, len(member_ids), CHUNK):
        _refresh_current(member_ids[start : start + CHUNK])
    return created


def _refresh_current(member_ids: list[int]) -> None:
    """Copy each member's latest answer to each question onto Member (only where it differs)."""
    latest: dict[tuple[int, str], tuple[str, datetime.date]] = {}
    for member_id, question, answer, day in (
        MemberAnswer.objects.filter(member_id__in=member_ids)
        .order_by("member_id", "question", "answered_on", "pk")
        .values_list("member_id", "question", "answer", "answered_on")
    ):
        latest[(member_id, question)] = (answer, day)  # the last one read is the latest
    fields = [name for pair in QUESTION_FIELDS.values() for name in pair]
    changed = []
    for member in Member.objects.filter(pk__in=member_ids).only("pk", *fields):
        dirty = False
        for question, (answer_field, day_field) in QUESTION_FIELDS.items():
            if (member.pk, question) not in latest:
                continue
            answer, day = latest[(member.pk, question)]
            if (getattr(member, answer_field), getattr(member, day_field)) != (answer, day):
                setattr(member, answer_field, answer)
                setattr(member, day_field, day)
                dirty = True
        if dirty:
            changed.append(member)
    Member.objects.bulk_update(changed, fields, batch_size=500)


def answer_record(
    *, member: Member, question: str, answer: str, source: str, on: datetime.date, by=None
) -> MemberAnswer:
    """One answer (a mentor's, a survey's): see answers_record."""
    (row,) = answers_record(
        answers=[NewAnswer(member.pk, question, answer, on)], source=source, by=by
    )
    member.refresh_from_db(fields=[name for pair in QUESTION_FIELDS.values() for name in pair])
    return row


def roster_answers(rows: Iterable[tuple[int, dict]], *, today: datetime.date):
    """The answers a roster import wrote ((member id, {Member field: value}) pairs, the
    fields it set): a known answer to either question, dated by its recorded-on date (else
    the import's day). "Unknown" is no answer, so it records nothing."""
    for member_id, values in rows:
        for question, (answer_field, day_field) in QUESTION_FIELDS.items():
            answer = values.get(answer_field)
            if answer in (TriState.YES, TriState.NO):
                yield NewAnswer(member_id, question, answer, values.get(day_field) or today)


# --- The member's own survey ---


def survey_member(*, member_number: str, phone: str) -> Member | None:
    """The member with this number whose phone on the roster is this phone (however either is
    typed), or None. The caller says the same thing either way: whether a member number
    exists is never shown to whoever fills the form."""
    member_number = (member_number or "").strip()
    try:
        typed = normalise_phone(phone or "")
    except ValidationError:
        return None
    member = Member.objects.filter(
        member_number__iexact=member_number, anonymised_at__isnull=True
    ).first()
    if member is None or not member.phone:
        return None
    try:
        return member if normalise_phone(member.phone) == typed else None
    except ValidationError:
        return None


@transaction.atomic
def survey_answer(*, member: Member, answers: dict[str, str], on: datetime.date) -> list:
    """The member's survey: one answer row per question answered (a second survey adds rows;
    the latest is the current answer)."""
    new = [
        NewAnswer(member.pk, question, answer, on)
        for question, answer in answers.items()
        if answer in (TriState.YES, TriState.NO)
    ]
    rows = answers_record(answers=new, source=AnswerSource.SURVEY)
    if rows:
        log(
            instance=member,
            action="mentoring.survey_answer",
            title=f"#{member.pk}",
            data={"questions": [row.question for row in rows]},
        )
    return rows


# --- The assisted sign-up log ---


def assisted_signups_visible_to(user):
    """Entries of the person's units' subtrees (provincial staff: all)."""
    unit_ids = selectors.visible_unit_ids(user)
    queryset = AssistedSignup.objects.all()
    return queryset if unit_ids is None else queryset.filter(org_unit_id__in=unit_ids)


@transaction.atomic
def assisted_signup_record(*, signup: AssistedSignup, by) -> AssistedSignup:
    """Save a log entry (new or edited) after checking, on the server, that its unit and its
    member are the helper's; an entry about a member is evidence for their answer: a "yes"
    from the assisted sign-up, dated the day of the help (once per entry)."""
    visible = selectors.visible_unit_ids(by)
    if visible is not None and signup.org_unit_id not in visible:
        raise PermissionDenied
    if signup.member_id is not None and not (
        selectors.members_visible_to(by).filter(pk=signup.member_id).exists()
    ):
        raise PermissionDenied
    if signup.member_id is None and not signup.resident_name.strip():
        raise ValidationError({"resident_name": _("Choose a member or give the resident's name.")})
    if signup.resident_phone:
        signup.resident_phone = normalise_phone(signup.resident_phone)
    if not signup.helped_by_id:
        signup.helped_by = by
    signup.full_clean()
    signup.save()
    # Edited: the evidence follows the entry (its member, task or day may have changed).
    before = set(signup.answers.values_list("member_id", flat=True))
    signup.answers.all().delete()
    before.discard(signup.member_id)
    if before:
        _refresh_current(sorted(before))
    if signup.member_id is not None:
        question = AssistedSignup.TASK_QUESTIONS[signup.task]
        answers_record(
            answers=[NewAnswer(signup.member_id, question, TriState.YES, signup.done_on)],
            source=AnswerSource.ASSISTED,
            by=by,
            assisted_signup=signup,
        )
    return signup
