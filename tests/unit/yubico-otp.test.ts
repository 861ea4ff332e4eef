import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeHex, encodeHexLowerCase } from "@oslojs/encoding";
import {
  decodeModhex,
  decryptYubicoOtp,
  encodeModhex,
  isNewerThan,
  parsePersonalizationCsvLine,
  parseYubicoOtp,
  privateIdMatches,
  type YubicoOtpFields,
  yubikeyCrc16,
} from "../../lib/yubico-otp.ts";
import { createYubikeyEmulator, generateYubicoOtp } from "../support/yubikey-emulator.ts";

const test = suite("Yubico OTP");

function fieldsOf(result: YubicoOtpFields | { error: string }): YubicoOtpFields {
  if ("error" in result) throw new Error(`decryption failed: ${result.error}`);
  return result;
}

function tokenOf(otp: string): Uint8Array {
  const parsed = parseYubicoOtp(otp);
  if ("error" in parsed) throw new Error(`not an OTP: ${parsed.error}`);
  return parsed.token;
}

// Yubico's yubico-c, test-vectors.txt: modhex, AES-128-ECB and the plaintext layout.
test("modhex: the vectors from yubico-c's test-vectors.txt", () => {
  assert.is(encodeHexLowerCase(decodeModhex("dteffuje")!), "2d344e83");
  assert.is(encodeHexLowerCase(decodeModhex("hknhfjbrjnlnldnhcujvddbikngjrtgh")!), "69b6481c8baba2b60e8f22179b58cd56");
  assert.is(encodeModhex(decodeHex("ecde18dbe76fbd0c33330f1c354871db")), "urtubjtnuihvntcreeeecvbregfjibtn");
  assert.is(encodeModhex(new TextEncoder().encode("test")), "ifhgieif");
  assert.is(decodeModhex("abc"), null, "odd length");
  assert.is(decodeModhex("cbza"), null, "outside the alphabet");
});

test("decrypting the sample OTP of yubico-c's test-vectors.txt gives its fields", () => {
  // OTP "dteffujehknhfjbrjnlnldnhcujvddbikngjrtgh": an 8-character public id, then the token.
  const token = decodeModhex("hknhfjbrjnlnldnhcujvddbikngjrtgh")!;
  const fields = fieldsOf(decryptYubicoOtp(token, decodeHex("ecde18dbe76fbd0c33330f1c354871db")));
  assert.is(encodeHexLowerCase(fields.privateId), "8792ebfe26cc");
  assert.is(fields.usageCounter, 19);
  assert.is(fields.timestamp, 0xc230);
  assert.is(fields.sessionCounter, 17);
  assert.is(fields.random, 0x9fc8);
  assert.ok(privateIdMatches(fields, decodeHex("8792ebfe26cc")));
  assert.not.ok(privateIdMatches(fields, decodeHex("8792ebfe26cd")));
});

test("CRC-16: yubico-c's selftest vectors and the residue of test-vectors.txt", () => {
  assert.is(yubikeyCrc16(new Uint8Array([0, 1, 2, 3, 4])), 62919);
  assert.is(yubikeyCrc16(new Uint8Array([0xfe])), 4470);
  assert.is(yubikeyCrc16(new Uint8Array([0x55, 0xaa, 0, 0xff])), 52149);
  assert.is(
    yubikeyCrc16(new Uint8Array([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x30, 0x75, 0x00, 0x09, 0x3d, 0xfa, 0x60, 0xea])),
    35339,
  );
  assert.is(yubikeyCrc16(decodeHex("8792ebfe26cc130030c20011c89f23c8")), 0xf0b8);
});

// yubico-c tests/selftest.c otp_testvectors, the same as Yubico's published "Test vectors" page:
// [key, otp, private id, usage counter (with Caps Lock bit), timestamp low, high, session, random]
const OTP_VECTORS: [string, string, string, number, number, number, number, number][] = [
  ["000102030405060708090a0b0c0d0e0f", "dvgtiblfkbgturecfllberrvkinnctnn", "010203040506", 1, 1, 1, 1, 0],
  ["000102030405060708090a0b0c0d0e0f", "rnibcnfhdninbrdebccrndfhjgnhftee", "010203040506", 1, 1, 1, 2, 0],
  ["000102030405060708090a0b0c0d0e0f", "iikkijbdknrrdhfdrjltvgrbkkjblcbh", "010203040506", 0xfff, 1, 1, 1, 0],
  [
    "88888888888888888888888888888888",
    "dcihgvrhjeucvrinhdfddbjhfjftjdei",
    "888888888888",
    0x8888,
    0x8888,
    0x88,
    0x88,
    0x8888,
  ],
  ["00000000000000000000000000000000", "kkkncjnvcnenkjvjgncjihljiibgbhbh", "000000000000", 0, 0, 0, 0, 0],
  ["c4422890653076cde73d449b191b416a", "iucvrkjiegbhidrcicvlgrcgkgurhjnj", "33c69e7f249e", 1, 0x13a7, 0x24, 0, 0xc63c],
];

test("Yubico's published OTP vectors decrypt to their fields (Caps Lock bit dropped)", () => {
  for (const [key, otp, privateId, counter, low, high, session, random] of OTP_VECTORS) {
    const fields = fieldsOf(decryptYubicoOtp(decodeModhex(otp)!, decodeHex(key)));
    assert.is(encodeHexLowerCase(fields.privateId), privateId, otp);
    assert.is(fields.usageCounter, counter & 0x7fff, otp);
    assert.is(fields.timestamp, low | (high << 16), otp);
    assert.is(fields.sessionCounter, session, otp);
    assert.is(fields.random, random, otp);
  }
});

test("the emulator types exactly the published OTPs for the published fields", () => {
  for (const [key, otp, privateId, counter, low, high, session, random] of OTP_VECTORS) {
    const identity = { publicId: "vvgutbiedkvi", privateId: decodeHex(privateId), aesKey: decodeHex(key) };
    const typed = generateYubicoOtp(identity, {
      usageCounter: counter & 0x7fff,
      capsLock: (counter & 0x8000) !== 0,
      sessionCounter: session,
      timestamp: low | (high << 16),
      random,
    });
    assert.is(typed, "vvgutbiedkvi" + otp);
  }
});

test("a wrong key or a mangled token fails the CRC", () => {
  const token = decodeModhex("dvgtiblfkbgturecfllberrvkinnctnn")!;
  assert.equal(decryptYubicoOtp(token, decodeHex("ecde18dbe76fbd0c33330f1c354871db")), { error: "crc" });
  token[3] ^= 1;
  assert.equal(decryptYubicoOtp(token, decodeHex("000102030405060708090a0b0c0d0e0f")), { error: "crc" });
});

test("what the key types splits into a 12-character public id and a 16-byte token", () => {
  const parsed = parseYubicoOtp("vvgutbiedkvidvgtiblfkbgturecfllberrvkinnctnn");
  if ("error" in parsed) throw new Error(parsed.error);
  assert.is(parsed.publicId, "vvgutbiedkvi");
  assert.is(encodeHexLowerCase(parsed.token), "2f5d71a4915dec304aa13ccf97bb0dbb");
  const shouted = parseYubicoOtp(" VVGUTBIEDKVIDVGTIBLFKBGTURECFLLBERRVKINNCTNN\n");
  assert.ok(!("error" in shouted) && shouted.publicId === "vvgutbiedkvi", "Caps Lock and the Enter key");
  assert.equal(parseYubicoOtp("dteffujehknhfjbrjnlnldnhcujvddbikngjrtgh"), { error: "length" });
  assert.equal(parseYubicoOtp("123456"), { error: "length" });
  assert.equal(parseYubicoOtp("vvgutbiedkvidvgtiblfkbgturecfllberrvkinnctna"), { error: "modhex" });
  assert.equal(parseYubicoOtp("avgutbiedkvidvgtiblfkbgturecfllberrvkinnctnn"), { error: "modhex" });
});

test("only a strictly later (usage, session) pair is newer", () => {
  const at = (usageCounter: number, sessionCounter: number): YubicoOtpFields => ({
    privateId: new Uint8Array(6),
    usageCounter,
    sessionCounter,
    timestamp: 0,
    random: 0,
  });
  const last = { usageCounter: 5, sessionCounter: 3 };
  assert.ok(isNewerThan(at(5, 4), last), "next press");
  assert.ok(isNewerThan(at(6, 0), last), "plugged in again");
  assert.not.ok(isNewerThan(at(5, 3), last), "the same OTP again");
  assert.not.ok(isNewerThan(at(5, 2), last), "an older press");
  assert.not.ok(isNewerThan(at(4, 200), last), "an older session");
});

test("round trip: OTPs from an emulated key decrypt to the counters it used, each newer than the last", () => {
  const key = createYubikeyEmulator({ usageCounter: 7 });
  let last = { usageCounter: 0, sessionCounter: 0 };
  for (let press = 0; press < 3; press++) {
    if (press === 2) key.replug();
    const expected = { usageCounter: key.usageCounter, sessionCounter: key.sessionCounter };
    const parsed = parseYubicoOtp(key.press());
    if ("error" in parsed) throw new Error(parsed.error);
    assert.is(parsed.publicId, key.publicId);
    const fields = fieldsOf(decryptYubicoOtp(parsed.token, key.aesKey));
    assert.ok(privateIdMatches(fields, key.privateId));
    assert.equal({ usageCounter: fields.usageCounter, sessionCounter: fields.sessionCounter }, expected);
    assert.ok(isNewerThan(fields, last));
    last = expected;
  }
  assert.equal(last, { usageCounter: 8, sessionCounter: 0 });
});

test("the emulator moves to the next usage count when the session counter wraps", () => {
  const key = createYubikeyEmulator({ usageCounter: 2, sessionCounter: 0xff });
  const fields = fieldsOf(decryptYubicoOtp(tokenOf(key.press()), key.aesKey));
  assert.is(fields.sessionCounter, 0xff);
  assert.equal([key.usageCounter, key.sessionCounter], [3, 0]);
});

// Lines as the YubiKey Personalization Tool logs them, quoted from privacyIDEA's importer
// (privacyidea/lib/importotp.py, parseYubicoCSV), whose layouts match the tool's YubiKeyLogger.
test("a Personalization Tool line in the traditional layout gives public id, private id and key", () => {
  const line =
    "Yubico OTP,12/11/2013 11:10,1,vvgutbiedkvi,ab86c04de6a3,d26a7c0f85fdda28bd816e406342b214,,,0,0,0,0,0,0,0,0,0,0";
  const parsed = parsePersonalizationCsvLine(line);
  if ("error" in parsed) throw new Error(parsed.error);
  assert.is(parsed.serial, null);
  assert.is(parsed.publicId, "vvgutbiedkvi");
  assert.is(encodeHexLowerCase(parsed.privateId), "ab86c04de6a3");
  assert.is(encodeHexLowerCase(parsed.aesKey), "d26a7c0f85fdda28bd816e406342b214");
  const commaInTime = line.replace("12/11/2013 11:10", "Wednesday, December 11, 2013 11:10") + "\r";
  assert.equal(parsePersonalizationCsvLine(commaInTime), parsed, "a locale whose dates contain commas");
});

test("a Personalization Tool line in the Yubico layout carries the serial too", () => {
  const parsed = parsePersonalizationCsvLine(
    "508326,cccccccccccc,83cebdfb7b93,a47c5bf9c152202f577be6721c0113af,,2013-12-12T08:43:17,",
  );
  if ("error" in parsed) throw new Error(parsed.error);
  assert.is(parsed.serial, "508326");
  assert.is(parsed.publicId, "cccccccccccc");
  assert.is(encodeHexLowerCase(parsed.privateId), "83cebdfb7b93");
  assert.is(encodeHexLowerCase(parsed.aesKey), "a47c5bf9c152202f577be6721c0113af");
});

test("other Personalization Tool lines are refused with a reason", () => {
  const refused = (line: string) => {
    const result = parsePersonalizationCsvLine(line);
    return "error" in result ? result.error : "accepted";
  };
  assert.is(refused("LOGGING START,12/11/2013 11:10"), "notYubicoOtp");
  assert.is(
    refused("OATH-HOTP,11.12.13 18:55,1,cccccccccccc,,916821d3a138bf855e70069605559a206ba854cd,,,0,0,0,6,0,0,0,0,0,0"),
    "notYubicoOtp",
  );
  assert.is(
    refused("Static Password,11.12.13 19:08,1,,d5a3d50327dc,0e8e37b0e38b314a56748c030f58d21d,,,0,0,0,0,0,0,0,0,0,0"),
    "notYubicoOtp",
  );
  assert.is(refused("508326,,0,69cfb9202438ca68964ec3244bfa4843d073a43b,,2013-12-12T08:41:07,"), "notYubicoOtp");
  assert.is(refused("508326,,,9e2fd386224a7f77e9b5aee775464033,,2013-12-12T08:44:34,"), "notYubicoOtp");
  assert.is(refused(""), "columns");
  assert.is(refused("Yubico OTP,12/11/2013 11:10,1,vvgutbiedkvi,ab86c04de6a3"), "columns");
  assert.is(refused("508326,cccccccccccc,83cebdfb7b93,a47c5bf9c152202f577be6721c0113af"), "columns");
  const good =
    "Yubico OTP,12/11/2013 11:10,1,vvgutbiedkvi,ab86c04de6a3,d26a7c0f85fdda28bd816e406342b214,,,0,0,0,0,0,0,0,0,0,0";
  assert.is(refused(good.replace("vvgutbiedkvi", "vvgutbiedkva")), "publicId");
  assert.is(refused(good.replace("vvgutbiedkvi", "vvgutbiedk")), "publicId");
  assert.is(refused(good.replace("ab86c04de6a3", "ab86c04de6")), "privateId");
  assert.is(refused(good.replace("d26a7c0f85fdda28bd816e406342b214", "d26a7c0f85fdda28bd816e406342b21")), "aesKey");
  assert.is(refused(good.replace("d26a7c0f85fdda28bd816e406342b214", "z26a7c0f85fdda28bd816e406342b214")), "aesKey");
});

test("the emulator's own Personalization Tool lines parse back to its identity", () => {
  const key = createYubikeyEmulator();
  for (const layout of ["traditional", "yubico"] as const) {
    const parsed = parsePersonalizationCsvLine(key.personalizationCsvLine(layout));
    if ("error" in parsed) throw new Error(parsed.error);
    assert.equal([parsed.publicId, parsed.privateId, parsed.aesKey], [key.publicId, key.privateId, key.aesKey]);
  }
});

test.run();
