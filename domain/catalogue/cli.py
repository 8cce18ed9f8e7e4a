"""User-facing sentences of the command line (cli/, main.py) and the demo data set.

Headings and short labels of the CLI's printed tables live here too, so `--lang en` changes
every word a person reads, not only the refusals.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- refusals -------------------------------------------------------------------------
    "cli_bad_arguments": {
        "zh": "命令参数有误：{detail}；可用“{command} --help”查看用法。",
        "en": "Wrong arguments: {detail}; see “{command} --help” for usage.",
    },
    "cli_db_missing": {
        "zh": "找不到数据库“{path}”；请先运行“init”建立本机档案，或用 --db 指定已有的数据库。",
        "en": "The database “{path}” does not exist; run “init” first, or name an existing one with --db.",
    },
    "cli_no_assignments": {
        "zh": "请至少给出一项“字段=值”。",
        "en": "Give at least one field=value.",
    },
    "cli_member_format": {
        "zh": "家庭成员“{text}”的格式不对，应写成 姓名=王芳;与户主关系=配偶。",
        "en": "The member “{text}” is not in the form name=Wang Fang;relation=spouse.",
    },
    "cli_household_or_project": {
        "zh": "请用 --household 指定住户，或用 --project 指定项目。",
        "en": "Name a household with --household or a project with --project.",
    },
    "cli_project_ambiguous": {
        "zh": "项目“{project}”对应多个项目，请输入项目编号或更长的编号。",
        "en": "“{project}” matches more than one project; give its code or more of its id.",
    },
    "cli_not_a_file": {
        "zh": "“{path}”不是文件。",
        "en": "“{path}” is not a file.",
    },
    "cli_bug": {
        "zh": "程序内部出错（这不是您的操作问题），详细信息已写入日志文件 {path}。",
        "en": "Doorstep hit an internal error (not something you did); the details are in {path}.",
    },
    "cli_interrupted": {
        "zh": "已中断；已完成的部分已保存。",
        "en": "Interrupted; the parts already finished are saved.",
    },
    "cli_no_display": {
        "zh": "没有可用的图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY），无法打开窗口；"
        "可用“./doorstep --help”使用命令行，或用“xvfb-run -a ./doorstep”在虚拟显示中运行。",
        "en": "There is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset), so no window "
        "can open; use the command line with “./doorstep --help”, or run "
        "“xvfb-run -a ./doorstep” on a virtual display.",
    },
    "cli_no_gui": {
        "zh": "此版本未包含图形界面（找不到 ui/app.py）；可用“./doorstep --help”使用命令行。",
        "en": "This build has no graphical interface (ui/app.py is missing); use the command line "
        "with “./doorstep --help”.",
    },
    "cli_gui_libraries": {
        "zh": "图形界面无法启动，缺少系统库（{detail}）；请用“./doorstep”启动（会自动安装），"
        "或用“./doorstep --help”使用命令行。",
        "en": "The window cannot start because a system library is missing ({detail}); start it "
        "with “./doorstep” (which installs them), or use the command line: “./doorstep --help”.",
    },
    "demo_not_empty": {
        "zh": "数据库里已经有住户，演示数据只能载入空数据库；请用 --db 指定一个新文件。",
        "en": "The database already holds households; demo data can only go into an empty "
        "database, so name a new file with --db.",
    },
    # --- what the commands print ---------------------------------------------------------
    "cli_init_done": {
        "zh": "已建立本机档案：{caseworker}（{district}{sub_district}），本机名称“{device_name}”，"
        "角色：{role}。数据库：{path}",
        "en": "Profile created: {caseworker} ({district} {sub_district}), computer “{device_name}”, "
        "role: {role}. Database: {path}",
    },
    "cli_demo_progress": {
        "zh": "正在载入演示数据：{done}/{total} 户",
        "en": "Loading demo data: {done}/{total} households",
    },
    "cli_demo_done": {
        "zh": "已载入演示数据：{projects} 个项目、{households} 户（其中企业 {enterprises} 家）、"
        "{members} 名家庭成员、{visits} 次走访、{requests} 条诉求（超期 {overdue} 条），用时 {seconds} 秒。",
        "en": "Demo data loaded: {projects} projects, {households} households ({enterprises} "
        "enterprises), {members} members, {visits} visits, {requests} requests ({overdue} "
        "overdue) in {seconds} s.",
    },
    "cli_created": {
        "zh": "已新建{entity}，编号 {short_id}。",
        "en": "Added the {entity}; its id is {short_id}.",
    },
    "cli_updated": {
        "zh": "已修改{entity} {short_id} 的 {count} 项。",
        "en": "Changed {count} item(s) of {entity} {short_id}.",
    },
    "cli_unchanged": {
        "zh": "没有需要修改的内容。",
        "en": "Nothing to change.",
    },
    "cli_progress_added": {
        "zh": "已添加办理进展：{text}",
        "en": "Progress entry added: {text}",
    },
    "cli_attached": {
        "zh": "已给记录 {record} 添加附件“{name}”（{size} 字节），附件编号 {short_id}。",
        "en": "Attached “{name}” ({size} bytes) to record {record}; the attachment id is {short_id}.",
    },
    "cli_found_none": {
        "zh": "没有找到与“{query}”相符的住户。",
        "en": "No household matches “{query}”.",
    },
    "cli_list_empty": {
        "zh": "没有符合条件的住户（共 {total} 户）。",
        "en": "No households to show (total {total}).",
    },
    "cli_list_footer": {
        "zh": "共 {total} 户，显示第 {first}–{last} 户。",
        "en": "{total} households; showing {first}–{last}.",
    },
    "cli_count": {
        "zh": "共 {count} 条。",
        "en": "{count} in all.",
    },
    "cli_none": {
        "zh": "（无）",
        "en": "(none)",
    },
    "cli_more": {
        "zh": "……另有 {count} 条，用 --json 查看全部。",
        "en": "… {count} more; use --json to see them all.",
    },
    "cli_history_fields": {
        "zh": "{count} 项",
        "en": "{count} fields",
    },
    "cli_masked_note": {
        "zh": "身份证号、电话已脱敏；加 --reveal 显示完整号码（查看会被记录）。",
        "en": "ID and phone numbers are masked; add --reveal to show them in full (the viewing is logged).",
    },
    "cli_stats_visits_due": {
        "zh": "走访已过期（应走访日期已过）的住户：{count} 户。",
        "en": "Households whose next visit is overdue: {count}.",
    },
}
