// The guide's steps and checklist (src/studio/assets/js/core/guide.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { asked, checklist, sectionOf, stepState, stepsOf } from "../../src/studio/assets/js/core/guide.mjs";

const STEPS = [
  { path: "report", title: "The report" },
  { path: "offences", title: "Offences" },
  { path: "circumstances.trauma", title: "Trauma", group: "Circumstances" },
  { path: "pretrial", title: "Before the trial", when: { kinds: ["bail"], roles: [] } },
];

test("a step for some kinds is asked of them, of an addendum to them, or when answered", () => {
  const paths = (c) => stepsOf(STEPS, c).map((s) => s.path);
  assert.deepEqual(paths({ report: { kind: "full" } }), ["report", "offences", "circumstances.trauma"]);
  assert.ok(paths({ report: { kind: "bail" } }).includes("pretrial"));
  assert.ok(paths({ report: { kind: "addendum", addendum_to: { kind: "bail" } } }).includes("pretrial"));
  assert.ok(paths({ report: { kind: "full" }, pretrial: { remanded: true } }).includes("pretrial"));
  assert.ok(asked({ kinds: [], roles: ["volunteer"] }, { report: { author: { role: "volunteer" } } }, "report.supervisor"));
  assert.ok(!asked({ kinds: [], roles: ["volunteer"] }, { report: { author: { role: "probation_officer" } } }, "report.supervisor"));
});

test("a finding belongs to the longest step that starts its path", () => {
  assert.equal(sectionOf(STEPS, "offences[0].plea").path, "offences");
  assert.equal(sectionOf(STEPS, "circumstances.trauma.history").path, "circumstances.trauma");
  assert.equal(sectionOf(STEPS, "circumstance"), null);
});

test("a step with nothing answered is not started, whatever its findings", () => {
  const findings = [{ path: "offences", severity: "error", code: "E012" }];
  assert.deepEqual(stepState(STEPS[1], {}, findings, STEPS), { state: "todo", count: 0 });
  assert.deepEqual(stepState(STEPS[1], { offences: [{ plea: "guilty" }] }, findings, STEPS), { state: "error", count: 1 });
  assert.deepEqual(stepState(STEPS[0], { report: { court: "C" } }, findings, STEPS), { state: "ok", count: 0 });
});

test("the checklist never says nothing is missing of an empty case or one with texts to write", () => {
  assert.equal(checklist([], {}).state, "empty");
  assert.equal(checklist([], { report: {} }).state, "empty");
  assert.equal(checklist([{ code: "E003", severity: "error" }], null).state, "missing");
  const toWrite = checklist([{ code: "W026", severity: "warning", path: "report.court" }], { report: { kind: "full" } });
  assert.equal(toWrite.state, "to-write");
  assert.doesNotMatch(toWrite.said, /Nothing missing/);
  const missing = checklist([{ code: "E012", severity: "error", path: "report.kind" }], { report: { court: "C" } });
  assert.equal(missing.state, "missing");
  assert.equal(missing.errors.length, 1);
  assert.equal(checklist([{ code: "W050", severity: "warning" }], { report: { court: "C" } }).state, "complete");
});
