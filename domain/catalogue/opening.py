"""Sentences said while a database opens, before a step that takes a while (session 9, pack):
the person sees why nothing else happens yet."""

MESSAGES: dict[str, dict[str, str]] = {
    "db_upgrading": {
        "zh": "正在升级数据库（已先备份原文件），数据多时可能需要一两分钟，请不要关闭……",
        "en": "Upgrading the database (the original file was backed up first); with much data this can take a minute or two, please do not close…",
    },
    "db_finishing_bulk_load": {
        "zh": "上次成批载入数据没有做完，正在重建它的索引，数据多时可能需要一两分钟，请不要关闭……",
        "en": "The last bulk load of data did not finish: rebuilding its indexes, which can take a minute or two with much data, please do not close…",
    },
}
