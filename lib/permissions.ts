// Who may do what in a practice: one table, checked on the server for every route; the
// interface only hides what the table forbids. A third party (an outside billing service, a
// substitute, an auditor) gets nothing by role, only the areas the owner grants, until its
// membership's end date.
export type Role = "owner" | "practitioner" | "front_desk" | "billing" | "third_party";

export const ROLES: readonly Role[] = ["owner", "practitioner", "front_desk", "billing", "third_party"];

export type Permission =
  | "practice.home"
  | "practice.policy"
  | "team.view"
  | "team.manage"
  | "locations.manage"
  | "calendar.read"
  | "calendar.write"
  | "calendar.manage"
  | "calendar.import"
  | "patients.master"
  | "patients.archived"
  | "patients.import"
  | "notes.read"
  | "notes.write"
  | "notes.templates"
  | "documents.read"
  | "documents.write"
  | "documents.share"
  | "billing.read"
  | "billing.write"
  | "billing.payments"
  | "billing.to_bill"
  | "audit.read";

/** The areas an owner can grant to a third party. */
export const GRANTABLE_AREAS = [
  "calendar.read",
  "patients.master",
  "notes.read",
  "documents.read",
  "billing.read",
  "billing.write",
  "audit.read",
] as const satisfies readonly Permission[];
export type GrantableArea = (typeof GRANTABLE_AREAS)[number];

const BY_ROLE: Record<Role, readonly Permission[]> = {
  owner: [
    "practice.home",
    "practice.policy",
    "team.view",
    "team.manage",
    "locations.manage",
    "calendar.read",
    "calendar.write",
    "calendar.manage",
    "patients.master",
    "patients.archived",
    "patients.import",
    "calendar.import",
    "notes.read",
    "notes.write",
    "notes.templates",
    "documents.read",
    "documents.write",
    "documents.share",
    "billing.read",
    "billing.write",
    "billing.payments",
    "billing.to_bill",
    "audit.read",
  ],
  practitioner: [
    "practice.home",
    "team.view",
    "calendar.read",
    "calendar.write",
    "patients.master",
    "notes.read",
    "notes.write",
    "documents.read",
    "documents.write",
    "documents.share",
    // The to-bill list of their own appointments only.
    "billing.to_bill",
  ],
  // Reception: the calendar and master data, never clinical content.
  front_desk: ["practice.home", "team.view", "calendar.read", "calendar.write", "patients.master"],
  // The front desk records payments only where the owner allows it (billing settings).
  billing: ["practice.home", "patients.master", "billing.read", "billing.write", "billing.payments", "billing.to_bill"],
  third_party: ["practice.home"],
};

export function isGrantableArea(value: string): value is GrantableArea {
  return (GRANTABLE_AREAS as readonly string[]).includes(value);
}

export function permits(role: Role, areas: readonly string[], permission: Permission): boolean {
  if (BY_ROLE[role].includes(permission)) return true;
  return role === "third_party" && isGrantableArea(permission) && areas.includes(permission);
}
