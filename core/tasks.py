"""Queueing a task that must run only if the current transaction commits."""

from django.db import DEFAULT_DB_ALIAS, transaction


def enqueue_with_transaction(task, /, **kwargs) -> None:
    """Queue `task(**kwargs)` to run only if the current transaction commits.

    Where tasks wait in this same database (django-tasks-db), the task's row is written inside
    the transaction: it commits, or rolls back, with the data it is about. That is the
    transactional outbox: nothing is lost if the process dies between the commit and the
    enqueue, and it costs no extra round trip and commit after the transaction (the bank
    feed's webhook paid one for every order it completed). Elsewhere (the immediate backend,
    which runs the task at once in this process) it is enqueued once the transaction commits,
    so a rolled-back transaction tells nobody."""
    if _waits_in_this_database(task) and transaction.get_connection().in_atomic_block:
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs), robust=True)


def _waits_in_this_database(task) -> bool:
    backend = task.get_backend()
    # django-tasks-db keeps its rows on the default database (it has no setting for another).
    return type(backend).__module__.split(".")[0] == "django_tasks_db" and (
        transaction.get_connection().alias == DEFAULT_DB_ALIAS
    )
