"""Shared pieces of the stress and fault scripts: build or find the release binary, start a
Feder on loopback in a temporary folder, read its CPU, RSS and open fds from /proc, and speak
just enough HTTP/1.1 over raw sockets to tell a clean answer from a reset.

Every wait here is bounded; only 127.0.0.1 is ever contacted."""
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def add_common_arguments(parser):
    parser.add_argument("--skip-build", action="store_true", help="use the existing release binary")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")


def feder_binary(skip_build=False):
    """FEDER_BIN, else the release build (built first unless --skip-build)."""
    if os.environ.get("FEDER_BIN"):
        return os.environ["FEDER_BIN"]
    if not skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "feder"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, timeout=1800)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=120).stdout.strip()
    return os.path.join(path, "feder")


def require(*tools):
    for tool in tools:
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            sys.exit(f"FAIL: {tool} is missing (apt-get install {tool})")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def deep_merge(base, extra):
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_merge(base[key], value)
        else:
            base[key] = value
    return base


class Feder:
    """One `feder serve` in its own temporary folder. Use as a context manager."""

    def __init__(self, binary, config=None, nofile=None, keep=False, work=None):
        self.binary = binary
        self.work = work or tempfile.mkdtemp(prefix="feder-stress-")
        self.keep = keep
        self.port = free_port()
        self.nofile = nofile
        self.process = None
        self.log_path = os.path.join(self.work, "server.log")
        settings = {
            "site": {"baseURL": f"http://127.0.0.1:{self.port}"},
            "server": {"host": "127.0.0.1", "port": self.port, "accessLog": False},
            "database": {"path": os.path.join(self.work, "feder.sqlite")},
            "comments": {"perMinute": 0, "moderation": "none"},
        }
        deep_merge(settings, config or {})
        self.config_path = os.path.join(self.work, "config.json")
        with open(self.config_path, "w") as handle:
            json.dump(settings, handle)
        self.database = settings["database"]["path"]

    def generate(self, articles, comments_per_article=5):
        """Fills the (empty) database with `feder generate` before the server starts."""
        subprocess.run([self.binary, "generate", "--config", self.config_path, "--articles", str(articles),
                        "--comments-per-article", str(comments_per_article)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, timeout=600)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        if not self.keep:
            shutil.rmtree(self.work, ignore_errors=True)
        else:
            print(f"kept {self.work}")

    def start(self, timeout=30):
        nofile = self.nofile

        def limit():
            if nofile:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([self.binary, "serve", "--config", self.config_path], cwd=ROOT,
                                        stdout=log, stderr=log, preexec_fn=limit)
        log.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"feder exited with {self.process.returncode}: {self.log_tail()}")
            try:
                if request(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("feder did not answer /healthz in time: " + self.log_tail())

    def stop(self, timeout=12):
        """SIGTERM, then SIGKILL after `timeout`; returns the exit code."""
        if not self.process or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            return None

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    @property
    def pid(self):
        return self.process.pid

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def rss_mb(self):
        with open(f"/proc/{self.pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def fd_count(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def threads(self):
        return len(os.listdir(f"/proc/{self.pid}/task"))

    def log_tail(self, lines=20):
        try:
            with open(self.log_path, errors="replace") as handle:
                return "".join(handle.readlines()[-lines:])
        except OSError:
            return ""

    def first_slug(self):
        status, _, body = request(self.port, "GET", "/api/articles?per_page=1")
        assert status == 200, status
        return json.loads(body)["articles"][0]["slug"]


class Incomplete(EOFError):
    """The connection ended (EOF or reset) before a whole response arrived; `received` is how
    many response bytes came first (0: the server never started answering)."""

    def __init__(self, received, reason):
        super().__init__(f"{reason} after {received} response bytes")
        self.received = received
        self.reason = reason


def _recv(sock, deadline, received):
    sock.settimeout(max(0.05, deadline - time.time()))
    try:
        chunk = sock.recv(65536)
    except ConnectionResetError:
        raise Incomplete(received, "reset") from None
    if not chunk:
        raise Incomplete(received, "closed")
    return chunk


def read_response(sock, deadline):
    """Reads one HTTP/1.1 response (Content-Length framed). Returns (status, headers, body).
    Raises `Incomplete` when the peer closes or resets before the end, socket.timeout after
    `deadline`."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += _recv(sock, deadline, len(data))
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        rest += _recv(sock, deadline, len(head) + 4 + len(rest))
    return status, headers, rest[:length]


def encode_request(method, path, body=b"", headers=None, keep_alive=False):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    if not keep_alive:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def request(port, method, path, body=b"", headers=None, timeout=10):
    """One request on a fresh connection. Returns (status, headers, body)."""
    deadline = time.time() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(encode_request(method, path, body, headers))
        return read_response(sock, deadline)


def post_json(port, path, obj, timeout=10):
    return request(port, "POST", path, json.dumps(obj).encode(), {"Content-Type": "application/json"}, timeout)


def post_form(port, path, fields, timeout=10):
    from urllib.parse import urlencode
    return request(port, "POST", path, urlencode(fields).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"}, timeout)


def sqlite_check(path, query=None):
    """(integrity_check result, rows of `query`) read with python's sqlite3 module."""
    import sqlite3
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        rows = connection.execute(query).fetchall() if query else []
        return integrity, rows
    finally:
        connection.close()


def verdict(ok, name, summary):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {summary}")
    return 0 if ok else 1
