import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { createTestApp } from "../support/test-app.ts";
import { TestClient } from "../support/http-client.ts";
import { DEMO_TEAM, seedDemo } from "../../db/seed/demo.ts";
import { DEMO_PASSWORD } from "../../db/demo-practice.ts";
import { readNote } from "../../db/notes.ts";
import { findDocument, readDocumentBytes } from "../../db/documents.ts";
import { CURRENT_TERMS } from "../../lib/terms.ts";
import { insuranceCheckDigit } from "../../lib/insurance-number.ts";

const demo = suite("demo data (deno task seed)");

demo(
  "a small demo practice: readable notes, no double bookings, real documents, and a second run adds nothing twice",
  async () => {
    const { app, db, masterKey } = await createTestApp();
    const options = {
      patients: 20,
      weeksBack: 2,
      weeksAhead: 1,
      documents: 4,
      invoicesPerMonth: 3,
      now: new Date(),
      termsVersion: CURRENT_TERMS.version,
      log: () => {},
    };
    const seeded = await seedDemo(db, masterKey, options);
    assert.is(seeded.patients, 20);
    assert.ok(seeded.appointments > 20, `${seeded.appointments} appointments`);
    assert.ok(seeded.notes > 5, `${seeded.notes} notes`);
    assert.is(seeded.documents, 4);
    // A year of money: issued invoices with payments, a cancellation, and a dunning run over what is overdue.
    assert.ok(seeded.invoices >= 36, `${seeded.invoices} invoices`);
    assert.ok(seeded.payments > seeded.invoices / 2, `${seeded.payments} payments`);
    assert.ok(seeded.cancellations >= 1, `${seeded.cancellations} cancellations`);
    assert.ok(seeded.dunningLetters >= 1, `${seeded.dunningLetters} dunning letters`);

    const owner = await db.selectFrom("memberships").select(["id", "account_id"])
      .where("practice_id", "=", seeded.practiceId).where("role", "=", "owner").executeTakeFirstOrThrow();
    const scope = {
      practiceId: seeded.practiceId,
      accountId: owner.account_id,
      membershipId: owner.id,
      role: "owner" as const,
      areas: [],
    };
    // Every entry opens with the practice key, as the app opens it, under its template's headings.
    const notes = await db.selectFrom("notes").select(["id", "status"]).where("practice_id", "=", seeded.practiceId)
      .execute();
    assert.is(notes.length, seeded.notes);
    for (const note of notes.slice(0, 10)) {
      const read = await readNote(db, masterKey, scope, note.id, { requestId: "test", now: new Date() });
      assert.ok(read && read.fields.length >= 4 && read.fields.every((f) => f.heading && f.text));
    }
    assert.ok(notes.some((note) => note.status === "final"), "older entries are finalized");

    // No practitioner is booked twice at once (cancelled appointments do not count).
    const overlaps = await sql<{ n: number }>`
    select count(*)::int as n from appointments a join appointments b
      on a.practitioner_id = b.practitioner_id and a.id < b.id
      and a.starts_at < b.ends_at and b.starts_at < a.ends_at
    where a.practice_id = ${seeded.practiceId} and a.status <> 'cancelled' and b.status <> 'cancelled'
  `.execute(db);
    assert.is(overlaps.rows[0].n, 0);

    // Appointment types with each practitioner's usual one, and the patients' appointments booked as it.
    const types = await db.selectFrom("appointment_types").select(["id", "name", "duration_minutes"])
      .where("practice_id", "=", seeded.practiceId).execute();
    assert.ok(types.some((t) => t.name === "Erstanamnese" && t.duration_minutes === 90));
    assert.ok(types.some((t) => t.name === "Kontrolle" && t.duration_minutes === 20));
    const usual = await db.selectFrom("memberships").select("usual_appointment_type_id")
      .where("practice_id", "=", seeded.practiceId).where("usual_appointment_type_id", "is not", null).execute();
    assert.is(usual.length, 4, "the owner and the three practitioners");
    const coloured = await db.selectFrom("memberships").select("calendar_colour")
      .where("practice_id", "=", seeded.practiceId).where("calendar_colour", "is not", null).execute();
    assert.is(new Set(coloured.map((m) => m.calendar_colour)).size, 4, "each practitioner has a colour of their own");
    const untyped = await db.selectFrom("appointments").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("practice_id", "=", seeded.practiceId).where("patient_id", "is not", null)
      .where("appointment_type_id", "is", null).executeTakeFirstOrThrow();
    assert.is(Number(untyped.n), 0);

    const patients = await db.selectFrom("patients").select(["insurance_kind", "insurance_number", "search_name"])
      .where("practice_id", "=", seeded.practiceId).execute();
    for (const patient of patients.filter((p) => p.insurance_kind === "statutory")) {
      const [letter, digits, check] = [
        patient.insurance_number[0],
        patient.insurance_number.slice(1, 9),
        patient.insurance_number[9],
      ];
      assert.is(insuranceCheckDigit(letter, digits), Number(check), patient.insurance_number);
    }

    const documents = await db.selectFrom("documents").select(["id", "content_type"])
      .where("practice_id", "=", seeded.practiceId).execute();
    const pdf = documents.find((d) => d.content_type === "application/pdf")!;
    const bytes = await readDocumentBytes(
      db,
      masterKey,
      seeded.practiceId,
      (await findDocument(db, masterKey, scope, pdf.id))!,
    );
    assert.is(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");
    assert.ok(documents.some((d) => d.content_type === "image/png"));

    // A team member signs in with the published demo password (the second factor comes next).
    const member = await new TestClient(app).post("/sign-in", { email: DEMO_TEAM[0].email, password: DEMO_PASSWORD });
    assert.is(member.status, 303);
    assert.ok(member.location?.startsWith("/sign-in/"), member.location ?? "");

    const again = await seedDemo(db, masterKey, options);
    assert.is(again.practiceId, seeded.practiceId);
    assert.is(again.appointments, 0, "the booked weeks are there already");
    const count = await db.selectFrom("patients").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("practice_id", "=", seeded.practiceId).executeTakeFirstOrThrow();
    assert.is(Number(count.n), 20);
    const typesAgain = await db.selectFrom("appointment_types").select("id")
      .where("practice_id", "=", seeded.practiceId).execute();
    assert.is(typesAgain.length, types.length, "a second run adds no types");
  },
);

demo.run();
