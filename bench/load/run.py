"""The deadline-day load test: `make load-test` (also the last step of `make bench`), or

    .venv/bin/python bench/load/run.py [--agency-users 200] [--appraisers 20] [--seconds 60]

1. A fresh PostgreSQL database (``load_dti`` on 127.0.0.1:5432, dropped again at the end) is
   migrated and filled with two generated campaigns (bench/load/scenario.py).
2. gunicorn serves the platform from it on a free loopback port, with ``--workers`` processes,
   production-like settings (DEBUG off, Argon2, the real middleware) and an access log that
   gives the server's time per request.
3. locust, headless, starts the simulated users of bench/load/locustfile.py; each signs in
   (the ramp-up), then all of them work for ``--seconds`` (the measured window) and locust
   stops by itself; the driver kills it if it has not stopped a minute after it should have.
4. The report (bench/load/report.py) and the persistence check (bench/load/persistence.py)
   are written to bench/load/results.md and to the "Load test" section of bench/results.md.

The verdict on the targets (no error, a 95th percentile under 300 ms, every acknowledged save
found in the database) is part of the report; the exit status is 1 when a request failed or an
acknowledged save is missing, as a wrong answer is a defect and a slow one a measurement.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.plan import RunOutcome  # noqa: E402
from bench.load.report import markdown, replace_section, server_times, summarize  # noqa: E402

POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "load_dti"
LOAD_RESULTS_MD = ROOT / "bench" / "load" / "results.md"
BENCH_RESULTS_MD = ROOT / "bench" / "results.md"
HEADING = "## Load test"
ACCESS_LOG_FORMAT = '"%(r)s" %(s)s %(b)s %(M)sms'
STARTUP_TIMEOUT_S = 60
# locust gets this long beyond its run time (sign-ins, stopping users) before it is killed.
GRACE_S = 60


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agency-users", type=int, default=200)
    parser.add_argument("--appraisers", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60, help="how long the load runs")
    parser.add_argument(
        "--agencies",
        type=int,
        default=600,
        help="generated communes (about 40 %% are still drafts: enough for the agency users)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--think-min", type=float, default=1.0, help="seconds between steps")
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--no-write", action="store_true", help="print the report without writing results.md"
    )
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_database(create: bool) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if create:
            connection.execute(f"CREATE DATABASE {DATABASE}")


def server_environment(folder: Path, workers: int) -> dict[str, str]:
    """The platform's settings for this run, shared by the driver and gunicorn."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"{POSTGRES_SERVER}/{DATABASE}",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "JOBS_BACKEND": "inline",
        "LOG_LEVEL": "WARNING",
        "SERVE_STATIC": "true",
        "WEB_CONCURRENCY": str(workers),
    }


def prepare(args: argparse.Namespace, plan_path: Path) -> list[str]:
    """Migrate, generate and write the plan; a line of context per step for the report."""
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    from bench.load.scenario import build_plan, generate_campaigns

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    self_campaign, appraisal_campaign = generate_campaigns(args.agencies, args.seed)
    plan = build_plan(
        self_campaign,
        appraisal_campaign,
        agency_users=args.agency_users,
        appraisers=args.appraisers,
        think_min=args.think_min,
        think_max=args.think_max,
    )
    plan.write(plan_path)
    connections.close_all()
    return [
        f"- Data: two generated campaigns of {args.agencies} communes × 47 indicators "
        f"(self-assessment, {self_campaign.assessments.count()} assessments; appraisal round 1, "
        f"{appraisal_campaign.assessments.count()} assessments), made in "
        f"{time.perf_counter() - started:.0f} s.",
        f"- Users: {len(plan.agency_users)} agency staff (each on their own draft assessment) and "
        f"{len(plan.appraisers)} appraisers ({_departments(plan)}), signing in through the login "
        f"form, with {plan.think_min:g}–{plan.think_max:g} s of thinking between steps; about "
        f"{plan.upload_share:.0%} of the saves are followed by a 16 KB PDF upload, about "
        f"{plan.adjust_share:.0%} of the decisions are adjustments.",
    ]


def _departments(plan) -> str:
    counts: dict[str, int] = {}
    for appraiser in plan.appraisers:
        counts[appraiser.department] = counts.get(appraiser.department, 0) + 1
    return ", ".join(f"{count} of {code}" for code, count in sorted(counts.items()))


def start_gunicorn(environment: dict, port: int, log_path: Path) -> subprocess.Popen:
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "config/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "--max-requests",
            "0",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_TIMEOUT_S} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run_locust(args, environment: dict, port: int, plan_path: Path, outcome_path: Path) -> None:
    users = args.agency_users + args.appraisers
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",  # a cap: the locustfile stops the load when the window is over
        f"{round(users / args.spawn_rate + args.seconds + GRACE_S)}s",
        "--stop-timeout",
        "20",
        "--host",
        f"http://127.0.0.1:{port}",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    locust_environment = {
        **environment,
        "DTI_LOAD_PLAN": str(plan_path),
        "DTI_LOAD_OUTCOME": str(outcome_path),
        "DTI_LOAD_SECONDS": str(args.seconds),
    }
    process = subprocess.Popen(command, cwd=ROOT, env=locust_environment, start_new_session=True)
    try:
        process.wait(timeout=users / args.spawn_rate + args.seconds + 2 * GRACE_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise RuntimeError("locust did not stop by itself; it was killed") from None
    if not outcome_path.exists():
        raise RuntimeError(f"locust ended (status {process.returncode}) without an outcome")


def check(outcome: RunOutcome) -> tuple[list[str], bool]:
    """The persistence check, in this process (Django is set up against the load database)."""
    from django.db import connections

    from bench.load.persistence import check_persistence

    result = check_persistence(outcome.saves)
    lines = [
        f"acknowledged saves checked: {result.acknowledged.get('response', 0):,} indicator "
        f"saves, {result.acknowledged.get('evidence', 0):,} evidence uploads, "
        f"{result.acknowledged.get('decision', 0):,} appraisal decisions; "
        f"{result.unacknowledged} sent but not answered before the load stopped",
    ]
    if result.passed:
        lines.append("every acknowledged save is in the database (and every file in storage)")
    else:
        lines.append(f"{len(result.problems)} problems, the first ones:")
        lines += [f"  {problem}" for problem in result.problems[:10]]
    connections.close_all()
    return lines, result.passed


def machine_line() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    return f"{os.cpu_count()} CPUs ({cpu})"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="dti-load-") as name:
        folder = Path(name)
        environment = server_environment(folder, args.workers)
        os.environ.update(environment)
        plan_path, outcome_path = folder / "plan.json", folder / "outcome.json"
        log_path = folder / "gunicorn.log"
        recreate_database(create=True)
        try:
            print("· load test: migrating and generating the data …", flush=True)
            context = prepare(args, plan_path)
            port = free_port()
            gunicorn = start_gunicorn(environment, port, log_path)
            try:
                print(
                    f"· load test: {args.agency_users} agency users and {args.appraisers} "
                    f"appraisers for {args.seconds} s against gunicorn ({args.workers} workers) …",
                    flush=True,
                )
                run_locust(args, environment, port, plan_path, outcome_path)
            finally:
                stop(gunicorn)
            outcome = RunOutcome.read(outcome_path)
            persistence, persisted = check(outcome)
        finally:
            recreate_database(create=False)
        server_ms = server_times(log_path.read_text().splitlines())
    if not outcome.measured_from:
        raise SystemExit("the load never started: not every simulated user got to sign in")
    summary = summarize(outcome.measured(), outcome.stopped - outcome.measured_from, server_ms)
    ramp_up = summarize(outcome.ramp_up(), outcome.measured_from - outcome.started, server_ms)
    context = [
        f"- Measured {datetime.date.today().isoformat()} on this machine: {machine_line()}; "
        f"PostgreSQL on 127.0.0.1, gunicorn with {args.workers} sync workers, locust "
        "(FastHttpUser) on the same machine, all on the loopback.",
        f"- Command: `python bench/load/run.py --agency-users {args.agency_users} "
        f"--appraisers {args.appraisers} --seconds {args.seconds} --workers {args.workers}`.",
        *context,
    ]
    section = markdown(
        summary,
        ramp_up,
        heading=HEADING,
        context=context,
        persistence=persistence,
        persistence_passed=persisted,
    )
    print()
    print(section)
    if not args.no_write:
        LOAD_RESULTS_MD.write_text("# Load test\n" + section[len(HEADING) :])
        existing = BENCH_RESULTS_MD.read_text() if BENCH_RESULTS_MD.exists() else ""
        BENCH_RESULTS_MD.write_text(replace_section(existing, HEADING, section))
    errors = summary.overall.errors + ramp_up.overall.errors
    return 0 if errors == 0 and persisted else 1


if __name__ == "__main__":
    sys.exit(main())
