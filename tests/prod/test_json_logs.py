"""LOG_FORMAT=json: one JSON object per line, with the extra fields and the traceback."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from dti.core.logging import JSONFormatter

ROOT = Path(__file__).resolve().parents[2]


def formatted(record: logging.LogRecord) -> dict:
    line = JSONFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def record(message, *args, exc_info=None, **extra) -> logging.LogRecord:
    made = logging.LogRecord("dti.jobs", logging.WARNING, __file__, 1, message, args, exc_info)
    made.__dict__.update(extra)
    return made


def test_a_record_becomes_one_json_line_with_its_extra_fields():
    entry = formatted(record("job %s failed", 7, job_id=7, agency="SYT", request=object()))

    assert entry["level"] == "WARNING"
    assert entry["logger"] == "dti.jobs"
    assert entry["message"] == "job 7 failed"
    assert entry["time"].endswith("+00:00")
    assert entry["process"] == os.getpid()
    assert (entry["job_id"], entry["agency"]) == (7, "SYT")
    assert entry["request"].startswith("<object object")


def test_the_traceback_is_kept_in_the_line():
    try:
        raise ValueError("Sở Y tế: giá trị không hợp lệ")
    except ValueError:
        entry = formatted(record("failed", exc_info=sys.exc_info()))

    assert "Traceback" in entry["exception"]
    assert "ValueError: Sở Y tế: giá trị không hợp lệ" in entry["exception"]


def test_the_platform_logs_json_when_asked():
    code = "import logging; logging.getLogger('dti.test').warning('xin chào %s', 'Hà Nội')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"logger": "dti.test", "message": "xin chào Hà Nội"}.items() <= lines[-1].items()
