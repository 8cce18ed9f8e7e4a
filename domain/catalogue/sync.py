"""User-facing sentences for the sync area: bundle files, device keys, enrolment.

Bundle refusals follow the order in which sync/bundle.py checks a file. Several are raised with
an extra `reason` parameter that the sentence does not use: it is kept for logs and tests.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- reading a bundle ----------------------------------------------------------------
    "bundle_too_large": {
        "zh": "这个文件超过 {limit_mb} MB，不是入户通同步包。",
        "en": "This file is larger than {limit_mb} MB, so it is not a Doorstep sync bundle.",
    },
    "bundle_not_a_bundle": {
        "zh": "这个文件不是入户通同步包。",
        "en": "This file is not a Doorstep sync bundle.",
    },
    "bundle_newer_version": {
        "zh": "这个同步包由更新版本的入户通制作，请先升级本程序再导入。",
        "en": "This bundle was made by a newer version of Doorstep; upgrade this program, then import it.",
    },
    "bundle_incomplete": {
        "zh": "这个同步包不完整（可能复制时被中断），请重新复制一遍再导入。",
        "en": "This bundle is incomplete (the copy was probably interrupted); copy it again, then import it.",
    },
    "bundle_damaged": {
        "zh": "这个同步包已被改动或已损坏，不能导入。",
        "en": "This bundle has been altered or damaged and cannot be imported.",
    },
    "bundle_sender_unknown": {
        "zh": "这个同步包来自一台未登记的设备，不能导入。",
        "en": "This bundle comes from a device that is not enrolled, so it cannot be imported.",
    },
    "bundle_sender_revoked": {
        "zh": "这个同步包来自一台已被停用的设备，不能导入。",
        "en": "This bundle comes from a device that has been revoked, so it cannot be imported.",
    },
    "bundle_already_imported": {
        "zh": "这个同步包已经导入过，没有新的变更。",
        "en": "This bundle has already been imported; nothing changed.",
    },
    "bundle_not_for_this_computer": {
        "zh": "这个同步包不是发给这台电脑的。",
        "en": "This bundle is not addressed to this computer.",
    },
    "bundle_needs_passphrase": {
        "zh": "这个同步包用口令加密，请输入口令。",
        "en": "This bundle is locked with a passphrase; enter the passphrase.",
    },
    "bundle_wrong_passphrase": {
        "zh": "口令不对，打不开这个同步包。",
        "en": "The passphrase is wrong, so this bundle cannot be opened.",
    },
    # --- writing a bundle ----------------------------------------------------------------
    "bundle_too_many_recipients": {
        "zh": "一个同步包最多只能发给 {limit} 台设备。",
        "en": "A bundle can be addressed to at most {limit} devices.",
    },
    "bundle_passphrase_too_short": {
        "zh": "口令至少要有 {limit} 个字符。",
        "en": "The passphrase must be at least {limit} characters long.",
    },
    "bundle_payload_too_large": {
        "zh": "要导出的数据超过 {limit_mb} MB，一个同步包装不下，请分批导出。",
        "en": "The data to export is larger than {limit_mb} MB and does not fit in one bundle; export it in parts.",
    },
    "bundle_disk_full": {
        "zh": "磁盘（U 盘或本机）空间不足，同步包没有写完；请腾出空间后重试。",
        "en": "The disk (USB stick or this computer) is full, so the bundle was not finished; free some space and try again.",
    },
    "bundle_write_failed": {
        "zh": "无法写入“{path}”，请检查 U 盘是否插好、是否被写保护。",
        "en": "Cannot write “{path}”; check that the USB stick is plugged in and not write-protected.",
    },
    "bundle_verify_failed": {
        "zh": "同步包写入后读回校验失败，U 盘可能有问题；请换一个 U 盘重新导出。",
        "en": "The bundle failed its check after writing, so the USB stick may be faulty; export again to another stick.",
    },
    "sync_attachment_damaged": {
        "zh": "本机的附件文件（{sha256}）缺失或已损坏，无法导出。",
        "en": "The attachment file ({sha256}) on this computer is missing or damaged and cannot be exported.",
    },
    # --- device keys ---------------------------------------------------------------------
    "keys_password_empty": {
        "zh": "密码不能为空。",
        "en": "The password cannot be empty.",
    },
    "keys_wrong_password": {
        "zh": "密码不对，无法打开本机的密钥。",
        "en": "The password is wrong, so this computer's keys cannot be opened.",
    },
    "keys_file_missing": {
        "zh": "找不到本机的密钥文件“{path}”，请先完成设备登记。",
        "en": "This computer's key file “{path}” was not found; enrol the computer first.",
    },
    "keys_file_damaged": {
        "zh": "本机的密钥文件“{path}”已损坏，请联系管理员重新登记这台电脑。",
        "en": "This computer's key file “{path}” is damaged; ask the administrator to enrol this computer again.",
    },
    "keys_file_newer": {
        "zh": "本机的密钥文件由更新版本的入户通创建，请先升级本程序。",
        "en": "This computer's key file was made by a newer version of Doorstep; upgrade this program first.",
    },
    "device_info_invalid": {
        "zh": "设备登记信息无效或已损坏。",
        "en": "The device enrolment information is invalid or damaged.",
    },
}
