"""Starts the real `feder` binary on a free port with a temporary database, for the
external-tool checks. Loopback only; every process is stopped at exit."""
import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORDPRESS_EXPORT = os.path.join(ROOT, "Tests", "ImportsTests", "Fixtures", "wordpress-small.xml")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Feder:
    """One running server with its own temporary folder."""

    def __init__(self, language="en", moderation="none", admin_token="", extra_config=None, before_start=()):
        """`before_start`: `feder` commands (argument lists) run over the new database first."""
        self.binary = os.environ.get("FEDER_BIN") or os.path.join(ROOT, ".build", "debug", "feder")
        self.directory = tempfile.mkdtemp(prefix="feder-e2e-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = {
            "site": {"baseURL": self.base, "language": language, "title": "Feder", "timezone": "Europe/Berlin"},
            "server": {"port": self.port, "accessLog": False},
            "database": {"path": os.path.join(self.directory, "feder.sqlite")},
            "comments": {"moderation": moderation, "perMinute": 0},
            "admin": {"token": admin_token},
        }
        for section, values in (extra_config or {}).items():
            config.setdefault(section, {}).update(values)
        with open(os.path.join(self.directory, "config.json"), "w") as handle:
            json.dump(config, handle)
        for command in before_start:
            self.cli(*command)
        self.log = open(os.path.join(self.directory, "feder.log"), "w")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--config", os.path.join(self.directory, "config.json")],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        atexit.register(self.stop)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("feder did not start; see " + self.log.name)

    def request(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path, value, headers=None):
        return self.request("POST", path, json.dumps(value).encode(),
                            {"Content-Type": "application/json", **(headers or {})})

    def cli(self, *arguments, input=None):
        """Runs `feder ARGUMENTS --config` over this site's database; its output."""
        run = subprocess.run([self.binary, *arguments, "--config", os.path.join(self.directory, "config.json")],
                             input=input, cwd=ROOT, capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            raise RuntimeError(f"feder {' '.join(arguments)} failed: " + run.stdout + run.stderr)
        return run.stdout

    def add_user(self, email, name, role, password):
        """`feder user add`, with the password on stdin as a script gives it."""
        return self.cli("user", "add", email, "--name", name, "--role", role, input=password + "\n")

    def revoke_sessions(self, email):
        """`feder user sessions EMAIL --revoke`: signs the account out everywhere."""
        self.cli("user", "sessions", email, "--revoke")

    def desk(self, email, password):
        """A signed-in desk session over plain HTTP (cookies kept), for checks without a browser."""
        desk = Desk(self)
        status, headers, _ = desk.sign_in(email, password)
        if status != 303 or headers.get("Location") != "/admin":
            raise RuntimeError(f"sign-in failed: {status}")
        return desk

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


class SMTPSink:
    """scripts/smtp-sink (aiosmtpd) on a free loopback port, keeping each mail as files."""

    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="feder-mail-")
        self.process = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "smtp-sink"), "--dir", self.directory],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError("smtp-sink did not start: " + line)
        self.port = int(line.split()[1])
        atexit.register(self.stop)

    def wait_for(self, count, timeout=15):
        """The first `count` mails as the sink's JSON summaries, waiting for them to arrive."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            names = sorted((name for name in os.listdir(self.directory) if name.endswith(".json")),
                           key=lambda name: int(name.split(".")[0]))
            if len(names) >= count:
                return [json.load(open(os.path.join(self.directory, name))) for name in names[:count]]
            time.sleep(0.2)
        raise RuntimeError(f"fewer than {count} mails arrived")

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)

    def mail_config(self, moderators=("mod@example.org",)):
        """`extra_config` for a Feder that mails through this sink."""
        return {"mail": {"enabled": True, "host": "127.0.0.1", "port": self.port, "security": "none",
                         "from": "blog@example.org", "moderators": list(moderators)}}


class Desk:
    """Signs in at /admin/login as a browser would: the form's token, its cookie, our Origin."""

    def __init__(self, site):
        import http.cookiejar
        self.site = site
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def sign_in(self, email, password):
        import re
        _, _, form = self.get("/admin/login")
        token = re.search(rb'name="csrf" value="([^"]+)"', form).group(1).decode()
        return self.post("/admin/login", {"csrf": token, "email": email, "password": password})

    def request(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.site.base + path, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.site.base})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Results:
    """Collects PASS/FAIL lines and prints the closing `N passed, N failed` line."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, condition, name, detail=""):
        if condition:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}".rstrip())

    def finish(self, label):
        print(f"{label}: {self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1
