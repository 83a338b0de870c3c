"""Shared fixtures live in tests/services.py (real Kafka and Redis); registered here."""

pytest_plugins = ["tests.services"]
