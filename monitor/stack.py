"""``monitor stack up|down|status``: Kafka + Redis + a worker on this machine, without Docker.

Uses the same scripts as the tests (``deploy/local``): Kafka from Maven jars
(KRaft, one node), Debian's redis-server, and ``monitor worker`` in the
background. Everything lives under ``DATA_DIR/stack``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from monitor.errors import MonitorError

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / "deploy" / "local"


def _script(*args: str) -> None:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise MonitorError(f"{Path(args[0]).name} {args[1]} failed:\n{proc.stdout}{proc.stderr}")


def up(data_dir: Path, *, kafka_port: int = 9092, redis_port: int = 6379) -> dict[str, str]:
    if not LOCAL.exists():
        raise MonitorError("deploy/local is missing: `monitor stack` runs from a source checkout")
    stack = data_dir / "stack"
    started = time.monotonic()
    _script(str(LOCAL / "setup.sh"))
    _script(str(LOCAL / "kafka.sh"), "start", str(stack / "kafka"), str(kafka_port))
    _script(str(LOCAL / "redis.sh"), "start", str(stack / "redis"), str(redis_port))
    env = {**os.environ, "MONITOR_KAFKA__BOOTSTRAP_SERVERS": f"127.0.0.1:{kafka_port}",
           "MONITOR_REDIS__URL": f"redis://127.0.0.1:{redis_port}/0", "MONITOR_DATA_DIR": str(stack / "worker")}
    log = (stack / "worker.log").open("ab")
    worker = subprocess.Popen([sys.executable, "-m", "monitor", "worker"], env=env, stdout=log, stderr=log,
                              start_new_session=True)
    (stack / "worker.pid").write_text(str(worker.pid))
    return {"kafka": f"127.0.0.1:{kafka_port}", "redis": f"redis://127.0.0.1:{redis_port}/0",
            "worker_pid": str(worker.pid), "log": str(stack / "worker.log"),
            "seconds": f"{time.monotonic() - started:.1f}"}


def down(data_dir: Path) -> None:
    stack = data_dir / "stack"
    pid_file = stack / "worker.pid"
    if pid_file.exists():
        try:
            os.killpg(int(pid_file.read_text()), signal.SIGTERM)
        except ProcessLookupError:
            pass
        pid_file.unlink()
    _script(str(LOCAL / "redis.sh"), "stop", str(stack / "redis"))
    _script(str(LOCAL / "kafka.sh"), "stop", str(stack / "kafka"))


def status(data_dir: Path) -> dict[str, str]:
    stack = data_dir / "stack"
    out = {}
    for name, script in (("kafka", "kafka.sh"), ("redis", "redis.sh")):
        proc = subprocess.run([str(LOCAL / script), "status", str(stack / name)], capture_output=True, text=True,
                              check=False)
        out[name] = proc.stdout.strip() or "stopped"
    pid_file = stack / "worker.pid"
    running = False
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text()), 0)
            running = True
        except (ProcessLookupError, ValueError):
            running = False
    out["worker"] = "running" if running else "stopped"
    return out
