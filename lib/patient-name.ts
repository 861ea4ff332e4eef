// How a patient is named on every page and list: "Dr. Müller, Anna" (family name first, as
// German practices file their records).

export interface NamedPatient {
  family_name: string;
  given_names: string;
  title: string;
}

/** "Title Family, Given" without empty parts: "Dr. Müller, Anna", "Müller, Anna", "Müller". */
export function patientDisplayName(patient: NamedPatient): string {
  const family = [patient.title.trim(), patient.family_name.trim()].filter(Boolean).join(" ");
  const given = patient.given_names.trim();
  return given ? `${family}, ${given}` : family;
}
