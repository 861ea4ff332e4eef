// Keyboard shortcuts of the app shell: "/" or Ctrl+K (Cmd+K on a Mac) focuses the patient search
// in the header. "/" is left alone while the person types in a field. A module runs once per
// page, however often htmx swaps the body; the listener on the document outlives the swaps.
document.addEventListener("keydown", (event) => {
  const search = document.getElementById("header-search");
  if (!(search instanceof HTMLInputElement)) return;
  const target = event.target instanceof Element ? event.target : null;
  const typing = !!target?.closest("input, textarea, select, [contenteditable]");
  const slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
  const commandK = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey) && !event.altKey;
  if (!slash && !commandK) return;
  event.preventDefault();
  // On a phone the search sits in the header too, outside the folded menu: focusing is enough.
  search.focus();
  search.select();
});
