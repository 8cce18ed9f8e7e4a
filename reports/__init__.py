"""Printed documents (PDF, reportlab): data in, file out.

Each builder takes one input object from reports.model and a path or binary file, and returns
the number of pages:

    household_file.build_household_file(HouseholdFile, out, *, masked=True)   一户一档
    visit_sheet.build_visit_sheet(VisitSheet, out, *, masked=True)            入户走访记录表
    request_register.build_request_register(RequestRegister, out, *, masked=True)  诉求台账
    weekly_report.build_weekly_report(WeeklyReport, out, *, masked=True)      调度周报
    public_notice.build_public_notice(PublicNotice, out, *, masked=True)      公示
    building_grid.build_building_grid(ProjectGrid, out, *, masked=True)       楼盘表
      (ProjectGrid is domain.building_grid's: the GUI page draws the same object)

Building blocks: layout (page, styles, paragraphs, forms, `records_table`, `render`), grid
(tables of any length drawn a page at a time, rows split with （续）), linebreak (Chinese line
breaking, numbers kept whole), fonts (serif body face, rare-character fallbacks).

This package never opens the database and never imports Qt (tests/test_layers.py): services
build the inputs. Builders are imported from their modules, so `import reports` stays cheap.
"""
