// What the form calls things and how it says a finding: a control named by its
// label, and what to do on this page. The YAML pane and the terminal keep psr's own
// messages, which speak of keys and commands; the form never does.

import { pathParts } from "./paths.mjs";

/**
 * The labels of one language (served by /api/form from src/studio/lang), falling
 * back to English, then to the key in words.
 */
export class Words {
  constructor(table, english) {
    this.table = table || {};
    this.english = english || {};
  }

  get(key) {
    return this.table[key] || this.english[key];
  }

  /** A field's label: `how_checked` → "How it was checked". */
  field(key) {
    const said = this.get("field." + key);
    if (said) return said;
    const text = String(key).replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** What one item of the list `key` is called: `offences` → "Offence". */
  item(key) {
    return this.get("item." + key) || "Item";
  }

  /** A step's title. */
  step(step) {
    return this.get("step." + step.path) || step.title;
  }

  /**
   * The label of the control at `path`, with the item it is in where the label alone
   * would not say which: "offences[1].plea" → { label: "Plea", within: "Offence 2" }.
   */
  control(path) {
    const parts = pathParts(path);
    let within = null;
    for (let i = 0; i < parts.length; i++) {
      if (typeof parts[i] === "number" && typeof parts[i - 1] === "string") {
        within = this.item(parts[i - 1]) + " " + (parts[i] + 1);
      }
    }
    const last = parts[parts.length - 1];
    if (typeof last === "number") return { label: this.item(parts[parts.length - 2]) + " " + (last + 1), within: null };
    return { label: this.field(last), within };
  }
}

/** A label inside a sentence: "Hearing date" → "hearing date"; "SHA-256 …" kept. */
const inSentence = (label) => (/^.[a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label);

/** What psr's messages say that the form must not: keys, quotes and commands. */
export const YAML_SPEAK = /`|\bin quotes\b|\bstatus: (final|draft)\b|\bpsr (init|approve|diff|render|fmt|measures|validate)\b|\b[a-z_]+: (true|false)\b/;

const COMMANDS = [
  [/`psr init`/g, "a new case"],
  [/`psr approve`/g, "the supervisor's approval"],
  [/`psr render`/g, "the PDF download"],
  [/`psr diff`/g, "the review"],
  [/`psr measures[^`]*`/g, "the catalogue"],
  [/`status: final`/g, "final"],
  [/`status: draft`/g, "a draft"],
];

/**
 * A message of psr in the form's words: commands named by what the page does, keys
 * by their labels (`hearing_date` → “Hearing date”); null when a clause still speaks
 * YAML (written as a mapping, in quotes).
 */
export function plain(text, words) {
  if (!text) return null;
  let out = text;
  for (const [pattern, said] of COMMANDS) out = out.replace(pattern, said);
  out = out.replace(/`([a-z_]+):?`/g, (_, key) => "“" + words.field(key) + "”");
  return YAML_SPEAK.test(out) ? null : out;
}

/**
 * What to do at a control, by its kind: "Choose the plea.", "Write the amount as a
 * number, e.g. 64.20.", "Choose the date in the calendar, or type it as dd/mm/yyyy."
 */
export function action(control, kind, formats) {
  const label = inSentence(control.label) + (control.within ? " of " + inSentence(control.within) : "");
  switch (kind) {
    case "choice":
    case "yesno":
      return "Choose the " + label + ".";
    case "date":
      return "Choose the " + label + " in the calendar, or type it as " + formats.date + ".";
    case "time":
      return "Type the " + label + " as " + formats.time + ", e.g. 09:30.";
    case "money":
      return "Write the " + label + " as a number, e.g. 64.20.";
    case "number":
      return "Write the " + label + " as a whole number.";
    case "check":
      return "Tick or clear " + label + ".";
    case "list":
    case "pairs":
      return "Add what the " + label + " should hold.";
    case "ticks":
      return "Tick what applies under " + label + ".";
    case "group":
      return "Fill in the fields under " + label + ".";
    case null:
    case undefined:
      return "Remove it in the YAML tab: the form has no field for it.";
    default:
      return "Write the " + label + ".";
  }
}

/**
 * A finding as the form says it, beside the control at its path: `{ label, message,
 * hint }`. `kind` is the control's kind (Schema.control), `formats` the date and time
 * formats the controls show.
 */
export function formFinding(finding, words, kind, formats) {
  const control = finding.path ? words.control(finding.path) : { label: "The case", within: null };
  const todo = action(control, kind, formats);
  const named = control.label + (control.within ? " (" + inSentence(control.within) + ")" : "");
  let message = plain(finding.message, words);
  let hint = plain(finding.hint, words);
  switch (finding.code) {
    case "E010":
      message = "The form has no field “" + control.label + "”.";
      hint = todo;
      break;
    case "E011":
    case "E014":
      message = named + " is not written as this field reads it.";
      hint = todo;
      break;
    case "E027":
    case "E064":
      // An amount of money, whatever the field: an income is a text that holds one.
      message = named + " is not written as an amount of money.";
      hint = finding.code === "E064" && kind !== "money" ? todo : action(control, "money", formats);
      break;
    case "E012":
      message = named + " is required.";
      hint = todo;
      break;
    case "E013":
      message = named + ": this choice is not one of its options.";
      hint = todo;
      break;
    case "E026":
    case "W026":
      hint = todo;
      break;
    case "E033":
    case "W049":
      message = named + " still holds the example text of a new case.";
      hint = "Write the real text in its place" + (kind === "long" || kind === "text" ? ", or clear the field if it is optional." : ".");
      break;
    default:
      if (message === null) message = named + ": " + (plain(finding.title, words) || "see psr's message in the YAML tab") + ".";
      if (hint === null && finding.hint) hint = todo;
  }
  return { label: named, message, hint };
}
