// Moves the calendar's "now" line each minute (the server placed it at page load; without this
// script it stays there). It only moves the line between the grid's cells and rewrites its label.
(() => {
  const clock = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const slotMinutes = 30;

  function berlinNow() {
    const parts = {};
    for (const part of clock.formatToParts(new Date())) parts[part.type] = part.value;
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      time: `${parts.hour}:${parts.minute}`,
      minute: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  function move() {
    const now = berlinNow();
    for (const line of document.querySelectorAll(".now-line")) {
      const cell = line.closest("td");
      const table = line.closest("table");
      if (!cell || !table) continue;
      if (line.dataset.date !== now.date) {
        // Past midnight the line belongs to another column: a reload places it there.
        cell.classList.remove("slot-now");
        cell.removeAttribute("aria-current");
        line.remove();
        continue;
      }
      const rowMinute = Math.floor(now.minute / slotMinutes) * slotMinutes;
      const row = table.querySelector(`tbody tr[data-minute="${rowMinute}"]`);
      const target = row?.cells[cell.cellIndex];
      if (!target) continue;
      if (target !== cell) {
        cell.classList.remove("slot-now");
        cell.removeAttribute("aria-current");
        target.classList.add("slot-now");
        target.setAttribute("aria-current", "time");
        target.prepend(line);
      }
      line.className = `now-line now-offset-${Math.floor((now.minute % slotMinutes) / 5)}`;
      const label = line.querySelector(".now-label");
      if (label && label.textContent) label.textContent = line.dataset.template.replace("{time}", now.time);
    }
  }

  // One timer per page, also when htmx brings the calendar page in again.
  clearInterval(globalThis.karteiNowLine);
  globalThis.karteiNowLine = setInterval(move, 20_000);
})();
