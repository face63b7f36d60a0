"""reStructuredText helpers for the generated spec pages: escaping, links, tables, badges.

Every piece of catalogue text goes through :func:`esc` before it reaches a page, so
names with «», –, parentheses, asterisks, underscores or backquotes never turn into
markup. Links use absolute docnames (``/_generated/spec/...``) so a page can be moved
without breaking them.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence

#: Root of the generated tree, as an absolute Sphinx docname prefix.
ROOT = "/_generated"
SPEC = f"{ROOT}/spec"

#: Folder (under ``spec/``) of each kind of entry page.
FOLDERS = {
    "record_type": "posttyper",
    "variable": "variabler",
    "value_set": "vardemangder",
    "rule": "regler",
    "measure": "matt",
    "phase": "faser",
}

STATUS_SV = {
    "confirmed": "Bekräftad",
    "named": "Namngiven",
    "adjacent": "Angränsande",
    "provisional": "Preliminär",
}

PROVISIONAL_TITLE = "Preliminär – egen rekonstruktion, inte officiell"

_PUNCT = frozenset(string.punctuation)
_WS = re.compile(r"\s+")


def esc(text: object) -> str:
    """Escape ``text`` for use as inline reStructuredText (whitespace collapsed).

    Every ASCII punctuation character is backslash-escaped; in reST a backslash
    makes any following character literal, so nothing can start a list, a role,
    emphasis, a substitution or a hyperlink reference.
    """
    flat = _WS.sub(" ", str(text)).strip()
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in flat)


def quoted(text: object) -> str:
    """``«text»``, escaped."""
    return f"«{esc(text)}»"


def literal(text: object) -> str:
    """Inline literal; backquotes cannot occur in catalogue ids or expressions."""
    flat = _WS.sub(" ", str(text)).strip()
    if "`" in flat or not flat:
        return esc(flat)
    return f"``{flat}``"


def docname(kind: str, key: str) -> str:
    """Absolute docname of the page of entry ``key`` of ``kind`` (see :data:`FOLDERS`)."""
    return f"{SPEC}/{FOLDERS[kind]}/{key}"


def doc(target: str, title: str | None = None) -> str:
    """A ``:doc:`` link; ``title`` is plain text (escaped here)."""
    if title is None:
        return f":doc:`{target}`"
    return f":doc:`{_role_title(title)} <{target}>`"


def ref(label: str, title: str) -> str:
    """A ``:ref:`` link to ``label`` with plain-text ``title``."""
    return f":ref:`{_role_title(title)} <{label}>`"


def link(kind: str, key: str, title: str | None = None) -> str:
    """Link to the page of an entry, titled with ``title`` or its id."""
    return doc(docname(kind, key), title if title is not None else key)


def url(title: str, address: str) -> str:
    """An anonymous external hyperlink (no target names, so no duplicate-name warnings)."""
    return f"`{_role_title(title)} <{address}>`__"


def _role_title(title: str) -> str:
    # Inside a role or hyperlink the title is interpreted text: escape backslashes,
    # backquotes and angle brackets; collapse whitespace.
    flat = _WS.sub(" ", str(title)).strip()
    for ch in "\\`<>":
        flat = flat.replace(ch, "\\" + ch)
    return flat


def badge(status: str | None) -> str:
    """Status badge (role provided by the ``bbic_spec`` extension)."""
    return f":bbic-status:`{status}`" if status else ""


def label(name: str) -> str:
    """An explicit target line."""
    return f".. _{name}:"


def heading(text: str, char: str = "=", *, escape: bool = True) -> list[str]:
    """A section title with an underline of ``char`` (long enough for wide glyphs)."""
    shown = esc(text) if escape else text
    return [shown, char * (len(shown) + 4), ""]


def rubric(text: str) -> list[str]:
    """A sub-heading that stays out of the table of contents.

    Entry pages use rubrics rather than sections: with ~180 generated pages, every
    section would be copied into the navigation tree of every page (furo renders the
    full tree), which made HTML builds several times slower.
    """
    return [f".. rubric:: {esc(text)}", ""]


def indent(lines: Iterable[str], by: int = 3) -> list[str]:
    """Indent non-empty lines by ``by`` spaces."""
    pad = " " * by
    return [pad + line if line else "" for line in lines]


def list_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[int] | None = None,
    classes: str = "bbic-table",
) -> list[str]:
    """A ``list-table`` directive; cells are already-rendered reST (use :func:`esc`)."""
    out = [".. list-table::", "   :header-rows: 1", f"   :class: {classes}"]
    if widths:
        out.append("   :widths: " + " ".join(str(w) for w in widths))
    out.append("")
    for row in (header, *rows):
        for i, cell in enumerate(row):
            text = cell if cell.strip() else "–"
            out.append(f"   {'*' if i == 0 else ' '} - {text}")
    out.append("")
    return out


def field_list(items: Iterable[tuple[str, str]]) -> list[str]:
    """A field list ``:name: value``; values are rendered reST; empty values skipped."""
    out = [f":{esc(name)}: {value}" for name, value in items if value]
    return [*out, ""] if out else []


def admonition(kind: str, body: Sequence[str], title: str | None = None) -> list[str]:
    """A ``warning``/``note``/``important`` admonition, or a titled generic one."""
    if title is None:
        out = [f".. {kind}::", ""]
    else:
        out = [f".. admonition:: {esc(title)}", f"   :class: {kind}", ""]
    return [*out, *indent(body), ""]


def toctree(entries: Iterable[str], *, hidden: bool = True, maxdepth: int = 1) -> list[str]:
    """A toctree with the given (relative or absolute) docnames."""
    out = [".. toctree::", f"   :maxdepth: {maxdepth}"]
    if hidden:
        out.append("   :hidden:")
    return [*out, "", *indent(entries), ""]


def page(lines: Iterable[str]) -> str:
    """Join lines into page text: no trailing spaces, exactly one final newline."""
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
