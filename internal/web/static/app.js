// creatorops: a little JavaScript of our own. Pages work without it; it only adds comfort.
"use strict";

// Close an open menu (<details class="menu">) when the user clicks elsewhere.
document.addEventListener("click", (e) => {
  for (const d of document.querySelectorAll("details.menu[open]")) {
    if (!d.contains(e.target)) d.removeAttribute("open");
  }
});
