"""What a sync bundle does, without the bundle: the ops of one store applied to another. For
tests of merge rules (conflicts, double allocations, shared settings) that need two laptops
but not the files, keys and scopes of tests/sync."""

from __future__ import annotations

from domain.ops import Op
from services.workspace import Workspace
from storage import oplog


def all_ops(ws: Workspace) -> list[Op]:
    """Every op the store holds, as the `ops` view shows it."""
    columns = oplog.OP_COLUMNS
    return ws.read(
        lambda db: [oplog.row_to_op(r) for r in db.conn.execute(f"SELECT {columns} FROM ops")]
    )


def send(src: Workspace, dst: Workspace) -> int:
    """Every op of `src` applied to `dst`; how many were new there."""
    ops = all_ops(src)
    return dst.write(lambda db: oplog.apply_ops(db.conn, ops)).new_ops


def swap(a: Workspace, b: Workspace) -> None:
    """A pair of bundles crossing: each side gets every op the other held before."""
    ops_a, ops_b = all_ops(a), all_ops(b)
    b.write(lambda db: oplog.apply_ops(db.conn, ops_a))
    a.write(lambda db: oplog.apply_ops(db.conn, ops_b))
