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
        yield browser
        browser.close()


# --- Browser guard (docs/security.md): every e2e test fails on a Content-Security-Policy
# violation or on a request to any host but the platform's. Use `page`, or `new_context` for
# a second browser; a context made with `browser.new_context` directly is not watched.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
  + ` in ${e.sourceFile || document.location.href}:${e.lineNumber}`));
"""


class BrowserGuard:
    def __init__(self, base_url: str):
        self.origin = urlsplit(base_url).netloc
        self.problems: list[str] = []

    def watch(self, context) -> None:
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)
        context.route("**/*", self._on_route)

    def _on_console(self, message) -> None:
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text:
            self.problems.append(f"{text} (page {message.page.url if message.page else '?'})")

    def _on_route(self, route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != self.origin:
            self.problems.append(f"request to another host: {route.request.url}")
            route.abort()
        else:
            route.continue_()

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


@pytest.fixture
def browser_guard(live_server):
    guard = BrowserGuard(live_server.url)
    yield guard
    problems = guard.take()
    assert problems == [], "the browser saw:\n" + "\n".join(problems)


@pytest.fixture
def new_context(browser, live_server, browser_guard):
    contexts = []

    def make(**kwargs):
        context = browser.new_context(base_url=live_server.url, **kwargs)
        browser_guard.watch(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


# --- end of browser guard


@pytest.fixture
def page(new_context):
    from schools_platform.core.demo.site import ensure_wagtail_roots

    ensure_wagtail_roots()
    page = new_context().new_page()
    page.set_default_timeout(15_000)
    return page


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
