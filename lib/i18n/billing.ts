// Catalogue of billing: services, settings, the to-bill list, invoices, payments, cancellation, delivery.
export const BILLING_DE = {
  "billing.title": "Abrechnung",
} as const;

export const BILLING_EN: Record<keyof typeof BILLING_DE, string> = {
  "billing.title": "Billing",
};
