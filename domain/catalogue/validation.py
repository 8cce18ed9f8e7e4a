"""User-facing sentences for field validation.

Refusals name the field ({field}, a Label). Sentences never quote a whole ID or phone number:
they end up in logs and screenshots, and the person who typed it can see it anyway.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "zh": "请填写“{field}”。",
        "en": "Please fill in “{field}”.",
    },
    "too_long": {
        "zh": "“{field}”不能超过 {limit} 个字。",
        "en": "“{field}” must be at most {limit} characters.",
    },
    "not_text": {
        "zh": "“{field}”应填写文字。",
        "en": "“{field}” must be text.",
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
    "number_too_small": {
        "zh": "“{field}”不能小于 {low}。",
        "en": "“{field}” must be at least {low}.",
    },
    "number_too_large": {
        "zh": "“{field}”不能大于 {high}。",
        "en": "“{field}” must be at most {high}.",
    },
    "negative_not_allowed": {
        "zh": "“{field}”不能是负数。",
        "en": "“{field}” cannot be negative.",
    },
    "bad_date": {
        "zh": "“{field}”不是有效日期，请按 2026-11-26 的格式填写。",
        "en": "“{field}” is not a valid date; write it like 2026-11-26.",
    },
    "date_out_of_range": {
        "zh": "“{field}”的年份应在 {low} 到 {high} 之间。",
        "en": "The year of “{field}” must be between {low} and {high}.",
    },
    "not_a_bool": {
        "zh": "“{field}”只能填“是”或“否”。",
        "en": "“{field}” must be yes or no.",
    },
    "bad_ref": {
        "zh": "“{field}”应填写记录编号。",
        "en": "“{field}” must be a record id.",
    },
    "not_json": {
        "zh": "“{field}”不是有效的 JSON 内容。",
        "en": "“{field}” is not valid JSON.",
    },
    # Resident ID (GB 11643-1999)
    "id_wrong_length": {
        "zh": "“{field}”应为 18 位，现在是 {length} 位。",
        "en": "“{field}” must have 18 characters; it has {length}.",
    },
    "id_bad_chars": {
        "zh": "“{field}”只能由 17 位数字加最后一位数字或 X 组成。",
        "en": "“{field}” must be 17 digits followed by a digit or X.",
    },
    "id_15_digit": {
        "zh": "“{field}”是 15 位的旧身份证号，请填写 18 位的新号码。",
        "en": "“{field}” is an old 15-digit ID number; please enter the 18-digit number.",
    },
    "id_bad_check": {
        "zh": "“{field}”的校验位不对，请逐位核对，尤其是最后一位。",
        "en": "The check digit of “{field}” does not match; check each digit, especially the last.",
    },
    "id_bad_birth_date": {
        "zh": "“{field}”第 7–14 位的出生日期不是真实存在的日期，请核对。",
        "en": "The birth date in “{field}” (characters 7–14) is not a real date; please check it.",
    },
    "id_birth_date_out_of_range": {
        "zh": "“{field}”第 7–14 位的出生日期不能早于 1900 年，也不能晚于今天。",
        "en": "The birth date in “{field}” (characters 7–14) must be between 1900 and today.",
    },
    "id_stored_as_number": {
        "zh": "“{field}”在表格中被存成了数字，后几位已经丢失；请把该列设为文本格式后重新填写。",
        "en": "“{field}” was stored as a number in the spreadsheet and lost its last digits; "
        "format the column as text and enter it again.",
    },
    # Soft notes on a valid resident ID: shown, never refused.
    "id_area_unknown": {
        "zh": "身份证号前 6 位的地区码 {area} 不在本程序的行政区划代码表中，请核对；这不影响保存。",
        "en": "The area code {area} (the ID number's first 6 digits) is not in this program's "
        "list of area codes; please check it. The number is saved anyway.",
    },
    "id_area_not_in_year": {
        "zh": "地区码 {area}（{county}）在出生年份 {year} 年不存在（{span}）；户籍迁移或区划调整后"
        "换发的号码常有这种情况，请核对；这不影响保存。",
        "en": "The area code {area} ({county}) did not exist in the birth year {year} ({span}); "
        "this is common for numbers reissued after a move or a boundary change. Please check "
        "it; the number is saved anyway.",
    },
    # Unified social credit code (GB 32100-2015)
    "uscc_wrong_length": {
        "zh": "“{field}”应为 18 位，现在是 {length} 位。",
        "en": "“{field}” must have 18 characters; it has {length}.",
    },
    "uscc_bad_chars": {
        "zh": "“{field}”只能包含数字和大写字母，且不含 I、O、S、V、Z。",
        "en": "“{field}” may contain only digits and capital letters other than I, O, S, V and Z.",
    },
    "uscc_bad_check": {
        "zh": "“{field}”的校验位不对，请逐位核对，尤其是最后一位。",
        "en": "The check character of “{field}” does not match; check each character, "
        "especially the last.",
    },
    # Phone numbers
    "bad_phone": {
        "zh": "“{field}”不是有效的电话号码，请填写 11 位手机号或带区号的固定电话（如 0510-12345678）。",
        "en": "“{field}” is not a valid phone number; enter an 11-digit mobile number or a "
        "landline with its area code (like 0510-12345678).",
    },
}
