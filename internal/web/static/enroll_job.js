// creatorops: follow a background enrollment ("Enroll all matching" from the Directory).
// Without JavaScript the page still works: a Refresh link.
"use strict";

(() => {
  // Poll the job every second, move the bar and the counts, and reload once it is over so
  // the outcome appears.
  const box = document.querySelector(".js-enroll[data-status-url]");
  if (!box) return;
  const url = box.dataset.statusUrl;
  const set = (sel, text) => {
    const el = box.querySelector(sel);
    if (el && text !== undefined) el.textContent = text;
  };
  const tick = async () => {
    try {
      const resp = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!resp.ok) throw new Error(resp.status);
      const s = await resp.json();
      if (!s.running) {
        window.location.reload();
        return;
      }
      const bar = box.querySelector(".js-progress");
      if (bar) {
        bar.max = s.max;
        bar.value = s.value;
      }
      set(".js-headline", s.headline);
      set(".js-done", s.progress);
      set(".js-enrolled", s.enrolled);
      set(".js-skipped", s.skipped);
    } catch (e) {
      // A hiccup (a restart, the network): try again at the next tick.
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();
