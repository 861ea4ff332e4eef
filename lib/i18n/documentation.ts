// Catalogue of the documentation area.
export const DOCUMENTATION_DE = {} as const;

export const DOCUMENTATION_EN: Record<keyof typeof DOCUMENTATION_DE, string> = {};
