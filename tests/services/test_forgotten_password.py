"""docs/security.md's forgotten-password procedure, as a test: the laptop's data cannot be opened
without the password (no back door); the hub revokes the old laptop, a new database with a new
password is enrolled, the hub sends it everything it holds; what reached the hub comes back, what
never left the laptop is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.errors import UserError
from services import households
from services.workspace import Workspace
from storage import keyring
from tests.sync.sync_kit import PASSWORD, enrol, make_district, open_site


def test_forgotten_password_procedure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOORSTEP_INSECURE_FAST_KDF", "1")
    district = make_district(tmp_path, laptops=1)
    hub, old = district.hub, district.laptops[0]
    project = old.ws.create(
        "project", {"code": "P", "name": "项目", "district": "新吴区", "sub_district": "旺庄街道"}
    )
    synced = households.create_household(
        old.ws, {"project_id": project, "address": "1号", "head_name": "章金伟"}
    )
    (bundle,) = old.export()
    assert hub.sync.import_files(PASSWORD, [bundle])[0].status == "imported"
    never_sent = households.create_household(
        old.ws, {"project_id": project, "address": "2号", "head_name": "单建国"}
    )
    old_db = old.db
    old.close()

    # the password is forgotten: nothing opens the old database
    keyring.forget_all()
    with pytest.raises(UserError) as caught:
        Workspace.open(old_db, password="记不清的密码 1")
    assert caught.value.code == "db_wrong_password"

    # at the district office: revoke the old laptop, enrol a new database, send it everything
    hub.sync.revoke(PASSWORD, old.name)
    new = open_site(tmp_path, "笔记本1-新")
    try:
        enrol(hub, new)
        (result,) = hub.sync.export(PASSWORD, hub.inbox, to=[new.name], all_ops=True)
        assert new.sync.import_files(PASSWORD, [result.path])[0].status == "imported"
        assert new.ws.get("household", synced)["head_name"] == "章金伟"  # came back
        with pytest.raises(UserError):
            new.ws.get("household", never_sent)  # never left the old laptop: lost
    finally:
        new.close()
        hub.close()
