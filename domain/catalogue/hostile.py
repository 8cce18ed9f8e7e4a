"""Sentences for input a careless user, a badly set terminal or a locked-down medium gives:
bytes that are not text, a folder named as the database, read-only media, an empty file, an
interrupted demo load, a value too small to measure, an enrolment without its fingerprint."""

MESSAGES: dict[str, dict[str, str]] = {
    "text_not_utf8": {
        "zh": "“{text}”含有不是 UTF-8 文字的字节（终端或脚本可能用的是 GBK 编码）；请把终端设为 UTF-8 后重新输入。",
        "en": "“{text}” holds bytes that are not UTF-8 text (the terminal or script may use GBK); set the terminal to UTF-8 and type it again.",
    },
    "field_not_utf8": {
        "zh": "{field}含有不是 UTF-8 文字的字节（终端或脚本可能用的是 GBK 编码）；请把终端设为 UTF-8 后重新输入。",
        "en": "{field} holds bytes that are not UTF-8 text (the terminal or script may use GBK); set the terminal to UTF-8 and type it again.",
    },
    "db_is_folder": {
        "zh": "“{path}”是一个文件夹，不是数据库文件；请用 --db 指定数据库文件本身。",
        "en": "“{path}” is a folder, not a database file; name the database file itself with --db.",
    },
    "db_read_only": {
        "zh": "数据库“{path}”所在的介质是只读的（写保护的 U 盘或只读共享），只能查看，不能修改。",
        "en": "The database “{path}” is on read-only media (a write-protected stick or a read-only share): it can be read but not changed.",
    },
    "db_read_only_upgrade": {
        "zh": "数据库“{path}”需要升级才能打开，但所在的介质是只读的；请先把它复制到可写的位置。",
        "en": "The database “{path}” needs an upgrade before it can be opened, but its medium is read-only; copy it somewhere writable first.",
    },
    "db_empty_file": {
        "zh": "文件“{path}”是空的，还不是入户通数据库；只有“init”会建立数据库。",
        "en": "The file “{path}” is empty and not yet a Doorstep database; only “init” creates one.",
    },
    "demo_resumed": {
        "zh": "已继续载入中断的演示数据：{projects} 个项目、{households} 户（其中企业 {enterprises} 家）、{members} 名家庭成员、{visits} 次走访、{requests} 条诉求（超期 {overdue} 条），用时 {seconds} 秒。",
        "en": "The interrupted demo load was finished: {projects} projects, {households} households ({enterprises} enterprises), {members} members, {visits} visits, {requests} requests ({overdue} overdue), in {seconds} s.",
    },
    "area_too_small": {
        "zh": "{field}太小，无法测量：应为 0 或不小于 {low}。",
        "en": "{field} is too small to measure: it must be 0 or at least {low}.",
    },
    "enrol_fingerprint_required": {
        "zh": '登记文件的指纹是 {found}：请与对方屏幕上显示的指纹核对，一致时加上 --fingerprint "{found}" 再运行一次（未登记）。',
        "en": 'The enrolment file\'s fingerprint is {found}: compare it with the one on the other screen and, only if they match, run again with --fingerprint "{found}" (nothing was enrolled).',
    },
    "enrol_confirm_prompt": {
        "zh": "登记文件的指纹是 {found}。与对方屏幕上显示的一致吗？一致请输入 是：",
        "en": "The enrolment file's fingerprint is {found}. Does it match the other screen? Type yes if it does: ",
    },
    "enrol_not_confirmed": {
        "zh": "指纹未确认，未登记。",
        "en": "The fingerprint was not confirmed, so nothing was enrolled.",
    },
}
