"""Follow-up plans: a municipality's bounded question, its variables and mandatory marks.

>>> import bbic_su
>>> plan = bbic_su.FollowUpPlan.from_dict({
...     "question": "Får barnen komma till tals i utredningen?",
...     "variables": ["kon", "fodelsear", "barnet_traffat_enskilt", "barnet_delaktigt_utredning"],
...     "mandatory": ["barnet_traffat_enskilt"],
...     "age": {"min": 0, "max": 18},
...     "period": {"start": "2025-01-01", "end": "2025-12-31"},
... })
>>> plan.mandatory
('barnet_traffat_enskilt',)
>>> plan.covers_age(19)
False
>>> bbic_su.FollowUpPlan.from_dict({"question": "?", "variables": ["kön"]})
Traceback (most recent call last):
...
bbic_su.errors.PlanError: plan: variables[0]: unknown variable 'kön'; did you mean 'kon'?

Socialstyrelsen's BBIC follow-up project found that every site chose a
limited set (more than 20 variables; some more than 50) for one bounded
question, and marked chosen variables as mandatory in the case system. A plan
records exactly that; validation and reports take it as an argument.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import attrs

from bbic_su._boundary import boundary, keywords
from bbic_su.errors import PlanError, SpecDataError, UnknownIdError
from bbic_su.spec._catalog import Catalog, catalog
from bbic_su.spec._load import structure
from bbic_su.spec._yaml import YamlError, load_yaml_text

__all__ = ["AgeRange", "FollowUpPlan", "Period", "load_plan"]


@attrs.frozen(kw_only=True)
class AgeRange:
    """Inclusive age range in completed years."""

    min: int
    max: int


@attrs.frozen(kw_only=True)
class Period:
    """Inclusive date range of the follow-up."""

    start: dt.date
    end: dt.date


@attrs.frozen(kw_only=True)
class _RawPlan:
    question: str
    variables: tuple[str, ...]
    name: str | None = None
    mandatory: tuple[str, ...] = ()
    age: AgeRange | None = None
    age_scope: str | None = None
    period: dict[str, str] | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class FollowUpPlan:
    """A checked follow-up plan.

    Attributes:
        question: The bounded question the follow-up answers.
        variables: Selected variable ids, in the order given.
        mandatory: Selected variables the case system must make required.
        age: Target age range, or ``None`` for all ages.
        period: Follow-up period, or ``None`` for all dates.
        name: A short name for reports.
        age_scope: The code from value set ``aldersgrupp_uppfoljning``, if one was given.
        note: Free text from the plan's author (never used in computations).
    """

    question: str
    variables: tuple[str, ...]
    mandatory: tuple[str, ...] = ()
    age: AgeRange | None = None
    period: Period | None = None
    name: str | None = None
    age_scope: str | None = None
    note: str | None = None

    def covers_age(self, age: int) -> bool:
        """True when ``age`` lies in the plan's age range (or the plan has none)."""
        return self.age is None or self.age.min <= age <= self.age.max

    def is_mandatory(self, variable: str) -> bool:
        """True when the plan marks ``variable`` as mandatory."""
        return variable in self.mandatory

    @classmethod
    @boundary
    def from_dict(
        cls, data: Any, cat: Catalog | None = None, *, source: str = "plan"
    ) -> FollowUpPlan:
        """Build and check a plan from parsed YAML or JSON.

        Args:
            data: The mapping (keys ``question``, ``variables``, optional ``name``,
                ``mandatory``, ``age: {min, max}``, ``age_scope``, ``period: {start, end}``,
                ``note``).
            cat: The catalogue to check against (default: :func:`bbic_su.catalog`).
            source: Name used in error messages (the file name).

        Raises:
            PlanError: Malformed plan, unknown or duplicated variable, empty
                selection, mandatory variable not selected, inverted age range or
                period, unknown age scope.
        """
        cat = cat or catalog()
        try:
            raw = structure(data, _RawPlan, source)
        except SpecDataError as exc:
            raise PlanError(str(exc)) from None
        if not raw.question.strip():
            raise PlanError(f"{source}: question: must not be empty")
        if not raw.variables:
            raise PlanError(f"{source}: variables: select at least one variable")
        seen: set[str] = set()
        for i, var in enumerate(raw.variables):
            try:
                cat.variable(var)
            except UnknownIdError as exc:
                raise PlanError(f"{source}: variables[{i}]: {exc}") from None
            if var in seen:
                raise PlanError(f"{source}: variables[{i}]: {var!r} is selected twice")
            seen.add(var)
        for i, var in enumerate(raw.mandatory):
            if var not in seen:
                raise PlanError(
                    f"{source}: mandatory[{i}]: {var!r} is not among the selected variables"
                )
        age = raw.age
        if raw.age_scope is not None:
            scope_set = cat.measure_conventions.get("scope_value_set", "aldersgrupp_uppfoljning")
            try:
                code = cat.value_set(str(scope_set)).code(raw.age_scope)
            except UnknownIdError as exc:
                raise PlanError(f"{source}: age_scope: {exc}") from None
            if age is None and code.min is not None and code.max is not None:
                age = AgeRange(min=code.min, max=code.max)
        if age is not None and (age.min < 0 or age.min > age.max):
            raise PlanError(f"{source}: age: range {age.min}–{age.max} is empty or negative")
        return cls(
            question=raw.question,
            variables=raw.variables,
            mandatory=raw.mandatory,
            age=age,
            period=_period(raw.period, source),
            name=raw.name,
            age_scope=raw.age_scope,
            note=raw.note,
        )


def _period(raw: dict[str, str] | None, source: str) -> Period | None:
    if raw is None:
        return None
    if set(raw) != {"start", "end"}:
        raise PlanError(f"{source}: period: needs exactly the keys start and end")
    try:
        start, end = (dt.date.fromisoformat(raw[k]) for k in ("start", "end"))
    except (TypeError, ValueError):
        raise PlanError(f"{source}: period: dates must be written YYYY-MM-DD") from None
    if start > end:
        raise PlanError(f"{source}: period: start {start} is after end {end}")
    return Period(start=start, end=end)


@keywords("catalog")
@boundary
def load_plan(path: str | os.PathLike[str], *, catalog: Catalog | None = None) -> FollowUpPlan:
    """Read a follow-up plan from a YAML file and check it against ``catalog``.

    ``catalog`` was the positional ``cat`` until 0.3 (positional use still works for one
    minor release, with a :class:`DeprecationWarning`).

    Raises:
        PlanError: The file cannot be read or the plan is invalid.
    """
    p = Path(path)
    try:
        data = load_yaml_text(p.read_text(encoding="utf-8"), p.name)
    except OSError as exc:
        raise PlanError(f"{p.name}: cannot read file: {exc.strerror}") from None
    except (YamlError, UnicodeDecodeError) as exc:
        raise PlanError(str(exc)) from None
    return FollowUpPlan.from_dict(data, catalog, source=p.name)
