"""Sentences about a pool record (a flat, a house ticket) whose holder lies outside a laptop's
scope while it is in conflict: the district office decides such a conflict at the hub."""

MESSAGES: dict[str, dict[str, str]] = {
    "pool_holder_outside_scope": {
        "zh": "本机范围外的住户",
        "en": "a household outside this laptop's scope",
    },
    "flat_conflict_outside_scope": {
        "zh": "“{record}”还分配给了本机范围外的住户，本机看不到该住户，不能在这里处理；"
        "请由区征收办在中心电脑上决定，结果随下一个同步包送达。",
        "en": "“{record}” was also allocated to a household outside this laptop's scope, which "
        "this laptop cannot see, so it cannot be settled here; the district office decides at "
        "the hub and the result arrives with the next bundle.",
    },
}
