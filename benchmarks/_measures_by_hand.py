"""The hand-written pandas baseline of ``bench_measures.py``: every catalogue measure.

Each measure's denominator, numerator and excluded rows are written out as pandas
masks (the catalogue's expressions, translated by hand), then counted with merges,
``sort_values``/``drop_duplicates`` (the latest record of a child) and ``groupby``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

import bbic_su

TEMPLATE = "m_datakvalitet_fullstandighet"

_SAKNAS = "uppgift_saknas"


def _eq(s: pd.Series, value: object) -> pd.Series:
    return s.eq(value).fillna(False).astype(bool)


def _isin(s: pd.Series, values: Iterable[str]) -> pd.Series:
    return s.isin(list(values)).fillna(False).astype(bool)


def _given(s: pd.Series) -> pd.Series:
    """not_missing(): present and not uppgift_saknas (dates and integers: present)."""
    if pd.api.types.is_string_dtype(s.dtype):
        return (s.notna() & s.ne(_SAKNAS)).astype(bool)
    return s.notna().astype(bool)


def _any_of(s: pd.Series, codes: Iterable[str]) -> pd.Series:
    alt = "|".join(codes)
    return s.str.contains(rf"(?:^|\|)(?:{alt})(?:\||$)", regex=True).fillna(False).astype(bool)


def _cmp(values: pd.Series, op: str, limit: int) -> pd.Series:
    arr = values.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        out = {">=": arr >= limit, "<=": arr <= limit, "<": arr < limit, "==": arr == limit}[op]
    return pd.Series(out, index=values.index)


def _age(df: pd.DataFrame, date: str) -> pd.Series:
    return df[date].dt.year.astype("Int64") - df["fodelsear"]


def _days(df: pd.DataFrame, a: str, b: str) -> pd.Series:
    return (df[b] - df[a]).dt.days


EXTRACTION = pd.Timestamp("2024-12-31")
"""The extraction date of the benchmark data (deadline measures judge pending at it)."""


def _settled(den: pd.Series, event: pd.Series, limit: pd.Series) -> pd.Series:
    """The denominator without the pending records (event missing, limit not passed)."""
    pending = event.isna() & limit.notna() & (limit >= EXTRACTION)
    return (den & ~pending.fillna(False)).astype(bool)


def measures_by_hand(cat: Any) -> dict[str, tuple[str, str, str, Callable[..., Any]]]:
    """Measure id -> (record type, period date, unit, (den, num, excluded) of a frame)."""
    held = cat.value_set("insatstyp").groups["heldygn"]
    no = None  # no exclusions

    def m(rt: str, date: str, unit: str, fn: Callable[..., Any]) -> tuple[Any, ...]:
        return (rt, date, unit, fn)

    def mal(d: pd.DataFrame, num: pd.Series) -> tuple[Any, ...]:
        avslut = _eq(d.uppfoljningstyp, "avslut")
        den = avslut & _isin(d.maluppfyllelse, ["helt", "delvis", "inte_alls"])
        return den, num, avslut & ~den

    def lakare(d: pd.DataFrame) -> tuple[Any, ...]:
        h = _isin(d.insatstyp, held)
        obeh = _eq(d.lakarundersokning_infor_placering, "uppenbart_obehovlig")
        den = h & ~obeh
        return den, _eq(d.lakarundersokning_infor_placering, "genomford"), h & ~den & obeh

    def samarbete(d: pd.DataFrame) -> tuple[Any, ...]:
        den = _cmp(_age(d, "uppfoljningsdatum"), ">=", 1)
        num = _any_of(d.samverkan_insats, ["forskola", "skola", "elevhalsa"])
        return den, num, ~den & _cmp(_age(d, "uppfoljningsdatum"), "<", 1)

    def ater(d: pd.DataFrame) -> tuple[Any, ...]:
        age = _age(d, "senaste_avslut_datum")
        scope = _cmp(age, ">=", 13) & _cmp(age, "<=", 20)
        den = scope & ~_eq(d.ensamkommande, "ja") & _given(d.ny_utredning_inom_12_man)
        return den, _eq(d.ny_utredning_inom_12_man, "nej"), scope & ~den

    def uppfattning(d: pd.DataFrame) -> tuple[Any, ...]:
        ja = _eq(d.barnet_delgett_synpunkter_insats, "ja")
        opinions = ["mycket_bra", "ganska_bra", "varken_eller", "ganska_dalig", "mycket_dalig"]
        den = ja & _isin(d.barnets_uppfattning_insats, opinions)
        num = _isin(d.barnets_uppfattning_insats, ["mycket_bra", "ganska_bra"])
        return den, num, ja & ~den

    methods = ["adad", "cbcl", "ysr", "trf", "signs_of_safety", "home", "annan_standardiserad"]
    u, f, a, i = "utredning", "uppfoljning", "aktualisering", "insats"
    ud, fd, ad, idt = (
        "utredning_avslutad_datum",
        "uppfoljningsdatum",
        "aktualiseringsdatum",
        "insats_startdatum",
    )
    kids, recs = "distinct_children", "records"
    return {
        "m_enskilda_samtal_utredning": m(
            u, ud, kids, lambda d: (_given(d[ud]), _eq(d.barnet_traffat_enskilt, "ja"), no)
        ),
        "m_enskilda_samtal_placerade": m(
            f,
            fd,
            kids,
            lambda d: (_isin(d.insatstyp, held), _cmp(d.enskilda_samtal_med_barnet, ">=", 1), no),
        ),
        "m_lakarundersokning_infor_placering": m(i, idt, kids, lakare),
        "m_samarbete_forskola_skola": m(f, fd, kids, samarbete),
        "m_synpunkter_insats": m(
            f,
            fd,
            kids,
            lambda d: (_given(d[fd]), _eq(d.barnet_delgett_synpunkter_insats, "ja"), no),
        ),
        "m_mal_uppnatt": m(f, fd, recs, lambda d: mal(d, _eq(d.maluppfyllelse, "helt"))),
        "m_delaktighet_aktualisering": m(
            a,
            ad,
            recs,
            lambda d: (
                _given(d.beslut_om_utredning_datum),
                _eq(d.barnet_delaktigt_aktualisering, "ja"),
                no,
            ),
        ),
        "m_delaktighet_utredning": m(
            u, ud, kids, lambda d: (_given(d[ud]), _eq(d.barnet_delaktigt_utredning, "ja"), no)
        ),
        "m_delaktighet_uppfoljning": m(
            f, fd, recs, lambda d: (_given(d[fd]), _eq(d.barnet_delaktigt_uppfoljning, "ja"), no)
        ),
        "m_skyddsbedomning_i_tid": m(
            a,
            ad,
            recs,
            lambda d: (
                _settled(
                    _eq(d.aktualiseringssatt, "anmalan"),
                    d.skyddsbedomning_datum,
                    d[ad] + pd.Timedelta(days=1),
                ),
                _cmp(_days(d, ad, "skyddsbedomning_datum"), "<=", 1),
                no,
            ),
        ),
        "m_forhandsbedomning_14_dagar": m(
            a,
            ad,
            recs,
            lambda d: (
                _settled(
                    _eq(d.aktualiseringssatt, "anmalan"),
                    d.beslut_om_utredning_datum,
                    d[ad] + pd.Timedelta(days=14),
                ),
                _cmp(_days(d, ad, "beslut_om_utredning_datum"), "<=", 14),
                no,
            ),
        ),
        "m_utredning_4_manader": m(
            u,
            "utredning_inledd_datum",
            recs,
            lambda d: (
                _settled(
                    _given(d.utredning_inledd_datum),
                    d[ud],
                    d.utredning_inledd_datum + pd.DateOffset(months=4),
                ),
                (d[ud] <= d.utredning_inledd_datum + pd.DateOffset(months=4)).fillna(False),
                no,
            ),
        ),
        "m_overvagande_i_tid": m(
            f,
            fd,
            recs,
            lambda d: (
                _isin(d.uppfoljningstyp, ["overvagande", "omprovning"]),
                _eq(d.overvagande_i_tid, "ja"),
                no,
            ),
        ),
        "m_mal_helt_eller_delvis": m(
            f, fd, recs, lambda d: mal(d, _isin(d.maluppfyllelse, ["helt", "delvis"]))
        ),
        "m_sammanbrott": m(
            f,
            "insats_avslutad_datum",
            recs,
            lambda d: (
                _eq(d.uppfoljningstyp, "avslut") & _isin(d.insatstyp, held),
                _eq(d.sammanbrott, "ja"),
                no,
            ),
        ),
        "m_ateraktualisering_12_man": m("barn", "senaste_avslut_datum", kids, ater),
        "m_ateraktualiseringar_andel": m(
            a, ad, recs, lambda d: (_given(d[ad]), _eq(d.ateraktualisering, "ja"), no)
        ),
        "m_uppfoljningsbara_mal": m(
            i,
            idt,
            recs,
            lambda d: (
                _eq(d.genomforandeplan_upprattad, "ja"),
                _eq(d.uppfoljningsbara_mal, "ja"),
                no,
            ),
        ),
        "m_sip": m(i, idt, kids, lambda d: (_given(d.insatstyp), _eq(d.sip_upprattad, "ja"), no)),
        "m_standardiserad_bedomning": m(
            u,
            ud,
            recs,
            lambda d: (_given(d[ud]), _any_of(d.standardiserad_bedomningsmetod, methods), no),
        ),
        "m_riskbedomning_uppfoljning": m(
            f, fd, recs, lambda d: (_given(d[fd]), _eq(d.riskbedomning_genomford, "ja"), no)
        ),
        "m_barnets_uppfattning_positiv": m(f, fd, recs, uppfattning),
        "m_placeringsstabilitet": m(
            f,
            fd,
            recs,
            lambda d: (_isin(d.insatstyp, held), _cmp(d.antal_placeringsbyten, "==", 0), no),
        ),
    }


def applies_by_hand(cat: Any) -> dict[str, Callable[[pd.DataFrame], pd.Series]]:
    """The ``applies_if`` conditions of the catalogue variables, written out."""
    held = cat.value_set("insatstyp").groups["heldygn"]
    anmalan = lambda d: _eq(d.aktualiseringssatt, "anmalan")  # noqa: E731
    heldygn = lambda d: _isin(d.insatstyp, held)  # noqa: E731
    avslut = lambda d: _eq(d.uppfoljningstyp, "avslut")  # noqa: E731
    return {
        "anmalare": anmalan,
        "skyddsbedomning_datum": anmalan,
        "omedelbart_skyddsbehov": anmalan,
        "skal_ej_utredning": lambda d: _eq(d.beslut_om_utredning, "inte_inleda_utredning"),
        "synnerliga_skal_forhandsbedomning": anmalan,
        "placeringsform": heldygn,
        "vardplan_upprattad": heldygn,
        "halsoundersokning_begard_datum": heldygn,
        "lakarundersokning_infor_placering": heldygn,
        "uppfoljningsbara_mal": lambda d: _eq(d.genomforandeplan_upprattad, "ja"),
        "barnets_uppfattning_insats": lambda d: _eq(d.barnet_delgett_synpunkter_insats, "ja"),
        "riskbedomning_utfall": lambda d: _eq(d.riskbedomning_genomford, "ja"),
        "antal_placeringsbyten": heldygn,
        "overvagande_i_tid": lambda d: _isin(d.uppfoljningstyp, ["overvagande", "omprovning"]),
        "insats_avslutad_datum": avslut,
        "avslutsorsak": avslut,
        "sammanbrott": lambda d: avslut(d) & heldygn(d),
        "sammanbrott_initierat_av": lambda d: _eq(d.sammanbrott, "ja"),
        "uppfoljning_barnets_situation_beslutad": lambda d: _isin(
            d.utredningens_resultat, ["ingen_insats_behov_saknas", "ingen_insats_samtycke_saknas"]
        ),
    }


def by_hand(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The same numbers with plain pandas: merges, masks, groupby."""
    cat = bbic_su.catalog()
    groups = cat.value_set("aldersgrupp_officiell").codes
    mins = np.array([c.min for c in groups])
    maxs = np.array([c.max for c in groups])
    codes = np.array([c.code for c in groups], dtype=object)
    barn = frames["barn"][["barn_id", "kommunkod", "kon", "fodelsear"]].drop_duplicates("barn_id")
    insats = frames["insats"][["insats_id", "insatstyp"]].drop_duplicates("insats_id")
    keys = ["kommunkod", "kon", "ag"]

    joined: dict[str, pd.DataFrame] = {}
    for rt, frame in frames.items():  # each record with its child (and insats) columns
        df = frame if rt == "barn" else frame.merge(barn, on="barn_id", how="left")
        if rt == "uppfoljning":
            df = df.merge(insats, on="insats_id", how="left")
        df["kon"] = df["kon"].fillna("_saknas")
        df["kommunkod"] = df["kommunkod"].fillna("_saknas")
        joined[rt] = df

    def cells(df: pd.DataFrame, date: str) -> pd.DataFrame:
        age = (df[date].dt.year - df["fodelsear"]).to_numpy(dtype="float64", na_value=np.nan)
        pos = np.clip(np.searchsorted(mins, age, side="right") - 1, 0, len(mins) - 1)
        ok = (age >= mins[pos]) & (age <= maxs[pos])
        return df.assign(ag=np.where(ok, codes[pos], "_saknas"), _date=df[date])

    def records(df: pd.DataFrame, den: Any, num: Any, exc: Any) -> pd.DataFrame:
        parts = pd.DataFrame({"numerator": num & den, "denominator": den, "excluded": exc & ~den})
        return parts.groupby([df[k] for k in keys]).sum().reset_index()

    def children(df: pd.DataFrame, den: Any, num: Any, exc: Any) -> pd.DataFrame:
        d = df.assign(_den=den, _hit=den & num, _exc=exc, _row=np.arange(len(df)))
        d = d[d["_den"] | d["_exc"]]
        hit = d.groupby(["kommunkod", "barn_id"])["_hit"].any().rename("hit")
        d = d.sort_values(["_den", "_date", "_row"], na_position="first")
        last = d.drop_duplicates(["kommunkod", "barn_id"], keep="last")
        last = last.join(hit, on=["kommunkod", "barn_id"])
        parts = pd.DataFrame(
            {
                "numerator": last["_den"] & last["hit"],
                "denominator": last["_den"],
                "excluded": ~last["_den"],
            }
        )
        return parts.groupby([last[k] for k in keys]).sum().reset_index()

    res = []
    for mid, (rt, date, unit, fn) in measures_by_hand(cat).items():
        df = cells(joined[rt], date)
        den, num, exc = fn(df)
        exc = pd.Series(False, index=df.index) if exc is None else exc
        count = children if unit == "distinct_children" else records
        res.append(
            count(df, den.astype(bool), num.astype(bool), exc.astype(bool)).assign(measure=mid)
        )
    applies = applies_by_hand(cat)
    for rt, df in joined.items():  # the template, per variable, totals per kommunkod
        for v in cat.variables_of(rt):
            if v.id not in frames[rt].columns:
                continue
            den = applies[v.id](df) if v.id in applies else pd.Series(True, index=df.index)
            num = den & _given(df[v.id])
            parts = pd.DataFrame({"numerator": num, "denominator": den, "excluded": ~den})
            out = parts.groupby(df["kommunkod"]).sum().reset_index()
            res.append(out.assign(measure=f"{TEMPLATE}[{v.id}]", kon="_total", ag="_total"))
    return pd.concat(res, ignore_index=True)
