// The schema read as a form (src/studio/assets/js/core/schema.mjs), on the case
// format's own schema as `psr schema case` prints it (the binary built by cargo:
// PSR_BIN, which `cargo test` sets, or target/release/psr).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Schema, resolve } from "../../src/studio/assets/js/core/schema.mjs";

const psr = process.env.PSR_BIN || fileURLToPath(new URL("../../target/release/psr", import.meta.url));
const schema = JSON.parse(execFileSync(psr, ["schema", "case"], { encoding: "utf8" }));
const definition = {
  schema,
  order: { "report.kind": 0, "report.court": 1 },
  measures: [{ id: "restitution", kinds: ["full"], parameters: { amount: { type: "money" }, months: { type: "integer" } } }],
};
const form = new Schema(definition);

test("references, nullable unions and enumerations are resolved", () => {
  const r = resolve({ anyOf: [{ $ref: "#/definitions/X" }, { type: "null" }] }, { X: { enum: ["a", "b"] } });
  assert.equal(r.nullable, true);
  assert.equal(r.ref, "X");
  assert.deepEqual(r.values, ["a", "b"]);
});

test("each field has the control its type asks for", () => {
  assert.equal(form.control(["report", "kind"]), "choice");
  assert.equal(form.control(["report", "hearing_date"]), "date");
  assert.equal(form.control(["report", "court"]), "text");
  assert.equal(form.control(["offences"]), "list");
  assert.equal(form.control(["offences", 0, "plea"]), "choice");
  assert.equal(form.control(["report", "distribution"]), "ticks");
  assert.equal(form.control(["circumstances", "finances", "monthly_income"]), "text");
  assert.equal(form.control(["report"]), "group");
  assert.equal(form.control(["no_such_field"]), null);
});

test("a measure's parameters have the control the catalogue gives them", () => {
  const c = { proposal: { measures: [{ id: "restitution" }] } };
  assert.equal(form.control(["proposal", "measures", 0, "parameters", "amount"], c), "money");
  assert.equal(form.control(["proposal", "measures", 0, "parameters", "months"], c), "number");
});

test("required fields are known where they are", () => {
  assert.equal(form.required(["report"]), true);
  assert.equal(form.required(["report", "kind"]), true);
  assert.equal(form.required(["restricted_notes"]), false);
});

test("keys come in psr init's order, the rest by name", () => {
  assert.deepEqual(form.keysInOrder(["report"], { language: {}, court: {}, kind: {} }), ["kind", "court", "language"]);
  assert.deepEqual(form.keysInOrder(["report"], { court: {}, supervisor: {} }, (path) => path !== "report.supervisor"), ["court"]);
});

test("a new item has its required texts empty and its choices left to make", () => {
  const offence = form.resolve(form.resolve(form.at(["offences"])).s.items);
  const item = form.blank(offence);
  assert.equal(item.plea, undefined);
  assert.equal(item.description, "");
});
