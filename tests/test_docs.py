"""The documentation generator (docs/_ext): tender annex and spec pages.

The full Sphinx build is not run here; CI runs sphinx-build separately.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import bbic_su

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
sys.path.insert(0, str(EXT))

import bbic_krav  # noqa: E402
import bbic_spec  # noqa: E402
from bbic_rst import PROVISIONAL_TITLE, esc  # noqa: E402

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def cat() -> bbic_su.Catalog:
    return bbic_su.catalog()


@pytest.fixture(scope="module")
def reqs(cat: bbic_su.Catalog) -> list[bbic_krav.Requirement]:
    return bbic_krav.requirements(cat)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, cat: bbic_su.Catalog) -> Path:
    out = tmp_path_factory.mktemp("generated")
    bbic_spec.write_generated(out, cat)
    return out


def test_one_row_per_requirement_with_unique_ids(cat, reqs) -> None:
    ids = [r.id for r in reqs]
    assert len(ids) == len(set(ids))
    entries = (cat.record_types, cat.variables, cat.value_sets, cat.rules, cat.measures)
    assert len(reqs) == len(bbic_krav.GENERAL) + sum(len(e) for e in entries)
    assert [r.id for r in reqs[: len(bbic_krav.GENERAL)]] == [
        f"BBIC-SU-KRAV-{i:03d}" for i in range(1, len(bbic_krav.GENERAL) + 1)
    ]


def test_every_national_variable_and_record_type_is_required(cat, reqs) -> None:
    by_id = {r.id: r for r in reqs}
    for v in cat.variables:
        req = by_id[bbic_su.requirement_id(v)]
        assert req.variable == v.id
        assert req.record_type == v.record_type
        assert f"«{v.name_sv}»" in req.text_sv
        if v.value_set:
            assert req.value_set_requirement_id == f"BBIC-SU-VS-{v.value_set}"
            assert req.value_set_requirement_id in req.text_sv
        assert ("Preliminär" in req.text_sv) == v.is_provisional
    for rt in cat.record_types:
        assert bbic_su.requirement_id(rt) in by_id


def test_general_requirement_ids_are_stable() -> None:
    # Tenders cite these ids: they may be appended to, never renumbered.
    texts = dict(bbic_krav.GENERAL)
    assert "period" in texts["BBIC-SU-KRAV-001"]
    assert "ålder" in texts["BBIC-SU-KRAV-002"]
    assert "insats" in texts["BBIC-SU-KRAV-003"]
    assert "kräv-markera" in texts["BBIC-SU-KRAV-005"]
    assert "bbic-su conformance" in texts["BBIC-SU-KRAV-008"]


def test_the_docs_publish_every_format_of_the_kravbilaga(cat, generated) -> None:
    for name in bbic_krav.FILES.values():
        assert (generated / name).is_file()
    page = (generated / "kravbilaga.rst").read_text(encoding="utf-8")
    for name in bbic_krav.FILES.values():
        assert f"<{name}>`" in page
    for heading in ("Värdemängder", "Regler", "Mått", "Försättsblad"):
        assert heading in page


def test_files_are_reproducible(cat) -> None:
    assert bbic_krav.files(cat) == bbic_krav.files(cat)
    assert bbic_spec.generate_files() == bbic_spec.generate_files()


def test_a_page_per_catalogue_entry(generated, cat) -> None:
    spec = generated / "spec"
    kinds = {
        "posttyper": cat.record_types,
        "variabler": cat.variables,
        "vardemangder": cat.value_sets,
        "regler": cat.rules,
        "matt": cat.measures,
        "faser": cat.phases,
    }
    for folder, entries in kinds.items():
        assert (spec / folder / "index.rst").is_file()
        names = {p.stem for p in (spec / folder).glob("*.rst")} - {"index"}
        assert names == {e.id for e in entries}, folder
    for name in ("index.rst", "kallor.rst", "lagrum.rst"):
        assert (spec / name).is_file()
    for name in ("kravbilaga.rst", "kravbilaga.xlsx", "kravbilaga.csv"):
        assert (generated / name).is_file()


def test_entry_pages_start_with_requirement_id_and_flag_provisional(generated, cat) -> None:
    folders = {
        "variabler": cat.variables,
        "vardemangder": cat.value_sets,
        "regler": cat.rules,
        "matt": cat.measures,
        "posttyper": cat.record_types,
    }
    for folder, entries in folders.items():
        for e in entries:
            text = (generated / "spec" / folder / f"{e.id}.rst").read_text(encoding="utf-8")
            rid = bbic_su.requirement_id(e)
            assert text.startswith(f".. _{rid}:")
            assert (esc(PROVISIONAL_TITLE) in text) == e.is_provisional, rid
            if e.is_provisional:
                assert esc(e.reason) in text


def test_sources_page_lists_every_source(generated, cat) -> None:
    text = (generated / "spec" / "kallor.rst").read_text(encoding="utf-8")
    for s in cat.sources:
        assert f"``{s.id}``" in text


def test_measure_numerator_in_words(generated) -> None:
    text = (generated / "spec" / "matt" / "m_enskilda_samtal_utredning.rst").read_text("utf-8")
    assert esc("«Barnet har träffats enskilt» är «Ja»") in text
    assert 'barnet_traffat_enskilt == "ja"' in text


def test_rewrites_only_changed_files_and_removes_stale(tmp_path, cat) -> None:
    changed, removed = bbic_spec.write_generated(tmp_path, cat)
    assert changed and not removed
    stale = tmp_path / "spec" / "variabler" / "borttagen.rst"
    stale.write_text("old", encoding="utf-8")
    changed, removed = bbic_spec.write_generated(tmp_path, cat)
    assert changed == []
    assert removed == ["spec/variabler/borttagen.rst"]


def test_escaping_neutralises_markup() -> None:
    assert esc("*a* `b` |c| _d_ 1. x") == r"\*a\* \`b\` \|c\| \_d\_ 1\. x"
    assert esc("«Kön» (barn) – ok") == r"«Kön» \(barn\) – ok"


# ------------------------------------------------------------------ issue codes


def test_a_page_per_issue_code_with_code_and_titles(generated) -> None:
    from bbic_su.spec.issue_codes import ISSUE_CODES

    folder = generated / "issues"
    names = {p.stem for p in folder.glob("*.rst")} - {"index"}
    assert names == {code.value for code in ISSUE_CODES}
    index = (folder / "index.rst").read_text(encoding="utf-8")
    for code, info in ISSUE_CODES.items():
        text = (folder / f"{code.value}.rst").read_text(encoding="utf-8")
        assert text.startswith(f".. _bbic-issue-{code.value}:")
        assert f"``{code.value}``" in text
        assert esc(info.title_sv) in text
        assert esc(info.title_en) in text
        assert f"``{info.severity}``" in text
        assert f"``{info.scope}``" in text
        assert f"``{info.message_sv}``" in text or esc(info.message_sv) in text
        assert f":ref:`{code.value} <bbic-issue-{code.value}>`" in index


def test_issue_descriptions_keep_literals_and_escape_the_rest() -> None:
    import bbic_issues

    text = "Dates are ``YYYY-MM-DD`` (ISO); any of its ``|``-separated codes."
    assert bbic_issues.prose(text) == (
        r"Dates are ``YYYY-MM-DD`` \(ISO\)\; any of its ``|``\-separated codes\."
    )


def test_issue_code_api_docs_link_every_code() -> None:
    import bbic_issues

    from bbic_su.spec.issue_codes import ISSUE_CODES

    lines = ["Stable codes."]
    bbic_issues.issue_code_links(
        None, "class", "bbic_su.spec.issue_codes.IssueCode", None, None, lines
    )
    text = "\n".join(lines)
    for code in ISSUE_CODES:
        assert f"<bbic-issue-{code.value}>" in text
    other = ["x"]
    bbic_issues.issue_code_links(
        None, "class", "bbic_su.validation.issues.Issue", None, None, other
    )
    assert other == ["x"]


# ------------------------------------------------------------------ benchmarks


def test_benchmark_include_drops_title_and_flattens_headings(tmp_path) -> None:
    path = tmp_path / "results-x.md"
    path.write_text(
        "# Title\n\nText.\n\n## Run A\n\n```\n# not a heading\n```\n\n| a |\n| --- |\n| 1 |\n",
        encoding="utf-8",
    )
    text = bbic_spec.benchmark_include(path)
    assert text == "Text.\n\n**Run A**\n\n```\n# not a heading\n```\n\n| a |\n| --- |\n| 1 |\n"


def test_missing_benchmark_results_give_a_placeholder(tmp_path) -> None:
    text = bbic_spec.benchmark_include(tmp_path / "results-import.md")
    assert "No figures recorded yet" in text
    assert "`benchmarks/results-import.md`" in text


def test_performance_page_includes_every_benchmark(generated) -> None:
    page = (EXT.parent / "performance.md").read_text(encoding="utf-8")
    for name in bbic_spec.BENCHMARKS:
        assert (generated / "benchmarks" / f"results-{name}.md.inc").is_file()
        assert f"/_generated/benchmarks/results-{name}.md.inc" in page


def test_attribute_prose_is_not_mistaken_for_a_type() -> None:
    import bbic_autodoc

    assert bbic_autodoc._looks_like_type("int")
    assert bbic_autodoc._looks_like_type("tuple[str, ...]")
    assert not bbic_autodoc._looks_like_type("Dataset-wide")
    assert not bbic_autodoc._looks_like_type("The record id")


def test_derived_variable_pages_show_expression_and_generated_text(generated, cat) -> None:
    """Each derived variable's page shows its expression and its Swedish and English text."""
    from bbic_su.expr._api import parse
    from bbic_su.spec._derive_words import describe

    derived = [v for v in cat.variables if v.derived]
    assert len(derived) == 5
    for v in derived:
        text = (generated / "spec" / "variabler" / f"{v.id}.rst").read_text(encoding="utf-8")
        assert v.derivation and f"   {v.derivation}" in text
        code = v.datatype == "code"
        for lang in ("sv", "en"):
            words = describe(
                parse(v.derivation), cat, lang, record_type=v.record_type, result_code=code
            )
            assert esc(words[1:]) in text, (v.id, lang)
