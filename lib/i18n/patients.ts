// Catalogue of the patients area.
export const PATIENTS_DE = {} as const;

export const PATIENTS_EN: Record<keyof typeof PATIENTS_DE, string> = {};
