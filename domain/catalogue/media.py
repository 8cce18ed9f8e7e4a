"""Sentences for files a full disk or write-protected media would not take, outside the
database itself (session 8, edges; tests/cli/test_hostile_media.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "db_disk_full_open": {
        "zh": "磁盘已满，无法打开数据库“{path}”；请清理磁盘空间后重试，数据没有任何改动。",
        "en": "The disk is full, so the database “{path}” cannot be opened; free some space and try again. Nothing was changed.",
    },
    "db_disk_full_create": {
        "zh": "磁盘已满，无法在“{path}”建立数据库；请清理磁盘空间后重试，什么也没有写入。",
        "en": "The disk is full, so no database can be created at “{path}”; free some space and try again. Nothing was written.",
    },
    "bundle_no_room_to_unpack": {
        "zh": "本机磁盘空间不足，无法解开同步包，没有导入，数据没有任何改动；请腾出空间后重试。",
        "en": "This computer's disk is too full to unpack the bundle, so it was not imported and nothing was changed; free some space and try again.",
    },
    "file_disk_full": {
        "zh": "磁盘已满，“{path}”没有写成（也没有留下半个文件）；请清理磁盘空间后重试。",
        "en": "The disk is full, so “{path}” was not written (no half-written file is left); free some space and try again.",
    },
    "file_read_only": {
        "zh": "“{path}”所在的位置是只读的（写保护的 U 盘或只读共享），文件没有写入；请换一个位置。",
        "en": "“{path}” is on read-only media (a write-protected stick or a read-only share), so the file was not written; choose another place.",
    },
    "file_cannot_write": {
        "zh": "无法写入“{path}”；请检查位置是否存在、U 盘是否插好。",
        "en": "Cannot write “{path}”; check that the place exists and the USB stick is plugged in.",
    },
    "db_folder_read_only": {
        "zh": "“{path}”所在的位置是只读的（写保护的 U 盘或只读共享），不能在那里建立数据库。",
        "en": "“{path}” is on read-only media (a write-protected stick or a read-only share); a database cannot be created there.",
    },
    "cli_interrupted_early": {
        "zh": "已中断，还没有开始做任何事。",
        "en": "Interrupted before anything was done.",
    },
    "sync_import_interrupted": {
        "zh": "已中断。每个同步包要么已完整导入、要么完全没有导入；再导入一次即可知道（已导入的会被认出，不会重复导入）。",
        "en": "Interrupted. Each bundle was either imported whole or not at all; import it again to find out (one already imported is recognised and not imported twice).",
    },
    "file_not_regular": {
        "zh": "“{path}”不是普通文件（是设备、管道或文件夹），不能写在那里；请换一个文件名。",
        "en": "“{path}” is not an ordinary file (a device, a pipe or a folder), so nothing can be written there; choose another file name.",
    },
    "sync_out_not_a_bundle": {
        "zh": "“{path}”是已有的文件，不是同步包；同步包请导出到 U 盘上的文件夹，原文件没有改动。",
        "en": "“{path}” is an existing file, not a bundle; export bundles to a folder on the USB stick. The file was not changed.",
    },
    "secret_file_too_big": {
        "zh": "“{path}”超过 {limit} KB，不是密码文件；请指定只写着密码的那个文件。",
        "en": "“{path}” is larger than {limit} KB and is not a password file; name the file that holds only the password.",
    },
    "draft_disk_full": {
        "zh": "磁盘已满，草稿没有自动保存（上一次保存的草稿还在）；请清理磁盘空间，填写的内容仍在窗口里。",
        "en": "The disk is full, so the draft was not saved (the one saved before is kept); free some space. What you typed is still in the window.",
    },
    "draft_not_saved": {
        "zh": "草稿没有自动保存（数据文件夹不能写入，上一次保存的草稿还在）；填写的内容仍在窗口里。",
        "en": "The draft was not saved (the data folder cannot be written; the one saved before is kept). What you typed is still in the window.",
    },
    "file_name_too_long": {
        "zh": "文件名“{name}”太长，磁盘不接受（最多约 85 个汉字）；请用短一点的名字。",
        "en": "The file name “{name}” is too long for the disk (at most about 85 Chinese characters); use a shorter name.",
    },
}
