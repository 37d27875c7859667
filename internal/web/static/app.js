// creatorops: a little JavaScript of our own. Pages work without it; it only adds comfort.
"use strict";

// Close an open menu (<details class="menu">) when the user clicks elsewhere.
document.addEventListener("click", (e) => {
  for (const d of document.querySelectorAll("details.menu[open]")) {
    if (!d.contains(e.target)) d.removeAttribute("open");
  }
});

// A page that comes back with a refused field (a list's bad filter, a form's bad value) puts
// the cursor in it, which also scrolls it into view: on a long filter sidebar the marked field
// can sit below the fold.
document.addEventListener("DOMContentLoaded", () => {
  if (document.activeElement && document.activeElement !== document.body) return;
  const bad = document.querySelector('input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"]');
  if (bad) bad.focus();
});
