"""The release a process runs: part of every cache key, so that a deploy never serves what an
older release kept (a page from an old template, a value of an old shape)."""

import hashlib
import os
from pathlib import Path

# What a release is made of: code, templates, translations and static files. Anything else under
# the project (media, backups, virtualenvs, collected static files, tests) does not change a page.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".json", ".svg"}
SKIPPED_FOLDERS = {"media", "backups", "collected-static", "node_modules", "test-artifacts", "tests", "bench"}


def code_fingerprint(root):
    """A short hash of every source file's path and content below `root`: it changes with any edit."""
    digest = hashlib.sha256()
    root = Path(root)
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name not in SKIPPED_FOLDERS)
        for name in sorted(files):
            path = Path(folder, name)
            if path.suffix in SOURCE_SUFFIXES:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def release_id(root, environ=os.environ):
    """RELEASE_ID from the environment (a build's commit or image tag), else the code's fingerprint."""
    return environ.get("RELEASE_ID", "").strip() or code_fingerprint(root)
