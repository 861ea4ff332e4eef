// The kinds the billing area speaks of, shared by the schema, the calculations and the views.

export type Catalogue = "own" | "goae" | "gebueh";
/** exempt: § 4 Nr. 14 UStG (healing professions); standard 19 %; reduced 7 %. */
export type VatTreatment = "exempt" | "standard" | "reduced";
/** On an item: the service's treatment, or small_business when the practice uses § 19 UStG. */
export type ItemVatTreatment = VatTreatment | "small_business";
export type GoaeSection = "personal" | "technical" | "laboratory";
export type PaymentMethod = "transfer" | "cash" | "card";
export type PayerKind = "parent" | "other" | "company";
export type DeliveryChannel = "download" | "print" | "email";

export const CATALOGUES = ["own", "goae", "gebueh"] as const satisfies readonly Catalogue[];
export const VAT_TREATMENTS = ["exempt", "standard", "reduced"] as const satisfies readonly VatTreatment[];
export const PAYMENT_METHODS = ["transfer", "cash", "card"] as const satisfies readonly PaymentMethod[];
export const PAYER_KINDS = ["parent", "other", "company"] as const satisfies readonly PayerKind[];
