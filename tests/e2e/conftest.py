"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous (microsoft/playwright-pytest#29).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield GuardedBrowser(browser)
        browser.close()


# --- Browser guard (docs/security.md): every e2e test fails on a Content-Security-Policy
# violation or on a request to any host but the platform's, in every context it opens.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
  + ` in ${e.sourceFile || document.location.href}:${e.lineNumber}`));
"""


class BrowserGuard:
    current = None  # the running test's guard

    def __init__(self):
        self.problems: list[str] = []

    def watch(self, context, base_url: str) -> None:
        origin = urlsplit(base_url).netloc

        def on_route(route):
            url = urlsplit(route.request.url)
            if url.scheme in ("http", "https", "ws", "wss") and url.netloc != origin:
                self.problems.append(f"request to another host: {route.request.url}")
                route.abort()
            else:
                route.continue_()

        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)
        context.route("**/*", on_route)

    def _on_console(self, message) -> None:
        if "CSP violation" in message.text or "Content Security Policy" in message.text:
            where = message.page.url if message.page else "?"
            self.problems.append(f"{message.text} (page {where})")

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


class GuardedBrowser:
    """The session's browser; each context it opens is watched by the running test's guard."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        if BrowserGuard.current is None or "base_url" not in kwargs:
            context.close()
            raise RuntimeError("open e2e browser contexts with base_url=live_server.url")
        BrowserGuard.current.watch(context, kwargs["base_url"])
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def browser_guard():
    guard = BrowserGuard.current = BrowserGuard()
    yield guard  # set up before `page`, so torn down after its context is closed
    BrowserGuard.current = None
    problems = guard.take()
    assert problems == [], "the browser saw:\n" + "\n".join(problems)


# --- end of browser guard


@pytest.fixture
def page(browser, live_server):
    from schools_platform.home.demo import ensure_wagtail_roots

    ensure_wagtail_roots()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """axe-core's WCAG 2.x A and AA rules, zero violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run scripts/bootstrap.sh (npm ci)")
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results["violations"]
    ]
    assert violations == [], f"axe violations on {page.url}:\n" + json.dumps(violations, indent=1)


def sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
