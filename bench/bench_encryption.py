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
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
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


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)


def count_ops(encrypted: Path) -> int:
    from services.workspace import Workspace

    with Workspace.open(encrypted, password=PASSWORD) as ws:
        return ws.read(lambda d: int(d.conn.execute("SELECT count(*) FROM ops").fetchone()[0]))


@dataclass
class SearchFigures:
    label: str
    wall_ms: dict[str, float]  # "enc" / "plain" -> median wall time
    cpu_ms: dict[str, float]  # median CPU time of the searching thread
    pages: dict[str, float]  # median pages read from the file (not found in SQLite's cache)
    disk_pages: dict[str, float]  # mean pages the OS read from the disk (not in its cache)
    hits: int


def _bytes_read() -> tuple[int, int]:
    """(bytes this process has read from files, of them from the disk) so far (Linux; zeros
    elsewhere): a page SQLite does not find in its own cache is read (and, encrypted, decrypted
    and checked), from the OS cache or, when the OS has dropped it, from the disk."""
    found = {"rchar": 0, "read_bytes": 0}
    try:
        with open("/proc/self/io", encoding="ascii") as handle:
            for line in handle:
                name, _, value = line.partition(":")
                if name in found:
                    found[name] = int(value)
    except OSError:
        pass
    return found["rchar"], found["read_bytes"]


def _into_os_cache(path: Path) -> None:
    """Read the whole file once, so both stores start with their pages in the OS cache."""
    with path.open("rb") as handle:
        while handle.read(1 << 20):
            pass


def search_medians(
    encrypted: Path, plain: Path, samples: int, seed: int, passes: int = 3
) -> list[SearchFigures]:
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
    for path in (encrypted, plain):
        _into_os_cache(path)
    try:
        # Warm both alike (pypinyin, the page caches): a caseworker's app is long-lived.
        for ws in (ws_enc, ws_plain):
            for _, queries in kinds:
                for q in queries:
                    households.find(ws, q, limit=50)
        wall: dict[tuple[str, str], list[float]] = {}
        cpu: dict[tuple[str, str], list[float]] = {}
        pages: dict[tuple[str, str], list[float]] = {}
        disk: dict[tuple[str, str], list[float]] = {}
        hits: dict[str, list[int]] = {}
        # Several passes over every kind (so a query comes back only after all the others, as
        # in the warm-up: the page cache is in the same state each time), the store that goes
        # first alternating: bursts of other work on the shared cores then hit both alike.
        turn = 0
        for _ in range(passes):
            for label, queries in kinds:
                for q in queries:
                    order = [("enc", ws_enc), ("plain", ws_plain)]
                    for key, ws in order if turn % 2 == 0 else order[::-1]:
                        read, c, t = _bytes_read(), time.thread_time(), time.perf_counter()
                        found = households.find(ws, q, limit=50)  # runs on this thread
                        wall.setdefault((label, key), []).append((time.perf_counter() - t) * 1000)
                        cpu.setdefault((label, key), []).append((time.thread_time() - c) * 1000)
                        after = _bytes_read()
                        pages.setdefault((label, key), []).append((after[0] - read[0]) / 4096)
                        disk.setdefault((label, key), []).append((after[1] - read[1]) / 4096)
                    hits.setdefault(label, []).append(len(found))
                    turn += 1
        for label, _ in kinds:
            rows.append(
                SearchFigures(
                    label,
                    {k: statistics.median(wall[(label, k)]) for k in ("enc", "plain")},
                    {k: statistics.median(cpu[(label, k)]) for k in ("enc", "plain")},
                    {k: statistics.median(pages[(label, k)]) for k in ("enc", "plain")},
                    {k: statistics.fmean(disk[(label, k)]) for k in ("enc", "plain")},
                    int(statistics.median(hits[label])),
                )
            )
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
    from storage.db import READER_CACHE_KIB, SQLITE_VERSION

    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-encryption-"))
    encrypted, plain = folder / "enc" / "doorstep.db", folder / "plain" / "doorstep.db"
    load_before = os.getloadavg()[0]
    written: tuple[float, float] | None = None
    built = folder / "written.json"  # the write figures of the run that built the stores
    built_note = ""
    if args.reuse and encrypted.exists() and plain.exists():
        ops = count_ops(encrypted)
        print(f"reusing {folder} ({ops} ops each); searching ...", flush=True)
        if built.exists():
            facts = json.loads(built.read_text(encoding="utf-8"))
            written = facts["encrypted_s"], facts["plaintext_s"]
            built_note = f" (stores reused: the write row is from their build, {facts['date']})"
        else:
            built_note = " (stores of an earlier run: the write row is left out)"
    else:
        for store in (encrypted, plain):
            shutil.rmtree(store.parent, ignore_errors=True)
            store.parent.mkdir(parents=True)
        print(f"writing {args.households} households into both stores ...", flush=True)
        enc_s, plain_s, ops = fill(encrypted, plain, args.households, args.seed)
        written = enc_s, plain_s
        record = {"encrypted_s": enc_s, "plaintext_s": plain_s, "ops": ops}
        record["date"] = f"{dt.datetime.now():%Y-%m-%d %H:%M}"
        built.write_text(json.dumps(record), encoding="utf-8")
        print(f"{ops} ops each: {enc_s:.1f} s encrypted, {plain_s:.1f} s plaintext; searching ...")
    assert _head(plain) == b"SQLite format 3\x00"
    assert _head(encrypted) != b"SQLite format 3\x00"
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
        f"- data: {args.households:,} households with their members, {ops:,} ops{built_note}",
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
    lines += [
        f"| start-up: new process, open, read profile (median of 5) | {start_enc:.2f} s"
        f" | {start_plain:.2f} s | {start_enc / start_plain:.2f}× | ≤ 1.5 s |",
        f"| of which Argon2id key derivation (64 MiB, 3 passes, 4 lanes) | {kdf_s:.2f} s | | | |",
        "",
        f"Searches: {args.samples} queries of each kind drawn from the data, run on both stores"
        " in turn (which goes first alternating), 3 passes after a warm-up pass over all of them"
        " (a long-lived app); medians."
        " Budget ≤ 1.5× plaintext. Wall time suffers from the other work on the shared cores"
        " and from the disk where the OS dropped pages of a file from its cache (both files are"
        " read once first; other work on the machine then evicts them); CPU time is the"
        " searching thread's own work, which is what encryption adds to. Pages read: median"
        f" pages not found in SQLite's page cache ({READER_CACHE_KIB // 1024} MiB per reading"
        " connection), read from the file and,"
        " encrypted, decrypted and checked; of them from the disk: mean per search.",
        "",
        "| search | encrypted ms | plaintext ms | ratio | CPU encrypted ms | CPU plaintext ms"
        " | CPU ratio | pages read enc / plain | from disk enc / plain | hits |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in searches:
        lines.append(
            f"| {row.label} | {row.wall_ms['enc']:.2f} | {row.wall_ms['plain']:.2f}"
            f" | {row.wall_ms['enc'] / row.wall_ms['plain']:.2f}× | {row.cpu_ms['enc']:.2f}"
            f" | {row.cpu_ms['plain']:.2f} | {row.cpu_ms['enc'] / row.cpu_ms['plain']:.2f}×"
            f" | {row.pages['enc']:.0f} / {row.pages['plain']:.0f}"
            f" | {row.disk_pages['enc']:.1f} / {row.disk_pages['plain']:.1f} | {row.hits} |"
        )
    lines.append("")
    if args.dir is None:
        shutil.rmtree(folder, ignore_errors=True)
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
