// The bulk statements of the scale data set, generated inside Postgres (INSERT … SELECT over
// generate_series) from arrays of names: a hundred thousand patients or a million appointments
// are one statement each, not a round trip per row.
import { Buffer } from "node:buffer";
import { sql } from "kysely";
import type { Db } from "../database.ts";
import { normaliseName } from "../../lib/search-text.ts";
import {
  FAMILY_NAMES,
  FEMALE_NAMES,
  MALE_NAMES,
  MOBILE_PREFIXES,
  PLACES,
  PRIVATE_INSURERS,
  STATUTORY_INSURERS,
  STREETS,
  TITLES,
} from "./names.ts";

/** Appointments per practitioner and working day: 16 of the 20 half-hour slots from 08:00 to 18:00. */
export const APPOINTMENTS_PER_DAY = 16;

const norm = (names: string[]) => names.map(normaliseName);

/**
 * `count` patients with German names, addresses, phone numbers, insurers and insurance numbers
 * in the valid format (check digit computed in SQL as in names.ts). `offset` varies the numbers
 * between practices.
 */
export async function insertPatients(db: Db, practiceId: string, count: number, offset: number): Promise<void> {
  await sql`
    with n as (
      select ${FAMILY_NAMES}::text[] as family, ${norm(FAMILY_NAMES)}::text[] as family_norm,
        ${FEMALE_NAMES}::text[] as female, ${norm(FEMALE_NAMES)}::text[] as female_norm,
        ${MALE_NAMES}::text[] as male, ${norm(MALE_NAMES)}::text[] as male_norm,
        ${STREETS}::text[] as streets, ${PLACES.map((p) => p.postalCode)}::text[] as postal,
        ${PLACES.map((p) => p.city)}::text[] as city, ${PLACES.map((p) => p.areaCode)}::text[] as area,
        ${MOBILE_PREFIXES}::text[] as mobile, ${STATUTORY_INSURERS}::text[] as statutory,
        ${PRIVATE_INSURERS}::text[] as private, ${TITLES}::text[] as titles
    ),
    r as (
      select i,
        1 + floor(random() * cardinality(n.family))::int as fi,
        random() as sex_r,
        floor(random() * 1000000)::int as gr,
        date '1932-01-01' + floor(random() * 32000)::int as birth,
        1 + floor(random() * cardinality(n.streets))::int as si,
        1 + floor(random() * 140)::int as house,
        1 + floor(random() * cardinality(n.postal))::int as pi,
        random() as phone_r,
        lpad(floor(random() * 100000000)::text, 8, '0') as phone_digits,
        1 + floor(random() * cardinality(n.mobile))::int as mi,
        random() as mail_r,
        random() as ins_r,
        floor(random() * 1000)::int as insurer_r,
        random() as title_r,
        (i::bigint * 31 + ${offset}::bigint) % 26 as letter,
        lpad(((i::bigint * 7919 + ${offset}::bigint * 1000003) % 100000000)::text, 8, '0') as kv_digits,
        now() - floor(random() * 3650)::int * interval '1 day' as created
      from generate_series(1, ${count}::int) as i cross join n
    ),
    named as (
      select r.*,
        case when r.sex_r < 0.515 then 'female' when r.sex_r < 0.52 then 'diverse' else 'male' end as sex,
        case when r.sex_r < 0.515 or (r.sex_r < 0.52 and r.gr % 2 = 0)
          then n.female[1 + r.gr % cardinality(n.female)] else n.male[1 + r.gr % cardinality(n.male)] end as given,
        case when r.sex_r < 0.515 or (r.sex_r < 0.52 and r.gr % 2 = 0)
          then n.female_norm[1 + r.gr % cardinality(n.female)] else n.male_norm[1 + r.gr % cardinality(n.male)]
          end as given_norm,
        case when r.phone_r < 0.6 then '0' || n.mobile[r.mi] || ' ' || r.phone_digits
          when r.phone_r < 0.85 then '0' || n.area[r.pi] || ' ' || substr(r.phone_digits, 1, 6)
          else '' end as phone,
        lpad((r.letter + 1)::text, 2, '0') || r.kv_digits as kv_sequence
      from r cross join n
    )
    insert into patients (practice_id, family_name, given_names, title, date_of_birth, sex, street, postal_code,
      city, phone, email, insurance_kind, insurer_name, insurance_number, search_name, search_phone,
      created_at, updated_at)
    select ${practiceId}::uuid, n.family[x.fi], x.given,
      case when x.title_r < 0.03 then n.titles[1 + x.gr % cardinality(n.titles)] else '' end,
      x.birth, x.sex, n.streets[x.si] || ' ' || x.house, n.postal[x.pi], n.city[x.pi], x.phone,
      case when x.mail_r < 0.45
        then replace(x.given_norm, ' ', '-') || '.' || replace(n.family_norm[x.fi], ' ', '-') || (x.i % 97)
          || '@example.org'
        else '' end,
      case when x.ins_r < 0.87 then 'statutory' when x.ins_r < 0.97 then 'private' else 'self_pay' end,
      case when x.ins_r < 0.87 then n.statutory[1 + x.insurer_r % cardinality(n.statutory)]
        when x.ins_r < 0.97 then n.private[1 + x.insurer_r % cardinality(n.private)] else '' end,
      case when x.ins_r < 0.87 then chr(65 + x.letter::int) || x.kv_digits || (
        select sum((substr(x.kv_sequence, k, 1)::int * (2 - k % 2)) / 10
          + (substr(x.kv_sequence, k, 1)::int * (2 - k % 2)) % 10) % 10
        from generate_series(1, 10) as k
      ) else '' end,
      n.family_norm[x.fi] || ' ' || x.given_norm,
      regexp_replace(x.phone, '[^0-9]', '', 'g'),
      x.created, x.created
    from named x cross join n
  `.execute(db);
}

export interface StaffSlot {
  membershipId: string;
  roomId: string;
  locationId: string;
}

/**
 * `perPractitioner` appointments for each of the staff, on working days (Monday to Friday),
 * 16 a day in half-hour slots between 08:00 and 18:00 Berlin time, filling the weeks backwards
 * from the week that ends `futureWeeks` after now: the same practitioner never has two at once.
 * The past ones are mostly attended (some cancelled, some no-shows), the coming ones booked.
 */
export async function insertAppointments(
  db: Db,
  input: {
    practiceId: string;
    staff: StaffSlot[];
    perPractitioner: number;
    futureWeeks: number;
    createdBy: string;
    /** Numbers the staff so that their free slots differ. */
    staffOffset: number;
  },
): Promise<void> {
  const lastMonday =
    sql`(date_trunc('week', now() at time zone 'Europe/Berlin')::date + ${input.futureWeeks}::int * 7)`;
  await sql`
    with staff as (
      select s.mid, s.room, s.loc, s.p + ${input.staffOffset}::int as p
      from unnest(${input.staff.map((s) => s.membershipId)}::uuid[], ${input.staff.map((s) => s.roomId)}::uuid[],
        ${input.staff.map((s) => s.locationId)}::uuid[]) with ordinality as s(mid, room, loc, p)
    ),
    pat as materialized (
      select id, row_number() over () as n from patients where practice_id = ${input.practiceId}::uuid
    ),
    slots as (
      select staff.*, k % ${APPOINTMENTS_PER_DAY}::int as j,
        ${lastMonday} - 7 * ((k / ${APPOINTMENTS_PER_DAY}::int) / 5) + ((k / ${APPOINTMENTS_PER_DAY}::int) % 5) as day,
        random() as status_r, random() as team_r, random() as length_r,
        1 + floor(random() * (select count(*) from pat))::bigint as patient_n
      from staff cross join generate_series(0, ${input.perPractitioner}::int - 1) as k
    ),
    -- In each block of five slots one stays free; which one varies by day and practitioner.
    placed as (
      select slots.*, ((day + time '08:00') + (5 * (j / 4) + case when j % 4 < free then j % 4 else j % 4 + 1 end)
          * interval '30 minutes') at time zone 'Europe/Berlin' as starts_at
      from (select slots.*, (5 - (3 * ((day - date '2000-01-03') + p)) % 5) % 5 as free from slots) as slots
    ),
    dated as (
      select placed.*, starts_at + case when length_r < 0.3 then interval '25 minutes' else interval '30 minutes' end
          as ends_at,
        case when starts_at > now() then case when status_r < 0.04 then 'cancelled' else 'booked' end
          when status_r < 0.05 then 'cancelled' when status_r < 0.08 then 'no_show' else 'attended' end as status
      from placed
    )
    insert into appointments (practice_id, location_id, practitioner_id, room_id, patient_id, title, starts_at, ends_at,
      status, cancel_reason, cancelled_at, created_by, created_at, updated_at)
    select ${input.practiceId}::uuid, d.loc, d.mid, d.room, case when d.team_r < 0.015 then null else pat.id end,
      case when d.team_r < 0.015 then 'Teambesprechung' else '' end,
      d.starts_at, d.ends_at, d.status,
      case when d.status = 'cancelled' then 'Abgesagt (telefonisch)' end,
      case when d.status = 'cancelled' then least(d.starts_at - interval '26 hours', now()) end,
      ${input.createdBy}::uuid,
      least(d.starts_at - interval '14 days', now()), least(d.starts_at - interval '14 days', now())
    from dated d join pat on pat.n = d.patient_n
  `.execute(db);
}

/** Attended appointments with a patient, newest first, older than `before` (keyset by start). */
export async function attendedAppointments(
  db: Db,
  practiceId: string,
  before: Date,
  limit: number,
): Promise<{ id: string; practitioner_id: string; starts_at: Date }[]> {
  return await db.selectFrom("appointments").select(["id", "practitioner_id", "starts_at"])
    .where("practice_id", "=", practiceId).where("status", "=", "attended").where("patient_id", "is not", null)
    .where("starts_at", "<", before).orderBy("starts_at", "desc").limit(limit).execute();
}

/** Finalized entries for the given appointments; ciphertexts as hex, sealed for these note ids. */
export async function insertFinalNotes(
  db: Db,
  practiceId: string,
  keyVersion: number,
  rows: { id: string; appointmentId: string; templateId: string; ciphertextHex: string }[],
): Promise<void> {
  await sql`
    insert into notes (id, practice_id, patient_id, appointment_id, template_id, title, author_id, status,
      content_ciphertext, key_version, created_at, updated_at, finalize_due_at, finalized_at, finalized_by)
    select u.id, a.practice_id, a.patient_id, a.id, t.id, t.name, m.account_id, 'final',
      decode(u.content, 'hex'), ${keyVersion}::int, a.ends_at + interval '15 minutes', a.ends_at + interval '15 minutes',
      a.ends_at + interval '24 hours', a.ends_at + interval '3 hours', m.account_id
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.appointmentId)}::uuid[],
      ${rows.map((r) => r.templateId)}::uuid[], ${rows.map((r) => r.ciphertextHex)}::text[])
      as u(id, appointment_id, template_id, content)
    join appointments a on a.id = u.appointment_id and a.practice_id = ${practiceId}::uuid
    join memberships m on m.id = a.practitioner_id
    join note_templates t on t.id = u.template_id
  `.execute(db);
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
