"""Screenshots of the compensation work with the demo data set (its two fictional example
policies, 示例（虚构）): a household's 补偿测算 tab, the policy comparison page and the policy
editor (docs/img/screen-estimate.png, screen-policy-comparison.png, screen-policies.png), and
the estimate sheet and comparison summary PDFs rendered as images (docs/img/estimate-sheet-*.png,
policy-comparison-summary-1.png; poppler's pdftoppm).

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/estimate_screens.py
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/estimate_screens.py \
        --language en --suffix=-en --width 1366 --height 740
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import shots


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=shots.OUT)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--language", default="zh")
    parser.add_argument("--suffix", default="")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=940)
    args = parser.parse_args()

    data_dir, ws, _loaded = shots.demo_workspace("doorstep-shots-estimate-", args.households)
    # a valued household that chose property exchange and has its flat (the fullest sheet)
    household, project = ws.read(
        lambda db: db.conn.execute(
            "SELECT h.id, h.project_id FROM households h JOIN projects p ON p.id = h.project_id"
            " LEFT JOIN flats f ON f.household_id = h.id"
            " WHERE h.assessed_price IS NOT NULL AND h.enterprise_name IS NULL"
            " ORDER BY p.code != 'XW-2024-003', f.id IS NULL, h.compensation_mode != 'swap',"
            " h.address LIMIT 1"
        ).fetchone()
    )
    if not args.suffix:
        from services import estimate_sheet, policies, policy_compare

        folder = Path(tempfile.mkdtemp(prefix="doorstep-shots-estimate-pdf-"))
        sheet = estimate_sheet.write_sheet(ws, household, folder / "sheet.pdf")
        in_force = policies.policy_for_project(ws, project)
        other = next(p for p in policies.list_policies(ws, project) if p.name != in_force.name)
        result = policy_compare.compare(ws, project, in_force.id, other.id)
        summary = policy_compare.write_summary(ws, result, folder / "summary.pdf")
        for pdf, stem, pages in (
            (sheet.path, "estimate-sheet", 2),
            (summary, "policy-comparison-summary", 1),
        ):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-l", str(pages), str(pdf), str(args.out / stem)],
                check=True,
            )
            print(args.out / stem)
    ws.close()
    screens = shots.Screens(data_dir, out=args.out, language=args.language, suffix=args.suffix)
    settle, grab = screens.settle, screens.grab
    window = screens.main_window(args.width, args.height)
    settle(800)
    from ui.pages.households import HouseholdsPage
    from ui.pages.policy_comparison import PolicyComparisonPage

    households_page = shots.show_page(window, "households", HouseholdsPage)
    settle()
    households_page.show_household(household)
    settle()
    view = households_page.view
    total = sum(households_page.splitter.sizes())
    households_page.splitter.setSizes([total * 3 // 10, total - total * 3 // 10])  # room for it
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.estimate))
    settle(600)
    grab(window, "estimate")
    comparison = shots.show_page(window, "policy_comparison", PolicyComparisonPage)
    settle()
    comparison.select_project(project)
    settle()
    comparison.compare()
    settle(800)
    grab(window, "policy-comparison")
    window.show_page("policies")
    settle()
    grab(window, "policies")
    screens.close(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
