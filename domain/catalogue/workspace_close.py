"""Sentences for work that reaches a database after it was closed (a window's page reading late,
after the workspace closed or the window went)."""

MESSAGES: dict[str, dict[str, str]] = {
    "db_closed": {
        "zh": "数据库“{path}”已经关闭，这一步没有执行，也没有改动任何数据；请重新打开入户通后再试。",
        "en": "The database “{path}” is already closed, so this step was not done and nothing changed; open Doorstep again and retry.",
    },
}
