// creatorops: the pipeline board's drag and drop. Pointer events rather than HTML5 drag and
// drop, so mouse, pen and touch all work (and a test driving real input events does too). A card
// moves only once the server said yes; otherwise it stays and the message says why. Without
// this script every card keeps its Move form.
"use strict";

(() => {
  const board = document.querySelector(".board[data-editable]");
  if (!board) return;
  const msg = document.getElementById("board-msg");
  const dialog = document.getElementById("reason-dialog");
  const money = (() => {
    const cur = board.dataset.currency;
    if (!cur) return null;
    try {
      return new Intl.NumberFormat(document.documentElement.lang || "en", { style: "currency", currency: cur });
    } catch (e) {
      return null;
    }
  })();
  const digits = money ? money.resolvedOptions().maximumFractionDigits : 2;

  let drag = null; // {card, from, ghost, startX, startY, dx, dy, started, over}

  const say = (text, bad) => {
    msg.textContent = text;
    msg.hidden = !text;
    msg.classList.toggle("error", !!bad);
    msg.classList.toggle("notice", !bad);
  };

  const columnAt = (x, y) => {
    const el = document.elementFromPoint(x, y);
    return el ? el.closest(".column") : null;
  };

  const mark = (col) => {
    if (drag.over === col) return;
    if (drag.over) drag.over.classList.remove("drop-target");
    drag.over = col && col !== drag.from ? col : null;
    if (drag.over) drag.over.classList.add("drop-target");
  };

  board.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    const card = e.target.closest(".bcard");
    // Links, the Move menu and its form keep their own clicks.
    if (!card || e.target.closest("a, details, button, input, select")) return;
    drag = { card, from: card.closest(".column"), startX: e.clientX, startY: e.clientY, started: false, over: null };
    card.setPointerCapture(e.pointerId);
  });

  board.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.startX, dy = e.clientY - drag.startY;
    if (!drag.started) {
      if (Math.abs(dx) + Math.abs(dy) < 6) return;
      drag.started = true;
      const r = drag.card.getBoundingClientRect();
      drag.ghost = drag.card.cloneNode(true);
      drag.ghost.classList.add("ghost");
      drag.ghost.style.width = r.width + "px";
      drag.ghost.style.left = r.left + "px";
      drag.ghost.style.top = r.top + "px";
      document.body.appendChild(drag.ghost);
      drag.card.classList.add("dragging");
      document.body.classList.add("is-dragging");
    }
    drag.ghost.style.transform = "translate(" + dx + "px, " + dy + "px) rotate(1.5deg)";
    drag.x = e.clientX;
    drag.y = e.clientY;
    mark(columnAt(e.clientX, e.clientY));
    if (!drag.raf) drag.raf = requestAnimationFrame(edgeScroll);
    e.preventDefault();
  });

  // edgeScroll scrolls the board while a card is held near its left or right edge, so the last
  // columns (do not contact, banned) are reachable on a laptop screen.
  const edgeScroll = () => {
    if (!drag || !drag.started) return;
    const r = board.getBoundingClientRect();
    let step = 0;
    if (drag.x > r.right - 70) step = 16;
    else if (drag.x < r.left + 70) step = -16;
    if (step) {
      const before = board.scrollLeft;
      board.scrollLeft += step;
      if (board.scrollLeft !== before) mark(columnAt(drag.x, drag.y));
    }
    drag.raf = requestAnimationFrame(edgeScroll);
  };

  const end = (e) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    if (d.raf) cancelAnimationFrame(d.raf);
    if (!d.started) return;
    d.ghost.remove();
    d.card.classList.remove("dragging");
    document.body.classList.remove("is-dragging");
    if (d.over) d.over.classList.remove("drop-target");
    const to = e.type === "pointerup" ? columnAt(e.clientX, e.clientY) : null;
    if (to && to !== d.from) move(d.card, d.from, to);
  };
  board.addEventListener("pointerup", end);
  board.addEventListener("pointercancel", end);

  // askReason opens the dialog for do-not-contact and banned; it resolves to the reason, or
  // null when cancelled.
  const askReason = (handle, label) => new Promise((resolve) => {
    dialog.querySelector(".to").textContent = label.toLowerCase();
    dialog.querySelector(".who").textContent = handle;
    const input = dialog.querySelector("input[name=reason]");
    input.value = "";
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "ok" && input.value.trim() ? input.value.trim() : null);
    }, { once: true });
    dialog.showModal();
    input.focus();
  });

  const move = async (card, from, to) => {
    const handle = card.querySelector(".handle").textContent;
    const label = to.dataset.label;
    let reason = "";
    if (to.classList.contains("blocked")) {
      reason = await askReason(handle, label);
      if (reason === null) return;
    }
    const body = new URLSearchParams({ stage: to.dataset.stage, reason });
    card.classList.add("saving");
    say("Moving " + handle + " to " + label + "…");
    let answer = {}, ok = false;
    try {
      const resp = await fetch(card.dataset.url, {
        method: "POST", body, credentials: "same-origin",
        headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      });
      ok = resp.ok;
      answer = await resp.json().catch(() => ({ error: "The server answered " + resp.status + "." }));
    } catch (err) {
      answer = { error: "The server could not be reached: " + err.message };
    }
    card.classList.remove("saving");
    if (!ok) {
      say(handle + " was not moved: " + (answer.error || "the server refused."), true);
      return;
    }
    to.querySelector(".cards").prepend(card);
    card.classList.add("just-dropped");
    setTimeout(() => card.classList.remove("just-dropped"), 400);
    const sel = card.querySelector("select[name=stage]");
    if (sel) sel.value = to.dataset.stage;
    const days = card.querySelector(".days");
    if (days) days.textContent = "0d";
    const gmv = Number(card.dataset.gmv) || 0;
    recount(from, -1, -gmv);
    recount(to, 1, gmv);
    say(handle + " moved to " + answer.label + ".");
  };

  const recount = (col, n, gmv) => {
    const c = col.querySelector(".colhead .n");
    c.dataset.count = Number(c.dataset.count) + n;
    c.textContent = c.dataset.count;
    const g = col.querySelector(".colhead .gmv");
    g.dataset.gmv = Number(g.dataset.gmv) + gmv;
    if (money) g.textContent = money.format(Number(g.dataset.gmv) / 10 ** digits);
    const empty = col.querySelector(".colempty");
    if (empty) empty.hidden = Number(c.dataset.count) > 0;
  };
})();
