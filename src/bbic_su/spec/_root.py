"""Where the packaged spec data live: in the wheel, or at the project root of an editable install.

>>> from bbic_su.spec._root import packaged_root
>>> packaged_root().joinpath("manifest.yaml").is_file()
True

Kept apart from the YAML reader so that the catalogue cache can find (and hash) the
files without importing YAML or cattrs.
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import json
import sys
import urllib.parse
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

if sys.platform == "win32":
    from nturl2path import url2pathname
else:
    from urllib.parse import unquote as url2pathname

from bbic_su.errors import SpecDataError

__all__ = ["Root", "packaged_root"]

Root = Traversable | Path
"""A spec-data folder: a path, or an :mod:`importlib.resources` node (also in a zip)."""


@functools.cache
def packaged_root() -> Root:
    """The ``spec_data`` folder of the installed package.

    A wheel carries it inside the package, as ``bbic_su/spec_data`` (the build maps the
    repository's ``spec_data/`` there once), and it is read through
    :mod:`importlib.resources`, also from a zip import. In an editable install the
    package is the source tree's ``src/bbic_su``; the folder is then the one at the root
    of the project directory that the installer recorded (``direct_url.json``, PEP 610),
    so edits to spec data take effect without reinstalling. The answer is computed once
    per process.

    Raises:
        SpecDataError: Neither place holds the folder (a broken installation).
    """
    root = importlib.resources.files("bbic_su").joinpath("spec_data")
    if root.is_dir():
        return root
    project = _editable_project()
    if project is not None and project.joinpath("spec_data", "manifest.yaml").is_file():
        return project / "spec_data"
    raise SpecDataError(
        "spec_data/", "", "the spec-data folder is missing from the installed package; reinstall"
    )


def _editable_project() -> Path | None:
    """The project directory of an editable install of this very package, if it is one.

    :mod:`importlib.metadata` is imported here, by name, because only an editable
    install needs it and importing it costs more than a tenth of the cold start.
    """
    metadata: Any = importlib.import_module("importlib.metadata")
    try:
        text = metadata.distribution("bbic-su").read_text("direct_url.json")
        info = json.loads(text or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        return None
    url = info.get("url", "") if isinstance(info, dict) else ""
    editable = isinstance(info, dict) and info.get("dir_info", {}).get("editable") is True
    if not editable or not isinstance(url, str) or not url.startswith("file:"):
        return None
    project = Path(url2pathname(urllib.parse.urlsplit(url).path))
    package = Path(str(importlib.resources.files("bbic_su")))
    return project if package.is_relative_to(project) else None
