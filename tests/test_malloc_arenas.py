"""The app caps glibc's malloc arenas (``core.system.limit_malloc_arenas``): with the video playing its
threads reserved over 1 GiB of address space for ~200 MiB resident, and the old-PC profile (1 GiB of
address space) failed with std::bad_alloc. Measured here in real processes whose threads allocate."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from cc2desktop.core.system import limit_malloc_arenas

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's arenas")

PROBE = textwrap.dedent("""
    import sys, threading
    from cc2desktop.core.system import limit_malloc_arenas
    if sys.argv[1] == "capped":
        assert limit_malloc_arenas()
    ready, hold, kept = threading.Barrier(13), threading.Event(), []
    def work():
        kept.append([bytearray(50_000) for _ in range(20)])  # below mmap's threshold: from an arena
        ready.wait()
        hold.wait()
    threads = [threading.Thread(target=work) for _ in range(12)]
    for t in threads:
        t.start()
    ready.wait()
    vm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmSize:"))
    print(vm // 1024)
    hold.set()
    for t in threads:
        t.join()
""")


def _address_space_mib(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=60,
                         check=True)
    return int(out.stdout.strip())


def test_twelve_allocating_threads_reserve_far_less_address_space_with_the_cap():
    default, capped = _address_space_mib("default"), _address_space_mib("capped")
    # glibc's default gives each of the 12 threads an arena (64 MiB reserved each, 8 per core allowed)
    assert default - capped >= 300, (default, capped)


def test_other_platforms_are_left_alone():
    assert limit_malloc_arenas(platform="win32") is False
    assert limit_malloc_arenas(platform="darwin") is False
