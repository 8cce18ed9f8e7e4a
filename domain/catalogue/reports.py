"""User-facing sentences for the reports area: document titles, headings, notes and errors.

The documents are Chinese government forms and always print the "zh" text; the "en" text is
kept for the CLI and for reviewers. Column labels come from domain/records.py where a record
field exists; labels for derived figures (rates, rollups) live here.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- errors -----------------------------------------------------------------------------
    "report_cannot_write": {
        "zh": "无法写入文件“{path}”，请检查文件夹是否存在、文件是否正被其他程序打开。",
        "en": "Cannot write the file “{path}”; check the folder exists and the file is not open in another program.",
    },
    "report_no_font": {
        "zh": "找不到可用于报表的中文字体，请重新安装入户通。",
        "en": "No Chinese font usable for reports was found; reinstall Doorstep.",
    },
    # --- shared page furniture ---------------------------------------------------------------
    "report_page_of": {
        "zh": "第 {page} 页 共 {pages} 页",
        "en": "Page {page} of {pages}",
    },
    "report_printed_on": {
        "zh": "打印日期：{date}",
        "en": "Printed on {date}",
    },
    "report_header_project": {
        "zh": "项目：{project}",
        "en": "Project: {project}",
    },
    "report_app_name": {
        "zh": "入户通",
        "en": "Doorstep",
    },
    "report_masked_note": {
        "zh": "身份证号、电话已脱敏",
        "en": "ID and phone numbers masked",
    },
    "report_unmasked_note": {
        "zh": "含完整个人信息 注意保密",
        "en": "Contains full personal data: keep confidential",
    },
    "report_none": {
        "zh": "（无）",
        "en": "(none)",
    },
    "report_yes": {"zh": "是", "en": "yes"},
    "report_no": {"zh": "否", "en": "no"},
    "report_seq": {"zh": "序号", "en": "No."},
    "report_sign_date": {"zh": "日期：", "en": "Date:"},
    "report_capital_label": {"zh": "补偿金额大写", "en": "compensation in words"},
    # --- household file (一户一档) ----------------------------------------------------------
    "report_household_title": {"zh": "房屋征收一户一档", "en": "Household expropriation file"},
    "report_household_subtitle": {
        "zh": "档案编号：{number}　　户主：{head}",
        "en": "File {number} — head of household: {head}",
    },
    "report_household_footer": {"zh": "入户通 · 一户一档", "en": "Doorstep · household file"},
    "report_h_basic": {"zh": "一、基本情况", "en": "1. Basic facts"},
    "report_h_members": {"zh": "二、家庭成员", "en": "2. Household members"},
    "report_h_compensation": {"zh": "三、补偿安置", "en": "3. Compensation and resettlement"},
    "report_h_history": {"zh": "四、状态变更记录", "en": "4. State history"},
    "report_h_visits": {"zh": "五、走访记录", "en": "5. Visits"},
    "report_h_requests": {"zh": "六、群众诉求", "en": "6. Requests"},
    "report_h_attachments": {"zh": "七、附件目录", "en": "7. Attachments"},
    "report_h_archive": {"zh": "归档确认", "en": "Archive confirmation"},
    "report_location": {"zh": "楼栋/单元/房号", "en": "building / unit / room"},
    "report_unpaid": {"zh": "未支付补偿(元)", "en": "compensation unpaid (yuan)"},
    "report_flats": {"zh": "安置房源", "en": "resettlement flats"},
    "report_flat": {"zh": "房源", "en": "flat"},
    "report_tickets": {"zh": "房票", "en": "house tickets"},
    "report_ticket_balance": {"zh": "余额(元)", "en": "balance (yuan)"},
    "report_ticket_uses": {"zh": "使用记录", "en": "uses"},
    "report_history_when": {"zh": "时间", "en": "when"},
    "report_history_who": {"zh": "操作人", "en": "by"},
    "report_history_old": {"zh": "原状态", "en": "from"},
    "report_history_new": {"zh": "新状态", "en": "to"},
    "report_history_note": {"zh": "说明", "en": "note"},
    "report_visit_content": {"zh": "宣传解释与群众诉求", "en": "explained and concerns"},
    "report_request_progress": {"zh": "办理进展", "en": "progress"},
    "report_attachment_hash": {"zh": "校验值(前16位)", "en": "SHA-256 (first 16)"},
    "report_attachment_of": {"zh": "所属", "en": "belongs to"},
    "report_archive_statement": {
        "zh": "本档案内容与系统记录一致，经核对无误后归档。",
        "en": "This file matches the system records and is archived after checking.",
    },
    "report_sign_handler": {"zh": "经办人（签字）：", "en": "Handled by (signature):"},
    "report_sign_reviewer": {"zh": "审核人（签字）：", "en": "Reviewed by (signature):"},
    # --- visit sheet (入户走访记录表) ---------------------------------------------------------
    "report_visit_title": {"zh": "入户走访记录表", "en": "Household visit record"},
    "report_visit_footer": {"zh": "入户通 · 走访记录", "en": "Doorstep · visit record"},
    "report_visit_time": {"zh": "走访时间", "en": "time of visit"},
    "report_visit_time_blank": {
        "zh": "　　　年　　月　　日　　时　　分",
        "en": "    year   month   day   hour   minute",
    },
    "report_visit_next_blank": {"zh": "　　　年　　月　　日", "en": "    year   month   day"},
    "report_visit_attachments": {
        "zh": "照片等　　　份",
        "en": "photos etc.:      ",
    },
    "report_visit_attachments_n": {
        "zh": "照片等 {count} 份",
        "en": "photos etc.: {count}",
    },
    "report_visit_resident_statement": {
        "zh": "以上记录经本人核对，与走访时所谈内容一致。",
        "en": "I have checked the record above; it matches what was said during the visit.",
    },
    "report_sign_caseworker": {"zh": "走访人员（签字）：", "en": "Caseworkers (signature):"},
    "report_sign_resident": {"zh": "被走访人（签字）：", "en": "Resident visited (signature):"},
    # --- request register (诉求台账) ---------------------------------------------------------
    "report_register_title": {"zh": "群众诉求台账", "en": "Register of residents' requests"},
    "report_register_footer": {"zh": "入户通 · 诉求台账", "en": "Doorstep · request register"},
    "report_register_scope": {
        "zh": "范围：{scope}　　统计截至：{as_of}",
        "en": "Scope: {scope} — as of {as_of}",
    },
    "report_register_filters": {"zh": "筛选条件：{filters}", "en": "Filters: {filters}"},
    "report_register_summary": {
        "zh": "共受理诉求 {received} 件，已办结 {closed} 件（其中按期办结 {on_time} 件），"
        "办结率 {rate}；已上报 {escalated} 件；超期未办结 {overdue} 件。",
        "en": "{received} requests received, {closed} closed ({on_time} on time), closure rate "
        "{rate}; {escalated} escalated; {overdue} overdue and still open.",
    },
    "report_request_number": {"zh": "编号", "en": "number"},
    "report_received": {"zh": "受理", "en": "received"},
    "report_closed": {"zh": "办结", "en": "closed"},
    "report_overdue": {"zh": "超期", "en": "overdue"},
    "report_category": {"zh": "类别", "en": "category"},
    "report_closure_rate": {"zh": "办结率", "en": "closure rate"},
    "report_total": {"zh": "合计", "en": "total"},
    "report_household_or_project": {"zh": "住户", "en": "household"},
    "report_project_wide": {"zh": "（项目整体）", "en": "(whole project)"},
    "report_overdue_mark": {"zh": "▲超期{days}天", "en": "▲ overdue {days} d"},
    "report_closed_late_mark": {"zh": "超期办结", "en": "closed late"},
    "report_escalated_mark": {"zh": "◆", "en": "◆"},
    "report_register_legend": {
        "zh": "说明：“▲超期”表示已超过办理时限仍未办结（该行加粗、底色标示）；“◆”表示已上报区级；"
        "办结率 = 已办结件数 ÷ 受理件数。",
        "en": "Key: “▲ overdue” marks a request past its deadline and still open (row in bold "
        "with a tint); “◆” marks a request escalated to the district; closure rate = "
        "closed ÷ received.",
    },
    "report_register_empty": {
        "zh": "没有符合筛选条件的诉求。",
        "en": "No request matches the filters.",
    },
    # --- weekly dispatch report (调度周报) ----------------------------------------------------
    "report_weekly_title": {
        "zh": "房屋征收工作调度周报",
        "en": "Weekly expropriation dispatch report",
    },
    "report_weekly_footer": {"zh": "入户通 · 调度周报", "en": "Doorstep · weekly report"},
    "report_weekly_period": {
        "zh": "{year}年第{week}周（{start} 至 {end}）",
        "en": "Week {week} of {year} ({start} to {end})",
    },
    "report_weekly_scope": {
        "zh": "填报单位：{scope}　　填报日期：{date}",
        "en": "Reported by: {scope} — date: {date}",
    },
    "report_weekly_overview": {
        "zh": "截至本周，{projects} 个项目共涉及被征收户 {total} 户，已调查 {surveyed} 户，"
        "已签约 {signed} 户（签约率 {sign_rate}），已腾空 {vacated} 户（腾空率 {vacate_rate}），"
        "本周交房 {handed_week} 户，累计交房 {handed_total} 户，剩余 {remaining} 户；"
        "累计支付补偿 {paid} 万元。",
        "en": "As of this week, {projects} projects cover {total} households: {surveyed} surveyed, "
        "{signed} signed (signing rate {sign_rate}), {vacated} vacated (vacating rate "
        "{vacate_rate}), {handed_week} handed over this week, {handed_total} in all, "
        "{remaining} remaining; compensation paid {paid} (10k yuan).",
    },
    "report_h_progress": {"zh": "一、征收进度", "en": "1. Progress"},
    "report_h_funds": {"zh": "二、资金、房票与安置房源", "en": "2. Funds, house tickets and flats"},
    "report_h_weekly_requests": {"zh": "三、群众诉求办理", "en": "3. Residents' requests"},
    "report_h_done": {"zh": "四、本周完成", "en": "4. Done this week"},
    "report_h_plan": {"zh": "五、下周计划", "en": "5. Plan for next week"},
    "report_h_difficulties": {
        "zh": "六、困难和需协调事项",
        "en": "6. Difficulties needing coordination",
    },
    "report_weekly_requests_overview": {
        "zh": "累计受理诉求 {received} 件（本周新增 {week} 件），已办结 {closed} 件，"
        "按期办结 {on_time} 件，超期未办结 {overdue} 件，办结率 {rate}。",
        "en": "{received} requests received ({week} this week), {closed} closed, {on_time} on "
        "time, {overdue} overdue, closure rate {rate}.",
    },
    "report_chart_progress": {
        "zh": "图1 各项目签约率、腾空率、交房率（%）",
        "en": "Figure 1 Signing, vacating and handover rate per project (%)",
    },
    "report_chart_requests": {
        "zh": "图2 诉求按类别受理与办结情况（件）",
        "en": "Figure 2 Requests received and closed by category",
    },
    "report_sign_compiler": {"zh": "填报人：", "en": "Compiled by:"},
    "report_sign_weekly_reviewer": {"zh": "审核人：", "en": "Reviewed by:"},
    "report_col_project": {"zh": "项目", "en": "project"},
    "report_col_total": {"zh": "总户数", "en": "households"},
    "report_col_surveyed": {"zh": "已调查", "en": "surveyed"},
    "report_col_valued": {"zh": "已评估", "en": "valued"},
    "report_col_count": {"zh": "户数", "en": "households"},
    "report_col_valuation_rate": {"zh": "评估率", "en": "valuation rate"},
    "report_col_signed": {"zh": "已签约", "en": "signed"},
    "report_col_sign_rate": {"zh": "签约率", "en": "signing rate"},
    "report_col_vacated": {"zh": "已腾空", "en": "vacated"},
    "report_col_vacate_rate": {"zh": "腾空率", "en": "vacating rate"},
    "report_col_handover": {"zh": "交房（户）", "en": "handed over"},
    "report_col_handed_week": {"zh": "本周", "en": "this week"},
    "report_col_handed_total": {"zh": "累计", "en": "in all"},
    "report_col_remaining": {"zh": "剩余", "en": "remaining"},
    "report_col_demolished": {"zh": "拆除面积\n(㎡)", "en": "demolished (m²)"},
    "report_col_funds": {"zh": "资金（万元）", "en": "funds (10k yuan)"},
    "report_col_needed": {"zh": "所需", "en": "needed"},
    "report_col_secured": {"zh": "到位", "en": "secured"},
    "report_col_secured_rate": {"zh": "到位率", "en": "secured rate"},
    "report_col_paid": {"zh": "已付补偿", "en": "paid out"},
    "report_col_tickets": {"zh": "房票（张）", "en": "house tickets"},
    "report_col_tickets_issued": {"zh": "已出具", "en": "issued"},
    "report_col_tickets_used": {"zh": "已使用", "en": "used"},
    "report_col_tickets_expiring": {"zh": "30日内到期", "en": "expiring ≤30 d"},
    "report_col_flats": {"zh": "安置房源（套）", "en": "flats"},
    "report_col_flats_allocated": {"zh": "已分配", "en": "allocated"},
    "report_col_flats_available": {"zh": "可用", "en": "available"},
    "report_col_cycle": {"zh": "平均安置\n周期(天)", "en": "avg resettlement cycle (days)"},
    "report_col_req_received": {"zh": "累计受理", "en": "received"},
    "report_col_req_week": {"zh": "本周新增", "en": "new this week"},
    "report_col_req_closed": {"zh": "已办结", "en": "closed"},
    "report_col_req_on_time": {"zh": "按期办结", "en": "closed on time"},
    "report_col_req_overdue": {"zh": "超期未办结", "en": "overdue"},
    "report_col_closure_rate": {"zh": "办结率", "en": "closure rate"},
    "report_subtotal": {"zh": "{name}小计", "en": "{name} subtotal"},
    "report_grand_total": {"zh": "总计", "en": "total"},
    "report_legend_signed": {"zh": "签约率", "en": "signed"},
    "report_legend_vacated": {"zh": "腾空率", "en": "vacated"},
    "report_legend_handed": {"zh": "交房率", "en": "handed over"},
    "report_weekly_no_text": {"zh": "（未填写）", "en": "(not filled in)"},
    # --- public notice (公示) ------------------------------------------------------------------
    "report_notice_title": {
        "zh": "{project}房屋征收补偿情况公示",
        "en": "Public notice of compensation: {project}",
    },
    "report_notice_footer": {"zh": "入户通 · 公示", "en": "Doorstep · public notice"},
    "report_notice_preamble": {
        "zh": "根据《国有土地上房屋征收与补偿条例》第二十九条规定，现将{project}被征收户的"
        "分户补偿情况予以公示，接受社会监督。",
        "en": "Under Article 29 of the Regulation on Expropriation of Buildings on State-owned "
        "Land, the per-household compensation for {project} is published for public "
        "scrutiny.",
    },
    "report_notice_period": {
        "zh": "公示期：{start} 至 {end}。",
        "en": "Notice period: {start} to {end}.",
    },
    "report_notice_summary": {
        "zh": "本次公示被征收户 {households} 户，其中已签约 {signed} 户；实测面积合计 {area} 平方米，"
        "补偿金额合计 {amount} 元（{capital}）。",
        "en": "This notice lists {households} households, {signed} of them signed; measured "
        "area {area} m² in all; compensation {amount} yuan in all ({capital}).",
    },
    "report_notice_supervision_default": {
        "zh": "公示期内如有异议，请以书面形式向发布单位反映。",
        "en": "Objections during the notice period may be sent in writing to the issuer.",
    },
    "report_notice_resettlement": {"zh": "安置情况", "en": "resettlement"},
    "report_notice_name": {"zh": "被征收人", "en": "owner"},
    "report_notice_no_personal": {
        "zh": "本公示不含身份证号、联系电话",
        "en": "This notice holds no ID or phone numbers",
    },
}
