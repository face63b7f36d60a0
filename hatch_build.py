"""Hatch build hook: build the verified catalogue cache into the wheel.

When a (non-editable) wheel is built, the catalogue is loaded from ``spec_data/`` and
every check runs, exactly as :func:`bbic_su.load_catalog` does at run time; the checked
catalogue is then written as ``bbic_su/spec/_catalog_cache.json`` (see
``src/bbic_su/spec/_cache.py`` for the format and how it is verified at load). A spec
file that fails a check fails the build. The file is generated into a temporary folder
and force-included, so the source tree never holds it.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "bbic_su/spec/_catalog_cache.json"


class CatalogCacheHook(BuildHookInterface):  # type: ignore[type-arg]
    """Write the checked catalogue into the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Generate the cache and add it to the wheel (not to an editable or an sdist)."""
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        blob = _build_cache(root)
        self._tmp = tempfile.TemporaryDirectory()
        out = Path(self._tmp.name, "_catalog_cache.json")
        out.write_bytes(blob)
        build_data["force_include"][str(out)] = TARGET

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary folder."""
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()


def _build_cache(root: Path) -> bytes:
    """Load and check the tree's catalogue; return the cache file's bytes."""
    src = str(root / "src")
    saved = {k: v for k, v in sys.modules.items() if k == "bbic_su" or k.startswith("bbic_su.")}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, src)
    try:
        cache = importlib.import_module("bbic_su.spec._cache")
        check = importlib.import_module("bbic_su.spec._check")
        load = importlib.import_module("bbic_su.spec._load")
        spec_data = root / "spec_data"
        cat = check.build_catalog(load.read_spec_files(spec_data))
        key = cache.cache_key(spec_data, code=Path(src, "bbic_su"))
        blob: bytes = cache.encode(cat, key=key)
        if cache.decode(blob, key=key) != cat:
            raise RuntimeError("the catalogue does not survive the cache round trip")
        return blob
    finally:
        sys.path.remove(src)
        for name in [k for k in sys.modules if k == "bbic_su" or k.startswith("bbic_su.")]:
            del sys.modules[name]
        sys.modules.update(saved)
