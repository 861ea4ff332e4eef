// Patients and files for the document and share-link scenarios, and a raw fetch for binary
// responses (TestClient reads bodies as text).
import type { Hono } from "hono";
import type { Db } from "../../db/database.ts";
import { normaliseName } from "../../lib/search-text.ts";
import type { TestClient } from "./http-client.ts";
import { TEST_BASE_URL } from "./test-app.ts";

export async function addPatient(db: Db, practiceId: string, family: string, given: string): Promise<string> {
  const row = await db.insertInto("patients").values({
    practice_id: practiceId,
    family_name: family,
    given_names: given,
    search_name: normaliseName(`${family} ${given}`),
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** A file that starts with the given signature, filled with random bytes. */
export function documentBytes(signature: number[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65536)));
  }
  bytes.set(signature);
  return bytes;
}

/** A "PDF" of the given size with a marker text in its middle. */
export function pdfBytes(size: number, marker: string): Uint8Array {
  const bytes = documentBytes([...new TextEncoder().encode("%PDF-1.7\n")], size);
  const text = new TextEncoder().encode(marker);
  if (size > text.length + 20) bytes.set(text, Math.floor(size / 2));
  return bytes;
}

export async function uploadDocument(
  client: TestClient,
  patientId: string,
  fileName: string,
  bytes: Uint8Array,
  type = "application/pdf",
) {
  if (!client.csrfToken()) await client.get("/sign-in");
  const form = new FormData();
  form.set("_csrf", client.csrfToken() ?? "");
  form.set("file", new File([bytes as BlobPart], fileName, { type }));
  return await client.send(`/patients/${patientId}/documents`, {
    method: "POST",
    headers: { Origin: TEST_BASE_URL },
    body: form,
  });
}

/** A request with the client's cookies whose body is read as bytes. */
// deno-lint-ignore no-explicit-any
export async function fetchRaw(app: Hono<any>, client: TestClient, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("Cookie", [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  const env = { remoteAddr: { hostname: client.remoteAddress } };
  const response = await app.request(new URL(path, TEST_BASE_URL).href, { ...init, headers }, env);
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}
