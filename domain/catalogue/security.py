"""User-facing sentences for encryption at rest: the password, the database key file, the
conversion of a database written before encryption, and the lock screen."""

MESSAGES: dict[str, dict[str, str]] = {
    "db_password_needed": {
        "zh": "需要入户通的密码：请用 --password-file 指定密码文件，或设置环境变量 DOORSTEP_PASSWORD。",
        "en": "Doorstep's password is needed: name a file with --password-file or set DOORSTEP_PASSWORD.",
    },
    "db_password_too_short": {
        "zh": "密码太短，至少需要 {min} 个字符。",
        "en": "The password is too short; it needs at least {min} characters.",
    },
    "db_wrong_password": {
        "zh": "密码不对，无法打开本机的数据。",
        "en": "The password is wrong, so this computer's data cannot be opened.",
    },
    "db_key_file_missing": {
        "zh": "找不到数据库的密钥文件“{path}”。",
        "en": "The database's key file “{path}” was not found.",
    },
    "db_key_file_damaged": {
        "zh": "数据库的密钥文件“{path}”已损坏，无法读取；请从备份中恢复这个文件，或请区征收办重新配置这台电脑。",
        "en": "The database's key file “{path}” is damaged and cannot be read; restore it from a backup, or have the district office set this computer up again.",
    },
    "db_key_file_newer": {
        "zh": "数据库的密钥文件“{path}”由更新版本的入户通创建，请升级程序后再打开。",
        "en": "The database's key file “{path}” was made by a newer Doorstep; upgrade the program to open it.",
    },
    "db_key_exists": {
        "zh": "数据库的密钥文件“{path}”已经存在，不能重新创建。",
        "en": "The database's key file “{path}” already exists and cannot be made again.",
    },
    "db_key_mismatch": {
        "zh": "数据库“{path}”不是用本机的密钥加密的（可能是从另一台电脑复制来的），无法打开。",
        "en": "The database “{path}” was not encrypted with this computer's key (it may come from another computer), so it cannot be opened.",
    },
    "db_not_database_or_no_key": {
        "zh": "文件“{path}”不是入户通数据库，或者它的密钥文件“{key}”不在旁边。",
        "en": "The file “{path}” is not a Doorstep database, or its key file “{key}” is not beside it.",
    },
    "db_plaintext_removed": {
        "zh": "数据库现已加密保存；加密前的未加密文件已删除。",
        "en": "The database is now stored encrypted; the unencrypted file from before has been deleted.",
    },
    "db_password_mismatch": {
        "zh": "两次输入的密码不一致。",
        "en": "The two passwords do not match.",
    },
    "db_new_password_needed": {
        "zh": "需要新密码：请用 --new-password-file 指定新密码所在的文件。",
        "en": "The new password is needed: name a file holding it with --new-password-file.",
    },
    "db_password_changed": {
        "zh": "密码已更改。",
        "en": "The password has been changed.",
    },
}
