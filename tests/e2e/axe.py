"""The axe-core accessibility audit, run inside a page that keeps its real Content-Security-Policy.

The site allows scripts from its own origin only (``script-src 'self'``), so axe cannot be
injected as inline code. Instead the browser context answers requests for
``/__axe__/axe.min.js`` on the site's own origin with the axe-core file from node_modules
(``page.route``): the page loads axe as a same-origin script and the policy stays as served.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

AXE_PATH = "/__axe__/axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(" "),
      summary: node.failureSummary,
    })),
  }));
}"""


# axe-core no longer reports duplicate ids, but a duplicate id silently breaks the label, or the
# aria-labelledby, that points to it (the browser takes the first element with the id).
DUPLICATE_IDS = """() => {
  const seen = new Map();
  for (const element of document.querySelectorAll("[id]")) {
    seen.set(element.id, (seen.get(element.id) || 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
}"""


@dataclass
class Violation:
    page: str
    id: str
    impact: str
    help: str
    nodes: list[dict]

    def describe(self) -> str:
        places = "; ".join(f"{node['target']} ({node['summary']})" for node in self.nodes[:5])
        return f"[{self.page}] {self.impact} {self.id}: {self.help} — {places}"


def serve_axe(context, script: str) -> None:
    """Answer ``AXE_PATH`` on any origin of this browser context with the axe-core script."""
    context.route(
        f"**{AXE_PATH}",
        lambda route: route.fulfill(
            status=200, body=script, content_type="application/javascript; charset=utf-8"
        ),
    )


def audit(page, name: str) -> list[Violation]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it is now, and duplicate ids."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_PATH)
    found = [Violation(page=name, **item) for item in page.evaluate(RUN_AXE, WCAG_TAGS)]
    duplicates = page.evaluate(DUPLICATE_IDS)
    if duplicates:
        nodes = [{"target": f"#{id_}", "summary": "used more than once"} for id_ in duplicates]
        found.append(Violation(name, "duplicate-id", "serious", "ids must be unique", nodes))
    return found


def blocking(violations: list[Violation]) -> list[Violation]:
    return [item for item in violations if item.impact in BLOCKING_IMPACTS]


def assert_no_serious_violation(violations: list[Violation], folder: Path) -> None:
    """Write every finding to ``axe.txt`` in ``folder`` (for the reviewer, whatever its impact),
    then fail on the serious and critical ones."""
    report = "\n".join(item.describe() for item in violations) or "No violation."
    (folder / "axe.txt").write_text(report + "\n", encoding="utf-8")
    serious = blocking(violations)
    assert serious == [], "Serious accessibility violations:\n" + "\n".join(
        item.describe() for item in serious
    )
