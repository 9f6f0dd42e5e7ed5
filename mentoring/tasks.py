"""Background work of the mentoring app (django-tasks).

With no TASKS setting, django-tasks runs every task at once in the process that enqueues it
(its ImmediateBackend): one machine needs no worker, and the request waits. A deployment
with a queue backend and its worker gets real background runs, and the import page shows their
progress from `RosterImport.processed_rows`.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from mentoring.models import RosterImport
from mentoring.roster import committing


@task()
def roster_import_run(roster_import_id: int, user_id: int, commit: bool) -> dict:
    """Check (dry run) or commit a roster import; returns its summary counts."""
    roster_import = RosterImport.objects.get(pk=roster_import_id)
    user = get_user_model().objects.get(pk=user_id)
    try:
        if commit:
            roster_import = committing.roster_import_commit(roster_import=roster_import, user=user)
        else:
            roster_import = committing.roster_import_check(roster_import=roster_import, user=user)
    except Exception as error:
        committing.roster_import_fail(roster_import=roster_import, error=error)
        raise
    summary = roster_import.summary
    return {key: summary.get(key, 0) for key in ("total", "create", "update", "unchanged")}


def roster_import_enqueue(*, roster_import: RosterImport, user, commit: bool) -> None:
    """Run the import's next step in the background once the current transaction commits
    (before then a worker could not see the upload)."""
    transaction.on_commit(
        lambda: roster_import_run.enqueue(
            roster_import_id=roster_import.pk, user_id=user.pk, commit=commit
        )
    )
