"""The short fuzz campaign run in CI: every entry point that reads input, junk in, no crash out.

``BBIC_SU_FUZZ_EXAMPLES`` sets the inputs per entry point (default 2,000; CI
runs the default). ``tools/fuzz.py`` runs the long campaigns with the same
strategies and targets (see ``docs/reliability.md``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from fuzz_harness import ENTRY_POINTS
from hypothesis import HealthCheck, Phase, given, settings

EXAMPLES = int(os.environ.get("BBIC_SU_FUZZ_EXAMPLES", "2000"))


def _campaign(entry: str) -> None:
    strategy, target = ENTRY_POINTS[entry]
    seen: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
        )
        @given(strategy)
        def run(value: Any) -> None:
            result = target(folder, value)
            seen[result] = seen.get(result, 0) + 1

        run()
    # the campaign reached the entry point, and (where a bad input is an error: every
    # entry point but the lenient validate) bad inputs were among them
    assert sum(seen.values()) >= min(EXAMPLES, 50)
    assert entry == "validate" or seen.get("error", 0) > 0, seen


@pytest.mark.slow
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_no_crash_under_fuzzing(entry: str) -> None:
    """Every input ends in a result or a clean BbicSuError (see fuzz_harness.outcome)."""
    _campaign(entry)
