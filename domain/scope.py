"""A laptop's scope: which part of the district's records it holds (区街两级).

A scope is a district and optionally a sub-district, or a list of project ids. `None` (no
scope) means the whole district's data, as before scoped sync. The hub sets it in the signed
device registry; storage/scoping.py turns it into the records it covers (docs/sync.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.errors import UserError

MAX_SCOPE_PROJECTS = 10_000
_MAX_NAME = 40


@dataclass(frozen=True)
class Scope:
    district: str = ""
    sub_district: str = ""
    projects: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if bool(self.projects) == bool(self.district):
            raise ValueError("a scope is a district (and sub-district) or a list of projects")
        if self.sub_district and not self.district:
            raise ValueError("a sub-district needs its district")

    @classmethod
    def area(cls, district: str, sub_district: str = "") -> Scope:
        district, sub_district = district.strip(), sub_district.strip()
        if not district or len(district) > _MAX_NAME or len(sub_district) > _MAX_NAME:
            raise UserError("scope_needs_area")
        return cls(district=district, sub_district=sub_district)

    @classmethod
    def of_projects(cls, project_ids: list[str]) -> Scope:
        ids = tuple(sorted({p.strip() for p in project_ids if p.strip()}))
        if not ids or len(ids) > MAX_SCOPE_PROJECTS:
            raise UserError("scope_needs_area")
        return cls(projects=ids)

    def matches_project(self, project_id: str, district: Any, sub_district: Any) -> bool:
        if self.projects:
            return project_id in self.projects
        if (district or "").strip() != self.district:
            return False
        return not self.sub_district or (sub_district or "").strip() == self.sub_district

    def to_json(self) -> dict[str, Any]:
        if self.projects:
            return {"projects": list(self.projects)}
        return {"district": self.district, "sub_district": self.sub_district}

    @classmethod
    def from_json(cls, raw: Any) -> Scope | None:
        """The registry's form; ValueError for anything malformed."""
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise ValueError("scope")
        if set(raw) == {"projects"}:
            ids = raw["projects"]
            if (
                not isinstance(ids, list)
                or not 0 < len(ids) <= MAX_SCOPE_PROJECTS
                or not all(isinstance(i, str) and 0 < len(i) <= 64 for i in ids)
                or ids != sorted(set(ids))
            ):
                raise ValueError("scope projects")
            return cls(projects=tuple(ids))
        if set(raw) == {"district", "sub_district"}:
            district, sub = raw["district"], raw["sub_district"]
            if not isinstance(district, str) or not isinstance(sub, str):
                raise ValueError("scope area")
            if not 0 < len(district) <= _MAX_NAME or len(sub) > _MAX_NAME:
                raise ValueError("scope area")
            return cls(district=district, sub_district=sub)
        raise ValueError("scope fields")

    def label(self, project_names: dict[str, str] | None = None) -> str:
        """How a person reads it: 新吴区/旺庄街道, or the project names."""
        if self.projects:
            names = project_names or {}
            return "、".join(names.get(p, p[-8:]) for p in self.projects)
        return f"{self.district}/{self.sub_district}" if self.sub_district else self.district


def same(a: Scope | None, b: Scope | None) -> bool:
    return (a.to_json() if a else None) == (b.to_json() if b else None)
