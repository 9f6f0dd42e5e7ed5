"""Browser journeys: Playwright (sync API) driving Debian's Chromium against Django's live server.

Every page a journey looks at goes through `Journey.check()`: axe-core (from npm, see
package.json) finds no serious or critical accessibility violation, a 360 px wide phone never
scrolls sideways, the site's own buttons and links in the main content are at least 44 px tall
and wide, and a screenshot of the step is saved under browser-screenshots/.

The pages run under the site's real headers, Content-Security-Policy included: a journey fails
on any CSP violation, any console error and any uncaught script error, on every page of every
browser context it opens (`Journey.new_context` for a second person), whether or not a check()
looked at that moment.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# The checkout tests' localstripe server and webhook registration, shared.
from tests.checkout.conftest import localstripe_url, stripe, stripe_with_webhooks  # noqa: F401
from tests.support.vnpay import vnpay, vnpay_settings, vnpay_standin_url  # noqa: F401

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
WAGTAIL_ADMIN_EXCLUDE: list[str] = [
    # The chooser's modal (page, image, product...) is built by Wagtail's modal-workflow.js as
    # <div role="dialog"> with no aria-label or aria-labelledby, whatever the page.
    "aria-dialog-name",
]


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


# Run in every page before its own scripts: a CSP violation becomes a console error, which the
# journey's console watch (Journey.watch) turns into a failure. Chromium's own "Refused to ..."
# message is not always passed on as a console event; the page's securitypolicyviolation event
# always fires. Init scripts are the browser's, not the page's: the CSP does not govern them.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI}`
        + ` at ${event.sourceFile}:${event.lineNumber} (${event.sample || "no sample"})`);
});
"""


@pytest.fixture
def journey(request, browser, size, live_server):
    name = re.sub(r"^test_", "", request.node.originalname)
    folder = SCREENSHOTS / f"{name}-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    journey = Journey(browser, live_server.url, folder, size)
    yield journey
    journey.close()
    if journey.problems:
        pytest.fail(
            f"{len(journey.problems)} accessibility/phone/script problem(s):\n"
            + "\n".join(journey.problems)
        )


class Journey:
    """One person's trip through the site in one browser context (one screen size)."""

    def __init__(self, browser, base_url, folder, size):
        self.browser = browser
        self.base_url = base_url
        self.folder = folder
        self.size = size
        self.steps = 0
        self.axe_source = AXE.read_text()
        self.problems = []
        self._console_errors = []
        self._refused_autosaves = set()
        self._contexts = []
        self.context = self.new_context()
        self.page = self.context.new_page()

    def new_context(self):
        """A browser of its own (another person: staff, a mentor), at this journey's size,
        under the site's real headers, its console and script errors watched."""
        width, height = SIZES[self.size]
        context = self.browser.new_context(
            viewport={"width": width, "height": height},
            locale="vi-VN",
            is_mobile=self.phone,
            has_touch=self.phone,
            device_scale_factor=1,
            reduced_motion="reduce",
        )
        context.set_default_timeout(15_000)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("page", self.watch)
        self._contexts.append(context)
        return context

    def watch(self, page):
        """Any console error, CSP violation, failed request or uncaught script error on `page`
        is a problem (gathered by _gather, at the end of the journey)."""
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self._error(page, error))
        # The browser's console says only "Failed to load resource: 400": this says which.
        page.on("response", lambda response: self._response(page, response))

    def _error(self, page, error):
        self.problems.append(f"script error ({page.url}): {error}")

    def _response(self, page, response):
        if response.status < 400:
            return
        if _wagtail_autosave_refused(response):
            self._refused_autosaves.add(response.url)
        else:
            method = response.request.method
            self.problems.append(f"HTTP {response.status} ({page.url}): {method} {response.url}")

    def _console(self, page, message):
        if message.type == "error":
            self._console_errors.append((page.url, message))

    def _gather(self):
        """Console errors become problems, but for the browser's own "Failed to load
        resource" line about a Wagtail autosave that was refused (see _wagtail_autosave_refused);
        gathered late because that line and the response may come in either order."""
        errors, self._console_errors = self._console_errors, []
        for url, message in errors:
            resource = (message.location or {}).get("url")
            if message.text.startswith("Failed to load resource") and (
                resource in self._refused_autosaves
            ):
                continue
            self.problems.append(f"console error ({url}): {message.text}")

    def close(self):
        self._gather()
        for context in self._contexts:
            context.close()

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
        """End of the journey: every page looked at passed, and no page had a script, CSP or
        console error."""
        self._gather()
        problems, self.problems = self.problems, []
        assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)

    def _axe(self, page, *, admin):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated by the browser's debugging protocol, which the page's CSP does not
            # govern (a <script> tag would need the page's nonce, or the CSP switched off).
            page.evaluate(self.axe_source)
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


def _wagtail_autosave_refused(response) -> bool:
    """Wagtail 8's editor autosaves the form as JSON every half second after a change
    (WAGTAIL_AUTOSAVE_INTERVAL); while the form is not valid yet (a row just added, its product
    not chosen) the answer is, by design, 400 {"error_code": "validation_error"}, and Wagtail
    tells the editor "There are validation errors, click save to highlight them". That answer,
    and only that one, is not a fault."""
    request = response.request
    if response.status != 400 or request.method != "POST":
        return False
    if "application/json" not in (request.headers.get("accept") or ""):
        return False
    try:
        return response.json().get("error_code") == "validation_error"
    except Exception:  # no JSON body: not Wagtail's answer
        return False


# Elements wider than the phone's screen (the deepest ones), to say what to fix.
WIDEST_JS = (HERE / "widest.js").read_text()

# The site's own controls in the main content: buttons, form controls, and links that stand
# alone. Not counted: links inside running text (a sentence's link is not a target of its own,
# as WCAG 2.5.8 allows), hidden elements, and radio buttons and checkboxes whose label is the
# target (the label is measured instead). A target may be widened by its picture (an inline link
# around an image) or by an absolutely placed ::before/::after (the site's cards and chips do
# that): the larger box counts.
SMALL_TARGETS_JS = (HERE / "small_targets.js").read_text()
