// The GiroCode: the EPC QR code of the European Payments Council ("Quick Response Code:
// Guidelines to Enable Data Capture for the Initiation of a SEPA Credit Transfer", EPC069-12,
// version 3.0): a banking app scans it and fills in a transfer. Version 002 lets the BIC be left
// out inside the EEA; character set 1 is UTF-8; the payload may hold at most 331 bytes.
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";

export interface TransferOrder {
  name: string;
  iban: string;
  bic?: string;
  amountCents: number;
  /** The unstructured remittance text: the invoice number. */
  reference: string;
}

/** An IBAN as typed (spaces allowed), in its electronic form when its check digits hold. */
export function readIban(text: string): string | null {
  const iban = electronicFormatIBAN(text.trim());
  return iban && isValidIBAN(iban) ? iban : null;
}

export function readBic(text: string): string | null {
  const bic = text.trim().replace(/\s/g, "").toUpperCase();
  return isValidBIC(bic) ? bic : null;
}

/** The payload; null when the transfer cannot be encoded (no valid IBAN, no amount, too long). */
export function girocodePayload(order: TransferOrder): string | null {
  const iban = readIban(order.iban);
  if (!iban || order.amountCents < 1 || order.amountCents > 99_999_999_999) return null;
  const lines = [
    "BCD",
    "002",
    "1",
    "SCT",
    order.bic ? readBic(order.bic) ?? "" : "",
    order.name.replace(/\s+/g, " ").trim().slice(0, 70),
    iban,
    `EUR${(order.amountCents / 100).toFixed(2)}`,
    "",
    "",
    order.reference.replace(/\s+/g, " ").trim().slice(0, 140),
  ];
  const payload = lines.join("\n");
  return new TextEncoder().encode(payload).length <= 331 ? payload : null;
}
