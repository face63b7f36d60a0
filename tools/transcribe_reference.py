"""Split the reference catalogue into the reviewable files of ``spec_data/``.

Usage (from the repository root)::

    python tools/transcribe_reference.py ../shared/reference/catalogue.yaml

This is a one-way, repeatable transcription: every section and every key of the
reference is carried over. Only shapes are normalised so that the files have one
form each (see CHANGELOG "Spec data"):

* ``document`` and ``legal`` are always lists;
* ``sources`` is always present (empty list when the reference has none);
* variables, value sets, measures and rules get ``since: <spec version>``.

After transcription, ``spec_data/`` is the source of truth: edit it by hand and
regenerate the typed modules with ``python tools/generate.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "spec_data"
HEADER = (
    "# bbic-su spec data: {what}.\n"
    "# Reconstruction from public sources, NOT Socialstyrelsen's official variable annex.\n"
    "# Every entry carries an evidence status and its sources; see manifest.yaml.\n"
)


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style for short scalar lists."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(x, (str, int)) for x in data) and sum(len(str(x)) for x in data) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _dump(path: Path, what: str, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    path.write_text(HEADER.format(what=what) + text, encoding="utf-8")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _norm(item: dict[str, Any], *, since: str | None = None) -> dict[str, Any]:
    out = dict(item)
    for key in ("document", "legal"):
        if key in out:
            out[key] = _as_list(out[key])
    if "status" in out and "sources" not in out:
        out["sources"] = []
    if since is not None:
        out["since"] = since
    return out


def main(argv: list[str]) -> int:
    src = (
        Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "reference" / "catalogue.yaml"
    )
    cat = yaml.safe_load(src.read_text(encoding="utf-8"))
    meta = cat["meta"]
    version = str(meta["version"])

    manifest = {"spec": dict(meta), "statuses": cat["statuses"]}
    manifest["spec"]["transcribed_from"] = "shared/reference/catalogue.yaml"
    _dump(OUT / "manifest.yaml", "manifest (title, version, status legend, conventions)", manifest)
    _dump(
        OUT / "sources.yaml",
        "source registry and legal sources",
        {"sources": cat["sources"], "legal_sources": [_norm(x) for x in cat["legal_sources"]]},
    )
    _dump(
        OUT / "structure.yaml",
        "phases, areas, kinds and BBIC documents",
        {k: [_norm(x) for x in cat[k]] for k in ("phases", "areas", "kinds", "documents")},
    )
    _dump(
        OUT / "record_types.yaml",
        "record types with keys, parent and period date",
        {"record_types": [_norm(x) for x in cat["record_types"]]},
    )
    for old in (OUT / "value_sets").glob("*.yaml"):
        old.unlink()
    for vs in cat["value_sets"]:
        item = _norm(vs, since=version)
        item["codes"] = [_norm(c) if "status" in c else dict(c) for c in vs["codes"]]
        for code in item["codes"]:
            if "legal" in code:
                code["legal"] = _as_list(code["legal"])
        _dump(OUT / "value_sets" / f"{vs['id']}.yaml", f"value set {vs['id']}", item)
    for old in (OUT / "variables").glob("*.yaml"):
        old.unlink()
    for rt in cat["record_types"]:
        variables = []
        for var in cat["variables"]:
            if var["record_type"] != rt["id"]:
                continue
            item = _norm(var, since=version)
            if "rules" in item:
                item["rules"] = [_norm(r) for r in item["rules"]]
            variables.append(item)
        _dump(
            OUT / "variables" / f"{rt['id']}.yaml",
            f"variables of record type {rt['id']}",
            {"record_type": rt["id"], "variables": variables},
        )
    _dump(
        OUT / "measures.yaml",
        "measures (numerator and denominator as predicates)",
        {
            "conventions": cat["measure_conventions"],
            "measures": [_norm(m, since=version) for m in cat["measures"]],
        },
    )
    _dump(
        OUT / "rules.yaml",
        "record-level and cross-record rules",
        {"rules": [_norm(r, since=version) for r in cat["rules"]]},
    )
    _dump(OUT / "disclosure.yaml", "small-count protection facts and default", cat["disclosure"])
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
