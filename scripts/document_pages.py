"""The first page of every printed document, made from the demo data, as PNGs in docs/img/
(report-household.png, report-visit.png, report-visit-blank.png, report-requests.png,
report-weekly.png, report-notice.png). Needs poppler-utils (pdftoppm).

    uv run python scripts/document_pages.py [--out docs/img] [--dpi 80]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The demo database is a throw-away one in a temporary folder: any password will do.
os.environ.setdefault("DOORSTEP_PASSWORD", "document-pages")

from services import demo, documents  # noqa: E402
from services.documents import DocumentSpec  # noqa: E402
from services.figures import Scope  # noqa: E402
from services.report_data import RegisterFilter, WeeklyTexts  # noqa: E402
from services.workspace import Profile, Workspace  # noqa: E402

TODAY = dt.date(2026, 11, 26)
PROFILE = Profile("李明", "新吴区", "旺庄街道", "旺庄-笔记本1")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="doorstep-pages-") as tmp:
        folder = Path(tmp)
        ws = Workspace.open(folder / "demo.db")
        try:
            ws.init_profile(PROFILE)
            demo.load_demo(ws, 120, today=TODAY)
            specs = _specs(ws)
            for name, spec in specs.items():
                done = documents.generate(ws, spec, folder / f"{name}.pdf", today=TODAY)
                stem = args.out / f"report-{name}"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1", "-singlefile",
                     str(done.path), str(stem)],
                    check=True,
                )  # fmt: skip
                print(f"{stem}.png ({done.pages} pages)")
        finally:
            ws.close()
    return 0


def _specs(ws: Workspace) -> dict[str, DocumentSpec]:
    def one(sql: str) -> str:
        return str(ws.read(lambda db: db.conn.execute(sql).fetchone()[0]))

    # The busiest household (most visits and requests) and its latest visit; the project with
    # the most signed households for the notice.
    household = one(
        "SELECT h.id FROM households h JOIN household_summary s ON s.household_id = h.id"
        " ORDER BY s.open_requests DESC, s.visit_count DESC LIMIT 1"
    )
    visit = one(
        f"SELECT id FROM visits WHERE household_id = '{household}' AND _deleted = 0"
        " ORDER BY visited_on DESC LIMIT 1"
    )
    project = one(
        "SELECT project_id FROM households WHERE signed_on IS NOT NULL AND _deleted = 0"
        " GROUP BY project_id ORDER BY count(*) DESC LIMIT 1"
    )
    texts = WeeklyTexts(
        "旺庄路南侧地块完成签约3户，累计签约率84.6%；召开政策宣讲会1场，解答群众咨询37人次。",
        "加快观望户入户走访，力争新增签约2户；对30日内到期的房票逐户提醒使用。",
        "春潮花园安置房交付推迟至2027年6月，需区住建局明确过渡费延长发放政策。",
    )
    return {
        "household": DocumentSpec("household", household_id=household),
        "visit": DocumentSpec("visit", visit_id=visit),
        "visit-blank": DocumentSpec("visit_blank", project_id=project),
        "requests": DocumentSpec("requests", register=RegisterFilter()),
        "weekly": DocumentSpec(
            "weekly", scope=Scope.of_district("新吴区"), week="2026-W48", texts=texts
        ),
        "notice": DocumentSpec("notice", project_id=project),
    }


if __name__ == "__main__":
    raise SystemExit(main())
