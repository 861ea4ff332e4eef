// QR codes rendered on the server (for the otpauth:// URI when a TOTP app is set up), so the
// secret never goes to an outside service. The page shows it as <img src="data:..."> (the CSP
// allows img-src data:); SVG is never inlined into HTML, where it could carry markup.
// The `qr` package (zero dependencies) does the encoding; the drawing is here, as one path of
// horizontal strokes, less than half the size of the package's square-per-module SVG.
import { encodeQR } from "qr";
import { encodeBase64 } from "@oslojs/encoding";

/** The light margin scanners need around the symbol (ISO/IEC 18004: four modules). */
const QUIET_ZONE_MODULES = 4;

export function qrCodeSvg(text: string, pixelsPerModule = 4): string {
  // Medium error correction: tolerant of a smudged screen or a glare, still a small symbol.
  const modules = encodeQR(text, "raw", { ecc: "medium", border: QUIET_ZONE_MODULES });
  const size = modules.length;
  const pixels = size * pixelsPerModule;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${pixels}" height="${pixels}"` +
    ` shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path stroke="#000" d="${darkRuns(modules)}"/></svg>`;
}

/**
 * Each horizontal run of dark modules as a one-module-wide stroke along the middle of its row:
 * "M4 4.5h7" starts a row, "m2 0h3" continues it after a gap of two light modules.
 */
function darkRuns(modules: boolean[][]): string {
  let path = "";
  modules.forEach((row, y) => {
    let penAt: number | null = null; // where the last run of this row ended
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      path += penAt === null ? `M${start} ${y}.5` : `m${start - penAt} 0`;
      path += `h${x - start + 1}`;
      penAt = x + 1;
    }
  });
  return path;
}

export function qrCodeDataUrl(text: string, pixelsPerModule = 4): string {
  return `data:image/svg+xml;base64,${encodeBase64(new TextEncoder().encode(qrCodeSvg(text, pixelsPerModule)))}`;
}
