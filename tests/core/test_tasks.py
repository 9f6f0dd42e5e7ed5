"""core.tasks.enqueue_with_transaction: a task queued in a transaction runs only if it commits."""

import pytest
from django.db import transaction
from django_tasks import task, task_backends

from core.tasks import enqueue_with_transaction


@task()
def noted(*, word: str) -> str:
    return word


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"]


@pytest.mark.django_db
def test_a_task_queued_in_a_transaction_that_rolls_back_is_never_queued(
    queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                enqueue_with_transaction(noted, word="lost")
                raise RuntimeError("the payment failed")
        with transaction.atomic():
            enqueue_with_transaction(noted, word="kept")
    assert [result.kwargs for result in queue.results] == [{"word": "kept"}]


@pytest.mark.django_db
def test_a_task_outside_the_database_waits_for_the_commit(
    queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            enqueue_with_transaction(noted, word="later")
        assert queue.results == []  # the dummy backend keeps nothing in the database
    assert len(callbacks) == 1
