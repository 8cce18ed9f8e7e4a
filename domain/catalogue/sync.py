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
    # --- device registry and enrolment ----------------------------------------------------
    "registry_damaged": {
        "zh": "这个设备登记表已被改动或已损坏，不能导入。",
        "en": "This device registry has been altered or damaged and cannot be imported.",
    },
    "registry_wrong_hub": {
        "zh": "这个设备登记表不是本机信任的区征收办电脑签发的，不能导入。",
        "en": "This device registry was not signed by the district computer this one trusts, so it cannot be imported.",
    },
    "registry_older": {
        "zh": "这个设备登记表是第 {found} 版，比本机已有的第 {have} 版旧，未导入。",
        "en": "This device registry is version {found}, older than version {have} already here, so it was not imported.",
    },
    "registry_not_hub": {
        "zh": "只有区征收办的中心电脑才能登记、停用设备或导出设备登记表。",
        "en": "Only the district office's hub computer can enrol or revoke devices or export the device registry.",
    },
    "registry_missing": {
        "zh": "本机还没有设备登记表，请先在区征收办完成登记。",
        "en": "This computer has no device registry yet; enrol it at the district office first.",
    },
    "device_unknown": {
        "zh": "设备登记表中没有“{device}”。",
        "en": "The device registry has no device “{device}”.",
    },
    "device_ambiguous": {
        "zh": "“{device}”对应登记表中的多台设备，请输入完整的设备编号。",
        "en": "“{device}” matches more than one enrolled device; give its full device id.",
    },
    "device_already_revoked": {
        "zh": "设备“{name}”早已停用。",
        "en": "The device “{name}” is already revoked.",
    },
    "device_revoked": {
        "zh": "设备“{name}”已被停用，不能发给它。",
        "en": "The device “{name}” has been revoked, so nothing can be sent to it.",
    },
    "revoke_self": {
        "zh": "中心电脑不能停用自己。",
        "en": "The hub computer cannot revoke itself.",
    },
    "enrol_not_a_file": {
        "zh": "这个文件不是入户通登记文件。",
        "en": "This file is not a Doorstep enrolment file.",
    },
    "enrol_damaged": {
        "zh": "这个登记文件已被改动、不完整或已损坏，请重新导出一份。",
        "en": "This enrolment file is altered, incomplete or damaged; export it again.",
    },
    "enrol_revoked": {
        "zh": "设备“{name}”已被停用，不能再次登记；请在那台电脑上重新登记（会生成新的设备编号）。",
        "en": "The device “{name}” was revoked and cannot be enrolled again; re-enrol that computer (it gets a new device id).",
    },
    "enrol_other_keys": {
        "zh": "设备“{name}”已用另一组密钥登记；如需更换，请先停用旧登记，再让那台电脑重新登记。",
        "en": "The device “{name}” is enrolled with other keys; revoke the old enrolment first, then re-enrol that computer.",
    },
    "enrol_fingerprint_mismatch": {
        "zh": "登记文件的指纹是 {found}，与核对的 {expected} 不一致，未登记。",
        "en": "The enrolment file's fingerprint is {found}, not the {expected} you checked, so nothing was enrolled.",
    },
    "enrol_needs_hub_file": {
        "zh": "请导入区征收办中心电脑导出的登记文件（这个文件来自一台笔记本）。",
        "en": "Import the enrolment file exported by the district office's hub computer (this one comes from a laptop).",
    },
    "enrol_hub_changed": {
        "zh": "这个登记文件来自另一台中心电脑（指纹 {found}），不是本机已信任的那台，未导入。",
        "en": "This enrolment file comes from a different hub computer (fingerprint {found}) than the one this computer trusts, so it was not imported.",
    },
    "enrol_not_in_registry": {
        "zh": "这台电脑还不在区征收办的设备登记表中：请先把本机的登记文件带到区征收办导入，再导入中心的登记文件。",
        "en": "This computer is not in the district's device registry yet: take its enrolment file to the district office first, then import the hub's file.",
    },
    "enrol_registered_other_keys": {
        "zh": "区征收办登记的是这台电脑的另一组密钥，请重新导出本机登记文件并在区征收办重新登记。",
        "en": "The district registry lists other keys for this computer; export its enrolment file again and re-enrol it at the district office.",
    },
    "enrol_hub_no_registry": {
        "zh": "中心电脑还没有设备登记表，请先在中心电脑上生成本机密钥。",
        "en": "The hub has no device registry yet; create its device keys first.",
    },
    "keys_exist": {
        "zh": "本机已有密钥（指纹 {fingerprint}），无需再次生成。",
        "en": "This computer already has keys (fingerprint {fingerprint}); there is no need to make new ones.",
    },
    "keys_other_database": {
        "zh": "这个密钥文件属于另一份数据库（设备编号不同），不能用于这台电脑的数据。",
        "en": "This key file belongs to another database (a different device id) and cannot be used with this data.",
    },
    "keys_password_mismatch": {
        "zh": "两次输入的密码不一致。",
        "en": "The two passwords do not match.",
    },
    "keys_password_needed": {
        "zh": "需要本机密钥的密码：请用 --password-file 指定密码文件，或设置环境变量 DOORSTEP_PASSWORD。",
        "en": "The password of this computer's keys is needed: name a file with --password-file or set DOORSTEP_PASSWORD.",
    },
    # --- exchanging bundles --------------------------------------------------------------
    "sync_rolled_back": {
        "zh": "这台电脑的数据曾被回退（例如从旧备份恢复），继续使用会造成数据混乱；请在区征收办重新登记这台电脑。",
        "en": "This computer's data was rolled back (for example restored from an old backup); re-enrol it at the district office before going on.",
    },
    "sync_not_enrolled": {
        "zh": "这台电脑还没有完成登记，请先在区征收办登记。",
        "en": "This computer is not enrolled yet; enrol it at the district office first.",
    },
    "sync_no_recipients": {
        "zh": "没有可以发送的对象：登记表里没有可用的中心电脑，请用 --to 指定。",
        "en": "There is nobody to send to: the registry has no active hub computer; name a device with --to.",
    },
    "sync_hub_needs_folder": {
        "zh": "中心电脑为每台笔记本各导出一个同步包，请指定一个文件夹，或用 --to 指定一台设备。",
        "en": "The hub exports one bundle per laptop; name a folder, or one device with --to.",
    },
    "sync_no_laptops": {
        "zh": "登记表里还没有可用的笔记本电脑。",
        "en": "The device registry has no active laptops yet.",
    },
    "sync_delete_choice": {
        "zh": "这条记录在一台电脑上被删除、在另一台上被修改：请选择“保留”或“删除”。",
        "en": "This record was deleted on one computer and edited on another: choose “keep” or “delete”.",
    },
    "sync_nothing_to_resolve": {
        "zh": "记录“{record}”的“{field}”没有待处理的冲突。",
        "en": "The field “{field}” of record “{record}” has no conflict to resolve.",
    },
    "sync_not_a_folder": {
        "zh": "“{path}”不是文件夹，也不能在那里写文件。",
        "en": "“{path}” is not a folder, and no file can be written there.",
    },
    # --- what the person reads after an exchange -----------------------------------------
    "sync_exported": {
        "zh": "已写入“{file}”：{ops} 条变更、{attachments} 个附件，发给 {to}。已读回校验，可以安全拔出 U 盘。",
        "en": "Wrote “{file}”: {ops} changes and {attachments} attachments for {to}. Read back and verified: the USB stick is safe to remove.",
    },
    "sync_imported": {
        "zh": "“{file}”（来自 {sender}）：新增 {new} 条变更{kinds}；已有 {known} 条；新冲突 {conflicts} 处；收到附件 {attachments} 个。",
        "en": "“{file}” (from {sender}): {new} new changes{kinds}; {known} already known; {conflicts} new conflicts; {attachments} attachments received.",
    },
    "sync_already_imported": {
        "zh": "“{file}”：已经导入过（0 条变更）。",
        "en": "“{file}”: already imported (0 changes).",
    },
    "sync_refused": {
        "zh": "“{file}”：{reason}",
        "en": "“{file}”: {reason}",
    },
    "sync_registry_updated": {
        "zh": "设备登记表已更新到第 {version} 版。",
        "en": "The device registry is now version {version}.",
    },
    "sync_device_initialised": {
        "zh": "已生成本机密钥。设备“{name}”，指纹 {fingerprint}。",
        "en": "Device keys made for “{name}”, fingerprint {fingerprint}.",
    },
    "sync_enrol_written": {
        "zh": "已写入登记文件“{file}”。请和对方电脑屏幕上的指纹核对：{fingerprint}。",
        "en": "Wrote the enrolment file “{file}”. Compare this fingerprint with the other computer's screen: {fingerprint}.",
    },
    "sync_enrolled_device": {
        "zh": "已登记“{name}”（指纹 {fingerprint}），设备登记表第 {version} 版。请把中心的登记文件带回该电脑导入。",
        "en": "Enrolled “{name}” (fingerprint {fingerprint}); device registry version {version}. Take the hub's enrolment file back to that computer and import it.",
    },
    "sync_already_enrolled": {
        "zh": "“{name}”（指纹 {fingerprint}）早已登记，登记表未变（第 {version} 版）。",
        "en": "“{name}” (fingerprint {fingerprint}) is already enrolled; the registry is unchanged (version {version}).",
    },
    "sync_enrolled_here": {
        "zh": "本机已登记到中心“{hub}”（指纹 {fingerprint}），设备登记表第 {version} 版。",
        "en": "This computer is enrolled with the hub “{hub}” (fingerprint {fingerprint}); device registry version {version}.",
    },
    "sync_revoked": {
        "zh": "已停用“{name}”，设备登记表第 {version} 版；今后来自它的同步包都会被拒绝。",
        "en": "Revoked “{name}”; device registry version {version}. Bundles from it will be refused from now on.",
    },
    "sync_registry_written": {
        "zh": "已写入设备登记表“{file}”（第 {version} 版）。",
        "en": "Wrote the device registry “{file}” (version {version}).",
    },
    "sync_registry_same": {
        "zh": "本机已有这一版设备登记表（第 {version} 版），无需导入。",
        "en": "This computer already has this device registry (version {version}); nothing to import.",
    },
    "sync_reenrolled": {
        "zh": "这台电脑已改用新的设备编号和密钥（指纹 {fingerprint}）。请把新的登记文件带到区征收办登记，并在中心停用旧编号 {old}。",
        "en": "This computer now has a new device id and keys (fingerprint {fingerprint}). Take its new enrolment file to the district office, and revoke the old id {old} at the hub.",
    },
    "sync_resolved": {
        "zh": "已处理冲突：{record} 的“{field}”现在是 {value}。",
        "en": "Conflict resolved: “{field}” of {record} is now {value}.",
    },
    "sync_no_conflicts": {
        "zh": "没有待处理的冲突。",
        "en": "There are no conflicts to resolve.",
    },
    "sync_choice_index": {
        "zh": "请从 #1 到 #{count} 中选择一个值，或直接输入新值。",
        "en": "Choose a value from #1 to #{count}, or type a new one.",
    },
    "sync_import_hub_first": {
        "zh": "这台电脑重新登记后，请先导入区征收办发来的同步包，再导出。",
        "en": "After re-enrolling this computer, import the district office's bundle first, then export.",
    },
    "sync_hub_reenrol": {
        "zh": "中心电脑不能重新登记（所有笔记本都信任它的密钥）；请从最新的备份恢复中心电脑的数据。",
        "en": "The hub cannot be re-enrolled (every laptop trusts its keys); restore the hub's data from its newest backup instead.",
    },
    "sync_value_empty": {
        "zh": "（空）",
        "en": "(empty)",
    },
    "sync_record_deleted": {
        "zh": "删除了这条记录",
        "en": "deleted the record",
    },
    "sync_kind_event": {
        "zh": "操作记录",
        "en": "audit entries",
    },
}
