"""Throwaway Redis servers to break: a private redis-server on a free port, and a
"black hole" that accepts connections and never answers.

Never the machine's shared Redis: these are stopped, capped and hung by the tests.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import redis


def require_redis_server() -> str:
    """The redis-server binary. Without it the test is skipped on a laptop, and
    fails in CI (`.ci/run` installs it), so CI never passes by skipping."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """`redis-server` on a free port, its data in `directory` (kept across restarts,
    as a real Redis restarted from its disk)."""

    def __init__(self, directory: Path, *extra: str) -> None:
        self.directory = directory
        self.port = free_port()
        self.extra = extra
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)

    def start(self) -> PrivateRedis:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis)")
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "no",
                *self.extra,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self, *, save: bool = False) -> None:
        """Stop it, keeping its data on disk (`save`) for the next start."""
        if self.process is None:
            return
        if save:
            self.client().save()
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None

    def used_memory(self) -> int:
        return int(self.client().info("memory")["used_memory"])

    def dataset_bytes(self) -> int:
        """Memory held by the data itself (keys and values, no buffers)."""
        return int(self.client().info("memory")["used_memory_dataset"])


class BlackHole:
    """A TCP port that accepts every connection and never says a word (a hung
    Redis, or one behind a network that drops its answers)."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.accepted.append(connection)  # kept open, never read nor answered

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()
