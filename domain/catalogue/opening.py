"""Sentences said while a database opens, before a step that takes a while (session 9, pack):
the person sees why nothing else happens yet. (Stopping then is safe: each step is one
transaction, done again at the next opening.)"""

MESSAGES: dict[str, dict[str, str]] = {
    "db_upgrading": {
        "zh": "正在升级数据库（原文件已先备份；数据多时需要一两分钟）……",
        "en": "Upgrading the database (the file was backed up first; a minute or two with much data)…",
    },
    "db_finishing_bulk_load": {
        "zh": "上次成批载入数据没有做完，正在重建索引（数据多时需要一两分钟）……",
        "en": "The last bulk load did not finish: rebuilding its indexes (a minute or two with much data)…",
    },
}
