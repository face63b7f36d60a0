"""The simulated case flow: children, reports, investigations, interventions, follow-ups.

>>> import datetime as dt, numpy as np
>>> from bbic_su.synth._timeline import simulate
>>> import bbic_su
>>> t = simulate(np.random.default_rng(1), bbic_su.catalog(), 50, dt.date(2024, 1, 1),
...              dt.date(2024, 12, 31), 2)
>>> t["barn"].n, t["aktualisering"].n >= 50
(50, True)

Only the *timeline* and the codes the flow branches on are set here, vectorised
over all records of a step (loops run over the k-th report of a child or the k-th
follow-up of an intervention, never over records). Dates are clipped to the end of
the period (the extraction date): an event after it has not happened yet, so the
investigation is open, the intervention not started or not closed. Every other
variable is filled from the catalogue by :mod:`bbic_su.synth._fill`.
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np

from bbic_su.spec._catalog import Catalog
from bbic_su.synth._assumptions import (
    AGE_WEIGHTS,
    CODES,
    DAYS,
    LAGRUM,
    RATES,
    REVIEW_TYPE,
    WEIGHTS,
)
from bbic_su.synth._dates import (
    NAT,
    Dates,
    Ints,
    Objects,
    add_days,
    add_months,
    completed_years,
    draw,
    draw_rows,
    uniform_days,
)

__all__ = ["Table", "code", "simulate"]


@attrs.define
class Table:
    """One record type's simulated columns (positional), with links to other tables."""

    n: int
    cols: dict[str, np.ndarray]
    child: Ints
    parent: Ints
    refs: dict[str, tuple[str, Ints]] = attrs.field(factory=dict)
    """Extra key columns: field -> (record type, positions; -1 = empty)."""


def code(role: str) -> str:
    """The code playing ``role`` in the flow (see ``CODES`` in the assumptions)."""
    return CODES[role][1]


def pd_notna(values: Objects) -> np.ndarray:
    """Cells that hold a value (not ``None``)."""
    out: np.ndarray = np.not_equal(values, np.full(len(values), None, dtype=object))
    return out


def _none(n: int) -> Objects:
    return np.full(n, None, dtype=object)


def _where(mask: np.ndarray, value: np.ndarray) -> Objects:
    """``value`` where ``mask`` holds, ``None`` elsewhere."""
    out = _none(len(mask))
    out[mask] = value[mask]
    return out


def _children(rng: np.random.Generator, n: int, munis: int, first: int = 1) -> Table:
    w = 1.0 / np.arange(1, munis + 1) ** 0.7
    muni = rng.choice(munis, size=n, p=w / w.sum())
    muni[:munis] = np.arange(munis)  # every municipality has a child
    cols: dict[str, np.ndarray] = {
        "kommunkod": np.array([f"99{first + m:02d}" for m in range(munis)], dtype=object)[muni],
        "kon": draw(rng, WEIGHTS["kon"], n),
    }
    return Table(n, cols, np.arange(n), np.full(n, -1))


def _reports(
    rng: np.random.Generator, kids: Table, start: np.datetime64, end: np.datetime64
) -> Table:
    per_child = 1 + np.minimum(rng.poisson(RATES["extra_actualisations"], kids.n), 5)
    child = np.repeat(np.arange(kids.n), per_child)
    span = int((end - start).astype(np.int64))
    date = add_days(np.full(len(child), start), rng.integers(0, span + 1, len(child)))
    order = np.lexsort((date, child))
    child, date = child[order], date[order]
    n = len(child)
    # birth date from the age at the child's last report; never after the first report
    first = np.full(kids.n, end)
    last = np.full(kids.n, start)
    np.minimum.at(first, child, date)
    np.maximum.at(last, child, date)
    p = np.array(AGE_WEIGHTS, dtype=float)
    age = rng.choice(len(p), size=kids.n, p=p / p.sum())
    birth = _minus_years(last, age)
    birth = np.minimum(add_days(birth, -uniform_days(rng, (0, 364), kids.n)), first)
    kids.cols["_birth"] = birth
    kids.cols["fodelsear"] = (birth.astype("datetime64[Y]").astype(np.int64) + 1970).astype(float)
    satt = draw(rng, WEIGHTS["aktualiseringssatt"], n)
    report = satt == code("report")
    u = rng.random(n)
    delay = np.where(u < RATES["protection_late"], uniform_days(rng, (2, 6), n), 0)
    delay = np.where(
        (u >= RATES["protection_late"])
        & (u < RATES["protection_late"] + RATES["protection_next_day"]),
        1,
        delay,
    )
    protect = np.where(report, np.minimum(add_days(date, delay), end), NAT)
    late = rng.random(n) < RATES["decision_late"]
    days = np.where(
        late, uniform_days(rng, DAYS["decision_late"], n), uniform_days(rng, DAYS["decision"], n)
    )
    decided = add_days(date, days)
    decided = np.where(report, np.maximum(decided, protect), decided)
    decided = np.where(decided > end, NAT, decided)
    decision = draw(rng, WEIGHTS["beslut_om_utredning"], n)
    decision[np.isnat(decided)] = None
    excused = late & (rng.random(n) < RATES["decision_late_excused"])
    special = np.where(rng.random(n) < RATES["uppgift_saknas"], code("missing"), code("no"))
    special = np.where(excused, code("yes"), special).astype(object)
    special[~report] = None
    cols: dict[str, np.ndarray] = {
        "aktualiseringsdatum": date,
        "aktualiseringssatt": satt,
        "skyddsbedomning_datum": protect,
        "beslut_om_utredning": decision,
        "beslut_om_utredning_datum": decided,
        "synnerliga_skal_forhandsbedomning": special,
        "alder_vid_aktualisering": completed_years(birth[child], date).astype(float),
    }
    return Table(n, cols, child, child)


def _minus_years(dates: Dates, years: Ints) -> Dates:
    month = dates.astype("datetime64[M]") - (12 * years).astype("timedelta64[M]")
    day = (dates - dates.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    last = ((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")).astype(np.int64)
    out: Dates = month.astype("datetime64[D]") + np.minimum(day, last - 1).astype("timedelta64[D]")
    return out


def _investigations(rng: np.random.Generator, akt: Table, end: np.datetime64, n_kids: int) -> Table:
    """Open investigations report by report; later reports may join an open one."""
    k = np.arange(akt.n) - np.searchsorted(akt.child, akt.child)
    open_pos = np.full(n_kids, -1)
    open_until = np.full(n_kids, NAT)
    linked = np.full(akt.n, -1)
    parents: list[Ints] = []
    starts: list[Dates] = []
    ends: list[Dates] = []
    total = 0
    decision = akt.cols["beslut_om_utredning"]
    for step in range(int(k.max()) + 1 if akt.n else 0):
        rows = np.flatnonzero(k == step)
        kid = akt.child[rows]
        date = akt.cols["aktualiseringsdatum"][rows]
        ongoing = (open_pos[kid] >= 0) & ~(open_until[kid] < date)
        join = (
            ongoing & pd_notna(decision[rows]) & (rng.random(len(rows)) < RATES["added_to_ongoing"])
        )
        decision[rows[join]] = code("added_to_ongoing")
        linked[rows[join]] = open_pos[kid[join]]
        new = rows[decision[rows] == code("open_investigation")]
        m = len(new)
        inledd = np.minimum(
            add_days(
                akt.cols["beslut_om_utredning_datum"][new],
                uniform_days(rng, DAYS["investigation_start"], m),
            ),
            end,
        )
        limit = add_months(inledd, 4)
        over = rng.random(m) < RATES["investigation_late"]
        closed = np.where(
            over,
            add_days(limit, uniform_days(rng, DAYS["investigation_over"], m)),
            np.minimum(add_days(inledd, uniform_days(rng, DAYS["investigation"], m)), limit),
        )
        closed = np.where(closed > end, NAT, closed)
        parents.append(new)
        starts.append(inledd)
        ends.append(closed)
        kid_new = akt.child[new]
        open_pos[kid_new] = total + np.arange(m)
        open_until[kid_new] = np.where(np.isnat(closed), np.datetime64("9999-12-31"), closed)
        total += m
    parent = np.concatenate(parents) if parents else np.zeros(0, dtype=np.int64)
    inledd = np.concatenate(starts) if starts else np.zeros(0, dtype="datetime64[D]")
    closed = np.concatenate(ends) if ends else np.zeros(0, dtype="datetime64[D]")
    n = len(parent)
    late = closed > add_months(inledd, 4)
    extended = late & (rng.random(n) < RATES["investigation_late_extended"])
    ext = np.where(rng.random(n) < RATES["uppgift_saknas"], code("missing"), code("no"))
    akt.refs["kopplad_utredning_id"] = ("utredning", linked)
    cols: dict[str, np.ndarray] = {
        "utredning_inledd_datum": inledd,
        "utredning_avslutad_datum": closed,
        "beslut_forlangd_utredning": np.where(extended, code("yes"), ext).astype(object),
    }
    return Table(n, cols, akt.child[parent], parent)


def _outcomes(rng: np.random.Generator, utr: Table, kids: Table) -> None:
    weights = WEIGHTS["utredningens_resultat"]
    codes = list(weights)
    base = np.array([weights[c] for c in codes], dtype=float)
    boy = np.array(codes) == code("intervention_decided")
    p = np.tile(base, (utr.n, 1))
    is_boy = kids.cols["kon"][utr.child] == code("boy")
    p[np.ix_(is_boy, boy)] *= RATES["boys_intervention_factor"]
    result = draw_rows(rng, codes, p) if utr.n else np.zeros(0, dtype=object)
    result[np.isnat(utr.cols["utredning_avslutad_datum"])] = None
    utr.cols["utredningens_resultat"] = result


def _interventions(
    rng: np.random.Generator, akt: Table, utr: Table, end: np.datetime64, heldygn: frozenset[str]
) -> Table:
    result = utr.cols["utredningens_resultat"]
    decided = np.flatnonzero(result == code("intervention_decided"))
    twice = decided[rng.random(len(decided)) < RATES["second_intervention"]]
    lvu = np.flatnonzero(result == code("lvu_application"))
    from_utr = np.concatenate([decided, twice, lvu])
    kind = draw(rng, WEIGHTS["insatstyp"], len(decided) + len(twice))
    kind = np.concatenate([kind, np.full(len(lvu), code("lvu_care"), dtype=object)])
    beslut = np.minimum(
        add_days(
            utr.cols["utredning_avslutad_datum"][from_utr],
            uniform_days(rng, DAYS["intervention_decision"], len(from_utr)),
        ),
        end,
    )
    no_inv = np.flatnonzero(
        (akt.cols["beslut_om_utredning"] == code("no_investigation"))
        & (rng.random(akt.n) < RATES["without_investigation"])
    )
    kind2 = draw(rng, WEIGHTS["insatstyp_utan_utredning"], len(no_inv))
    beslut2 = np.minimum(
        add_days(
            akt.cols["beslut_om_utredning_datum"][no_inv], uniform_days(rng, (0, 14), len(no_inv))
        ),
        end,
    )
    parent = np.concatenate([from_utr, np.full(len(no_inv), -1)])
    child = np.concatenate([utr.child[from_utr], akt.child[no_inv]])
    insatstyp = np.concatenate([kind, kind2])
    beslut = np.concatenate([beslut, beslut2])
    n = len(parent)
    lagrum = np.full(n, code("default_lagrum"), dtype=object)
    for typ, weights in LAGRUM.items():
        rows = np.flatnonzero(insatstyp == typ)
        lagrum[rows] = draw(rng, weights, len(rows))
    lagrum[len(from_utr) :] = code("without_investigation")
    emergency = insatstyp == code("emergency_lvu")
    start = add_days(beslut, np.where(emergency, 0, uniform_days(rng, DAYS["start"], n)))
    start = np.where(start > end, NAT, start)
    placed = np.isin(insatstyp, list(heldygn))
    length = np.where(
        placed, uniform_days(rng, DAYS["placement"], n), uniform_days(rng, DAYS["open_care"], n)
    )
    length = np.where(emergency, uniform_days(rng, DAYS["emergency"], n), length)
    asked = placed & (rng.random(n) < RATES["health_exam_requested"])
    begard = np.where(asked, np.minimum(add_days(beslut, uniform_days(rng, (0, 7), n)), end), NAT)
    exam = _none(n)
    exam[asked] = draw(rng, WEIGHTS["lakarundersokning_infor_placering"], int(asked.sum()))
    exam[placed & ~asked] = code("not_needed")
    cols: dict[str, np.ndarray] = {
        "insats_beslutsdatum": beslut,
        "insatstyp": insatstyp,
        "lagrum": lagrum,
        "insats_startdatum": start,
        "halsoundersokning_begard_datum": begard,
        "lakarundersokning_infor_placering": exam,
        "_end": add_days(start, length),
        "_placed": placed,
    }
    return Table(n, cols, child, parent)


def _follow_ups(rng: np.random.Generator, ins: Table, end: np.datetime64) -> Table:
    start, stop = ins.cols["insats_startdatum"], ins.cols["_end"]
    placed = ins.cols["_placed"]
    emergency = ins.cols["insatstyp"] == code("emergency_lvu")
    review = np.array(
        [REVIEW_TYPE.get(x, code("review")) for x in ins.cols["lagrum"]], dtype=object
    )
    pos: list[Ints] = []
    dates: list[Dates] = []
    kinds: list[Objects] = []
    early = placed & ~emergency & (rng.random(ins.n) < RATES["extra_care_follow_up"])
    first = add_days(start, uniform_days(rng, DAYS["care_follow_up"], ins.n))
    ok = early & (first < stop) & (first <= end)
    pos.append(np.flatnonzero(ok))
    dates.append(first[ok])
    kinds.append(np.full(int(ok.sum()), code("follow_up_care"), dtype=object))
    prev = start.copy()
    active = ~np.isnat(start) & ~emergency
    while active.any():
        late = placed & (rng.random(ins.n) < RATES["review_late"])
        gap = np.where(
            placed,
            np.where(
                late,
                uniform_days(rng, DAYS["review_late"], ins.n),
                uniform_days(rng, DAYS["review"], ins.n),
            ),
            uniform_days(rng, DAYS["open_care_follow_up"], ins.n),
        )
        nxt = add_days(prev, gap)
        active &= (nxt < stop) & (nxt <= end)
        rows = np.flatnonzero(active)
        pos.append(rows)
        dates.append(nxt[rows])
        kinds.append(np.where(placed[rows], review[rows], code("follow_up_open")).astype(object))
        prev = nxt
    done = ~np.isnat(stop) & (stop <= end)
    rows = np.flatnonzero(done)
    pos.append(rows)
    dates.append(
        np.minimum(add_days(stop[rows], uniform_days(rng, DAYS["closure_record"], len(rows))), end)
    )
    kinds.append(np.full(len(rows), code("closure"), dtype=object))
    parent = np.concatenate(pos)
    date = np.concatenate(dates)
    order = np.lexsort((date, parent))
    parent, date = parent[order], date[order]
    kind = np.concatenate(kinds)[order]
    n = len(parent)
    closure = kind == code("closure")
    closed_on = np.where(closure, stop[parent], NAT)
    breakdown = _none(n)
    care = closure & placed[parent]
    u = rng.random(n)
    breakdown[care] = np.where(
        u[care] < RATES["breakdown"],
        code("yes"),
        np.where(u[care] > 1 - RATES["uppgift_saknas"], code("missing"), code("no")),
    )
    reason = _none(n)
    reason[closure] = draw(rng, WEIGHTS["avslutsorsak"], int(closure.sum()))
    reason[breakdown == code("yes")] = code("breakdown_reason")
    cols: dict[str, np.ndarray] = {
        "uppfoljningsdatum": date,
        "uppfoljningstyp": kind,
        "insats_avslutad_datum": closed_on,
        "avslutsorsak": reason,
        "sammanbrott": breakdown,
    }
    return Table(n, cols, ins.child[parent], parent)


def simulate(
    rng: np.random.Generator,
    cat: Catalog,
    children: int,
    start: dt.date,
    end: dt.date,
    municipalities: int,
    first_municipality: int = 1,
) -> dict[str, Table]:
    """Simulate the case flow of ``children`` children between ``start`` and ``end``.

    Municipality codes run from ``99<first_municipality>`` (two digits).
    """
    s, e = np.datetime64(start, "D"), np.datetime64(end, "D")
    heldygn = frozenset(cat.value_set("insatstyp").groups["heldygn"])
    kids = _children(rng, children, municipalities, first_municipality)
    akt = _reports(rng, kids, s, e)
    utr = _investigations(rng, akt, e, kids.n)
    _outcomes(rng, utr, kids)
    ins = _interventions(rng, akt, utr, e, heldygn)
    upp = _follow_ups(rng, ins, e)
    return {"barn": kids, "aktualisering": akt, "utredning": utr, "insats": ins, "uppfoljning": upp}
