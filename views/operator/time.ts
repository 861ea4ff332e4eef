// Moments as the operators read them: German local time, to the minute.
const berlinMinute = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Berlin",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

export function atMinute(at: Date | null | undefined): string {
  return at ? berlinMinute.format(at) : "–";
}

export function onDay(at: Date | string | null | undefined): string {
  if (!at) return "–";
  return typeof at === "string" ? at.slice(0, 10) : berlinMinute.format(at).slice(0, 10);
}
