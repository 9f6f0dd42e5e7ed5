"""The roster import's services: upload, check (the dry run), commit, and the recovery of runs
that died with their process. Large files are checked and committed by
`mentoring.tasks.roster_import_run` in the background; both phases report progress in
`RosterImport.processed_rows`."""

import contextlib
import datetime
import fcntl
import gzip
import hashlib
import json
import logging
import os
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring import selectors
from mentoring.answers import answers_record, roster_answers
from mentoring.models import AnswerSource, Member, MemberEvaluation, RosterImport, SensitiveBasis
from mentoring.models.answers import QUESTION_FIELDS
from mentoring.roster.columns import COLUMNS
from mentoring.roster.errors import RosterFileError
from mentoring.roster.planning import BATCH, Parsed, Plan, roster_parse, roster_plan
from mentoring.roster.reading import read_table
from mentoring.roster.summary import _file_summary, _summary
from mentoring.services import member_data_basis_record_for_import, member_transfer

logger = logging.getLogger(__name__)

LOG_ACTION = "mentoring.roster_import"

BACKGROUND_ROWS = 2000


@transaction.atomic
def roster_import_create(*, upload, user, lawful_basis: str = "") -> RosterImport:
    """Keep an uploaded file for checking. It is stored under a random name: the list holds
    members' phone numbers. `lawful_basis`: why the union holds these members' data (the
    model's default when not given), recorded per member at commit."""
    suffix = PurePath(upload.name).suffix.lower()[:10]
    roster_import = RosterImport(original_name=upload.name[:255], created_by=user)
    if lawful_basis:
        roster_import.lawful_basis = lawful_basis
    roster_import.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    roster_import.save()
    return roster_import


def runs_in_background(rows: int) -> bool:
    return rows > BACKGROUND_ROWS


def _read(roster_import: RosterImport) -> bytes:
    with roster_import.file.open("rb") as stored:
        return stored.read()


def roster_import_check(*, roster_import: RosterImport, user) -> RosterImport:
    """The dry run: read and check every row, store what would change and what is rejected."""
    with _run_lock(roster_import) as ours:
        if not ours:  # another process is checking or committing it
            roster_import.refresh_from_db()
            return roster_import
        return _check(roster_import, user=user)


def _check(roster_import: RosterImport, *, user) -> RosterImport:
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status__in=[RosterImport.Status.PENDING, RosterImport.Status.CHECKING]
    ).update(status=RosterImport.Status.CHECKING, processed_rows=0, heartbeat_at=timezone.now())
    roster_import.refresh_from_db()
    if not claimed:
        return roster_import  # already checked (a task run twice)
    try:
        table = read_table(_read(roster_import), roster_import.original_name)
    except RosterFileError as error:
        return _finish(roster_import, RosterImport.Status.REJECTED, _file_summary(error))
    RosterImport.objects.filter(pk=roster_import.pk).update(total_rows=len(table.rows))
    roster_import.total_rows = len(table.rows)
    progress = _Progress(roster_import)
    parsed = roster_parse(table=table, progress=progress)
    del table  # a large file's cells take a lot of memory
    plan = roster_plan(parsed=parsed, user=user, progress=progress)
    if plan.errors:
        return _finish(roster_import, RosterImport.Status.REJECTED, _summary(plan))
    _save_parsed(roster_import, parsed)
    return _finish(roster_import, RosterImport.Status.CHECKED, _summary(plan))


def roster_import_claim_commit(*, roster_import: RosterImport) -> bool:
    """Mark a checked import as being imported; False if it was not waiting (a double click)."""
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.CHECKED
    ).update(status=RosterImport.Status.IMPORTING, processed_rows=0, heartbeat_at=timezone.now())
    roster_import.refresh_from_db()
    return bool(claimed)


def roster_import_commit(*, roster_import: RosterImport, user) -> RosterImport:
    """Write a claimed import all at once, in one transaction. The rows are checked again
    against the database (units and members may have changed since the dry run): any rejected
    row means nothing is written. Logged as LOG_ACTION with the counts."""
    with _run_lock(roster_import) as ours:
        roster_import.refresh_from_db()
        if not ours:  # another process is committing it
            return roster_import
        return _commit(roster_import, user=user)


def _commit(roster_import: RosterImport, *, user) -> RosterImport:
    if roster_import.status != RosterImport.Status.IMPORTING:
        return roster_import
    parsed = _load_parsed(roster_import)
    if parsed is None:  # checked by an older version, or the copy is gone: read the file again
        try:
            table = read_table(_read(roster_import), roster_import.original_name)
        except RosterFileError as error:
            return _finish(roster_import, RosterImport.Status.REJECTED, _file_summary(error))
        parsed = roster_parse(table=table)
        del table
    progress = _Progress(roster_import, outside_transaction=True)
    try:
        with transaction.atomic():
            plan = roster_plan(parsed=parsed, user=user)
            if plan.errors:
                raise _Rejected(plan)
            progress(plan.unchanged)
            _write(plan, progress=progress, done=plan.unchanged, by=user)
            _write_evaluations(plan, user=user)
            # Personal Data Protection Law: who imported these members, when, on which basis.
            member_data_basis_record_for_import(
                roster_import=roster_import,
                member_numbers=[member.member_number for _row, member in plan.creates]
                + [member.member_number for _row, member, _changes in plan.updates],
                by=user,
            )
            summary = _summary(plan)
            summary["committed_by"] = user.pk
            roster_import = _finish(roster_import, RosterImport.Status.DONE, summary)
            _log(roster_import, user=user, summary=summary)
    except _Rejected as rejected:
        roster_import = _finish(
            roster_import, RosterImport.Status.REJECTED, _summary(rejected.plan)
        )
    finally:
        progress.close()
    _drop_parsed(roster_import)
    return roster_import


# The dry run keeps the rows it read (values, before any database look-up) beside the upload,
# so the commit need not parse the file again: for a large workbook, reading the XLSX is most
# of the time. The commit still checks units and members again, as they may have changed.
_PARSED_VERSION = 1


def _parsed_name(roster_import: RosterImport) -> str:
    return f"{roster_import.file.name}.rows.json.gz"


def _save_parsed(roster_import: RosterImport, parsed: Parsed) -> None:
    keys = [column.key for column in COLUMNS]
    rows = [[row, *(values.get(key) for key in keys)] for row, values in parsed.rows]
    document = {
        "version": _PARSED_VERSION,
        "keys": keys,
        "ignored": parsed.ignored_columns,
        "rows": rows,
    }
    data = gzip.compress(
        json.dumps(document, default=_json_date, separators=(",", ":")).encode(), compresslevel=1
    )
    storage, name = roster_import.file.storage, _parsed_name(roster_import)
    storage.delete(name)
    storage.save(name, ContentFile(data))


def _json_date(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value))


def _load_parsed(roster_import: RosterImport) -> Parsed | None:
    storage, name = roster_import.file.storage, _parsed_name(roster_import)
    try:
        with storage.open(name, "rb") as stored:
            document = json.loads(gzip.decompress(stored.read()))
    except (OSError, ValueError):
        return None
    if document.get("version") != _PARSED_VERSION:
        return None
    keys = document["keys"]
    rows = []
    for row, *cells in document["rows"]:
        values = {key: value for key, value in zip(keys, cells, strict=True) if value is not None}
        if "recorded_on" in values:
            values["recorded_on"] = datetime.date.fromisoformat(values["recorded_on"])
        rows.append((row, values))
    return Parsed(rows=rows, errors=[], ignored_columns=document["ignored"])


def _drop_parsed(roster_import: RosterImport) -> None:
    roster_import.file.storage.delete(_parsed_name(roster_import))


class _Rejected(Exception):
    def __init__(self, plan: Plan):
        super().__init__("rejected")
        self.plan = plan


def roster_import_fail(*, roster_import: RosterImport, error: BaseException) -> None:
    """Record that a check or commit broke off; its transaction left nothing written."""
    summary = dict(roster_import.summary or {})
    summary["failure"] = type(error).__name__
    _finish(roster_import, RosterImport.Status.FAILED, summary)
    _drop_parsed(roster_import)


def _finish(roster_import: RosterImport, status: str, summary: dict) -> RosterImport:
    roster_import.status = status
    roster_import.summary = summary
    roster_import.processed_rows = roster_import.total_rows
    roster_import.finished_at = timezone.now()
    roster_import.save(update_fields=["status", "summary", "processed_rows", "finished_at"])
    return roster_import


def _write(plan: Plan, *, progress: "_Progress", done: int, by=None) -> None:
    for start in range(0, len(plan.creates), BATCH):
        batch = [member for _row, member in plan.creates[start : start + BATCH]]
        for member in batch:
            _record_basis(member, member.ethnicity)
        _insert_members(batch)
        done += len(batch)
        progress(done)

    now = timezone.now()
    by_fields: dict[tuple, list[Member]] = defaultdict(list)
    transfers = []
    for _row, member, changes in plan.updates:
        if "ethnicity" in changes:
            _record_basis(member, changes["ethnicity"])
            changes = {**changes, "sensitive_basis": member.sensitive_basis}
        for field, value in changes.items():
            if field != "org_unit_id":  # a move is a dated transfer, below
                setattr(member, field, value)
        fields = tuple(sorted(field for field in changes if field != "org_unit_id"))
        if fields:
            member.updated_at = now  # bulk_update does not touch auto_now fields
            by_fields[(*fields, "updated_at")].append(member)
        if "org_unit_id" in changes:
            transfers.append((member, changes["org_unit_id"]))
    for fields, members in by_fields.items():
        for start in range(0, len(members), BATCH):
            batch = members[start : start + BATCH]
            _update_members(batch, fields)
            done += len(batch)
            progress(done)

    today = selectors.today()
    for member, unit_id in transfers:
        member_transfer(member=member, to_unit=plan.units[unit_id], on=today)
    _record_answers(plan, by=by, today=today)
    progress(plan.total)


def _record_answers(plan: Plan, *, by, today) -> None:
    """The answers the import gave (new members' known answers, changed answers of the
    others) become evidence from the source "roster import", through the same service as a
    survey's or a volunteer's (mentoring.answers); the latest answer stays the current one."""
    answer_fields = [name for pair in QUESTION_FIELDS.values() for name in pair]
    rows = [
        (member.pk, {name: getattr(member, name) for name in (answer, day)})
        for _row, member, changes in plan.updates
        for answer, day in QUESTION_FIELDS.values()
        if answer in changes  # an answer the row changed (the member has its new date)
    ]
    created = {member.member_number: member for _row, member in plan.creates}
    numbers = list(created)
    for start in range(0, len(numbers), 900):  # the SQLite insert leaves no primary keys
        for number, pk in Member.objects.filter(
            member_number__in=numbers[start : start + 900]
        ).values_list("member_number", "pk"):
            member = created[number]
            rows.append((pk, {field: getattr(member, field) for field in answer_fields}))
    answers_record(
        answers=list(roster_answers(rows, today=today)), source=AnswerSource.ROSTER, by=by
    )


def _record_basis(member: Member, ethnicity: str) -> None:
    """An ethnicity on the union's own roster is held on the union's record (the basis its
    import records, docs/privacy.md); none held, no basis."""
    member.sensitive_basis = SensitiveBasis.UNION_RECORD if ethnicity else ""


def _write_evaluations(plan: Plan, *, user) -> None:
    """The members' annual evaluation from the file: one per member and year, the file's
    class replacing the one recorded (the members are written by now)."""
    if not plan.evaluations:
        return
    numbers = {number for number, _year, _grade in plan.evaluations}
    ids = {}
    for chunk in (list(numbers)[i : i + BATCH] for i in range(0, len(numbers), BATCH)):
        ids.update(
            Member.objects.filter(member_number__in=chunk).values_list("member_number", "pk")
        )
    now = timezone.now()
    MemberEvaluation.objects.bulk_create(
        [
            MemberEvaluation(
                member_id=ids[number],
                year=year,
                grade=grade,
                source=MemberEvaluation.Source.ROSTER,
                recorded_by=user,
                recorded_at=now,
            )
            for number, year, grade in plan.evaluations
        ],
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["member", "year"],
        update_fields=["grade", "source", "recorded_by", "recorded_at"],
    )


def _insert_members(members: list[Member]) -> None:
    """Member.objects.bulk_create(members). On SQLite, which takes at most 999 parameters a
    statement, bulk_create sends 52 members at a time and spends most of its time building
    SQL; one INSERT per member through executemany is three times faster there (the database
    is in the process: no round trips). On PostgreSQL bulk_create's multi-row INSERT wins."""
    if connection.vendor != "sqlite":
        Member.objects.bulk_create(members)
        return
    fields = [field for field in Member._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(Member._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        [field.get_db_prep_save(field.pre_save(member, True), connection) for field in fields]
        for member in members
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _update_members(members: list[Member], fields: tuple[str, ...]) -> None:
    """Member.objects.bulk_update(members, fields), faster: Django's builds a CASE WHEN per
    row and field in Python (about 0.7 ms a row, over a minute for 100,000 members); one plain
    UPDATE per row sent with executemany takes a fifth of that on PostgreSQL and a twentieth on
    SQLite. Values go through each field's own conversion, as the ORM's would."""
    model_fields = [Member._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(Member._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in model_fields),
        quote(Member._meta.pk.column),
    )
    prepare = [(field.attname, field.get_db_prep_save) for field in model_fields]
    params = [
        [to_db(getattr(member, attname), connection) for attname, to_db in prepare] + [member.pk]
        for member in members
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _log(roster_import: RosterImport, *, user, summary: dict) -> None:
    from wagtail.log_actions import log, registry

    if not registry.action_exists(LOG_ACTION):
        # Wagtail refuses log entries of unregistered actions; mentoring's wagtail_hooks
        # registers this one. Without it the import must still go through.
        logger.warning(
            "Log action %s is not registered: import %s not logged", LOG_ACTION, roster_import.pk
        )
        return
    counts = {key: summary[key] for key in ("total", "create", "update", "unchanged", "transfer")}
    log(instance=roster_import, action=LOG_ACTION, user=user, data=counts)


class _Progress:
    """Writes `processed_rows` now and then. The commit runs in one transaction, whose writes
    nobody sees before the end: on PostgreSQL its progress goes through a second connection;
    on SQLite, whose single writer that would block, only the check's progress is shown."""

    def __init__(self, roster_import: RosterImport, *, outside_transaction: bool = False):
        self.pk = roster_import.pk
        self.last = -1
        self.side = None
        if outside_transaction:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            else:
                self.pk = None  # progress inside an open transaction would be invisible anyway

    def __call__(self, done: int) -> None:
        if self.pk is None or done == self.last:
            return
        self.last = done
        if self.side is None:
            RosterImport.objects.filter(pk=self.pk).update(
                processed_rows=done, heartbeat_at=timezone.now()
            )
            return
        try:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {RosterImport._meta.db_table} SET processed_rows = %s, "
                    "heartbeat_at = %s WHERE id = %s",
                    [done, timezone.now(), self.pk],
                )
        except Exception:  # progress is a nicety: never let it break an import
            self.close()
            self.pk = None

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


# ---------------------------------------------------------------------------------------------
# Runs that died with their process (a server killed or restarted mid-import)

RUNNING = (RosterImport.Status.PENDING, RosterImport.Status.CHECKING, RosterImport.Status.IMPORTING)
_LOCK_CLASS = (
    0x524F  # first key of the PostgreSQL advisory locks taken here; the import's id is the second
)


@contextlib.contextmanager
def _run_lock(roster_import: RosterImport) -> Iterator[bool]:
    """Held by the process checking or committing an import, for as long as it works; yields
    False if another process holds it. PostgreSQL (an advisory lock of the session) or the
    operating system (a file lock, on SQLite's one machine) lets go of it when the process
    dies, so a free lock on an import still marked running means its run is gone."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_CLASS, roster_import.pk])
            ours = cursor.fetchone()[0]
        try:
            yield ours
        finally:
            if ours:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(%s, %s)", [_LOCK_CLASS, roster_import.pk]
                    )
        return
    descriptor = os.open(_lock_path(roster_import.pk), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            ours = True
        except BlockingIOError:
            ours = False
        yield ours
    finally:
        os.close(descriptor)  # and the lock with it


def _lock_path(pk: int) -> str:
    """One file per import and database (several sites or test runs may share the machine)."""
    database = str(connection.settings_dict["NAME"]).encode()
    folder = os.path.join(tempfile.gettempdir(), "chophien-roster-imports")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return os.path.join(folder, f"{hashlib.sha256(database).hexdigest()[:16]}-{pk}.lock")


def _lock_held(roster_import: RosterImport) -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND "
                "database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND classid = %s AND objid = %s AND objsubid = 2)",
                [_LOCK_CLASS, roster_import.pk],
            )
            return cursor.fetchone()[0]
    with _run_lock(roster_import) as free:
        return not free


def roster_import_is_stale(roster_import: RosterImport) -> bool:
    """Marked as running, but no process has been working on it for a while (its lock is free,
    and no row has been processed for CHOPHIEN_IMPORT_STALE_MINUTES): it can be retried or
    abandoned. The wait covers a background task still queued, which holds no lock yet."""
    return _overdue(roster_import) and not _lock_held(roster_import)


def _overdue(roster_import: RosterImport) -> bool:
    if roster_import.status not in RUNNING:
        return False
    since = roster_import.heartbeat_at or roster_import.created_at
    return timezone.now() - since >= datetime.timedelta(
        minutes=settings.CHOPHIEN_IMPORT_STALE_MINUTES
    )


def roster_import_recover(*, roster_import: RosterImport, user, abandon: bool) -> RosterImport:
    """Take back an import whose run died. Nothing of it was written (the commit is one
    transaction). Retrying a commit makes it ready to commit again (the commit checks every
    row again); retrying a check sets it waiting, for the caller to run the check again.
    Abandoning marks it failed. Refused (ValidationError) while a process still works on it."""
    with _run_lock(roster_import) as free:  # and no run starts while this decides
        roster_import.refresh_from_db()
        if not free or not _overdue(roster_import):
            raise ValidationError(
                _("This import is still running. Wait for it to finish."), code="running"
            )
        was = roster_import.status
        if abandon:
            summary = dict(roster_import.summary or {})
            summary["failure"] = "abandoned"
            roster_import = _finish(roster_import, RosterImport.Status.FAILED, summary)
            _drop_parsed(roster_import)
        else:
            roster_import.status = (
                RosterImport.Status.CHECKED
                if was == RosterImport.Status.IMPORTING
                else RosterImport.Status.PENDING
            )
            roster_import.processed_rows = 0
            roster_import.heartbeat_at = None
            roster_import.save(update_fields=["status", "processed_rows", "heartbeat_at"])
    logger.warning(
        "Roster import %s was %s after its run died (%s) by user %s",
        roster_import.pk,
        "abandoned" if abandon else "retried",
        was,
        user.pk,
    )
    return roster_import


def visible_imports(user) -> QuerySet:
    """The imports a person may look at: their own, or every one for provincial staff."""
    if selectors.can_see_everything(user):
        return RosterImport.objects.all()
    return RosterImport.objects.filter(created_by=user)
