"""The headless command line: `python main.py <command> ...` (never imports Qt).

Thin by design: parse the arguments, call services/, print, return an exit code. The GUI calls the
same service functions, so both say the same thing and enforce the same rules.

Exit codes: 0 success; 2 bad input or a refusal (a UserError: one sentence on stderr, in the
language of --lang); 1 only for bugs (the traceback goes to a log file in the data directory's
logs/ folder, one line on stderr names it).

Adding commands (how each area plugs in)
----------------------------------------
Every module in this package that defines ``register(commands)`` is found by cli.main at start-up
(pkgutil over cli/, sorted by the module's ``ORDER`` number, then its name) and adds its own
sub-commands. No central list to edit: the sync area adds ``cli/sync_commands.py``, reports add
``cli/report_commands.py``, and so on. A module looks like this::

    \"\"\"Sync commands: device init, enrol, export-bundle, import-bundle.\"\"\"
    from cli.base import Context, Subparsers, add_group, add_command

    ORDER = 60  # place in `--help`; the core commands use 10-50

    def register(commands: Subparsers) -> None:
        device = add_group(commands, "device", "本机密钥与登记")
        cmd = add_command(device, "init", _device_init, "为本机生成密钥")
        cmd.add_argument("--passphrase-file")
        add_command(commands, "export-bundle", _export, "导出同步包").add_argument("path")

    def _device_init(ctx: Context, args: argparse.Namespace) -> int | None:
        ws = ctx.workspace()          # opened from --db, profile required
        result = some_service(ws, ...)
        ctx.emit({"fingerprint": result}, lambda: f"本机密钥指纹：{result}")
        return 0                      # None also means 0

Rules for handlers: raise domain.errors.UserError for anything the person can fix (cli.main
turns it into exit 2 and one sentence); never print tracebacks; print through ``ctx.emit`` so
``--json`` gives machine-readable output (a JSON object on stdout) and the human form is the
text; put sentences in domain/catalogue and render them with ``cli.base.t``; mask ID and phone
numbers with cli.output helpers (domain.privacy). Modules named ``base``, ``main``, ``output``
and ``args``, and those starting with ``_``, are infrastructure and are not scanned.
PyInstaller builds must include the package's modules (``collect_submodules("cli")``).
"""
