// creatorops: keyboard comfort for the main navigation's menus (<details class="navgroup">).
// The menus work without it (click, Enter or Space on a group); app.js closes them on a click
// elsewhere. This closes the open menu on Escape, returning focus to its group so the user
// keeps their place, and when focus leaves a menu (Tab past its last page), so at most one is
// ever open and none hides the page under it.
"use strict";

document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  const d = document.activeElement && document.activeElement.closest("details.navgroup[open]");
  if (!d) return;
  d.removeAttribute("open");
  d.querySelector("summary").focus();
});

document.addEventListener("focusout", (e) => {
  const d = e.target.closest && e.target.closest("details.navgroup[open]");
  if (d && e.relatedTarget && !d.contains(e.relatedTarget)) d.removeAttribute("open");
});
