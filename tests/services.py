"""Real local services for integration and end-to-end tests: Kafka (KRaft) and Redis.

Started once per test session, lazily (only if a test asks), on free ports in a
temporary directory, with the same scripts `monitor stack` uses. A service that
cannot start fails the run with its log: these tests never skip.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / "deploy" / "local"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str) -> None:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=180, check=False)
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)


@dataclass
class RedisService:
    dir: Path
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        _run(LOCAL / "redis.sh", "start", str(self.dir), str(self.port))

    def stop(self) -> None:
        _run(LOCAL / "redis.sh", "stop", str(self.dir))


@dataclass
class KafkaService:
    dir: Path
    port: int

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        _run(LOCAL / "kafka.sh", "start", str(self.dir), str(self.port))

    def stop(self) -> None:
        _run(LOCAL / "kafka.sh", "stop", str(self.dir))


@pytest.fixture(scope="session")
def redis_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisService]:
    svc = RedisService(tmp_path_factory.mktemp("redis"), free_port())
    svc.start()
    yield svc
    svc.stop()


@pytest.fixture(scope="session")
def redis_url(redis_service: RedisService) -> str:
    return redis_service.url


@pytest.fixture(scope="session")
def kafka_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaService]:
    port = free_port()
    while port + 1 == free_port():  # the controller listens on port + 1
        port = free_port()
    svc = KafkaService(tmp_path_factory.mktemp("kafka"), port)
    svc.start()
    yield svc
    svc.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_service: KafkaService) -> str:
    return kafka_service.bootstrap


@pytest.fixture
def unique_prefix() -> str:
    """A fresh topic prefix (and consumer group) per test, like faust's unique_topic/unique_group."""
    return f"t{uuid.uuid4().hex[:10]}."


async def wait_for_group(bootstrap: str, group: str, members: int, timeout: float = 120.0) -> None:
    """Until the consumer group is stable with ``members`` members (each worker joined and assigned)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                for response in await admin.describe_consumer_groups([group]):
                    for _err, gid, state, _ptype, _proto, found, *_ in response.groups:
                        if gid == group and state == "Stable" and len(found) == members:
                            return
            except Exception:  # the group does not exist yet
                pass
            await asyncio.sleep(0.5)
        raise TimeoutError(f"consumer group {group} not stable with {members} members after {timeout:.0f}s")
    finally:
        await admin.close()
