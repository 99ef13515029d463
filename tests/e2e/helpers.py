"""Steps shared by the browser tests: open a page, keep a screenshot of it, check it with axe-core, collect
the Content-Security-Policy violations it reports."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
# How long a browser action or navigation may take. Under `make test` the browser, its server and the
# other worker's tests share the machine's cores: a form POST that takes two seconds alone has taken
# over ten there. A real failure still fails, later.
BROWSER_TIMEOUT_MS = 30_000
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Moderate and minor findings are advice; these two block a reader and fail the test.
BLOCKING_IMPACTS = {"serious", "critical"}
# Added to every document of a browser context before its own scripts run; the policy does not
# apply to it. Each violation goes to the test through a binding of Playwright's.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"} on ${event.documentURI}` +
    (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "") +
    (event.sample ? `: ${event.sample}` : "")
  );
});
"""


def visit(page, url, status=200):
    """Open `url` in the tab and check the HTTP status the reader got."""
    response = page.goto(url)
    assert response is not None, f"{url} gave no response"
    assert response.status == status, f"{url} answered {response.status}, expected {status}"
    return response


def screenshot(page, name):
    """Save the whole page as test-artifacts/screenshots/<name>.png, to be looked at after the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def axe_violations(page):
    """Every violation axe-core finds in the page as it is now."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(
            f"{AXE_SCRIPT.relative_to(REPO_ROOT)} is missing: run `npm ci` in {REPO_ROOT} "
            "to install axe-core from package-lock.json.",
            pytrace=False,
        )
    # Evaluated through the DevTools protocol: a <script> of its own would be inline code, which the
    # site's Content-Security-Policy refuses.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]


def assert_no_serious_axe_violations(page):
    blocking = [violation for violation in axe_violations(page) if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found serious or critical violations on {page.url}:\n" + "\n".join(
        _describe(violation) for violation in blocking
    )


def _describe(violation):
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"]
    for node in violation["nodes"]:
        lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


def watch_csp_violations(context):
    """A list that fills with every Content-Security-Policy violation any page of `context` reports,
    whether as a securitypolicyviolation event or as Chromium's console message about it."""
    violations = []
    context.expose_function("reportCspViolation", lambda violation: violations.append(violation))
    context.add_init_script(CSP_LISTENER)
    context.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations
