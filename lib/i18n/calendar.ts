// Catalogue of the calendar area.
export const CALENDAR_DE = {} as const;

export const CALENDAR_EN: Record<keyof typeof CALENDAR_DE, string> = {};
