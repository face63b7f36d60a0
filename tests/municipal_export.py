"""A municipality's first export (issue #17): one record type, cp1252, ';', Swedish headers.

200 ``aktualisering`` rows with J/N answers, YYYYMMDD dates, personnummer and
nine planted faults. Rows 5 and 12 carry invalid identity numbers (rejected at
import); rows 21, 22 and 31 carry faults that validation must report under
those numbers, after the import as before it.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

HEADER = [
    "Ärende-ID",
    "Personnummer",
    "Aktualiseringsdatum",
    "Typ av ärende",
    "Anmälare",
    "Tidigare känd",
    "Omedelbart skyddsbehov",
    "Beslut",
    "Beslutsdatum",
    "Handläggare",
]
REJECTED_ROWS = (5, 12)
FAULT_ROWS = (21, 22, 31)
"""Row 21: an impossible date; row 22: a code nobody maps; row 31: decision before intake."""
N_ROWS = 200


def _luhn(digits: str) -> int:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 - i % 2)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def personnummer(born: dt.date, serial: int) -> str:
    """A synthetic personnummer (YYYYMMDD-NNNC) with a valid check digit."""
    body = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y%m%d}-{serial:03d}{_luhn(body)}"


def rows(seed: int = 17) -> list[list[str]]:
    """The 200 data rows (faults planted at the documented rows)."""
    rng = random.Random(seed)
    out = []
    for n in range(1, N_ROWS + 1):
        born = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 12 * 365))
        pnr = personnummer(born, 100 + n)
        intake = dt.date(2024, 1, 2) + dt.timedelta(days=rng.randrange(0, 330))
        decided = intake + dt.timedelta(days=rng.randrange(1, 14))
        not_opened = n % 3 == 0
        out.append(
            [
                f"A{n:04d}",
                pnr,
                f"{intake:%Y%m%d}",
                rng.choice(["Anmälan", "Ansökan", "Anmälan"]),
                rng.choice(["Skola", "Polis", "Hälso- och sjukvård", "Anonym"]),
                rng.choice(["J", "N"]),
                rng.choice(["J", "N", "N"]),
                "Ej inleda utredning" if not_opened else "Inleda utredning",
                f"{decided:%Y%m%d}",
                f"Handläggare {n % 7}",
            ]
        )
    for r in REJECTED_ROWS:
        out[r - 1][1] = "20130505-1234"  # bad check digit
    out[20][2] = "20240230"  # row 21: no such date
    out[21][4] = "Grannen"  # row 22: maps to no code
    out[30][8] = "20231201"  # row 31: decided before the intake
    out[40][0] = out[39][0]  # row 41: duplicate id
    out[50][3] = ""  # row 51: required value missing
    out[60][5] = "Kanske"  # row 61: maps to no code
    out[70][2] = ""  # row 71: intake date missing
    return out


def write_export(folder: Path, name: str = "aktualiseringar.csv") -> Path:
    """Write the export (cp1252, ';', CRLF) and return its path."""
    lines = [";".join(HEADER), *(";".join(r) for r in rows())]
    path = folder / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path
