"""Masking of ID and phone numbers on paper (PIPL; shared/design/domain.md, "Personal data").

The rules live in domain.privacy so screen and paper agree (320214********1234, 138****5678);
this module only adds the "show in full" switch the builders take, and name masking for
notices that choose it.
"""

from __future__ import annotations

from domain.privacy import STAR, mask_id_number, mask_phone


def id_number(value: str | None, *, masked: bool = True) -> str:
    if not value:
        return ""
    return mask_id_number(value) if masked else value


def phone(value: str | None, *, masked: bool = True) -> str:
    if not value:
        return ""
    return mask_phone(value) if masked else value


def name(value: str) -> str:
    """A name with its middle hidden, for notices that choose to mask names: 章金伟 → 章*伟."""
    text = value.strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + STAR
    return text[0] + STAR * (len(text) - 2) + text[-1]
