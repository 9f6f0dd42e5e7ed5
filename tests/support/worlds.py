"""Worlds built once and shared by the tests that read them, each test rolled back.

A *world* is the data a group of tests starts from. Building it for every test was a large
part of the suite's time (the demo data took half a minute each time). Here a world is built
once inside a transaction, each test runs in its own savepoint inside it (pytest-django's
`django_db`), and the transaction is rolled back when the world is no longer needed: every
test still starts from the same rows, and nothing leaks to the tests after.

- `rolled_back()`: the transaction a module-scoped world is built in (as tests/search/conftest.py
  does); `copied_per_test()` gives each test its own copy of the world's Python objects, so an
  object one test changes in memory is not the next test's.
- The demo data (`load_demo_data`) is a session-wide world, in two stages: `demo_data` (DEBUG
  off, as in production: no demo accounts) and, on top of it, `demo_data_with_accounts` (DEBUG
  on: the demo accounts and their orders). The demo is loaded once per run: the tests using it
  are run one after the other (before the others), those of the first stage first, and each
  stage is rolled back after the last test standing on it.

Only tests in a transaction can share a world: a transactional test (`transaction=True`,
`live_server`) commits, and would find the world's open transaction in its way; the worlds
refuse to be opened inside another transaction, and to close with one left open in them.
"""

import contextlib
import copy

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation


@contextlib.contextmanager
def rolled_back(django_db_blocker):
    """A transaction for a world, rolled back at the end. It must be the outermost one: a world
    opened inside a test's (or another world's) transaction would be rolled back with it."""
    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            raise RuntimeError(
                "A shared test world must be built outside any transaction: is a module-scoped "
                "world still open, or does a transactional test use this world?"
            )
        # In the site's default language, as each test runs (tests/conftest.py).
        with transaction.atomic(), translation.override("vi"):
            yield
            if len(connection.atomic_blocks) != 1:
                raise RuntimeError("A shared test world is closing with a transaction still open.")
            transaction.set_rollback(True)


def copied_per_test(world):
    """The world's objects as one test gets them: a deep copy (as Django's `setUpTestData`
    gives each test), so that a model instance one test changes in memory is fresh again for
    the next one. The rows are the same: each test's savepoint is rolled back."""
    return copy.deepcopy(world)


# --- the demo data, once per run ------------------------------------------------------------

SHARED_WORLDS = ("demo_data", "demo_data_with_accounts")


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker, _admin_units_in_test_db):
    """The site as `load_demo_data` leaves it with DEBUG off (as in production): producers,
    products, pages and the union's roster, without the demo accounts. The administrative
    units it places producers in are loaded once, outside the world (tests/conftest.py)."""
    with rolled_back(django_db_blocker):
        call_command("load_demo_data", verbosity=0)
        yield


@pytest.fixture(scope="session")
def demo_data_with_accounts(demo_data, django_db_blocker):
    """The site as `load_demo_data` leaves it with DEBUG on (`make run`): the same, plus the
    demo accounts (buyer, producer, mentor, staff, admin) and the buyer's four orders, whose
    addresses are places of today's map (the units, loaded once per session).

    Built on `demo_data` rather than from the migrated database: the loader is idempotent
    (tests/demo/test_shop.py), so running it again with DEBUG on adds only what DEBUG adds,
    in a savepoint rolled back when these tests are done. The demo is loaded once per run,
    not twice (it was the longest setup of the suite)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("load_demo_data", verbosity=0)
        yield
        transaction.set_rollback(True)


def _shared_world_of(item) -> str | None:
    """The last stage of the shared world a test stands on: `demo_data_with_accounts` is built
    on `demo_data`, so a test of the former names both (its fixtures' closure)."""
    used = [name for name in SHARED_WORLDS if name in getattr(item, "fixturenames", ())]
    return used[-1] if used else None


def _stages_of(item) -> list[str]:
    """The shared worlds open while a test runs: its world and the ones it is built on."""
    name = _shared_world_of(item)
    return list(SHARED_WORLDS[: SHARED_WORLDS.index(name) + 1]) if name else []


SHARED_WORLDS_GROUP = "shared-demo-worlds"


def keep_worlds_on_one_worker(config, items):
    """With pytest-xdist (`make test`: `-n ... --dist loadgroup`), put every module using a
    shared demo world in one group, so that one worker runs them, first, as a single process
    does (the ordering below), and the world is built once, not once on each worker. Runs
    before xdist's own hook, which reads the groups; an explicit `xdist_group` mark is kept.

    The other tests get no group: xdist hands them out one by one in the collection's order,
    which keeps pytest-django's (transactional tests last). A group per module would send a
    module's transactional tests in the middle of a worker's run, and their flush would empty
    the database (permissions, groups) under the tests after them."""
    if not getattr(config.option, "loadgroup", False):  # set on xdist's workers only
        return
    modules_sharing = {item.path for item in items if _shared_world_of(item)}
    for item in items:
        if item.path in modules_sharing and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(SHARED_WORLDS_GROUP))


class WorkerGroups:
    """keep_worlds_on_one_worker as a hook. pytest takes only hooks whose name starts with
    `pytest_` (PytestPluginManager.parse_hookimpl_opts), so a `specname` on a function named
    otherwise is never called: for a while no test had a group, xdist spread the shared
    world's modules over every worker, and each built the demo again (three loads, 2 min
    each on a busy machine). The module's other hook of that name runs last; this one must
    run before xdist's worker reads the groups."""

    @pytest.hookimpl(wrapper=True)
    def pytest_collection_modifyitems(self, config, items):
        keep_worlds_on_one_worker(config, items)
        return (yield)


def pytest_configure(config):
    config.pluginmanager.register(WorkerGroups(), "chophien-worker-groups")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (tests in a transaction first), move the tests of each
    shared world to the front, one world after the other: each world is then loaded once, and
    its transaction is closed before any other test runs."""
    groups = {name: [] for name in SHARED_WORLDS}
    others = []
    for item in items:
        name = _shared_world_of(item)
        (groups[name] if name else others).append(item)
    items[:] = [item for group in groups.values() for item in group] + others


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test of a shared world (once the test's own fixtures are torn down),
    roll the world back: the next tests start from the migrated database."""
    try:
        return (yield)
    finally:
        following = _stages_of(nextitem) if nextitem is not None else []
        # The later stage first: it is rolled back to its savepoint inside the earlier one.
        for name in reversed(_stages_of(item)):
            if name in following:
                continue
            # A session fixture is otherwise kept to the end of the run; finishing it runs its
            # teardown now (and it would be built again if a later test asked for it).
            for fixturedef in item._fixtureinfo.name2fixturedefs.get(name, ()):
                fixturedef.finish(item._request)
