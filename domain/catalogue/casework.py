"""Sentences for the caseworker's day: empty, corrected and voided visits, deleted households."""

MESSAGES: dict[str, dict[str, str]] = {
    "visit_empty": {
        "zh": "走访记录是空的：请至少填写宣传解释内容、群众诉求与顾虑、态度或下一步工作中的一项。",
        "en": "The visit is empty: fill in at least what was explained, the concerns raised,"
        " the attitude or the agreed next step.",
    },
    "reason_required": {
        "zh": "请填写{action}的原因。",
        "en": "Please give the reason for {action}.",
    },
    "visit_voided": {
        "zh": "这次走访已作废，不能再修改。",
        "en": "This visit was voided and can no longer be changed.",
    },
    "nothing_changed": {
        "zh": "没有改动：所填的值与现有记录相同。",
        "en": "Nothing changed: the values are the same as the record's.",
    },
    "visit_void_done": {
        "zh": "已作废走访 {short_id}（原因：{reason}）；它仍留在变更历史中。",
        "en": "Voided visit {short_id} (reason: {reason}); it stays in the history.",
    },
    "household_delete_done": {
        "zh": "已注销住户 {short_id}（原因：{reason}）；它仍留在变更历史中。",
        "en": "Deleted household {short_id} (reason: {reason}); it stays in the history.",
    },
    "visit_list_empty": {
        "zh": "这户还没有走访记录。",
        "en": "No visits for this household yet.",
    },
    "visit_list_voided": {
        "zh": "已作废：{reason}",
        "en": "voided: {reason}",
    },
}
