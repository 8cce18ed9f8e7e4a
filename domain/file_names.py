"""File names as text that can be stored, synced and printed.

A file copied from a Windows share or an old USB stick may be named in GBK bytes, which Python
hands over as lone surrogates (os.fsdecode's surrogateescape). SQLite, JSON and the op log cannot
hold those; the name a person saw in Windows Explorer is usually the GBK reading of the bytes.
"""

from __future__ import annotations

from typing import Any


def has_undecodable(text: str) -> bool:
    """True when `text` holds surrogates: bytes that were not UTF-8 (a GBK terminal or file)."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def readable_name(name: str) -> str:
    """`name` as storable text: unchanged when it is already, else its bytes read as GB18030
    (GBK's superset, what a Chinese Windows wrote), else each undecodable byte as `\\xNN`."""
    if not has_undecodable(name):
        return name
    raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def readable_values(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with every text made storable by readable_name (audit details naming files)."""
    return {k: readable_name(v) if isinstance(v, str) else v for k, v in values.items()}
