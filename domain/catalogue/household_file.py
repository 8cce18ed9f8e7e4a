"""Sentences of the household file (一户一档) that follow the document's language."""

MESSAGES: dict[str, dict[str, str]] = {
    "report_label_value": {"zh": "{label}：{value}", "en": "{label}: {value}"},
    "report_bracketed": {"zh": "{head}（{inner}）", "en": "{head} ({inner})"},
}
