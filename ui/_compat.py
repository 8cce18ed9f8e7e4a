"""Work around a reference-counting bug of PySide6 6.12.0 on Python 3.11.

PySide6 6.12's abi3 wheels hand back None from every void method (setText, update,
processEvents, …) and True from every signal emit without taking a new reference. On Python 3.12
and later these objects are immortal and nothing happens; on 3.11 each such call lowers their
reference count by one, and after a few thousand calls CPython aborts the whole process with
"Fatal Python error: none_dealloc" (or bool_dealloc). We give None, True and False a reference
count so large that no run of the program can use it up, which is what 3.12 does for them.
(Measured: 100 calls of QLabel.setText lower None's count by 100; a running window makes
hundreds of such calls a second.) Remove this once the project runs on 3.12+ or a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40


def pin_singletons() -> None:
    if sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field
        if count.value < RESERVE:
            count.value += RESERVE
