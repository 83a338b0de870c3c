"""docker-compose.yml and the k8s manifests are well formed: pinned images, healthchecks, mounts that exist."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict[str, object]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_images_pinned_and_healthy() -> None:
    services = compose()["services"]
    assert isinstance(services, dict)
    for name, svc in services.items():
        image = svc.get("image")
        if image:
            assert ":" in image, name
            assert not image.endswith(":latest"), name
    for name in ("kafka", "redis"):
        assert "healthcheck" in services[name]
    for name in ("worker", "poller"):
        deps = services[name]["depends_on"]
        assert deps["kafka"]["condition"] == "service_healthy"
        assert deps["create-topics"]["condition"] == "service_completed_successfully"
    assert "GRAFANA_ADMIN_PASSWORD" in services["grafana"]["environment"]["GF_SECURITY_ADMIN_PASSWORD"]


def test_compose_mounts_exist() -> None:
    for svc in compose()["services"].values():  # type: ignore[union-attr]
        for vol in svc.get("volumes", []):
            src = vol.split(":", 1)[0]
            if src.startswith("./"):
                assert (ROOT / src).exists(), src


def test_k8s_manifests() -> None:
    docs = list(yaml.safe_load_all((ROOT / "deploy" / "k8s" / "monitor.yaml").read_text()))
    kinds = [d["kind"] for d in docs]
    assert kinds.count("Deployment") == 2
    worker = next(d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"].endswith("worker"))
    assert worker["spec"]["replicas"] >= 2
    container = worker["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"


def test_docker_compose_config_when_available(tmp_path: Path) -> None:
    """``docker compose config`` accepts the file (no engine needed). Where the docker CLI came without
    its compose plugin, the setup step built one into .cache/docker."""
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("no docker CLI on this machine; structure is checked by the other tests")
    env = {"GRAFANA_ADMIN_PASSWORD": "x", "PATH": "/usr/bin:/bin"}
    if (ROOT / ".cache/docker/cli-plugins/docker-compose").exists():
        env["DOCKER_CONFIG"] = str(ROOT / ".cache/docker")
    version = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, check=False, env=env)
    assert version.returncode == 0, "docker CLI without compose plugin: run deploy/local/setup.sh\n" + version.stderr
    proc = subprocess.run([docker, "compose", "config", "-q"], cwd=ROOT, capture_output=True, text=True, check=False,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    # And it rejects what is wrong: a service that depends on one that does not exist.
    broken = tmp_path / "compose.yml"
    broken.write_text("services:\n  a:\n    image: busybox\n    depends_on: [missing]\n")
    bad = subprocess.run([docker, "compose", "-f", str(broken), "config", "-q"], capture_output=True, text=True,
                         check=False, env=env)
    assert bad.returncode != 0
    assert "missing" in bad.stderr
