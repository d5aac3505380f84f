"""Compile the translation catalogs (.po to .mo) with Babel, so no GNU gettext is needed.

Run by ``make`` and by the test settings; the .mo files are build output, not kept in git.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parent


def catalogs(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The project's .po files: ``locale/`` and each app's own ``<app>/locale/``."""
    return sorted(package_dir.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_catalogs(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Write every stale .mo beside its .po; return those written."""
    written = []
    for po_path in catalogs(package_dir):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogs():
        print(f"compiled {path.relative_to(PACKAGE_DIR)}")
