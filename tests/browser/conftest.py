"""Browser journeys: Playwright (sync API) driving Debian's Chromium against Django's live server.

Every page a journey looks at goes through `Journey.check()`: axe-core (from npm, see
package.json) finds no serious or critical accessibility violation, a 360 px wide phone never
scrolls sideways, the site's own buttons and links in the main content are at least 44 px tall
and wide, and a screenshot of the step is saved under browser-screenshots/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# The checkout tests' localstripe server and webhook registration, shared.
from tests.checkout.conftest import localstripe_url, stripe, stripe_with_webhooks  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "browser-screenshots"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"phone": (360, 740), "desktop": (1280, 800)}
TAP_MIN = 44

NO_CHROMIUM = (
    f"Browser journeys SKIPPED: no Chromium at {CHROMIUM} (on Debian: apt-get install "
    "chromium; .ci/run installs it, so CI always runs them)."
)
NO_AXE = (
    f"Browser journeys SKIPPED: axe-core is missing ({AXE}); `make test` installs it with npm "
    "(on Debian: apt-get install npm)."
)


def _missing() -> str | None:
    """Why the journeys cannot run here, or None. CI sets CHOPHIEN_REQUIRE_BROWSER so that a
    missing browser fails the run instead of skipping it."""
    if not os.path.exists(CHROMIUM):
        return NO_CHROMIUM
    if not AXE.exists():
        return NO_AXE
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CHOPHIEN_REQUIRE_BROWSER"):
        raise pytest.UsageError(reason)
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_report_header(config):
    return _missing()


# Playwright's sync API keeps an event loop running in the test's thread; Django's ORM would
# take the test for async code and refuse the test's own queries (fixtures, assertions).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Axe rules skipped in Wagtail's own admin UI only (pages under /cms-admin/ not rendered by our
# templates). Each is Wagtail's markup we cannot reasonably change; listed in the README.
WAGTAIL_ADMIN_EXCLUDE: list[str] = []


@pytest.fixture(scope="session")
def browser():
    from django.db import connections
    from playwright.sync_api import sync_playwright

    contents = {alias: getattr(connections[alias], "_test_serialized_contents", None)
                for alias in connections}  # fmt: skip
    with sync_playwright() as playwright:
        # Playwright keeps an asyncio loop running in this thread, and Django then keeps its
        # database connections per loop: new connection objects, without the serialized
        # migration data that `serialized_rollback` restores. Hand it over.
        for alias, serialized in contents.items():
            if serialized is not None:
                connections[alias]._test_serialized_contents = serialized
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots():
    shutil.rmtree(SCREENSHOTS / "_tmp", ignore_errors=True)
    yield


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def size(request):
    return request.param


@pytest.fixture
def journey(request, browser, size, live_server):
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="vi-VN",
        is_mobile=size == "phone",
        has_touch=size == "phone",
        device_scale_factor=1,
        # axe-core is injected as an inline script, which the site's Content-Security-Policy
        # (own scripts only) would otherwise refuse.
        bypass_csp=True,
        reduced_motion="reduce",
    )
    context.set_default_timeout(15_000)
    name = re.sub(r"^test_", "", request.node.originalname)
    folder = SCREENSHOTS / f"{name}-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    journey = Journey(context, live_server.url, folder, size)
    yield journey
    context.close()
    if journey.problems:
        pytest.fail(
            f"{len(journey.problems)} accessibility/phone problem(s):\n"
            + "\n".join(journey.problems)
        )


class Journey:
    """One person's trip through the site in one browser context (one screen size)."""

    def __init__(self, context, base_url, folder, size):
        self.context = context
        self.page = context.new_page()
        self.base_url = base_url
        self.folder = folder
        self.size = size
        self.steps = 0
        self.axe_source = AXE.read_text()
        self.problems = []

    @property
    def phone(self):
        return self.size == "phone"

    def new_page(self):
        """A second tab in the same session (same cookies) — e.g. staff in another window."""
        return self.context.new_page()

    def goto(self, path, page=None):
        page = page or self.page
        page.goto(self.base_url + path)
        return page

    def check(self, step, page=None, *, admin=False, tap_targets=True):
        """Look at the page as it is now: accessibility, width, tap targets, screenshot."""
        page = page or self.page
        page.wait_for_load_state("load")
        # Measure colours after transitions end (Wagtail's messages fade in).
        page.evaluate(
            "Promise.race([new Promise(done => setTimeout(done, 1000)),"
            " Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))])"
        )
        if os.environ.get("BROWSER_TIMING"):
            import time

            now = time.monotonic()
            print(f"{now - getattr(self, '_t', now):6.2f}s before {step}")
            self._t = now
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        page.screenshot(path=str(self.folder / f"{self.steps:02d}-{slug}.png"), full_page=True)
        problems = []
        problems += self._axe(page, admin=admin)
        if self.phone:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > SIZES["phone"][0]:
                wide = page.evaluate(WIDEST_JS, SIZES["phone"][0])
                problems.append(f"scrolls sideways: page is {width}px wide; too wide: {wide}")
            if tap_targets and not admin:
                small = page.evaluate(SMALL_TARGETS_JS, TAP_MIN)
                if small:
                    problems.append(f"tap targets under {TAP_MIN}px: {small}")
        # Collected, not raised at once: one run lists every page's problems (see `journey`).
        self.problems += [f"{step} ({page.url}): {problem}" for problem in problems]

    def finish(self):
        """End of the journey: every page looked at passed."""
        problems, self.problems = self.problems, []
        assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)

    def _axe(self, page, *, admin):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=self.axe_source)
        options = {"resultTypes": ["violations"]}
        if admin and WAGTAIL_ADMIN_EXCLUDE:
            options["rules"] = {rule: {"enabled": False} for rule in WAGTAIL_ADMIN_EXCLUDE}
        results = page.evaluate("options => axe.run(document, options)", options)
        return [
            f"axe {v['impact']} {v['id']}: {v['help']} — "
            + "; ".join(
                (" ".join(n["target"]) + " → " + n.get("failureSummary", "").replace("\n", " "))[
                    :300
                ]
                for n in v["nodes"][:5]
            )
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]


# Elements wider than the phone's screen (the deepest ones), to say what to fix.
WIDEST_JS = (HERE / "widest.js").read_text()

# The site's own controls in the main content: buttons, form controls, and links that stand
# alone. Not counted: links inside running text (a sentence's link is not a target of its own,
# as WCAG 2.5.8 allows), hidden elements, and radio buttons and checkboxes whose label is the
# target (the label is measured instead). A target may be widened by its picture (an inline link
# around an image) or by an absolutely placed ::before/::after (the site's cards and chips do
# that): the larger box counts.
SMALL_TARGETS_JS = (HERE / "small_targets.js").read_text()
