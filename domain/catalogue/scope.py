"""User-facing sentences of scoped sync: a laptop's part of the district (区街两级)."""

MESSAGES: dict[str, dict[str, str]] = {
    "scope_needs_area": {
        "zh": "请写明区（可再加街道），或至少一个项目。",
        "en": "Give a district (and optionally a sub-district), or at least one project.",
    },
    "scope_not_laptop": {
        "zh": "“{name}”不是街道笔记本，只有笔记本才有工作范围。",
        "en": "“{name}” is not a sub-district laptop; only laptops have a scope.",
    },
    "scope_unknown_project": {
        "zh": "没有找到项目“{project}”。",
        "en": "There is no project “{project}”.",
    },
    "scope_outside": {
        "zh": "这个记录不在本机的工作范围（{scope}）内，不能在本机新建。",
        "en": "This record is outside this laptop's scope ({scope}), so it cannot be created here.",
    },
    "cli_scope_set": {
        "zh": "已设定“{name}”的工作范围：{scope}（设备登记表第 {version} 版，随下一个同步包送达）。",
        "en": "Scope of “{name}” set to {scope} (registry version {version}; it travels with the next bundle).",
    },
    "scope_whole_district": {
        "zh": "全部数据",
        "en": "all data",
    },
    "cli_records_left": {
        "zh": "{count} 条记录已离开本机的工作范围，已从本机删除。",
        "en": "{count} records left this laptop's scope and were removed from it.",
    },
    "cli_bundle_superseded": {
        "zh": "这是中心较早的同步包，较新的同步包已带来其中仍需要的内容，本包未再应用。",
        "en": "This is an older bundle from the hub: a newer one already brought what still mattered, so nothing in it was applied.",
    },
    "cli_late_edits_none": {
        "zh": "没有范围外的迟到修改。",
        "en": "No late edits of records outside a laptop's scope.",
    },
}
