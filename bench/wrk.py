"""Runs wrk against one URL and reads requests per second, latency percentiles and errors from its report."""

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

HOW_TO_GET_WRK = (
    "wrk is not installed. On Debian or Ubuntu: `apt-get install wrk`; on macOS: `brew install wrk`; "
    "elsewhere build it from https://github.com/wg/wrk (make, then put `wrk` on the PATH)."
)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # answers other than 2xx/3xx, timeouts, connect and read errors


def require_wrk():
    path = shutil.which("wrk")
    if path is None:
        sys.exit(HOW_TO_GET_WRK)
    return path


def version():
    # `wrk -v` prints its version line and then its usage, and exits with status 1.
    output = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    return (output.stdout or output.stderr).splitlines()[0].split(" [")[0]


def run(url, *, seconds, connections, threads=1, headers=()):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "60s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return parse(output)


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(output):
    """The numbers of wrk's --latency report."""
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    requests = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if not (rps and requests and {"50", "99"} <= percentiles.keys()):
        raise ValueError(f"Unexpected wrk output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Result(
        requests_per_second=float(rps.group(1)),
        p50_ms=_milliseconds(percentiles["50"]),
        p99_ms=_milliseconds(percentiles["99"]),
        requests=int(requests.group(1)),
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
    )
