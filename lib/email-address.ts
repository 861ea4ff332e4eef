// Email addresses as the product treats them: compared case-insensitively, shown masked where
// the person has not proven they own them yet.

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** "anna.schmidt@example.de" → "an…@example.de" */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "…";
  const local = email.slice(0, at);
  return `${[...local].slice(0, Math.min(2, local.length - 1) || 1).join("")}…${email.slice(at)}`;
}
