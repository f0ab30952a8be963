"""The load test's numbers: throughput, latency percentiles and errors per request type, the
server's own time per request (gunicorn's access log), and the Markdown written to
bench/load/results.md and to the "Load test" section of bench/results.md. Plain Python.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from .plan import Sample

# Targets of the issue for the whole load.
P95_TARGET_MS = 300.0
ERRORS_TARGET = 0
SHOWN_ERRORS = 5

# The request types, as the locustfile names them, and how to recognise each one in
# gunicorn's access log (method, path).
REQUEST_TYPES: list[tuple[str, str, re.Pattern]] = [
    ("sign-in page", "GET", re.compile(r"^/login/$")),
    ("sign in", "POST", re.compile(r"^/login/$")),
    ("overview", "GET", re.compile(r"^/assessments/\d+/$")),
    ("indicator", "GET", re.compile(r"^/assessments/\d+/indicators/[^/]+/$")),
    ("save indicator", "POST", re.compile(r"^/assessments/\d+/indicators/[^/]+/$")),
    ("upload evidence", "POST", re.compile(r"^/assessments/\d+/indicators/[^/]+/evidence/$")),
    ("appraisal queue", "GET", re.compile(r"^/appraisals/campaigns/\d+/queue/$")),
    ("appraisal item", "GET", re.compile(r"^/appraisals/items/\d+/$")),
    ("save decision", "POST", re.compile(r"^/appraisals/items/\d+/$")),
]
TYPE_NAMES = [name for name, _method, _path in REQUEST_TYPES]
# gunicorn access log line with the format the driver sets: `"GET /path?query HTTP/1.1" 200 12ms`
ACCESS_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>[^ ?"]*)[^"]*" (?P<status>\d{3}) .* (?P<ms>\d+)ms$'
)


def request_type(method: str, path: str) -> str | None:
    for name, type_method, pattern in REQUEST_TYPES:
        if method == type_method and pattern.match(path):
            return name
    return None


def percentile(values: list[float], share: float) -> float | None:
    """The ``share`` quantile (0.95 for p95) by linear interpolation between the closest
    ranks; None without values."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    cut = round(share * 100)
    return statistics.quantiles(values, n=100, method="inclusive")[cut - 1]


@dataclass
class Line:
    """Latency and errors of one request type (or of all of them)."""

    name: str
    requests: int
    errors: int
    median_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    server_median_ms: float | None = None
    server_p95_ms: float | None = None

    def throughput(self, seconds: float) -> float:
        return self.requests / seconds if seconds > 0 else 0.0


def _line(name: str, samples: list[Sample], server_ms: list[float]) -> Line:
    times = [sample.milliseconds for sample in samples]
    return Line(
        name=name,
        requests=len(samples),
        errors=sum(1 for sample in samples if sample.error is not None),
        median_ms=percentile(times, 0.50),
        p95_ms=percentile(times, 0.95),
        p99_ms=percentile(times, 0.99),
        max_ms=max(times) if times else None,
        server_median_ms=percentile(server_ms, 0.50),
        server_p95_ms=percentile(server_ms, 0.95),
    )


def server_times(access_log_lines: list[str]) -> dict[str, list[float]]:
    """Milliseconds gunicorn spent on each request, by request type (other requests, such as
    the health check, are left out)."""
    times: dict[str, list[float]] = defaultdict(list)
    for line in access_log_lines:
        match = ACCESS_LINE.search(line.rstrip())
        if not match:
            continue
        name = request_type(match["method"], match["path"])
        if name is not None:
            times[name].append(float(match["ms"]))
    return times


@dataclass
class LoadSummary:
    seconds: float
    overall: Line
    by_type: list[Line]
    first_errors: list[str]
    error_counts: Counter

    @property
    def throughput(self) -> float:
        return self.overall.throughput(self.seconds)

    @property
    def targets_met(self) -> bool:
        p95 = self.overall.p95_ms
        return self.overall.errors <= ERRORS_TARGET and p95 is not None and p95 < P95_TARGET_MS


def summarize(
    samples: list[Sample], seconds: float, server: dict[str, list[float]] | None = None
) -> LoadSummary:
    """Latency per request type of ``samples``; ``server``: gunicorn's times by type (only
    those of the types among the samples are used)."""
    names_present = {sample.name for sample in samples}
    server = {name: times for name, times in (server or {}).items() if name in names_present}
    grouped: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        grouped[sample.name].append(sample)
    names = TYPE_NAMES + sorted(set(grouped) - set(TYPE_NAMES))
    errors = [f"{sample.name}: {sample.error}" for sample in samples if sample.error is not None]
    return LoadSummary(
        seconds=seconds,
        overall=_line(
            "all requests", samples, [time for times in server.values() for time in times]
        ),
        by_type=[
            _line(name, grouped[name], server.get(name, [])) for name in names if grouped[name]
        ],
        first_errors=errors[:SHOWN_ERRORS],
        error_counts=Counter(errors),
    )


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} ms"


def _table(summary: LoadSummary) -> list[str]:
    lines = [
        "| request type | requests | req/s | errors | median | p95 | p99 | max "
        "| server median | server p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for line in [*summary.by_type, summary.overall]:
        name = f"**{line.name}**" if line is summary.overall else line.name
        lines.append(
            f"| {name} | {line.requests:,} | {line.throughput(summary.seconds):.1f} "
            f"| {line.errors} | {_ms(line.median_ms)} | {_ms(line.p95_ms)} | {_ms(line.p99_ms)} "
            f"| {_ms(line.max_ms)} | {_ms(line.server_median_ms)} | {_ms(line.server_p95_ms)} |"
        )
    return lines


def markdown(
    summary: LoadSummary,
    ramp_up: LoadSummary,
    *,
    heading: str,
    context: list[str],
    persistence: list[str],
    persistence_passed: bool,
) -> str:
    """The "Load test" section: what ran (``context``: date, machine, command, setup), the
    table of the measured window, the sign-in ramp before it, the errors of both, the
    persistence check and the verdict on the targets (latency: the window; errors: both)."""
    errors = summary.overall.errors + ramp_up.overall.errors
    met = summary.targets_met and ramp_up.overall.errors == 0 and persistence_passed
    lines = [heading, "", *context, ""]
    lines += _table(summary)
    lines += [
        "",
        f"Throughput: {summary.throughput:.1f} requests/s over the {summary.seconds:.1f} s "
        "window. Latency is measured by the client (queueing in gunicorn's backlog "
        "included); the server columns are gunicorn's own time per request (access log).",
        "",
        f"Before the window, the sign-in ramp ({ramp_up.seconds:.1f} s: every user opens the "
        "sign-in page and signs in, the password checked with Argon2):",
        "",
        *_table(ramp_up),
        "",
    ]
    first_errors = (ramp_up.first_errors + summary.first_errors)[:SHOWN_ERRORS]
    if first_errors:
        lines.append(f"Errors ({errors}), the first {len(first_errors)}:")
        lines += [f"- {error}" for error in first_errors]
    else:
        lines.append("Errors: none.")
    lines += ["", "Persistence check (every acknowledged save looked up in the database):"]
    lines += [f"- {line}" for line in persistence]
    lines += [
        "",
        f"Targets (0 errors, p95 under {P95_TARGET_MS:.0f} ms in the window, every "
        f"acknowledged save stored): **{'met' if met else 'NOT met'}** — {errors} errors, "
        f"p95 {_ms(summary.overall.p95_ms)}, persistence "
        f"{'passed' if persistence_passed else 'FAILED'}.",
    ]
    return "\n".join(lines) + "\n"


def replace_section(document: str, heading: str, section: str) -> str:
    """``document`` with the section that starts at the line ``heading`` (up to the next
    heading of the same or a higher level) replaced by ``section``, or with ``section``
    appended when there is none. Everything else is kept as it is."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = document.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip("\n") == heading), None)
    if start is None:
        return document.rstrip("\n") + "\n\n" + section if document.strip() else section
    end = start + 1
    while end < len(lines):
        stripped = lines[end].lstrip()
        marks = len(stripped) - len(stripped.lstrip("#"))
        if 0 < marks <= level and stripped[marks : marks + 1] == " ":
            break
        end += 1
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + section + ("\n" + tail if tail else "")
