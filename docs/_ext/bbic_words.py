"""Plain-Swedish paraphrases of catalogue expressions and variable rules (documentation).

The expression paraphrases live in the library (:class:`bbic_su.spec._words.Words`, also
used by the Swedish validation messages); this subclass adds one sentence per
variable rule for the entry pages. The result is plain text (not yet escaped);
pages escape it with :func:`bbic_rst.esc`.
"""

from __future__ import annotations

from bbic_su.spec._words import Words as _Words
from bbic_su.spec.model import VariableRule


class Words(_Words):
    """Paraphrases expressions and variable rules against one catalogue."""

    def variable_rule(self, rule: VariableRule) -> str:
        """One sentence describing a variable's own rule (without severity and links)."""
        parts: list[str] = []
        if rule.required:
            parts.append("Ska alltid vara ifylld.")
        if rule.required_if:
            parts.append(f"Ska vara ifylld när {self.text(rule.required_if)}.")
        if rule.after_or_equal:
            parts.append(f"Får inte infalla före {self.ref_text(rule.after_or_equal)}.")
        if rule.before_or_equal:
            parts.append(f"Får inte infalla efter {self.ref_text(rule.before_or_equal)}.")
        if rule.deadline is not None:
            d = rule.deadline
            span = (
                f"{d.max_days} {'dag' if d.max_days == 1 else 'dagar'}"
                if d.max_days is not None
                else f"{d.max_months} {'månad' if d.max_months == 1 else 'månader'}"
            )
            parts.append(f"Ska infalla senast {span} efter {self.ref_text(d.anchor)}.")
            if d.open_against == "extraction_date":
                parts.append(
                    "Saknas värdet (ärendet är öppet) prövas tidsgränsen mot uttagsdatumet, "
                    "när det anges."
                )
        if rule.waived_if:
            parts.append(f"Gäller inte när {self.text(rule.waived_if)}.")
        if rule.interval is not None:
            d = rule.interval
            span = (
                f"{d.max_days} {'dag' if d.max_days == 1 else 'dagar'}"
                if d.max_days is not None
                else f"{d.max_months} {'månad' if d.max_months == 1 else 'månader'}"
            )
            parts.append(
                f"Poster där {self.text(d.among)} får ligga högst {span} efter föregående "
                f"sådan post, den första högst {span} efter {self.ref_text(d.anchor)}."
            )
            if d.open_against == "extraction_date" and d.closed_by:
                parts.append(
                    "Tiden från den senaste av dessa poster prövas också mot uttagsdatumet, när "
                    f"det anges, så länge ingen post där {self.text(d.closed_by)} finns för "
                    "samma överordnade post"
                )
                parts[-1] += (
                    f"; en överordnad post där {self.text(d.parent_if)} utan någon post av det "
                    f"första slaget prövas då från {self.ref_text(d.anchor)}."
                    if d.parent_if
                    else "."
                )
        if rule.unique_within_parent is not None:
            where = self.text(rule.unique_within_parent.where)
            parts.append(f"Högst en post per överordnad post får uppfylla: {where}.")
        if rule.none_after_within_parent is not None:
            n = rule.none_after_within_parent
            parts.append(
                f"Ingen post för samma överordnade post får ha {self.ref_text(n.date)} efter "
                f"den tidigaste posten där {self.text(n.where)}."
            )
        if rule.range is not None:
            lo, hi = rule.range
            parts.append(f"Värdet ska ligga mellan {lo} och {hi}.")
        return " ".join(parts)
