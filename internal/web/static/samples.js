// The samples list's conveniences: a count of the ticked applications, "tick the page", and
// checks before a review is sent (a reason for a rejection, a confirmation for many). The page
// works without it: the server checks everything again.
"use strict";

(() => {
  const bulk = document.getElementById("samples-bulk");
  const boxes = () => Array.from(document.querySelectorAll('input[name="id"][form="samples-bulk"]'));
  const pageBox = document.getElementById("samples-page");
  const label = document.getElementById("samples-selected");
  const initial = label ? label.textContent : "";

  const refresh = () => {
    const ticked = boxes().filter((b) => b.checked);
    for (const b of boxes()) b.closest("tr").classList.toggle("selected", b.checked);
    if (label) label.textContent = ticked.length > 0 ? ticked.length + " selected:" : initial;
    if (bulk) bulk.classList.toggle("active", ticked.length > 0);
    if (pageBox) {
      pageBox.checked = ticked.length > 0 && ticked.length === boxes().length;
      pageBox.indeterminate = ticked.length > 0 && ticked.length < boxes().length;
    }
  };

  if (pageBox && boxes().length > 0) {
    pageBox.hidden = false;
    pageBox.addEventListener("change", () => {
      for (const b of boxes()) b.checked = pageBox.checked;
      refresh();
    });
  }
  document.addEventListener("change", (e) => {
    if (e.target.name === "id") refresh();
  });

  // A rejection needs a reason the creator can read: "Other" needs words.
  const reasonMissing = (form) => {
    const reason = form.querySelector('select[name="reason"]');
    const note = form.querySelector('input[name="note"]');
    if (!reason) return false;
    if (reason.value === "" || (reason.value === "other" && note && note.value.trim() === "")) {
      (reason.value === "" ? reason : note).focus();
      return true;
    }
    return false;
  };

  for (const form of document.querySelectorAll(".reject-form")) {
    form.addEventListener("submit", (e) => {
      if (reasonMissing(form)) {
        e.preventDefault();
        alert("Pick a reason (or write one under “Other”): the creator reads it.");
      }
    });
  }

  if (bulk) {
    bulk.addEventListener("submit", (e) => {
      const decision = e.submitter ? e.submitter.value : "";
      const n = boxes().filter((b) => b.checked).length;
      if (n === 0) {
        e.preventDefault();
        alert("Tick at least one pending application.");
        return;
      }
      if (decision === "reject" && reasonMissing(bulk)) {
        e.preventDefault();
        alert("Pick a reason (or write one under “Other”): the creators read it.");
        return;
      }
      const verb = decision === "reject" ? "Reject" : "Approve";
      if (n > 1 && !confirm(verb + " " + n + " applications on TikTok Shop? The creators are told at once.")) {
        e.preventDefault();
      }
    });
  }
  refresh();
})();
