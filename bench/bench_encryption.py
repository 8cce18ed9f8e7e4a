"""`python -m bench.bench_encryption --households 100000`: what encryption at rest costs, as
ratios against a plaintext store measured in the same run; prints a table, writes
bench/results/encryption.md.

What runs (same demo households, same order, same machine, one after the other):
- write: the demo households (with members) through the op log into an encrypted store and
  into a plaintext one (the same code with SQLCipher given no key — a benchmark-only switch,
  `plaintext_store`; the program itself has no way to open a database unencrypted). This is an
  import's write path (drafts -> ops -> apply_ops -> materialised tables and indexes); reported
  per 100 000 ops.
- search: the household finder's queries (2-character names, pinyin initials, full pinyin,
  address fragments, last 4 digits) drawn from the data, each run on both stores; medians.
- start-up: a new process opening the store and reading the profile, including the Argon2id key
  derivation with the production settings, against the same process opening the plaintext copy.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench password 2026"
TODAY = dt.date(2026, 11, 26)


@contextlib.contextmanager
def plaintext_store() -> Iterator[None]:
    """Benchmark baseline only: Store opens and creates files without a key (plain SQLite pages
    through the same driver), and attachments get a throwaway key."""
    import storage.store as store_module

    saved = (store_module._database_key, store_module.is_plaintext_sqlite)
    store_module._database_key = lambda path, password: None  # type: ignore[assignment,return-value]
    store_module.is_plaintext_sqlite = lambda path: False  # type: ignore[assignment]
    real_subkey = store_module.keyring.subkey
    store_module.keyring.subkey = lambda key, purpose: bytes(32)  # type: ignore[assignment]
    try:
        yield
    finally:
        store_module._database_key, store_module.is_plaintext_sqlite = saved
        store_module.keyring.subkey = real_subkey  # type: ignore[assignment]


def fill(encrypted: Path, plain: Path, households: int, seed: int) -> tuple[float, float, int]:
    """The demo households through the op log into both stores, batch by batch in lockstep
    (alternating which goes first), so that the shared machine's drift hits both alike.
    Returns (encrypted seconds, plaintext seconds, ops written to each)."""
    from bench.load import PROFILE
    from services import demo
    from services.workspace import Workspace

    generator = demo.DemoGenerator(
        households,
        seed=seed,
        today=TODAY,
        visits_per_household=0.0,
        requests_per_household=0.0,
        me=PROFILE.caseworker,
        my_sub_district=PROFILE.sub_district,
    )
    spent = {"enc": 0.0, "plain": 0.0}
    ws_enc = Workspace.open(encrypted, password=PASSWORD)
    with plaintext_store():
        ws_plain = Workspace.open(plain)
    order = [("enc", ws_enc), ("plain", ws_plain)]
    try:
        for _, ws in order:
            ws.init_profile(PROFILE)

        def write(records: list[Any]) -> None:
            for key, ws in order:
                t = time.perf_counter()
                ws.commit([demo.to_draft(ws, r) for r in records])
                spent[key] += time.perf_counter() - t
            order.reverse()

        write(generator.projects())
        pending: list[Any] = []
        for group in generator.households():
            pending += group
            if len(pending) >= demo.DEFAULT_BATCH_OPS:
                write(pending)
                pending = []
        if pending:
            write(pending)
        counts = [
            ws.read(lambda d: int(d.conn.execute("SELECT count(*) FROM ops").fetchone()[0]))
            for _, ws in order
        ]
        assert counts[0] == counts[1]
    finally:
        ws_enc.close()
        ws_plain.close()
    return spent["enc"], spent["plain"], counts[0]


def count_ops(encrypted: Path) -> int:
    from services.workspace import Workspace

    with Workspace.open(encrypted, password=PASSWORD) as ws:
        return ws.read(lambda d: int(d.conn.execute("SELECT count(*) FROM ops").fetchone()[0]))


def search_medians(
    encrypted: Path, plain: Path, samples: int, seed: int
) -> list[tuple[str, float, float]]:
    from bench.scenarios import pick_samples
    from services import households
    from services.workspace import Workspace

    picks = pick_samples(encrypted, samples, seed)
    kinds = [
        ("2-character name", picks.two_char_names),
        ("pinyin initials", picks.initials),
        ("full pinyin", picks.pinyin),
        ("address fragment", picks.addresses),
        ("last 4 digits", picks.tails),
    ]
    ws_enc = Workspace.open(encrypted, password=PASSWORD)
    with plaintext_store():
        ws_plain = Workspace.open(plain)
    rows = []
    try:
        # Warm both alike (pypinyin, the page caches): a caseworker's app is long-lived.
        for ws in (ws_enc, ws_plain):
            for _, queries in kinds:
                for q in queries:
                    households.find(ws, q, limit=50)
        for label, queries in kinds:
            times: dict[str, list[float]] = {"enc": [], "plain": []}
            for q in queries:
                for key, ws in (("enc", ws_enc), ("plain", ws_plain)):
                    t = time.perf_counter()
                    households.find(ws, q, limit=50)
                    times[key].append((time.perf_counter() - t) * 1000)
            rows.append((label, statistics.median(times["enc"]), statistics.median(times["plain"])))
    finally:
        ws_enc.close()
        ws_plain.close()
    return rows


STARTUP_CHILD = """
import time, sys
began = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
plain = {plain!r}
if plain:
    from bench.bench_encryption import plaintext_store
    context = plaintext_store()
else:
    import contextlib
    context = contextlib.nullcontext()
from services.workspace import Workspace
with context:
    ws = Workspace.open(Path({db!r}), password={password!r})
    ws.require_profile()
print("SECONDS", time.perf_counter() - began)
ws.close()
"""


def startup(db: Path, *, plain: bool, runs: int) -> float:
    found = []
    for _ in range(runs):
        script = STARTUP_CHILD.format(root=str(ROOT), db=str(db), plain=plain, password=PASSWORD)
        env = {k: v for k, v in os.environ.items() if k != "DOORSTEP_PASSWORD"}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        line = next(x for x in done.stdout.splitlines() if x.startswith("SECONDS"))
        found.append(float(line.split()[1]))
    return statistics.median(found)


def key_derivation_seconds(runs: int = 3) -> float:
    from storage.kdf import Argon2Params, argon2_key

    found = []
    for _ in range(runs):
        t = time.perf_counter()
        argon2_key(PASSWORD, os.urandom(16), Argon2Params())
        found.append(time.perf_counter() - t)
    return statistics.median(found)


def cipher_version() -> str:
    from storage.db import open_connection

    with tempfile.TemporaryDirectory() as folder:
        conn = open_connection(Path(folder) / "v.db", bytes(32))
        try:
            return str(conn.execute("PRAGMA cipher_version").fetchone()[0])
        finally:
            conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_encryption", description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=RESULTS / "encryption.md")
    parser.add_argument("--dir", type=Path, default=None, help="keep both stores here")
    parser.add_argument(
        "--reuse", action="store_true", help="search the stores of an earlier run in --dir again"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench import machine
    from storage.db import SQLITE_VERSION

    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-encryption-"))
    encrypted, plain = folder / "enc" / "doorstep.db", folder / "plain" / "doorstep.db"
    load_before = os.getloadavg()[0]
    written: tuple[float, float] | None = None
    if args.reuse and encrypted.exists() and plain.exists():
        ops = count_ops(encrypted)
        print(f"reusing {folder} ({ops} ops each); searching ...", flush=True)
    else:
        for store in (encrypted, plain):
            shutil.rmtree(store.parent, ignore_errors=True)
            store.parent.mkdir(parents=True)
        print(f"writing {args.households} households into both stores ...", flush=True)
        enc_s, plain_s, ops = fill(encrypted, plain, args.households, args.seed)
        written = enc_s, plain_s
        print(f"{ops} ops each: {enc_s:.1f} s encrypted, {plain_s:.1f} s plaintext; searching ...")
    assert plain.read_bytes()[:16] == b"SQLite format 3\x00"
    assert encrypted.read_bytes()[:16] != b"SQLite format 3\x00"
    searches = search_medians(encrypted, plain, args.samples, args.seed)
    print("start-up ...", flush=True)
    start_enc = startup(encrypted, plain=False, runs=5)
    start_plain = startup(plain, plain=True, runs=5)
    kdf_s = key_derivation_seconds()
    load_after = os.getloadavg()[0]

    per = 100_000 / ops
    facts = machine.describe()
    lines = [
        "# Encryption at rest: cost against plaintext, same run",
        "",
        f"- date: {dt.datetime.now():%Y-%m-%d %H:%M} (local)",
        f"- machine: {facts['nproc']} cores, {facts['cpu']}, {facts['ram']} RAM, {facts['os']}",
        f"- python {facts['python']}; SQLCipher {cipher_version()} on SQLite {SQLITE_VERSION}",
        f"- load average {load_before:.1f} before, {load_after:.1f} after (shared cores)",
        f"- command: `python -m bench.bench_encryption {' '.join(sys.argv[1:])}`".rstrip(),
        f"- data: {args.households:,} households with their members, {ops:,} ops"
        + ("" if written else " (stores of an earlier run: the write row is left out)"),
        "",
        "| scenario | encrypted | plaintext | ratio | budget |",
        "|---|---:|---:|---:|---|",
    ]
    if written:
        enc_s, plain_s = written
        lines.append(
            f"| write through the op log, per 100 000 ops | {enc_s * per:.1f} s"
            f" | {plain_s * per:.1f} s | {enc_s / plain_s:.2f}× | ≤ 1.3× |"
        )
    for label, enc_ms, plain_ms in searches:
        lines.append(
            f"| search median, {label} | {enc_ms:.1f} ms | {plain_ms:.1f} ms"
            f" | {enc_ms / plain_ms:.2f}× | ≤ 1.5× |"
        )
    lines += [
        f"| start-up: new process, open, read profile (median of 5) | {start_enc:.2f} s"
        f" | {start_plain:.2f} s | {start_enc / start_plain:.2f}× | ≤ 1.5 s |",
        f"| of which Argon2id key derivation (64 MiB, 3 passes, 4 lanes) | {kdf_s:.2f} s | | | |",
        "",
    ]
    if args.dir is None:
        shutil.rmtree(folder, ignore_errors=True)
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
