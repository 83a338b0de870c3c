"""Dashboards are well formed and only use metrics the monitor exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from monitor.metrics import Metrics

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = sorted((ROOT / "grafana" / "dashboards").glob("*.json"))
METRIC = re.compile(r"\b(monitor_[a-z_]+)")


def exported_names() -> set[str]:
    names = set()
    for metric in Metrics().registry.collect():
        for sample in metric.samples:
            names.add(sample.name)
        names.add(metric.name)
        names.update({metric.name + s for s in ("_total", "_bucket", "_sum", "_count")})
    return names


def test_four_dashboards() -> None:
    assert {p.stem for p in DASHBOARDS} == {"monitor-pipeline", "monitor-feeds", "monitor-intel", "monitor-delivery"}


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_dashboard_structure(path: Path) -> None:
    doc = json.loads(path.read_text())
    names = [v["name"] for v in doc["templating"]["list"]]
    assert "datasource" in names
    ids = [p["id"] for p in doc["panels"]]
    assert len(ids) == len(set(ids))
    known = exported_names()
    for panel in doc["panels"]:
        assert panel["title"]
        assert panel["description"]
        assert panel["fieldConfig"]["defaults"]["unit"]
        assert panel["datasource"]["uid"] == "${datasource}"
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${datasource}"
            for name in METRIC.findall(target["expr"]):
                assert name in known, f"{path.name}: {name} is not exported"
    assert '"uid": "prometheus"' not in path.read_text()


def test_rules_use_exported_metrics_and_have_runbooks() -> None:
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "rules" / "monitor.yml").read_text())
    runbook = (ROOT / "docs" / "runbook.md").read_text()
    known = exported_names()
    for rule in rules["groups"][0]["rules"]:
        for name in METRIC.findall(rule["expr"]):
            assert name in known, name
        assert rule["annotations"]["runbook_url"].endswith("#" + rule["alert"].lower())
        assert f"## {rule['alert']}" in runbook
