// The colours an appointment type can have: the Okabe–Ito palette, which people with the
// common forms of colour blindness tell apart, stored as a key (the CSS holds the values). A
// colour never stands alone: the grid shows the type's name and a border pattern per key too.
export const TYPE_COLOURS = ["blue", "orange", "green", "vermillion", "sky", "purple", "yellow", "grey"] as const;
export type TypeColour = (typeof TYPE_COLOURS)[number];

export function isTypeColour(value: unknown): value is TypeColour {
  return typeof value === "string" && (TYPE_COLOURS as readonly string[]).includes(value);
}

/** The duration an appointment type may have, in minutes (a check constraint says so too). */
export const TYPE_MIN_MINUTES = 5;
export const TYPE_MAX_MINUTES = 480;
