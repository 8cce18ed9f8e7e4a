"""Message catalogues, one module per area (see domain/messages.py)."""
