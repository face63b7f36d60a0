"""The fuzz harness: structure-aware strategies and one target per entry point that reads input.

Shared by the short campaign of the test suite (``tests/test_fuzz.py``) and the
long campaigns of ``tools/fuzz.py``. A *target* takes one generated input,
runs the public entry point on it and returns ``"ok"`` or ``"error"`` (a
deliberate :class:`~bbic_su.errors.BbicSuError`). Anything else is a crash
and propagates: another exception type, an
:class:`~bbic_su.errors.InternalError`, an error message longer than 300
characters or on several lines, a message or CLI output holding an identity
number that the input put there, a CLI traceback or exit status 3.

Strategies mutate real inputs (the shipped example exports, profiles, the
documentation's plan and extension file, a workbook written by the library)
at the level of their structure (cells, rows, headers, YAML keys and values,
zip members and XML text) and at the level of bytes (bit flips, cuts,
inserted bytes, foreign encodings).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from hypothesis import strategies as st

import bbic_su
from bbic_su._pnr_detect import contains
from bbic_su.cli import main
from bbic_su.errors import BbicSuError, InternalError
from bbic_su.importing.profile import example_exports, shipped_profile_path, shipped_profiles

ROOT = Path(__file__).resolve().parent.parent
KEY = b"a key for the fuzz harness: Hq3Vt8Nz5 Wy2Kc"
PNR_FORMS = ("20141011 4183", "201410114183", "141011-4183", "20141011-4183", "141011+4183")
"""Identity-number shapes the strategies plant; none may come back in a message."""

# --- the inputs mutated -----------------------------------------------------------------

PROFILES = tuple(shipped_profiles())
PROFILE_TEXT = {p: shipped_profile_path(p).read_text(encoding="utf-8") for p in PROFILES}
PLAN_TEXT = (ROOT / "docs" / "examples" / "plan.yaml").read_text(encoding="utf-8")
LOCAL_TEXT = (ROOT / "docs" / "examples" / "lokal.yaml").read_text(encoding="utf-8")


def _canonical_files() -> dict[str, bytes]:
    folder = Path(tempfile.mkdtemp(prefix="bbic-fuzz-"))
    main_ds = bbic_su.Dataset(
        {
            "barn": pd.DataFrame(
                {"barn_id": ["b1", "b2"], "kommunkod": ["0180", "0180"], "kon": ["flicka", "x"]},
                dtype="str",
            )
        }
    )
    bbic_su.write_dataset(main_ds, folder / "csv")
    bbic_su.write_dataset(main_ds, folder / "ds.xlsx")
    files = {p.name: p.read_bytes() for p in (folder / "csv").glob("*.csv")}
    files["dataset.xlsx"] = (folder / "ds.xlsx").read_bytes()
    return files


CANONICAL = _canonical_files()
EXAMPLES: dict[str, list[tuple[str, bytes]]] = {
    p: [(f.name, f.read_bytes()) for f in example_exports(p)] for p in PROFILES
}
EXAMPLES["canonical"] = [("barn.csv", CANONICAL["barn.csv"])]
EXAMPLES["xlsx_mall"] = [("mall.xlsx", CANONICAL["dataset.xlsx"])]

# --- values -----------------------------------------------------------------------------

WEIRD = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\ufffe",
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        '"',
        '""',
        "\r",
        "\n",
        ";",
        ",",
        "\t",
        "|",
        "ej",
        "Ja",
        "nej",
        "9" * 5000,
        "x" * 300,
        "1900-01-10",
        "9999-12-31",
        "31/02/2024",
        "45352",
        "2958466",
        "-0",
        "1e309",
        "NaN",
        "%d",
        "Flicka",
        "Pojke",
        "0180",
        *PNR_FORMS,
    ]
)
TEXT = st.one_of(WEIRD, st.text(max_size=12), st.text(alphabet="0123456789 -+", max_size=14))


def junk_yaml_value() -> st.SearchStrategy[Any]:
    """Any value YAML can hold, with the awkward ones over-represented."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**40, max_value=10**60),
        st.floats(allow_nan=True, allow_infinity=True),
        TEXT,
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)
        ),
        max_leaves=8,
    )


# --- byte-level mutation ----------------------------------------------------------------

INSERTS = [b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xff\xfe", b'"', b"\r\n", b";", b"\x1a"]


@st.composite
def mutated_bytes(draw: st.DrawFn, base: bytes, max_ops: int = 4) -> bytes:
    """``base`` with a few bit flips, cuts, deletions or insertions at random places."""
    data = bytearray(base)
    for _ in range(draw(st.integers(0, max_ops))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "delete", "insert", "dup"]))
        if op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[at:]
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


# --- CSV --------------------------------------------------------------------------------


@st.composite
def csv_bytes(draw: st.DrawFn, header: list[str]) -> bytes:
    """A CSV file built from ``header``: odd cells, ragged rows, quotes, several encodings."""
    names = draw(
        st.lists(st.one_of(st.sampled_from(header), TEXT), min_size=0, max_size=len(header) + 2)
    )
    if draw(st.booleans()):
        names = header[:]
    delim = draw(st.sampled_from([";", ",", "\t", "|"]))
    lines = [delim.join(names)]
    for _ in range(draw(st.integers(0, 5))):
        width = draw(st.sampled_from([len(names), max(len(names) - 1, 0), len(names) + 1]))
        cells = [draw(TEXT) for _ in range(width)]
        cells = [f'"{c}"' if draw(st.booleans()) and '"' not in c else c for c in cells]
        lines.append(delim.join(cells))
    text = draw(st.sampled_from(["\r\n", "\n"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]))
    return text.encode(encoding, errors="replace")


def header_of(data: bytes) -> list[str]:
    first = data.decode("utf-8", errors="replace").splitlines()[0]
    return [c.strip('"') for c in first.replace(",", ";").split(";")]


@st.composite
def export_input(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """(profile, file name, bytes): a mutated example export or a CSV built from its header."""
    profile = draw(st.sampled_from(PROFILES))
    name, base = draw(st.sampled_from(EXAMPLES[profile]))
    if name.endswith(".xlsx"):
        return profile, name, draw(xlsx_bytes(base))
    how = draw(st.sampled_from(["mutate", "build", "as-is"]))
    if how == "mutate":
        return profile, name, draw(mutated_bytes(base))
    if how == "build":
        return profile, name, draw(csv_bytes(header_of(base)))
    return profile, name, base


# --- xlsx -------------------------------------------------------------------------------


@st.composite
def xlsx_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    """A workbook with edited XML (odd text in cells, broken markup) or damaged zip bytes."""
    how = draw(st.sampled_from(["xml", "bytes", "both"]))
    data = base
    if how in ("xml", "both"):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
            target = draw(st.sampled_from([i.filename for i in src.infolist()]))
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename == target and body:
                    text = body.decode("utf-8", errors="replace")
                    at = draw(st.integers(0, len(text)))
                    piece = draw(st.one_of(TEXT, st.sampled_from(["<", "&", "<c t='s'>", "]]>"])))
                    text = text[:at] + piece + text[at:]
                    body = text.encode("utf-8", errors="surrogatepass")
                dst.writestr(item, body)
        data = out.getvalue()
    if how in ("bytes", "both"):
        data = draw(mutated_bytes(data, max_ops=2))
    return data


@st.composite
def dataset_input(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, bytes) for :func:`bbic_su.read_dataset`: a canonical CSV or a workbook."""
    if draw(st.booleans()):
        return "dataset.xlsx", draw(xlsx_bytes(CANONICAL["dataset.xlsx"]))
    base = CANONICAL["barn.csv"]
    return "barn.csv", draw(st.one_of(mutated_bytes(base), csv_bytes(header_of(base))))


# --- YAML -------------------------------------------------------------------------------

YAML_LINES = [
    "? [a]\n: b\n",
    "? {a: 1}\n: b\n",
    "x: " + "9" * 5000 + "\n",
    "x: &a [1, 2]\ny: *a\n",
    "x: *nope\n",
    "x: !!python/object:os.system ls\n",
    "%YAML 1.1\n---\n",
    "\tx: 1\n",
    "x: 1\nx: 2\n",
    "---\n---\n",
    "[" * 200 + "]" * 200 + "\n",
]


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.cache
def _parsed(text: str) -> Any:
    """A base document parsed once (libyaml when available); callers copy it."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _set_at(doc: Any, path: list[int], value: Any) -> Any:
    """Replace the node reached by the index path (positions among keys/items) by ``value``."""
    if not path or not isinstance(doc, dict | list) or not doc:
        return value
    step, rest = path[0], path[1:]
    if isinstance(doc, dict):
        key = list(doc)[step % len(doc)]
        doc[key] = _set_at(doc[key], rest, value)
    else:
        i = step % len(doc)
        doc[i] = _set_at(doc[i], rest, value)
    return doc


@st.composite
def yaml_bytes(draw: st.DrawFn, base: str) -> bytes:
    """A YAML document from ``base``: a value or key replaced, lines inserted, bytes damaged."""
    how = draw(st.sampled_from(["value", "key", "line", "bytes"]))
    if how in ("value", "key"):
        doc = copy.deepcopy(_parsed(base))
        path = draw(st.lists(st.integers(0, 50), max_size=5))
        if how == "value":
            doc = _set_at(doc, path, draw(junk_yaml_value()))
        elif isinstance(doc, dict) and doc:
            doc[draw(TEXT)] = draw(junk_yaml_value())
            if draw(st.booleans()):
                del doc[list(doc)[draw(st.integers(0, len(doc) - 1))]]
        try:
            text = yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True)
        except (yaml.YAMLError, UnicodeError):
            text = base
        return text.encode("utf-8", errors="surrogatepass")
    if how == "line":
        lines = base.splitlines(keepends=True)
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(YAML_LINES)))
        return "".join(lines).encode("utf-8")
    return draw(mutated_bytes(base.encode("utf-8")))


# --- frames -----------------------------------------------------------------------------


@st.composite
def junk_dataset(draw: st.DrawFn) -> bbic_su.Dataset:
    """A dataset of small junk frames (odd, duplicate, unknown and missing columns)."""
    from frame_strategies import junk_frame

    cat = bbic_su.catalog()
    types = draw(st.sets(st.sampled_from([r.id for r in cat.record_types]), min_size=1))
    return bbic_su.Dataset({rt: draw(junk_frame(rt)) for rt in sorted(types)})


# --- CLI arguments ----------------------------------------------------------------------

CLI_WORDS = [
    "spec",
    "list",
    "show",
    "validate",
    "import",
    "profile",
    "check",
    "draft",
    "schema",
    "measures",
    "synth",
    "conformance",
    "kon",
    "kön",
    "--format",
    "json",
    "csv",
    "table",
    "text",
    "--by",
    "kon,aldersgrupp",
    "--period",
    "month",
    "--profile",
    "canonical",
    "exempel_lang",
    "--out",
    "--lang",
    "en",
    "--catalog-extra",
    "--plan",
    "--children",
    "2",
    "-1",
    "--kind",
    "--record-type",
    "barn",
    "--measure",
    "--",
    "-",
    "",
]


CLI_STARTS = [
    [],
    ["spec", "list"],
    ["spec", "show"],
    ["validate", "@DATA"],
    ["import", "@JUNK", "--profile", "canonical", "--out", "@OUT"],
    ["profile", "check"],
    ["profile", "draft", "@JUNK"],
    ["schema", "--format"],
    ["measures", "@DATA"],
    ["conformance", "@DATA", "--profile"],
]


@st.composite
def cli_argv(draw: st.DrawFn) -> list[str]:
    """A command line: command words, options and values, some of them file placeholders."""
    words = st.one_of(st.sampled_from([*CLI_WORDS, "@DATA", "@OUT", "@JUNK", "@NONE"]), TEXT)
    start = draw(st.sampled_from(CLI_STARTS))
    return [*start, *draw(st.lists(words, min_size=0 if start else 1, max_size=6))]


# --- the oracle -------------------------------------------------------------------------


class Crash(AssertionError):
    """The entry point broke a promise on this input."""


def _check_message(exc: BbicSuError) -> None:
    text = str(exc)
    if "\n" in text or len(text) > 300:
        raise Crash(f"message of {type(exc).__name__} too long or on several lines: {len(text)}")
    if contains(text):
        raise Crash(f"message of {type(exc).__name__} holds an identity number")


def outcome(call: Callable[[], object]) -> str:
    """Run ``call``: ``"ok"`` or ``"error"``, or raise :class:`Crash` / the crash itself."""
    try:
        call()
    except InternalError as exc:
        raise Crash(f"internal error: {exc} (cause: {exc.__cause__!r})") from exc
    except BbicSuError as exc:
        _check_message(exc)
        return "error"
    return "ok"


# --- targets (one per entry point) ------------------------------------------------------


def _write(folder: Path, name: str, data: bytes) -> Path:
    for old in folder.iterdir():
        if old.is_file():
            old.unlink()
    path = folder / name
    path.write_bytes(data)
    return path


def target_readers(folder: Path, value: tuple[str, bytes]) -> str:
    name, data = value
    path = _write(folder, name, data)
    return outcome(lambda: bbic_su.read_dataset(path if name.endswith(".xlsx") else folder))


def _no_identity_numbers(result: tuple[bbic_su.Dataset, Any]) -> None:
    """The artefacts of an import (every cell, the report) hold no identity number."""
    from bbic_su.importing._pnr_vector import contains_many

    ds, report = result
    for name, frame in ds.frames.items():
        for col in frame.columns:
            if contains(str(col)) or contains_many(frame[col]).any():
                raise Crash(f"an identity number in column {col!r} of {name}")

    def strings(value: Any) -> list[str]:  # the values themselves, not their JSON escapes
        if isinstance(value, dict):
            return [t for k, v in value.items() for t in (*strings(k), *strings(v))]
        if isinstance(value, list | tuple):
            return [t for v in value for t in strings(v)]
        return [value] if isinstance(value, str) else []

    if any(contains(t) for t in strings(report.to_dict())) or contains(ds.source or ""):
        raise Crash("an identity number in the import report")


def target_import(folder: Path, value: tuple[str, str, bytes]) -> str:
    profile, name, data = value
    path = _write(folder, name, data)
    return outcome(lambda: _no_identity_numbers(bbic_su.import_export([path], profile, key=KEY)))


def target_catalog(folder: Path, data: bytes) -> str:
    path = _write(folder, "lokal.yaml", data)
    return outcome(lambda: bbic_su.load_catalog(extra=[path]))


LOCAL_CATALOG = bbic_su.load_catalog(extra=[ROOT / "docs" / "examples" / "lokal.yaml"])
"""The catalogue with the documentation's extension file, which its example plan uses."""


def target_plan(folder: Path, data: bytes) -> str:
    path = _write(folder, "plan.yaml", data)
    return outcome(lambda: bbic_su.load_plan(path, catalog=LOCAL_CATALOG))


def target_profile(folder: Path, data: bytes) -> str:
    path = _write(folder, "profil.yaml", data)
    return outcome(lambda: bbic_su.load_profile(path))


def target_validate(folder: Path, ds: bbic_su.Dataset) -> str:
    return outcome(lambda: bbic_su.validate(ds))


def target_cli(folder: Path, argv: list[str]) -> str:
    data = folder / "data"
    if not data.exists():
        bbic_su.write_dataset(bbic_su.Dataset({}), data)
    junk = folder / "junk.yaml"
    junk.write_bytes(b"? [a]\n: b\n")
    subst = {"@DATA": str(data), "@OUT": str(folder / "out"), "@JUNK": str(junk)}
    subst["@NONE"] = str(folder / "none")
    args = [subst.get(a, a) for a in argv]
    if any(a in ("synth", "demo", "report") for a in args):  # slow paths: their own tests
        args = [a if a not in ("synth", "demo", "report") else "spec" for a in args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    text = err.getvalue()
    if code == 3 or "Traceback" in text:
        raise Crash(f"exit {code}: {text[:200]}")
    if code == 2 and text.count("\n") != 1:
        raise Crash(f"exit 2 with {text.count(chr(10))} lines")
    planted = [p for p in PNR_FORMS if p in " ".join(argv)]
    if planted and contains(text):
        raise Crash("an identity number from the command line is echoed on stderr")
    return "ok" if code in (0, 1) else "error"


ENTRY_POINTS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Path, Any], str]]] = {
    "readers": (dataset_input(), target_readers),
    "import_export": (export_input(), target_import),
    "load_catalog": (yaml_bytes(LOCAL_TEXT), target_catalog),
    "load_plan": (yaml_bytes(PLAN_TEXT), target_plan),
    "load_profile": (
        st.sampled_from(PROFILES).flatmap(lambda p: yaml_bytes(PROFILE_TEXT[p])),
        target_profile,
    ),
    "validate": (junk_dataset(), target_validate),
    "cli": (cli_argv(), target_cli),
}
"""Entry point name → (strategy of inputs, target)."""
