// creatorops: follow work that runs on the server (an import, a background enrollment) on its
// page. Any element with data-status-url is followed: every second the script asks that URL
// (Accept: application/json) for
//   {"running": true, "value": 42, "max": 100, "fields": {"rows": "42,000", ...}}
// moves the element's <progress> to value of max, and sets the text of each [data-field="name"]
// inside it to fields[name]. Once "running" is false it reloads the page, which then shows the
// outcome. The JSON is written by progressStatus (internal/web/progress.go).
// Without JavaScript the pages still work: they carry a Refresh link.
"use strict";

(() => {
  const follow = (box) => {
    const url = box.dataset.statusUrl;
    const show = (s) => {
      const bar = box.querySelector("progress");
      if (bar && s.max > 0) {
        bar.max = s.max;
        bar.value = Math.min(s.value, s.max);
      }
      for (const [name, text] of Object.entries(s.fields || {})) {
        for (const el of box.querySelectorAll(`[data-field="${CSS.escape(name)}"]`)) {
          if (el.textContent !== text) el.textContent = text;
        }
      }
    };
    const tick = async () => {
      try {
        const resp = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (resp.redirected) {
          // The session ended (sent to sign in): reload, so the page says so.
          window.location.reload();
          return;
        }
        if (!resp.ok) throw new Error(resp.status);
        const s = await resp.json();
        if (!s.running) {
          window.location.reload();
          return;
        }
        show(s);
      } catch (e) {
        // A hiccup (a restart, the network): try again at the next tick.
      }
      setTimeout(tick, 1000);
    };
    setTimeout(tick, 1000);
  };
  for (const box of document.querySelectorAll("[data-status-url]")) follow(box);
})();
