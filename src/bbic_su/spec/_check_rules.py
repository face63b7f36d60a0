"""Cross-reference checks of the rule kinds attached to variables.

>>> import bbic_su
>>> from bbic_su.spec._check_rules import check_variable_rule
>>> cat = bbic_su.catalog()
>>> v = cat.variable("uppfoljningsdatum")
>>> [check_variable_rule(cat, v, i, r, lambda *a: AssertionError(a)) for i, r in enumerate(v.rules)]
[None, None, None, None]
>>> [r.kinds for r in v.rules]
[('required',), ('after_or_equal',), ('interval',), ('none_after_within_parent',)]

Called by :mod:`bbic_su.spec._check_refs` for every rule of every variable; ``fail``
builds the :class:`~bbic_su.errors.SpecDataError` with the file and key path. A
rule states one kind; its conditions parse and type-check on the variable's record
type (``parent_if`` on the parent's); the variables it names exist, and the dates
it compares are dates.
"""

from __future__ import annotations

from collections.abc import Callable

from bbic_su.spec._catalog_type import Catalog
from bbic_su.spec._resolver import parse_checked
from bbic_su.spec.model import Variable, VariableRule

__all__ = ["check_variable_rule"]

Fail = Callable[[str, str, str, str], Exception]
_SIBLING_KINDS = ("interval", "unique_within_parent", "none_after_within_parent")


def _checked(cat: Catalog, v: Variable, rt: str, where: str, text: str, fail: Fail) -> None:
    problems = parse_checked(text, cat, rt)
    if problems:
        raise fail("variable", v.id, where, problems[0])


def check_variable_rule(cat: Catalog, v: Variable, i: int, r: VariableRule, fail: Fail) -> None:
    """Raise the first fault of rule ``i`` of variable ``v``."""
    sub = f"rules[{i}]"
    rules = cat.index.rules
    if r.rule is not None:
        if r.rule not in rules:
            raise fail("variable", v.id, f"{sub}.rule", f"unknown rule {r.rule!r}")
        if v.record_type not in rules[r.rule].record_types:
            raise fail(
                "variable", v.id, f"{sub}.rule", f"rule {r.rule} does not apply to {v.record_type}"
            )
    for ref in r.legal:
        if ref not in cat.index.legal_sources:
            raise fail("variable", v.id, f"{sub}.legal", f"unknown legal source {ref!r}")
    for name in ("required_if", "waived_if"):
        text = getattr(r, name)
        if text is not None:
            _checked(cat, v, v.record_type, f"{sub}.{name}", text, fail)
    anchors = [("after_or_equal", r.after_or_equal), ("before_or_equal", r.before_or_equal)]
    if r.deadline is not None:
        anchors.append(("deadline.anchor", r.deadline.anchor))
        if r.deadline.max_days is None and r.deadline.max_months is None:
            raise fail("variable", v.id, f"{sub}.deadline", "needs max_days or max_months")
        if not r.legal:
            raise fail("variable", v.id, f"{sub}.legal", "a deadline must cite its legal source")
    for name, target in anchors:
        if target is None:
            continue
        if v.datatype != "date":
            raise fail(
                "variable", v.id, f"{sub}.{name}", "date rule on a variable that is not a date"
            )
        _checked(cat, v, v.record_type, f"{sub}.{name}", f"{target} >= {v.id}", fail)
    if r.range is not None:
        if v.datatype != "integer":
            raise fail("variable", v.id, f"{sub}.range", "range needs an integer variable")
        if r.range[0] > r.range[1]:
            raise fail("variable", v.id, f"{sub}.range", f"inverted range {list(r.range)}")
    _check_sibling_kinds(cat, v, sub, r, fail)
    if len(r.kinds) > 1:
        raise fail("variable", v.id, sub, "a variable rule states one rule kind")


def _check_sibling_kinds(cat: Catalog, v: Variable, sub: str, r: VariableRule, fail: Fail) -> None:
    """The rule kinds over the records of one parent."""
    names = [k for k in r.kinds if k in _SIBLING_KINDS]
    if not names:
        return
    name = names[0]
    if cat.record_type(v.record_type).parent_key is None:
        raise fail(
            "variable", v.id, f"{sub}.{name}", f"{v.record_type} has no parent to group records by"
        )
    if r.unique_within_parent is not None:
        _checked(cat, v, v.record_type, f"{sub}.{name}.where", r.unique_within_parent.where, fail)
    n = r.none_after_within_parent
    if n is not None:
        _checked(cat, v, v.record_type, f"{sub}.{name}.where", n.where, fail)
        date = cat.index.variables.get(n.date)
        if date is None or date.record_type != v.record_type or date.datatype != "date":
            raise fail(
                "variable",
                v.id,
                f"{sub}.{name}.date",
                f"{n.date!r} is not a date variable of {v.record_type}",
            )
    if r.interval is not None:
        _check_interval(cat, v, sub, r, fail)


def _check_interval(cat: Catalog, v: Variable, sub: str, r: VariableRule, fail: Fail) -> None:
    d = r.interval
    assert d is not None
    where = f"{sub}.interval"
    if v.datatype != "date":
        raise fail("variable", v.id, where, "interval orders records by a date variable")
    limits = [x for x in (d.max_days, d.max_months) if x is not None]
    if len(limits) != 1 or limits[0] < 1:
        raise fail("variable", v.id, where, "needs one of max_days, max_months (>= 1)")
    if not r.legal:
        raise fail("variable", v.id, f"{sub}.legal", "an interval must cite its legal source")
    for key, text in (("among", d.among), ("anchor", f"{d.anchor} >= {v.id}")):
        _checked(cat, v, v.record_type, f"{where}.{key}", text, fail)
    if d.open_against is None:
        for key in ("closed_by", "parent_if"):
            if getattr(d, key) is not None:
                raise fail("variable", v.id, f"{where}.{key}", f"{key} is read with open_against")
        return
    if d.closed_by is None:
        raise fail(
            "variable", v.id, f"{where}.open_against", "open_against needs closed_by (the end)"
        )
    _checked(cat, v, v.record_type, f"{where}.closed_by", d.closed_by, fail)
    if d.parent_if is not None:
        parent = str(cat.record_type(v.record_type).parent)
        head = d.anchor.rpartition(".")[0]
        if head != parent:
            raise fail(
                "variable",
                v.id,
                f"{where}.parent_if",
                f"parent_if needs an anchor of the parent ({parent}.<variable>)",
            )
        _checked(cat, v, parent, f"{where}.parent_if", d.parent_if, fail)
