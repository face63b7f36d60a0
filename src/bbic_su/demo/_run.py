"""The whole pipeline on synthetic data: vendor export, import, validation, measures, report.

>>> from bbic_su.demo import PROFILE
>>> from bbic_su.importing.profile import load_profile
>>> profile = load_profile(PROFILE)
>>> profile.name, profile.example, [f.record_type for f in profile.files]
('exempel_komplett', True, ['barn', 'aktualisering', 'utredning', 'insats', 'uppfoljning'])
>>> sorted({c.column for f in profile.files for c in f.columns if c.kind == "identity"})
['Personnummer']

:func:`run_demo` (also ``bbic-su demo``) does, in the folder ``out``:

1. generates one synthetic municipality (kommunkod ``9901``) with
   :func:`bbic_su.synth.generate_with_truth` and writes it as a vendor-style export
   *with personnummer in clear* into ``export/`` (:func:`bbic_su.interchange.render.render_export`,
   through the shipped profile :data:`PROFILE`); ``profil.yaml`` is a copy of that
   profile's file;
2. imports the export with the same shipped profile (identity numbers become keyed
   pseudonyms; sex, birth year and age are derived first) and writes
   ``import-report.json`` and the canonical dataset (``canonical/``);
3. validates it and writes ``validation.json``;
4. generates the reference municipalities (``9902``, ``9903``, ...; seeds after
   ``seed``) and writes the report: ``rapport.xlsx``, ``rapport.html`` and every
   chart in ``diagram/`` (PNG and SVG), the own municipality against the others pooled;
5. shows how that comparison works without sharing case data: every municipality
   (the own one and the references) writes a *pool* package of counts into
   ``region/paket/``, a region pools them (:func:`bbic_su.pool`) and writes the
   protected tables and the regional report into ``region/`` (see
   :mod:`bbic_su.demo._region`).

**The profile.** The demo's export is in the layout of the shipped example profile
``exempel_komplett`` (:data:`PROFILE`), and it is imported with it, as a
municipality would import its own export. That profile is generated once by
:func:`complete_profile_yaml` (a test keeps the shipped file in step): the
shipped example ``exempel_bred_cp1252`` is the vendor-style profile with an
identity-number column, but it maps only ``barn`` and ``aktualisering``, and not
every variable of them; ``exempel_komplett`` keeps its file maps as they are, adds
the variables they leave out (headed by the catalogue's Swedish names) and adds a
file map per missing record type, keyed by the same ``Personnummer`` column, so
that the demo exercises every measure.

**The key.** The pseudonymisation key is :func:`~bbic_su.demo.demo_key` (derived from the seed,
public, for the demo only: anyone can recompute it, so it protects nothing), or
the environment variable ``BBIC_SU_PSEUDONYM_KEY`` when set, or ``key``. It is
never written anywhere. Apart from ``export/``, which holds the raw vendor files,
no file the demo writes and nothing it prints contains an identity number.

**Determinism.** The same seed, size and key give byte-identical files in
``export/``, ``canonical/``, ``import-report.json``, ``validation.json`` and
``profil.yaml``; nothing written carries a timestamp of the run, except the
creation time openpyxl stamps into ``rapport.xlsx``'s document properties.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from bbic_su._boundary import boundary
from bbic_su.demo._defaults import (
    DEFAULT_CHILDREN,
    DEFAULT_MUNICIPALITIES,
    HEADLINES,
    OWN_KOMMUN,
    PERIOD,
    DemoError,
    Progress,
    demo_key,
)
from bbic_su.demo._profile import PROFILE
from bbic_su.demo._region import FOLDER, pool_region
from bbic_su.demo._summary import summary_lines
from bbic_su.frames.dataset import Dataset, write_dataset
from bbic_su.importing import KEY_ENV, check_key, import_export, load_key
from bbic_su.importing.profile import load_profile, shipped_profile_path
from bbic_su.interchange.render import render_export
from bbic_su.reporting import ReportModel, report
from bbic_su.spec._catalog import Catalog
from bbic_su.spec._catalog import catalog as _packaged_catalog
from bbic_su.synth import MAX_MUNICIPALITIES, generate, generate_with_truth, parse_period
from bbic_su.validation import validate

__all__ = ["DemoResult", "Headline", "run_demo"]


@attrs.frozen
class Headline:
    """One measure of the summary: the own municipality's share and the reference's.

    ``share`` and ``reference`` are ``None`` when hidden (``hidden``/``ref_hidden``)
    or undefined (nothing to count).
    """

    measure: str
    name: str
    share: float | None
    hidden: bool
    reference: float | None
    ref_hidden: bool


@attrs.frozen(kw_only=True)
class DemoResult:
    """What :func:`run_demo` wrote, with the numbers of its summary."""

    out: Path
    export: tuple[Path, ...]
    profile: Path
    canonical: Path
    import_report: Path
    validation: Path
    xlsx: Path
    html: Path
    charts: tuple[Path, ...]
    regional: Path
    seed: int
    children: int
    municipalities: int
    key_source: str
    rows_read: int
    rows_imported: int
    rows_rejected: int
    issues: Mapping[str, int]
    headlines: tuple[Headline, ...]

    @property
    def charts_dir(self) -> Path:
        """The folder of the chart files."""
        return self.out / "diagram"

    def summary(self, lang: str = "sv") -> list[str]:
        """A few lines for the terminal: counts, headline measures, where the files are."""
        return summary_lines(self, lang, OWN_KOMMUN)


def _check(children: int, municipalities: int, seed: int, lang: str) -> None:
    def whole(v: object) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    if not whole(children) or children < 10:
        raise DemoError(f"children must be a whole number of at least 10, not {children!r}")
    top = MAX_MUNICIPALITIES - 1
    if not whole(municipalities) or not 1 <= municipalities <= top:
        raise DemoError(f"municipalities must be 1-{top}, not {municipalities!r}")
    if not whole(seed) or seed < 0:
        raise DemoError(f"seed must be a whole number of at least 0, not {seed!r}")
    if lang not in ("sv", "en"):
        raise DemoError(f"unknown language {lang!r}; use sv or en")


def _key(seed: int, key: bytes | str | None) -> tuple[bytes, str]:
    if key is not None:
        raw = key.encode("utf-8") if isinstance(key, str) else key
        return check_key(raw, "the key given"), "given"
    if os.environ.get(KEY_ENV):
        return load_key(), KEY_ENV
    return demo_key(seed), "demo"


def _references(
    children: int, municipalities: int, seed: int, cat: Catalog, lang: str
) -> list[Dataset]:
    """One synthetic dataset per reference municipality, kommunkod 9902, 9903, ..."""
    refs = []
    for i in range(municipalities):
        ds = generate(
            children, seed=seed + 1 + i, period=PERIOD, catalog=cat, first_municipality=i + 2
        )
        code = f"99{i + 2:02d}"
        what = "synthetic" if lang == "en" else "syntetisk"
        source = f"{code} ({what}, seed {seed + 1 + i})"
        refs.append(
            Dataset(ds.frames, catalog=cat, source=source, extraction_date=ds.extraction_date)
        )
    return refs


def _headlines(model: ReportModel) -> tuple[Headline, ...]:
    out: list[Headline] = []
    for area in model.areas:
        if not area.measures or len(out) >= HEADLINES:
            continue
        block = area.measures[0]
        cells = block.of("total", OWN_KOMMUN)
        if not cells:
            continue
        c = cells[0]
        out.append(
            Headline(block.id, block.name, c.share, c.suppressed, c.ref_share, c.ref_suppressed)
        )
    return tuple(out)


@boundary
def run_demo(
    out: str | os.PathLike[str],
    *,
    seed: int = 2026,
    children: int = DEFAULT_CHILDREN,
    municipalities: int = DEFAULT_MUNICIPALITIES,
    key: bytes | str | None = None,
    lang: str = "sv",
    progress: Progress | None = None,
    workers: int = 1,
    measures: Sequence[str] | None = None,
) -> DemoResult:
    """Run the pipeline end to end on synthetic data and write every file into ``out``.

    Args:
        out: The folder to write (created if needed; files of an earlier run are replaced).
        seed: Seed of the own municipality; the references use the next seeds.
        children: Children in the own municipality and in each reference municipality.
        municipalities: Number of reference municipalities (1-98).
        key: The pseudonymisation key; default ``BBIC_SU_PSEUDONYM_KEY`` when set,
            else :func:`~bbic_su.demo.demo_key` of ``seed``. Never written anywhere.
        lang: Language of the report, ``"sv"`` (default) or ``"en"``.
        progress: Called with the name of each step as it starts.
        workers: Worker processes for the report (see :func:`bbic_su.reporting.report`).
        measures: Measure ids for the report (default: every measure); fewer
            measures, fewer charts, a faster run.

    Returns:
        The paths written and the numbers of the summary.

    Raises:
        DemoError: An argument is out of range.
        PseudonymKeyError: The key (given or from the environment) is too short.
        ReportError: openpyxl or matplotlib is missing (extra ``report``).
    """
    _check(children, municipalities, seed, lang)
    step = progress or (lambda _name: None)
    raw_key, key_source = _key(seed, key)
    cat = _packaged_catalog()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)

    step("synth")
    own = generate_with_truth(children, seed=seed, period=PERIOD, catalog=cat)
    profile = load_profile(PROFILE, catalog=cat)
    profile_path = folder / "profil.yaml"
    profile_path.write_text(
        shipped_profile_path(PROFILE).read_text(encoding="utf-8"), encoding="utf-8"
    )
    export = render_export(
        own.dataset, profile, folder / "export", identity=own.identity, catalog=cat
    )

    step("import")
    dataset, imported = import_export(export, profile, key=raw_key, catalog=cat)
    dataset.extraction_date = own.dataset.extraction_date  # recorded in datapackage.json
    import_path = imported.write_json(folder / "import-report.json")
    canonical = write_dataset(dataset, folder / "canonical", format="csv")

    step("validate")
    found = validate(dataset, catalog=cat, extraction_date=parse_period(PERIOD)[1])
    validation_path = found.write_json(folder / "validation.json")

    step("reference")
    refs = _references(children, municipalities, seed, cat, lang)

    step("report")
    files = report(
        dataset,
        out=folder / "rapport.xlsx",
        html=folder / "rapport.html",
        reference=refs,
        lang=lang,
        charts_dir=folder / "diagram",
        catalog=cat,
        workers=workers,
        measures=measures,
        validation=found,
    )

    step("region")
    pooled = pool_region(
        folder / FOLDER,
        [dataset, *refs],
        catalog=cat,
        extraction_date=parse_period(PERIOD)[1].isoformat(),
        lang=lang,
        measures=measures,
    )
    return DemoResult(
        out=folder,
        export=tuple(export),
        profile=profile_path,
        canonical=canonical,
        import_report=import_path,
        validation=validation_path,
        xlsx=folder / "rapport.xlsx",
        html=folder / "rapport.html",
        charts=files.charts,
        regional=pooled.report[1],
        seed=seed,
        children=children,
        municipalities=municipalities,
        key_source=key_source,
        rows_read=imported.rows_read,
        rows_imported=imported.rows_imported,
        rows_rejected=imported.rows_rejected,
        issues=found.counts_by_severity(),
        headlines=_headlines(files.model),
    )
