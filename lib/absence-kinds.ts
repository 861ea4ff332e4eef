// The kinds of absence a practitioner records (the database's check constraint lists the same).
export const ABSENCE_KINDS = ["vacation", "sick", "training", "other"] as const;

export type AbsenceKind = typeof ABSENCE_KINDS[number];

export function isAbsenceKind(value: string): value is AbsenceKind {
  return (ABSENCE_KINDS as readonly string[]).includes(value);
}
