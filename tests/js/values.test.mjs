// Dates, times and numbers as the controls show them (src/studio/assets/js/core/values.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { dateFormat, readWhole, showDate, timeFormat } from "../../src/studio/assets/js/core/values.mjs";

test("a date's format is the one the control shows in the reader's locale", () => {
  assert.equal(dateFormat("en-GB"), "dd/mm/yyyy");
  assert.equal(dateFormat("en-US"), "mm/dd/yyyy");
  assert.equal(dateFormat("de-DE"), "dd.mm.yyyy");
  assert.equal(showDate("2026-11-28", "en-GB"), "28/11/2026");
  assert.equal(showDate("2026-11-28", "en-US"), "11/28/2026");
  assert.equal(dateFormat("not a locale"), "yyyy-mm-dd");
});

test("a time's format says whether the clock has 12 or 24 hours", () => {
  assert.equal(timeFormat("en-GB"), "hh:mm");
  assert.match(timeFormat("en-US"), /^hh:mm AM$/);
});

test("a whole number is read as one; anything else is kept for the check to name", () => {
  assert.equal(readWhole(" 42 "), 42);
  assert.equal(readWhole(""), undefined);
  assert.equal(readWhole("4.5"), "4.5");
});
