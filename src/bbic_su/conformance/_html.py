"""The conformance result as one self-contained Swedish HTML page.

>>> from bbic_su.conformance._html import evidence_text
>>> evidence_text({"outcome": "fail", "invalid-code": {"count": 3, "rows": [2, 9]}})
'invalid-code: 3 (rad 2, 9)'
>>> evidence_text({"outcome": "pass", "column": True, "rows": 40, "filled": 38})
'column: ja; rows: 40; filled: 38'

The page has inline CSS only, no script, no image and no link to anything
outside it; its Content-Security-Policy meta tag (``default-src 'none';
style-src 'unsafe-inline'``) makes a browser refuse anything else. It shows the
verdict, the inputs with their SHA-256 digests, and one table per requirement
group (the general requirements, then one per record type), in kravbilaga order.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bbic_su.conformance._model import CHECK_NAMES, PASS_MEANS_SV, REASONS, RequirementResult

if TYPE_CHECKING:
    from bbic_su.conformance._report import ConformanceReport

__all__ = ["CSP", "evidence_text", "render"]

CSP = "default-src 'none'; style-src 'unsafe-inline'"
"""The page's Content-Security-Policy."""

_OUTCOME_SV = {"pass": "Godkänd", "fail": "Underkänd", "not_applicable": "Ej tillämplig"}
_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;
color:#1b1b1b;line-height:1.4}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}code{font-size:.9em}
.verdict{font-size:1.3rem;font-weight:bold;padding:.6rem 1rem;border-radius:.3rem}
.pass{background:#dff3e3;color:#11541f}.fail{background:#fbe1e1;color:#7a1111}
.not_applicable{background:#eeeeee;color:#444}
.prov{background:#fff3cd;color:#664d03;padding:0 .3rem;border-radius:.2rem;font-size:.85em}
.note{background:#fff8e1;border-left:.3rem solid #e0a800;padding:.5rem 1rem}
ul.checks{margin:0;padding-left:1.1rem}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "–"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) or "–"
    return str(value)


def evidence_text(check: Mapping[str, Any]) -> str:
    """One line of plain text for a check's JSON form (its outcome left out)."""
    parts = []
    for key, value in check.items():
        if key == "outcome":
            continue
        if isinstance(value, Mapping) and set(value) == {"count", "rows"}:
            rows = f" (rad {_value(value['rows'])})" if value["rows"] else ""
            parts.append(f"{key}: {value['count']}{rows}")
        else:
            parts.append(f"{key}: {_value(value)}")
    return "; ".join(parts)


def _checks(r: RequirementResult) -> str:
    if r.reason is not None:
        return _e(REASONS.get(r.reason, r.reason))
    items = []
    for c in r.checks:
        title = CHECK_NAMES.get(c.name, (c.name, ""))[0]
        detail = evidence_text(c.to_dict())
        items.append(
            f'<li><span class="{c.outcome}">{_e(_OUTCOME_SV[c.outcome])}</span> '
            f"{_e(title)}{': ' + _e(detail) if detail else ''}</li>"
        )
    if r.other_findings:
        other = ", ".join(f"{k}: {v}" for k, v in r.other_findings.items())
        items.append(f"<li>Övriga fynd (avgör inte): {_e(other)}</li>")
    return f'<ul class="checks">{"".join(items)}</ul>' if items else ""


def _row(r: RequirementResult) -> str:
    req = r.requirement
    badge = ' <span class="prov">Preliminär</span>' if req.provisional else ""
    mandatory = ' <span class="prov">Kräv-markerad</span>' if req.mandatory else ""
    return (
        f'<tr id="{_e(req.id)}"><td><code>{_e(req.id)}</code>{badge}{mandatory}</td>'
        f'<td class="{r.outcome}">{_e(_OUTCOME_SV[r.outcome])}</td>'
        f"<td>{_checks(r)}</td><td>{_e(req.text_sv)}</td></tr>"
    )


def _table(title: str, results: list[RequirementResult]) -> list[str]:
    head = "<tr><th>Krav-id</th><th>Resultat</th><th>Kontroller</th><th>Kravtext</th></tr>"
    return [f"<h2>{_e(title)}</h2>", "<table>", head, *map(_row, results), "</table>"]


def _meta(result: ConformanceReport) -> list[str]:
    d = result.to_dict()
    rows = [
        ("bbic-su", d["tool"]["version"]),
        ("Katalogversion", f"{result.spec_version} ({result.spec_date})"),
        ("Profil", result.profile),
        ("Uppföljningsplan", (result.plan or {}).get("name") or ("ja" if result.plan else "–")),
        ("Uttagsdatum", result.extraction_date or "–"),
        ("Skapad", result.generated_at or "–"),
        ("Lokala tillägg", ", ".join(result.extensions) or "–"),
        (
            "Rader",
            f"lästa {result.imported.get('rows_read', 0)}, inlästa "
            f"{result.imported.get('rows_imported', 0)}, avvisade "
            f"{result.imported.get('rows_rejected', 0)}",
        ),
    ]
    out = ["<table>", *(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows), "</table>"]
    out += ["<h2>Filer</h2>", "<table>", "<tr><th>Fil</th><th>Byte</th><th>SHA-256</th></tr>"]
    out += [
        f"<tr><td>{_e(f.name)}</td><td>{f.bytes}</td><td><code>{_e(f.sha256)}</code></td></tr>"
        for f in result.inputs
    ]
    return [*out, "</table>"]


def _pct(share: float) -> str:
    """``0.1`` as ``10 %`` (Swedish: decimal comma, space before the sign)."""
    return f"{share * 100:g} %".replace(".", ",")


def render(result: ConformanceReport) -> str:
    """The HTML page of ``result`` (UTF-8 text; deterministic like the JSON)."""
    summary = result.summary()
    counts = summary["by_outcome"]
    n_prov = sum(1 for r in result.results if r.requirement.provisional)
    verdict = result.verdict
    body = [
        "<h1>Kontroll mot kravbilagan (bbic-su conformance)</h1>",
        f'<p class="verdict {verdict}">Samlat resultat: {_e(_OUTCOME_SV[verdict])}</p>',
        f"<p>{counts['pass']} krav godkända, {counts['fail']} underkända, "
        f"{counts['not_applicable']} ej tillämpliga. Resultatet är godkänt bara om inget "
        "tillämpligt krav är underkänt. Samma export, profil och plan ger samma resultat.</p>",
        '<div class="note"><p><strong>Inte officiell.</strong> Katalogen är en rekonstruktion '
        "från offentliga källor och inte Socialstyrelsens officiella variabelbilaga. BBIC är "
        f"Socialstyrelsens varumärke; bbic-su är ett fristående projekt. {n_prov} krav gäller "
        'preliminära poster och är markerade <span class="prov">Preliminär</span>; de kan '
        "behöva ändras när den officiella bilagan finns.</p>"
        "<p>Lagstadgade tidsgränser (tidsgräns överskriden) räknas men underkänner inte "
        "exporten: de beskriver handläggningen, inte systemet. Rapporten innehåller bara "
        "antal, koder och radnummer, aldrig uppgifter om barn.</p></div>",
        "<h2>Vad «Godkänd» betyder</h2>",
        *(f"<p>{_e(text)}</p>" for text in PASS_MEANS_SV),
        f"<p>Tröskelvärden: ifyllnadsgrad minst {_e(_pct(result.min_fill_rate))} av raderna där "
        "variabeln gäller; andel värden inom värdemängden 100 %; inga nyckelfel; inga datum "
        "i fel ordning.</p>",
        *_meta(result),
    ]
    general = [r for r in result.results if r.requirement.kind == "general"]
    body += _table("Allmänna krav", general)
    groups: dict[str, list[RequirementResult]] = {}
    for r in result.results:
        if r.requirement.record_type is not None:
            groups.setdefault(r.requirement.record_type, []).append(r)
    for rt, results in groups.items():
        body += _table(f"Posttyp {rt}", results)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>bbic-su conformance: {_e(_OUTCOME_SV[verdict])}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
