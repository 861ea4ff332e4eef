import { suite } from "uvu";
import * as assert from "uvu/assert";
import { multipartBoundary, MultipartError, MultipartReader } from "../../lib/multipart.ts";

const encoder = new TextEncoder();

function streamOf(bytes: Uint8Array, pieceBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(sent, sent + pieceBytes));
      sent += pieceBytes;
    },
  });
}

/** Every part as name, file name and content, reading the bytes of each. */
async function readAll(bytes: Uint8Array, boundary: string, pieceBytes: number) {
  const reader = new MultipartReader(streamOf(bytes, pieceBytes), boundary);
  const parts: { name: string; fileName: string | null; content: string }[] = [];
  for (let part = await reader.next(); part; part = await reader.next()) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of part.chunks()) chunks.push(chunk.slice());
    const content = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      content.set(chunk, offset);
      offset += chunk.length;
    }
    parts.push({ name: part.name, fileName: part.fileName, content: new TextDecoder().decode(content) });
  }
  return parts;
}

const BODY = [
  "preamble to ignore\r\n",
  "--XyZ\r\n",
  'Content-Disposition: form-data; name="_csrf"\r\n\r\n',
  "token-value\r\n",
  "--XyZ\r\n",
  'Content-Disposition: form-data; name="file"; filename="Befund \\"Mai\\".pdf"\r\n',
  "Content-Type: application/pdf\r\n\r\n",
  // Starts like a delimiter but is none (a delimiter inside a part would break the body, RFC 2046).
  "%PDF-1.7\r\n--XyY not the end\r\n--Xy\r\nend\r\n",
  "--XyZ\r\n",
  'Content-Disposition: form-data; name="leer"; filename=""\r\n\r\n',
  "\r\n",
  "--XyZ--\r\n",
  "epilogue to ignore",
].join("");

const multipart = suite("reading a multipart body as a stream");

multipart("the same parts come out whatever size the pieces of the body have", async () => {
  const expected = [
    { name: "_csrf", fileName: null, content: "token-value" },
    { name: "file", fileName: 'Befund "Mai".pdf', content: "%PDF-1.7\r\n--XyY not the end\r\n--Xy\r\nend" },
    { name: "leer", fileName: "", content: "" },
  ];
  for (const piece of [1, 2, 3, 5, 7, 13, 64, 100_000]) {
    assert.equal(await readAll(encoder.encode(BODY), "XyZ", piece), expected, `pieces of ${piece}`);
  }
});

multipart("a part left unread is skipped, and text is refused past its limit", async () => {
  const reader = new MultipartReader(streamOf(encoder.encode(BODY), 4), "XyZ");
  const token = await reader.next();
  assert.is(await token!.text(100), "token-value");
  const file = await reader.next();
  assert.is(file!.name, "file");
  const leer = await reader.next();
  assert.is(leer!.name, "leer");
  assert.is(await reader.next(), null);

  const again = new MultipartReader(streamOf(encoder.encode(BODY), 4), "XyZ");
  try {
    await (await again.next())!.text(5);
    assert.unreachable("a field past its limit is refused");
  } catch (error) {
    assert.instance(error, MultipartError);
  }
});

multipart("UTF-8 file names arrive intact, filename* is preferred", async () => {
  const body = encoder.encode(
    '--b\r\nContent-Disposition: form-data; name="file"; filename="Müller.pdf"\r\n\r\nx\r\n' +
      '--b\r\nContent-Disposition: form-data; name="f2"; filename="x.pdf"; filename*=UTF-8\'\'Gr%C3%BC%C3%9Fe.pdf\r\n' +
      "\r\ny\r\n--b--",
  );
  const parts = await readAll(body, "b", 3);
  assert.equal(parts.map((part) => part.fileName), ["Müller.pdf", "Grüße.pdf"]);
});

multipart("broken bodies are a MultipartError, never a hang or another error", async () => {
  const broken = [
    '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nno closing delimiter',
    '--b\r\nContent-Disposition: form-data; name="a"\r\n',
    "--b\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--b--",
    '--b\r\nContent-Disposition: attachment; name="a"\r\n\r\nx\r\n--b--',
    "--b\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--b--",
    "no delimiter at all",
    `--b\r\nX-Long: ${"h".repeat(20_000)}\r\n\r\nx\r\n--b--`,
  ];
  for (const text of broken) {
    try {
      await readAll(encoder.encode(text), "b", 1000);
      assert.unreachable(text.slice(0, 40));
    } catch (error) {
      assert.instance(error, MultipartError, text.slice(0, 40));
    }
  }
});

multipart("the boundary is read from the content type, quoted or not", () => {
  assert.is(multipartBoundary("multipart/form-data; boundary=----WebKitFormBoundaryAbc"), "----WebKitFormBoundaryAbc");
  assert.is(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b;c"'), "a b;c");
  assert.is(multipartBoundary("multipart/form-data"), null);
  assert.is(multipartBoundary("multipart/mixed; boundary=abc"), null);
  assert.is(multipartBoundary("application/x-www-form-urlencoded"), null);
});

multipart.run();
