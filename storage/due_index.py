"""Indexes of what falls due (migration 9), for the Today page (今日待办) at 100 000 households.

- Open requests by deadline: a partial index holding only live, not-closed requests, with the
  columns the Today counts group by, so "open and due by the day after tomorrow" is a range of
  one small index instead of a scan of every request (most of them closed long ago).
- The list index's households by next-visit date with caseworker, sub-district, state and
  project, so the due visits per caseworker are counted from the index alone, and who works
  in which project is read from it without the rows.
- Live households by project, state and vacated date: the projects' figures behind their
  statutory warnings (services/projects.py counts unsigned and not vacated households per
  project) come from this small index instead of every household's row. Since migration 13
  the households' reference index by project holds these columns (storage/schema.py,
  REF_INDEX_COLUMNS) and this one is dropped.

Queries use them only when their WHERE repeats the partial index's terms as written here
(services/today.py: `r._deleted = 0 AND coalesce(r.status, 'open') != 'closed'`).
"""

from __future__ import annotations

import sqlite3

OPEN_REQUESTS = "_deleted = 0 AND coalesce(status, 'open') != 'closed'"
INDEXES = (
    "CREATE INDEX IF NOT EXISTS requests_open_deadline"
    " ON requests (deadline, household_id, responsible, project_id)"
    f" WHERE {OPEN_REQUESTS}",
    "CREATE INDEX IF NOT EXISTS households_progress"
    " ON households (project_id, state, vacated_on) WHERE _deleted = 0",
    "CREATE INDEX IF NOT EXISTS household_summary_due_by"
    " ON household_summary (next_visit_due, caseworker, sub_district, state, project_id)",
)


def create(conn: sqlite3.Connection) -> None:
    for statement in INDEXES:
        conn.execute(statement)
