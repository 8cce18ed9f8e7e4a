"""The desktop GUI (PySide6): windows, pages, Qt models, background tasks and translations.

Nothing below ui/ imports Qt; ui/ never issues SQL, it calls services/ (architecture.md).
"""
