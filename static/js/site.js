// Feder default theme: small enhancements on top of pages that already work without
// JavaScript. Loaded with `defer`, so the DOM is parsed when this runs.
(function () {
  "use strict";

  var THEME_MAX_AGE = 31536000; // one year, in seconds
  var COMMENTER_KEY = "feder.commenter";
  var COMMENTER_FIELDS = ["name", "email", "website"];

  // ---- Theme toggle: switch instantly instead of posting the form. ----

  function setTheme(theme, form) {
    document.documentElement.dataset.theme = theme;
    var cookie = "theme=" + theme + "; Path=/; Max-Age=" + THEME_MAX_AGE + "; SameSite=Lax";
    if (location.protocol === "https:") {
      cookie += "; Secure";
    }
    document.cookie = cookie;
    // The pressed button is now hidden by CSS; keep keyboard focus on the toggle.
    var other = form.querySelector('button[value="' + (theme === "dark" ? "light" : "dark") + '"]');
    if (other) {
      other.focus();
    }
  }

  function initThemeToggle() {
    var forms = document.querySelectorAll(".theme-toggle");
    Array.prototype.forEach.call(forms, function (form) {
      Array.prototype.forEach.call(form.querySelectorAll('button[name="theme"]'), function (button) {
        button.addEventListener("click", function (event) {
          var theme = button.value;
          if (theme !== "dark" && theme !== "light") {
            return;
          }
          event.preventDefault();
          setTheme(theme, form);
        });
      });
    });
  }

  // ---- "Remember me on this device": local storage only, never sent to the server. ----

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage disabled (private mode, blocked cookies)
    }
  }

  function field(form, name) {
    return form.querySelector('[name="' + name + '"]');
  }

  function initRememberMe(form) {
    var store = storage();
    var checkbox = form.querySelector("#comment-remember");
    if (!store || !checkbox) {
      return;
    }
    var saved = null;
    try {
      saved = JSON.parse(store.getItem(COMMENTER_KEY) || "null");
    } catch (error) {
      store.removeItem(COMMENTER_KEY);
    }
    if (saved && typeof saved === "object") {
      COMMENTER_FIELDS.forEach(function (name) {
        var input = field(form, name);
        if (input && !input.value && typeof saved[name] === "string") {
          input.value = saved[name];
        }
      });
      checkbox.checked = true;
    }
    form.addEventListener("submit", function () {
      try {
        if (checkbox.checked) {
          var data = {};
          COMMENTER_FIELDS.forEach(function (name) {
            var input = field(form, name);
            data[name] = input ? input.value.trim() : "";
          });
          store.setItem(COMMENTER_KEY, JSON.stringify(data));
        } else {
          store.removeItem(COMMENTER_KEY);
        }
      } catch (error) {
        // Quota or privacy settings: the comment is still posted.
      }
    });
  }

  // ---- Reply links: move the form under the comment instead of reloading. ----

  function initReplies(form) {
    var respond = document.getElementById("respond");
    var parent = document.getElementById("comment-parent");
    var banner = document.getElementById("reply-banner");
    var bannerName = document.getElementById("reply-name");
    var cancel = document.getElementById("reply-cancel");
    if (!respond || !parent || !banner || !bannerName || !cancel) {
      return;
    }
    // Remember where the form lives so "Cancel reply" can put it back.
    var home = document.createComment("respond");
    respond.parentNode.insertBefore(home, respond);
    var moved = false;

    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a.comment__reply") : null;
      if (!link || event.defaultPrevented || event.button !== 0 ||
          event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      var card = link.closest("article");
      if (!card || !card.parentNode) {
        return;
      }
      event.preventDefault();
      card.parentNode.insertBefore(respond, card.nextSibling);
      parent.value = link.getAttribute("data-reply-to") || "";
      bannerName.textContent = link.getAttribute("data-reply-name") || "";
      banner.hidden = false;
      moved = true;
      var first = field(form, "name");
      var target = first && first.value ? form.querySelector("#comment-body") : first;
      if (target) {
        target.focus();
      }
    });

    cancel.addEventListener("click", function (event) {
      if (!moved) {
        return; // server-rendered reply state: follow the link
      }
      event.preventDefault();
      home.parentNode.insertBefore(respond, home.nextSibling);
      parent.value = "";
      bannerName.textContent = "";
      banner.hidden = true;
      moved = false;
      var heading = document.getElementById("respond-heading");
      if (heading) {
        heading.focus();
      }
    });
  }

  // ---- After a failed post, take keyboard and screen-reader users to the errors. ----

  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  initThemeToggle();
  var commentForm = document.getElementById("comment-form");
  if (commentForm) {
    initRememberMe(commentForm);
    initReplies(commentForm);
  }
  focusErrorSummary();
})();
