"""Swedish first: Swedish pages, reports and CLI output hold no English sentences.

The detector is ``tools/check_swedish.py``, which CI also runs on the built
documentation (every page with ``<html lang="sv">``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import load_tool

import bbic_su
from bbic_su import synth
from bbic_su.cli import main
from bbic_su.conformance._kit import check_conformance
from bbic_su.conformance.kravbilaga import render

ROOT = Path(__file__).resolve().parents[1]


SV = load_tool("check_swedish")
SWEDISH_GUIDES = (
    "procurement.md",
    "leverantorsguide.md",
    "kom-igang.md",
    "municipal-developers.md",
    "domain-experts.md",
)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    bbic_su.write_dataset(synth.generate(children=60, seed=4), out)
    return out


class TestDetector:
    """The stop-word check finds English and leaves Swedish alone."""

    def test_it_finds_an_english_sentence(self) -> None:
        """An English sentence inside Swedish text is reported."""
        text = "Katalogen är en rekonstruktion. The catalogue is a reconstruction from sources."
        assert SV.english_sentences(text) == ["The catalogue is a reconstruction from sources."]

    def test_it_leaves_swedish_and_identifiers_alone(self) -> None:
        """Swedish prose, ids and code spans are not English sentences."""
        page = (
            '<html lang="sv"><body><p>Systemet ska kunna exportera variabeln «Kön» '
            "(BBIC-SU-VAR-kon) för posttypen «Barn».</p><pre>for the record in the export"
            '</pre><p lang="en">This passage is marked as English and is allowed.</p></body></html>'
        )
        assert SV.check_html(page) == []

    def test_an_english_page_is_not_checked(self) -> None:
        """Only pages marked lang="sv" are Swedish pages."""
        assert SV.check_html('<html lang="en"><p>This is the English page of it.</p></html>') == []


def test_the_kravbilaga_html_is_swedish() -> None:
    """The kravbilaga page a procurement officer pastes."""
    page = render("html", bbic_su.catalog()).decode("utf-8")
    assert '<html lang="sv">' in page
    assert SV.check_html(page) == []


def test_the_conformance_report_is_swedish(export: Path, tmp_path: Path) -> None:
    """The HTML report of bbic-su conformance, passing and failing."""
    page = check_conformance(export, "canonical").to_html()
    assert '<html lang="sv">' in page and SV.check_html(page) == []
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in export.glob("*.csv"):
        text = f.read_text(encoding="utf-8")
        (bad / f.name).write_text(text.replace(",flicka,", ",zz9,"), encoding="utf-8")
    page = check_conformance(bad, "canonical").to_html()
    assert "Underkänd" in page and SV.check_html(page) == []


@pytest.mark.parametrize("guide", SWEDISH_GUIDES)
def test_the_swedish_guides_are_swedish(guide: str) -> None:
    """The Swedish guides' prose (code blocks and inline code left out)."""
    text = (ROOT / "docs" / "guides" / guide).read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", "", text)
    assert SV.english_sentences(text) == []


def test_the_swedish_pages_are_marked_sv() -> None:
    """conf.py lists the Swedish guides and the kravbilaga, so their HTML says lang="sv"."""
    conf = (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
    for page in ("_generated/kravbilaga", *(f"guides/{g[:-3]}" for g in SWEDISH_GUIDES)):
        assert f'"{page}"' in conf


@pytest.mark.parametrize(
    "args",
    [
        ["conformance", "{export}", "--profile", "canonical"],
        ["conformance", "{bad}", "--profile", "canonical"],
        ["kravbilaga", "--format", "csv", "--out", "{tmp}/k.csv"],
        ["validate", "{export}"],
        ["validate", "{bad}"],
        ["measures", "{export}"],
        ["report", "{export}", "--out", "{tmp}/r.xlsx"],
        ["synth", "--children", "20", "--seed", "1", "--out", "{tmp}/s"],
        ["spec", "list"],
    ],
)
def test_cli_output_in_swedish_has_no_english(
    args: list[str], export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What bbic-su prints in its default language (sv); `spec show` is bilingual by design."""
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in export.glob("*.csv"):
        (bad / f.name).write_text(f.read_text(encoding="utf-8").replace(",flicka,", ",zz9,"))
    filled = [a.format(export=export, bad=bad, tmp=tmp_path) for a in args]
    main(filled)
    out, err = capsys.readouterr()
    assert out.strip()
    assert SV.english_sentences(out + err) == []


def test_the_measure_report_is_swedish() -> None:
    """The HTML report of ``bbic-su report`` (cover, tables, notes)."""
    from report_support import full_report

    path = full_report().html
    assert path is not None
    page = path.read_text(encoding="utf-8")
    assert '<html lang="sv">' in page
    assert SV.check_html(page) == []
