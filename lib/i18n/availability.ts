// Catalogue of the availability area.
export const AVAILABILITY_DE = {} as const;

export const AVAILABILITY_EN: Record<keyof typeof AVAILABILITY_DE, string> = {};
