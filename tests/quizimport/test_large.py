"""A 50 MB Moodle export (five 7.5 MB images in base64) imports with its images streamed to disk: the
import's peak memory grows far less than one encoded image, let alone two copies of one."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMAGE_BYTES = 7_500_000
PROBE = """
import json, resource, sys
from cc2desktop.core.quizimport import import_file
r = import_file(sys.argv[1], sys.argv[2])
print(json.dumps({"imported": r.imported, "images": r.images,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _write_export(path: Path, images: int) -> list[str]:
    digests = []
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
        for i in range(images):
            data = b"\x89PNG\r\n\x1a\n" + os.urandom(IMAGE_BYTES)
            digests.append(hashlib.sha256(data).hexdigest())
            fh.write(f'<question type="truefalse"><name><text>Image {i}</text></name>'
                     f'<questiontext format="html"><text><![CDATA[<p>Photo n°{i} : vrai ?</p>'
                     f'<img src="@@PLUGINFILE@@/photo{i}.png">]]></text>'
                     f'<file name="photo{i}.png" path="/" encoding="base64">')
            b64 = base64.b64encode(data).decode("ascii")
            for k in range(0, len(b64), 1 << 20):  # written in pieces: the test itself stays small too
                fh.write(b64[k:k + (1 << 20)])
            del b64, data
            fh.write('</file></questiontext><answer fraction="100"><text>true</text></answer>'
                     '<answer fraction="0"><text>false</text></answer></question>\n')
        fh.write("</quiz>\n")
    return digests


def _run(src: Path, out: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", PROBE, str(src), str(out)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_fifty_megabyte_export_streams_its_images(tmp_path):
    small = tmp_path / "small.xml"
    _write_export(small, 1)
    big = tmp_path / "big.xml"
    digests = _write_export(big, 5)
    assert big.stat().st_size > 50_000_000
    base = _run(small, tmp_path / "o1")
    got = _run(big, tmp_path / "o2")
    assert got["imported"] == 5 and got["images"] == 5
    names = sorted(p.name for p in (tmp_path / "o2" / "images").iterdir())
    assert names == sorted(f"{d[:24]}.png" for d in digests)
    grown_mb = (got["maxrss_kb"] - base["maxrss_kb"]) / 1024
    encoded_mb = len(base64.b64encode(b"x" * IMAGE_BYTES)) / (1024 * 1024)
    print(f"peak memory: one image {base['maxrss_kb'] / 1024:.1f} MB, five images {got['maxrss_kb'] / 1024:.1f} MB "
          f"(+{grown_mb:.1f} MB; one encoded image is {encoded_mb:.1f} MB)")
    assert grown_mb < encoded_mb / 2
