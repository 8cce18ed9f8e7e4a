"""Atomic file writes live in storage/atomic.py (the database key file needs them too); this
name stays for the sync modules that import it."""

from storage.atomic import atomic_write_bytes, atomic_writer, fsync_dir, temp_name_for

__all__ = ["atomic_write_bytes", "atomic_writer", "fsync_dir", "temp_name_for"]
