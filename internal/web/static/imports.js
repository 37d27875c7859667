// creatorops imports list: refresh it while an import runs, and show the upload form's new-shop
// fields only when they apply. Without JavaScript the page still works: every field shown.
// (One import's page follows its run with progress.js.)
"use strict";

(() => {
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
