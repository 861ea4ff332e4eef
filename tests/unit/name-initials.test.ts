import { suite } from "uvu";
import * as assert from "uvu/assert";
import { nameInitials } from "../../lib/person-name.ts";

const test = suite("a person's initials beside their name in the calendar");

test("first and last word, titles left out, umlauts and single names kept", () => {
  assert.is(nameInitials("Anna Behandlerin"), "AB");
  assert.is(nameInitials("Dr. Maria Beispiel"), "MB");
  assert.is(nameInitials("Prof. Dr. Eva Maria von Özdemir"), "EÖ");
  assert.is(nameInitials("Lea Sommer (Demo)"), "LS");
  assert.is(nameInitials("Ümit"), "Ü");
  assert.is(nameInitials("  jan\u200b   de   vries "), "JV");
  assert.is(nameInitials("Dr."), "D");
  assert.is(nameInitials(""), "");
});

test.run();
