// creatorops imports pages: follow a running import, and show the new-shop fields only when they
// apply. Without JavaScript the pages still work: a Refresh link, and every field shown.
"use strict";

(() => {
  // One import's page: poll its status every second, update the bar and the counts, and
  // reload once it is over so the summary and the rejected rows appear.
  const run = document.querySelector(".js-run[data-status-url]");
  if (run) {
    const url = run.dataset.statusUrl;
    const set = (sel, text) => {
      const el = run.querySelector(sel);
      if (el && text !== undefined) el.textContent = text;
    };
    const tick = async () => {
      try {
        const resp = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!resp.ok) throw new Error(resp.status);
        const s = await resp.json();
        if (!s.pending) {
          window.location.reload();
          return;
        }
        const bar = run.querySelector(".js-progress");
        if (bar) bar.value = s.progress;
        set(".js-percent", s.percent);
        set(".js-status", s.status);
        set(".js-rows", s.rows);
        set(".js-inserted", s.inserted);
        set(".js-updated", s.updated);
        set(".js-unchanged", s.unchanged);
        set(".js-rejected", s.rejected);
      } catch (e) {
        // A hiccup (a restart, the network): try again at the next tick.
      }
      setTimeout(tick, 1000);
    };
    setTimeout(tick, 1000);
  }

  // The list while an import runs: refresh it every few seconds.
  if (document.querySelector(".js-pending")) {
    setTimeout(() => window.location.reload(), 3000);
  }

  // Upload form: the shop applies to affiliate orders only, the new-shop fields to "New shop…".
  const kind = document.querySelector(".js-kind");
  const shop = document.querySelector(".js-shop");
  const sync = () => {
    const orders = !kind || kind.value === "tiktok_orders";
    for (const el of document.querySelectorAll(".js-orders-only")) el.classList.toggle("hidden", !orders);
    for (const el of document.querySelectorAll(".js-creators-only")) el.classList.toggle("hidden", orders);
    const fresh = document.querySelector(".js-newshop");
    if (fresh && shop) fresh.classList.toggle("hidden", !orders || shop.value !== "");
  };
  if (kind) kind.addEventListener("change", sync);
  if (shop) shop.addEventListener("change", sync);
  sync();
})();
