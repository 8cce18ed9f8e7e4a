"""Dialogs of the resettlement and dispatch pages: the records behind a dashboard number, issuing
and redeeming house tickets, allocating a flat."""
