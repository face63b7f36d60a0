"""The kravbilaga (tender annex) as files to paste: HTML, XLSX, CSV and DOCX.

>>> import bbic_su
>>> from bbic_su.conformance.kravbilaga import COLUMNS, front_matter, rows
>>> cat = bbic_su.catalog()
>>> dict(front_matter(cat))["Specifikationsversion"] == cat.spec.version
True
>>> first = rows(cat)[0]
>>> first[:2], first[COLUMNS.index("Verifieras genom")]
(('BBIC-SU-KRAV-001', 'Allmänt'), 'demonstration i systemet')
>>> sorted({r[1] for r in rows(cat)})
['Allmänt', 'Mått', 'Posttyp', 'Regel', 'Variabel', 'Värdemängd']

Every file carries the same **front matter** (title, spec version, library
version, date, documentation link, the legend of evidence statuses and of
legal-reference statuses, how each requirement is verified, and the disclaimer)
and the same **rows**, one per requirement of
:func:`bbic_su.spec.requirements.requirements` (scoped to a follow-up plan if one is
given): requirement id, kind, requirement text ("Systemet ska …"), name,
definition, value set with its codes, the entry's evidence status and its
codes' statuses, sources, legal references with their verification status, how
the requirement is verified, record type and variable. A pasted row keeps its
meaning because the id, the text and the status travel together.

:func:`write_kravbilaga` writes one file; the same bytes for the same catalogue,
plan and date. XLSX needs ``openpyxl`` (extra ``excel``), DOCX ``python-docx``
(extra ``docx``); HTML and CSV need nothing.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Literal

from bbic_su._version import __version__
from bbic_su.conformance import _kravbilaga_files as files
from bbic_su.conformance._kravbilaga_files import COLUMNS
from bbic_su.errors import KravbilagaError
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _packaged
from bbic_su.spec._model_legal import VERIFICATION_SV as _LEGAL_SV
from bbic_su.spec.plan import FollowUpPlan
from bbic_su.spec.requirements import KIND_SV, VERIFICATION_SV, Requirement, requirements

__all__ = [
    "COLUMNS",
    "DOCS_URL",
    "FORMATS",
    "KravFormat",
    "KravbilagaError",
    "front_matter",
    "render",
    "rows",
    "to_csv",
    "write_kravbilaga",
]

KravFormat = Literal["html", "xlsx", "csv", "docx"]
"""A file format of the kravbilaga."""

FORMATS: tuple[KravFormat, ...] = ("html", "xlsx", "csv", "docx")
"""The formats :func:`write_kravbilaga` writes."""

DOCS_URL = "https://github.com/bbic-su/bbic-su/tree/main/docs"
"""Where the documentation lives (the front matter links it)."""

TITLE = "Kravbilaga: BBIC-variabler för systematisk uppföljning"

DISCLAIMER = (
    "bbic-su är ett fristående projekt och är varken framtaget, granskat eller godkänt av "
    "Socialstyrelsen. BBIC är Socialstyrelsens varumärke. Katalogen är en rekonstruktion från "
    "offentliga källor, inte Socialstyrelsens officiella variabelbilaga: inget id, ingen kod "
    "och ingen definition är officiell, oavsett status. Poster med status «Preliminär» är "
    "egna rekonstruktioner och kan ändras när den officiella bilagan finns. Ange "
    "specifikationsversionen tillsammans med krav-id när kraven citeras."
)


def _legal_legend() -> str:
    meaning = {
        "verified": "en källa i katalogens källförteckning anger paragrafen",
        "unverified": "paragrafen har inte hittats i en källa som lästs; citera den inte som lag",
        "proposal": "numreringen kommer från ett utredningsförslag, inte från gällande lag",
    }
    return "; ".join(f"{_LEGAL_SV[k]}: {v}" for k, v in meaning.items()) + (
        ". Socialtjänstlagen (2001:453) upphävdes 2025-07-01 och ersattes av socialtjänstlagen "
        "(2025:400) med ny numrering."
    )


def front_matter(
    cat: Catalog, plan: FollowUpPlan | None = None, *, date: str | None = None
) -> tuple[tuple[str, str], ...]:
    """The front matter as (label, text) pairs, in Swedish.

    Args:
        cat: The catalogue.
        plan: The follow-up plan the rows are scoped to, if any.
        date: The date to print (default: the catalogue's date, so files are reproducible).
    """
    legend = (
        "; ".join(
            f"{s.name_sv}: {(s.definition_sv or s.definition).rstrip('.')}" for s in cat.statuses
        )
        + "."
    )
    out = [
        ("Titel", TITLE),
        ("Specifikationsversion", cat.spec.version),
        ("Specifikationens datum", str(cat.spec.date)),
        ("Biblioteksversion", f"bbic-su {__version__}"),
        ("Datum", date or str(cat.spec.date)),
        ("Dokumentation", DOCS_URL),
    ]
    if plan is not None:
        out.append(("Uppföljningsplan", f"{plan.name}: kraven gäller planens variabler"))
    if cat.extensions:
        names = ", ".join(Path(e).name for e in cat.extensions)
        out.append(("Lokala tillägg", names))
    out += [
        ("Statusförklaring", legend),
        ("Lagrumsstatus", _legal_legend()),
        (
            "Verifiering",
            "; ".join(f"«{v}»" for v in VERIFICATION_SV.values())
            + ". Kontrollen bbic-su conformance redovisar per krav-id vad den prövat.",
        ),
        ("Friskrivning", DISCLAIMER),
    ]
    return tuple(out)


def _status_sv(cat: Catalog, status: str | None) -> str:
    if status is None:
        return ""
    return next((s.name_sv for s in cat.statuses if s.id == status), status)


def _row(cat: Catalog, r: Requirement) -> tuple[str, ...]:
    codes = r.codes_sv
    if r.value_set and r.kind == "variable":
        codes = f"{r.value_set_requirement_id}: {codes}"
    return (
        r.id,
        KIND_SV[r.kind],
        r.text_sv,
        r.name_sv,
        r.definition_sv,
        codes,
        _status_sv(cat, r.status),
        r.code_status_sv,
        "; ".join(r.sources),
        r.legal_sv,
        VERIFICATION_SV[r.verification],
        r.record_type or "",
        r.variable or "",
    )


def rows(cat: Catalog, plan: FollowUpPlan | None = None) -> tuple[tuple[str, ...], ...]:
    """One row (:data:`COLUMNS`) per requirement, in kravbilaga order."""
    return tuple(_row(cat, r) for r in requirements(cat, plan))


def to_csv(front: tuple[tuple[str, str], ...], table: tuple[tuple[str, ...], ...]) -> bytes:
    """UTF-8 with BOM, ``;`` separated, CRLF (Swedish Excel): front matter, a blank row, rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerows(front)
    writer.writerow([])
    writer.writerow(COLUMNS)
    writer.writerows(table)
    return buf.getvalue().encode("utf-8-sig")


def render(
    fmt: KravFormat, cat: Catalog, plan: FollowUpPlan | None = None, *, date: str | None = None
) -> bytes:
    """The kravbilaga in ``fmt`` as bytes."""
    front, table = front_matter(cat, plan, date=date), rows(cat, plan)
    if fmt == "csv":
        return to_csv(front, table)
    if fmt == "html":
        return files.to_html(front, table).encode("utf-8")
    if fmt == "xlsx":
        return files.to_xlsx(front, table)
    return files.to_docx(front, table)


def write_kravbilaga(
    path: str | os.PathLike[str],
    fmt: KravFormat | None = None,
    *,
    plan: FollowUpPlan | None = None,
    catalog: Catalog | None = None,
    date: str | None = None,
) -> Path:
    """Write the kravbilaga to ``path`` and return the path.

    Args:
        path: The file to write.
        fmt: ``html``, ``xlsx``, ``csv`` or ``docx`` (default: from the file suffix).
        plan: Scope the requirements to a follow-up plan.
        catalog: The catalogue (default: the packaged one).
        date: The date in the front matter (default: the catalogue's date).

    Raises:
        KravbilagaError: The format is unknown and cannot be told from the suffix, or the
            format needs an extra that is not installed.
    """
    out = Path(path)
    chosen = fmt or out.suffix.lower().lstrip(".")
    if chosen not in FORMATS:
        raise KravbilagaError(
            f"okänt format för kravbilagan: {chosen!r}; välj html, xlsx, csv eller docx "
            "(--format eller filändelsen)"
        )
    data = render(chosen, catalog or _packaged(), plan, date=date)
    out.write_bytes(data)
    return out
