"""The conformance kit: check a vendor export against every requirement of the kravbilaga.

>>> import bbic_su
>>> from bbic_su.importing.profile import example_exports
>>> result = bbic_su.check_conformance(example_exports("exempel_lang"), "exempel_lang")
>>> result.verdict
'fail'
>>> result.outcome("BBIC-SU-RT-barn")  # the example exports interventions only
'fail'
>>> insats = result.get("BBIC-SU-RT-insats")
>>> [(c.name, c.outcome) for c in insats.checks]
[('present', 'pass'), ('keys', 'pass'), ('import', 'fail')]
>>> insats.check("import").evidence["rows_rejected"]
5
>>> result.outcome("BBIC-SU-KRAV-001"), result.get("BBIC-SU-KRAV-001").reason
('not_applicable', 'not-checkable-from-export')
>>> result.to_json() == bbic_su.check_conformance(
...     example_exports("exempel_lang"), "exempel_lang").to_json()
True

:func:`check_conformance` imports the export with a mapping profile
(:func:`bbic_su.import_export`), validates it (:func:`bbic_su.validate`, with
the follow-up plan if one is given) and decides each requirement of
:func:`bbic_su.spec.requirements.requirements` — ``pass``, ``fail`` or
``not_applicable`` — with evidence made of counts, issue codes and row numbers
only (never a value, a key, a name or free text):

* **record types** (``BBIC-SU-RT-…``): the record type is exported; *key
  integrity*: every key column is there and no ``duplicate-key``,
  ``missing-key``, ``invalid-key``, ``missing-parent`` or
  ``parent-child-mismatch`` finding; every source row was imported.
* **variables** (``BBIC-SU-VAR-…``): *coverage*: the profile maps the column and
  required values are filled (no ``required-missing`` or
  ``conditional-required-missing``); *fill rate*: at least ``min_fill_rate``
  (default :data:`MIN_FILL_RATE`) of the rows where the variable applies, by its
  condition, hold a value (a column left blank fails); *value-set conformance*: no
  ``invalid-code``, ``free-text-in-code-field``, ``invalid-date``,
  ``invalid-integer`` or ``out-of-range``; *timeline*: no error-severity
  ``date-order``, ``after-extraction-date`` or ``rule-violated`` of a rule
  comparing dates. Legal deadlines (``deadline-exceeded``,
  ``interval-exceeded``, and for cases still open on the extraction date
  ``deadline-passed-open``, ``interval-passed-open``) describe the casework,
  not the system: they are counted but never fail conformance. With a plan, a variable it marks
  mandatory must be exported and filled in on every record where it applies
  (``required-by-plan-missing`` on an empty value fails; the answer
  ``uppgift_saknas`` is allowed, as KRAV-005 says, and counted).
  Findings of other rules (content consistency, data quality) are counted
  under ``other_findings`` and decide nothing.
* **general requirements**: KRAV-001–004 (period, age and intervention
  restrictions, variable selection) concern the system's functions and are
  ``not_applicable`` (not checkable from an export); KRAV-005 (mandatory
  marking) is checked only with a plan that marks variables mandatory; KRAV-006
  (canonical format) only for an export read with the ``canonical`` profile;
  KRAV-007 fails when the export holds identity numbers (an identity column in
  the profile, personnummer-shaped headers, invalid keys) or free text in code
  fields; KRAV-008 passes when every other applicable requirement passes;
  KRAV-009 is checked when the catalogue has local (``x_``) variables in scope.

With a plan the requirement list is scoped to the plan's variables and the
record types on their path. The verdict is ``pass`` only when no applicable
requirement fails. The JSON form is deterministic: sorted keys, requirements in
kravbilaga order, files sorted by name with their SHA-256 digests, the library
and spec versions, and no timestamp unless ``generated_at`` is given.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bbic_su._boundary import boundary
from bbic_su._exports import renamed
from bbic_su._pnr_detect import redact
from bbic_su.conformance._checks import Inputs, evaluate, fill_counts
from bbic_su.conformance._model import MIN_FILL_RATE
from bbic_su.conformance._report import ConformanceReport, InputFile
from bbic_su.importing._profile_model import MappingProfile
from bbic_su.importing.importer import import_export
from bbic_su.importing.profile import canonical_profile_yaml, load_profile, profile_from_dict
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _packaged_catalog
from bbic_su.spec._yaml import load_yaml_text
from bbic_su.spec.plan import FollowUpPlan, load_plan
from bbic_su.spec.requirements import Requirement, requirements
from bbic_su.validation import validate

__all__ = ["check_conformance"]

_CHUNK = 1 << 20


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _expand(paths: Iterable[Path], profile: MappingProfile) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.iterdir())
                if f.is_file()
                and any(
                    fnmatch.fnmatch(f.name.casefold(), m.file.casefold()) for m in profile.files
                )
            )
        else:
            out.append(p)
    return out


def _profile(profile: str | os.PathLike[str] | MappingProfile, cat: Catalog) -> MappingProfile:
    if profile == "canonical" and cat.extensions:  # local variables need their columns too
        raw = load_yaml_text(canonical_profile_yaml(cat), "canonical.yaml")
        return profile_from_dict(raw, "canonical.yaml", catalog=cat)
    return load_profile(profile, catalog=cat)


def _plan_info(plan: FollowUpPlan, digest: str | None) -> dict[str, Any]:
    info: dict[str, Any] = {
        "name": plan.name,
        "variables": list(plan.variables),
        "mandatory": list(plan.mandatory),
    }
    if digest is not None:
        info["sha256"] = digest
    return info


@boundary
def check_conformance(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    profile: str | os.PathLike[str] | MappingProfile,
    *,
    plan: FollowUpPlan | str | os.PathLike[str] | None = None,
    key: bytes | str | None = None,
    catalog: Catalog | None = None,
    extraction_date: str | None = None,
    generated_at: str | None = None,
    min_fill_rate: float = MIN_FILL_RATE,
) -> ConformanceReport:
    """Import and validate an export and decide every requirement of the kravbilaga.

    Args:
        paths: The export files, or folders whose files match the profile's globs.
        profile: A profile, a profile file or a shipped profile's name.
        plan: A follow-up plan (or its YAML file): scopes the requirements and
            makes its mandatory variables required.
        key: The pseudonymisation key, for a profile with an identity column
            (default: the environment variable ``BBIC_SU_PSEUDONYM_KEY``).
        catalog: The catalogue (default: the packaged one).
        extraction_date: The day the data were extracted (``YYYY-MM-DD``); dates
            after it fail the timeline check. ``None``: not checked.
        generated_at: A time stamp to record in the result (never taken from the
            clock, so the same input gives byte-identical JSON).
        min_fill_rate: The ``fill`` check's threshold: the least share of the rows
            where a variable applies that must hold a value.

    Returns:
        The :class:`ConformanceReport`.

    Raises:
        BbicSuError: The profile or plan is invalid, an export cannot be read or
            matches no file map, or a needed key is missing (see
            :func:`bbic_su.import_export`).
    """
    cat = catalog or _packaged_catalog()
    prof = _profile(profile, cat)
    plan_digest = None
    if plan is not None and not isinstance(plan, FollowUpPlan):
        plan_digest = _sha256(Path(plan))[0] if Path(plan).is_file() else None
        plan = load_plan(plan, catalog=cat)
    raw = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    files = _expand((Path(p) for p in raw), prof)
    dataset, imported = import_export(files, prof, key=key, catalog=cat)
    report = validate(dataset, plan=plan, catalog=cat, extraction_date=extraction_date)
    reqs: tuple[Requirement, ...] = requirements(cat, plan)
    fill = fill_counts(dataset, cat)
    results = evaluate(
        Inputs(
            catalog=cat,
            requirements=reqs,
            dataset=dataset,
            imported=imported,
            report=report,
            profile=prof,
            plan=plan,
            fill=fill,
            min_fill_rate=min_fill_rate,
        )
    )
    inputs = sorted(
        (InputFile(name=redact(f.name), sha256=d, bytes=n) for f in files for d, n in [_sha256(f)]),
        key=lambda f: (f.name, f.sha256),
    )
    return ConformanceReport(
        results=results,
        inputs=tuple(inputs),
        profile=prof.name,
        spec_version=cat.spec.version,
        spec_date=str(cat.spec.date),
        plan=None if plan is None else _plan_info(plan, plan_digest),
        imported={
            "rows_read": imported.rows_read,
            "rows_imported": imported.rows_imported,
            "rows_rejected": imported.rows_rejected,
        },
        findings={
            "by_severity": report.counts_by_severity(),
            "by_code": dict(sorted(report.counts_by_code().items())),
        },
        extensions=tuple(sorted(Path(e).name for e in cat.extensions)),
        extraction_date=None if extraction_date is None else str(extraction_date),
        generated_at=generated_at,
        min_fill_rate=min_fill_rate,
    )


__getattr__ = renamed(__name__, {"ConformanceResult": "ConformanceReport"})
