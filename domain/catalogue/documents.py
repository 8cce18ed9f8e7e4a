"""User-facing sentences for generating documents and for the Excel export and import: the
refusals (a broken, encrypted or old-format workbook, an unmapped column), the problems a dry
run finds in a row, the words printed into documents by services/report_data.py, and the
headings of the report and import commands.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- documents: words services put into the printed inputs -------------------------------
    "doc_state_created": {"zh": "建档", "en": "record created"},
    "doc_scope_all": {"zh": "全部项目", "en": "all projects"},
    "doc_filter_all": {"zh": "全部", "en": "all"},
    "doc_filter_earliest": {"zh": "最早", "en": "the earliest"},
    "doc_filter_range": {"zh": "{start} 至 {end}", "en": "{start} to {end}"},
    "doc_filter_status": {"zh": "办理状态：{value}", "en": "status: {value}"},
    "doc_filter_category": {"zh": "诉求类别：{value}", "en": "category: {value}"},
    "doc_filter_received": {"zh": "受理日期：{value}", "en": "received: {value}"},
    "doc_filter_overdue_only": {"zh": "仅超期未办结", "en": "overdue only"},
    "doc_notice_ticket": {"zh": "房票 {number}", "en": "house ticket {number}"},
    "doc_notice_issuer": {
        "zh": "{district}房屋征收办公室",
        "en": "{district} house expropriation office",
    },
    "doc_notice_supervision": {
        "zh": "对公示内容有异议的，请在公示期内以书面形式向{district}房屋征收办公室反映。",
        "en": "Objections to this notice may be made in writing to the {district} house expropriation office within the notice period.",
    },
    # --- documents: refusals -----------------------------------------------------------------
    "doc_unknown_kind": {
        "zh": "没有“{kind}”这种文书；可选：{kinds}。",
        "en": "There is no document called “{kind}”; choose one of: {kinds}.",
    },
    "doc_needs_target": {
        "zh": "请指定要打印的{what}。",
        "en": "Name the {what} to print.",
    },
    "doc_visit_or_blank": {
        "zh": "请给出走访记录编号，或用 --blank 打印空白表（二者选一）。",
        "en": "Give a visit record id, or --blank for an empty form (one of the two).",
    },
    "doc_dates_reversed": {
        "zh": "开始日期 {start} 晚于结束日期 {end}，请检查日期范围。",
        "en": "The start date {start} is after the end date {end}; check the date range.",
    },
    "doc_not_pdf": {
        "zh": "文书保存为 PDF 文件，请将文件名改为以 .pdf 结尾（现在是“{path}”）。",
        "en": "Documents are saved as PDF; give the file a name ending in .pdf (not “{path}”).",
    },
    "doc_one_scope": {
        "zh": "--project、--sub-district 和 --district 只能选一个。",
        "en": "Give only one of --project, --sub-district and --district.",
    },
    "doc_no_week": {
        "zh": "请用 --week 指定周，例如 --week 2026-W48。",
        "en": "Name the week with --week, for example --week 2026-W48.",
    },
    # --- documents: what the CLI and the GUI say afterwards -----------------------------------
    "doc_written": {
        "zh": "已生成“{title}”，共 {pages} 页：{path}",
        "en": "Wrote “{title}”, {pages} page(s): {path}",
    },
    "doc_full_ids_logged": {
        "zh": "本文书含完整身份证号和电话，已记入操作日志。",
        "en": "This document shows ID and phone numbers in full; that has been logged.",
    },
    "doc_title_household": {"zh": "一户一档", "en": "household file"},
    "doc_title_visit": {"zh": "入户走访记录表", "en": "visit record sheet"},
    "doc_title_visit_blank": {"zh": "入户走访记录表（空白）", "en": "blank visit record sheet"},
    "doc_title_requests": {"zh": "群众诉求台账", "en": "request register"},
    "doc_title_weekly": {"zh": "调度周报", "en": "weekly dispatch report"},
    "doc_title_notice": {"zh": "征收补偿情况公示", "en": "public notice"},
    # --- Excel: refusals for the file itself ----------------------------------------------------
    "xlsx_missing": {
        "zh": "找不到文件“{path}”。",
        "en": "The file “{path}” does not exist.",
    },
    "xlsx_old_format": {
        "zh": "“{name}”是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为”.xlsx 格式后再导入。",
        "en": "“{name}” is an old Excel (.xls) file; save it as .xlsx in Excel or WPS, then import that.",
    },
    "xlsx_encrypted": {
        "zh": "“{name}”设置了打开密码，请在 Excel 或 WPS 中取消密码并保存后再导入。",
        "en": "“{name}” is protected by a password; remove the password in Excel or WPS, save, then import it.",
    },
    "xlsx_broken": {
        "zh": "“{name}”已损坏或不完整，无法读取；请重新从原处复制一份再导入。",
        "en": "“{name}” is damaged or incomplete and cannot be read; copy it again from where it came from.",
    },
    "xlsx_not_excel": {
        "zh": "“{name}”不是 Excel 表格（.xlsx）文件，无法导入。",
        "en": "“{name}” is not an Excel workbook (.xlsx) and cannot be imported.",
    },
    "xlsx_empty": {
        "zh": "“{name}”中没有找到带表头的数据。",
        "en": "No data with a header row was found in “{name}”.",
    },
    "xlsx_no_sheet": {
        "zh": "“{name}”中没有名为“{sheet}”的工作表。",
        "en": "“{name}” has no sheet called “{sheet}”.",
    },
    "xlsx_cannot_write": {
        "zh": "无法写入文件“{path}”，请检查文件夹是否存在、文件是否正被 Excel 或 WPS 打开。",
        "en": "Cannot write “{path}”; check the folder exists and the file is not open in Excel or WPS.",
    },
    "xlsx_not_xlsx_name": {
        "zh": "Excel 文件请以 .xlsx 结尾（现在是“{path}”）。",
        "en": "Give the Excel file a name ending in .xlsx (not “{path}”).",
    },
    "xlsx_unknown_kind": {
        "zh": "不能导出“{kind}”；可选：{kinds}。",
        "en": "Cannot export “{kind}”; choose one of: {kinds}.",
    },
    # --- Excel import: the column mapping -------------------------------------------------------
    "xlsx_mapping_unreadable": {
        "zh": '列对应文件“{path}”无法读取，应为 JSON 格式，例如 {{"columns": {{"户主": "户主姓名"}}}}。',
        "en": 'The column mapping “{path}” cannot be read; it should be JSON like {{"columns": {{"Owner": "head_name"}}}}.',
    },
    "xlsx_mapping_unknown_column": {
        "zh": "列对应中的列“{column}”在表格中不存在。",
        "en": "The mapping names a column “{column}” that the sheet does not have.",
    },
    "xlsx_mapping_unknown_field": {
        "zh": "列“{column}”对应的字段“{field}”不存在或不能导入。",
        "en": "The column “{column}” is mapped to “{field}”, which is not a field that can be imported.",
    },
    "xlsx_mapping_twice": {
        "zh": "字段“{field}”对应了不止一列（“{first}”和“{second}”），请只保留一列。",
        "en": "The field “{field}” is mapped from more than one column (“{first}” and “{second}”); keep one.",
    },
    "xlsx_mapping_incomplete": {
        "zh": "还没有指定哪一列是{fields}，请先完成列对应。",
        "en": "No column is mapped to {fields} yet; finish the column mapping first.",
    },
    # --- Excel import: problems of one row -------------------------------------------------------
    "xlsx_row_problem": {
        "zh": "第 {row} 行：{problem}",
        "en": "Row {row}: {problem}",
    },
    "xlsx_missing_address": {
        "zh": "缺少地址（也没有楼栋、单元、房号可以组成地址）。",
        "en": "no address (and no building, unit or room to make one from).",
    },
    "xlsx_missing_head": {
        "zh": "缺少户主姓名（或企业名称）。",
        "en": "no head of household (or enterprise name).",
    },
    "xlsx_masked_value": {
        "zh": "“{field}”是脱敏后的号码（含 *），不能导入，请使用含完整号码的表格。",
        "en": "“{field}” is a masked number (with *) and cannot be imported; use a sheet with the numbers in full.",
    },
    "xlsx_duplicate_existing": {
        "zh": "与已有住户重复：{what}（{household}，{project}）。",
        "en": "duplicate of an existing household by {what} ({household}, {project}).",
    },
    "xlsx_duplicate_in_file": {
        "zh": "与本表第 {row} 行重复：{what}。",
        "en": "duplicate of row {row} of this sheet by {what}.",
    },
    "xlsx_by_address": {"zh": "同一项目内地址相同", "en": "address in the same project"},
    # --- Excel: what the CLI and the GUI say afterwards ---------------------------------------
    "xlsx_exported": {
        "zh": "已导出 {rows} 行到 {path}",
        "en": "Exported {rows} row(s) to {path}",
    },
    "xlsx_dry_run_summary": {
        "zh": "试导入“{name}”：共 {rows} 行，可导入 {ok} 行，有问题 {problems} 行（其中重复 {duplicates} 行）；未写入任何数据。",
        "en": "Dry run of “{name}”: {rows} row(s), {ok} can be imported, {problems} with problems ({duplicates} duplicates); nothing was written.",
    },
    "xlsx_imported": {
        "zh": "已从“{name}”导入 {ok} 户；跳过有问题的 {problems} 行。",
        "en": "Imported {ok} household(s) from “{name}”; skipped {problems} row(s) with problems.",
    },
    "xlsx_mapping_used": {
        "zh": "列对应：{pairs}",
        "en": "Columns: {pairs}",
    },
    "xlsx_mapping_saved": {
        "zh": "列对应已保存，下次导入同样表头的表格时自动使用：{path}",
        "en": "Column mapping saved; it is used next time for a sheet with the same header: {path}",
    },
    "xlsx_unmapped_columns": {
        "zh": "未导入的列：{columns}",
        "en": "Columns not imported: {columns}",
    },
    # Sheet and column titles of the exported workbooks (beside the record field labels).
    "xlsx_sheet_households": {"zh": "被征收户", "en": "households"},
    "xlsx_sheet_requests": {"zh": "诉求台账", "en": "requests"},
    "xlsx_sheet_weekly": {"zh": "调度周报", "en": "weekly figures"},
    "xlsx_sheet_categories": {"zh": "诉求分类", "en": "requests by category"},
    "xlsx_col_project_code": {"zh": "项目编号", "en": "project code"},
    "xlsx_col_project_name": {"zh": "项目名称", "en": "project name"},
    "xlsx_col_last_visit": {"zh": "最近走访", "en": "last visit"},
    "xlsx_col_next_visit": {"zh": "下次走访", "en": "next visit due"},
    "xlsx_col_open_requests": {"zh": "未办结诉求", "en": "open requests"},
    "xlsx_col_overdue": {"zh": "超期", "en": "overdue"},
    "xlsx_col_number": {"zh": "编号", "en": "number"},
    "xlsx_col_level": {"zh": "层级", "en": "level"},
    "xlsx_col_name": {"zh": "名称", "en": "name"},
    "xlsx_col_week": {"zh": "周次", "en": "week"},
    "xlsx_level_project": {"zh": "项目", "en": "project"},
    "xlsx_level_sub_district": {"zh": "街道小计", "en": "sub-district"},
    "xlsx_level_district": {"zh": "区小计", "en": "district"},
    "xlsx_level_all": {"zh": "合计", "en": "total"},
    # Column titles of the weekly figures workbook.
    "xlsx_fig_households_planned": {"zh": "计划户数", "en": "planned households"},
    "xlsx_fig_households_total": {"zh": "总户数", "en": "households"},
    "xlsx_fig_surveyed": {"zh": "已调查", "en": "surveyed"},
    "xlsx_fig_survey_rate": {"zh": "调查率", "en": "survey rate"},
    "xlsx_fig_valued": {"zh": "已评估", "en": "valued"},
    "xlsx_fig_valuation_rate": {"zh": "评估率", "en": "valuation rate"},
    "xlsx_fig_signed": {"zh": "已签约", "en": "signed"},
    "xlsx_fig_signed_this_week": {"zh": "本周签约", "en": "signed this week"},
    "xlsx_fig_signing_rate": {"zh": "签约率", "en": "signing rate"},
    "xlsx_fig_vacated": {"zh": "已腾空", "en": "vacated"},
    "xlsx_fig_vacated_this_week": {"zh": "本周腾空", "en": "vacated this week"},
    "xlsx_fig_vacating_rate": {"zh": "腾空率", "en": "vacating rate"},
    "xlsx_fig_handed_over_today": {"zh": "今日交房", "en": "handed over today"},
    "xlsx_fig_handed_over_this_week": {"zh": "本周交房", "en": "handed over this week"},
    "xlsx_fig_handed_over_total": {"zh": "累计交房", "en": "handed over in all"},
    "xlsx_fig_handed_over_remaining": {"zh": "剩余未交房", "en": "not yet handed over"},
    "xlsx_fig_handover_rate": {"zh": "交房率", "en": "handover rate"},
    "xlsx_fig_demolished": {"zh": "已拆除(户)", "en": "demolished (households)"},
    "xlsx_fig_demolished_area": {"zh": "拆除面积(㎡)", "en": "demolished area (m²)"},
    "xlsx_fig_compensation_agreed": {"zh": "协议补偿(元)", "en": "compensation agreed (yuan)"},
    "xlsx_fig_compensation_paid": {"zh": "已付补偿(元)", "en": "compensation paid (yuan)"},
    "xlsx_fig_funding_needed": {"zh": "所需资金(元)", "en": "funding needed (yuan)"},
    "xlsx_fig_funding_secured": {"zh": "到位资金(元)", "en": "funding secured (yuan)"},
    "xlsx_fig_secured_rate": {"zh": "资金到位率", "en": "funds secured rate"},
    "xlsx_fig_tickets_issued": {"zh": "已出具房票(张)", "en": "house tickets issued"},
    "xlsx_fig_tickets_used": {"zh": "已使用房票(张)", "en": "house tickets used"},
    "xlsx_fig_tickets_expiring": {
        "zh": "30日内到期房票(张)",
        "en": "tickets expiring within 30 days",
    },
    "xlsx_fig_flats_allocated": {"zh": "已分配房源(套)", "en": "flats allocated"},
    "xlsx_fig_flats_available": {"zh": "可用房源(套)", "en": "flats available"},
    "xlsx_fig_average_cycle": {"zh": "平均安置周期(天)", "en": "average resettlement cycle (days)"},
    "xlsx_fig_requests_received": {"zh": "累计受理诉求", "en": "requests received"},
    "xlsx_fig_requests_this_week": {"zh": "本周新增诉求", "en": "requests this week"},
    "xlsx_fig_requests_closed": {"zh": "已办结", "en": "requests closed"},
    "xlsx_fig_requests_on_time": {"zh": "按期办结", "en": "closed on time"},
    "xlsx_fig_requests_overdue": {"zh": "超期未办结", "en": "overdue"},
    "xlsx_fig_closure_rate": {"zh": "办结率", "en": "closure rate"},
    "xlsx_fig_on_time_rate": {"zh": "按期办结率", "en": "on-time rate"},
    # --- command help ------------------------------------------------------------------------------
    "doc_cli_report": {"zh": "生成 PDF 文书", "en": "make a PDF document"},
    "doc_cli_export": {"zh": "导出 Excel 表格", "en": "export an Excel workbook"},
    "doc_cli_import": {
        "zh": "从区里下发的 Excel 表格导入住户清单",
        "en": "import a household list from the district's Excel sheet",
    },
}
