"""What a measure reads: its instances, the typed views of a dataset and per-row arrays.

>>> import bbic_su
>>> from bbic_su.measures._data import measure_instances
>>> [i.id for i in measure_instances(bbic_su.catalog(), ["m_mal_uppnatt"], None, None)]
['m_mal_uppnatt']
>>> inst = measure_instances(bbic_su.catalog(), ["m_datakvalitet_fullstandighet[kon]"], None, None)
>>> inst[0].record_type, inst[0].period_variable
('barn', None)
>>> from bbic_su.expr import to_text
>>> text = to_text(measure_instances(bbic_su.catalog(), ["m_mal_uppnatt"], None, None)[0].excluded)
>>> text.startswith('uppfoljningstyp == "avslut" and not (uppfoljningstyp == "avslut"')
True

The typed views come from the validation engine (:func:`bbic_su.frames._views.build_view`
and the ancestor linking of :mod:`bbic_su.validation`), so a cell that validation finds
invalid is missing here too. :func:`typed_views` is the thin wrapper that builds them for
the columns the measures read.

The ``excluded`` expression of an instance: the denominator's conjuncts that read
neither a filter variable nor (unless missing values stay in the denominator) a
numerator variable form the measure's *scope*; a record is excluded when it is in the
scope, fails the denominator and, for ``keep_in_denominator`` measures, matches one of
``exclusions.filters``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from bbic_su.errors import UnknownIdError
from bbic_su.expr._api import parse, refs, substitute
from bbic_su.expr._ast import And, Expr, Not, Or
from bbic_su.measures._breakdowns import MeasureError
from bbic_su.spec._catalog import Catalog
from bbic_su.spec.model import Measure
from bbic_su.spec.plan import FollowUpPlan

__all__ = ["Instance", "measure_instances", "template_id"]


@attrs.frozen
class Instance:
    """One computable measure: a catalogue measure, or a template applied to one variable.

    ``period_variable`` is ``None`` for a template on a child-level (barn) variable: the
    child is then dated by its latest linked record.
    """

    id: str
    measure: Measure
    record_type: str
    period_variable: str | None
    denominator: Expr
    numerator: Expr
    excluded: Expr | None


def template_id(measure: str, variable: str) -> str:
    """The id of a template measure applied to ``variable``, e.g. ``m_x[kon]``."""
    return f"{measure}[{variable}]"


def _names(expr: Expr) -> set[str]:
    return {r.name for r in refs(expr)}


def _one(parts: Sequence[Expr], kind: type[And] | type[Or]) -> Expr:
    return parts[0] if len(parts) == 1 else kind(tuple(parts))


def _excluded(m: Measure, den: Expr, num: Expr) -> Expr | None:
    policy = m.exclusions.missing
    filters = [parse(f.predicate) for f in m.exclusions.filters]
    if policy == "keep_in_denominator" and not filters:
        return None
    out: set[str] = set().union(*(_names(f) for f in filters)) if filters else set()
    if policy == "exclude_from_denominator":
        out |= _names(num)
    conjuncts = den.operands if isinstance(den, And) else (den,)
    parts = [c for c in conjuncts if not (_names(c) & out)] if policy != "not_applicable" else []
    parts.append(Not(den))
    if policy == "keep_in_denominator":
        parts.append(_one(filters, Or))
    return _one(parts, And)


def _instance(cat: Catalog, m: Measure, variable: str | None) -> Instance:
    num, den = parse(m.numerator), parse(m.denominator)
    if variable is None:
        return Instance(m.id, m, m.record_type, m.period_variable, den, num, _excluded(m, den, num))
    var = cat.variable(variable)
    num, den = substitute(num, variable), substitute(den, variable)
    return Instance(
        template_id(m.id, variable),
        m,
        var.record_type,
        cat.record_type(var.record_type).period_date,
        den,
        num,
        _excluded(m, den, num),
    )


def _template_variables(
    cat: Catalog, plan: FollowUpPlan | None, present: Iterable[tuple[str, str]] | None
) -> list[str]:
    if plan is not None:
        return list(plan.variables)
    if present is None:
        return [v.id for v in cat.variables]
    given = set(present)
    return [v.id for v in cat.variables if (v.record_type, v.id) in given]


def measure_instances(
    cat: Catalog,
    measures: Sequence[str] | None,
    plan: FollowUpPlan | None,
    present: Iterable[tuple[str, str]] | None,
) -> list[Instance]:
    """The instances to compute for the measure ids asked for (``None``: every measure).

    A template id expands to one instance per variable: the plan's variables, else
    the variables with a column in the dataset (``present`` holds ``(record type,
    column)`` pairs; ``None`` means every catalogue variable). ``template[variable]``
    asks for one variable.

    Raises:
        UnknownIdError: An unknown measure id or template variable.
        MeasureError: A template variable given for a measure that is not a template.
    """
    wanted = [m.id for m in cat.measures] if measures is None else list(measures)
    variables = _template_variables(cat, plan, present)
    out: list[Instance] = []
    for ident in wanted:
        base, _, rest = ident.partition("[")
        m = cat.measure(base.strip())
        if rest:
            if not m.template or not rest.endswith("]"):
                raise MeasureError(f"{ident}: only a template measure takes [variable]")
            var = rest[:-1].strip()
            if var not in cat.index.variables:
                raise UnknownIdError("variable", var, cat.index.variables)
            out.append(_instance(cat, m, var))
        elif m.template:
            out.extend(_instance(cat, m, v) for v in variables)
        else:
            out.append(_instance(cat, m, None))
    return list({i.id: i for i in out}.values())
