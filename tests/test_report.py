"""The Excel workbook and the charts of ``bbic_su.report``, checked by opening the files."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from report_support import MEASURES, OPTIONS, SECTIONS, folder, full_report, own

import bbic_su
from bbic_su.reporting import ReportError, report
from bbic_su.reporting._charts import ChartOptions, figure
from bbic_su.reporting._model import Cell, MeasureBlock

CAT = bbic_su.catalog()
SHEETS = SECTIONS


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def book() -> Any:
    return load_workbook(full_report().xlsx)


def rows_of(ws: Any) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_sheets_in_area_order(book: Any) -> None:
    assert book.sheetnames == SHEETS


def test_cover_sheet(book: Any) -> None:
    ws = book["Om rapporten"]
    facts = {r[0]: r[1] for r in rows_of(ws) if r[0]}
    assert ws["A1"].value == "Systematisk uppföljning – rapport"
    assert facts["Katalogversion"] == CAT.spec.version
    assert facts["Frågeställning"] == "(ingen uppföljningsplan angiven)"
    assert "från 1 till 4" in facts["Röjandeskydd"] and ".." in facts["Röjandeskydd"]
    assert facts["Jämförelse"]
    barn = next(r for r in rows_of(ws) if r[0] == "Barn")
    assert barn[1] == len(own()["barn"]) and barn[2] == len(own()["barn"])


def measure_rows(ws: Any) -> list[list[Any]]:
    """Data rows of the measure tables (they follow a header row starting 'Kommun')."""
    out, inside = [], False
    for r in rows_of(ws):
        if r[0] == "Kommun":
            inside = True
            continue
        if inside and r[0] is None:
            inside = False
        if inside:
            out.append(r)
    return out


def test_measure_tables_formats_and_markers(book: Any) -> None:
    ws = book["Delaktighet"]
    name = CAT.measure("m_enskilda_samtal_utredning").name_sv
    assert name in [c.value for c in ws["A"]]
    header = next(r for r in rows_of(ws) if r[0] == "Kommun")
    assert header[:10] == [
        "Kommun",
        "Indelning",
        "Grupp",
        "Täljare",
        "Nämnare",
        "Andel",
        "95 % KI, nedre",
        "95 % KI, övre",
        "Exkluderade",
        "Pågående inom tidsgränsen",
    ]
    assert header[10:14] == [
        "Övriga, andel",
        "Övriga, KI nedre",
        "Övriga, KI övre",
        "Skillnad (procentenheter)",
    ]
    shares = [c for c in ws["F"] if isinstance(c.value, float)]
    assert shares and all(c.number_format == "0.0%" and 0 <= c.value <= 1 for c in shares)
    assert all(c.number_format == "0.0%" for c in ws["G"] if isinstance(c.value, float))
    groups = {r[1] for r in measure_rows(ws)}
    assert {"Totalt", "Kön", "Åldersgrupp", "Period"} <= groups


def test_hidden_cells_are_markers_and_no_small_count_is_published(book: Any) -> None:
    markers = 0
    for name in SHEETS[1:4]:
        for r in measure_rows(book[name]):
            num, den, share = r[3], r[4], r[5]
            if share == "..":
                markers += 1
                assert num == ".." and den == ".." and r[6] == ".."
                continue
            assert isinstance(num, int) and isinstance(den, int)
            for n in (num, den, den - num):
                assert not 1 <= n <= 4, r
    assert markers > 0


def test_background_counts_are_protected(book: Any) -> None:
    rows = rows_of(book["Bakgrundsuppgifter"])
    counts = [r[2] for r in rows if isinstance(r[2], int)]
    assert counts and all(not 1 <= n <= 4 for n in counts)
    assert ".." in [r[2] for r in rows]
    assert "Kön (Barn)" in [r[0] for r in rows]


def test_area_without_selected_measures_says_so(book: Any) -> None:
    assert "Inga mått i detta område." in [r[0] for r in rows_of(book["Kunskap"])]


def test_images_embedded_at_configured_size(book: Any) -> None:
    for name in ("Delaktighet", "Rättssäkerhet", "Samverkan"):
        images = book[name]._images
        assert len(images) == 3  # kön, åldersgrupp, trend
        for img in images:
            assert png_size(img._data()) == OPTIONS.pixels


def test_data_quality_sheet(book: Any) -> None:
    rows = rows_of(book["Datakvalitet"])
    firsts = [r[0] for r in rows]
    assert "Fullständighet per variabel" in firsts and "Fynd per kod" in firsts
    header = rows[firsts.index("Fynd per kod") + 1]
    assert header[:4] == ["Kod", "Beskrivning", "Allvarlighet", "Antal fynd"]
    assert "deadline-exceeded" in firsts
    complete = [r for r in rows if r[2] == "Kön"]
    assert complete and isinstance(complete[0][5], float)


def test_chart_files_png_and_svg() -> None:
    files = full_report().charts
    assert len(files) == len(MEASURES) * 3 * 2
    pngs = [p for p in files if p.suffix == ".png"]
    assert {p.name for p in pngs} >= {"m_sip_kon.png", "m_sip_aldersgrupp.png", "m_sip_trend.png"}
    for p in pngs:
        assert p.stat().st_size > 5000
        assert png_size(p.read_bytes()) == OPTIONS.pixels == (480, 280)
    for p in (p for p in files if p.suffix == ".svg"):
        svg = p.read_text(encoding="utf-8")
        assert "<svg" in svg and 'width="432pt"' in svg and "http://www.w3.org/2000/svg" in svg


def cell(code: str, share: float | None, hidden: bool = False, dim: str = "kon") -> Cell:
    return Cell(
        kommun="0180",
        dim=dim,
        code=code,
        label=code,
        numerator=None if hidden else 0,
        denominator=None if hidden else 10,
        share=None if hidden else share,
        ci_low=None if hidden else share,
        ci_high=None if hidden else share,
        excluded=0,
        suppressed=hidden,
    )


def block_of(*cells: Cell) -> MeasureBlock:
    """A provisional measure ``m`` with ``cells``."""
    return MeasureBlock(id="m", name="M", status="provisional", area="a", cells=cells)


def test_hidden_bar_is_hatched_band_not_zero() -> None:
    block = block_of(
        cell("_total", 0.5, dim="total"), cell("flicka", 0.0), cell("pojke", None, hidden=True)
    )
    fig = figure(block, "kon", "sv", ChartOptions())
    ax = fig.axes[0]
    bars = list(ax.patches)
    hatched = [p for p in bars if p.get_hatch()]
    assert len(hatched) == 1 and hatched[0].get_width() == 1.0
    assert abs(hatched[0].get_y() + hatched[0].get_height() / 2 - 2) < 1e-9  # pojke's row
    solid = [p for p in bars if not p.get_hatch()]
    assert sorted(round(p.get_width(), 3) for p in solid) == [0.0, 0.5]  # a real zero stays
    assert ".." in [t.get_text() for t in ax.texts]


def test_hidden_period_is_a_gap_with_marker() -> None:
    block = block_of(
        cell("2023", 0.4, dim="period"),
        cell("2024", None, hidden=True, dim="period"),
        cell("2025", 0.6, dim="period"),
    )
    ax = figure(block, "trend", "en", ChartOptions()).axes[0]
    ys = ax.lines[0].get_ydata()
    assert ys[0] == 0.4 and ys[1] != ys[1] and ys[2] == 0.6  # NaN, not 0
    assert [t.get_position()[0] for t in ax.texts if t.get_text() == ".."] == [1]


def test_english_labels(tmp_path: Path) -> None:
    done = report(
        own(),
        out=tmp_path / "en.xlsx",
        lang="en",
        measures=["m_sip"],
        chart_options=ChartOptions(size=(4, 3), dpi=40),
    )
    book = load_workbook(done.xlsx)
    assert book.sheetnames == [
        "About",
        "Participation",
        "Legal certainty",
        "Collaboration",
        "Knowledge",
        "Background data",
        "Data quality",
    ]
    ws = book["Collaboration"]
    assert CAT.measure("m_sip").name_en in [c.value for c in ws["A"]]
    assert "Share" in next(r for r in rows_of(ws) if r[0] == "Municipality")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "nothing to write"),
        ({"out": "r.csv"}, "must end in .xlsx"),
        ({"html": "r.htm"}, "must end in .html"),
        ({"out": "no/such/dir/r.xlsx"}, "no such folder"),
        ({"out": "r.xlsx", "lang": "fi"}, "unknown language"),
        ({"charts_dir": "c", "chart_formats": ["gif"]}, "unknown chart format"),
    ],
)
def test_bad_options(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ReportError, match=message):
        report(own(), **kwargs)


def test_bad_threshold() -> None:
    with pytest.raises(bbic_su.MeasureError, match="not allowed"):
        report(own(), out=folder() / "x.xlsx", min_count=4)


def test_top_level_name_is_lazy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bbic_su; f = bbic_su.report; "
        "print(f.__module__, 'pandas' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["bbic_su.reporting._report", "True", "False"]


def test_top_level_report_stays_the_function_after_validation() -> None:
    import bbic_su.validation  # imports the validation report module

    assert callable(bbic_su.report)
    assert bbic_su.report.__module__ == "bbic_su.reporting._report"
    assert bbic_su.ValidationReport.__module__ == "bbic_su.validation.report"
