// What every page needs from the request, handed to views as plain data.
import type { Language, MessageKey, Translate } from "../lib/i18n/mod.ts";
import type { Permission } from "../lib/permissions.ts";

export interface PageContext {
  lang: Language;
  t: Translate;
  csrfToken: string;
  asset(name: string): string;
  /** The signed-in person, when there is one. */
  account: { name: string | null; complete: boolean } | null;
  /** The practice the session works in, and whether its membership grants a permission. */
  practice: { name: string } | null;
  can(permission: Permission): boolean;
  /** Whether things may wait for the person's decision (an approver): the header links to /notices. */
  notices: boolean;
  showDevOutbox: boolean;
  /** Path and query of this page, where the language switch returns to. */
  currentPath: string;
}

export interface FieldError {
  key: MessageKey;
  values?: Record<string, string | number>;
}

export type FieldErrors = Partial<Record<string, FieldError>>;
