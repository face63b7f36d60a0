"""Write the shipped example profile ``exempel_komplett`` and its example export.

Usage: ``python tools/exempel_komplett.py [--check]``.

``src/bbic_su/profiles/exempel_komplett.yaml`` is the text of
:func:`bbic_su.demo.complete_profile_yaml` (``exempel_bred_cp1252`` extended to
every variable of every record type); tests/test_profile_komplett.py keeps it in
step. The example export in ``src/bbic_su/profiles/examples/exempel_komplett/`` is
a small synthetic municipality (:data:`CHILDREN` children, seed :data:`SEED`:
every record type has a few rows and validation finds nothing) rendered in that
layout with made-up personnummer (serials 980-999, valid check digits), then
encoded as cp1252 like the ``exempel_bred_cp1252`` examples. Run it after a
catalogue change; ``--check`` writes nothing and exits 1 when a file is stale.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bbic_su import synth
from bbic_su.demo import PROFILE, complete_profile_yaml
from bbic_su.importing.profile import load_profile
from bbic_su.interchange.render import render_export
from bbic_su.spec._catalog import catalog

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "src" / "bbic_su" / "profiles"
CHILDREN = 5
SEED = 3
PERIOD = 2024


def _luhn(digits: str) -> int:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def _test_range(numbers: dict[str, str]) -> dict[str, str]:
    """The same numbers with serials 980-999 (as in the hand-written examples), sex kept.

    The generator's numbers are made up but may be someone's; the shipped files use
    serials from the range the other example files use. Same birth date, same parity
    of the sex digit, a new check digit.
    """
    out: dict[str, str] = {}
    for i, (key, number) in enumerate(sorted(numbers.items())):
        odd = int(number[-2]) % 2
        serial = f"9{8 + (2 * i + odd) // 10}{(2 * i + odd) % 10}"
        digits = number[2:8] + serial
        out[key] = f"{number[:8]}-{serial}{_luhn(digits)}"
    return out


def example_files(profile_text: str) -> dict[str, bytes]:
    """File name to bytes of the example export (cp1252, ``;``, CRLF) in that profile."""
    cat = catalog()
    own = synth.generate_with_truth(CHILDREN, seed=SEED, period=PERIOD, catalog=cat)
    with tempfile.TemporaryDirectory() as tmp:
        profile_file = Path(tmp) / f"{PROFILE}.yaml"
        profile_file.write_text(profile_text, encoding="utf-8")
        profile = load_profile(profile_file, catalog=cat)
        out = Path(tmp) / "export"
        children = own.dataset["barn"]["barn_id"]
        numbers = _test_range({str(k): own.identity(str(k)) for k in children})
        paths = render_export(own.dataset, profile, out, identity=numbers.__getitem__, catalog=cat)
        return {p.name: p.read_bytes().decode("utf-8").encode("cp1252") for p in paths}


def expected() -> dict[Path, bytes]:
    """Every file this script writes, with its content."""
    text = complete_profile_yaml()
    out = {PROFILES / f"{PROFILE}.yaml": text.encode("utf-8")}
    folder = PROFILES / "examples" / PROFILE
    out |= {folder / name: data for name, data in example_files(text).items()}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    stale = [
        path for path, data in expected().items() if not path.is_file() or path.read_bytes() != data
    ]
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path, data in expected().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
