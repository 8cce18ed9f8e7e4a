"""Every number that bounds what a bundle file can make this program do, in one place.

A bundle arrives on a USB stick from outside, so each limit below is checked *before* the work it
bounds (reading, parsing, key derivation, decryption), never after.
"""

from __future__ import annotations

from storage.kdf import (
    ARGON2_MAX_ITERATIONS as ARGON2_MAX_ITERATIONS,
)
from storage.kdf import (
    ARGON2_MAX_LANES as ARGON2_MAX_LANES,
)
from storage.kdf import (
    ARGON2_MAX_MEMORY_KIB as ARGON2_MAX_MEMORY_KIB,
)
from storage.kdf import (
    SCRYPT_LOG_N_DEFAULT as SCRYPT_LOG_N_DEFAULT,
)
from storage.kdf import (
    SCRYPT_LOG_N_MAX as SCRYPT_LOG_N_MAX,
)
from storage.kdf import (
    SCRYPT_LOG_N_MIN as SCRYPT_LOG_N_MIN,
)

# The layout of the fixed part and header. A reader refuses a larger number with "made by a
# newer version"; bump it only for a change an old reader cannot read.
# 1: the first format (kept readable). 2: the payload is zstd-compressed before encryption, ops
# travel in batches of arrays, and the header names the program version that wrote it.
FORMAT_VERSION = 2
OLDEST_FORMAT_VERSION = 1

# The payload semantics (container framing, manifest and op fields) this program understands.
# A writer sets `min_reader_version` in the header to the lowest reader that can use its payload.
READER_VERSION = 2

# FAT32, the usual file system on USB sticks, cannot hold a file of 4 GiB or more; a bundle that
# could not have been copied on a stick is refused before anything is read.
MAX_BUNDLE_BYTES = 4 * 1024**3 - 1

MAX_HEADER_BYTES = 64 * 1024
MAX_RECIPIENTS = 16

DEFAULT_CHUNK_SIZE = 64 * 1024
# Tests craft many-chunk bundles with tiny chunks; a reader accepts any size in this range.
MIN_CHUNK_SIZE = 16
MAX_CHUNK_SIZE = 1024 * 1024

# Nesting deeper than this is never written by Doorstep; it only serves to exhaust the parser.
MAX_JSON_DEPTH = 32

# The decrypted payload container (sync/payload.py).
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_OP_BYTES = 1024 * 1024
MAX_OP_BATCH_BYTES = 4 * 1024 * 1024  # one record of many ops (format 2); one op always fits

# Compression (format 2). The header states the payload's unpacked size; the reader refuses a
# size over this limit before decrypting anything and never unpacks a byte more than stated, so
# a small bundle that would unpack to gigabytes (a "zip bomb") costs nothing. Photos barely
# compress and ops about 9-fold, so a real bundle that fits a stick unpacks to far less.
MAX_UNPACKED_BYTES = 8 * 1024**3
# zstd level, chosen by measurement (bench/results/sync.md: level, size, export and import time).
COMPRESSION_LEVEL = 1
# The decompressor's window (its memory) is capped; the writer's levels stay far below it.
MAX_ZSTD_WINDOW = 8 * 1024 * 1024
MAX_ATTACHMENTS = 200_000
MAX_ATTACHMENT_BYTES = 500 * 1024 * 1024  # the same cap as storage/attachments.py

# Passphrase recipient (emergency bundles): scrypt with r=8, p=1 and n = 2**log_n. 2**17 costs
# 128 MiB and about half a second on a field laptop; the reader's range stops a crafted header
# from asking for gigabytes of memory. Writers below the default exist only for fast tests.
# (The scrypt and Argon2 bounds live with the key derivation in storage/kdf.py.)
MIN_PASSPHRASE_CHARS = 10

# Device key file (sync/keys.py): Argon2id bounds accepted when loading, so a tampered file cannot
# ask for unbounded memory or time before the password is even checked.
MAX_KEY_FILE_BYTES = 64 * 1024
