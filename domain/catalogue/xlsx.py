"""Sentences and titles of the Excel round trip, district lists and file safety (beside the
first Excel sentences in documents.py)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- refusals for the file itself -------------------------------------------------------
    "xlsx_too_large": {
        "zh": "“{name}”解压后超过 {limit} MB，不像一份正常的表格（可能是压缩炸弹），已拒绝导入。",
        "en": "“{name}” unpacks to more than {limit} MB, which no normal sheet does (it may be a zip bomb); it was refused.",
    },
    "xlsx_too_packed": {
        "zh": "“{name}”的压缩比异常，不像一份正常的表格（可能是压缩炸弹），已拒绝导入。",
        "en": "“{name}” is packed far more tightly than any normal sheet (it may be a zip bomb); it was refused.",
    },
    "xlsx_empty_rows": {
        "zh": "“{name}”的工作表含超过 {limit} 个空行，不像一份正常的表格，已拒绝导入；请删除空行后另存再导入。",
        "en": "A sheet of “{name}” holds more than {limit} empty rows, which no normal list does; it was refused (delete the empty rows, save, and import again).",
    },
    "xlsx_unsafe_xml": {
        "zh": "“{name}”含有不安全的 XML 内容（实体定义或外部引用），已拒绝导入。",
        "en": "“{name}” contains unsafe XML (entity definitions or external references); it was refused.",
    },
    "xlsx_only_hidden": {
        "zh": "“{name}”中有数据的工作表都是隐藏的（{sheets}）；如确需导入，请指定工作表名称。",
        "en": "Every sheet with data in “{name}” is hidden ({sheets}); name the sheet to import if you mean it.",
    },
    "xlsx_project_needed": {
        "zh": "“{name}”没有“项目编号”列，请指定导入到哪个项目。",
        "en": "“{name}” has no “project code” column; say which project to import into.",
    },
    "xlsx_nothing_to_import_listed": {
        "zh": "“{name}”中没有可以导入的行（共 {rows} 行，均有问题，原因见下），未写入任何数据。",
        "en": "“{name}” has no row that can be imported ({rows} row(s), all with problems, listed below); nothing was written.",
    },
    "xlsx_disk_full": {
        "zh": "磁盘已满，“{path}”没有写成（也没有留下半个文件）；请清理磁盘空间后重试。",
        "en": "The disk is full; “{path}” was not written (and no partial file was left); free some space and try again.",
    },
    "xlsx_read_only": {
        "zh": "不能在这里写入“{path}”：位置是只读的或没有写入权限；请换一个文件夹。",
        "en": "Cannot write “{path}” there: the place is read-only or not writable for you; choose another folder.",
    },
    # --- problems of one row ------------------------------------------------------------------
    "xlsx_other_project": {
        "zh": "项目编号“{project_code}”不是本次导入的项目（{project}）。",
        "en": "project code “{project_code}” is not the project being imported into ({project}).",
    },
    "xlsx_unknown_project": {
        "zh": "项目编号“{project_code}”不存在（本库和本表的“征收项目”工作表中都没有）。",
        "en": "there is no project “{project_code}” (neither in this database nor on the workbook's project sheet).",
    },
    "xlsx_linked_problem": {
        "zh": "“{sheet}”第 {row} 行：{problem}",
        "en": "sheet “{sheet}” row {row}: {problem}",
    },
    "xlsx_parent_missing": {
        "zh": "{what}“{number}”不在本次导入的记录中。",
        "en": "{what} “{number}” is not among the records imported.",
    },
    "xlsx_imported_records": {
        "zh": "另导入：{counts}。",
        "en": "Also imported: {counts}.",
    },
    # --- sheet and column titles of the exported workbooks -------------------------------------
    "xlsx_sheet_projects": {"zh": "征收项目", "en": "projects"},
    "xlsx_sheet_members": {"zh": "家庭成员", "en": "members"},
    "xlsx_sheet_visits": {"zh": "走访记录", "en": "visits"},
    "xlsx_sheet_request_records": {"zh": "群众诉求", "en": "requests"},
    "xlsx_sheet_progress": {"zh": "诉求办理进展", "en": "request progress"},
    "xlsx_sheet_tickets": {"zh": "房票", "en": "house tickets"},
    "xlsx_sheet_ticket_uses": {"zh": "房票使用", "en": "ticket uses"},
    "xlsx_sheet_flats": {"zh": "安置房源", "en": "flats"},
    "xlsx_sheet_texts": {"zh": "文字说明", "en": "texts"},
    "xlsx_col_household_number": {"zh": "住户编号", "en": "household number"},
    "xlsx_col_request_number": {"zh": "诉求编号", "en": "request number"},
    "xlsx_col_ticket_record": {"zh": "房票记录编号", "en": "ticket record number"},
    "xlsx_col_section": {"zh": "事项", "en": "section"},
    "xlsx_col_text": {"zh": "内容", "en": "text"},
    "xlsx_text_done": {"zh": "本周完成", "en": "done this week"},
    "xlsx_text_plan": {"zh": "下周计划", "en": "plan for next week"},
    "xlsx_text_difficulties": {"zh": "困难和需协调事项", "en": "difficulties needing coordination"},
}
