"""Compile the GUI's translations: resources/translations/*.ts -> *.qm (pyside6-lrelease).

python scripts/build_translations.py            # compile (the setup and the tests do this)
python scripts/build_translations.py --update   # first re-extract strings from ui/ (lupdate)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ui.i18n import build_translations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="refresh the .ts files from ui/")
    args = parser.parse_args()
    for path in build_translations(update_sources=args.update):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
