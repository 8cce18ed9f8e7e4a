"""Per-database facts kept in the `meta` table: this device's id, its sequence counter, the clock,
and the caseworker profile. Written only inside write transactions."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from domain.errors import UserError
from domain.ids import uuid7


def get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def put(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def delete(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM meta WHERE key = ?", (key,))


def init_device(conn: sqlite3.Connection) -> None:
    """Give a new database its device id, made once and never reused."""
    if get(conn, "device_id") is None:
        put(conn, "device_id", uuid7())
        put(conn, "next_seq", "1")
        put(conn, "clock_last", "0")


def device_id(conn: sqlite3.Connection) -> str:
    value = get(conn, "device_id")
    assert value is not None, "database without device id"
    return value


def next_seq(conn: sqlite3.Connection, count: int) -> int:
    """Reserve `count` sequence numbers of this device; return the first."""
    first = int(get(conn, "next_seq") or "1")
    put(conn, "next_seq", str(first + count))
    return first


def clock_last(conn: sqlite3.Connection) -> int:
    return int(get(conn, "clock_last") or "0")


def set_clock_last(conn: sqlite3.Connection, value: int) -> None:
    put(conn, "clock_last", str(value))


def observe_clock(conn: sqlite3.Connection, remote: int) -> None:
    if remote > clock_last(conn):
        set_clock_last(conn, remote)


def profile(conn: sqlite3.Connection) -> dict[str, Any] | None:
    raw = get(conn, "profile")
    return None if raw is None else dict(json.loads(raw))


def require_profile(conn: sqlite3.Connection) -> dict[str, Any]:
    found = profile(conn)
    if found is None:
        raise UserError("no_profile")
    return found


def set_profile(conn: sqlite3.Connection, value: dict[str, Any]) -> None:
    put(conn, "profile", json.dumps(value, ensure_ascii=False, sort_keys=True))
