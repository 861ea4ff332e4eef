// The demo practice's patients, made in this process (a few hundred rows, on PGlite as well as
// Postgres): German names with umlauts and the Müller/Mueller spellings, addresses around
// Kassel, phone numbers, statutory and private insurers with insurance numbers in the valid format.
import type { Insertable } from "kysely";
import type { Db } from "../database.ts";
import type { PatientsTable } from "../schema-patients.ts";
import { normaliseName, normalisePhone } from "../../lib/search-text.ts";
import { pick } from "./clinical-texts.ts";
import {
  FAMILY_NAMES,
  FEMALE_NAMES,
  insuranceNumber,
  MAIL_DOMAINS,
  MALE_NAMES,
  MOBILE_PREFIXES,
  PLACES,
  PRIVATE_INSURERS,
  STATUTORY_INSURERS,
  STREETS,
  TITLES,
} from "./names.ts";

export function demoPatient(
  random: () => number,
  practiceId: string,
  createdBy: string,
  now: Date,
): Insertable<PatientsTable> {
  const sexRoll = random();
  const sex = sexRoll < 0.53 ? "female" : sexRoll < 0.995 ? "male" : "diverse";
  const given = pick(
    random,
    sex === "male" ? MALE_NAMES : sex === "female" ? FEMALE_NAMES : [...FEMALE_NAMES, ...MALE_NAMES],
  );
  const family = pick(random, FAMILY_NAMES);
  // Most patients nearby (the first places are Kassel and around it).
  const place = random() < 0.8 ? PLACES[Math.floor(random() * 13)] : pick(random, PLACES);
  const phoneRoll = random();
  const phone = phoneRoll < 0.6
    ? `0${pick(random, MOBILE_PREFIXES)} ${digits(random, random() < 0.5 ? 7 : 8)}`
    : phoneRoll < 0.9
    ? `0${place.areaCode} ${digits(random, 6)}`
    : "";
  const insuranceRoll = random();
  const kind = insuranceRoll < 0.85 ? "statutory" : insuranceRoll < 0.96 ? "private" : "self_pay";
  const born = new Date(Date.UTC(1938, 0, 1) + Math.floor(random() * 80 * 365.25) * 86_400_000);
  const created = new Date(now.getTime() - Math.floor(random() * 3 * 365) * 86_400_000);
  return {
    practice_id: practiceId,
    family_name: family,
    given_names: given,
    title: random() < 0.03 ? pick(random, TITLES) : "",
    date_of_birth: born.toISOString().slice(0, 10),
    sex,
    street: `${pick(random, STREETS)} ${1 + Math.floor(random() * 120)}${random() < 0.08 ? "a" : ""}`,
    postal_code: place.postalCode,
    city: place.city,
    phone,
    email: random() < 0.5
      ? `${normaliseName(given).replaceAll(" ", "-")}.${normaliseName(family).replaceAll(" ", "-")}@${
        pick(random, MAIL_DOMAINS)
      }`
      : "",
    insurance_kind: kind,
    insurer_name: kind === "statutory"
      ? pick(random, STATUTORY_INSURERS)
      : kind === "private"
      ? pick(random, PRIVATE_INSURERS)
      : "",
    insurance_number: kind === "statutory"
      ? insuranceNumber(Math.floor(random() * 26), Math.floor(random() * 100_000_000))
      : "",
    emergency_contact_name: random() < 0.2 ? `${pick(random, FEMALE_NAMES)} ${family}` : "",
    search_name: normaliseName(`${family} ${given}`),
    search_phone: normalisePhone(phone),
    created_at: created,
    created_by: createdBy,
    updated_at: created,
    updated_by: createdBy,
  };
}

function digits(random: () => number, count: number): string {
  let out = String(1 + Math.floor(random() * 9));
  while (out.length < count) out += String(Math.floor(random() * 10));
  return out;
}

/** Inserts the patients in batches; returns their ids in order. */
export async function insertDemoPatients(db: Db, rows: Insertable<PatientsTable>[]): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < rows.length; from += 200) {
    const inserted = await db.insertInto("patients").values(rows.slice(from, from + 200)).returning("id").execute();
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}
