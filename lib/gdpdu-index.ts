// GoBD data access (Z3, Datenträgerüberlassung): flat CSV tables described by an index.xml in
// the GDPdU "Beschreibungsstandard" (lib/gdpdu/gdpdu-01-09-2004.dtd, shipped beside it on the
// medium). Every table here is UTF-8, ";" between columns, CRLF between records, text in double
// quotes, decimal comma, dates DD.MM.YYYY, and one header line that the index skips.
import { stringify } from "csv-stringify/sync";

export type GdpduType = "alphanumeric" | "numeric" | "date";

export interface GdpduColumn {
  name: string;
  description: string;
  type: GdpduType;
  /** Digits after the decimal comma of a numeric column. */
  accuracy?: number;
  primaryKey?: boolean;
}

export interface GdpduTable {
  url: string;
  name: string;
  description: string;
  columns: GdpduColumn[];
  foreignKeys?: { column: string; references: string; referencedColumn: string }[];
}

export interface GdpduIndex {
  supplier: { name: string; location: string; comment: string };
  mediaName: string;
  tables: GdpduTable[];
}

export const DTD_FILE_NAME = "gdpdu-01-09-2004.dtd";

export function readDtd(): Promise<Uint8Array> {
  return Deno.readFile(new URL(`./gdpdu/${DTD_FILE_NAME}`, import.meta.url));
}

export function escapeXml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")
    // XML 1.0 cannot hold most control characters, not even escaped.
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
}

function element(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

function columnXml(column: GdpduColumn): string {
  const tag = column.primaryKey ? "VariablePrimaryKey" : "VariableColumn";
  const type = column.type === "numeric"
    ? `<Numeric>${column.accuracy ? element("Accuracy", String(column.accuracy)) : ""}</Numeric>`
    : column.type === "date"
    ? `<Date>${element("Format", "DD.MM.YYYY")}</Date>`
    : "<AlphaNumeric/>";
  return `      <${tag}>${element("Name", column.name)}${element("Description", column.description)}${type}</${tag}>`;
}

function tableXml(table: GdpduTable): string {
  // The DTD wants every primary key column before the other columns.
  const columns = [...table.columns.filter((c) => c.primaryKey), ...table.columns.filter((c) => !c.primaryKey)];
  const foreignKeys = (table.foreignKeys ?? []).map((key) =>
    `      <ForeignKey>${element("Name", key.column)}${element("References", key.references)}` +
    `<Alias>${element("From", key.column)}${element("To", key.referencedColumn)}</Alias></ForeignKey>`
  );
  return [
    "    <Table>",
    `      ${element("URL", table.url)}`,
    `      ${element("Name", table.name)}`,
    `      ${element("Description", table.description)}`,
    "      <UTF8/>",
    `      ${element("DecimalSymbol", ",")}`,
    `      ${element("DigitGroupingSymbol", ".")}`,
    `      <Range>${element("From", "2")}</Range>`,
    "      <VariableLength>",
    `      ${element("ColumnDelimiter", ";")}`,
    "      <RecordDelimiter>&#13;&#10;</RecordDelimiter>",
    `      ${element("TextEncapsulator", '"')}`,
    ...columns.map(columnXml),
    ...foreignKeys,
    "      </VariableLength>",
    "    </Table>",
  ].join("\n");
}

export function renderIndexXml(index: GdpduIndex): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!DOCTYPE DataSet SYSTEM "${DTD_FILE_NAME}">`,
    "<DataSet>",
    `  ${element("Version", "1.0")}`,
    "  <DataSupplier>",
    `    ${element("Name", index.supplier.name)}`,
    `    ${element("Location", index.supplier.location)}`,
    `    ${element("Comment", index.supplier.comment)}`,
    "  </DataSupplier>",
    "  <Media>",
    `    ${element("Name", index.mediaName)}`,
    ...index.tables.map(tableXml),
    "  </Media>",
    "</DataSet>",
    "",
  ].join("\n");
}

export type CellValue = string | number | null;

/** 12,34 from 1234 cents (numeric columns with accuracy 2 hold cents). */
export function centsCell(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)},${String(absolute % 100).padStart(2, "0")}`;
}

/** 05.03.2026 from 2026-03-05. */
export function dateCell(isoDate: string | null): string {
  return isoDate ? `${isoDate.slice(8, 10)}.${isoDate.slice(5, 7)}.${isoDate.slice(0, 4)}` : "";
}

/** The CSV text of a table: the header line, then the rows, in the format the index declares. */
export function tableCsv(table: GdpduTable, rows: CellValue[][], withHeader = true): string {
  const columns = [...table.columns.filter((c) => c.primaryKey), ...table.columns.filter((c) => !c.primaryKey)];
  const order = columns.map((column) => table.columns.indexOf(column));
  const records = rows.map((row) => order.map((i) => row[i] ?? ""));
  return stringify(withHeader ? [columns.map((c) => c.name), ...records] : records, {
    delimiter: ";",
    record_delimiter: "\r\n",
    // A line break inside a value must be quoted even where it is no full record delimiter.
    quoted_match: /[\r\n]/,
    cast: { number: (value) => String(value) },
  });
}
