"""Every sentence a person can read from below ui/, in Simplified Chinese and English.

Each area keeps its sentences in its own module under domain/catalogue; this merges them and
refuses a code defined twice. tests/domain/test_messages.py checks both languages carry the same
placeholders.
"""

from __future__ import annotations

from domain.catalogue import (
    bundle_format,
    casework,
    cli,
    compensation,
    core,
    documents,
    grid,
    hostile,
    household_file,
    media,
    opening,
    pool_scope,
    print_forms,
    reports,
    resettlement,
    scope,
    security,
    sync,
    validation,
    workspace_close,
    xlsx,
)

Catalogue = dict[str, dict[str, str]]


def _merge(*parts: Catalogue) -> Catalogue:
    merged: Catalogue = {}
    for part in parts:
        for code, texts in part.items():
            if code in merged:
                raise ValueError(f"message code {code!r} defined twice")
            merged[code] = texts
    return merged


MESSAGES: Catalogue = _merge(
    core.MESSAGES,
    validation.MESSAGES,
    sync.MESSAGES,
    bundle_format.MESSAGES,
    reports.MESSAGES,
    resettlement.MESSAGES,
    cli.MESSAGES,
    documents.MESSAGES,
    casework.MESSAGES,
    print_forms.MESSAGES,
    compensation.MESSAGES,
    security.MESSAGES,
    grid.MESSAGES,
    xlsx.MESSAGES,
    opening.MESSAGES,
    scope.MESSAGES,
    hostile.MESSAGES,
    workspace_close.MESSAGES,
    pool_scope.MESSAGES,
    household_file.MESSAGES,
    media.MESSAGES,
)
