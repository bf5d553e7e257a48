"""Outputs written whole or not at all.

Each output goes to a temporary file in the same folder, is flushed to disk, and is then
renamed over the target. After a full disk, a read-only folder or Ctrl-C, the previous
output is intact and no partial or temporary file remains.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replace_file(path: Path):
    """Yield a temporary path beside `path`; rename it into place when the block succeeds."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent or "."))
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to `path` atomically."""
    with replace_file(path) as tmp:
        tmp.write_bytes(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
