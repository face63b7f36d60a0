"""The command line speaks the user's language (issue #17): sv by default, en on request."""

from __future__ import annotations

import re

import pytest
from helpers import run

from bbic_su.cli import COMMANDS, build_parser

RST = re.compile(r"``|:(mod|func|class|meth|attr|data|ref|doc):`")


def test_bare_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """`bbic-su` with no arguments prints the usage and the commands, not an error."""
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert out.startswith("usage: bbic-su") and "validate" in out and "import" in out


def _parsers() -> list[tuple[str, object]]:
    parser = build_parser()
    found = [("bbic-su", parser)]
    todo = list(found)
    while todo:
        name, p = todo.pop()
        for action in getattr(p, "_actions", []):
            choices = getattr(action, "choices", None)
            if not isinstance(choices, dict):
                continue
            for sub, child in choices.items():
                if hasattr(child, "format_help"):
                    found.append((f"{name} {sub}", child))
                    todo.append((f"{name} {sub}", child))
    return found


def test_help_has_no_rest_markup() -> None:
    """No ``PATH``, :mod:`x` or other reStructuredText in any --help text."""
    parsers = _parsers()
    assert len(parsers) > len(COMMANDS)
    for name, parser in parsers:
        text = parser.format_help()  # type: ignore[attr-defined]
        assert not RST.search(text), (name, RST.search(text))


def test_spec_show_labels_follow_lang(capsys: pytest.CaptureFixture[str]) -> None:
    """sv (default) and en print different labels; the definitions stay bilingual."""
    _, sv, _ = run(capsys, "spec", "show", "kon", "--kind", "variable")
    _, en, _ = run(capsys, "spec", "show", "kon", "--kind", "variable", "--lang", "en")
    assert sv != en
    assert "Posttyp:" in sv and "Record type:" not in sv
    assert "Record type:" in en and "Posttyp:" not in en
    assert all(len(line) <= 80 for line in (sv + en).splitlines())


def test_spec_list_never_cuts_a_name(capsys: pytest.CaptureFixture[str]) -> None:
    """Names are wrapped onto continuation lines, never cut with an ellipsis."""
    _, sv, _ = run(capsys, "spec", "list")
    assert "…" not in sv and "namn" in sv.splitlines()[0]
    assert all(len(line) <= 80 for line in sv.splitlines())
    _, en, _ = run(capsys, "spec", "list", "--lang", "en")
    assert "…" not in en and "name" in en.splitlines()[0]


def test_spec_show_wraps_long_labels_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """Code labels are wrapped onto continuation lines, every word kept."""
    import bbic_su

    _, out, _ = run(capsys, "spec", "show", "skal_ej_utredning", "--kind", "value-set")
    assert "…" not in out and all(len(line) <= 80 for line in out.splitlines())
    words = out.split()
    for code in bbic_su.catalog().value_set("skal_ej_utredning").codes:
        assert all(w in words for w in code.label_sv.split()), code.label_sv
