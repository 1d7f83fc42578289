#!/usr/bin/env python3
"""The reader's path in a real browser (Chromium through Selenium), with and without
JavaScript: home → article → image and credit → theme toggle that persists → comment form
errors → a comment → a reply → search → feed; and paging through an article's comments
without JavaScript. Screenshots of each step go to a folder that
is printed at the end."""
import json
import os
import sys
import tempfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as conditions
from selenium.webdriver.support.ui import WebDriverWait

from harness import WORDPRESS_EXPORT, Feder, Results, SMTPSink

SHOTS = os.environ.get("FEDER_SCREENSHOTS") or tempfile.mkdtemp(prefix="feder-screenshots-")


def browser(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--force-prefers-reduced-motion"]:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(20)
    return driver


def background_is_dark(driver):
    """Reads the page's colour from a screenshot, so it works with JavaScript off as well."""
    return average_luminance(driver.get_screenshot_as_png()) < 0.35


def average_luminance(png):
    """Mean brightness of the top-left 200×200 pixels of a PNG, without extra libraries."""
    import struct
    import zlib
    position, chunks = 8, []
    width = height = 0
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        data = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color_type = struct.unpack(">IIBB", data[:10])
        elif kind == b"IDAT":
            chunks.append(data)
        position += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    channels = 4 if color_type == 6 else 3
    stride = width * channels
    previous = bytearray(stride)
    total = count = 0
    offset = 0
    for row in range(min(height, 200)):
        kind = raw[offset]
        line = bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else upper_left)
                line[i] = (line[i] + predictor) & 0xFF
        previous = line
        for x in range(0, min(width, 200) * channels, channels):
            total += (line[x] + line[x + 1] + line[x + 2]) / (3 * 255)
            count += 1
    return total / max(count, 1)


class Steps:
    def __init__(self, driver, results, prefix):
        self.driver, self.results, self.prefix, self.number = driver, results, prefix, 0

    def shot(self, name):
        self.number += 1
        self.driver.save_screenshot(os.path.join(SHOTS, f"{self.prefix}-{self.number:02d}-{name}.png"))


def theme_toggle(site, results, javascript):
    label = "js" if javascript else "nojs"
    driver = browser(javascript)
    steps = Steps(driver, results, label)
    try:
        driver.get(site.base + "/")
        steps.shot("home")
        results.check(not background_is_dark(driver), f"{label}: light by default")
        button = driver.find_element(By.CSS_SELECTOR, ".theme-toggle__button--dark")
        button.click()
        WebDriverWait(driver, 10).until(lambda d: background_is_dark(d))
        steps.shot("dark")
        results.check(background_is_dark(driver), f"{label}: toggle switches to dark")
        driver.refresh()
        results.check(background_is_dark(driver), f"{label}: dark survives a reload")
        driver.find_element(By.CSS_SELECTOR, "a[href='/archive']").click()
        WebDriverWait(driver, 10).until(conditions.url_contains("/archive"))
        steps.shot("dark-second-page")
        results.check(background_is_dark(driver), f"{label}: dark on a second page")
        driver.find_element(By.CSS_SELECTOR, ".theme-toggle__button--light").click()
        WebDriverWait(driver, 10).until(lambda d: not background_is_dark(d))
        results.check(not background_is_dark(driver), f"{label}: toggle back to light")
    finally:
        driver.quit()


def reading_and_commenting(site, results):
    driver = browser(True)
    steps = Steps(driver, results, "reader")
    wait = WebDriverWait(driver, 10)
    try:
        driver.get(site.base + "/")
        link = driver.find_element(By.CSS_SELECTOR, "a[href='/articles/why-i-went-back-to-running-my-own-blog']")
        link.click()
        wait.until(conditions.url_contains("/articles/"))
        steps.shot("article")
        image = driver.find_element(By.CSS_SELECTOR, "figure img")
        loaded = driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)
        results.check(loaded and image.get_attribute("alt"), "featured image loads and has alt text")
        credit = driver.find_element(By.CSS_SELECTOR, "figure figcaption").text
        results.check("Illustration" in credit, "credit line under the image", credit)

        driver.find_element(By.CSS_SELECTOR, "a[href='#respond']").click()
        driver.find_element(By.ID, "comment-name").send_keys("Ada")
        driver.find_element(By.ID, "comment-email").send_keys("not-an-email")
        driver.find_element(By.CSS_SELECTOR, "#comment-form button[type=submit]").click()
        wait.until(conditions.presence_of_element_located((By.ID, "error-summary")))
        steps.shot("form-errors")
        summary = driver.find_element(By.ID, "error-summary")
        results.check(summary.get_attribute("role") == "alert" and len(summary.find_elements(By.TAG_NAME, "a")) == 2,
                      "error summary with role alert lists both errors", summary.text)
        focused = driver.execute_script("return document.activeElement && document.activeElement.id")
        results.check(focused == "error-summary", "error summary receives focus", str(focused))
        results.check(driver.find_element(By.ID, "comment-email").get_attribute("aria-invalid") == "true"
                      and driver.find_element(By.ID, "comment-body").get_attribute("aria-invalid") == "true",
                      "bad fields are marked aria-invalid")
        results.check(driver.find_element(By.ID, "comment-name").get_attribute("value") == "Ada"
                      and driver.find_element(By.ID, "comment-email").get_attribute("value") == "not-an-email",
                      "typed values are kept")

        email = driver.find_element(By.ID, "comment-email")
        email.clear()
        email.send_keys("ada@example.com")
        driver.find_element(By.ID, "comment-body").send_keys("What a lovely post.")
        driver.find_element(By.CSS_SELECTOR, "#comment-form button[type=submit]").click()
        wait.until(conditions.url_contains("#comment-"))
        steps.shot("comment-posted")
        anchor = driver.current_url.split("#")[1]
        comment = driver.find_element(By.ID, anchor)
        results.check("What a lovely post." in comment.text and "ada@example.com" not in driver.page_source,
                      "comment shown, email not in the page")

        comment.find_element(By.CSS_SELECTOR, "a.comment__reply").click()
        wait.until(lambda d: d.find_element(By.ID, "comment-parent").get_attribute("value") == anchor.split("-")[1])
        driver.find_element(By.ID, "comment-name").clear()
        driver.find_element(By.ID, "comment-name").send_keys("Bob")
        driver.find_element(By.ID, "comment-email").clear()
        driver.find_element(By.ID, "comment-email").send_keys("bob@example.com")
        driver.find_element(By.ID, "comment-body").send_keys("Thanks, Ada!")
        driver.find_element(By.CSS_SELECTOR, "#comment-form button[type=submit]").click()
        wait.until(lambda d: "Thanks, Ada!" in d.page_source)
        steps.shot("reply-posted")
        nested = driver.find_elements(By.CSS_SELECTOR, ".comment-list--replies .comment__body")
        results.check(any("Thanks, Ada!" in node.text for node in nested), "reply is shown nested under the comment")

        search = driver.find_element(By.ID, "site-search-q")
        search.send_keys("Sauerteig")
        search.submit()
        wait.until(conditions.url_contains("/search"))
        steps.shot("search")
        marks = driver.find_elements(By.CSS_SELECTOR, ".search-results mark")
        results.check(len(marks) > 0, "search results with highlighted words")

        driver.find_element(By.CSS_SELECTOR, "nav a[href='/feed.xml']").click()
        wait.until(conditions.url_contains("/feed.xml"))
        results.check("<feed" in driver.page_source or "feed" in driver.current_url, "feed link opens the Atom feed")
    finally:
        driver.quit()


def imported_wordpress_site(results):
    """A reader follows an old WordPress address of an imported post (issue #16): the browser
    lands on the new article, its caption became a figure, its comments keep their threads,
    and the old site's script is gone."""
    site = Feder(before_start=[["import", "--from", "wordpress", WORDPRESS_EXPORT]])
    driver = browser(True)
    steps = Steps(driver, results, "imported")
    try:
        driver.get(site.base + "/2025/02/11/suesser-duft/")
        WebDriverWait(driver, 10).until(conditions.url_contains("/articles/"))
        results.check(driver.current_url == site.base + "/articles/suesser-duft",
                      "an old permalink leads the browser to the imported article", driver.current_url)
        steps.shot("article")
        caption = driver.find_elements(By.CSS_SELECTOR, "article figure figcaption")
        results.check(any("The loaf" in node.text for node in caption), "the [caption] shortcode is a figure with its caption")
        nested = driver.find_elements(By.CSS_SELECTOR, ".comment-list--replies .comment__body")
        results.check(any("Twelve hours & a cold night." in node.text for node in nested),
                      "an imported reply is shown nested under its comment")
        results.check(any("Listed before the comment it answers" in node.text for node in nested),
                      "a reply listed before its parent in the export is nested too")
        results.check("alert(" not in driver.page_source and "@example." not in driver.page_source,
                      "no script and no address from the export reach the page")
        driver.get(site.base + "/?page_id=2")
        WebDriverWait(driver, 10).until(conditions.url_contains("/impressum"))
        link = driver.find_element(By.CSS_SELECTOR, "main a[href='/articles/suesser-duft#comments']")
        results.check(link.text == "the bread", "a link to an old permalink now points at the new address")
        steps.shot("page")
    finally:
        driver.quit()
        site.stop()


def paging_without_javascript(results):
    """Comment pages are plain links: with JavaScript off, a reader pages forward through an
    article's comments and back, and a reply link keeps its page."""
    site = Feder(moderation="none", extra_config={"comments": {"perPage": 2}})
    article = "/articles/why-i-went-back-to-running-my-own-blog"
    for index in range(5):
        site.post_form(article + "/comments", {"name": f"Reader {index}", "email": f"r{index}@example.com",
                                               "body": f"Thread number {index}."})
    driver = browser(False)
    seen = []
    try:
        driver.get(site.base + article)
        for page in (1, 2, 3):
            seen += [node.text for node in driver.find_elements(By.CSS_SELECTOR, ".comment--depth-1 .comment__body")]
            label = driver.find_element(By.CSS_SELECTOR, ".pagination--comments .pagination__label").text
            results.check(f"{page} of 3" in label, f"nojs: comment page {page} says so", label)
            driver.save_screenshot(os.path.join(SHOTS, f"nojs-comment-page-{page}.png"))
            if page < 3:
                driver.find_element(By.CSS_SELECTOR, ".pagination--comments a[rel=next]").click()
                WebDriverWait(driver, 10).until(conditions.url_contains(f"cpage={page + 1}"))
        results.check(seen == [f"Thread number {index}." for index in range(5)],
                      "nojs: every thread once, in order, across the pages", str(seen))
        driver.find_element(By.CSS_SELECTOR, ".pagination--comments a[rel=prev]").click()
        WebDriverWait(driver, 10).until(conditions.url_contains("cpage=2"))
        driver.find_element(By.CSS_SELECTOR, "a.comment__reply").click()
        WebDriverWait(driver, 10).until(conditions.url_contains("replyto="))
        results.check("cpage=2" in driver.current_url and driver.find_element(By.ID, "reply-name").text == "Reader 2",
                      "nojs: a reply link stays on its page and names the comment", driver.current_url)
    finally:
        driver.quit()
        site.stop()


def moderation_notice(site, results):
    driver = browser(False)
    try:
        driver.get(site.base + "/articles/why-i-went-back-to-running-my-own-blog#respond")
        driver.find_element(By.ID, "comment-name").send_keys("Cy")
        driver.find_element(By.ID, "comment-email").send_keys("cy@example.com")
        driver.find_element(By.ID, "comment-body").send_keys("Waiting for approval.")
        driver.find_element(By.CSS_SELECTOR, "#comment-form button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "comment=pending" in d.current_url)
        driver.save_screenshot(os.path.join(SHOTS, "nojs-moderation-notice.png"))
        notice = driver.find_element(By.ID, "comment-notice").text
        results.check("awaiting moderation" in notice, "moderation notice without JavaScript", notice)
    finally:
        driver.quit()


def moderating_from_mail(results, javascript):
    """A moderator gets a mail about a held comment and follows its Approve link (issue #17):
    the page shows the comment and asks, nothing changes until the button is pressed, and
    the comment is then on the article page; the mail's other link finds it dealt with."""
    sink = SMTPSink()
    site = Feder(moderation="all", extra_config=sink.mail_config())
    label = "js" if javascript else "nojs"
    article = "/articles/why-i-went-back-to-running-my-own-blog"
    site.post_form(article + "/comments", {"name": "Mira", "email": "mira@example.com", "body": f"Held, then approved ({label})."})
    driver = browser(javascript)
    try:
        mail = sink.wait_for(1)[0]
        links = [word for word in mail["text"].split() if "/admin/mail/" in word]
        results.check(len(links) == 2 and all(link.startswith(site.base) for link in links),
                      f"{label}: the moderator's mail has an approve and a spam link", str(links))
        approve = next(link for link in links if ".a." in link)
        driver.get(approve)
        results.check(driver.find_element(By.TAG_NAME, "h1").text == "Approve this comment?",
                      f"{label}: the link opens a page that asks first")
        results.check(f"Held, then approved ({label})." in driver.page_source and "mira@example.com" not in driver.page_source,
                      f"{label}: the page shows the comment, not the address")
        driver.save_screenshot(os.path.join(SHOTS, f"{label}-mail-moderation.png"))
        results.check(f"approved ({label})" not in site.get(article)[2].decode(), f"{label}: opening the link changed nothing")
        driver.find_element(By.CSS_SELECTOR, ".desk-actions button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "The comment is published." in d.page_source)
        results.check(f"Held, then approved ({label})." in site.get(article)[2].decode(),
                      f"{label}: after the button the comment is on the article page")
        driver.get(next(link for link in links if ".s." in link))
        results.check("dealt with this comment already" in driver.page_source,
                      f"{label}: the mail's spam link then finds the comment dealt with")
    finally:
        driver.quit()
        site.stop()
        sink.stop()


def asking_for_reply_mail(results, javascript):
    """A reader ticks "Email me when someone replies", confirms from the mail's link (the page
    asks; the button acts), and gets the reply's mail, whose unsubscribe link ends it (#17)."""
    sink = SMTPSink()
    site = Feder(moderation="none", extra_config=sink.mail_config())
    label = "js" if javascript else "nojs"
    article = "/articles/why-i-went-back-to-running-my-own-blog"
    driver = browser(javascript)
    try:
        driver.get(site.base + article + "#respond")
        driver.find_element(By.ID, "comment-name").send_keys("Noor")
        driver.find_element(By.ID, "comment-email").send_keys("noor@example.com")
        driver.find_element(By.ID, "comment-body").send_keys(f"Tell me when someone answers ({label}).")
        box = driver.find_element(By.ID, "comment-notify")
        results.check(not box.is_selected(), f"{label}: the reply-mail box starts unticked")
        box.click()
        driver.find_element(By.CSS_SELECTOR, "#comment-form button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "#comment-" in d.current_url)
        confirmation = sink.wait_for(1)[0]
        link = next(word for word in confirmation["text"].split() if "/mail/" in word)
        driver.get(link)
        results.check(driver.find_element(By.TAG_NAME, "h1").text == "Confirm your subscription",
                      f"{label}: the confirmation link opens a page that asks")
        driver.save_screenshot(os.path.join(SHOTS, f"{label}-mail-confirm.png"))
        driver.find_element(By.CSS_SELECTOR, ".mail-page button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "Confirmed." in d.page_source)
        results.check(True, f"{label}: the button confirms")
        comment_id = site.get(article)[2].decode().split(f"Tell me when someone answers ({label}).")[0].rsplit('id="comment-', 1)[1].split('"')[0]
        site.post_form(article + "/comments", {"name": "Ola", "email": "ola@example.com", "body": "Here is an answer.",
                                               "parent_id": comment_id})
        reply = sink.wait_for(2)[1]
        results.check(reply["rcpt_tos"] == ["noor@example.com"] and "Here is an answer." in reply["text"]
                      and "ola@example.com" not in json.dumps(reply), f"{label}: the reply's mail reaches Noor, not Ola's address")
        unsubscribe = dict(reply["headers"]).get("List-Unsubscribe", "").strip("<>")
        driver.get(unsubscribe)
        driver.find_element(By.CSS_SELECTOR, ".mail-page button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "no more mail" in d.page_source)
        results.check(True, f"{label}: the unsubscribe link's button ends it")
    finally:
        driver.quit()
        site.stop()
        sink.stop()


def previewing_a_comment(results, javascript):
    """A reader writes Markdown, presses Preview (the page shows it rendered and posts
    nothing), then posts it; the comment shows the same rendering (#17)."""
    site = Feder(moderation="none")
    label = "js" if javascript else "nojs"
    article = "/articles/why-i-went-back-to-running-my-own-blog"
    driver = browser(javascript)
    try:
        driver.get(site.base + article + "#respond")
        driver.find_element(By.ID, "comment-name").send_keys("Pia")
        driver.find_element(By.ID, "comment-email").send_keys("pia@example.com")
        driver.find_element(By.ID, "comment-body").send_keys(f"Some *emphasis* and `code` ({label})")
        driver.find_element(By.CSS_SELECTOR, "#comment-form button[name=preview]").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "comment-preview"))
        preview = driver.find_element(By.CSS_SELECTOR, "#comment-preview .comment__body")
        results.check(preview.find_element(By.TAG_NAME, "em").text == "emphasis" and
                      preview.find_element(By.TAG_NAME, "code").text == "code", f"{label}: Preview renders the Markdown")
        results.check(driver.find_element(By.ID, "comment-body").get_attribute("value") == f"Some *emphasis* and `code` ({label})",
                      f"{label}: the text stays in the field")
        results.check(f"({label})" not in site.get(article)[2].decode(), f"{label}: Preview posted nothing")
        driver.save_screenshot(os.path.join(SHOTS, f"{label}-comment-preview.png"))
        driver.find_element(By.CSS_SELECTOR, "#comment-form button[type=submit]:not([name])").click()
        WebDriverWait(driver, 10).until(lambda d: "#comment-" in d.current_url)
        results.check(f"<em>emphasis</em> and <code>code</code> ({label})" in site.get(article)[2].decode(),
                      f"{label}: the posted comment is rendered the same")
    finally:
        driver.quit()
        site.stop()


def shoot_in_both_themes(driver, name):
    """Screenshots of the page as it is stored, in light and in dark (the theme cookie, as the
    switch sets it), for the record; the page is left in light."""
    for theme in ("light", "dark"):
        driver.add_cookie({"name": "theme", "value": theme, "path": "/"})
        driver.refresh()
        driver.save_screenshot(os.path.join(SHOTS, f"{name}-{theme}.png"))
    driver.add_cookie({"name": "theme", "value": "light", "path": "/"})
    driver.refresh()


def desk_sign_in_and_out(results, javascript):
    """The author's way in: the desk sends a stranger to sign in, a wrong password is refused
    with the address kept, the right one opens the dashboard with the held comment, in light
    and dark, and signing out ends it; with and without JavaScript."""
    label = "desk " + ("js" if javascript else "nojs")
    site = Feder(moderation="all")
    site.add_user("owner@example.com", "Olive Owner", "owner", "a long and unusual passphrase")
    site.post_form("/articles/why-i-went-back-to-running-my-own-blog/comments",
                   {"name": "Hal", "email": "hal@example.com", "body": "Held until someone looks."})
    driver = browser(javascript)
    wait = WebDriverWait(driver, 10)
    try:
        driver.get(site.base + "/admin")
        wait.until(conditions.url_contains("/admin/login"))
        results.check("next=%2Fadmin" in driver.current_url, f"{label}: a stranger is sent to sign in", driver.current_url)
        driver.find_element(By.ID, "signin-email").send_keys("owner@example.com")
        driver.find_element(By.ID, "signin-password").send_keys("wrong passphrase")
        driver.find_element(By.CSS_SELECTOR, ".desk-form button[type=submit]").click()
        wait.until(conditions.presence_of_element_located((By.ID, "error-summary")))
        results.check(driver.find_element(By.ID, "signin-email").get_attribute("value") == "owner@example.com"
                      and driver.find_element(By.ID, "signin-password").get_attribute("value") == "",
                      f"{label}: a refusal keeps the address, not the password")
        driver.find_element(By.ID, "signin-password").send_keys("a long and unusual passphrase")
        driver.find_element(By.CSS_SELECTOR, ".desk-form button[type=submit]").click()
        wait.until(lambda d: d.current_url.rstrip("/").endswith("/admin"))
        heading = driver.find_element(By.TAG_NAME, "h1").text
        pending = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=pending-heading]").text
        results.check(heading == "Dashboard" and "Hal" in pending and "hal@example.com" in pending,
                      f"{label}: the dashboard shows the held comment", pending[:200])
        cookie = driver.get_cookie("feder_session") or {}
        results.check(cookie.get("httpOnly") is True and cookie.get("sameSite") == "Lax",
                      f"{label}: the session cookie is HttpOnly and SameSite=Lax", str(cookie))
        for theme in ("dark", "light"):
            driver.find_element(By.CSS_SELECTOR, f".theme-toggle__button--{theme}").click()
            wait.until(lambda d: (d.get_cookie("theme") or {}).get("value") == theme)
            wait.until(lambda d: d.current_url.rstrip("/").endswith("/admin"))
            results.check(background_is_dark(driver) == (theme == "dark"), f"{label}: the dashboard in {theme}")
            driver.save_screenshot(os.path.join(SHOTS, f"{label.replace(' ', '-')}-dashboard-{theme}.png"))
        driver.find_element(By.CSS_SELECTOR, "nav a[href='/admin/comments']").click()
        wait.until(conditions.url_contains("/admin/comments"))
        shoot_in_both_themes(driver, f"{label.replace(' ', '-')}-queue")
        driver.find_element(By.CSS_SELECTOR, ".desk-queue__choose input[type=checkbox]").click()
        driver.find_element(By.CSS_SELECTOR, "button[value=approve]").click()
        wait.until(lambda d: "Nothing here." in d.page_source)
        results.check(b"Held until someone looks." in site.get("/articles/why-i-went-back-to-running-my-own-blog")[2],
                      f"{label}: approving from the queue publishes the comment")
        # Reply as the author from the comment's own page.
        driver.get(site.base + "/admin/comments?status=approved")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Edit").click()
        wait.until(conditions.presence_of_element_located((By.ID, "reply-text")))
        driver.find_element(By.ID, "reply-text").send_keys("Thank you for waiting.")
        driver.find_element(By.CSS_SELECTOR, ".desk-reply button[type=submit]").click()
        wait.until(conditions.url_contains("/articles/why-i-went-back-to-running-my-own-blog"))
        badges = driver.find_elements(By.CSS_SELECTOR, ".comment__badge")
        results.check("Thank you for waiting." in driver.page_source and any(b.text == "Author" for b in badges),
                      f"{label}: a reply as the author is published with its badge")
        driver.get(site.base + "/admin/comments")
        driver.find_element(By.CSS_SELECTOR, ".desk-signout button").click()
        wait.until(conditions.url_contains("/admin/login?out=1"))
        results.check("signed out" in driver.find_element(By.CSS_SELECTOR, ".notice").text,
                      f"{label}: signing out says so")
        driver.get(site.base + "/admin")
        wait.until(conditions.url_contains("/admin/login"))
        results.check(True, f"{label}: after signing out the desk asks to sign in again")
    finally:
        driver.quit()
        site.stop()


def desk_writing(results, javascript):
    """An editor writes a draft, previews it, publishes it and sees it on the site, then
    changes it and restores the first revision; with and without JavaScript."""
    label = "desk writing " + ("js" if javascript else "nojs")
    site = Feder()
    site.add_user("editor@example.com", "Eda Editor", "editor", "a long and unusual passphrase")
    driver = browser(javascript)
    wait = WebDriverWait(driver, 10)
    try:
        driver.get(site.base + "/admin/login")
        driver.find_element(By.ID, "signin-email").send_keys("editor@example.com")
        driver.find_element(By.ID, "signin-password").send_keys("a long and unusual passphrase")
        driver.find_element(By.CSS_SELECTOR, ".desk-form button[type=submit]").click()
        wait.until(lambda d: d.current_url.rstrip("/").endswith("/admin"))
        driver.find_element(By.CSS_SELECTOR, "nav a[href='/admin/articles']").click()
        wait.until(conditions.url_contains("/admin/articles"))
        driver.find_element(By.LINK_TEXT, "New article").click()
        wait.until(conditions.url_contains("/admin/articles/new"))
        driver.find_element(By.ID, "article-title").send_keys("Written in a browser")
        driver.find_element(By.ID, "article-tags").send_keys("desk")
        driver.find_element(By.ID, "article-body").send_keys("The first version, with **bold** words.")
        driver.save_screenshot(os.path.join(SHOTS, f"{label.replace(' ', '-')}-editor.png"))
        driver.find_element(By.CSS_SELECTOR, "button[value=draft]").click()
        wait.until(conditions.url_contains("saved=1"))
        results.check("Saved." in driver.find_element(By.CSS_SELECTOR, ".notice").text, f"{label}: a draft is saved")
        results.check(site.get("/articles/written-in-a-browser")[0] == 404, f"{label}: the draft is not public")
        shoot_in_both_themes(driver, f"{label.replace(' ', '-')}-editor-saved")

        live = driver.find_element(By.ID, "live-preview")
        if javascript:
            # The live preview follows the text without a click.
            driver.find_element(By.ID, "article-body").send_keys(" Typed after saving.")
            WebDriverWait(driver, 10).until(
                lambda d: "Typed after saving." in (live.find_element(By.TAG_NAME, "iframe").get_attribute("srcdoc") or ""))
            results.check(live.is_displayed(), f"{label}: the live preview shows the typed text")
            driver.find_element(By.CSS_SELECTOR, "button[value=draft]").click()
            wait.until(conditions.url_contains("saved=1"))
        else:
            results.check(not live.is_displayed(), f"{label}: without JavaScript the live preview stays hidden")

        # A preview link shows the draft to someone without an account.
        driver.find_element(By.CSS_SELECTOR, "#preview-link button[type=submit]").click()
        wait.until(conditions.url_contains("#preview-link"))
        link = driver.find_element(By.ID, "preview-link-url").get_attribute("value")
        status, headers, body = site.get(link[len(site.base):])
        results.check(status == 200 and b"The first version" in body and headers.get("X-Robots-Tag") == "noindex, nofollow",
                      f"{label}: the preview link shows the draft, noindex", f"{status} {headers.get('X-Robots-Tag')}")

        editor = driver.current_window_handle
        driver.find_element(By.CSS_SELECTOR, "button[value=preview]").click()  # opens a new tab
        wait.until(lambda d: len(d.window_handles) == 2)
        driver.switch_to.window([h for h in driver.window_handles if h != editor][0])
        wait.until(lambda d: "Written in a browser" in d.page_source)
        bold = driver.find_elements(By.CSS_SELECTOR, "article strong, .article__body strong")
        results.check(any(b.text == "bold" for b in bold), f"{label}: the preview renders the Markdown as the site would")
        driver.close()
        driver.switch_to.window(editor)

        driver.find_element(By.CSS_SELECTOR, "button[value=publish]").click()
        wait.until(conditions.url_contains("saved=1"))
        driver.get(site.base + "/articles/written-in-a-browser")
        results.check("The first version" in driver.page_source, f"{label}: the published article is on the site")

        driver.get(site.base + "/admin/articles/written-in-a-browser/edit")
        body = driver.find_element(By.ID, "article-body")
        body.clear()
        body.send_keys("The second version.")
        driver.find_element(By.CSS_SELECTOR, "button[value=publish]").click()
        wait.until(conditions.url_contains("saved=1"))
        driver.find_element(By.LINK_TEXT, "Revisions").click()
        wait.until(conditions.url_contains("/revisions"))
        driver.find_element(By.LINK_TEXT, "Revision 1").click()
        wait.until(conditions.url_contains("show=1"))
        driver.save_screenshot(os.path.join(SHOTS, f"{label.replace(' ', '-')}-revisions.png"))
        driver.find_element(By.CSS_SELECTOR, ".desk-panel form button[type=submit]").click()
        wait.until(conditions.url_contains("saved=1"))
        driver.get(site.base + "/articles/written-in-a-browser")
        results.check("The first version" in driver.page_source and "second version" not in driver.page_source,
                      f"{label}: restoring revision 1 brings its text back to the site")

        desk_scheduling(driver, wait, site, results, label)
        desk_page(driver, wait, site, results, label)

        # The session ends while the author types: the text survives signing in again.
        driver.get(site.base + "/admin/articles/written-in-a-browser/edit")
        site.revoke_sessions("editor@example.com")
        body = driver.find_element(By.ID, "article-body")
        body.clear()
        body.send_keys("Typed while the session ended.")
        driver.find_element(By.CSS_SELECTOR, "button[value=publish]").click()
        wait.until(conditions.presence_of_element_located((By.ID, "signin-password")))
        results.check("Your session has ended" in driver.page_source, f"{label}: an ended session asks to sign in again")
        driver.find_element(By.ID, "signin-email").send_keys("editor@example.com")
        driver.find_element(By.ID, "signin-password").send_keys("a long and unusual passphrase")
        driver.find_element(By.CSS_SELECTOR, ".desk-form button[type=submit]").click()
        wait.until(conditions.presence_of_element_located((By.ID, "article-body")))
        results.check(driver.find_element(By.ID, "article-body").get_attribute("value") == "Typed while the session ended.",
                      f"{label}: the unsaved text is back in the editor after signing in")
    finally:
        driver.quit()
        site.stop()


def desk_scheduling(driver, wait, site, results, label):
    """Schedules an article a few seconds ahead: the home page and the feed leave it out until
    its time, then show it without anyone doing anything."""
    zone = ZoneInfo("Europe/Berlin")  # the harness's site.timezone
    title = "Scheduled from a browser"
    driver.get(site.base + "/admin/articles/new")
    driver.find_element(By.ID, "article-title").send_keys(title)
    driver.find_element(By.ID, "article-body").send_keys("It appears by itself.")
    goes_live = (datetime.now(zone) + timedelta(seconds=6)).replace(microsecond=0)
    # The field takes minutes when typed; a script sets seconds, as a date picker would.
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "article-date"),
                          goes_live.strftime("%Y-%m-%dT%H:%M:%S"))
    driver.find_element(By.CSS_SELECTOR, "button[value=schedule]").click()
    wait.until(conditions.url_contains("saved=1"))
    results.check("Scheduled: goes live on" in driver.page_source, f"{label}: the editor says when it goes live")
    home = site.get("/")[2].decode()
    results.check(title not in home and datetime.now(zone) < goes_live, f"{label}: not on the home page before its time")
    WebDriverWait(driver, 30, poll_frequency=0.5).until(lambda d: d.get(site.base + "/") or title in d.page_source)
    results.check(datetime.now(zone) >= goes_live, f"{label}: on the home page at its time, not before")
    results.check(title in site.get("/feed.xml")[2].decode(), f"{label}: and in the feed")


def desk_page(driver, wait, site, results, label):
    """Writes a page (Imprint) with a place in the navigation: it is at its own address, in the
    navigation of every page, without a date line or comments, and not on the home page."""
    driver.get(site.base + "/admin/articles/new")
    driver.find_element(By.ID, "article-title").send_keys("Imprint")
    driver.find_element(By.ID, "article-kind-page").click()
    driver.find_element(By.ID, "article-navOrder").send_keys("5")
    driver.find_element(By.ID, "article-body").send_keys("Responsible for this site: Eda Editor.")
    driver.find_element(By.CSS_SELECTOR, "button[value=publish]").click()
    wait.until(conditions.url_contains("saved=1"))
    driver.get(site.base + "/")
    results.check("Responsible for this site" not in driver.page_source, f"{label}: a page is not on the home page")
    driver.find_element(By.CSS_SELECTOR, ".site-nav a[href='/imprint']").click()
    wait.until(conditions.url_contains("/imprint"))
    current = driver.find_element(By.CSS_SELECTOR, ".site-nav a[aria-current=page]").text
    results.check("Responsible for this site" in driver.page_source and current == "Imprint"
                  and not driver.find_elements(By.CSS_SELECTOR, "article time, #comments, #respond"),
                  f"{label}: the page is in the navigation, at its address, without date or comments", current)


def main():
    results = Results()
    for javascript in (True, False):
        desk_sign_in_and_out(results, javascript)
        desk_writing(results, javascript)
    site = Feder(moderation="none")
    for javascript in (True, False):
        theme_toggle(site, results, javascript)
    reading_and_commenting(site, results)
    site.stop()
    paging_without_javascript(results)
    imported_wordpress_site(results)
    for javascript in (True, False):
        moderating_from_mail(results, javascript)
        asking_for_reply_mail(results, javascript)
        previewing_a_comment(results, javascript)
    moderated = Feder(moderation="first-time")
    moderation_notice(moderated, results)
    moderated.stop()
    print(f"screenshots: {SHOTS}")
    return results.finish("browser-checks")


if __name__ == "__main__":
    sys.exit(main())
