"""Derive ``barn`` records from identity numbers when an export holds no ``barn`` file.

>>> import pandas as pd
>>> from bbic_su.importing._derive_barn import derive_barn
>>> akt = pd.DataFrame({"barn_id": ["p1", "p2", "p1"], "_born": ["2012-03-14", "2015-06-07",
...     "2012-03-14"], "_sex": ["female", "male", "female"], "_source_file": ["a.csv"] * 3},
...     index=[1, 2, 4])
>>> barn = derive_barn([akt], kommunkod="0180")
>>> barn[["barn_id", "kommunkod", "kon", "fodelsear"]].to_dict("records")[0]
{'barn_id': 'p1', 'kommunkod': '0180', 'kon': 'flicka', 'fodelsear': '2012'}
>>> barn.index.tolist(), barn["_source_file"].tolist()  # first row of each child
([1, 2], ['a.csv', 'a.csv'])

A municipality that exports one record type (e.g. only ``aktualisering``) still
has each child's birth date and sex in the personnummer. Before the number is
dropped, the mapper keeps them in two hidden columns; when no ``barn`` file was
imported, :func:`derive_barn` makes one ``barn`` record per pseudonymous child:
``fodelsear`` (the birth year), ``kon`` (``flicka``/``pojke`` as the
personnummer states it; nothing is guessed for other numbers) and ``kommunkod``
(the profile's ``kommunkod`` or the import option). Each record points at the
export row where the child first appears. The import report lists the derived
record type (``derived``), so nobody takes these records for exported ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from bbic_su.frames.dataset import SOURCE_FILE
from bbic_su.importing._mapping import BORN, SEX

__all__ = ["DERIVED_FROM", "derive_barn", "split_hidden"]

DERIVED_FROM = "identity numbers"
"""What the derived ``barn`` records come from (for the import report)."""
_KON = {"female": "flicka", "male": "pojke"}


def split_hidden(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``frame`` without the hidden birth/sex columns, and those columns (or ``None``)."""
    hidden = [c for c in (BORN, SEX) if c in frame.columns]
    if not hidden:
        return frame, None
    keep = ["barn_id", SOURCE_FILE, *hidden]
    info = frame[[c for c in keep if c in frame.columns]]
    return frame.drop(columns=hidden), info


def derive_barn(infos: Sequence[pd.DataFrame], *, kommunkod: str | None) -> pd.DataFrame:
    """One ``barn`` record per child in ``infos`` (first appearance wins), canonical text."""
    pieces = [i for i in infos if "barn_id" in i.columns and len(i)]
    if not pieces:
        return pd.DataFrame(columns=["barn_id", "kommunkod", "kon", "fodelsear"])
    rows = pd.concat(pieces)
    rows = rows[rows["barn_id"].notna()]
    first = rows[~rows["barn_id"].duplicated()]
    empty = pd.Series(None, index=first.index, dtype=object)
    born = pd.to_datetime(
        first[BORN] if BORN in first.columns else empty, format="%Y-%m-%d", errors="coerce"
    )
    out = pd.DataFrame(
        {
            "barn_id": first["barn_id"].astype(object),
            "kommunkod": pd.Series(kommunkod, index=first.index, dtype=object),
            "kon": (first[SEX] if SEX in first.columns else empty).map(_KON).astype(object),
            "fodelsear": born.dt.year.map(lambda y: None if pd.isna(y) else str(int(y))),
        },
        index=first.index,
    )
    if SOURCE_FILE in first.columns:
        out[SOURCE_FILE] = first[SOURCE_FILE].astype(object)
    return out.astype(object).where(out.notna(), None)
