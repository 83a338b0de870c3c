"""Shared fixtures live in tests/services.py (real Kafka and Redis) and tests/receiver.py (webhook receiver)."""

pytest_plugins = ["tests.services", "tests.receiver"]
