"""Scaling a scheme's fixed amounts with the population (``simulate --scale``).

A county generated at ``population_scale`` s has s times the residents of the
model, so amounts the scheme fixes for the whole county — the point method's
fund and the workload budget — are scaled by s too; amounts per person, stay
or day, ratios and rates are not.  The budget is scaled by the C library
(``ygt_budget_scale``, :meth:`yigongti.Budget.scaled`), as are capitation
persons and DIP's whole-county amounts (its fund, history costs and expected
scores, ``ygt_settle_params_scale``), both from the year's ``person_scale``;
this module leaves DIP alone so that nothing is scaled twice.  With
``fund_from_cases`` (the bundles) DIP's fund is the year's own and its budget
point value is resized with it.

Each amount is a yuan string or number as the format takes it (doc/formats/
scheme.md); the scaled amount is rounded once to the fen, half away from
zero, and written back as a yuan string.  The documents are copied, never
changed.
"""
import copy
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_FEN = Decimal("0.01")


def yuan(value, scale):
    """A yuan amount times ``scale``, rounded to the fen: a string "1234.50"."""
    scaled = Decimal(str(value)) * Decimal(repr(float(scale)))
    return str(scaled.quantize(_FEN, rounding=ROUND_HALF_UP))


def _amount(value, scale):
    """yuan(value, scale), or the value unchanged when it is not an amount
    (the C parser then names the file and the field)."""
    if isinstance(value, bool):
        return value
    try:
        return yuan(value, scale)
    except (InvalidOperation, ValueError, TypeError):
        return value


def scheme(doc, scale):
    """A scheme document (doc/formats/scheme.md) with the point method's
    ``fund`` per insurance type and the workload ``budget`` scaled."""
    if scale == 1 or doc is None:
        return doc
    out = copy.deepcopy(doc)
    lines = out.get("lines")
    if not isinstance(lines, dict):
        return out
    for line in lines.values():
        if not isinstance(line, dict):
            continue
        if line.get("method") == "points" and isinstance(line.get("fund"), dict):
            line["fund"] = {ins: _amount(v, scale) for ins, v in line["fund"].items()}
        if line.get("method") == "workload" and "budget" in line:
            line["budget"] = _amount(line["budget"], scale)
    return out
