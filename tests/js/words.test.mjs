// Findings in the form's words (src/studio/assets/js/core/words.mjs): a control named by
// its label, what to do on the page, never a key, quotes or a command.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Words, YAML_SPEAK, action, formFinding, plain } from "../../src/studio/assets/js/core/words.mjs";

const en = JSON.parse(readFileSync(new URL("../../src/studio/lang/en.json", import.meta.url)));
const fr = JSON.parse(readFileSync(new URL("../../src/studio/lang/fr.json", import.meta.url)));
const words = new Words(en, {});
const formats = { date: "dd/mm/yyyy", time: "hh:mm" };

test("a control is named by its label and the item it is in", () => {
  assert.deepEqual(words.control("report.hearing_date"), { label: "Hearing date", within: null });
  assert.deepEqual(words.control("sources[1].kind"), { label: "Kind", within: "Source 2" });
  assert.deepEqual(words.control("offences[0]"), { label: "Offence 1", within: null });
  assert.equal(words.field("no_label_yet"), "No label yet");
});

test("labels come in the report's language, English where a label is missing", () => {
  const french = new Words(fr, en);
  assert.notEqual(french.field("hearing_date"), "Hearing date");
  assert.notEqual(french.step({ path: "offences", title: "Offences" }), "Offences");
  assert.equal(new Words({}, en).field("hearing_date"), "Hearing date");
});

test("what to do is said for the control's kind", () => {
  const kind = words.control("sources[0].kind");
  assert.equal(action(kind, "choice", formats), "Choose the kind of source 1.");
  assert.equal(
    action(words.control("report.hearing_date"), "date", formats),
    "Choose the hearing date in the calendar, or type it as dd/mm/yyyy."
  );
  assert.equal(
    action(words.control("circumstances.finances.monthly_income"), "money", formats),
    "Write the monthly income as a number, e.g. 64.20."
  );
});

test("commands and keys become what the page does and the fields' labels", () => {
  assert.equal(plain("add `compliance:` under `assessment`", words), "add “Compliance” under “Assessment”");
  assert.equal(plain("a placeholder of `psr init` left in it", words), "a placeholder of a new case left in it");
  assert.equal(plain("set `status: final` when the report is ready", words), "set final when the report is ready");
  assert.equal(plain("write money in quotes with two decimals", words), null);
  assert.equal(plain("add `consent: true` to the measure", words), null);
});

// Messages and hints psr writes today for the YAML pane, each of which the form must say
// in its own words.
const FINDINGS = [
  { code: "E012", severity: "error", path: "sources[0].kind", message: "missing field `kind`", hint: "add `kind:` here; `psr init` writes a skeleton with every field explained" },
  { code: "E011", severity: "error", path: "circumstances.finances.monthly_income", message: "`monthly_income` should be text", hint: "write a whole number, true/false, or text in quotes" },
  { code: "E027", severity: "error", path: "circumstances.finances.monthly_income", message: "“£1,250” is not an amount of money", hint: "write digits, a point and two decimals, in quotes" },
  { code: "E014", severity: "error", path: "report.hearing_date", message: "“28/11/2026” is not a date", hint: "write dates as YYYY-MM-DD" },
  { code: "E013", severity: "error", path: "offences[0].plea", message: "unknown value `guilt`", hint: "one of `guilty`, `not_guilty`" },
  { code: "E033", severity: "error", path: "report.court", message: "a placeholder of `psr init` is left in `court`", hint: "a final report goes to the court: write the real text, or keep `status: draft` until it is" },
  { code: "E010", severity: "error", path: "report.courtt", message: "unknown field `courtt`", hint: "did you mean `court`?" },
  { code: "W053", severity: "warning", path: "assessment.compliance", message: "how the person is expected to comply is not recorded", hint: "add `compliance:` under `assessment`: what helps or hinders the person in keeping to conditions" },
  { code: "W061", severity: "warning", path: "proposal.measures[0]", message: "restorative justice is proposed before the victim's consent is recorded", hint: "add `consent: true` once the victim agreed" },
  { code: "E030", severity: "error", path: "report.supervisor", message: "a final report by a volunteer needs a supervisor's approval (`psr approve`)", hint: "ask the supervisor to approve it with `psr approve CASE --by NAME`" },
];

test("no finding in the form speaks YAML or names a command", () => {
  const kinds = { "sources[0].kind": "choice", "report.hearing_date": "date", "offences[0].plea": "choice", "report.courtt": null, "proposal.measures[0]": "group" };
  for (const f of FINDINGS) {
    const said = formFinding(f, words, kinds[f.path] || "text", formats);
    for (const text of [said.label, said.message, said.hint || ""]) {
      assert.doesNotMatch(text, YAML_SPEAK, f.code + ": " + text);
      assert.doesNotMatch(text, /\bpsr [a-z]+\b|`|in quotes|status:/, f.code + ": " + text);
    }
  }
});

test("a missing choice says to choose it, by its label", () => {
  const said = formFinding(FINDINGS[0], words, "choice", formats);
  assert.equal(said.label, "Kind (source 1)");
  assert.equal(said.message, "Kind (source 1) is required.");
  assert.equal(said.hint, "Choose the kind of source 1.");
});

test("a wrong amount says how to write it; a wrong date, the control's format", () => {
  assert.equal(formFinding(FINDINGS[2], words, "text", formats).hint, "Write the monthly income as a number, e.g. 64.20.");
  assert.match(formFinding(FINDINGS[3], words, "date", formats).hint, /dd\/mm\/yyyy/);
});

test("a warning keeps psr's words where they are plain, and its action where they are not", () => {
  const said = formFinding(FINDINGS[7], words, "long", formats);
  assert.equal(said.message, "how the person is expected to comply is not recorded");
  assert.equal(said.hint, "add “Compliance” under “Assessment”: what helps or hinders the person in keeping to conditions");
});
