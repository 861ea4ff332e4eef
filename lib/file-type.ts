// What an uploaded file really is, read from its first bytes: the client's content type and the
// file name's extension are ignored. Only formats a browser shows without running anything are
// accepted (PDF, PNG, JPEG, WebP, TIFF); HTML and SVG can carry script and are refused.
export type DocumentContentType = "application/pdf" | "image/png" | "image/jpeg" | "image/webp" | "image/tiff";

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

/** The sniffed content type, or null for anything not accepted. */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | null {
  if (startsWith(bytes, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return "image/tiff";
  return null;
}

/** Images a browser can show in an <img> (TIFF is download only). */
export function isPreviewableImage(contentType: string): boolean {
  return contentType === "image/png" || contentType === "image/jpeg" || contentType === "image/webp";
}

const EXTENSIONS: Record<DocumentContentType, string> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/tiff": "tif",
};

const MAX_NAME_LENGTH = 120;

/**
 * A file name safe to store and to send back in Content-Disposition: no path, no control or
 * bidi characters, at most 120 characters, and the extension of the sniffed type (a ".pdf"
 * that is an image becomes ".png").
 */
export function sanitizeFileName(name: string, contentType: DocumentContentType): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/["*:<>?|]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const stem = cleaned.replace(/\.[^.]{1,8}$/, "").trim();
  const extension = EXTENSIONS[contentType];
  const shortened = [...(stem || "dokument")].slice(0, MAX_NAME_LENGTH - extension.length - 1).join("");
  return `${shortened}.${extension}`;
}

/** Content-Disposition per RFC 6266: an ASCII fallback and the UTF-8 name in filename*. */
export function contentDisposition(kind: "attachment" | "inline", fileName: string): string {
  const fallback = fileName.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\%]/g, "_") || "dokument";
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
