"""Compensation policies (补偿方案) as records: list, read, create, save a new version, copy a
district template into a project, and the small JSON file people import and export.

A policy is a `policy` record (domain/records.py) whose `body` is the JSON of
domain.compensation; it travels in bundles like every record. Saving a change writes the new body
and `version + 1` in one commit, so an estimate that names "第 3 版" can always be told from one
made later. A project's policy for estimates is its policy "in force" (执行中) — the one created
last when there are several; drafts (草案) are for comparison; a policy without a project is a
district template (区级模板) to copy from.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from domain import compensation as comp
from domain.compensation import Policy
from domain.errors import UserError
from domain.ids import short_id
from services.workspace import Workspace
from storage.atomic import discard, write_refusal
from storage.oplog import Draft

MAX_FILE_BYTES = 256 * 1024  # a policy is a few KB; anything far larger is the wrong file


@dataclass(frozen=True)
class PolicyRow:
    id: str
    name: str
    project_id: str | None
    project_name: str
    district: str
    status: str
    version: int
    policy: Policy
    notes: str = ""

    @property
    def short_id(self) -> str:
        return short_id(self.id)

    @property
    def label(self) -> str:
        """ "示例（虚构）经开区住宅补偿方案（第 2 版）"."""
        return f"{self.name}（第 {self.version} 版）"


def _row(db: sqlite_utils.Database, row: dict[str, Any]) -> PolicyRow:
    project_name = ""
    if row.get("project_id"):
        found = db.conn.execute(
            "SELECT name FROM projects WHERE id = ?", (row["project_id"],)
        ).fetchone()
        project_name = found[0] if found else ""
    body = row.get("body")
    raw = json.loads(body) if isinstance(body, str) else body
    return PolicyRow(
        id=row["id"],
        name=row["name"],
        project_id=row.get("project_id"),
        project_name=project_name,
        district=row.get("district") or "",
        status=row.get("status") or "draft",
        version=int(row.get("version") or 1),
        policy=comp.parse_policy(raw),
        notes=row.get("notes") or "",
    )


def list_policies(ws: Workspace, project_id: str | None = None) -> list[PolicyRow]:
    """Every policy (of one project, plus the district templates, when a project is given)."""

    def read(db: sqlite_utils.Database) -> list[PolicyRow]:
        sql = "SELECT * FROM policies WHERE _deleted = 0"
        args: list[Any] = []
        if project_id:
            sql += " AND (project_id = ? OR project_id IS NULL)"
            args.append(project_id)
        rows = db.query(sql + " ORDER BY project_id IS NULL, _created_hlc, id", args)
        found = []
        for row in rows:
            try:
                found.append(_row(db, row))
            except UserError:
                continue  # a body this version cannot read (damaged, or from a newer version)
        return found

    return ws.read(read)


def get_policy(ws: Workspace, policy_id: str) -> PolicyRow:
    row = ws.get("policy", policy_id)
    return ws.read(lambda db: _row(db, row))


def policy_at_version(ws: Workspace, policy_id: str, version: int) -> PolicyRow:
    """The policy as it was at `version`, rebuilt from its history in the op log (a save writes
    the body and the next version number in one commit, so a version op is paired with the body
    written just before it by the same computer)."""
    current = get_policy(ws, policy_id)
    if version == current.version:
        return current
    bodies: dict[str, Any] = {}  # the last body each computer wrote
    snapshots: dict[int, Any] = {}
    for entry in ws.history(policy_id):
        if entry.kind in ("create", "attach") and isinstance(entry.new, dict):
            bodies[entry.device] = entry.new.get("body")
            snapshots[int(entry.new.get("version") or 1)] = entry.new.get("body")
        elif entry.field == "body":
            bodies[entry.device] = entry.new
        elif entry.field == "version" and entry.new is not None:
            body = bodies.get(entry.device)
            if body is None and bodies:
                body = list(bodies.values())[-1]
            snapshots[int(entry.new)] = body
    if version not in snapshots or snapshots[version] is None:
        raise UserError("policy_no_version", version=version, latest=current.version)
    raw = snapshots[version]
    policy = comp.parse_policy(json.loads(raw) if isinstance(raw, str) else raw)
    return PolicyRow(
        id=current.id,
        name=policy.name,
        project_id=current.project_id,
        project_name=current.project_name,
        district=current.district,
        status=current.status,
        version=version,
        policy=policy,
        notes=current.notes,
    )


def resolve_policy(ws: Workspace, text: str, *, project_id: str | None = None) -> str:
    """A policy id from its id, the last 8 hex digits people see, or its exact name.

    A copied policy keeps its template's name, so a name can match several: the copy in
    `project_id` is meant when there is one, else the district template."""
    needle = (text or "").strip()
    if not needle:
        raise UserError("policy_not_found", policy=text)
    by_name: list[tuple[str, str | None]] = ws.read(
        lambda db: [
            (r[0], r[1])
            for r in db.conn.execute(
                "SELECT id, project_id FROM policies WHERE _deleted = 0 AND name = ?", (needle,)
            )
        ]
    )
    if len(by_name) > 1:
        narrowed = [pid for pid, proj in by_name if project_id and proj == project_id]
        narrowed = narrowed or [pid for pid, proj in by_name if proj is None]
        if len(narrowed) != 1:
            raise UserError("policy_ambiguous", policy=text)
        return narrowed[0]
    if by_name:
        return by_name[0][0]
    try:
        found = ws.resolve_id("policy", needle)
    except UserError as exc:
        if exc.code == "record_ambiguous":
            raise UserError("policy_ambiguous", policy=text) from None
        raise UserError("policy_not_found", policy=text) from None
    if ws.get("policy", found, include_deleted=True)["_deleted"]:
        raise UserError("policy_not_found", policy=text)
    return found


def policy_for_project(ws: Workspace, project_id: str) -> PolicyRow:
    """The project's policy in force (the one created last when several are)."""
    rows = [p for p in list_policies(ws, project_id) if p.project_id == project_id]
    in_force = [p for p in rows if p.status == "in_force"]
    if not in_force:
        project = ws.get("project", project_id)
        raise UserError("policy_none_for_project", project=project["name"])
    return in_force[-1]


def _values(policy: Policy, project_id: str | None, status: str, version: int) -> dict[str, Any]:
    return {
        "name": policy.name,
        "project_id": project_id,
        "district": policy.district or None,
        "status": status,
        "version": version,
        "body": comp.policy_to_json(policy),
    }


def create_policy(
    ws: Workspace,
    policy: Policy,
    *,
    project_id: str | None = None,
    status: str | None = None,
    notes: str | None = None,
) -> str:
    """A new policy at version 1 (in force in a project, a template without one)."""
    if project_id:
        ws.get("project", project_id)
    chosen = status or ("in_force" if project_id else "template")
    values = _values(policy, project_id, chosen, 1)
    if notes:
        values["notes"] = notes
    return ws.create("policy", {k: v for k, v in values.items() if v is not None})


def save_policy(
    ws: Workspace,
    policy_id: str,
    policy: Policy,
    *,
    expected_version: int | None = None,
    status: str | None = None,
) -> int:
    """Write a changed policy as the next version; returns the new version number.

    `expected_version` is the version the editor started from: if another change was saved
    meanwhile, this one is refused rather than silently replacing it."""
    current = get_policy(ws, policy_id)
    if expected_version is not None and expected_version != current.version:
        raise UserError("policy_changed_meanwhile", version=current.version)
    same_body = comp.policy_to_json(policy) == comp.policy_to_json(current.policy)
    if same_body and (status is None or status == current.status):
        return current.version
    version = current.version + 1
    raw: dict[str, Any] = {
        "name": policy.name,
        "district": policy.district or None,
        "body": comp.policy_to_json(policy),
        "version": version,
    }
    if status is not None:
        raw["status"] = status
    drafts = ws.update_drafts("policy", policy_id, raw)
    if not any(d.field == "version" for d in drafts):
        drafts.append(Draft("set", "policy", policy_id, "version", version))
    ws.commit(drafts)
    return version


def copy_policy(ws: Workspace, policy_id: str, project_id: str, *, status: str = "in_force") -> str:
    """Copy a policy (a district template, or another project's) into a project, at version 1."""
    source = get_policy(ws, policy_id)
    return create_policy(
        ws, source.policy, project_id=project_id, status=status, notes=f"复制自“{source.label}”"
    )


def set_status(ws: Workspace, policy_id: str, status: str) -> None:
    ws.update("policy", policy_id, {"status": status})


# files -----------------------------------------------------------------------------------------
def read_policy_file(path: Path) -> Policy:
    """A Policy from a JSON file (or an .xlsx, services.policy_xlsx), refused in one sentence
    when it is not one."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from services.policy_xlsx import read_policy_xlsx

        return read_policy_xlsx(path)
    try:
        with open(path, "rb") as handle:  # read to the limit: a device's size says 0
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise UserError("policy_file_too_big", path=str(path), limit=MAX_FILE_BYTES // 1024)
    except OSError:
        raise UserError("policy_not_json", path=str(path)) from None
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UserError("policy_not_json", path=str(path)) from None
    return comp.parse_policy(raw)


def import_policy(
    ws: Workspace,
    path: Path,
    *,
    project_id: str | None = None,
    status: str | None = None,
) -> str:
    """Create a policy from a JSON file (all or nothing: a bad file changes nothing)."""
    policy = read_policy_file(path)
    policy_id = create_policy(ws, policy, project_id=project_id, status=status)
    ws.record_event("import", "policy", policy_id, file=Path(path).name)
    return policy_id


def export_policy(ws: Workspace, policy_id: str, out: Path) -> Path:
    """Write the policy's JSON (or, for an .xlsx name, a workbook) atomically; log the export."""
    row = get_policy(ws, policy_id)
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        from services.policy_xlsx import write_policy_xlsx

        write_policy_xlsx(row.policy, out, version=row.version)
        ws.record_event("export", "policy", policy_id, file=out.name, version=row.version)
        return out
    if out.suffix.lower() != ".json":
        out = out.with_suffix(out.suffix + ".json") if out.suffix else out.with_suffix(".json")
    if not out.parent.is_dir():
        raise UserError("report_cannot_write", path=str(out))
    body = comp.policy_to_json(row.policy) | {"version": row.version}
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
    try:
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        raise write_refusal(exc, out) from exc  # a full disk, a write-protected stick
    finally:
        discard(tmp)
    ws.record_event("export", "policy", policy_id, file=out.name, version=row.version)
    return out
