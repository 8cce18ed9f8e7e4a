"""SQLite storage: connections, schema and migrations, the op log and its materialised tables."""
