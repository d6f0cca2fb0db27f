"""A real FAT32 file system in an image file, written and read with mtools (no mount, no root):
what a USB stick holds, to check that a stick layout survives FAT32's rules."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ENV = {**os.environ, "MTOOLS_SKIP_CHECK": "1", "MTOOLS_NO_VFAT": "", "LC_ALL": "C.UTF-8"}


def available() -> bool:
    return all(shutil.which(t) for t in ("mkfs.fat", "mcopy", "mdir", "minfo", "mdel"))


class FatImage:
    def __init__(self, path: Path, size_mib: int = 64) -> None:
        self.path = Path(path)
        subprocess.run(["mkfs.fat", "-F", "32", "-n", "CC2STICK", "-C", str(self.path), str(size_mib * 1024)],
                       check=True, capture_output=True, env=ENV)

    def _run(self, *args: str) -> str:
        r = subprocess.run(list(args), capture_output=True, text=True, env=ENV)
        if r.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {r.stderr.strip() or r.stdout.strip()}")
        return r.stdout

    def put_tree(self, folder: Path) -> None:
        """Copy a folder's contents to the image's root (names, case, sizes as FAT keeps them)."""
        items = sorted(str(p) for p in Path(folder).iterdir())
        if items:
            self._run("mcopy", "-i", str(self.path), "-s", "-p", "-m", "-Q", "-o", *items, "::/")

    def get_tree(self, dest: Path) -> Path:
        """Copy everything on the image into ``dest`` (what another PC sees of the stick)."""
        Path(dest).mkdir(parents=True, exist_ok=True)
        self._run("mcopy", "-i", str(self.path), "-s", "-p", "-m", "-Q", "-n", "::/*", str(dest))
        return Path(dest)

    def write(self, rel: str, data: bytes, scratch: Path) -> None:
        """Overwrite one file on the image (damage, or a repaired copy)."""
        tmp = Path(scratch) / Path(rel).name
        tmp.write_bytes(data)
        self._run("mcopy", "-i", str(self.path), "-o", "-Q", str(tmp), "::/" + rel)
        tmp.unlink()

    def read(self, rel: str) -> bytes:
        r = subprocess.run(["mtype", "-i", str(self.path), "::/" + rel], capture_output=True, env=ENV)
        if r.returncode != 0:
            raise FileNotFoundError(rel)
        return r.stdout

    def delete(self, rel: str) -> None:
        self._run("mdel", "-i", str(self.path), "::/" + rel)

    def free_bytes(self) -> int:
        out = self._run("mdir", "-i", str(self.path), "::/")
        m = re.search(r"([\d ]+) bytes free", out)
        assert m, out
        return int(m.group(1).replace(" ", ""))

    def cluster_bytes(self) -> int:
        out = self._run("minfo", "-i", str(self.path))
        spc = int(re.search(r"cluster size: (\d+) sector", out).group(1))
        bps = int(re.search(r"sector size: (\d+) bytes", out).group(1))
        return spc * bps
