"""The kravbilaga files (HTML, XLSX, CSV, DOCX): front matter and every kind of requirement."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import openpyxl
import pytest

import bbic_su
from bbic_su.cli import main
from bbic_su.conformance.kravbilaga import (
    COLUMNS,
    FORMATS,
    KravbilagaError,
    front_matter,
    write_kravbilaga,
)
from bbic_su.spec.plan import FollowUpPlan
from bbic_su.spec.requirements import requirements

ROOT = Path(__file__).resolve().parents[1]
CAT = bbic_su.catalog()
KINDS = ("Allmänt", "Posttyp", "Variabel", "Värdemängd", "Regel", "Mått")
FRONT = ("Titel", "Specifikationsversion", "Biblioteksversion", "Datum", "Dokumentation")
PLAN = FollowUpPlan.from_dict(
    {
        "name": "Barnets röst",
        "question": "Får barnen komma till tals?",
        "variables": ["kon", "barnet_traffat_enskilt", "utredning_inledd_datum"],
        "mandatory": ["barnet_traffat_enskilt"],
    }
)


def _read(path: Path) -> tuple[dict[str, str], list[list[str]]]:
    """Front matter and requirement rows (header first) as read back from the file."""
    fmt = path.suffix.lstrip(".")
    if fmt == "csv":
        lines = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
        gap = lines.index([])
        return dict(lines[:gap]), lines[gap + 1 :]
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(path)
        front = {str(a): str(b) for a, b in wb["Om kravbilagan"].iter_rows(values_only=True)}
        rows = [
            ["" if v is None else str(v) for v in r]
            for r in wb["Kravbilaga"].iter_rows(values_only=True)
        ]
        return front, rows
    if fmt == "docx":
        doc = docx.Document(str(path))
        front = {}
        for p in doc.paragraphs:
            if p.runs and p.runs[0].bold and ": " in p.text:
                key, _, value = p.text.partition(": ")
                front[key] = value
        front["Titel"] = doc.paragraphs[0].text
        heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
        rows = [list(COLUMNS)]
        for head, table in zip(heads, doc.tables, strict=True):
            rid, _, kind = head.partition(" (")
            cells = {r.cells[0].text: r.cells[1].text for r in table.rows}
            rows.append([rid, kind.rstrip(")"), *(cells.get(c, "") for c in COLUMNS[2:])])
        return front, rows
    from html.parser import HTMLParser

    class _P(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.front: dict[str, str] = {}
            self.rows: list[list[str]] = []
            self.tag = ""
            self.key = ""

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.tag = tag
            if tag == "tr":
                self.rows.append([])
            if tag in ("td", "th"):
                self.rows[-1].append("")

        def handle_endtag(self, tag: str) -> None:
            self.tag = "dd" if tag == "a" else ""

        def handle_data(self, data: str) -> None:
            if self.tag == "h1":
                self.front["Titel"] = data
            elif self.tag == "dt":
                self.key = data
            elif self.tag in ("dd", "a") and self.key:
                self.front[self.key] = self.front.get(self.key, "") + data
            elif self.tag in ("td", "th"):
                self.rows[-1][-1] += data

    parser = _P()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.front, parser.rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_has_the_front_matter_and_every_kind_of_requirement(
    fmt: str, tmp_path: Path
) -> None:
    """Read back with csv, openpyxl, python-docx or an HTML parser: nothing is lost."""
    path = write_kravbilaga(tmp_path / f"krav.{fmt}")
    front, rows = _read(path)
    expected = dict(front_matter(CAT))
    for key in (*FRONT, "Statusförklaring", "Lagrumsstatus", "Friskrivning"):
        assert front[key] == expected[key], key
    assert front["Specifikationsversion"] == CAT.spec.version
    assert "inte Socialstyrelsens officiella variabelbilaga" in front["Friskrivning"]
    assert "ej verifierad" in front["Lagrumsstatus"]  # the legend explains the status
    assert rows[0] == list(COLUMNS)
    reqs = requirements(CAT)
    assert [r[0] for r in rows[1:]] == [r.id for r in reqs]
    assert {r[1] for r in rows[1:]} == set(KINDS)
    by_id = {r[0]: dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]}
    kon = by_id["BBIC-SU-VAR-kon"]
    assert kon["Kravtext"].startswith("Systemet ska kunna exportera variabeln «Kön»")
    assert "flicka = Flicka" in kon["Värdemängd och koder"]
    assert kon["Definition"] == CAT.variable("kon").definition_sv
    assert by_id["BBIC-SU-RULE-R16"]["Kravtext"].startswith("Systemet ska kontrollera att")
    assert by_id["BBIC-SU-M-m_mal_uppnatt"]["Kravtext"].startswith("Systemet ska kunna redovisa")
    assert by_id["BBIC-SU-VS-kon"]["Kravtext"].startswith("Systemet ska använda värdemängden")
    assert "verifierad" in by_id["BBIC-SU-VAR-skyddsbedomning_datum"]["Lagrum (status)"]
    assert by_id["BBIC-SU-KRAV-001"]["Verifieras genom"] == "demonstration i systemet"


def test_provisional_codes_are_named_in_the_status_columns() -> None:
    """A named variable whose codes are mostly provisional says so (it does not read 'named')."""
    rows = {r.id: r for r in requirements(CAT)}
    for var in CAT.variables:
        if not var.value_set:
            continue
        vs = CAT.value_set(var.value_set)
        prov = sum(1 for c in vs.codes if (c.status or vs.status) == "provisional")
        req = rows[bbic_su.requirement_id(var)]
        if prov:
            assert f"{prov} av {len(vs.codes)} preliminär" in req.code_status_sv


def test_a_plan_gives_its_subset(tmp_path: Path) -> None:
    """With --plan: the plan's variables, their record types, value sets, rules and measures."""
    path = tmp_path / "plan.xlsx"
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(
        "name: Barnets röst\nquestion: Får barnen komma till tals?\n"
        "variables: [kon, barnet_traffat_enskilt, utredning_inledd_datum]\n"
        "mandatory: [barnet_traffat_enskilt]\n",
        encoding="utf-8",
    )
    assert main(["kravbilaga", "--plan", str(plan_file), "--out", str(path)]) == 0
    front, rows = _read(path)
    assert front["Uppföljningsplan"].startswith("Barnets röst")
    ids = [r[0] for r in rows[1:]]
    assert ids == [r.id for r in requirements(CAT, PLAN)]
    assert "BBIC-SU-VAR-kon" in ids and "BBIC-SU-VAR-fodelsear" not in ids
    assert "BBIC-SU-VS-kon" in ids and "BBIC-SU-VS-insatstyp" not in ids
    assert any(i.startswith("BBIC-SU-RULE-") for i in ids)
    assert len(ids) < len(requirements(CAT))


@pytest.mark.parametrize("fmt", FORMATS)
def test_files_are_byte_identical_across_runs(fmt: str, tmp_path: Path) -> None:
    """Same catalogue, same bytes: a tender can cite the file's digest."""
    a = write_kravbilaga(tmp_path / f"a.{fmt}").read_bytes()
    b = write_kravbilaga(tmp_path / f"b.{fmt}").read_bytes()
    assert a == b


def test_unknown_format_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A suffix that is no format: a clear error, no file."""
    with pytest.raises(KravbilagaError):
        write_kravbilaga(tmp_path / "krav.txt")
    assert main(["kravbilaga", "--out", str(tmp_path / "krav.txt")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "krav.txt").exists()


def test_requirement_ids_are_stable_across_releases() -> None:
    """Every id of the previous release's kravbilaga is still there (tenders cite them)."""
    listed = [
        line
        for line in (ROOT / "tests/data/requirement_ids.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line and not line.startswith("#")
    ]
    current = [r.id for r in requirements(CAT)]
    assert len(listed) == len(set(listed))
    missing = [i for i in listed if i not in current]
    assert not missing, f"requirement ids removed from the kravbilaga: {missing}"
    new = [i for i in current if i not in set(listed)]
    assert not new, f"new requirement ids: run python tools/requirement_ids.py ({new[:5]})"
