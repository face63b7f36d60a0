"""The meta-schema and cross-reference checks reject malformed spec data with a precise message."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from spec_fixtures import assert_rejected, edit

import bbic_su
from bbic_su import SpecDataError
from bbic_su.spec._load import packaged_root

PACKAGED = Path(str(packaged_root()))


Mutation = Callable[[Path], None]

# (mutation, file named in the error, key path fragment, message fragment)
CASES: list[tuple[str, Mutation, str, str, str]] = [
    (
        "unknown key",
        lambda d: edit(
            d / "variables/barn.yaml", "  name_en: Sex\n", "  name_en: Sex\n  colour: red\n"
        ),
        "variables/barn.yaml",
        "variables[0]<kon>",
        "extra fields",
    ),
    (
        "missing key",
        lambda d: edit(
            d / "variables/barn.yaml",
            "  definition_en: The child's legal sex as registered",
            "  definition_xx: The child's legal sex as registered",
        ),
        "variables/barn.yaml",
        "variables[0]<kon>",
        "",
    ),
    (
        "wrong type",
        lambda d: edit(d / "structure.yaml", "order: 1\n", "order: first\n"),
        "structure.yaml",
        "phases[1]<aktualisera>.order",
        "expected an integer",
    ),
    (
        "datatype outside its choices",
        lambda d: edit(d / "variables/barn.yaml", "datatype: integer", "datatype: number"),
        "variables/barn.yaml",
        "variables[1]<fodelsear>.datatype",
        "",
    ),
    (
        "label turned into a boolean",
        lambda d: edit(d / "value_sets/kon.yaml", "label_sv: Flicka", "label_sv: true"),
        "value_sets/kon.yaml",
        "codes[0]<flicka>.label_sv",
        "expected a string",
    ),
    (
        "duplicate YAML key",
        lambda d: edit(
            d / "rules.yaml", "  severity: error\n", "  severity: error\n  severity: warning\n"
        ),
        "rules.yaml",
        "",
        "duplicate key 'severity'",
    ),
    (
        "invalid YAML",
        lambda d: edit(d / "measures.yaml", "measures:\n", "measures: [\n"),
        "measures.yaml",
        "",
        "not valid YAML",
    ),
    (
        "unknown value set",
        lambda d: edit(d / "variables/barn.yaml", "value_set: kon", "value_set: kons"),
        "variables/barn.yaml",
        "variables[0]<kon>.value_set",
        "unknown value set 'kons'",
    ),
    (
        "unknown code in a measure",
        lambda d: edit(
            d / "measures.yaml",
            'numerator: maluppfyllelse == "helt"',
            'numerator: maluppfyllelse == "hel"',
        ),
        "measures.yaml",
        "numerator",
        "hel",
    ),
    (
        "unknown variable in a rule",
        lambda d: edit(
            d / "rules.yaml",
            "skyddsbedomning_datum >= aktualiseringsdatum",
            "skydd_datum >= aktualiseringsdatum",
        ),
        "rules.yaml",
        "rules[5]<R06>.expression",
        "skydd_datum",
    ),
    (
        "duplicate variable id",
        lambda d: edit(d / "variables/barn.yaml", "- id: fodelsear\n", "- id: kon\n"),
        "variables/barn.yaml",
        "variables[1].id",
        "duplicate variable id 'kon'",
    ),
    (
        "id not snake_case",
        lambda d: edit(d / "variables/barn.yaml", "- id: fodelsear\n", "- id: FodelseAr\n"),
        "variables/barn.yaml",
        "id",
        "must match",
    ),
    (
        "provisional without reason",
        lambda d: edit(
            d / "variables/barn.yaml",
            "  reason: NUSO collects a living situation, but no BBIC variable was seen; categories are ours.\n",
            "",
        ),
        "variables/barn.yaml",
        "reason",
        "provisional needs a reason",
    ),
    (
        "unknown source",
        lambda d: edit(
            d / "value_sets/kon.yaml", "sources: [skl_2017_webbkollen,", "sources: [skl_2099,"
        ),
        "value_sets/kon.yaml",
        "sources",
        "unknown source 'skl_2099'",
    ),
    (
        "multi-select mismatch",
        lambda d: edit(
            d / "value_sets/kon.yaml", "status: named\n", "status: named\nmulti_select: true\n"
        ),
        "variables/barn.yaml",
        "variables[0]<kon>.datatype",
        "does not match value set kon",
    ),
    (
        "group with unknown code",
        lambda d: edit(
            d / "value_sets/insatstyp.yaml",
            "heldygn: [vard_placering_sol,",
            "heldygn: [vard_placering_xyz,",
        ),
        "value_sets/insatstyp.yaml",
        "groups.heldygn",
        "unknown code 'vard_placering_xyz'",
    ),
    (
        "unknown rule link",
        lambda d: edit(d / "variables/aktualisering.yaml", "rule: R06", "rule: R99"),
        "variables/aktualisering.yaml",
        "rules[1].rule",
        "unknown rule 'R99'",
    ),
    (
        "value set in the wrong file",
        lambda d: edit(d / "value_sets/kon.yaml", "id: kon\n", "id: kon2\n"),
        "value_sets/kon.yaml",
        "id",
        "must live in kon2.yaml",
    ),
    (
        "period variable not a date",
        lambda d: edit(
            d / "measures.yaml", "period_variable: utredning_avslutad_datum", "period_variable: kon"
        ),
        "measures.yaml",
        "period_variable",
        "is not a date variable",
    ),
    (
        "national id in the local namespace",
        lambda d: edit(d / "variables/barn.yaml", "- id: fodelsear\n", "- id: x_fodelsear\n"),
        "variables/barn.yaml",
        "id",
        "reserved for local extensions",
    ),
    (
        "non-text key",
        lambda d: edit(d / "variables/barn.yaml", "  name_en: Sex\n", "  name_en: Sex\n  1: one\n"),
        "variables/barn.yaml",
        "variables[0]<kon>",
        "unknown key(s) 1",
    ),
    (
        "open_against outside its choices",
        lambda d: edit(
            d / "variables/utredning.yaml",
            "open_against: extraction_date",
            "open_against: today",
        ),
        "variables/utredning.yaml",
        "<utredning_avslutad_datum>.rules[1].deadline.open_against",
        "",
    ),
    (
        "unknown key in none_after_within_parent",
        lambda d: edit(
            d / "variables/uppfoljning.yaml",
            "      date: uppfoljningsdatum\n",
            "      date: uppfoljningsdatum\n      until: extraction_date\n",
        ),
        "variables/uppfoljning.yaml",
        "variables[0]<uppfoljningsdatum>",
        "extra fields",
    ),
    (
        "none_after_within_parent without its date",
        lambda d: edit(d / "variables/uppfoljning.yaml", "      date: uppfoljningsdatum\n", ""),
        "variables/uppfoljning.yaml",
        "variables[0]<uppfoljningsdatum>",
        "",
    ),
    (
        "none_after_within_parent date not a date",
        lambda d: edit(
            d / "variables/uppfoljning.yaml", "date: uppfoljningsdatum", "date: uppfoljningstyp"
        ),
        "variables/uppfoljning.yaml",
        "rules[3].none_after_within_parent.date",
        "'uppfoljningstyp' is not a date variable of uppfoljning",
    ),
    (
        "none_after_within_parent date of another record type",
        lambda d: edit(
            d / "variables/uppfoljning.yaml", "date: uppfoljningsdatum", "date: insats_startdatum"
        ),
        "variables/uppfoljning.yaml",
        "rules[3].none_after_within_parent.date",
        "is not a date variable of uppfoljning",
    ),
    (
        "none_after_within_parent unknown code",
        lambda d: edit(
            d / "variables/uppfoljning.yaml",
            'where: uppfoljningstyp == "avslut"\n      date:',
            'where: uppfoljningstyp == "slut"\n      date:',
        ),
        "variables/uppfoljning.yaml",
        "rules[3].none_after_within_parent.where",
        "'slut' is not a code of uppfoljningstyp",
    ),
    (
        "none_after_within_parent on a record type without parent",
        lambda d: edit(
            d / "variables/barn.yaml",
            "  rules:\n",
            '  rules:\n  - none_after_within_parent:\n      where: kon == "flicka"\n'
            "      date: fodelsear\n",
        ),
        "variables/barn.yaml",
        "none_after_within_parent",
        "has no parent",
    ),
    (
        "open interval without closed_by",
        lambda d: edit(
            d / "variables/uppfoljning.yaml", '      closed_by: uppfoljningstyp == "avslut"\n', ""
        ),
        "variables/uppfoljning.yaml",
        "rules[2].interval.open_against",
        "open_against needs closed_by",
    ),
    (
        "closed_by without open_against",
        lambda d: edit(
            d / "variables/uppfoljning.yaml", "      open_against: extraction_date\n", ""
        ),
        "variables/uppfoljning.yaml",
        "rules[2].interval.closed_by",
        "closed_by is read with open_against",
    ),
    (
        "closed_by unknown variable",
        lambda d: edit(
            d / "variables/uppfoljning.yaml",
            'closed_by: uppfoljningstyp == "avslut"',
            'closed_by: sluttyp == "avslut"',
        ),
        "variables/uppfoljning.yaml",
        "rules[2].interval.closed_by",
        "sluttyp",
    ),
    (
        "parent_if unknown variable",
        lambda d: edit(
            d / "variables/uppfoljning.yaml",
            'parent_if: in_group(insatstyp, "heldygn")',
            'parent_if: in_group(uppfoljningstyp, "heldygn")',
        ),
        "variables/uppfoljning.yaml",
        "rules[2].interval.parent_if",
        "uppfoljningstyp",
    ),
    (
        "parent_if with an anchor outside the parent",
        lambda d: edit(
            d / "variables/uppfoljning.yaml",
            "      anchor: insats.insats_startdatum\n      max_months: 6\n      open_against",
            "      anchor: uppfoljningsdatum\n      max_months: 6\n      open_against",
        ),
        "variables/uppfoljning.yaml",
        "rules[2].interval.parent_if",
        "needs an anchor of the parent",
    ),
    (
        "missing file",
        lambda d: (d / "rules.yaml").unlink(),
        "rules.yaml",
        "",
        "file is missing",
    ),
    (
        "top level not a mapping",
        lambda d: (d / "disclosure.yaml").write_text("- a\n- b\n", encoding="utf-8"),
        "disclosure.yaml",
        "",
        "expected a mapping",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "file", "path", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_spec_is_rejected(
    spec_dir: Path, mutate: Mutation, file: str, path: str, message: str
) -> None:
    mutate(spec_dir)
    err = assert_rejected(spec_dir, file, path, message)
    assert str(err).startswith(file), "the message names the file first"


def test_unmodified_copy_loads(spec_dir: Path) -> None:
    cat = bbic_su.load_catalog(spec_dir)
    assert cat == bbic_su.catalog()


def test_error_names_only_one_line(spec_dir: Path) -> None:
    edit(spec_dir / "variables/barn.yaml", "value_set: kon", "value_set: kons")
    with pytest.raises(SpecDataError) as info:
        bbic_su.load_catalog(spec_dir)
    assert "\n" not in str(info.value)
    assert re.match(r"^variables/barn\.yaml: variables\[0\]<kon>\.value_set: ", str(info.value))
