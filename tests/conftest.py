"""Shared pytest configuration: hypothesis profiles, the tests folder on ``sys.path``, fixtures.

Select a hypothesis profile with ``HYPOTHESIS_PROFILE`` (``ci`` by default,
``dev`` for more examples, ``fast`` for a quick run).

The ``spec_dir`` fixture is a writable copy of the packaged spec data. The
``reference_catalogue`` fixture finds the shared reference catalogue
(``shared/reference/catalogue.yaml``) that spec data were transcribed from: at
``BBIC_SU_REFERENCE`` if set, else in a ``shared/`` folder beside the checkout (or beside
the main checkout, for a git worktree). Where it is missing, a test using it fails under CI
(``CI`` set) and is skipped, saying where it looked, elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
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


ROOT = Path(__file__).resolve().parents[1]
_REFERENCE = Path("shared", "reference", "catalogue.yaml")


def _checkouts() -> list[Path]:
    """This checkout and, for a git worktree, the main checkout it belongs to."""
    found = [ROOT]
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return found
    main = Path(common).parent
    return found if main == ROOT else [*found, main]


def reference_candidates() -> list[Path]:
    """Where the reference catalogue is looked for, in order."""
    if given := os.environ.get("BBIC_SU_REFERENCE"):
        return [Path(given)]
    return [checkout.parent / _REFERENCE for checkout in _checkouts()]


@pytest.fixture(scope="session")
def reference_catalogue() -> Path:
    """The shared reference catalogue; fails under CI and skips elsewhere when it is missing."""
    candidates = reference_candidates()
    for path in candidates:
        if path.is_file():
            return path
    looked = ", ".join(str(p) for p in candidates)
    message = (
        f"the shared reference catalogue is missing (looked at {looked}; set BBIC_SU_REFERENCE)"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    """A writable copy of the packaged spec data."""
    from bbic_su.spec._load import packaged_root

    target = tmp_path / "spec_data"
    shutil.copytree(Path(str(packaged_root())).resolve(), target)
    return target
