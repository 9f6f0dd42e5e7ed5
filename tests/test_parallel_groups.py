"""`make test` runs the suite on several pytest-xdist workers (--dist loadgroup): a world is
built once only if the tests sharing it are sent to one worker (tests/support/worlds.py)."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.support.worlds import SHARED_WORLDS_GROUP, _shared_world_of, keep_worlds_on_one_worker


class _Item:
    """What the hook reads of a collected test: its file, id, fixtures and marks."""

    def __init__(self, nodeid: str, *fixtures: str, mark=None):
        self.nodeid = nodeid
        self.path = Path(nodeid.split("::")[0])
        self.fixturenames = ("db", *fixtures)
        self.marks = [mark] if mark else []

    def get_closest_marker(self, name):
        return next((mark for mark in self.marks if mark.name == name), None)

    def add_marker(self, decorator):
        self.marks.append(decorator.mark)

    @property
    def group(self):
        return self.get_closest_marker("xdist_group").args[0]


def _items():
    return [
        _Item("tests/demo/test_shop.py::test_a", "demo_data"),
        _Item("tests/demo/test_shop.py::test_b"),
        _Item("tests/demo/test_union.py::test_c", "demo_data_with_accounts"),
        _Item("tests/test_matrix.py::test_d"),
        _Item("tests/test_matrix.py::Case::test_e"),
        _Item("tests/test_x.py::test_f", mark=pytest.mark.xdist_group("mine").mark),
    ]


def test_the_shared_demo_worlds_modules_go_to_one_worker_and_the_rest_one_by_one():
    items = _items()
    keep_worlds_on_one_worker(SimpleNamespace(option=SimpleNamespace(loadgroup=True)), items)
    assert [item.get_closest_marker("xdist_group") and item.group for item in items] == [
        SHARED_WORLDS_GROUP,
        SHARED_WORLDS_GROUP,  # beside a demo test in its module: same worker
        SHARED_WORLDS_GROUP,
        None,  # handed out one by one, in pytest-django's order
        None,
        "mine",  # a test's own group is kept
    ]


def test_without_loadgroup_no_test_is_given_a_group():
    items = _items()
    keep_worlds_on_one_worker(SimpleNamespace(option=SimpleNamespace()), items)
    assert [len(item.marks) for item in items] == [0, 0, 0, 0, 0, 1]


def test_the_grouping_is_a_hook_pytest_calls(request):
    # A function pytest never calls would pass the tests above and group nothing.
    callers = [
        impl
        for impl in request.config.pluginmanager.hook.pytest_collection_modifyitems.get_hookimpls()
        if getattr(impl.function, "__func__", impl.function).__qualname__
        == "WorkerGroups.pytest_collection_modifyitems"
    ]
    assert len(callers) == 1 and callers[0].wrapper


def test_under_xdist_every_test_of_a_shared_world_is_in_its_group(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("runs on a `make test` worker (pytest-xdist, --dist loadgroup)")
    sharing = [item for item in request.session.items if _shared_world_of(item)]
    if not sharing:
        pytest.skip("no test of a shared world in this run")
    assert {item.get_closest_marker("xdist_group").args[0] for item in sharing} == {
        SHARED_WORLDS_GROUP
    }
    assert all(item.nodeid.endswith(f"@{SHARED_WORLDS_GROUP}") for item in sharing), [
        i.nodeid for i in sharing
    ]
