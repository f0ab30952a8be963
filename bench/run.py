"""Benchmarks at national scale: `make bench`, or

    .venv/bin/python bench/run.py [--sizes 150 3500] [--databases sqlite postgres] [--repeat 5]

For each database and size, a fresh database is migrated and filled by the scale generator
(``dti.core.scale``, a published campaign of N communes × 47 indicators), then measured in a
subprocess of its own, so that its settings (DATABASE_URL) are clean. The table — median and
95th percentile of the timed runs, peak memory, SQL queries, the target and ✓/✗ — is printed
and written to bench/results.md; the raw numbers are kept in bench/results.json, so a run of
one database or size updates its own rows and keeps the others. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import json
import logging
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_MD = ROOT / "bench" / "results.md"
RESULTS_JSON = ROOT / "bench" / "results.json"
# Written by hand: what the profiles showed and what changed, with the numbers before and after.
HISTORY_MD = ROOT / "bench" / "history.md"
# Written by the load test (bench/load/run.py), shown as the last section of results.md.
LOAD_MD = ROOT / "bench" / "load" / "results.md"
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "bench_dti"
SEED = 2025
# Above this many agencies, the scorecards of a tier are projected from a sample (one PDF
# takes about 0.2 s: 3,500 would take over ten minutes per run).
FULL_SCORECARDS_LIMIT = 200
TARGET_SIZE = 3500
# A page slower than a second is requested fewer times: as many as fit in the budget.
PAGE_BUDGET_S = 30.0
MIN_PAGE_REQUESTS = 3

# Targets of the issue, at N = 3,500 (smaller sizes are checked against the same numbers).
RECOMPUTE_TARGET_S = 3.0
RECOMPUTE_RATIO_TARGET = 3.0
PAGE_MEDIAN_TARGET_S = 0.050
PAGE_P95_TARGET_S = 0.150
WORKBOOK_TARGET_S = 10.0


# --- Measurements --------------------------------------------------------------------------


@dataclass
class Measurement:
    name: str
    runs: list[float] = field(default_factory=list)  # seconds of each counted run
    peak_bytes: int | None = None  # tracemalloc peak of one separate run
    queries: int | None = None
    note: str = ""
    target: str = ""
    passed: bool | None = None
    available: bool = True

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    @property
    def p95(self) -> float | None:
        if len(self.runs) < 2:
            return self.runs[0] if self.runs else None
        return statistics.quantiles(self.runs, n=20, method="inclusive")[18]


def timed_runs(operation: Callable[[], object], repeat: int) -> list[float]:
    """One warm-up run (not counted), then ``repeat`` timed runs."""
    operation()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        operation()
        runs.append(time.perf_counter() - started)
    return runs


def page_runs(request: Callable[[], object], wanted: int) -> list[float]:
    """One warm-up request, then ``wanted`` timed ones — fewer for a slow page: as many as
    fit in PAGE_BUDGET_S, at least MIN_PAGE_REQUESTS."""
    request()
    runs: list[float] = []
    while len(runs) < wanted:
        started = time.perf_counter()
        request()
        runs.append(time.perf_counter() - started)
        if len(runs) >= MIN_PAGE_REQUESTS and sum(runs) > PAGE_BUDGET_S:
            break
    return runs


def peak_memory(operation: Callable[[], object]) -> int:
    """Peak of the Python allocations made during one run (tracemalloc; a separate, slower
    run that is not timed)."""
    gc.collect()
    tracemalloc.start()
    try:
        operation()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def profile_text(operation: Callable[[], object], limit: int = 25) -> str:
    """The functions that take the most time in one run, cumulative and own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    operation()
    profiler.disable()
    output = io.StringIO()
    stats = pstats.Stats(profiler, stream=output).strip_dirs()
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return output.getvalue()


# --- The worker: one database, one size ------------------------------------------------------


def worker(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.management import call_command

    from dti.core.scale import generate_campaign

    outcome: dict = {"database": args.database, "size": args.size}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    outcome["migrate_s"] = time.perf_counter() - started
    report = generate_campaign(agencies=args.size, seed=SEED, phase="published")
    outcome["generate_s"] = report.seconds
    outcome["generated"] = report.lines()[1:4]
    campaign = report.campaign
    measurements: list[Measurement] = []
    measurements += measure_recompute(campaign, args)
    pages, profile = measure_pages(campaign, args)
    measurements += pages
    measurements += measure_reports(campaign, args)
    outcome["measurements"] = [asdict(item) for item in measurements]
    outcome["profile"] = profile
    outcome["max_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    Path(args.out).write_text(json.dumps(outcome))


def measure_recompute(campaign, args) -> list[Measurement]:
    from dti.results.recompute import read_write_baseline, recompute_campaign
    from dti.results.recompute import tier_robustness as robustness_of_tier

    steps: list[dict] = []

    def recompute():
        steps.append(recompute_campaign(campaign, only_changed=False).seconds)

    def recompute_unchanged():
        recompute_campaign(campaign)

    correction = measure_correction(campaign, args)
    recompute_runs = timed_runs(recompute, args.repeat)
    breakdown = ", ".join(
        f"{step} {statistics.median(item[step] for item in steps[1:]):.2f} s" for step in steps[-1]
    )
    full = Measurement(
        "Recompute every score, total, DTI value and rank, every row written again",
        runs=recompute_runs,
        peak_bytes=peak_memory(recompute) if args.memory else None,
        note=f"median per step: {breakdown}; rank robustness not included (below)",
        target=f"< {RECOMPUTE_TARGET_S:g} s",
    )
    full.passed = full.median < RECOMPUTE_TARGET_S
    baseline = Measurement(
        "Read and write the same rows, no scoring (baseline)",
        runs=timed_runs(lambda: read_write_baseline(campaign), args.repeat),
        peak_bytes=peak_memory(lambda: read_write_baseline(campaign)) if args.memory else None,
    )
    ratio = full.median / baseline.median
    versus = Measurement(
        "Recompute (every row written) ÷ baseline",
        note=f"{ratio:.1f}×",
        target=f"≤ {RECOMPUTE_RATIO_TARGET:g}×",
        passed=ratio <= RECOMPUTE_RATIO_TARGET,
    )
    unchanged = Measurement(
        "Recompute when nothing changed (only differing rows written)",
        runs=timed_runs(recompute_unchanged, args.repeat),
    )
    tiers = _tier_fields(campaign)
    robustness = Measurement(
        "Rank robustness of the tier (1,000 draws; separate from the recompute)",
        runs=timed_runs(lambda: [robustness_of_tier(item) for item in tiers], args.repeat),
    )
    return [correction, full, baseline, versus, unchanged, robustness]


# The correction the benchmark makes: the points of one band of a steps rule of the commune
# framework ("3 meetings": 15 points), set to another value and back in turn.
CORRECTED_INDICATOR = "1.2"
CORRECTED_BAND = 1
CORRECTED_POINTS = (12, 15)


def measure_correction(campaign, args) -> Measurement:
    """The recompute a coordinator starts after correcting the framework: one band of one
    indicator's rule changes, then the whole campaign is recomputed (the default: only rows
    whose numbers differ are written). Each timed run changes the band (not timed) and
    recomputes; the runs alternate between two values, so every run has changes to write."""
    from dti.results.recompute import recompute_campaign

    runs, changed = [], []
    for index in range(args.repeat + 1):  # the first run is the warm-up
        _correct_band(campaign, CORRECTED_POINTS[index % 2])
        started = time.perf_counter()
        summary = recompute_campaign(campaign)
        if index:
            runs.append(time.perf_counter() - started)
            changed.append(summary.changed)
    _correct_band(campaign, CORRECTED_POINTS[-1])  # as generated
    recompute_campaign(campaign)
    counts = ", ".join(f"{kind} {count:,}" for kind, count in changed[-1].items())
    measurement = Measurement(
        f"Recompute after a framework correction (indicator {CORRECTED_INDICATOR}: one band "
        "of its rule changed; only rows whose numbers differ are written)",
        runs=runs,
        note=f"rows changed per run: {counts}",
        target=f"< {RECOMPUTE_TARGET_S:g} s",
    )
    measurement.passed = measurement.median < RECOMPUTE_TARGET_S
    return measurement


def _correct_band(campaign, points: int) -> None:
    """Set the points of the corrected band, as a raw edit of the framework would."""
    from dti.frameworks.models import Indicator
    from dti.frameworks.services import touch_framework

    framework = campaign.assessments.first().framework
    indicator = Indicator.objects.get(framework=framework, code=CORRECTED_INDICATOR)
    indicator.rule["bands"][CORRECTED_BAND]["points"] = points
    indicator.save(update_fields=["rule"])
    touch_framework(framework)


def _tier_fields(campaign) -> list[dict]:
    """The frozen results' groups per tier, as the robustness computation takes them."""
    from dti.results.models import Result

    tiers: dict[str, dict] = {}
    for result in Result.objects.filter(assessment__campaign=campaign).select_related(
        "assessment__agency"
    ):
        tiers.setdefault(result.assessment.agency.tier, {})[result.assessment_id] = {
            "groups": result.groups
        }
    return list(tiers.values())


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    username: str | None  # None: anonymous
    phase: str  # the campaign's phase while this page is measured
    key: str  # how the URL is built: "assessment", "indicator", "campaign", "tier"
    extra: bool = False  # measured besides the five key pages of the issue


PAGES = (
    Page("Agency overview", "assessments:overview", "canbo.gen-00001", "self_assessment", "pk"),
    Page("One indicator", "assessments:indicator", "canbo.gen-00001", "self_assessment", "code"),
    Page(
        "Appraiser queue", "appraisals:queue", "scale.thamdinh.skhcn.1", "appraisal_1", "campaign"
    ),
    Page(
        "Coordinator dashboard", "campaigns:dashboard", "scale.dieuphoi", "self_assessment", "dash"
    ),
    Page("Public ranking", "portal:ranking", None, "published", "tier"),
    Page("Council ranking", "appraisals:council", "scale.hoidong", "council", "campaign", True),
    Page(
        "Consolidation",
        "appraisals:consolidation",
        "scale.tocongtac",
        "appraisal_1",
        "campaign",
        True,
    ),
)


def _url(page: Page, campaign, assessment) -> str:
    from django.urls import reverse

    arguments = {
        "pk": {"args": [assessment.pk]},
        "code": {"args": [assessment.pk, "1.1"]},
        "campaign": {"kwargs": {"campaign_id": campaign.pk}},
        "dash": {"args": [campaign.pk]},
        "tier": {"args": [campaign.pk, "commune"]},
    }[page.key]
    return reverse(page.url_name, **arguments)


def measure_pages(campaign, args) -> tuple[list[Measurement], str]:
    """Each page through Django's test client (no network): the server's time, from the
    request entering the middleware to the rendered response."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dti.agencies.models import User
    from dti.campaigns.models import Campaign

    assessment = campaign.assessments.get(agency__code="GEN-00001")
    measurements, slowest = [], None
    for page in PAGES:
        Campaign.objects.filter(pk=campaign.pk).update(phase=page.phase)
        client = Client()
        if page.username:
            client.force_login(User.objects.get(username=page.username))
        url = _url(page, campaign, assessment)

        def request(client=client, url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: status {response.status_code}")

        runs = page_runs(request, args.requests)
        with CaptureQueriesContext(connection) as queries:
            request()
        query_count = len(queries)  # now: a later request empties the connection's log
        item = Measurement(
            page.name + (" (also measured)" if page.extra else ""),
            runs=runs,
            peak_bytes=peak_memory(request) if args.memory else None,
            queries=query_count,
            note=f"{url}, phase {page.phase}, as {page.username or 'anonymous'}",
            target=f"median < {PAGE_MEDIAN_TARGET_S * 1000:g} ms, "
            f"p95 < {PAGE_P95_TARGET_S * 1000:g} ms",
        )
        item.passed = item.median < PAGE_MEDIAN_TARGET_S and item.p95 < PAGE_P95_TARGET_S
        measurements.append(item)
        if slowest is None or item.median > slowest[0].median:
            slowest = (item, page, request)
    profile = ""
    if args.profile and slowest:
        item, page, request = slowest
        Campaign.objects.filter(pk=campaign.pk).update(phase=page.phase)
        profile = f"{item.name} ({item.note}):\n" + profile_text(request)
    Campaign.objects.filter(pk=campaign.pk).update(phase="published")
    return measurements, profile


def measure_reports(campaign, args) -> list[Measurement]:
    """The results workbook and the scorecards of the tier (dti/reports), if present."""
    try:
        from dti.reports.results_workbook import results_workbook
        from dti.reports.selectors import campaign_report
    except ImportError:
        workbook = Measurement("Results workbook (.xlsx)", available=False, note="not available")
    else:

        def write_workbook():
            return results_workbook(campaign_report(campaign))

        size = len(write_workbook())
        workbook = Measurement(
            "Results workbook (.xlsx)",
            runs=timed_runs(write_workbook, args.repeat),
            peak_bytes=peak_memory(write_workbook) if args.memory else None,
            note=f"{size / 1e6:.1f} MB",
            target=f"< {WORKBOOK_TARGET_S:g} s",
        )
        workbook.passed = workbook.median < WORKBOOK_TARGET_S
    return [workbook, *measure_scorecards(campaign, args)]


def measure_scorecards(campaign, args) -> list[Measurement]:
    try:
        from dti.reports.scorecard import scorecard, scorecard_pdf, scorecards_archive
        from dti.reports.selectors import campaign_report
    except ImportError:
        return [Measurement("Scorecards of a tier (.zip of PDFs)", available=False)]
    report = campaign_report(campaign, tiers=["commune"])
    tier = report.tiers[0]
    results = tier.results
    step = max(1, len(results) // args.scorecard_sample)
    sample = results[::step][: args.scorecard_sample]

    def one(result=sample[0]):
        return scorecard_pdf(scorecard(tier, result, report.reopenings))

    one()  # warm-up: fonts, templates
    per_card = []
    for result in sample:
        started = time.perf_counter()
        one(result)
        per_card.append(time.perf_counter() - started)
    single = Measurement(
        "Scorecard of one agency (PDF)",
        runs=per_card,
        peak_bytes=peak_memory(one) if args.memory else None,
        note=f"{len(sample)} agencies spread over the ranking",
    )
    if len(results) <= FULL_SCORECARDS_LIMIT:
        started = time.perf_counter()
        archive = scorecards_archive(campaign, "commune")
        whole = Measurement(
            "Scorecards of a tier (.zip of PDFs)",
            runs=[time.perf_counter() - started],
            note=f"{len(results)} PDFs, one run; archive of {len(archive) / 1e6:.1f} MB "
            "built in memory",
        )
    else:
        projected = statistics.median(per_card) * len(results)
        whole = Measurement(
            "Scorecards of a tier (.zip of PDFs)",
            runs=[projected],
            note=f"PROJECTED: median per PDF × {len(results)} (not run whole)",
        )
    return [single, whole]


# --- The parent: databases, subprocesses, the table -----------------------------------------


def _postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
        if action == "create":
            connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")


def worker_command(database: str, size: int, args: argparse.Namespace, out: Path) -> list[str]:
    """The command that measures one database and size in a process of its own."""
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "--database",
        database,
        "--size",
        str(size),
        "--repeat",
        str(args.repeat),
        "--requests",
        str(args.requests),
        "--scorecard-sample",
        str(args.scorecard_sample),
        "--out",
        str(out),
        *([] if args.memory else ["--no-memory"]),
        *(["--profile"] if args.profile else []),
    ]


def worker_environment(url: str, folder: str) -> dict[str, str]:
    """The worker's settings: its own database and files, jobs run inline, quiet logs."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": folder,
        "MEDIA_ROOT": f"{folder}/media",
        "JOBS_BACKEND": "inline",
    }


def run_worker(database: str, size: int, args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="dti-bench-") as folder:
        if database == "sqlite":
            url = f"sqlite:///{folder}/bench.sqlite3"
        else:
            _postgres("create")
            url = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
        out = Path(folder) / "outcome.json"
        command = worker_command(database, size, args, out)
        environment = worker_environment(url, folder)
        print(f"· {database}, N = {size}: migrating, generating, measuring …", flush=True)
        started = time.perf_counter()
        try:
            subprocess.run(command, env=environment, cwd=ROOT, check=True)
        finally:
            if database == "postgres":
                _postgres("drop")
        outcome = json.loads(out.read_text())
    outcome["wall_s"] = time.perf_counter() - started
    outcome["measured_on"] = datetime.date.today().isoformat()
    return outcome


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _bytes(value: int | None) -> str:
    return "—" if value is None else f"{value / 2**20:.1f} MiB"


def _mark(passed: bool | None, size: int) -> str:
    if passed is None:
        return ""
    mark = "✓" if passed else "✗"
    return mark if size >= TARGET_SIZE else f"({mark})"


def machine() -> list[str]:
    import django

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    uname = subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip()
    return [
        f"- Machine: {uname}, {cpu}, {os.cpu_count()} CPUs",
        f"- Python {platform.python_version()}, Django {django.get_version()}",
    ]


def render(outcomes: list[dict]) -> str:
    lines = ["# Benchmarks", "", *machine(), ""]
    lines.append(
        "Targets apply at N = 3,500; at smaller sizes the same numbers are shown in brackets. "
        "Method and caveats: bench/README.md."
    )
    if HISTORY_MD.exists():
        lines += ["", HISTORY_MD.read_text().strip()]
    for outcome in sorted(outcomes, key=lambda item: (item["database"], item["size"])):
        size = outcome["size"]
        lines += [
            "",
            f"## {outcome['database']}, N = {size:,} agencies (measured {outcome['measured_on']})",
            "",
            f"Generated in {outcome['generate_s']:.1f} s (migrate {outcome['migrate_s']:.1f} s): "
            + "; ".join(line.strip() for line in outcome["generated"])
            + f". Worker's peak RSS: {_bytes(outcome['max_rss_bytes'])}.",
            "",
            "| operation | median | p95 | runs | peak memory | queries | target | |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for item in outcome["measurements"]:
            measurement = Measurement(**item)
            if not measurement.available:
                lines.append(
                    f"| {measurement.name} | not available | | | | | {measurement.target} | |"
                )
                continue
            name = measurement.name + (f" — {measurement.note}" if measurement.note else "")
            lines.append(
                f"| {name} | {_seconds(measurement.median)} | {_seconds(measurement.p95)} "
                f"| {len(measurement.runs) or ''} | {_bytes(measurement.peak_bytes)} "
                f"| {measurement.queries if measurement.queries is not None else ''} "
                f"| {measurement.target} | {_mark(measurement.passed, size)} |"
            )
        if outcome.get("profile"):
            lines += [
                "",
                "<details><summary>Profile of the slowest page</summary>",
                "",
                "```",
                outcome["profile"].strip(),
                "```",
                "</details>",
            ]
    if LOAD_MD.exists():
        _title, _newline, body = LOAD_MD.read_text().partition("\n")
        lines += ["", "## Load test", body.strip()]
    return "\n".join(lines) + "\n"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 3500])
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs after a warm-up")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--scorecard-sample", type=int, default=20)
    parser.add_argument("--no-memory", dest="memory", action="store_false")
    parser.add_argument("--profile", action="store_true", help="profile the slowest page")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.worker:
        worker(args)
        return
    stored = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else []
    for database in args.databases:
        for size in args.sizes:
            outcome = run_worker(database, size, args)
            stored = [
                item for item in stored if (item["database"], item["size"]) != (database, size)
            ] + [outcome]
            RESULTS_JSON.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n")
            table = render(stored)
            RESULTS_MD.write_text(table)
    print()
    print(render(stored))


if __name__ == "__main__":
    main()
