"""Legal references as data: acts, paragraphs, validity and verification status."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bbic_su
from bbic_su.errors import SpecDataError

ROOT = Path(__file__).resolve().parents[1]
CAT = bbic_su.catalog()


def test_the_old_social_services_act_is_repealed_on_2025_07_01() -> None:
    """SoL (2001:453) applies until 2025-06-30 and is replaced by SoL (2025:400)."""
    old, new = CAT.act("2001:453"), CAT.act("2025:400")
    assert (old.valid_to, old.replaced_by) == ("2025-06-30", "2025:400")
    assert new.valid_from == "2025-07-01"
    for ls in CAT.legal_sources:
        for r in ls.references:
            if r.act == "2001:453" and r.paragraph:
                assert r.valid_to == "2025-06-30", ls.id
                assert r.applies_on("2025-06-30") and not r.applies_on("2025-07-01")


def test_every_reference_to_the_new_act_has_a_status_and_no_paragraph_is_invented() -> None:
    """Each old-law paragraph has a new-law reference; verified ones name their sources."""
    for ls in CAT.legal_sources:
        acts = {r.act for r in ls.references}
        if any(r.act == "2001:453" and r.paragraph for r in ls.references):
            assert "2025:400" in acts, ls.id
        for r in ls.references:
            assert r.verification in ("verified", "unverified", "proposal")
            if r.verification != "unverified":
                assert r.verified_by, (ls.id, r)
            if r.act == "2025:400" and r.paragraph:
                assert r.verification == "proposal", (ls.id, r)  # none verified in a source yet


def test_the_inquiry_number_is_a_proposal_and_doubtful_paragraphs_are_unverified() -> None:
    """Bistånd 11 kap. 1 § came from SOU 2020:47; the two doubtful citations are marked."""
    (new,) = [r for r in CAT.legal_source("L_SOL_BISTAND").references if r.act == "2025:400"]
    assert (new.chapter, new.paragraph, new.verification) == ("11", "1", "proposal")
    for lid in ("L_BARN_ASIKT", "L_PLACERAT_SAMTAL"):
        assert CAT.legal_source(lid).verified == ()


def test_a_legal_source_without_a_new_law_reference_is_rejected(tmp_path: Path) -> None:
    """The spec checks fail when an old-law paragraph has no reference to the new act."""
    copy = tmp_path / "spec_data"
    shutil.copytree(ROOT / "spec_data", copy)
    sources = copy / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    start = text.index("- id: L_UTRED4M")
    block = text[start : text.index("- id: L_BARN_SAMTAL")]
    cut = block.index("  - act: '2025:400'")
    rest = block[cut:]
    end = rest.index("  other:")
    sources.write_text(text.replace(block, block[:cut] + rest[end:]), encoding="utf-8")
    with pytest.raises(SpecDataError, match="2025:400"):
        bbic_su.load_catalog(copy)


def test_no_validation_message_mentions_verification() -> None:
    """Over every finding of a faulty synthetic dataset: no "ej verifierad", no unverified §."""
    from bbic_su import synth

    data = synth.generate(150, seed=5, error_rate=0.1)
    report = bbic_su.validate(data, extraction_date="2025-12-31")
    unverified = {
        r.text(CAT.act(r.act))
        for ls in CAT.legal_sources
        for r in ls.references
        if r.verification != "verified" and (r.chapter or r.paragraph)
    }
    cited = [i for i in report.issues if i.legal]
    assert cited  # deadlines and intervals cite the law
    for issue in report.issues:
        for text in (issue.message_sv, issue.message_en):
            assert "verifierad" not in text and "verified" not in text
            assert not any(u in text for u in unverified), text
