"""English and Finnish ship complete: every string in the code has a Finnish translation.

The catalogue is extracted afresh from a copy of the source tree and compared with the one in
the repository, so a new string without a translation fails here, not in front of a member.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = Path("talkoot/locale/fi/LC_MESSAGES/django.po")


def _entries(po_text: str) -> dict[tuple[str, str], tuple[str, bool]]:
    """msgctxt+msgid -> (msgstr joined, fuzzy) for every non-obsolete entry."""
    entries = {}
    for block in po_text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid", "") == "":
            continue  # the header
        translations = [value for key, value in fields.items() if key.startswith("msgstr")]
        entries[(fields.get("msgctxt", ""), fields["msgid"])] = ("\x00".join(translations), fuzzy)
    return entries


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> str:
    if shutil.which("msgfmt") is None or shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("source")
    for name in ("config", "talkoot", "manage.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, copy / name)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "-l", "fi", "--no-obsolete", "--no-location"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "DJANGO_ENV": "development", "PYTHONPATH": str(copy)},
    )
    assert result.returncode == 0, result.stderr
    return (copy / CATALOGUE).read_text(encoding="utf-8")


def test_catalogue_in_repository_is_up_to_date(fresh_catalogue):
    committed = _entries((ROOT / CATALOGUE).read_text(encoding="utf-8"))
    fresh = _entries(fresh_catalogue)
    missing = sorted(msgid for (_ctx, msgid) in set(fresh) - set(committed))
    assert not missing, f"strings missing from {CATALOGUE} (run `make translations`): {missing[:20]}"


def test_every_finnish_string_is_translated():
    entries = _entries((ROOT / CATALOGUE).read_text(encoding="utf-8"))
    untranslated = [msgid for (_ctx, msgid), (msgstr, fuzzy) in entries.items() if fuzzy or not msgstr.strip("\x00")]
    assert not untranslated, f"{len(untranslated)} Finnish strings lack a translation: {untranslated[:20]}"
