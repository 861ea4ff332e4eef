import { suite } from "uvu";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import { safeEntryName, type ZipEntry, zipStream } from "../../lib/billing-zip.ts";

const zip = suite("streamed ZIP archive");
const encoder = new TextEncoder();
const modified = new Date("2026-03-31T12:00:00Z");

async function* pieces(): AsyncIterable<Uint8Array> {
  yield encoder.encode("Nummer;Betrag\r\n");
  yield encoder.encode("2026-0001;120,50\r\n");
}

zip("entries written whole or in pieces read back with their names and bytes", async () => {
  const pdf = new Uint8Array(70_000).map((_, i) => (i * 31) % 251);
  async function* entries(): AsyncIterable<ZipEntry> {
    yield { name: "journal.csv", content: pieces(), compress: true, modified };
    yield { name: "rechnungen/2026-0001.pdf", content: pdf, compress: false, modified };
  }
  const bytes = new Uint8Array(await new Response(zipStream(entries())).arrayBuffer());
  const files = unzipSync(bytes);
  assert.equal(Object.keys(files), ["journal.csv", "rechnungen/2026-0001.pdf"]);
  assert.is(new TextDecoder().decode(files["journal.csv"]), "Nummer;Betrag\r\n2026-0001;120,50\r\n");
  assert.equal(files["rechnungen/2026-0001.pdf"], pdf);
});

zip("an archive without entries is still a valid, empty ZIP", async () => {
  async function* none(): AsyncIterable<ZipEntry> {}
  const bytes = new Uint8Array(await new Response(zipStream(none())).arrayBuffer());
  assert.equal(Object.keys(unzipSync(bytes)), []);
});

zip("the stream pulls entries only as the reader reads", async () => {
  let produced = 0;
  async function* counted(): AsyncIterable<ZipEntry> {
    for (let i = 0; i < 50; i++) {
      produced++;
      yield { name: `${i}.pdf`, content: new Uint8Array(1000), compress: false, modified };
    }
  }
  const reader = zipStream(counted()).getReader();
  await reader.read();
  assert.ok(produced < 5, `${produced} entries produced for the first chunk`);
  await reader.cancel();
});

zip("entry names cannot climb out of the archive", () => {
  assert.is(safeEntryName("../../etc/passwd"), "etc/passwd");
  assert.is(safeEntryName("/abs/x.pdf"), "abs/x.pdf");
  assert.is(safeEntryName('a:b*"c.pdf'), "a_b__c.pdf");
  assert.is(safeEntryName("../.."), "unbenannt");
  assert.is(safeEntryName("rechnungen/2026-0001 Storno.pdf"), "rechnungen/2026-0001 Storno.pdf");
});

zip.run();
