// The paths and tree edits of the form (src/studio/assets/js/core/paths.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { answered, generic, get, move, pathParts, pathText, put, removeItem } from "../../src/studio/assets/js/core/paths.mjs";

test("a path is written as psr names fields, and read back", () => {
  assert.equal(pathText(["offences", 0, "plea"]), "offences[0].plea");
  assert.deepEqual(pathParts("offences[0].plea"), ["offences", 0, "plea"]);
  assert.deepEqual(pathParts("proposal.measures[1].parameters.hours"), ["proposal", "measures", 1, "parameters", "hours"]);
  assert.equal(generic("offences[12].victims[3]"), "offences[].victims[]");
});

test("put makes the mappings and lists on the way", () => {
  const c = {};
  put(c, ["offences", 0, "plea"], "guilty");
  assert.deepEqual(c, { offences: [{ plea: "guilty" }] });
  assert.equal(get(c, ["offences", 0, "plea"]), "guilty");
  assert.equal(get(c, ["nothing", 3, "x"]), undefined);
});

test("removing the last field of an optional mapping removes the mapping, not a section", () => {
  const c = { circumstances: { housing: { notes: "x" } }, report: { court: "C" } };
  put(c, ["circumstances", "housing", "notes"], undefined);
  assert.deepEqual(c, { report: { court: "C" } });
  put(c, ["report", "court"], undefined);
  assert.deepEqual(c, { report: {} });
});

test("items move and go", () => {
  const c = { sources: ["a", "b", "c"] };
  assert.equal(move(c, ["sources"], 0, 1), 3);
  assert.deepEqual(c.sources, ["b", "a", "c"]);
  assert.equal(removeItem(c, ["sources"], 2), 2);
  assert.deepEqual(c.sources, ["b", "a"]);
});

test("an empty text or list is no answer; a no is one", () => {
  assert.equal(answered(""), false);
  assert.equal(answered("  "), false);
  assert.equal(answered([]), false);
  assert.equal(answered({ a: "", b: [] }), false);
  assert.equal(answered(false), true);
  assert.equal(answered(0), true);
  assert.equal(answered({ a: { b: "x" } }), true);
});
