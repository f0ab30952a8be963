"""config/gunicorn.conf.py takes the number of worker processes and the rest from the
environment."""

import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


def loaded(monkeypatch, **environment) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_THREADS", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_worker_count_and_address_come_from_the_environment(monkeypatch):
    config = loaded(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_BIND="0.0.0.0:8000")

    assert (config["workers"], config["bind"]) == (5, "0.0.0.0:8000")


def test_the_defaults_are_two_workers_on_the_loopback(monkeypatch):
    config = loaded(monkeypatch)

    assert (config["workers"], config["bind"], config["threads"]) == (2, "127.0.0.1:8000", 1)
    assert "logconfig_dict" not in config


def test_json_logs_cover_gunicorn_too(monkeypatch):
    config = loaded(monkeypatch, LOG_FORMAT="json")

    formatter = config["logconfig_dict"]["formatters"]["json"]["()"]
    assert formatter == "dti.core.logging.JSONFormatter"


def test_a_worker_count_that_is_not_a_number_stops_the_start(monkeypatch):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY='many'"):
        loaded(monkeypatch, WEB_CONCURRENCY="many")
