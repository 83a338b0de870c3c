"""The real local services answer: a Kafka round trip and Redis atomic operations."""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aioredis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from tests.services import RedisService

pytestmark = pytest.mark.integration


async def test_kafka_round_trip(kafka_bootstrap: str, unique_prefix: str) -> None:
    topic = unique_prefix + "roundtrip"
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        for i in range(3):
            await producer.send_and_wait(topic, f"m{i}".encode(), key=b"k")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=kafka_bootstrap, group_id=unique_prefix + "g",
                                auto_offset_reset="earliest")
    await consumer.start()
    try:
        got: list[bytes] = []
        async with asyncio.timeout(30):
            while len(got) < 3:
                batch = await consumer.getmany(timeout_ms=1000)
                got += [m.value for msgs in batch.values() for m in msgs if m.value is not None]
    finally:
        await consumer.stop()
    assert got == [b"m0", b"m1", b"m2"]


async def test_redis_set_nx_lua_and_restart(redis_service: RedisService) -> None:
    r = aioredis.from_url(redis_service.url)
    try:
        assert await r.set("k", "1", nx=True, ex=60)
        assert not await r.set("k", "2", nx=True, ex=60)
        assert await r.eval("return redis.call('GET', KEYS[1])", 1, "k") == b"1"
        redis_service.stop()
        redis_service.start()
        async with asyncio.timeout(10):
            while True:
                try:
                    assert await r.ping()
                    break
                except Exception:
                    await asyncio.sleep(0.2)
    finally:
        await r.aclose()
