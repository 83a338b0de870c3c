"""State stores behind the analysis core's small interfaces.

``memory`` lives in the core modules themselves; this package holds the
persistent implementations: SQLite for the embedded runner, Redis for the
distributed runtime (shared by every worker).
"""
