"""Fixtures of the sync tests: a district of enrolled computers (tests/sync/sync_kit.py), and
cheap key-file derivation for every test here."""

from tests.sync.sync_kit import district, fast_kdf

__all__ = ["district", "fast_kdf"]
