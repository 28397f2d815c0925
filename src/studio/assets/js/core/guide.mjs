// The guide: the steps of the form in the order a report is written (served by the
// server from src/studio/steps.rs), which of them this case is asked, and where a
// finding belongs.

import { answered, get } from "./paths.mjs";

/**
 * Whether a step or field asked only of some cases (`when`: kinds of report, roles of
 * author) is asked of the case `c`; an answer already given is always shown.
 */
export function asked(when, c, path) {
  if (!when) return true;
  const report = (c && c.report) || {};
  const kind = report.kind || "";
  const serves = kind === "addendum" ? (report.addendum_to && report.addendum_to.kind) || "" : kind;
  const role = (report.author && report.author.role) || "";
  return (
    when.kinds.includes(kind) ||
    when.kinds.includes(serves) ||
    when.roles.includes(role) ||
    get(c, path.split(".")) !== undefined
  );
}

/** The steps asked of the case `c`. */
export const stepsOf = (steps, c) => steps.filter((s) => !s.when || (c && asked(s.when, c, s.path)));

/** The step a field belongs to: the longest step path that starts it. */
export function sectionOf(steps, path) {
  let best = null;
  for (const s of steps) {
    if (path === s.path || path.startsWith(s.path + ".") || path.startsWith(s.path + "[")) {
      if (!best || s.path.length > best.path.length) best = s;
    }
  }
  return best;
}

/**
 * How a step shows in the list: "todo" when nothing in it is answered, whatever its
 * findings (a ✓ there would say it was done), else its errors, its warnings, or "ok".
 */
export function stepState(step, c, findings, steps) {
  if (!answered(get(c, step.path.split(".")))) return { state: "todo", count: 0 };
  const mine = findings.filter((f) => f.path && sectionOf(steps, f.path) === step);
  const errors = mine.filter((f) => f.severity === "error").length;
  if (errors) return { state: "error", count: errors };
  if (mine.length) return { state: "warning", count: mine.length };
  return { state: "ok", count: 0 };
}

/**
 * The checklist above the form: what stops the render (the errors), what a final
 * report refuses (texts still to write), and a summary. An empty case is never said
 * to have "nothing missing".
 */
export function checklist(findings, c) {
  const errors = findings.filter((f) => f.severity === "error");
  const toWrite = findings.filter((f) => f.code === "W049" || f.code === "W026");
  const warnings = findings.length - errors.length;
  // A case not read (its YAML does not parse) is not an empty one.
  const empty = Boolean(c) && !answered(c);
  let state;
  if (empty) state = "empty";
  else if (errors.length) state = "missing";
  else if (toWrite.length) state = "to-write";
  else state = "complete";
  const said = {
    empty: "Nothing is written yet: start with the first step.",
    missing: errors.length + " thing(s) still missing before the case can be rendered.",
    "to-write": "The draft can be rendered; texts still to write before it is final.",
    complete: "Nothing missing: the case can be rendered.",
  }[state];
  return { state, errors, toWrite, warnings, said };
}
