"""User-facing sentences for the store, records and the CLI."""

MESSAGES: dict[str, dict[str, str]] = {
    "db_newer_schema": {
        "zh": "这个数据库由更新版本的入户通创建（结构版本 {found}，本程序支持到 {supported}），请升级程序后再打开。",
        "en": "This database was made by a newer Doorstep (schema {found}; this program supports up to {supported}); upgrade the program to open it.",
    },
    "db_not_database": {
        "zh": "文件“{path}”不是入户通数据库，或已损坏。",
        "en": "The file “{path}” is not a Doorstep database, or it is damaged.",
    },
    "db_disk_full": {
        "zh": "磁盘已满，本次修改没有保存；请清理磁盘空间后重试。",
        "en": "The disk is full, so this change was not saved; free some space and try again.",
    },
    "db_busy": {
        "zh": "数据库正被另一个程序使用，请关闭另一个入户通窗口后重试。",
        "en": "The database is in use by another program; close the other Doorstep window and try again.",
    },
    "no_profile": {
        "zh": "尚未建立本机档案，请先运行“init”或在程序中完成首次设置。",
        "en": "This computer has no profile yet; run “init” or finish first-run setup in the app.",
    },
    "profile_exists": {
        "zh": "本机档案已经存在，不能重复创建。",
        "en": "This computer already has a profile; it cannot be created twice.",
    },
    "record_not_found": {
        "zh": "找不到编号为“{record_id}”的记录。",
        "en": "No record with id “{record_id}” was found.",
    },
    "record_ambiguous": {
        "zh": "编号“{record_id}”对应多条记录，请输入更长的编号。",
        "en": "The id “{record_id}” matches more than one record; type more of it.",
    },
    "record_deleted": {
        "zh": "记录“{record_id}”已被删除。",
        "en": "The record “{record_id}” has been deleted.",
    },
    "unknown_field": {
        "zh": "“{entity}”没有名为“{field}”的字段。",
        "en": "“{entity}” has no field named “{field}”.",
    },
    "field_read_only": {
        "zh": "“{field}”不能直接修改。",
        "en": "“{field}” cannot be changed directly.",
    },
    "bad_assignment": {
        "zh": "“{text}”的格式不对，应写成 字段=值。",
        "en": "“{text}” is not in the form field=value.",
    },
    "state_jump_refused": {
        "zh": "住户状态不能从“{old}”直接变为“{new}”；下一步可以是：{allowed}。",
        "en": "A household cannot go from “{old}” straight to “{new}”; the next step can be: {allowed}.",
    },
    "state_unchanged": {
        "zh": "住户已经处于“{state}”状态。",
        "en": "The household is already in state “{state}”.",
    },
    "project_not_found": {
        "zh": "找不到项目“{project}”。",
        "en": "No project “{project}” was found.",
    },
    "household_not_found": {
        "zh": "找不到住户“{household}”。",
        "en": "No household “{household}” was found.",
    },
    "file_not_found": {
        "zh": "找不到文件“{path}”。",
        "en": "The file “{path}” was not found.",
    },
    "file_unreadable": {
        "zh": "无法读取文件“{path}”。",
        "en": "The file “{path}” cannot be read.",
    },
    "attachment_too_large": {
        "zh": "附件“{name}”超过 {limit_mb} MB，无法添加。",
        "en": "The attachment “{name}” is larger than {limit_mb} MB and cannot be added.",
    },
    "attachment_missing": {
        "zh": "附件文件尚未收到（可能还在另一台电脑上）。",
        "en": "The attachment file has not arrived yet (it may still be on another computer).",
    },
    "nothing_to_resolve": {
        "zh": "“{field}”目前没有冲突，无需处理。",
        "en": "“{field}” has no conflict to resolve.",
    },
    "request_already_closed": {
        "zh": "该诉求已经办结。",
        "en": "This request is already closed.",
    },
    "bad_week": {
        "zh": "“{week}”不是有效的周，请写成 2026-W48。",
        "en": "“{week}” is not a valid week; write it like 2026-W48.",
    },
}
MESSAGES.update(
    {
        "seq_reused": {
            "zh": "设备“{device}”的数据曾被回退（同一序号出现了两条不同的修改），请在区征收办重新登记该设备。",
            "en": "The data of device “{device}” was rolled back (one sequence number carries two different changes); re-enrol that device at the district office.",
        },
    }
)
