"""Shared fixtures live in tests/services.py (real Kafka and Redis), tests/receiver.py (webhook
receiver) and tests/corpus.py (the seed corpus); registered here."""

pytest_plugins = ["tests.services", "tests.receiver", "tests.corpus"]
