"""Steps of a browser test: each one ends with a full-page screenshot that a reviewer can look
at, a check that the Vietnamese page shows no English interface words, a check that the page
does not scroll sideways at its window's width, optionally an audit (axe), and its duration.

    with steps.step(page, "Cán bộ nhập chỉ số 1.1"):
        page.fill(...)

The screenshots go to ``<session folder>/<test name>/NN-<title>.png`` with an index
(``steps.txt``) of the steps, their pages and durations. A step that fails leaves a screenshot
named ``...-FAILED.png``.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# English interface words that a Vietnamese page should never show: common labels and the
# function words of English sentences, leaving out those that are also Vietnamese syllables
# ("an", "in", "can", "to"). Whole words, case-sensitive, so that data such as file types (DTI,
# PDF, Excel) does not count.
ENGLISH_UI_WORDS = (
    "Save", "Submit", "Cancel", "Search", "Download", "Upload", "Next", "Previous", "Back",
    "Status", "Points", "Delete", "Edit", "Sign in", "Sign out", "Indicator", "Indicators",
    "Agency", "Agencies", "Campaign", "Campaigns", "Round", "Decision", "Reason", "Evidence",
    "Explanation", "Results", "Ranking", "Rank", "Accept", "Adjust", "Answered", "Deadline",
    "Phase", "Overview", "Progress", "Summary", "Filter", "Clear", "Notifications", "Security",
    "Skip to content", "Appraisal", "Council", "Published", "Attach", "File", "Link", "Title",
    "Note", "Yes", "No", "Page", "Items", "Change", "Required", "Optional", "Group", "Tier",
    "Find", "Show", "Open", "Close", "Add", "Remove", "Send", "Confirm", "Apply", "Choose",
    "Select", "Export", "Import", "Report", "Reports", "Help", "Print", "Total", "Date", "Name",
    "Comments", "Opinion", "Agree", "Disagree", "Finalise", "Publish", "Draft", "Submitted",
    "Pending", "Done", "Failed", "Error", "Warning", "Loading", "Preparing", "Home", "Max",
    "the", "and", "of", "with", "your", "our", "is", "are", "was", "for", "this", "not", "to the",
    "on", "by", "at", "or", "from", "has", "have", "will", "you", "it", "all", "points",
    "agency", "agencies", "value", "applicable", "answered", "appraised", "self-assessed",
)  # fmt: skip
ENGLISH_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH_UI_WORDS) + r")(?![\w-])"
)

# The page's visible text plus the texts that assistive technology reads: labels, titles,
# placeholders and alternative texts.
PAGE_TEXT_SCRIPT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = element.getAttribute(name);
      if (value) { parts.push(value); }
    }
  }
  return parts.join("\\n");
}"""

# Elements that stick out of the window on the right, when the page scrolls sideways.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) { return []; }
  const out = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && !element.closest(".table-wrap")) {
      out.push(element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
    }
  }
  return out.slice(0, 5);
}"""


def english_words(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The lines of ``text`` that contain English interface words, each with its words."""
    found = []
    for line in text.splitlines():
        for data in allowed:
            line = line.replace(data, "")
        words = sorted({match.group(1) for match in ENGLISH_PATTERN.finditer(line)})
        if words:
            found.append(f"{', '.join(words)} ← {line.strip()[:160]}")
    return found


def slug(title: str) -> str:
    plain = unicodedata.normalize("NFKD", title.replace("đ", "d").replace("Đ", "D"))
    plain = plain.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:70]


@dataclass
class StepRecord:
    number: int
    title: str
    url: str
    seconds: float
    screenshot: str


@dataclass
class Steps:
    folder: Path
    # Data that may contain English words and is not interface text (e.g. a username).
    allowed_data: tuple[str, ...] = ()
    records: list[StepRecord] = field(default_factory=list)
    # Called with (page, title) after each step, e.g. the axe audit; its findings are collected.
    audit: Callable | None = None
    findings: list = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    overflowing: list[str] = field(default_factory=list)

    @contextmanager
    def step(self, page, title: str, *, full_page: bool = True):
        number = len(self.records) + 1
        name = f"{number:02d}-{slug(title)}"
        started = time.monotonic()
        try:
            yield
        except BaseException:
            page.screenshot(path=self.folder / f"{name}-FAILED.png", full_page=True)
            raise
        path = self.folder / f"{name}.png"
        page.screenshot(path=path, full_page=full_page)
        self._check_language(page, title)
        self._check_width(page, title)
        if self.audit is not None:
            self.findings += self.audit(page, title)
        self.records.append(
            StepRecord(number, title, page.url, time.monotonic() - started, path.name)
        )
        self._write_index()

    def _check_language(self, page, title: str) -> None:
        if page.evaluate("document.documentElement.lang") != "vi":
            return
        for line in english_words(page.evaluate(PAGE_TEXT_SCRIPT), self.allowed_data):
            self.untranslated.append(f"{title} ({page.url}): {line}")

    def _check_width(self, page, title: str) -> None:
        sticking_out = page.evaluate(OVERFLOW_SCRIPT)
        if sticking_out:
            width = page.viewport_size["width"]
            self.overflowing.append(f"{title} ({page.url}, {width} px): {sticking_out}")

    def _write_index(self) -> None:
        lines = [
            f"{record.number:02d}  {record.seconds:5.1f} s  {record.screenshot}\n"
            f"    {record.title}\n    {record.url}"
            for record in self.records
        ]
        (self.folder / "steps.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    @property
    def total_seconds(self) -> float:
        return sum(record.seconds for record in self.records)
