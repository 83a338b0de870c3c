"""News monitor: a stream-processing monitor for news feeds.

The pure analysis core lives in :mod:`monitor.analysis`; everything else is an
adapter around it (feeds, Kafka, Redis, alert sinks, metrics).
"""

__version__ = "0.1.0"
