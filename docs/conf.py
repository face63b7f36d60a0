# Sphinx configuration for the bbic-su documentation.
#
# Build (from the repository root; both must finish with zero warnings, as in CI):
#
#   sphinx-build -W --keep-going -n -b html    docs docs/_build/html
#   sphinx-build -W --keep-going -n -b doctest docs docs/_build/doctest
#
# The spec pages, the tender annex (kravbilaga, with .html/.xlsx/.csv/.docx), the pages of the
# validation issue codes and the benchmark tables of performance.md are not
# checked in: the local extension docs/_ext/bbic_spec.py writes them into
# docs/_generated/ (gitignored) on every build, from bbic_su.catalog(). Only files
# whose content changed are rewritten, so incremental builds stay fast.
#
# Intersphinx links to the Python, pandas and attrs docs need network access, which
# CI does not have (only package registries are reachable). The mapping is therefore
# empty unless BBIC_SU_DOCS_INTERSPHINX=1 is set; without it, the few external types
# that appear in signatures are listed in nitpick_ignore below.
#
#   BBIC_SU_DOCS_INTERSPHINX=1 sphinx-build -W --keep-going -n -b html docs docs/_build/html

from __future__ import annotations

import os
import sys
from pathlib import Path

import bbic_su

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

# -- Project -----------------------------------------------------------------------

project = "bbic-su"
author = "bbic-su contributors"
copyright = "bbic-su contributors; BBIC is a trademark of Socialstyrelsen"
version = bbic_su.__version__
release = bbic_su.__version__
language = "en"  # the site's interface; the Swedish pages below are marked lang="sv"
# Pages written in Swedish: their <html> says lang="sv" (docs/_ext/bbic_spec.py) and
# CI checks them for English sentences (python tools/check_swedish.py docs/_build/html).
bbic_swedish_pages = [
    "_generated/kravbilaga",
    "guides/procurement",
    "guides/leverantorsguide",
    "guides/kom-igang",
    "guides/municipal-developers",
    "guides/domain-experts",
]

# -- General -----------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.githubpages",  # .nojekyll, so GitHub Pages serves the _generated/ pages
    "bbic_spec",  # docs/_ext/bbic_spec.py: generates _generated/ from the catalogue
    "bbic_autodoc",  # docs/_ext/bbic_autodoc.py: private bases/names, prose attributes
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "examples"]
nitpicky = True

# -- MyST --------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

# Figures quoted on hand-written pages come from the catalogue, never typed in.
_cat = bbic_su.catalog()
myst_substitutions = {
    "spec_version": _cat.spec.version,
    "spec_date": _cat.spec.date,
    "n_variables": str(len(_cat.variables)),
    "n_value_sets": str(len(_cat.value_sets)),
    "n_measures": str(len(_cat.measures)),
    "n_rules": str(len(_cat.rules)),
    "n_sources": str(len(_cat.sources)),
    "n_provisional": str(sum(v.is_provisional for v in _cat.variables)),
}

# -- autodoc / napoleon ------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- intersphinx (offline by default, see the header) ------------------------------

if os.environ.get("BBIC_SU_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "pandas": ("https://pandas.pydata.org/docs", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
    }
else:
    intersphinx_mapping = {}

# Standard-library types that appear in signatures and can only be resolved through
# intersphinx (builtins and typing names resolve offline). Keep this list short.
nitpick_ignore = [
    ("py:class", "argparse.ArgumentParser"),
    ("py:class", "collections.abc.Callable"),
    ("py:class", "collections.abc.Iterable"),
    ("py:class", "collections.abc.Mapping"),
    ("py:class", "collections.abc.Sequence"),
    ("py:class", "datetime.date"),
    ("py:class", "enum.StrEnum"),
    ("py:class", "importlib.resources.abc.Traversable"),
    ("py:class", "os.PathLike"),
    ("py:class", "pandas.DataFrame"),  # pandas: resolvable only through intersphinx
    ("py:class", "pandas.Series"),
    ("py:class", "pathlib.Path"),
    ("py:mod", "difflib"),
    ("py:mod", "rapidfuzz"),  # optional dependency of bbic_su.importing.draft
    ("py:mod", "stdnum.se.personnummer"),  # python-stdnum
]

# -- doctest -----------------------------------------------------------------------

# Examples are written as a reader runs them from the repository root
# (paths like docs/examples/lokal.yaml), whatever directory sphinx-build starts in.
doctest_global_setup = f"import os\nos.chdir({str(HERE.parent)!r})\n"
# Only explicit {doctest} blocks of the hand-written pages run here. Plain ``>>>``
# blocks come from API docstrings, which pytest already runs with --doctest-modules in
# their module's namespace (they rely on module globals the doctest builder lacks).
doctest_test_doctest_blocks = ""

# -- HTML --------------------------------------------------------------------------

html_theme = "furo"
html_title = f"bbic-su {release}"
html_static_path = ["_static"]
html_css_files = ["bbic.css"]
html_show_sourcelink = False

# Keep API objects out of the table of contents: furo renders the full navigation tree
# on every page, and hundreds of object entries there (copied into ~190 pages) made the
# HTML build about twice as slow. Module sections still appear.
toc_object_entries = False
