"""Sinks from YAML (secrets only from the environment) and secrets hidden in `monitor config show`."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from monitor.alerts.config import load_sinks
from monitor.cli import main
from monitor.errors import ConfigError


async def test_sinks_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPS_SECRET", "hook-secret-value")
    monkeypatch.setenv("SLACK_URL", "https://hooks.slack.invalid/services/T/B/SECRETPART")
    f = tmp_path / "sinks.yaml"
    f.write_text("sinks:\n  - {type: console}\n  - {type: jsonl, path: out.jsonl}\n"
                 "  - {type: webhook, name: ops, url: 'https://hooks.test/a', secret_env: OPS_SECRET}\n"
                 "  - {type: slack, name: slack-ops, url_env: SLACK_URL}\n")
    async with httpx.AsyncClient() as client:
        sinks = load_sinks(f, client, data_dir=tmp_path)
    assert [s.name for s in sinks] == ["console", "jsonl", "ops", "slack-ops"]
    assert "SECRETPART" not in repr(sinks)


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("sinks:\n  - {type: pager}\n", 2, "type"),
        ("sinks:\n  - {type: slack, url: 'https://hooks.slack.invalid/x'}\n", 2, "secret"),
        ("sinks:\n  - {type: webhook, url: 'https://a.test', secret_env: NOT_SET_ANYWHERE}\n", 2, "NOT_SET_ANYWHERE"),
        ("sinks:\n  - {type: console}\n  - {type: console}\n", 3, "used twice"),
    ],
)
async def test_bad_sinks_file(tmp_path: Path, content: str, line: int, reason: str) -> None:
    f = tmp_path / "sinks.yaml"
    f.write_text(content)
    async with httpx.AsyncClient() as client:
        with pytest.raises(ConfigError) as exc:
            load_sinks(f, client, data_dir=tmp_path)
    assert exc.value.line == line
    assert reason in str(exc.value)


def test_config_show_hides_secrets(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MONITOR_ALERTS__WEBHOOK_SECRET", "very-secret-hmac-key")
    monkeypatch.setenv("MONITOR_ALERTS__SLACK_WEBHOOK_URL", "https://hooks.slack.invalid/services/XSECRETX")
    monkeypatch.setenv("MONITOR_REDIS__URL", "redis://:redispass@localhost:6379/0")
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "very-secret-hmac-key" not in out
    assert "XSECRETX" not in out
    assert "redispass" not in out
    assert "**********" in out
