"""Synthetic BBIC follow-up data: realistic canonical datasets, optionally with known faults.

>>> import bbic_su
>>> from bbic_su import synth
>>> ds = synth.generate(children=200, seed=7, period=2024, municipalities=2)
>>> ds.record_types
('barn', 'aktualisering', 'utredning', 'insats', 'uppfoljning')
>>> sorted(ds["barn"]["kommunkod"].unique())  # synthetic municipality codes
['9901', '9902']
>>> report = bbic_su.validate(ds)
>>> report.counts_by_severity()["error"]
0
>>> ds, truth = synth.generate_with_truth(children=200, seed=7, error_rate=0.05)
>>> found = {(i.code.value, i.record_type, i.row, i.variable) for i in bbic_su.validate(ds).issues}
>>> found == set(truth[["code", "record_type", "row", "variable"]].itertuples(index=False))
True

Nothing here describes real children. The case flow (reports, protection
assessments, decisions, investigations, SoL and LVU interventions, placements,
follow-ups, reviews and closures) is simulated with numpy, vectorised over all
records, from the seed only: the same arguments give identical frames. Every
variable of every record type is filled from the catalogue (datatype, value set,
``applies_if``, ``required``/``required_if``, ranges); the few realistic shapes
(sex ratio, intervention mix, share of kept deadlines, breakdowns ...) are kept in
one table, :mod:`bbic_su.synth._assumptions`. Municipality codes are ``9901``,
``9902``, ...: obviously synthetic, no Swedish municipality has a code above 2584.

Derived variables are computed by :func:`bbic_su.frames.derivation.derive_columns` from
their derivations in the catalogue, with the end of the period as the extraction
date, exactly as :func:`bbic_su.derive` computes them for any dataset; only
``alder_vid_aktualisering`` is taken at the border, from the (simulated) birth date,
as the import takes it from the identity number. (``ny_utredning_inom_12_man`` cannot
be ``ja`` in one extract by its definition: it is ``nej`` once 365 days have passed
since ``senaste_avslut_datum``, otherwise empty.)

With ``error_rate == 0`` validation reports no errors; the only findings are the
late deadlines the synthetic distribution implies (``deadline-exceeded``
warnings, and ``interval-exceeded`` warnings for the reviews of a placement more
than six months apart, exactly those with ``overvagande_i_tid`` ``nej``) and
data-quality notes on variables that are legitimately often empty
(``high-missing-share``). No date lies after the end of the period, so
``validate(..., extraction_date=<end>)`` reports the same, plus the warnings about
cases still open at the extraction date past their limits (``deadline-passed-open``,
``interval-passed-open``), which the truth does not list.
:func:`generate_with_truth` returns them as the *ground truth*; with
``error_rate > 0`` the truth also lists one finding per injected fault (see
:mod:`bbic_su.synth._inject`), so a correct validator reports exactly the truth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.synth._generate import (
        MAX_MUNICIPALITIES,
        Period,
        SynthError,
        Synthetic,
        generate,
        generate_with_truth,
        parse_period,
    )
    from bbic_su.synth._inject import INJECTED_CODES

__all__ = [
    "INJECTED_CODES",
    "MAX_MUNICIPALITIES",
    "Period",
    "SynthError",
    "Synthetic",
    "generate",
    "generate_with_truth",
    "parse_period",
]

__getattr__, __dir__ = lazy(
    __name__,
    {
        "INJECTED_CODES": "bbic_su.synth._inject",
        "MAX_MUNICIPALITIES": "bbic_su.synth._generate",
        "Period": "bbic_su.synth._generate",
        "SynthError": "bbic_su.synth._generate",
        "Synthetic": "bbic_su.synth._generate",
        "generate": "bbic_su.synth._generate",
        "generate_with_truth": "bbic_su.synth._generate",
        "parse_period": "bbic_su.synth._generate",
    },
)
