// The check digit of the German health insurance number.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { insuranceNumberChecks } from "../../lib/insurance-number.ts";

const test = suite("health insurance numbers");

test("a right check digit passes, every other digit in its place fails", () => {
  // A = 01: 0·1, 1·2, 1·1, 2·2, 3·1, 4·2, 5·1, 6·2 → 1+2, 7·1, 8·2 → 1+6; sum 40, check digit 0.
  assert.ok(insuranceNumberChecks("A123456780"));
  for (let digit = 1; digit <= 9; digit++) assert.not.ok(insuranceNumberChecks(`A12345678${digit}`), String(digit));
  // Z = 26: 2·1, 6·2 → 1+2, 0,0,0,0,0,0,0,0; sum 5, check digit 5.
  assert.ok(insuranceNumberChecks("Z000000005"));
  assert.not.ok(insuranceNumberChecks("Z000000004"));
});

test("the format comes first: lower case, short or long numbers never check", () => {
  assert.not.ok(insuranceNumberChecks("a123456780"));
  assert.not.ok(insuranceNumberChecks("A12345678"));
  assert.not.ok(insuranceNumberChecks("A1234567800"));
  assert.not.ok(insuranceNumberChecks(""));
});

test.run();
