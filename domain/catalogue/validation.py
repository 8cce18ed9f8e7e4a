"""User-facing sentences for field validation. Each names the field ({field})."""

MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "zh": "请填写“{field}”。",
        "en": "Please fill in “{field}”.",
    },
    "too_long": {
        "zh": "“{field}”不能超过 {limit} 个字。",
        "en": "“{field}” must be at most {limit} characters.",
    },
    "not_a_choice": {
        "zh": "“{field}”的值“{value}”不在可选范围内。",
        "en": "“{value}” is not an allowed value for “{field}”.",
    },
    "not_a_number": {
        "zh": "“{field}”必须是数字。",
        "en": "“{field}” must be a number.",
    },
    "not_an_integer": {
        "zh": "“{field}”必须是整数。",
        "en": "“{field}” must be a whole number.",
    },
    "number_out_of_range": {
        "zh": "“{field}”必须在 {low} 到 {high} 之间。",
        "en": "“{field}” must be between {low} and {high}.",
    },
    "bad_date": {
        "zh": "“{field}”不是有效日期，请按 2026-11-26 的格式填写。",
        "en": "“{field}” is not a valid date; write it like 2026-11-26.",
    },
}
