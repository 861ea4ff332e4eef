// The day and week grid with JavaScript: a free cell opens the quick-booking dialog (htmx loads
// it into #quick-booking-slot) instead of the full booking page, and an appointment dragged onto
// another cell is moved by posting its move form. After either, the grid is swapped in anew.
// Without this script the links and forms work as plain pages.
/* global htmx */
const announcer = () => document.getElementById("calendar-announce");
let opener = null;

function announce(text) {
  const region = announcer();
  if (!region) return;
  // Emptied first, so that the same words a second time are announced again.
  region.textContent = "";
  setTimeout(() => region.textContent = text, 50);
}

async function refreshGrid(focusId) {
  await htmx.ajax("GET", location.pathname + location.search, {
    target: "#calendar-body",
    select: "#calendar-body",
    swap: "outerHTML",
  });
  if (focusId) document.querySelector(`#calendar-body a[href^="/calendar/appointments/${focusId}"]`)?.focus();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest?.("#calendar-body a.slot-book");
  if (!link || !document.getElementById("quick-booking-slot")) return;
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  event.stopPropagation();
  opener = link;
  htmx.ajax("GET", link.getAttribute("href"), { target: "#quick-booking-slot", swap: "innerHTML" });
}, true);

let focusedId = null;
document.addEventListener("htmx:before:swap", (event) => {
  focusedId = document.activeElement?.id || null;
  // A whole page where the dialog was asked for (the session ended: the sign-in page) is shown as a page.
  const ctx = event.detail?.ctx;
  if (!ctx?.target?.closest?.("#quick-booking-slot") || !/^\s*<!DOCTYPE/i.test(ctx.text ?? "")) return;
  event.preventDefault();
  location.assign(ctx.response?.raw?.url || ctx.request.action);
});

document.addEventListener("htmx:after:swap", () => {
  const dialog = document.getElementById("quick-booking");
  if (!dialog) return;
  if (!dialog.open) {
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
    });
    dialog.showModal();
    dialog.querySelector("#patient_q")?.focus();
    return;
  }
  const done = dialog.querySelector("[data-booked]");
  if (done) {
    opener = null;
    announce(done.textContent.trim());
    dialog.close();
    refreshGrid(done.dataset.booked);
    return;
  }
  // A swapped-in form loses the focus: back to the first field refused, or to where it was.
  if (dialog.contains(document.activeElement)) return;
  const invalid = dialog.querySelector("[aria-invalid=true]");
  (invalid ?? (focusedId && document.getElementById(focusedId)))?.focus();
});

// Drag to move: the column heading names practitioner and day, the row heading the time.
let dragged = null;

function cellFacts(cell) {
  const table = cell.closest("table");
  const column = table?.tHead?.rows[0]?.cells[cell.cellIndex]?.dataset.column;
  const time = cell.parentElement.cells[0]?.textContent.trim();
  if (!column || !time) return null;
  const [practitioner, date] = column.split(" ");
  return { practitioner, date, time };
}

document.addEventListener("dragstart", (event) => {
  dragged = event.target.closest?.("#calendar-body a.appointment[data-move]") ?? null;
  if (dragged) event.dataTransfer.setData("text/plain", dragged.href);
});

document.addEventListener("dragover", (event) => {
  if (dragged && event.target.closest?.("#calendar-body td.slot:not(.slot-nonexistent)")) event.preventDefault();
});

document.addEventListener("drop", async (event) => {
  const cell = event.target.closest?.("#calendar-body td.slot");
  const appointment = dragged;
  dragged = null;
  // Dropped back onto its own cell: nothing to move.
  const facts = cell && appointment && !cell.contains(appointment) ? cellFacts(cell) : null;
  if (!facts) return;
  event.preventDefault();
  const move = appointment.dataset;
  const body = new URLSearchParams({
    _csrf: document.querySelector("input[name=_csrf]")?.value ?? "",
    practitioner_id: facts.practitioner,
    location_id: move.location,
    room_id: move.room,
    date: facts.date,
    time: facts.time,
    duration: move.duration,
    version: move.version,
    apply: "this",
  });
  const response = await fetch(move.move, { method: "POST", body, credentials: "same-origin" });
  const region = announcer();
  // Moved: redirected to the appointment's page with its notice (not, say, to the sign-in page).
  const moved = response.ok && new URL(response.url).searchParams.get("notice") === "changed";
  if (moved) announce(region?.dataset.moved ?? "");
  else {
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const texts = (selector) =>
      [...page.querySelectorAll(selector)].map((element) => element.textContent.trim()).filter((text) => text);
    // The message beside a field says what stood in the way; a page-wide problem (stale) otherwise.
    const reason = texts("#main .field-error")[0] ?? texts("#main .error-summary")[0];
    announce(reason ?? region?.dataset.moveRefused ?? "");
  }
  await refreshGrid(moved ? move.move.split("/")[3] : null);
});
