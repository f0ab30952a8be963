"""A test that needs a missing tool (Chromium, axe-core, Redis) skips on a developer's machine
and fails in CI, with the same reading of the CI variable for the browser and the queue tests."""

from __future__ import annotations

import socket

import pytest

from tests.ci import missing, running_in_ci
from tests.e2e import browser
from tests.prod.conftest import require_redis


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes", " true "])
def test_the_values_ci_systems_set_mean_ci(value):
    assert running_in_ci({"CI": value})


@pytest.mark.parametrize("value", ["", "false", "0", "no"])
def test_an_unset_or_negative_ci_variable_means_a_developer_machine(value):
    assert not running_in_ci({"CI": value})
    assert not running_in_ci({})


def test_a_missing_tool_skips_the_test_on_a_developer_machine_saying_what_to_do():
    with pytest.raises(pytest.skip.Exception) as skipped:
        missing("Redis is not reachable at redis://127.0.0.1:6379/13", "start redis-server", {})
    assert str(skipped.value) == (
        "skipped: Redis is not reachable at redis://127.0.0.1:6379/13; start redis-server"
    )


@pytest.mark.parametrize("value", ["true", "1"])
def test_a_missing_tool_fails_the_test_in_ci(value):
    with pytest.raises(pytest.fail.Exception) as failed:
        missing("Chromium is not installed at /usr/bin/chromium", "run make browser", {"CI": value})
    assert str(failed.value) == (
        "CI must run this test, but Chromium is not installed at /usr/bin/chromium: "
        "run make browser"
    )


def test_without_chromium_the_browser_tests_skip_outside_ci_and_fail_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make browser"):
        browser.require_chromium()
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="Chromium is not installed"):
        browser.require_chromium()


def test_without_redis_the_queue_tests_skip_outside_ci_and_fail_in_ci(monkeypatch):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{probe.getsockname()[1]}/13"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="start redis-server"):
        require_redis(url)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="Redis is not reachable"):
        require_redis(url)
