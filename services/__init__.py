"""Use cases shared by the GUI and the CLI; each write is one transaction through the op log."""
