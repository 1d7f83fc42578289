#!/usr/bin/env python3
"""Debian's nginx in front of the real Feder, with the proxy settings of deploy/nginx.conf
used verbatim (plain HTTP on loopback ports, temporary folders for cache, logs and pid):

- pages, the JSON API and static files are served from the cache on the second request
  (`X-Cache-Status: HIT`); the cache keeps pages for exactly Feder's `s-maxage` (60 s, read
  from nginx's cache file) with Feder's ETag; the reader-specific /theme.css and the admin API
  are never stored;
- comment POSTs pass through (303), and `X-Forwarded-For` reaches Feder
  (`server.trustProxy: true`) as the reader's address, overwritten rather than appended: the
  comment rate limit separates two readers and ignores a forged header;
- a new comment shows up on the cached article page within the documented 60 s (the copy
  expires and is revalidated with If-None-Match), and an unchanged page is renewed by a
  304 (`REVALIDATED`);
- the complete example file (with its TLS server block, a throw-away self-signed
  certificate) passes `nginx -t`.

Loopback only; the readers are 127.0.0.2 and 127.0.0.3. Bounded: about 70 s, most of it
waiting for the 60 s cache lifetime. nginx and Feder are stopped at exit."""
import atexit
import glob
import http.client
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse

from harness import ROOT, Feder, Results, free_port

EXAMPLE = os.path.join(ROOT, "deploy", "nginx.conf")
ARTICLE = "/articles/why-i-went-back-to-running-my-own-blog"
OTHER_ARTICLE_SLUG = None  # found at run time: a page no comment below changes
DOCUMENTED_SECONDS = 60    # deploy/README.md: "a new comment is visible within 60 s"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def proxy_block():
    with open(EXAMPLE) as handle:
        text = handle.read()
    match = re.search(r"# >>> feder-proxy.*?\n(.*?)# <<< feder-proxy", text, re.S)
    if not match:
        raise RuntimeError("deploy/nginx.conf lacks the feder-proxy markers")
    return match.group(1)


def write_config(folder, nginx_port, feder_port):
    for sub in ("cache", "logs", "temp/body", "temp/proxy", "temp/fastcgi", "temp/uwsgi", "temp/scgi"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    config = f"""{user}daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log info;
events {{ worker_connections 128; }}
http {{
    access_log {folder}/logs/access.log;
    client_body_temp_path {folder}/temp/body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;
    proxy_cache_path {folder}/cache levels=1:2 keys_zone=feder:1m max_size=50m inactive=1h use_temp_path=off;
    upstream feder {{
        server 127.0.0.1:{feder_port};
        keepalive 4;
    }}
    server {{
        listen 127.0.0.1:{nginx_port};
        server_name localhost;
{proxy_block()}
    }}
}}
"""
    path = os.path.join(folder, "nginx.conf")
    with open(path, "w") as handle:
        handle.write(config)
    return path


class Nginx:
    def __init__(self, folder, config):
        self.log = open(os.path.join(folder, "logs", "stderr.log"), "w")
        self.process = subprocess.Popen([NGINX, "-p", folder, "-c", config], stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        atexit.register(self.stop)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: master waits for its worker
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


def request(port, method, path, body=None, headers=None, source="127.0.0.2"):
    """One request through nginx from a chosen loopback address."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def wait_for_port(port, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            return request(port, "GET", "/healthz")[0] == 200
        except OSError:
            time.sleep(0.1)
    return False


def cache_entries(folder):
    """(valid_sec, date, etag) from each nginx cache file's header (ngx_http_file_cache_header_t:
    version, valid_sec, updating_sec, error_sec, last_modified, date, crc32, valid_msec,
    header_start, body_start, etag_len, etag)."""
    entries = []
    layout = struct.Struct("<Qqqqqq I H H H B")
    for path in glob.glob(os.path.join(folder, "cache", "*", "*", "*")):
        with open(path, "rb") as handle:
            head = handle.read(layout.size + 128)
        if len(head) < layout.size:
            continue
        _, valid_sec, _, _, _, date, _, _, _, _, etag_length = layout.unpack_from(head)
        etag = head[layout.size:layout.size + etag_length].decode("latin-1")
        entries.append((valid_sec, date, etag))
    return entries


def form(fields):
    return urllib.parse.urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def caching(results, port, folder):
    for path in (ARTICLE, "/", "/api/articles", "/feed.xml"):
        first = request(port, "GET", path)
        second = request(port, "GET", path)
        results.check(first[0] == 200 and first[1].get("x-cache-status") in ("MISS", "EXPIRED"),
                      f"GET {path}: first answer from Feder", f"{first[0]} {first[1].get('x-cache-status')}")
        results.check(second[0] == 200 and second[1].get("x-cache-status") == "HIT" and second[2] == first[2],
                      f"GET {path}: second answer from the cache (HIT), same bytes",
                      f"{second[0]} {second[1].get('x-cache-status')}")
    status, headers, _ = request(port, "GET", ARTICLE)
    etag = headers.get("etag", "")
    results.check(headers.get("cache-control") == "public, max-age=0, s-maxage=60, must-revalidate" and etag.startswith('"'),
                  "Feder's Cache-Control and strong ETag pass through", f"{headers.get('cache-control')} {etag}")
    lifetimes = [valid - date for valid, date, stored in cache_entries(folder) if stored == etag]
    results.check(lifetimes and all(abs(lifetime - DOCUMENTED_SECONDS) <= 1 for lifetime in lifetimes),
                  f"nginx keeps the article {DOCUMENTED_SECONDS} s (s-maxage) and stores its ETag", str(lifetimes))
    conditional = request(port, "GET", ARTICLE, headers={"If-None-Match": etag})
    results.check(conditional[0] == 304 and conditional[2] == b"", "If-None-Match → 304 from the cache",
                  str(conditional[0]))
    head = request(port, "HEAD", ARTICLE)
    results.check(head[0] == 200 and head[2] == b"" and head[1].get("x-cache-status") == "HIT", "HEAD from the cache",
                  f"{head[0]} {head[1].get('x-cache-status')}")

    _, _, home = request(port, "GET", "/")
    stylesheet = re.search(rb'href="(/static/css/site\.css\?v=[^"]+)"', home).group(1).decode()
    for path in (stylesheet, "/static/img/favicon.svg"):
        first = request(port, "GET", path)
        second = request(port, "GET", path)
        results.check(second[0] == 200 and second[1].get("x-cache-status") == "HIT",
                      f"GET {path}: static file from the cache ({second[1].get('cache-control')})",
                      f"{second[0]} {second[1].get('x-cache-status')}")
    results.check("immutable" in request(port, "GET", stylesheet)[1].get("cache-control", ""),
                  "fingerprinted stylesheet stays immutable for a year")

    dark = [request(port, "GET", "/theme.css", headers={"Cookie": "theme=dark"}) for _ in range(2)]
    light = request(port, "GET", "/theme.css", headers={"Cookie": "theme=light"})
    results.check(all(answer[1].get("x-cache-status") != "HIT" for answer in dark + [light]) and dark[0][2] != light[2],
                  "/theme.css (private, Vary: Cookie) is never served from the cache",
                  str([answer[1].get("x-cache-status") for answer in dark + [light]]))


def admin(results, port, token):
    auth = {"Authorization": f"Bearer {token}"}
    answers = [request(port, "GET", "/api/admin/comments?status=approved", headers=auth) for _ in range(2)]
    results.check(all(a[0] == 200 and a[1].get("x-cache-status") == "BYPASS" and a[1].get("cache-control") == "no-store"
                      for a in answers), "admin API with a token bypasses the cache",
                  str([(a[0], a[1].get("x-cache-status")) for a in answers]))
    unauthorised = request(port, "GET", "/api/admin/comments?status=approved")
    results.check(unauthorised[0] == 401, "admin API without token: 401 through the proxy", str(unauthorised[0]))


def comments_and_addresses(results, port):
    """Comment POSTs pass through; the rate limit (1 a minute here) sees each reader's address."""
    body, headers = form({"name": "Proxy Reader", "email": "proxy@example.com", "body": "Seen through nginx."})
    started = time.time()
    posted = request(port, "POST", ARTICLE + "/comments", body, headers, source="127.0.0.2")
    results.check(posted[0] == 303 and "#comment-" in posted[1].get("location", ""),
                  "comment POST passes through nginx: 303 to the comment", f"{posted[0]} {posted[1].get('location')}")
    results.check("x-cache-status" not in posted[1] or posted[1]["x-cache-status"] == "",
                  "POST is not a cache candidate", posted[1].get("x-cache-status", ""))
    forged = dict(headers, **{"X-Forwarded-For": "198.51.100.7"})
    body2, _ = form({"name": "Proxy Reader", "email": "proxy@example.com", "body": "A second one, too fast."})
    second = request(port, "POST", ARTICLE + "/comments", body2, forged, source="127.0.0.2")
    results.check(second[0] == 429, "same reader again, forged X-Forwarded-For: still rate limited (429)",
                  str(second[0]))
    body3, _ = form({"name": "Other Reader", "email": "other@example.com", "body": "Another reader, another address."})
    third = request(port, "POST", ARTICLE + "/comments", body3, headers, source="127.0.0.3")
    results.check(third[0] == 303, "another reader (127.0.0.3) is not limited: X-Forwarded-For reaches Feder",
                  str(third[0]))
    return started


def freshness(results, port, started, other_path):
    """The cached article shows the new comment within the documented time."""
    deadline = started + DOCUMENTED_SECONDS + 5
    seen_at, status_seen = None, ""
    while time.time() < deadline:
        status, headers, page = request(port, "GET", ARTICLE)
        if b"Seen through nginx." in page:
            seen_at, status_seen = time.time() - started, headers.get("x-cache-status", "")
            break
        time.sleep(0.5)
    results.check(seen_at is not None and seen_at <= DOCUMENTED_SECONDS + 2,
                  f"new comment visible through the cache after {seen_at and round(seen_at)} s "
                  f"(documented: within {DOCUMENTED_SECONDS} s; {status_seen})")
    renewed = request(port, "GET", other_path)
    results.check(renewed[0] == 200 and renewed[1].get("x-cache-status") == "REVALIDATED",
                  f"unchanged page after expiry: renewed by a 304 from Feder (REVALIDATED)",
                  f"{renewed[0]} {renewed[1].get('x-cache-status')}")
    again = request(port, "GET", other_path)
    results.check(again[1].get("x-cache-status") == "HIT", "and served from the cache again",
                  again[1].get("x-cache-status", ""))


def example_passes_nginx_t(results, folder):
    """The whole example, TLS block included, with a throw-away certificate and loopback ports."""
    if not shutil.which("openssl"):
        print("SKIP nginx -t on the full example: openssl missing")
        return
    key, certificate = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                           "/CN=blog.example.org", "-keyout", key, "-out", certificate],
                          capture_output=True, timeout=60)
    with open(EXAMPLE) as handle:
        text = handle.read()
    text = (text.replace("/etc/letsencrypt/live/blog.example.org/fullchain.pem", certificate)
            .replace("/etc/letsencrypt/live/blog.example.org/privkey.pem", key)
            .replace("/var/cache/nginx/feder", os.path.join(folder, "example-cache"))
            .replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
            .replace("listen [::]:80;", "")
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{free_port()} ssl http2;")
            .replace("listen [::]:443 ssl http2;", ""))
    example = os.path.join(folder, "example.conf")
    with open(example, "w") as handle:
        handle.write(text)
    wrapper = os.path.join(folder, "example-main.conf")
    user = "user root root;\n" if os.geteuid() == 0 else ""
    with open(wrapper, "w") as handle:
        handle.write(f"{user}pid {folder}/example.pid;\nerror_log {folder}/logs/example-error.log;\nevents {{}}\n"
                     f"http {{\n access_log off;\n proxy_temp_path {folder}/temp/proxy;\n"
                     f" client_body_temp_path {folder}/temp/body;\n include {example};\n}}\n")
    run = subprocess.run([NGINX, "-t", "-p", folder, "-c", wrapper], capture_output=True, text=True, timeout=30)
    results.check(made.returncode == 0 and run.returncode == 0, "deploy/nginx.conf (with TLS) passes nginx -t",
                  run.stderr[-1500:])


def main():
    results = Results()
    version = subprocess.run([NGINX, "-v"], capture_output=True, text=True)
    print((version.stderr or version.stdout).strip())
    token = "proxy-checks-admin-token-0123456789"
    site = Feder(admin_token=token, extra_config={"server": {"trustProxy": True}, "comments": {"perMinute": 1}})
    folder = tempfile.mkdtemp(prefix="feder-nginx-")
    os.chmod(folder, 0o755)
    nginx = None
    try:
        port = free_port()
        nginx = Nginx(folder, write_config(folder, port, site.port))
        results.check(wait_for_port(port), f"nginx answers on 127.0.0.1:{port} in front of Feder",
                      open(os.path.join(folder, "logs", "error.log")).read()[-1500:] if os.path.exists(
                          os.path.join(folder, "logs", "error.log")) else "")
        _, _, listing = request(port, "GET", "/api/articles?per_page=5")
        other = next(slug for slug in re.findall(rb'"slug":"([a-z0-9-]+)"', listing)
                     if slug.decode() not in ARTICLE).decode()
        other_path = f"/articles/{other}"
        request(port, "GET", other_path)  # cached now; nothing below changes it
        caching(results, port, folder)
        admin(results, port, token)
        started = comments_and_addresses(results, port)
        freshness(results, port, started, other_path)
        example_passes_nginx_t(results, folder)
        results.check(site.process.poll() is None and nginx.process.poll() is None, "Feder and nginx still running")
    finally:
        if nginx is not None:
            nginx.stop()
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return results.finish("proxy-checks")


if __name__ == "__main__":
    sys.exit(main())
