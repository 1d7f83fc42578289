// The author's desk: enhancements on pages that work without JavaScript. Loaded with
// `defer`, so the DOM is parsed when this runs.
(function () {
  "use strict";

  var PAUSE_MS = 600; // after the last keystroke, before asking for a new preview

  // ---- Live preview: the editor's form posted as Preview, shown in a frame. ----
  // The server renders it (the same path as the Preview button), so the frame shows exactly
  // the public page. The frame is sandboxed without scripts; same origin, so the site's
  // styles load and its scroll position can be kept across updates.

  function initLivePreview() {
    var form = document.getElementById("editor");
    var panel = document.getElementById("live-preview");
    if (!form || !panel || !window.fetch || !window.FormData || !window.URLSearchParams) {
      return;
    }
    // Not `form.action`: the buttons are named "action", and the name wins.
    var target = form.getAttribute("action");
    var frame = panel.querySelector("iframe");
    var note = panel.querySelector(".desk-live__note");
    var timer = null;
    var busy = false;
    var again = false;

    function show(html) {
      var scroll = 0;
      try {
        scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      } catch (error) {
        scroll = 0;
      }
      frame.onload = function () {
        try {
          frame.contentWindow.scrollTo(0, scroll);
        } catch (error) {
          // nothing to keep
        }
      };
      frame.srcdoc = html;
    }

    function refresh() {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      var data = new FormData(form);
      data.set("action", "preview");
      fetch(target, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
        .then(function (response) {
          // 422: a field the importer's rules refuse; the last good preview stays.
          note.hidden = response.ok;
          return response.ok ? response.text().then(show) : null;
        })
        .catch(function () {
          note.hidden = false;
        })
        .then(function () {
          busy = false;
          if (again) {
            again = false;
            refresh();
          }
        });
    }

    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, PAUSE_MS);
    });
    panel.hidden = false;
    var wrapper = form.closest(".desk-editor");
    if (wrapper) {
      wrapper.classList.add("desk-editor--live");
    }
    // A new, empty article has nothing to show yet (and its missing title would be an error).
    var title = form.querySelector('[name="title"]');
    if (title && title.value) {
      refresh();
    }
  }

  initLivePreview();
})();
