"""Runtimes around the analysis core: the embedded runner and the Kafka/Faust worker."""
