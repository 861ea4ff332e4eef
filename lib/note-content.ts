// The content of a documentation entry as it is stored: JSON of its fields (and, for an
// amendment, its reason), encrypted with the practice data key and bound to its row by the
// associated data, so a ciphertext moved to another row or practice no longer opens.
import { decryptBytes, encryptBytes } from "./envelope-encryption.ts";

export interface NoteField {
  heading: string;
  text: string;
}

export function noteAssociatedData(practiceId: string, noteId: string): string {
  return `note:${practiceId}:${noteId}`;
}

export function amendmentAssociatedData(practiceId: string, amendmentId: string): string {
  return `note-amendment:${practiceId}:${amendmentId}`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function sealJson(key: Uint8Array, value: unknown, associatedData: string): Promise<Uint8Array> {
  return encryptBytes(key, encoder.encode(JSON.stringify(value)), associatedData);
}

export async function openJson(key: Uint8Array, ciphertext: Uint8Array, associatedData: string) {
  return JSON.parse(decoder.decode(await decryptBytes(key, ciphertext, associatedData))) as {
    fields?: NoteField[];
    reason?: string;
  };
}

export function fieldsOf(value: { fields?: unknown }): NoteField[] {
  if (!Array.isArray(value.fields)) return [];
  return value.fields.map((field) => ({ heading: String(field?.heading ?? ""), text: String(field?.text ?? "") }));
}
