// E-invoice for business recipients: an issued invoice as XRechnung (EN 16931, UBL syntax) via
// @e-invoice-eu/core. The library checks the invoice data against its EN 16931 schema before it
// writes the XML and refuses what does not fit. A cancellation invoice becomes a credit note
// (type 381) that names the invoice it cancels; its amounts are negative as stored.
import type { ItemVatTreatment } from "./billing-kinds.ts";
import { VAT_PERCENT, type VatLine } from "./money.ts";

export interface EInvoiceInput {
  kind: "invoice" | "cancellation";
  number: string;
  issueDate: string;
  dueDate: string;
  cancelsNumber: string | null;
  seller: {
    name: string;
    address: string;
    taxNumber: string;
    vatId: string;
    iban: string;
    bic: string;
    email: string;
  };
  buyer: { name: string; address: string; email: string };
  items: {
    description: string;
    serviceDate: string;
    quantity: number;
    amountCents: number;
    vatTreatment: ItemVatTreatment;
  }[];
  vatLines: VatLine[];
  netCents: number;
  vatCents: number;
  totalCents: number;
}

/** A postal address as the invoice prints it: street first, "12345 Stadt" last. */
export function postalAddress(text: string): { street: string; postcode: string; city: string } {
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const town = lines.findLast((line) => /^\d{4,5}\s+\S/.test(line)) ?? lines[lines.length - 1] ?? "";
  const match = /^(\d{4,5})\s+(.+)$/.exec(town);
  return {
    street: lines.find((line) => line !== town) ?? "",
    postcode: match?.[1] ?? "",
    city: match?.[2] ?? town,
  };
}

const CATEGORY: Record<ItemVatTreatment, string> = { exempt: "E", small_business: "E", standard: "S", reduced: "S" };
const EXEMPTION: Partial<Record<ItemVatTreatment, string>> = {
  exempt: "Steuerfrei nach § 4 Nr. 14 UStG",
  small_business: "Kein Ausweis von Umsatzsteuer, da Kleinunternehmer gemäß § 19 UStG",
};

function euros(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}

function taxCategory(treatment: ItemVatTreatment) {
  return {
    "cbc:ID": CATEGORY[treatment],
    "cbc:Percent": String(VAT_PERCENT[treatment]),
    "cac:TaxScheme": { "cbc:ID": "VAT" },
  };
}

function party(name: string, address: string, email: string) {
  const postal = postalAddress(address);
  return {
    ...(email ? { "cbc:EndpointID": email, "cbc:EndpointID@schemeID": "EM" } : {}),
    "cac:PostalAddress": {
      "cbc:StreetName": postal.street || name,
      "cbc:CityName": postal.city || "-",
      "cbc:PostalZone": postal.postcode || "-",
      "cac:Country": { "cbc:IdentificationCode": "DE" },
    },
    "cac:PartyLegalEntity": { "cbc:RegistrationName": name },
  };
}

/** The invoice in the library's JSON form (the UBL names of EN 16931). */
export function eInvoiceData(input: EInvoiceInput) {
  const money = (cents: number) => ({ amount: euros(cents), currency: "EUR" });
  const amount = (name: string, cents: number) => ({
    [`cbc:${name}`]: money(cents).amount,
    [`cbc:${name}@currencyID`]: "EUR",
  });
  const seller = input.seller;
  const taxScheme = [
    ...(seller.vatId ? [{ "cbc:CompanyID": seller.vatId, "cac:TaxScheme": { "cbc:ID": "VAT" } }] : []),
    ...(seller.taxNumber ? [{ "cbc:CompanyID": seller.taxNumber, "cac:TaxScheme": { "cbc:ID": "FC" } }] : []),
  ];
  return {
    "ubl:Invoice": {
      "cbc:CustomizationID": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
      "cbc:ProfileID": "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0",
      "cbc:ID": input.number,
      "cbc:IssueDate": input.issueDate,
      ...(input.kind === "invoice" && input.dueDate ? { "cbc:DueDate": input.dueDate } : {}),
      "cbc:InvoiceTypeCode": input.kind === "invoice" ? "380" : "381",
      "cbc:DocumentCurrencyCode": "EUR",
      "cbc:BuyerReference": input.number,
      ...(input.cancelsNumber
        ? { "cac:BillingReference": [{ "cac:InvoiceDocumentReference": { "cbc:ID": input.cancelsNumber } }] }
        : {}),
      "cac:AccountingSupplierParty": {
        "cac:Party": {
          ...party(seller.name, seller.address, seller.email),
          ...(taxScheme.length ? { "cac:PartyTaxScheme": taxScheme } : {}),
          "cac:Contact": { "cbc:Name": seller.name, "cbc:ElectronicMail": seller.email || "-" },
        },
      },
      "cac:AccountingCustomerParty": { "cac:Party": party(input.buyer.name, input.buyer.address, input.buyer.email) },
      ...(seller.iban
        ? {
          "cac:PaymentMeans": [{
            "cbc:PaymentMeansCode": "58",
            "cbc:PaymentID": input.number,
            "cac:PayeeFinancialAccount": { "cbc:ID": seller.iban.replace(/\s/g, ""), "cbc:Name": seller.name },
          }],
        }
        : {}),
      "cac:TaxTotal": [{
        ...amount("TaxAmount", input.vatCents),
        "cac:TaxSubtotal": input.vatLines.map((line) => ({
          ...amount("TaxableAmount", line.netCents),
          ...amount("TaxAmount", line.vatCents),
          "cac:TaxCategory": {
            ...taxCategory(line.treatment),
            ...(EXEMPTION[line.treatment] ? { "cbc:TaxExemptionReason": EXEMPTION[line.treatment] } : {}),
            "cac:TaxScheme": { "cbc:ID": "VAT" },
          },
        })),
      }],
      "cac:LegalMonetaryTotal": {
        ...amount("LineExtensionAmount", input.netCents),
        ...amount("TaxExclusiveAmount", input.netCents),
        ...amount("TaxInclusiveAmount", input.totalCents),
        ...amount("PayableAmount", input.totalCents),
      },
      "cac:InvoiceLine": input.items.map((item, index) => ({
        "cbc:ID": String(index + 1),
        "cbc:InvoicedQuantity": String(input.kind === "cancellation" ? -Math.abs(item.quantity) : item.quantity),
        "cbc:InvoicedQuantity@unitCode": "C62",
        ...amount("LineExtensionAmount", item.amountCents),
        "cac:InvoicePeriod": { "cbc:StartDate": item.serviceDate, "cbc:EndDate": item.serviceDate },
        "cac:Item": { "cbc:Name": item.description, "cac:ClassifiedTaxCategory": taxCategory(item.vatTreatment) },
        "cac:Price": {
          "cbc:PriceAmount": euros(Math.abs(Math.round(item.amountCents / (item.quantity || 1)))),
          "cbc:PriceAmount@currencyID": "EUR",
        },
      })),
    },
  };
}

const silent = { log: () => {}, warn: () => {}, error: () => {} };

/**
 * The library, loaded with the first e-invoice (not at start). One of its dependencies (tmp, for
 * spreadsheet conversion, unused here) resolves the system temp folder when it loads: the launcher
 * (bin/start.ts) grants reading it, no temp file is made.
 */
async function invoiceService() {
  const { InvoiceService } = await import("@e-invoice-eu/core");
  return new InvoiceService(silent as never);
}

/** XRechnung 3.0 (UBL) of the invoice; throws when the data does not meet EN 16931's schema. */
export async function xrechnungXml(input: EInvoiceInput): Promise<string> {
  const service = await invoiceService();
  const xml = await service.generate(eInvoiceData(input) as never, { format: "XRECHNUNG-UBL", lang: "de" });
  return typeof xml === "string" ? xml : new TextDecoder().decode(xml);
}

/**
 * ZUGFeRD / Factur-X (profile EN 16931): the issued invoice's PDF as PDF/A-3 with the CII XML
 * embedded as factur-x.xml. The stored PDF stays the record; this is a way of delivering it.
 */
export async function facturXPdf(input: EInvoiceInput, pdf: Uint8Array): Promise<Uint8Array> {
  const service = await invoiceService();
  const hybrid = await service.generate(eInvoiceData(input) as never, {
    format: "Factur-X-EN16931",
    lang: "de",
    pdf: { buffer: pdf, filename: `${input.number}.pdf`, mimetype: "application/pdf" },
  });
  return typeof hybrid === "string" ? new TextEncoder().encode(hybrid) : hybrid;
}
