// Small pieces the billing pages share: money, days, the status badge, a plain checkbox.
import type { PageContext } from "../page-context.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import type { InvoiceStatus } from "../../lib/invoice-status.ts";
import { formatEuro } from "../../lib/money.ts";
import { formatDay } from "../../lib/invoice-pdf.ts";

export function euro(page: PageContext, cents: number): string {
  return formatEuro(cents, page.lang);
}

export function day(page: PageContext, value: string | null): string {
  return value ? formatDay(value, page.lang) : "";
}

export function StatusBadge(props: { page: PageContext; status: InvoiceStatus }) {
  return (
    <span class={`invoice-status invoice-status-${props.status}`}>
      {props.page.t(`billing.status.${props.status}` as MessageKey)}
    </span>
  );
}

export function Checkbox(props: { name: string; value?: string; checked: boolean; label: string }) {
  return (
    <label class="checkbox">
      <input type="checkbox" name={props.name} value={props.value ?? "yes"} checked={props.checked} />
      <span>{props.label}</span>
    </label>
  );
}
