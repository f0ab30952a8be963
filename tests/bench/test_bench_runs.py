"""`make bench` keeps working: its worker measures a tiny generated campaign end to end (every
operation of the table), so that a change to the code it calls cannot break the benchmark
unnoticed until the next long run."""

import json
import subprocess

from bench import run

TINY = 3


def test_the_benchmark_worker_measures_every_operation_of_a_tiny_campaign(tmp_path):
    args = run.parse(["--repeat", "1", "--requests", "1", "--scorecard-sample", "2", "--no-memory"])
    out = tmp_path / "outcome.json"
    environment = run.worker_environment(f"sqlite:///{tmp_path}/bench.sqlite3", str(tmp_path))
    finished = subprocess.run(
        run.worker_command("sqlite", TINY, args, out),
        env=environment,
        cwd=run.ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    outcome = json.loads(out.read_text())
    measured = {item["name"]: item for item in outcome["measurements"]}
    for name in (
        "Agency overview",
        "One indicator",
        "Appraiser queue",
        "Coordinator dashboard",
        "Public ranking",
        "Council ranking (also measured)",
        "Consolidation (also measured)",
        "Results workbook (.xlsx)",
        "Scorecard of one agency (PDF)",
        "Scorecards of a tier (.zip of PDFs)",
    ):
        assert measured[name]["available"], name
        assert measured[name]["runs"], name
    assert any(name.startswith("Recompute") for name in measured), sorted(measured)
