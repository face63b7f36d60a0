"""Sphinx extension: generate the spec pages and the tender annex from ``bbic_su.catalog()``.

On ``builder-inited`` (before Sphinx looks for source files) it writes
``docs/_generated/``:

- ``spec/index.rst`` (overview, in Swedish), ``spec/{posttyper,faser,variabler,
  vardemangder,regler,matt}/index.rst`` and one page per entry, ``spec/kallor.rst``,
  ``spec/lagrum.rst``;
- ``kravbilaga.rst`` with ``kravbilaga.html``, ``.xlsx``, ``.csv`` and ``.docx``;
- ``changelog.md.inc``: ``CHANGELOG.md`` without its top heading (a placeholder while the
  file does not exist), included by ``changelog.md``;
- ``issues/index.rst`` and one page per validation issue code (``bbic_issues.py``, from
  ``bbic_su.spec.issue_codes.ISSUE_CODES``);
- ``benchmarks/results-<name>.md.inc``: ``benchmarks/results-<name>.md`` without its top
  heading (a placeholder while the file does not exist), included by ``performance.md``;
- ``api_package.rst.inc``: a table of the package's re-exports linking to where they are
  documented;
- ``api_stages.rst.inc``: autodoc directives for each pipeline stage and its public
  submodules (``bbic_api.py``; included by ``api.md``).

Generation is deterministic; a file is rewritten only when its bytes change, so
Sphinx's incremental build re-reads only what changed, and files that are no longer
generated are deleted. Use :func:`generate_files` or :func:`write_generated` outside
Sphinx (the tests do).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

from bbic_api import api_stages
from bbic_entries import Context, value_set_page, variable_page
from bbic_guides import fields_include, template_zip
from bbic_issues import issue_code_links, issue_pages
from bbic_krav import files as kravbilaga_files
from bbic_krav import kravbilaga_page, requirements
from bbic_lists import legal_page, list_page, sources_page
from bbic_pages import overview_page, phase_page, record_type_page
from bbic_rst import FOLDERS, STATUS_SV, esc, list_table
from bbic_rules_measures import measure_page, rule_page

import bbic_su
from bbic_su import Catalog

GENERATED = "_generated"
REPO = Path(__file__).resolve().parents[2]
#: Modules documented by hand in ``api.md``.
#: Benchmarks with a section on ``performance.md``: ``benchmarks/results-<name>.md``.
BENCHMARKS = ("validate", "measures", "import", "report", "cold-start")


def generate_files(cat: Catalog | None = None) -> dict[str, bytes]:
    """Every generated file, keyed by its path relative to ``_generated/`` (``/``-separated)."""
    cat = cat or bbic_su.catalog()
    ctx = Context(cat)
    pages: dict[str, str] = {"spec/index.rst": overview_page(ctx)}
    writers: dict[str, Any] = {
        "record_type": (cat.record_types, lambda e: record_type_page(ctx, e)),
        "phase": (cat.phases, lambda e: phase_page(ctx, e.id)),
        "variable": (cat.variables, lambda e: variable_page(ctx, e)),
        "value_set": (cat.value_sets, lambda e: value_set_page(ctx, e)),
        "rule": (cat.rules, lambda e: rule_page(ctx, e)),
        "measure": (cat.measures, lambda e: measure_page(ctx, e)),
    }
    for kind, (items, render) in writers.items():
        folder = FOLDERS[kind]
        pages[f"spec/{folder}/index.rst"] = list_page(ctx, kind)
        for item in items:
            pages[f"spec/{folder}/{item.id}.rst"] = render(item)
    pages["spec/kallor.rst"] = sources_page(ctx)
    pages["spec/lagrum.rst"] = legal_page(ctx)
    reqs = requirements(cat)
    pages["kravbilaga.rst"] = kravbilaga_page(cat, reqs)
    pages.update(issue_pages())
    pages["api_stages.rst.inc"] = api_stages()
    pages["api_package.rst.inc"] = api_package()
    pages["changelog.md.inc"] = changelog_include(REPO / "CHANGELOG.md")
    for name in BENCHMARKS:
        pages[f"benchmarks/results-{name}.md.inc"] = benchmark_include(
            REPO / "benchmarks" / f"results-{name}.md"
        )
    files = {name: text.encode("utf-8") for name, text in pages.items()}
    files.update(kravbilaga_files(cat))
    files["leverantor-falt.md.inc"] = fields_include(cat).encode("utf-8")
    files["leverantorsmall.zip"] = template_zip(cat)
    return dict(sorted(files.items()))


def changelog_include(path: Path) -> str:
    """The changelog's Markdown without its first-level title (``changelog.md`` has one)."""
    if not path.is_file():
        return "No changelog yet.\n"
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("# "):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"


_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def benchmark_include(path: Path) -> str:
    """A benchmark's results file for ``performance.md``, or a placeholder while it is absent.

    The first-level title is dropped (the page has its own section per benchmark) and
    any other heading becomes a bold line, so a results file can never change the
    page's structure or break the build with a skipped heading level.
    """
    if not path.is_file():
        return (
            f"No figures recorded yet: `benchmarks/{path.name}` does not exist. Run the "
            "benchmark (command above); its table appears here at the next docs build.\n"
        )
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("# "):
        lines.pop(0)
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
        elif opener:
            fence = opener.group(1)
        elif match := _ATX.match(line):
            line = f"**{match.group(2)}**"
        out.append(line)
    return "\n".join(out).strip() + "\n"


_ROLE = re.compile(r":[\w:.-]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`|``([^`]*)``")


def api_package() -> str:
    """reST table of the package's re-exports (``bbic_su.__all__``) linking to their homes.

    The objects are documented once, in the module that defines them; documenting them
    again under ``bbic_su`` would make every short cross-reference ambiguous.
    """
    rows = []
    for name in sorted(bbic_su.__all__, key=str.lower):
        try:
            obj = getattr(bbic_su, name)
        except Exception:  # a lazily exported module that does not import yet
            continue
        module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
        if not (module and qualname and (callable(obj))):
            continue
        doc = (inspect.getdoc(obj) or "").strip().splitlines()
        summary = _ROLE.sub(lambda m: m.group(1) or m.group(2) or "", doc[0] if doc else "")
        role = "py:class" if isinstance(obj, type) else "py:func"
        rows.append([f":{role}:`{name} <{module}.{qualname}>`", esc(summary)])
    return "\n".join(list_table(["Name", "Summary"], rows, widths=[30, 70]))


def write_generated(outdir: Path, cat: Catalog | None = None) -> tuple[list[str], list[str]]:
    """Write the generated files under ``outdir``; return (changed, removed) relative paths."""
    files = generate_files(cat)
    changed: list[str] = []
    for rel, data in files.items():
        path = outdir / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed.append(rel)
    removed: list[str] = []
    if outdir.is_dir():
        for path in sorted(outdir.rglob("*"), reverse=True):
            rel = path.relative_to(outdir).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed, removed


# ---------------------------------------------------------------------- Sphinx


def _status_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: Any = (),
) -> tuple[list[Any], list[Any]]:
    from docutils import nodes

    status = text.strip()
    if status not in STATUS_SV:
        msg = inliner.reporter.error(f"unknown evidence status {status!r}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    node = nodes.inline(
        rawtext, STATUS_SV[status], classes=["bbic-status", f"bbic-status-{status}"]
    )
    return [node], []


def _on_builder_inited(app: Any) -> None:
    from sphinx.util import logging

    log = logging.getLogger(__name__)
    changed, removed = write_generated(Path(app.srcdir) / GENERATED)
    log.info(f"bbic_spec: {len(changed)} generated file(s) changed, {len(removed)} removed")


def _page_language(app: Any, pagename: str, templatename: str, context: Any, doctree: Any) -> None:
    """``<html lang="sv">`` on the Swedish pages (``bbic_swedish_pages`` in conf.py)."""
    if pagename in app.config.bbic_swedish_pages:
        context["language"] = "sv"


def setup(app: Any) -> dict[str, Any]:
    """Register the ``bbic-status`` role, the generator and the ``IssueCode`` links."""
    app.add_config_value("bbic_swedish_pages", [], "html")
    app.connect("html-page-context", _page_language)
    app.add_role("bbic-status", _status_role)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("autodoc-process-docstring", issue_code_links)
    return {"version": bbic_su.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
