"""The seed corpus: read at run time from outside the repository (it is copyrighted), never copied in.

Directory: MONITOR_CORPUS_DIR, else ../shared/corpus/seeds next to the repository. Tests that need it use
``CORPUS_MARKS`` as their ``pytestmark`` (they skip, saying where they looked, when it is absent) and the
``labels`` fixture.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("MONITOR_CORPUS_DIR", REPO.parent / "shared" / "corpus" / "seeds"))
CORPUS_MARKS = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "labels.json").is_file(), reason=f"seed corpus not found at {CORPUS}"),
]


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    return data
