"""Sentences of the printed documents added for issue 13 (page flow, form details, fonts,
public-notice checks, weekly texts kept in the database) and the full-disk sentence."""

MESSAGES: dict[str, dict[str, str]] = {
    "report_disk_full": {
        "zh": "磁盘已满，无法写入文件“{path}”，请腾出空间或换一个位置保存。",
        "en": "The disk is full; cannot write the file “{path}”. Free some space or save elsewhere.",
    },
    "report_sign_compiler_short": {"zh": "制表人（签字）：", "en": "Compiled by (signature):"},
    "report_weekly_unit": {
        "zh": "填报单位：{unit}　　填报日期：{date}",
        "en": "Reporting office: {unit}    Date: {date}",
    },
    "report_weekly_scope_line": {
        "zh": "统计范围：{scope}",
        "en": "Scope: {scope}",
    },
    "report_visit_record_number": {"zh": "记录编号", "en": "Record no."},
    "doc_missing_glyphs": {
        "zh": "本机没有字体能显示这些字：{chars}，文书中已印成编码（如 [U+4DAE]），请手工补写。",
        "en": "No font on this computer can print these characters: {chars}; the document shows"
        " their code points (such as [U+4DAE]) instead — write them in by hand.",
    },
    "doc_notice_nothing_signed": {
        "zh": "这份公示只有 {signed} 户已签约、补偿总额 {amount} 元，公示出去会让人误解；"
        "确认仍要生成，请再确认一次（命令行加 --confirm-empty）。",
        "en": "This notice lists {signed} signed households and a total compensation of {amount}"
        " yuan, which would mislead if posted; confirm to make it anyway (command line:"
        " --confirm-empty).",
    },
    "doc_weekly_texts_unreadable": {
        "zh": "无法读取旧的周报文字文件“{path}”，已保留原文件不作改动。",
        "en": "Could not read the old weekly-report text file “{path}”; it was left untouched.",
    },
}
