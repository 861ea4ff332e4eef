// Catalogue of the documents area.
export const DOCUMENTS_DE = {} as const;

export const DOCUMENTS_EN: Record<keyof typeof DOCUMENTS_DE, string> = {};
