// The form's controls, one per field of the case, built from the schema: texts,
// dates, times, numbers, choices, yes/no, lists of items, ticks, names and values,
// and the measures of the catalogue with their parameters.

import { element } from "./dom.mjs";
import { generic, get, move, pathText, put, removeItem } from "./core/paths.mjs";
import { asked } from "./core/guide.mjs";
import { plain } from "./core/words.mjs";
import { readWhole } from "./core/values.mjs";

export const idOf = (path) => "f-" + path.replace(/[^A-Za-z0-9_]+/g, "-");

/**
 * `form` is what the fields need of the form: `schema`, `words` (the labels of the
 * report's language), `english` (the form's own words), `definition`, `model()`,
 * `changed()`, `redraw(keepFocus, focusId, scrollTo)`, `announce(text)`, `options`
 * (the last check's options table, by measure id).
 */
export class Fields {
  constructor(form) {
    this.form = form;
  }

  get model() {
    return this.form.model();
  }

  language() {
    return (this.model && this.model.report && this.model.report.language) || "en";
  }

  label(ref, value) {
    const table = (this.form.definition.labels[this.language()] || {})[ref] || {};
    return table[value] || String(value).replace(/_/g, " ");
  }

  // The schema's description, then psr init's comment unless it says again what the
  // description says, lists the choices the control shows, or speaks YAML: a field's
  // help never names a key, a command or quotes.
  help(path, description) {
    const definition = this.form.definition;
    const cleaned = (t) =>
      (t || "")
        .replace(/\s*\(\*psr extension\*\)/g, "")
        .replace(/\*psr extension\*:?\s*/g, "")
        .replace(/\s+/g, " ")
        .trim();
    const sentences = (t) => (t.match(/[^.!?]+[.!?]*/g) || []).map((x) => x.trim()).filter(Boolean);
    // A sentence in YAML's words is left out, not rewritten into something odd.
    const said = sentences(cleaned(description))
      .map((x) => plain(x, this.form.english))
      .filter(Boolean)
      .join(" ");
    // psr init's list of the values ("full | short | bail: …") is the choices' own.
    const init = (plain(cleaned(definition.help[generic(path)] || ""), this.form.english) || "").replace(/^(?:[a-z_]+ \| )+[a-z_]+:?\s*/, "");
    const bare = (t) => t.toLowerCase().replace(/^optional:?\s*/, "").replace(/[^a-z0-9]+/g, " ").trim();
    const wordsOf = (t) => bare(t).split(" ").filter((w) => w.length > 3);
    const known = new Set(wordsOf(said));
    const fresh = wordsOf(init).filter((w) => !known.has(w)).length;
    const repeats = wordsOf(init).length > 0 && fresh <= wordsOf(init).length / 3;
    const parts = [said];
    if (init && !init.includes("{") && !bare(said).includes(bare(init)) && !repeats && !/^[a-z_ |]+$/.test(init)) parts.push(init);
    const text = parts.filter(Boolean).join(" — ");
    return text ? element("p", { class: "help", id: idOf(path) + "-help" }, text) : null;
  }

  // A labelled row: label, control, help; the control names its help.
  row(path, name, control, description, required) {
    const id = idOf(path);
    control.id = id;
    control.dataset.path = path;
    const helpNode = this.help(path, description);
    if (helpNode) control.setAttribute("aria-describedby", helpNode.id);
    if (required) control.setAttribute("aria-required", "true");
    return element(
      "div",
      { class: "field", "data-field": path },
      element("label", { for: id }, name, required ? element("span", { class: "required", "aria-hidden": "true" }, " *") : null),
      control,
      helpNode
    );
  }

  set(parts, value) {
    put(this.model, parts, value);
    this.form.changed();
  }

  // Whether the field at `path` is asked of this case (the supervisor of a report by
  // an NGO worker, the earlier report of an addendum).
  shown(path) {
    const when = this.form.definition.fields[path];
    return !when || asked(when, this.model, path);
  }

  /** One field of any kind, by its schema. */
  field(parts, schema, name) {
    const path = pathText(parts);
    const r = this.form.schema.resolve(schema);
    const s = r.s;
    const value = get(this.model, parts);
    const required = this.form.schema.required(parts);
    const key = parts[parts.length - 1];
    name = name || this.form.words.field(key);
    if (key === "measures" && parts[0] === "proposal") return this.measures(parts, r);
    if (r.values) return this.choice(parts, r, name, required);
    if (s.type === "boolean") {
      if (r.nullable) return this.yesNo(parts, r, name);
      return this.check(parts, name, value, this.help(path, r.description));
    }
    if (s.type === "array") return this.list(parts, r, name);
    if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
      return this.pairs(parts, r, name);
    }
    if (s.type === "object") return this.group(parts, r, name);
    // A text, a date, a time or a number.
    let control;
    const kind = this.form.schema.control(parts, this.model);
    if (kind === "long") {
      control = element("textarea", { rows: 3, dir: "auto" });
    } else if (kind === "date") {
      // A four-digit year: a date typed as 10122026 never lands in the year.
      control = element("input", { type: "date", min: "1900-01-01", max: "2999-12-31" });
    } else if (kind === "time") {
      control = element("input", { type: "time" });
    } else if (kind === "number") {
      control = element("input", { type: "number", step: 1, min: s.minimum === undefined ? null : s.minimum, inputmode: "numeric" });
    } else {
      control = element("input", { type: "text", dir: "auto" });
    }
    control.value = value === undefined || value === null ? "" : String(value);
    // psr init's placeholder, shown in the empty field, never written into it.
    const placeholder = this.form.definition.placeholders && this.form.definition.placeholders[generic(path)];
    if (placeholder && !["date", "time"].includes(control.type)) control.placeholder = placeholder;
    control.addEventListener("input", () => {
      let next = control.value;
      // An optional field left empty is left out of the file, as psr init's
      // commented-out fields are; a required one stays, for its finding.
      if (kind === "number") next = readWhole(next);
      else if (next === "" && (!required || kind === "date" || kind === "time")) next = undefined;
      this.set(parts, next);
    });
    return this.row(path, name, control, r.description, required);
  }

  check(parts, name, value, helpNode) {
    const path = pathText(parts);
    const box = element("input", { type: "checkbox", id: idOf(path) });
    box.checked = value === true;
    box.dataset.path = path;
    box.addEventListener("change", () => this.set(parts, box.checked));
    if (helpNode) box.setAttribute("aria-describedby", helpNode.id);
    return element("div", { class: "field check", "data-field": path }, box, " ", element("label", { for: box.id }, name), helpNode);
  }

  choice(parts, r, name, required) {
    const path = pathText(parts);
    const value = get(this.model, parts);
    const select = element("select", {});
    if (value === undefined || value === null || !required || r.nullable) {
      select.append(element("option", { value: "" }, required ? "— choose —" : unanswered(path)));
    }
    for (const v of r.values) select.append(element("option", { value: v }, this.label(r.ref, v)));
    if (value !== undefined && value !== null && !r.values.includes(value)) {
      select.append(element("option", { value: String(value) }, String(value) + " (not a value psr reads)"));
    }
    select.value = value === undefined || value === null ? "" : String(value);
    select.addEventListener("change", () => {
      this.set(parts, select.value === "" ? undefined : select.value);
      // The kind decides which steps apply; the language, the labels.
      if (path === "report.kind" || path === "report.language") this.form.restep();
      if (path === "report.language") this.form.redraw(true);
    });
    return this.row(path, name, select, r.description, required);
  }

  // A yes/no that may also be left unsaid (`pregnant`, `consent`).
  yesNo(parts, r, name) {
    const path = pathText(parts);
    const value = get(this.model, parts);
    const select = element(
      "select",
      {},
      element("option", { value: "" }, unanswered(path)),
      element("option", { value: "true" }, "yes"),
      element("option", { value: "false" }, "no")
    );
    select.value = value === true ? "true" : value === false ? "false" : "";
    select.addEventListener("change", () => this.set(parts, select.value === "" ? undefined : select.value === "true"));
    return this.row(path, name, select, r.description, false);
  }

  group(parts, r, name) {
    const path = pathText(parts);
    const box = element("fieldset", { class: "group", "data-field": path }, element("legend", {}, name));
    const description = this.help(path, r.description);
    if (description) box.append(description);
    for (const key of this.form.schema.keysInOrder(parts, r.s.properties || {}, (p) => this.shown(p))) {
      box.append(this.field(parts.concat([key]), r.s.properties[key]));
    }
    return box;
  }

  // A list: each item with its own controls to move it and remove it, and a button to
  // add one.
  list(parts, r, name) {
    const path = pathText(parts);
    const items = get(this.model, parts) || [];
    const key = parts[parts.length - 1];
    const itemName = this.form.words.item(key);
    const itemSchema = this.form.schema.resolve(r.s.items);
    if (itemSchema.values) return this.ticks(parts, r, itemSchema, name);
    const box = element("fieldset", { class: "list", "data-field": path }, element("legend", {}, name));
    const description = this.help(path, r.description);
    if (description) box.append(description);
    items.forEach((_, index) => {
      const itemParts = parts.concat([index]);
      const title = itemName + " " + (index + 1);
      const tools = this.itemTools(parts, index, items.length, inSentence(title));
      if (itemSchema.s.type === "object") {
        const item = element("fieldset", { class: "item", "data-field": pathText(itemParts) }, element("legend", {}, title), tools);
        for (const k of this.form.schema.keysInOrder(itemParts, itemSchema.s.properties || {}, (p) => this.shown(p))) {
          item.append(this.field(itemParts.concat([k]), itemSchema.s.properties[k]));
        }
        box.append(item);
      } else {
        const one = this.field(itemParts, r.s.items, title);
        one.classList.add("item-line");
        one.append(tools);
        box.append(one);
      }
    });
    box.append(
      element(
        "button",
        { type: "button", class: "add", id: idOf(path) + "-add", onclick: () => this.add(parts, itemSchema) },
        "Add " + inSentence(itemName)
      )
    );
    return box;
  }

  // The values of an enumeration to tick (distribution, needs, days): the order they
  // were ticked in is kept.
  ticks(parts, r, itemSchema, name) {
    const path = pathText(parts);
    const chosen = () => get(this.model, parts) || [];
    const box = element("fieldset", { class: "choices", "data-field": path }, element("legend", {}, name));
    const helpNode = this.help(path, r.description);
    if (helpNode) box.setAttribute("aria-describedby", helpNode.id);
    for (const v of itemSchema.values) {
      const id = idOf(path) + "-" + v;
      const tick = element("input", { type: "checkbox", id, value: v });
      tick.dataset.path = path;
      tick.checked = chosen().includes(v);
      tick.addEventListener("change", () => {
        const now = chosen().filter((x) => x !== v);
        if (tick.checked) now.push(v);
        this.set(parts, now);
      });
      box.append(element("span", { class: "tick" }, tick, element("label", { for: id }, this.label(itemSchema.ref, v))));
    }
    if (helpNode) box.append(helpNode);
    return box;
  }

  // Names and values (the person's identifiers: a national ID, a passport number).
  pairs(parts, r, name) {
    const path = pathText(parts);
    const map = get(this.model, parts) || {};
    const box = element("fieldset", { class: "list", "data-field": path }, element("legend", {}, name));
    const description = this.help(path, r.description);
    if (description) box.append(description);
    Object.keys(map).forEach((key, index) => {
      const nameId = idOf(path) + "-key-" + index;
      const keyInput = element("input", { type: "text", id: nameId, value: key });
      keyInput.addEventListener("change", () => {
        const next = {};
        for (const [k, v] of Object.entries(get(this.model, parts) || {})) next[k === key ? keyInput.value.trim() || key : k] = v;
        this.set(parts, next);
        this.form.redraw(true);
      });
      const valueParts = parts.concat([key]);
      const valueInput = element("input", { type: "text", dir: "auto", value: map[key] });
      valueInput.addEventListener("input", () => this.set(valueParts, valueInput.value));
      box.append(
        element(
          "div",
          { class: "pair" },
          element("div", { class: "field" }, element("label", { for: nameId }, "Kind of number"), keyInput),
          this.row(pathText(valueParts), "Number", valueInput, "", false),
          element(
            "button",
            {
              type: "button",
              class: "remove",
              "aria-label": "Remove " + key,
              onclick: () => {
                this.set(valueParts, undefined);
                this.form.redraw(true);
              },
            },
            "Remove"
          )
        )
      );
    });
    box.append(
      element(
        "button",
        {
          type: "button",
          class: "add",
          onclick: () => {
            const current = get(this.model, parts) || {};
            let key = "national_id";
            for (let n = 2; key in current; n++) key = "identifier_" + n;
            this.set(parts.concat([key]), "");
            this.form.redraw(true, idOf(pathText(parts)) + "-key-" + Object.keys(current).length);
          },
        },
        "Add a number"
      )
    );
    return box;
  }

  add(parts, itemSchema) {
    const items = (get(this.model, parts) || []).slice();
    items.push(this.form.schema.blank(itemSchema));
    this.set(parts, items);
    this.form.redraw(true, null, pathText(parts.concat([items.length - 1])));
  }

  // An item's Up, Down and Remove, named for screen readers ("Move Source 2 up").
  itemTools(parts, index, count, title) {
    const base = idOf(pathText(parts.concat([index])));
    const button = (suffix, label, text, onclick, disabled) =>
      element("button", { type: "button", id: base + suffix, class: suffix === "-remove" ? "remove" : null, "aria-label": label, disabled, onclick }, text);
    return element(
      "div",
      { class: "item-tools" },
      button("-up", "Move " + title + " up", "↑ Up", () => this.move(parts, index, -1), index === 0),
      button("-down", "Move " + title + " down", "↓ Down", () => this.move(parts, index, 1), index === count - 1),
      button("-remove", "Remove " + title, "Remove", () => this.remove(parts, index), false)
    );
  }

  // The focus follows the item moved: on the same button, or the other one at an end.
  move(parts, index, by) {
    const count = move(this.model, parts, index, by);
    this.form.changed();
    const base = idOf(pathText(parts.concat([index + by])));
    const end = index + by === 0 || index + by === count - 1;
    this.form.redraw(false, base + (end ? (by < 0 ? "-down" : "-up") : by < 0 ? "-up" : "-down"));
    this.form.announce("Moved to position " + (index + by + 1) + " of " + count + ".");
  }

  // After a removal the focus goes to the list's Add button.
  remove(parts, index) {
    const left = removeItem(this.model, parts, index);
    this.form.changed();
    this.form.redraw(false, idOf(pathText(parts)) + "-add");
    this.form.announce("Removed; " + left + " left.");
  }

  // ------------------------------------------------------------ measures

  measures(parts, r) {
    const definition = this.form.definition;
    const path = pathText(parts);
    const items = get(this.model, parts) || [];
    const box = element("fieldset", { class: "list", "data-field": path }, element("legend", {}, "Measures from the catalogue"));
    const description = this.help(path, r.description);
    if (description) box.append(description);
    if (definition.catalogue) box.append(element("p", { class: "paused" }, definition.catalogue));
    items.forEach((item, index) => {
      const itemParts = parts.concat([index]);
      const title = this.form.words.item("measures") + " " + (index + 1);
      const fieldset = element(
        "fieldset",
        { class: "item measure", "data-field": pathText(itemParts) },
        element("legend", {}, title),
        this.itemTools(parts, index, items.length, inSentence(title))
      );
      // The measure, with whether the case makes it eligible.
      const idParts = itemParts.concat(["id"]);
      const select = element("select", {}, element("option", { value: "" }, "— choose a measure —"));
      const known = definition.measures.find((m) => m.id === item.id);
      // The measures that serve this kind of report (a bail report: bail measures);
      // one chosen before the kind changed stays, for the finding to name it.
      const report = this.model.report || {};
      const serves = report.kind === "addendum" ? (report.addendum_to && report.addendum_to.kind) || "full" : report.kind;
      for (const m of definition.measures) {
        if (!serves || m.kinds.includes(serves) || m.id === item.id) select.append(element("option", { value: m.id }, this.measureName(m)));
      }
      if (item.id && !known) select.append(element("option", { value: item.id }, item.id + " (not in the catalogue)"));
      select.value = item.id || "";
      select.addEventListener("change", () => {
        const chosen = definition.measures.find((m) => m.id === select.value);
        const kept = {};
        for (const [k, v] of Object.entries(item.parameters || {})) if (chosen && chosen.parameters[k]) kept[k] = v;
        put(this.model, idParts, select.value);
        this.set(itemParts.concat(["parameters"]), Object.keys(kept).length ? kept : undefined);
        this.form.redraw(true, idOf(pathText(idParts)));
      });
      const chooser = this.row(pathText(idParts), this.form.words.field("id"), select, "The measures of the catalogue for this kind of report, the least restrictive first.", true);
      fieldset.append(chooser);
      const eligible = element("p", { id: idOf(pathText(itemParts)) + "-eligible", "data-measure": item.id || "" });
      fieldset.append(eligible);
      this.showEligibility(eligible);
      select.dataset.measures = "true";
      select.setAttribute("aria-describedby", ((select.getAttribute("aria-describedby") || "") + " " + eligible.id).trim());
      // Its parameters, as the catalogue defines them.
      if (known) {
        for (const [name, spec] of Object.entries(known.parameters)) {
          fieldset.append(this.parameter(itemParts.concat(["parameters", name]), name, spec));
        }
      } else {
        for (const name of Object.keys(item.parameters || {})) {
          fieldset.append(this.parameter(itemParts.concat(["parameters", name]), name, { type: "text", required: false }));
        }
      }
      const itemSchema = this.form.schema.resolve(r.s.items).s;
      fieldset.append(this.field(itemParts.concat(["consent"]), itemSchema.properties.consent));
      fieldset.append(this.field(itemParts.concat(["override_reason"]), itemSchema.properties.override_reason));
      box.append(fieldset);
    });
    box.append(
      element(
        "button",
        { type: "button", class: "add", id: idOf(path) + "-add", onclick: () => this.add(parts, { s: { type: "object", required: [] } }) },
        "Add a measure"
      )
    );
    return box;
  }

  // Whether the case makes a measure eligible, and why not: from the last check's
  // options table, redrawn in place so that typing is never interrupted.
  showEligibility(note) {
    const id = note.dataset.measure;
    const status = id ? this.form.options.get(id) : null;
    note.className = "eligibility " + (status ? status.status.replace(" ", "-") : "unknown");
    note.textContent = !id
      ? "Choose a measure to see whether the case makes it eligible."
      : !status
        ? "Eligibility is shown once the case is checked without errors that stop the matching."
        : status.eligible === false || status.status === "not eligible"
          ? "Not eligible: " + (status.notes.join("; ") || "see the findings") + ". Propose it only with a reason for the court (override reason, paras 11, 12, 16)."
          : "Eligible" + (status.notes.length ? ": " + status.notes.join("; ") : "") + ".";
  }

  measureName(m) {
    const status = this.form.options.get(m.id);
    return (m.name[this.language()] || m.id) + " — R" + m.restrictiveness + (status ? " — " + status.status : "");
  }

  /** The eligibility of each measure shown, after a check. */
  refreshMeasures(root) {
    for (const note of root.querySelectorAll("p[data-measure]")) this.showEligibility(note);
    for (const select of root.querySelectorAll("select[data-measures]")) {
      for (const option of select.options) {
        const m = this.form.definition.measures.find((x) => x.id === option.value);
        if (m) option.textContent = this.measureName(m);
      }
    }
  }

  parameter(parts, name, spec) {
    const definition = this.form.definition;
    const path = pathText(parts);
    const value = get(this.model, parts);
    let control;
    let unit = "";
    if (spec.type === "integer") {
      control = element("input", { type: "number", step: 1, min: spec.min, max: spec.max, inputmode: "numeric" });
      if (spec.min !== null || spec.max !== null) {
        unit =
          "a whole number" +
          (spec.min !== null && spec.max !== null ? " from " + spec.min + " to " + spec.max : spec.min !== null ? " of at least " + spec.min : " up to " + spec.max);
      }
    } else if (spec.type === "money") {
      control = element("input", { type: "text", inputmode: "decimal", pattern: "[0-9]+(\\.[0-9]{2})?" });
      unit = "an amount" + (definition.currency ? " in " + definition.currency : "") + ", written as a number like 180.00";
    } else if (spec.type === "boolean") {
      return this.check(parts, this.form.words.field(name), value, null);
    } else {
      control = element("input", { type: "text", dir: "auto" });
    }
    control.value = value === undefined || value === null ? "" : String(value);
    control.addEventListener("input", () => {
      let next = control.value.trim();
      if (spec.type === "integer") next = readWhole(next);
      else if (next === "") next = undefined;
      this.set(parts, next);
    });
    const description = (spec.required ? "Required" : "Optional") + (unit ? ": " + unit : "") + ".";
    const label = this.form.words.field(name) + (definition.currency && spec.type === "money" ? " (" + definition.currency + ")" : "");
    return this.row(path, label, control, description, spec.required);
  }
}

// An item's name inside the Add button: "Add source"; "Add SMS" kept.
const inSentence = (name) => (/^.[a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name);

// What an optional choice left empty means: for the circumstances and the assessment,
// "not assessed", which no report prints as a "no".
function unanswered(path) {
  return /^(circumstances|assessment)\./.test(path) ? "— not assessed —" : "— not recorded —";
}
