"""Masking personal data for screens, paper and logs (PIPL; see design/domain.md).

ID and phone numbers are shown masked by default. Values that are not in their usual form
(legacy imports, half-typed input) are masked too, never revealing more than half of them.
"""

from __future__ import annotations

import re

from domain.errors import UserError
from domain.records import FieldSpec
from domain.validation import normalise_phone

STAR = "*"
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"(0[0-9]{2,3})-([0-9]{7,8})(?:-([0-9]{1,6}))?")


def _mask_ends(text: str, head: int, tail: int, full_length: int) -> str:
    """Keep `head` and `tail` characters of a value at least `full_length` long; of a shorter
    one keep at most half, so a truncated value cannot be read back whole."""
    n = len(text)
    if n >= full_length:
        keep_head, keep_tail = head, tail
    else:
        budget = n // 2
        keep_tail = min(tail, budget // 2)
        keep_head = min(head, budget - keep_tail)
    hidden = n - keep_head - keep_tail
    return text[:keep_head] + STAR * hidden + (text[n - keep_tail :] if keep_tail else "")


def mask_id_number(value: str | None) -> str:
    """320214194501010007 → 320214********0007 (first 6, last 4); "" for None."""
    if value is None:
        return ""
    return _mask_ends(value.strip(), 6, 4, 18)


def mask_phone(value: str | None) -> str:
    """Mobile 13812345678 → 138****5678; landline 0510-12345678 → 0510-******78; "" for None.

    The area code of a landline is a place, not a person, so it stays readable.
    """
    if value is None:
        return ""
    text = value.strip()
    if _MOBILE.fullmatch(text):
        return _mask_ends(text, 3, 4, 11)
    landline = _LANDLINE.fullmatch(text)
    if landline:
        area, local, extension = landline.groups()
        masked = f"{area}-{_mask_ends(local, 0, 2, 7)}"
        return masked + (f"-{STAR * len(extension)}" if extension else "")
    try:
        normalised = normalise_phone(text)
    except UserError:
        return mask_text(text, tail=2)
    return mask_phone(normalised)


def mask_text(value: str | None, *, head: int = 1, tail: int = 1) -> str:
    """Generic masking for other sensitive text: at most `head` + `tail` and at most half shown."""
    if value is None:
        return ""
    text = value.strip()
    return _mask_ends(text, head, tail, len(text) + 1)  # never "full": the half rule always holds


def is_masked(spec: FieldSpec) -> bool:
    """Whether a field's values are masked by default.

    ID and phone kinds are masked even if a spec forgets `sensitive=True`: the law does not
    care about our declaration.
    """
    return spec.sensitive or spec.kind in ("resident_id", "phone")


def mask(spec: FieldSpec, value: object) -> object:
    """The value to show on screen or paper for field `spec`: masked if the field is sensitive,
    unchanged otherwise; None stays None."""
    if value is None or not is_masked(spec):
        return value
    text = value if isinstance(value, str) else str(value)
    if spec.kind == "resident_id":
        return mask_id_number(text)
    if spec.kind == "phone":
        return mask_phone(text)
    return mask_text(text)
