#!/usr/bin/env python3
"""Schemathesis against the live server's own OpenAPI document (`/api/openapi.json`),
public and admin routes (with the bearer token): no 5xx, every status documented, every
answer matching its schema, content type and documented headers, invalid input refused,
undeclared methods refused with 405 + Allow, admin routes refusing a missing token.

Two bounded runs on one server: every operation except `DELETE /api/admin/articles/{slug}`,
then that one alone (run first, it would delete the demo articles the others need)."""
import json
import os
import subprocess
import sys
import tempfile
import time

from harness import Feder, Results

TOKEN = "api-checks-admin-token-0123456789"
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.environ.get("FEDER_API_EXAMPLES", "25")
SEED = os.environ.get("FEDER_API_SEED", "20261125")
RUN_TIMEOUT = 150  # seconds per schemathesis run; the whole script stays under ~3 minutes
# Every check except positive_data_acceptance: the comment rules (trimming, no control
# characters, a plausible `local@domain.tld`) and article front matter are stricter than JSON
# Schema can say; the document states them in words and answers 422 with `fields` for them.
CHECKS = ["--checks", "all", "--exclude-checks", "positive_data_acceptance"]


def seed(site, results):
    """Approved comments (and a reply) so the moderation routes find real ids."""
    status, _, body = site.get("/api/articles?per_page=3")
    slugs = [article["slug"] for article in json.loads(body)["articles"]] if status == 200 else []
    results.check(len(slugs) >= 2, "demo articles present", f"got {status}")
    created = []
    for number, slug in enumerate(slugs * 3):
        payload = {"name": f"Reader {number}", "email": f"reader{number}@example.com",
                   "website": "https://example.org", "body": f"Comment number {number}."}
        if created and number % 3 == 2:
            payload["parent_id"] = created[0][1] if created[0][0] == slug else None
        status, _, answer = site.post_json(f"/api/articles/{slug}/comments", payload)
        if status == 201:
            created.append((slug, json.loads(answer)["id"]))
    results.check(len(created) == len(slugs) * 3, f"seeded {len(created)} comments")


def schemathesis(site, label, selection, report_dir):
    report = os.path.join(report_dir, label + ".json")
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", os.path.join(HERE, "schemathesis.toml"),
               "run", site.base + "/api/openapi.json", *CHECKS, *selection,
               "--max-examples", EXAMPLES, "--seed", SEED, "--generation-database", "none",
               "--header", f"Authorization: Bearer {TOKEN}", "--request-timeout", "10", "--workers", "2",
               "--no-color", "--report", "json", "--report-json-path", report]
    print(f"--- schemathesis ({label}) ---", flush=True)
    started = time.time()
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        output = run.stdout + run.stderr
    except subprocess.TimeoutExpired as expired:
        return None, f"timed out after {RUN_TIMEOUT} s\n{(expired.stdout or b'')[-3000:]!r}"
    # Failures in full, then the summary block.
    summary_at = output.find("=== SUMMARY ===")
    failures_at = output.find("=== FAILURES ===")
    if failures_at >= 0:
        print(output[failures_at:summary_at if summary_at > failures_at else None][:20000])
    print(output[output.rfind("\n", 0, summary_at) + 1:] if summary_at >= 0 else output[-4000:])
    print(f"({label}: {time.time() - started:.1f} s)", flush=True)
    try:
        with open(report) as handle:
            return json.load(handle), output
    except (OSError, ValueError):
        return None, output


def judge(results, label, report, output):
    if report is None:
        results.check(False, f"{label}: schemathesis produced a report", output[-2000:])
        return
    operations = report["operations"]
    cases = report["test_cases"]
    results.check(report["complete"] and report["stop_reason"] == "completed",
                  f"{label}: run completed ({operations['tested']} operations, {cases['generated']} test cases)",
                  f"stop_reason={report['stop_reason']}")
    results.check(operations["tested"] == operations["selected"] and operations["selected"] > 0,
                  f"{label}: every selected operation tested", json.dumps(operations))
    results.check(not report["errors"], f"{label}: no errors", json.dumps(report["errors"])[:2000])
    failing = {}
    for failure in report["failures"]:
        for operation in failure["operations"]:
            failing.setdefault(operation, []).append(f"{failure['code']} {failure['title']}")
    for operation in sorted(report["valid_rates"]):
        results.check(operation not in failing, f"{label}: {operation}", "; ".join(failing.get(operation, [])))
    for operation in sorted(set(failing) - set(report["valid_rates"])):
        results.check(False, f"{label}: {operation}", "; ".join(failing[operation]))
    results.check(report["exit_code"] == 0, f"{label}: schemathesis exit code 0", str(report["exit_code"]))


def main():
    results = Results()
    version = subprocess.run([sys.executable, "-m", "schemathesis.cli", "--version"], capture_output=True, text=True)
    print(version.stdout.strip() or version.stderr.strip())
    site = Feder(admin_token=TOKEN)
    report_dir = tempfile.mkdtemp(prefix="feder-schemathesis-")
    try:
        seed(site, results)
        status, headers, body = site.get("/api/openapi.json")
        document = json.loads(body) if status == 200 else {}
        results.check(document.get("openapi", "").startswith("3.1"), "openapi.json is an OpenAPI 3.1 document")
        for label, selection in (("all-but-delete-article", ["--exclude-operation-id", "deleteArticle"]),
                                 ("delete-article", ["--include-operation-id", "deleteArticle", "--include-operation-id", "createArticle"])):
            report, output = schemathesis(site, label, selection, report_dir)
            judge(results, label, report, output)
        results.check(site.get("/healthz")[0] == 200, "server still healthy after the runs")
        results.check(site.process.poll() is None, "server still running")
    finally:
        site.stop()
    print(f"reports: {report_dir}")
    return results.finish("api-checks")


if __name__ == "__main__":
    sys.exit(main())
