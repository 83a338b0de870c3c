"""Every dashboard query and alert rule, evaluated by a real Prometheus scraping a real monitor.

The monitor is `monitor demo --follow` (real traffic: sample feeds served over HTTP, the embedded runner, alert
delivery). Prometheus (Debian's package) scrapes it every second; then each PromQL expression of the dashboards
and rules is run through the HTTP API and must parse and return data — or, for a rate over a counter that never
moved, the series it reads must exist. `promtool` checks the rules and the config.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.services import free_port

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "rules" / "monitor.yml"
SELECTOR = re.compile(r"\bmonitor_[a-z_]+(?:\{[^}]*\})?")


def http_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"process exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {timeout}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for tool in ("prometheus", "promtool"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not installed: deploy/local/setup.sh installs Debian's prometheus package")
    tmp = tmp_path_factory.mktemp("prom")
    mport, pport = free_port(), free_port()
    demo_log = tmp / "demo.log"
    demo = subprocess.Popen([sys.executable, "-m", "monitor", "demo", "--follow", "--metrics-port", str(mport)],
                            stdout=demo_log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    config = tmp / "prometheus.yml"
    config.write_text(yaml.safe_dump({
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(RULES)],
        "scrape_configs": [{"job_name": "monitor", "static_configs": [{"targets": [f"127.0.0.1:{mport}"]}]}],
    }))
    prom_log = tmp / "prometheus.log"
    prom = subprocess.Popen(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tmp / 'data'}",
                             f"--web.listen-address=127.0.0.1:{pport}"], stdout=prom_log.open("wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{mport}/metrics", 60, demo, demo_log)
        wait_http(f"http://127.0.0.1:{pport}/-/ready", 60, prom, prom_log)
        base = f"http://127.0.0.1:{pport}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # real traffic has been scraped a few times
            res = http_json(base + "/api/v1/query?query=" + urllib.parse.quote(
                "count_over_time(monitor_articles_ingested_total[1m])"))
            if res["data"]["result"] and float(res["data"]["result"][0]["value"][1]) >= 5:
                break
            time.sleep(1)
        else:
            pytest.fail(f"no traffic scraped; demo log:\n{demo_log.read_text()[-3000:]}")
        subprocess.run(["promtool", "check", "config", str(config)], check=True, capture_output=True)
        yield base
    finally:
        for p in (demo, prom):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)


def expressions() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "grafana" / "dashboards").glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel["targets"]:
                out.append((f"{path.stem}: {panel['title']}", target["expr"]))
    for rule in yaml.safe_load(RULES.read_text())["groups"][0]["rules"]:
        out.append((f"rule {rule['alert']}", rule["expr"]))
    return out


def concrete(expr: str) -> str:
    for var in ("$feed", "$topic", "$sink"):
        expr = expr.replace(var, ".*")
    return expr.replace("$__rate_interval", "30s")


def test_promtool_checks_rules() -> None:
    proc = subprocess.run(["promtool", "check", "rules", str(RULES)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SUCCESS: 8 rules found" in proc.stdout


@pytest.mark.parametrize(("where", "expr"), expressions(), ids=[w for w, _ in expressions()])
def test_every_expression_parses_and_has_data(prometheus: str, where: str, expr: str) -> None:
    query = concrete(expr)
    res = http_json(prometheus + "/api/v1/query?query=" + urllib.parse.quote(query))
    assert res["status"] == "success", f"{where}: {res}"
    if res["data"]["result"]:
        return
    # No samples: acceptable only where nothing happened yet, i.e. every series the expression reads exists.
    for selector in SELECTOR.findall(query):
        series = http_json(prometheus + "/api/v1/query?query=" + urllib.parse.quote(selector))
        assert series["data"]["result"], f"{where}: no series for {selector}"
