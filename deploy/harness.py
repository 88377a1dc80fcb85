"""What deploy/bench.py, deploy/soak.py and the outage tests share: a private copy
of the site, run as production runs it (production settings, gunicorn), its helper
processes, a PostgreSQL cluster of its own, free ports, and requests sent as the
TLS proxy in front would send them.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# `localhost` is the demo site's hostname: Wagtail's URLs (and so its purges) use it.
HOST = "localhost"
# A TLS proxy in front says the request came over HTTPS: no redirect to https://.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": HOST}


class Browser:
    """One browser at the site on 127.0.0.1, behind the TLS proxy's headers: keeps
    the cookies it is given (the CSRF cookie is Secure, as behind the proxy the
    headers say we are) and posts forms as a browser does (Origin, Referer)."""

    def __init__(self, port: int, timeout: float, headers: dict | None = None):
        self.port = port
        self.timeout = timeout
        self.headers = {**PROXY_HEADERS, **(headers or {})}
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        """The response, its body and the seconds it took; raises OSError or
        http.client.HTTPException when the site does not answer."""
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = "https://localhost"
            headers["Referer"] = f"https://localhost{path}"
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout
        )
        start = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _eq, value = cookie.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        return response, content, time.monotonic() - start


def log(message: str) -> None:
    print(message, flush=True)


def find(tool: str) -> str | None:
    return shutil.which(tool) or next(
        (
            str(p)
            for p in (Path("/usr/sbin") / tool, Path("/usr/bin") / tool)
            if p.exists()
        ),
        None,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # our own server
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def wait_for(url: str, proc) -> None:
    for _ in range(120):
        if proc.poll() is not None:
            tail = Path(proc.log_path).read_text(errors="replace")[-2000:]
            sys.exit(f"{proc.args[0]} exited: {tail}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.25)
    sys.exit(f"{url} did not answer")


VCL = ROOT / "deploy" / "varnish.vcl"


def varnish_vcl(backend_ports: list[int]) -> str:
    """deploy/varnish.vcl with its backend on `backend_ports`: one port, as it is;
    several, one backend each behind a round-robin director (app nodes)."""
    text = VCL.read_text()
    block = re.search(r"backend default \{.*?\n\}\n", text, re.DOTALL)
    if len(backend_ports) == 1:
        return text.replace('.port = "8000";', f'.port = "{backend_ports[0]}";')
    backends = "".join(
        block.group(0)
        .replace("backend default", f"backend node{n}")
        .replace('.port = "8000";', f'.port = "{port}";')
        for n, port in enumerate(backend_ports)
    )
    director = (
        "import directors;\n\n"
        + backends
        + "\nsub vcl_init {\n    new nodes = directors.round_robin();\n"
        + "".join(
            f"    nodes.add_backend(node{n});\n" for n in range(len(backend_ports))
        )
        + "}\n\n# Runs before the vcl_recv below (VCL joins subroutines in order).\n"
        + "sub vcl_recv {\n    set req.backend_hint = nodes.backend();\n}\n"
    )
    return text.replace(block.group(0), director)


class Workspace:
    """One private site in `directory`: its SQLite database, media, secret key,
    content-version file and the logs of the processes started for it."""

    def __init__(self, directory: Path, workers: str = "2") -> None:
        self.directory = directory
        self.workers = workers

    def site_env(self, **extra) -> dict:
        self.directory.mkdir(parents=True, exist_ok=True)
        secret_file = self.directory / "secret-key"
        if not secret_file.exists():
            secret_file.write_text(secrets.token_urlsafe(64))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.production",
            "SECRET_KEY": secret_file.read_text().strip(),
            "DATABASE_URL": f"sqlite:///{self.directory / 'db.sqlite3'}",
            "MEDIA_ROOT": str(self.directory / "media"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CONTENT_VERSION_FILE": str(self.directory / "content-version"),
            "WEB_CONCURRENCY": self.workers,
            "GUNICORN_MAX_REQUESTS": "0",  # steady state: no worker restarts mid-run
            "LOG_LEVEL": "ERROR",
        }
        env.update({key: str(value) for key, value in extra.items()})
        return env

    def manage(self, *args: str, **extra) -> None:
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.site_env(**extra),
            check=True,
        )

    @contextmanager
    def process(
        self,
        args: list[str],
        env: dict | None = None,
        ready_url: str | None = None,
        cwd: Path = ROOT,
    ):
        # Output to a file: a pipe nobody reads would fill up and block the server.
        log_file = open(self.directory / f"{Path(args[0]).name}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc.log_path = log_file.name
        try:
            if ready_url:
                wait_for(ready_url, proc)
            yield proc
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with suppress(ProcessLookupError):  # already gone
                    os.killpg(proc.pid, signal.SIGKILL)
            log_file.close()

    def varnish(self, backend_ports: list[int], name: str = "varnish"):
        """varnishd in front of gunicorn on `backend_ports`: (its port, the
        context manager that runs it). The workspace must be readable by others:
        varnishd started as root reads its VCL as the varnish user."""
        port = free_port()
        vcl = self.directory / f"{name}.vcl"
        vcl.write_text(varnish_vcl(backend_ports))
        vcl.chmod(0o644)
        workdir = self.directory / name
        workdir.mkdir(exist_ok=True)
        args = [
            find("varnishd"), "-F", "-n", str(workdir),
            "-a", f"127.0.0.1:{port}", "-f", str(vcl),
            "-s", "malloc,256m", "-p", "thread_pool_min=20",
        ]  # fmt: skip
        return port, self.process(args, ready_url=f"http://127.0.0.1:{port}/healthz")

    def gunicorn(self, port: int, **extra):
        env = self.site_env(PORT=port, HOST="127.0.0.1", **extra)
        args = [str(Path(PYTHON).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
        return self.process(args, env, ready_url=f"http://127.0.0.1:{port}/healthz")


class PrivatePostgres:
    """A PostgreSQL cluster of our own (initdb, pg_ctl) in `directory`, on a free
    port: stopped and restarted at will, never the machine's shared server. Its
    binaries come from Debian's postgresql package; as root it runs as `postgres`,
    since PostgreSQL refuses to run as root."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.bin = self.binaries()

    @staticmethod
    def binaries() -> Path | None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        return found[-1].parent if found else None

    def _run(self, tool: str, *args: str, check: bool = True):
        command = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, check=check, capture_output=True, text=True, timeout=120
        )

    def init(self) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o755)
        self.data.mkdir(mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            "-c unix_socket_directories='' -c fsync=off -c full_page_writes=off"
        )
        log_file = self.directory / "postgres.log"
        if os.geteuid() == 0 and not log_file.exists():
            log_file.touch()
            shutil.chown(log_file, "postgres", "postgres")
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log_file),
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """A fast shutdown, as a restart does: every connection is cut."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False
        )

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> None:
        result = self._run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            name, check=False,
        )  # fmt: skip
        if result.returncode and "already exists" not in result.stderr:
            sys.exit(f"createdb {name}: {result.stderr}")

    def query(self, name: str, sql: str) -> str:
        return self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-d", name, "-tAc", sql,
        ).stdout.strip()  # fmt: skip
