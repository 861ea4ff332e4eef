// Sizes and types on the documents pages, in the page's language; times as on the practice pages.
export { moment } from "../practice/format.ts";

/** 1,4 MB, 820 kB, 512 B: binary units (20 MiB shows as "20 MB"), as most file managers count. */
export function byteSize(lang: "de" | "en", bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024
    ? [bytes / (1024 * 1024), "MB"]
    : bytes >= 1024
    ? [bytes / 1024, "kB"]
    : [bytes, "B"];
  const digits = unit === "B" || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(lang === "de" ? "de-DE" : "en-GB", { maximumFractionDigits: digits })} ${unit}`;
}

export const TYPE_LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
  "image/tiff": "TIFF",
};
