#!/usr/bin/env python3
"""Accessibility in a real browser (headless Chromium through Selenium):

- axe-core through axe-selenium-python on home, an article with comments, the same article
  after the empty comment form was submitted (form errors), search results, the archive and
  a 404 page, each in the light and the dark theme: zero serious or critical violations.
  axe-selenium-python (the newest release for Python 3.11) bundles axe-core 3.1.1 from 2018;
  its maintained fork selenium-axe-python bundles axe-core 4.9, so every page is checked
  with both engines through axe-selenium-python's runner.
- A keyboard-only path through the comment form, in both themes: Tab from the top of the
  page reaches name → email → website → comment → remember me → submit in that order, each
  with a visible focus indicator (outline or box-shadow differs from its unfocused style),
  and after Enter on submit with every field empty the error summary has focus."""
import os
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as conditions
from selenium.webdriver.support.ui import WebDriverWait

from harness import SMTPSink, Feder, Results

ARTICLE = "/articles/why-i-went-back-to-running-my-own-blog"
BLOCKING = ("serious", "critical")
FORM_ORDER = ["comment-name", "comment-email", "comment-website", "comment-body", "comment-remember", "submit"]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--force-prefers-reduced-motion"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(60)
    return driver


def engines():
    """(name, script path) of every axe-core available: the one axe-selenium-python ships, and
    the newer one of selenium-axe-python when installed."""
    found = [(f"axe-core {version_of(Axe(None).script_url)}", Axe(None).script_url)]
    try:
        import selenium_axe_python
        newer = os.path.join(os.path.dirname(selenium_axe_python.__file__), "axe-core", "axe.min.js")
        if os.path.exists(newer):
            found.append((f"axe-core {version_of(newer)}", newer))
    except ImportError:
        pass
    return found


def version_of(script):
    import re
    with open(script, encoding="utf8") as handle:
        match = re.search(r'\.version="([0-9.]+)"', handle.read())
    return match.group(1) if match else "?"


def set_theme(driver, site, theme):
    """The reader's way: the toggle button (a form post that sets the `theme` cookie)."""
    driver.get(site.base + "/")
    button = driver.find_element(By.CSS_SELECTOR, f".theme-toggle__button--{theme}")
    if button.is_displayed():  # only the button for the other theme is shown
        button.click()
        WebDriverWait(driver, 10).until(lambda d: (d.get_cookie("theme") or {}).get("value") == theme)
    other = "light" if theme == "dark" else "dark"
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, f".theme-toggle__button--{other}").is_displayed())


def submit_empty_form(driver, site):
    driver.get(site.base + ARTICLE)
    driver.find_element(By.CSS_SELECTOR, "#comment-form button[type=submit]").click()
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "error-summary")))


def audit(driver, results, label, engine_list):
    for name, script in engine_list:
        axe = Axe(driver, script_url=script)
        axe.inject()
        outcome = axe.run()
        violations = outcome.get("violations", [])
        blocking = [v for v in violations if v.get("impact") in BLOCKING]
        details = "; ".join(f"{v['id']} ({v['impact']}): " + ", ".join(str(n.get("target")) for n in v["nodes"][:4])
                            for v in blocking)
        results.check(not blocking, f"{label} [{name}]: no serious/critical violations "
                                    f"({len(outcome.get('passes', []))} rules pass)", details)
        for violation in violations:
            if violation.get("impact") not in BLOCKING:
                print(f"     note {label} [{name}]: {violation['id']} ({violation['impact']}), "
                      f"{len(violation['nodes'])} node(s)")


def pages(driver, site, results, theme, engine_list):
    states = [("home", "/"), ("article with comments", ARTICLE), ("article with form errors", None),
              ("article, second comment page", ARTICLE + "?cpage=2"), ("search", "/search?q=blog"),
              ("archive", "/archive"), ("archive month", "/archive/2026/03"), ("page", "/about"),
              ("404", "/articles/does-not-exist")]
    for name, path in states:
        if path is None:
            submit_empty_form(driver, site)
        else:
            driver.get(site.base + path)
        dark = driver.execute_script("return document.documentElement.dataset.theme || ''")
        audit(driver, results, f"{theme} {name}", engine_list)
        if name == "home":
            background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            print(f"     ({theme}: body background {background}, data-theme {dark!r})")


def desk_pages(driver, site, results, theme, engine_list):
    """The author's desk: the sign-in form, with a refusal, then the dashboard; signed out after."""
    driver.get(site.base + "/admin/login")
    audit(driver, results, f"{theme} desk sign-in", engine_list)
    driver.find_element(By.ID, "signin-email").send_keys("owner@example.com")
    driver.find_element(By.ID, "signin-password").send_keys("wrong passphrase")
    driver.find_element(By.CSS_SELECTOR, ".desk-form button[type=submit]").click()
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "error-summary")))
    audit(driver, results, f"{theme} desk sign-in refused", engine_list)
    driver.find_element(By.ID, "signin-password").send_keys("a long and unusual passphrase")
    driver.find_element(By.CSS_SELECTOR, ".desk-form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.rstrip("/").endswith("/admin"))
    audit(driver, results, f"{theme} desk dashboard", engine_list)
    driver.get(site.base + "/admin/comments?status=approved")
    audit(driver, results, f"{theme} desk comment queue", engine_list)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Edit").click()
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "comment-text")))
    audit(driver, results, f"{theme} desk comment page", engine_list)
    driver.get(site.base + "/admin/personal-data")
    driver.find_element(By.ID, "personal-email").send_keys("ada@example.com")
    driver.find_element(By.CSS_SELECTOR, ".desk-search button[type=submit]").click()
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "found-heading")))
    audit(driver, results, f"{theme} desk personal data", engine_list)
    driver.get(site.base + "/admin/tokens")
    driver.find_element(By.ID, "token-name").send_keys(f"Checked in {theme}")
    driver.find_element(By.CSS_SELECTOR, ".desk-tokens .desk-form button[type=submit]").click()
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "token-secret")))
    audit(driver, results, f"{theme} desk API tokens", engine_list)
    driver.get(site.base + "/admin/audit")
    audit(driver, results, f"{theme} desk audit log", engine_list)
    driver.get(site.base + "/admin/redirects")
    driver.find_element(By.ID, "redirect-from").send_keys("/old/")
    driver.find_element(By.ID, "redirect-to").send_keys("//elsewhere")  # refused: the form with its errors
    driver.find_element(By.CSS_SELECTOR, ".desk-redirects .desk-form button[type=submit]").click()
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "redirect-to-error")))
    audit(driver, results, f"{theme} desk redirects refused", engine_list)
    driver.get(site.base + "/admin/users")
    audit(driver, results, f"{theme} desk users", engine_list)
    driver.get(site.base + "/admin/articles")
    audit(driver, results, f"{theme} desk article list", engine_list)
    driver.get(site.base + "/admin/articles?status=pages")
    audit(driver, results, f"{theme} desk list of pages", engine_list)
    driver.get(site.base + "/admin/articles/new")
    audit(driver, results, f"{theme} desk editor", engine_list)
    driver.find_element(By.CSS_SELECTOR, "button[value=draft]").click()  # no title: refused
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "error-summary")))
    audit(driver, results, f"{theme} desk editor refused", engine_list)
    driver.find_element(By.ID, "article-title").send_keys(f"Checked in {theme}")
    driver.find_element(By.ID, "article-body").send_keys("Words.")
    driver.find_element(By.CSS_SELECTOR, "button[value=draft]").click()
    WebDriverWait(driver, 10).until(conditions.url_contains("saved=1"))
    body = driver.find_element(By.ID, "article-body")
    body.clear()
    body.send_keys("Other words.")
    driver.find_element(By.CSS_SELECTOR, "button[value=draft]").click()
    WebDriverWait(driver, 10).until(conditions.url_contains("saved=1"))
    audit(driver, results, f"{theme} desk editor with the live preview", engine_list)
    editor = driver.current_url.split("#")[0]
    driver.find_element(By.CSS_SELECTOR, "#preview-link button[type=submit]").click()
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "preview-link-url")))
    audit(driver, results, f"{theme} desk editor with a preview link", engine_list)
    driver.get(driver.find_element(By.ID, "preview-link-url").get_attribute("value"))
    audit(driver, results, f"{theme} draft preview page", engine_list)
    driver.get(editor)
    driver.get(driver.current_url.split("/edit")[0] + "/revisions?show=1")
    audit(driver, results, f"{theme} desk revisions", engine_list)
    driver.get(driver.current_url.split("/revisions")[0] + "/delete")
    audit(driver, results, f"{theme} desk delete question", engine_list)
    driver.get(site.base + "/admin")
    driver.find_element(By.CSS_SELECTOR, ".desk-signout button").click()
    WebDriverWait(driver, 10).until(conditions.url_contains("/admin/login"))


def focus_style(driver):
    return driver.execute_script("""
        const e = document.activeElement; const s = getComputedStyle(e);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor].join(' | ');""")


def active_id(driver):
    return driver.execute_script("""
        const e = document.activeElement;
        if (!e) return '';
        if (e.matches('#comment-form button[type=submit]')) return 'submit';
        return e.id || e.tagName.toLowerCase();""")


def keyboard_path(driver, site, results, theme):
    driver.get(site.base + ARTICLE)
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    keys = ActionChains(driver)
    # From the top of the page, Tab until the first form field (bounded), as a keyboard user would.
    for _ in range(200):
        keys.send_keys(Keys.TAB).perform()
        if active_id(driver) == FORM_ORDER[0]:
            break
    order, focused_styles = [], {}
    for step in range(len(FORM_ORDER)):
        if step:
            keys.send_keys(Keys.TAB).perform()
        current = active_id(driver)
        order.append(current)
        focused_styles[current] = focus_style(driver)
    results.check(order == FORM_ORDER, f"{theme} keyboard: Tab order name → email → website → comment → remember → submit",
                  f"got {order}")
    # The same elements unfocused: focus moved to the page's main landmark.
    unfocused = {}
    for element_id in FORM_ORDER:
        selector = "#comment-form button[type=submit]" if element_id == "submit" else f"#{element_id}"
        unfocused[element_id] = driver.execute_script("""
            document.getElementById('main').focus();
            const s = getComputedStyle(document.querySelector(arguments[0]));
            return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor].join(' | ');""", selector)
    invisible = [element_id for element_id in FORM_ORDER
                 if focused_styles.get(element_id) == unfocused[element_id] or
                 not visible_indicator(focused_styles.get(element_id, ""))]
    results.check(not invisible, f"{theme} keyboard: focus visible on all {len(FORM_ORDER)} form controls",
                  "; ".join(f"{i}: focused {focused_styles.get(i)!r} vs {unfocused[i]!r}" for i in invisible))
    # Back to the submit button by keyboard, Enter with every field empty.
    driver.find_element(By.CSS_SELECTOR, "#comment-form button[type=submit]").send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(conditions.presence_of_element_located((By.ID, "error-summary")))
    WebDriverWait(driver, 5).until(lambda d: active_id(d) == "error-summary")
    results.check(active_id(driver) == "error-summary", f"{theme} keyboard: error summary has focus after submit",
                  active_id(driver))
    summary_style = focus_style(driver)
    results.check(visible_indicator(summary_style), f"{theme} keyboard: focused error summary shows its focus",
                  summary_style)


def visible_indicator(style):
    """An outline that is drawn, or a box-shadow."""
    outline_style, outline_width, _, shadow, _ = (style.split(" | ") + [""] * 5)[:5]
    drawn_outline = outline_style not in ("none", "") and outline_width not in ("0px", "")
    return drawn_outline or shadow not in ("none", "")


def mail_links():
    """The Approve link of a moderator's mail about a held comment, and the confirmation link
    of a reader's mail about a published one, each on a server of its own (left running for
    the audit; stopped at exit). Opening them changes nothing."""
    links = []
    for moderation, marker in (("all", "/admin/mail/"), ("none", "/mail/")):
        sink = SMTPSink()
        site = Feder(moderation=moderation, extra_config=sink.mail_config())
        site.post_form(ARTICLE + "/comments", {"name": "Mira", "email": "mira@example.com", "body": "Mail me, please.",
                                               "notify": "1"})
        text = sink.wait_for(1)[0]["text"]
        links.append(next(word for word in text.split() if word.startswith(site.base + marker) and ".s." not in word))
    return links


def main():
    results = Results()
    engine_list = engines()
    import axe_selenium_python
    print("axe-selenium-python", getattr(axe_selenium_python, "__version__", ""), "engines:",
          ", ".join(name for name, _ in engine_list))
    # One thread a comment page, so the article's comments come in pages.
    site = Feder(moderation="none", extra_config={"comments": {"perPage": 1}})
    driver = None
    try:
        first = site.post_form(ARTICLE + "/comments", {"name": "Ada", "email": "ada@example.com",
                                                       "body": "A first comment.\n\nWith https://example.org in it."})
        results.check(first[0] == 303, "comment posted for the article page", str(first[0]))
        parent = first[1].get("Location", "").rsplit("comment-", 1)[-1]
        reply = site.post_form(ARTICLE + "/comments", {"name": "Bob", "email": "bob@example.com",
                                                       "body": "A reply.", "parent_id": parent})
        results.check(reply[0] == 303, "reply posted", str(reply[0]))
        second = site.post_form(ARTICLE + "/comments", {"name": "Cy", "email": "cy@example.com", "body": "A second thread."})
        results.check("cpage=2" in second[1].get("Location", ""), "a second thread lands on comment page 2",
                      second[1].get("Location", ""))
        site.add_user("owner@example.com", "Olive Owner", "owner", "a long and unusual passphrase")
        mail_link, confirm_link = mail_links()
        driver = browser()
        print("chromium", driver.capabilities.get("browserVersion", "?"))
        for theme in ("light", "dark"):
            set_theme(driver, site, theme)
            pages(driver, site, results, theme, engine_list)
            keyboard_path(driver, site, results, theme)
            desk_pages(driver, site, results, theme, engine_list)
            driver.get(mail_link)
            audit(driver, results, f"{theme} mail moderation page", engine_list)
            driver.get(confirm_link)
            audit(driver, results, f"{theme} subscription confirmation page", engine_list)
    finally:
        if driver is not None:
            driver.quit()
        site.stop()
    return results.finish("accessibility-checks")


if __name__ == "__main__":
    sys.exit(main())
