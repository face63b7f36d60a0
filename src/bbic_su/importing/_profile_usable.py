"""Is a (well-formed) profile usable? Every reason it cannot work, one per line.

>>> from bbic_su.importing._profile_usable import usability_problems
>>> from bbic_su.importing.profile import load_profile
>>> usability_problems(load_profile("exempel_bred_cp1252"))
[]

:func:`~bbic_su.importing._profile_check.check_profile` stops at the first malformed key;
this check runs on a profile that passed it and lists *every* reason the
profile would import data that cannot be used:

* ``missing-primary-key``: a mapped record type's primary key (or its link to
  the parent record) is filled by no column, constant or derivation;
* ``missing-required-variable``: a variable the catalogue requires is filled by
  nothing;
* ``unreviewed-guess``: a drafted guess (``review: guessed`` or an entry of
  ``guessed_values``) is still there;
* ``opposite-values-one-code``: source values of opposite polarity (one negated
  with *ej*, *inte*, *ingen*, ... from the spec data's list, the other not) map to
  one code.

``bbic-su profile check`` prints each problem as one line and exits 2.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import attrs

from bbic_su.importing._profile_model import FileMap, MappingProfile
from bbic_su.spec._catalog import Catalog, catalog
from bbic_su.spec._polarity import polarity

__all__ = ["ProfileProblem", "filled_targets", "usability_problems"]


@attrs.frozen
class ProfileProblem:
    """One reason a profile cannot be used: a kebab-case code, the key path, Swedish and English."""

    code: str
    path: str
    message_sv: str
    message_en: str

    def message(self, lang: str = "sv") -> str:
        """``path: message`` in ``lang``."""
        text = self.message_sv if lang == "sv" else self.message_en
        return f"{self.path}: {text}" if self.path else text


def filled_targets(fm: FileMap) -> set[str]:
    """The canonical columns ``fm`` fills (columns, constants and derivations)."""
    out = {c.variable for c in fm.columns if c.variable is not None}
    out |= {d.variable for c in fm.columns for d in c.derive}
    return out | set(fm.constants)


def _required(cat: Catalog, rt: str) -> list[str]:
    return [
        v.id
        for v in cat.variables_of(rt)
        if any(r.required and (r.severity or "error") == "error" for r in v.rules)
    ]


def _opposites(path: str, values: Mapping[str, str]) -> Iterable[ProfileProblem]:
    by_code: dict[str, list[str]] = defaultdict(list)
    for source, code in values.items():
        by_code[code].append(source)
    for code, sources in by_code.items():
        pos = sorted(s for s in sources if not polarity(s))
        neg = sorted(s for s in sources if polarity(s))
        if pos and neg:
            yield ProfileProblem(
                "opposite-values-one-code",
                path,
                f"{pos[0]!r} och {neg[0]!r} har motsatt betydelse men blir båda koden {code}",
                f"{pos[0]!r} and {neg[0]!r} mean opposite things but both become code {code}",
            )


def usability_problems(profile: MappingProfile, cat: Catalog | None = None) -> list[ProfileProblem]:
    """Every reason ``profile`` (already checked for form) cannot be used, in file order."""
    cat = cat or catalog()
    out: list[ProfileProblem] = []
    for i, fm in enumerate(profile.files):
        path = f"files[{i}]"
        rt = cat.record_type(fm.record_type)
        filled = filled_targets(fm)
        needed = [k.field for k in rt.keys if k.role in ("primary", "parent_ref")]
        for key in needed:
            if key not in filled:
                out.append(
                    ProfileProblem(
                        "missing-primary-key",
                        path,
                        f"nyckeln {key} för posttypen {rt.id} fylls inte av någon kolumn",
                        f"key {key} of record type {rt.id} is filled by no column",
                    )
                )
        for var in _required(cat, rt.id):
            if var not in filled:
                out.append(
                    ProfileProblem(
                        "missing-required-variable",
                        path,
                        f"den obligatoriska variabeln {var} ({rt.id}) fylls inte av någon kolumn",
                        f"required variable {var} ({rt.id}) is filled by no column",
                    )
                )
        for j, col in enumerate(fm.columns):
            cpath = f"{path}.columns[{j}]"
            if col.review == "guessed":
                out.append(
                    ProfileProblem(
                        "unreviewed-guess",
                        cpath,
                        f"kolumnen {col.column!r} är en gissning (poäng {col.score}) som ingen "
                        "har granskat; ta bort 'review' när den är kontrollerad",
                        f"column {col.column!r} is an unreviewed guess (score {col.score}); "
                        "remove 'review' once checked",
                    )
                )
            for value, score in col.guessed_values.items():
                out.append(
                    ProfileProblem(
                        "unreviewed-guess",
                        f"{cpath}.values",
                        f"{value!r} -> {col.values.get(value)} är en gissning (poäng {score}); "
                        "ta bort den ur 'guessed_values' när den är kontrollerad",
                        f"{value!r} -> {col.values.get(value)} is an unreviewed guess "
                        f"(score {score}); remove it from 'guessed_values' once checked",
                    )
                )
            if col.values:
                out.extend(_opposites(f"{cpath}.values", col.values))
    for vs, mapping in profile.value_maps.items():
        out.extend(_opposites(f"value_maps.{vs}", mapping))
    return out
