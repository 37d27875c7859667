// The directory's conveniences: selection count, "select the page", the "all matching"
// switch, and a reason check for do-not-contact and banned. The page works without it.
"use strict";

(() => {
  const bulk = document.getElementById("dir-bulk");
  if (!bulk) return;
  const boxes = () => Array.from(bulk.querySelectorAll('input[name="id"]'));
  const pageBox = document.getElementById("dir-page");
  const all = document.getElementById("dir-all");
  const bar = document.getElementById("dir-bulkbar");
  const label = document.getElementById("dir-selected");
  const total = document.getElementById("dir-total");

  const refresh = () => {
    const ticked = boxes().filter((b) => b.checked);
    for (const b of boxes()) b.closest("tr").classList.toggle("selected", b.checked || (all && all.checked));
    if (!label) return;
    if (all && all.checked) {
      label.textContent = "All " + (total ? total.textContent : "") + " matching creators";
    } else if (ticked.length > 0) {
      label.textContent = ticked.length + " selected";
    } else {
      label.textContent = "Tick creators, or";
    }
    if (bar) bar.classList.toggle("active", ticked.length > 0 || (all && all.checked));
    if (pageBox) {
      pageBox.checked = ticked.length > 0 && ticked.length === boxes().length;
      pageBox.indeterminate = ticked.length > 0 && ticked.length < boxes().length;
    }
  };

  if (pageBox) {
    pageBox.hidden = false;
    pageBox.addEventListener("change", () => {
      for (const b of boxes()) b.checked = pageBox.checked;
      if (all && !pageBox.checked) all.checked = false;
      refresh();
    });
  }
  bulk.addEventListener("change", (e) => {
    if (e.target.name === "id" && !e.target.checked && all) all.checked = false;
    refresh();
  });

  bulk.addEventListener("submit", (e) => {
    const action = e.submitter ? e.submitter.value : "";
    const count = (all && all.checked) ? "all matching" : String(boxes().filter((b) => b.checked).length);
    if (count === "0") {
      e.preventDefault();
      alert("Tick at least one creator, or “all matching”.");
      return;
    }
    if (action === "stage") {
      const stage = document.getElementById("bulk-stage");
      const reason = document.getElementById("bulk-reason");
      if ((stage.value === "do_not_contact" || stage.value === "banned") && reason.value.trim() === "") {
        e.preventDefault();
        reason.focus();
        alert("Say why: do-not-contact and banned need a reason your colleagues will read.");
        return;
      }
    }
    if (action === "tag_add" || action === "tag_remove") {
      const tag = document.getElementById("bulk-tag");
      if (tag.value.trim() === "") {
        e.preventDefault();
        tag.focus();
        return;
      }
    }
    const question = action === "enroll" ? "Enroll every creator matching these filters in the sequence?" : "Change every creator matching these filters?";
    if (action !== "export" && count === "all matching" && !confirm(question)) {
      e.preventDefault();
    }
  });
  refresh();
})();
