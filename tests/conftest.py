"""Shared pytest configuration: hypothesis profiles and the tests folder on ``sys.path``.

Select a hypothesis profile with ``HYPOTHESIS_PROFILE`` (``ci`` by default,
``dev`` for more examples, ``fast`` for a quick run).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import settings

# With --import-mode=importlib the tests folder is not on sys.path; put it there so
# test modules can ``import strategies`` (the catalogue-driven hypothesis strategies).
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=300, deadline=None)
settings.register_profile("fast", max_examples=10, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
