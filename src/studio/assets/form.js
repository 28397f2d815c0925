// psr studio: the forms of the case page. Built from the JSON Schema of the case
// format (`psr schema case`, served by /api/form), so that they cannot drift from
// it. The form and the YAML pane are one document: an edit in the form is sent as a
// tree to /api/form/yaml and comes back as YAML in psr fmt's layout, which replaces
// the pane's text (unsaved, as Tidy does); a YAML edit is read back through
// /api/form/tree and redraws the form. While the YAML does not parse, the form is
// paused and never overwrites it. Plain JavaScript, no build step.
"use strict";

(function () {
  // The sections in the order a report is written: the guide's steps. A step is a
  // path in the case (one panel each), `when` says whether it applies.
  // The factors an assessment considers, family and caretaking to peers (para 14), of
  // which the court at sentencing needs family, victimization, childcare, trauma,
  // mental health and, for young adults, childhood and education (para 27).
  const CIRCUMSTANCES = "Circumstances (paras 14 and 27)";
  const STEPS = [
    { path: "report", title: "The report", intro: "Start here: the kind of report, its language, the court and the hearing, and who writes it." },
    { path: "person", title: "The person" },
    { path: "offences", title: "Offences", item: "Offence" },
    { path: "criminal_history", title: "Criminal history", item: "Previous conviction" },
    { path: "sources", title: "Sources", item: "Source" },
    { path: "circumstances.family", title: "Family", group: CIRCUMSTANCES },
    { path: "circumstances.caretaking", title: "Caretaking", group: CIRCUMSTANCES },
    { path: "circumstances.victimization", title: "Victimization", group: CIRCUMSTANCES },
    { path: "circumstances.trauma", title: "Trauma", group: CIRCUMSTANCES },
    { path: "circumstances.adverse_childhood_experiences", title: "Childhood", group: CIRCUMSTANCES },
    { path: "circumstances.health", title: "Health", group: CIRCUMSTANCES },
    { path: "circumstances.education", title: "Education", group: CIRCUMSTANCES },
    { path: "circumstances.employment", title: "Employment", group: CIRCUMSTANCES },
    { path: "circumstances.housing", title: "Housing", group: CIRCUMSTANCES },
    { path: "circumstances.finances", title: "Finances", group: CIRCUMSTANCES },
    { path: "circumstances.peers", title: "Peers", group: CIRCUMSTANCES },
    { path: "pretrial", title: "Before the trial", when: (c) => kindOf(c) === "bail" || c.pretrial !== undefined },
    { path: "release", title: "Release", when: (c) => kindOf(c) === "pre_release" || c.release !== undefined },
    { path: "assessment", title: "Assessment" },
    { path: "victim", title: "The victim" },
    { path: "proposal", title: "Proposal" },
    { path: "restricted_notes", title: "Notes for the service" },
  ];

  // What one item of a list is called, by the list's key.
  const ITEMS = {
    offences: "Offence",
    criminal_history: "Previous conviction",
    sources: "Source",
    dependants: "Dependant",
    alternative_care_schedule: "Block of hours",
    schedule: "Block of hours",
    measures: "Measure",
    languages: "Language",
    disabilities: "Disability",
    diagnoses: "Diagnosis",
    vocational_skills: "Skill",
    protective_factors: "Protective factor",
  };

  // Field names that read better than the key in words.
  const NAMES = {
    person_account: "The person's own account",
    court_reference: "Court reference",
    date: "Date",
    from: "From",
    to: "To",
    id: "Measure",
    how_checked: "How it was checked",
    adverse_childhood_experiences: "Adverse childhood experiences",
    monthly_income: "Monthly income",
  };

  const kindOf = (c) => (c && c.report && c.report.kind) || "";

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function post(url, body, type) {
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": type },
      credentials: "same-origin",
      cache: "no-store",
    });
    let data = null;
    if ((response.headers.get("content-type") || "").startsWith("application/json")) data = await response.json();
    return { response, data };
  }

  // ------------------------------------------------------------ paths and values

  // ["offences", 0, "plea"] ⇄ "offences[0].plea", as psr names fields.
  function pathText(parts) {
    let out = "";
    for (const part of parts) {
      if (typeof part === "number") out += "[" + part + "]";
      else out += (out ? "." : "") + part;
    }
    return out;
  }
  const generic = (path) => path.replace(/\[\d+\]/g, "[]");
  const words = (key) => {
    const text = NAMES[key] || String(key).replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  };

  function get(root, parts) {
    let node = root;
    for (const part of parts) {
      if (node === null || node === undefined) return undefined;
      node = node[part];
    }
    return node;
  }

  function isEmptyObject(value) {
    return value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
  }

  // Sets a value (undefined: removes the field), making the mappings on the way;
  // an optional mapping left empty goes too, as if it had never been written.
  function put(root, parts, value) {
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      if (node[parts[i]] === undefined || node[parts[i]] === null) {
        node[parts[i]] = typeof parts[i + 1] === "number" ? [] : {};
      }
      node = node[parts[i]];
    }
    const last = parts[parts.length - 1];
    if (value === undefined) {
      if (Array.isArray(node)) node.splice(last, 1);
      else delete node[last];
      for (let depth = parts.length - 1; depth > 0; depth--) {
        const parent = get(root, parts.slice(0, depth - 1));
        const key = parts[depth - 1];
        if (typeof key === "number" || !isEmptyObject(parent[key])) break;
        if (depth === 1 && ["report", "person", "assessment"].includes(key)) break;
        delete parent[key];
      }
    } else {
      node[last] = value;
    }
  }

  // ------------------------------------------------------------ the schema

  function studioForms(main) {
    const text = document.getElementById("text");
    const formPanel = document.getElementById("form-panel");
    const fields = document.getElementById("form-fields");
    const nav = document.getElementById("form-steps");
    const checklist = document.getElementById("checklist");
    const formState = document.getElementById("form-state");
    const paused = document.getElementById("form-paused");
    const announce = document.getElementById("form-announce");

    let definition = null;
    let definitions = {};
    let model = null; // the case as the form holds it
    let treeText = null; // the YAML text the model was read from or written as
    let step = 0;
    // Edits made in the form, counted: a tree read from an older text never replaces them.
    let edits = 0;
    let findings = [];
    let options = new Map(); // measure id → its row of the options table
    let writeTimer = null;
    let writing = 0;
    let lastSummary = "";
    const opened = { missing: false, placeholders: false };
    // `#form/assessment` opens that step: a step can be linked to and survives a reload.
    let wanted = decodeURIComponent((window.location.hash.match(/^#form\/(.+)$/) || [])[1] || "");

    function resolve(schema) {
      let s = schema || {};
      let nullable = false;
      let ref = null;
      const description = s.description;
      for (let guard = 0; guard < 8; guard++) {
        if (s.$ref) {
          ref = s.$ref.split("/").pop();
          const rest = Object.assign({}, s);
          delete rest.$ref;
          s = Object.assign({}, definitions[ref] || {}, rest);
          continue;
        }
        if (s.allOf && s.allOf.length === 1) {
          const rest = Object.assign({}, s);
          delete rest.allOf;
          s = Object.assign({}, s.allOf[0], rest);
          continue;
        }
        if (s.anyOf) {
          const real = s.anyOf.filter((x) => x.type !== "null");
          if (real.length < s.anyOf.length) nullable = true;
          if (real.length === 1) {
            const rest = Object.assign({}, s);
            delete rest.anyOf;
            s = Object.assign({}, real[0], rest);
            continue;
          }
        }
        break;
      }
      if (Array.isArray(s.type)) {
        if (s.type.includes("null")) nullable = true;
        const types = s.type.filter((t) => t !== "null");
        s = Object.assign({}, s, { type: types.length === 1 ? types[0] : types });
      }
      const values = s.oneOf && s.oneOf.every((x) => x.const !== undefined) ? s.oneOf.map((x) => x.const) : s.enum || null;
      return { s, nullable, ref, values, description: description || s.description || "" };
    }

    function schemaAt(parts) {
      let schema = definition.schema;
      for (const part of parts) {
        const r = resolve(schema).s;
        schema = typeof part === "number" ? r.items : (r.properties || {})[part];
        if (!schema) return null;
      }
      return schema;
    }

    function requiredAt(parts) {
      if (parts.length === 0) return true;
      const parent = resolve(schemaAt(parts.slice(0, -1))).s;
      return (parent.required || []).includes(parts[parts.length - 1]);
    }

    const language = () => (model && model.report && model.report.language) || "en";

    function label(ref, value) {
      const table = ((definition.labels[language()] || {})[ref]) || {};
      return table[value] || String(value).replace(/_/g, " ");
    }

    function keysInOrder(parts, properties) {
      const base = generic(pathText(parts));
      const rank = (key) => {
        const at = definition.order[base ? base + "." + key : key];
        return at === undefined ? 1e6 : at;
      };
      return Object.keys(properties).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    }

    // ------------------------------------------------------------ building fields

    const idOf = (path) => "f-" + path.replace(/[^A-Za-z0-9_]+/g, "-");

    function help(path, description) {
      const said = (description || "").replace(/\s*\(\*psr extension\*\)/g, "").replace(/\*psr extension\*:?\s*/g, "").replace(/`/g, "").replace(/\s+/g, " ").trim();
      const init = (definition.help[generic(path)] || "").replace(/`/g, "");
      const bare = (t) => t.toLowerCase().replace(/^optional:?\s*/, "").replace(/[^a-z0-9]+/g, " ").trim();
      const parts = [said];
      // psr init's comment, unless it says again what the description says, or only
      // lists the values the choices already show.
      // A YAML example (`e.g. - { id: … }`) is for the YAML pane, not the form.
      // Nor when most of its words are already in the description ("required if
      // custody is considered"), nor when it names a command line (`psr measures`).
      const wordsOf = (t) => bare(t).split(" ").filter((w) => w.length > 3);
      const known = new Set(wordsOf(said));
      const fresh = wordsOf(init).filter((w) => !known.has(w)).length;
      const repeats = wordsOf(init).length > 0 && fresh <= wordsOf(init).length / 3;
      if (init && !init.includes("{") && !bare(said).includes(bare(init)) && !repeats && !/\bpsr [a-z]+ [A-Z_]+/.test(init) && !/^[a-z_ |]+$/.test(init)) parts.push(init);
      const words = parts.filter(Boolean).join(" — ");
      return words ? element("p", { class: "help", id: idOf(path) + "-help" }, words) : null;
    }

    // A labelled row: label, control, help; the control names its help.
    function row(path, name, control, description, required) {
      const id = idOf(path);
      control.id = id;
      control.dataset.path = path;
      const helpNode = help(path, description);
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

    function changed() {
      edits += 1;
      clearTimeout(writeTimer);
      writeTimer = setTimeout(writeYaml, 40);
      formState.textContent = "Editing…";
    }

    // One field of any kind, by its schema.
    function field(parts, schema, name) {
      const path = pathText(parts);
      const r = resolve(schema);
      const s = r.s;
      const value = get(model, parts);
      const required = requiredAt(parts);
      const key = parts[parts.length - 1];
      name = name || words(key);
      if (key === "measures" && parts[0] === "proposal") return measureList(parts, r);
      if (r.values) return choice(parts, r, name, required);
      if (s.type === "boolean") {
        if (r.nullable) return yesNo(parts, r, name);
        const box = element("input", { type: "checkbox" });
        box.checked = value === true;
        box.addEventListener("change", () => {
          put(model, parts, box.checked);
          changed();
        });
        const id = idOf(path);
        box.id = id;
        box.dataset.path = path;
        const helpNode = help(path, r.description);
        if (helpNode) box.setAttribute("aria-describedby", helpNode.id);
        return element("div", { class: "field check", "data-field": path }, box, " ", element("label", { for: id }, name), helpNode);
      }
      if (s.type === "array") return list(parts, r, name);
      if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
        return keyValues(parts, r, name);
      }
      if (s.type === "object") return group(parts, r, name);
      // A text, a date, a time or a number.
      let control;
      const long = s.type === "string" && (s.maxLength || 0) > 200 && !s.format;
      if (long) {
        control = element("textarea", { rows: 3, dir: "auto" });
      } else if (s.format === "date") {
        control = element("input", { type: "date" });
      } else if (s.pattern && s.pattern.includes("[0-5][0-9]")) {
        control = element("input", { type: "time" });
      } else if (s.type === "integer") {
        control = element("input", { type: "number", step: 1, min: s.minimum === undefined ? null : s.minimum, inputmode: "numeric" });
      } else {
        control = element("input", { type: "text", dir: "auto" });
      }
      control.value = value === undefined || value === null ? "" : String(value);
      // psr init's placeholder, shown in the empty field, never written into it.
      const placeholder = definition.placeholders && definition.placeholders[generic(path)];
      if (placeholder && control.tagName !== "SELECT" && !["date", "time"].includes(control.type)) {
        control.placeholder = placeholder;
      }
      control.addEventListener("input", () => {
        let next = control.value;
        // An optional field left empty is left out of the file, as psr init's
        // commented-out fields are; a required one stays, for its finding.
        if (s.type === "integer") next = next === "" || isNaN(parseInt(next, 10)) ? undefined : parseInt(next, 10);
        else if (next === "" && (!required || control.type === "date" || control.type === "time")) next = undefined;
        put(model, parts, next);
        changed();
      });
      return row(path, name, control, r.description, required);
    }

    function choice(parts, r, name, required) {
      const path = pathText(parts);
      const value = get(model, parts);
      const select = element("select", {});
      if (value === undefined || value === null || !required || r.nullable) {
        select.append(element("option", { value: "" }, required ? "— choose —" : unanswered(path)));
      }
      for (const v of r.values) select.append(element("option", { value: v }, label(r.ref, v)));
      if (value !== undefined && value !== null && !r.values.includes(value)) {
        select.append(element("option", { value: String(value) }, String(value) + " (not a value psr reads)"));
      }
      select.value = value === undefined || value === null ? "" : String(value);
      select.addEventListener("change", () => {
        put(model, parts, select.value === "" ? undefined : select.value);
        changed();
        // The kind decides which steps apply; the language, the labels of the choices.
        if (path === "report.kind" || path === "report.language") drawSteps();
        if (path === "report.language") drawPanel(true);
      });
      return row(path, name, select, r.description, required);
    }

    // What an optional choice left empty means: for the circumstances and the
    // assessment, "not assessed", which no report prints as a "no".
    function unanswered(path) {
      return /^(circumstances|assessment)\./.test(path) ? "— not assessed —" : "— not recorded —";
    }

    // A yes/no that may also be left unsaid (`pregnant`, `consent`).
    function yesNo(parts, r, name) {
      const path = pathText(parts);
      const value = get(model, parts);
      const select = element(
        "select",
        {},
        element("option", { value: "" }, unanswered(path)),
        element("option", { value: "true" }, "yes"),
        element("option", { value: "false" }, "no")
      );
      select.value = value === true ? "true" : value === false ? "false" : "";
      select.addEventListener("change", () => {
        put(model, parts, select.value === "" ? undefined : select.value === "true");
        changed();
      });
      return row(path, name, select, r.description, false);
    }

    function group(parts, r, name) {
      const path = pathText(parts);
      const box = element("fieldset", { class: "group", "data-field": path }, element("legend", {}, name));
      const description = help(path, r.description);
      if (description) box.append(description);
      for (const key of keysInOrder(parts, r.s.properties || {})) {
        box.append(field(parts.concat([key]), r.s.properties[key]));
      }
      return box;
    }

    // A list: each item with its own controls to move it and remove it, and a button
    // to add one.
    function list(parts, r, name) {
      const path = pathText(parts);
      const items = get(model, parts) || [];
      const key = parts[parts.length - 1];
      const itemName = ITEMS[key] || "Item";
      const itemSchema = resolve(r.s.items);
      if (itemSchema.values) return checkboxes(parts, r, itemSchema, name);
      const box = element("fieldset", { class: "list", "data-field": path }, element("legend", {}, name));
      const description = help(path, r.description);
      if (description) box.append(description);
      items.forEach((_, index) => {
        const itemParts = parts.concat([index]);
        const title = itemName + " " + (index + 1);
        const controls = itemTools(parts, index, items.length, title.toLowerCase());
        if (itemSchema.s.type === "object") {
          const item = element("fieldset", { class: "item", "data-field": pathText(itemParts) }, element("legend", {}, title), controls);
          for (const k of keysInOrder(itemParts, itemSchema.s.properties || {})) {
            item.append(field(itemParts.concat([k]), itemSchema.s.properties[k]));
          }
          box.append(item);
        } else {
          const one = field(itemParts, r.s.items, title);
          one.classList.add("item-line");
          one.append(controls);
          box.append(one);
        }
      });
      box.append(
        element("button", { type: "button", class: "add", id: idOf(path) + "-add", onclick: () => add(parts, itemSchema) }, "Add " + itemName.toLowerCase())
      );
      return box;
    }

    // The values of an enumeration to tick (distribution, needs, days): the order
    // they were ticked in is kept.
    function checkboxes(parts, r, itemSchema, name) {
      const path = pathText(parts);
      const chosen = () => get(model, parts) || [];
      const box = element("fieldset", { class: "choices", "data-field": path }, element("legend", {}, name));
      const helpNode = help(path, r.description);
      if (helpNode) box.setAttribute("aria-describedby", helpNode.id);
      for (const v of itemSchema.values) {
        const id = idOf(path) + "-" + v;
        const tick = element("input", { type: "checkbox", id, value: v });
        tick.dataset.path = path;
        tick.checked = chosen().includes(v);
        tick.addEventListener("change", () => {
          const now = chosen().filter((x) => x !== v);
          if (tick.checked) now.push(v);
          put(model, parts, now);
          changed();
        });
        box.append(element("span", { class: "tick" }, tick, element("label", { for: id }, label(itemSchema.ref, v))));
      }
      if (helpNode) box.append(helpNode);
      return box;
    }

    // Names and values (identifiers: `national_id: "…"`).
    function keyValues(parts, r, name) {
      const path = pathText(parts);
      const map = get(model, parts) || {};
      const box = element("fieldset", { class: "list", "data-field": path }, element("legend", {}, name));
      const description = help(path, r.description);
      if (description) box.append(description);
      Object.keys(map).forEach((key, index) => {
        const nameId = idOf(path) + "-key-" + index;
        const keyInput = element("input", { type: "text", id: nameId, value: key });
        keyInput.addEventListener("change", () => {
          const next = {};
          for (const [k, v] of Object.entries(get(model, parts) || {})) next[k === key ? keyInput.value.trim() || key : k] = v;
          put(model, parts, next);
          changed();
          drawPanel(true);
        });
        const valueParts = parts.concat([key]);
        const valueInput = element("input", { type: "text", dir: "auto", value: map[key] });
        valueInput.addEventListener("input", () => {
          put(model, valueParts, valueInput.value);
          changed();
        });
        const valueRow = row(pathText(valueParts), "Number", valueInput, "", false);
        box.append(
          element(
            "div",
            { class: "pair" },
            element("div", { class: "field" }, element("label", { for: nameId }, "Kind of number"), keyInput),
            valueRow,
            element("button", { type: "button", class: "remove", "aria-label": "Remove " + key, onclick: () => {
              put(model, valueParts, undefined);
              changed();
              drawPanel(true);
            } }, "Remove")
          )
        );
      });
      box.append(
        element("button", { type: "button", class: "add", onclick: () => {
          const current = get(model, parts) || {};
          let key = "national_id";
          for (let n = 2; key in current; n++) key = "identifier_" + n;
          put(model, parts.concat([key]), "");
          changed();
          drawPanel(true, idOf(pathText(parts)) + "-key-" + Object.keys(current).length);
        } }, "Add a number")
      );
      return box;
    }

    // A new item: its required fields made, text empty, a choice left to make.
    function blank(itemSchema) {
      const s = itemSchema.s;
      if (s.type !== "object") return s.type === "integer" ? 0 : "";
      const item = {};
      for (const key of s.required || []) {
        const r = resolve(s.properties[key]);
        if (r.values) continue;
        if (r.s.type === "string" && !r.s.format && !(r.s.pattern || "").includes("[0-5]")) item[key] = "";
        if (r.s.type === "array") item[key] = [];
      }
      return item;
    }

    function add(parts, itemSchema) {
      const items = (get(model, parts) || []).slice();
      items.push(blank(itemSchema));
      put(model, parts, items);
      changed();
      drawPanel(true, null, pathText(parts.concat([items.length - 1])));
    }

    // An item's Up, Down and Remove, named for screen readers ("Move source 2 up").
    function itemTools(parts, index, count, title) {
      const base = idOf(pathText(parts.concat([index])));
      return element(
        "div",
        { class: "item-tools" },
        element("button", { type: "button", id: base + "-up", "aria-label": "Move " + title + " up", disabled: index === 0, onclick: () => move(parts, index, -1) }, "↑ Up"),
        element("button", { type: "button", id: base + "-down", "aria-label": "Move " + title + " down", disabled: index === count - 1, onclick: () => move(parts, index, 1) }, "↓ Down"),
        element("button", { type: "button", class: "remove", id: base + "-remove", "aria-label": "Remove " + title, onclick: () => remove(parts, index) }, "Remove")
      );
    }

    // The focus follows the item moved: on the same button, or the other one at an end.
    function move(parts, index, by) {
      const items = get(model, parts).slice();
      const [item] = items.splice(index, 1);
      items.splice(index + by, 0, item);
      put(model, parts, items);
      changed();
      const base = idOf(pathText(parts.concat([index + by])));
      const end = index + by === 0 || index + by === items.length - 1;
      drawPanel(false, base + (end ? (by < 0 ? "-down" : "-up") : by < 0 ? "-up" : "-down"));
      announce.textContent = "Moved to position " + (index + by + 1) + " of " + items.length + ".";
    }

    // After a removal the focus goes to the list's Add button.
    function remove(parts, index) {
      const items = get(model, parts).slice();
      items.splice(index, 1);
      put(model, parts, items);
      changed();
      drawPanel(false, idOf(pathText(parts)) + "-add");
      announce.textContent = "Removed; " + items.length + " left.";
    }

    // ------------------------------------------------------------ measures

    function measureList(parts, r) {
      const path = pathText(parts);
      const items = get(model, parts) || [];
      const box = element("fieldset", { class: "list", "data-field": path }, element("legend", {}, "Measures from the catalogue"));
      const description = help(path, r.description);
      if (description) box.append(description);
      if (definition.catalogue) box.append(element("p", { class: "paused" }, definition.catalogue));
      items.forEach((item, index) => {
        const itemParts = parts.concat([index]);
        const title = "Measure " + (index + 1);
        const fieldset = element(
          "fieldset",
          { class: "item measure", "data-field": pathText(itemParts) },
          element("legend", {}, title),
          itemTools(parts, index, items.length, "measure " + (index + 1))
        );
        // The measure, with whether the case makes it eligible.
        const idParts = itemParts.concat(["id"]);
        const select = element("select", {}, element("option", { value: "" }, "— choose a measure —"));
        const known = definition.measures.find((m) => m.id === item.id);
        for (const m of definition.measures) select.append(element("option", { value: m.id }, measureName(m)));
        if (item.id && !known) select.append(element("option", { value: item.id }, item.id + " (not in the catalogue)"));
        select.value = item.id || "";
        select.addEventListener("change", () => {
          const chosen = definition.measures.find((m) => m.id === select.value);
          const kept = {};
          for (const [k, v] of Object.entries(item.parameters || {})) if (chosen && chosen.parameters[k]) kept[k] = v;
          put(model, idParts, select.value);
          put(model, itemParts.concat(["parameters"]), Object.keys(kept).length ? kept : undefined);
          changed();
          drawPanel(true, idOf(pathText(idParts)));
        });
        fieldset.append(row(pathText(idParts), "Measure", select, "The measure's id in the catalogue (psr measures).", true));
        const eligible = element("p", { id: idOf(pathText(itemParts)) + "-eligible", "data-measure": item.id || "" });
        fieldset.append(eligible);
        showEligibility(eligible);
        select.dataset.measures = "true";
        select.setAttribute("aria-describedby", (select.getAttribute("aria-describedby") || "") + " " + idOf(pathText(itemParts)) + "-eligible");
        // Its parameters, as the catalogue defines them.
        if (known) {
          for (const [name, spec] of Object.entries(known.parameters)) {
            fieldset.append(parameter(itemParts.concat(["parameters", name]), name, spec));
          }
        } else {
          for (const name of Object.keys(item.parameters || {})) {
            fieldset.append(parameter(itemParts.concat(["parameters", name]), name, { type: "text", required: false }));
          }
        }
        const itemSchema = resolve(r.s.items).s;
        fieldset.append(field(itemParts.concat(["consent"]), itemSchema.properties.consent, "Consent"));
        fieldset.append(field(itemParts.concat(["override_reason"]), itemSchema.properties.override_reason, "Override reason"));
        box.append(fieldset);
      });
      box.append(element("button", { type: "button", class: "add", id: idOf(path) + "-add", onclick: () => add(parts, { s: { type: "object", required: [] } }) }, "Add a measure"));
      return box;
    }

    // Whether the case makes a measure eligible, and why not: from the last check's
    // options table, redrawn in place so that typing is never interrupted.
    function showEligibility(note) {
      const id = note.dataset.measure;
      const status = id ? options.get(id) : null;
      note.className = "eligibility " + (status ? status.status.replace(" ", "-") : "unknown");
      note.textContent = !id
        ? "Choose a measure to see whether the case makes it eligible."
        : !status
        ? "Eligibility is shown once the case is checked without errors that stop the matching."
        : status.eligible === false || status.status === "not eligible"
        ? "Not eligible: " + (status.notes.join("; ") || "see the findings") + ". Propose it only with a reason for the court (override reason, paras 11, 12, 16)."
        : "Eligible" + (status.notes.length ? ": " + status.notes.join("; ") : "") + ".";
    }

    function measureName(m) {
      const status = options.get(m.id);
      return (m.name[language()] || m.id) + " — R" + m.restrictiveness + (status ? " — " + status.status : "");
    }

    function refreshMeasures() {
      for (const note of fields.querySelectorAll("p[data-measure]")) showEligibility(note);
      for (const select of fields.querySelectorAll("select[data-measures]")) {
        for (const option of select.options) {
          const m = definition.measures.find((x) => x.id === option.value);
          if (m) option.textContent = measureName(m);
        }
      }
    }

    function parameter(parts, name, spec) {
      const path = pathText(parts);
      const value = get(model, parts);
      let control;
      let unit = "";
      if (spec.type === "integer") {
        control = element("input", { type: "number", step: 1, min: spec.min, max: spec.max, inputmode: "numeric" });
        if (spec.min !== null || spec.max !== null) unit = "a whole number" + (spec.min !== null && spec.max !== null ? " from " + spec.min + " to " + spec.max : spec.min !== null ? " of at least " + spec.min : " up to " + spec.max);
      } else if (spec.type === "money") {
        control = element("input", { type: "text", inputmode: "decimal", pattern: "[0-9]+(\\.[0-9]{2})?" });
        unit = "an amount" + (definition.currency ? " in " + definition.currency : "") + ", like 180.00";
      } else if (spec.type === "boolean") {
        const box = element("input", { type: "checkbox" });
        box.checked = value === true;
        box.addEventListener("change", () => {
          put(model, parts, box.checked);
          changed();
        });
        box.id = idOf(path);
        box.dataset.path = path;
        return element("div", { class: "field check", "data-field": path }, box, " ", element("label", { for: box.id }, words(name)));
      } else {
        control = element("input", { type: "text", dir: "auto" });
      }
      control.value = value === undefined || value === null ? "" : String(value);
      control.addEventListener("input", () => {
        let next = control.value.trim();
        if (spec.type === "integer") next = next === "" || isNaN(parseInt(next, 10)) ? undefined : parseInt(next, 10);
        else if (next === "") next = undefined;
        put(model, parts, next);
        changed();
      });
      const description = (spec.required ? "Required" : "Optional") + (unit ? ": " + unit : "") + ".";
      return row(path, words(name) + (definition.currency && spec.type === "money" ? " (" + definition.currency + ")" : ""), control, description, spec.required);
    }

    // ------------------------------------------------------------ the guide

    const steps = () => STEPS.filter((s) => !s.when || (model && s.when(model)));

    function sectionOf(path) {
      let best = null;
      for (const s of steps()) {
        if (path === s.path || path.startsWith(s.path + ".") || path.startsWith(s.path + "[")) {
          if (!best || s.path.length > best.path.length) best = s;
        }
      }
      return best;
    }

    // Whether a value holds any answer: a text written, a number, a yes or a no, a
    // choice, an item of a list with one. An empty text or list is no answer.
    function answered(value) {
      if (value === undefined || value === null) return false;
      if (typeof value === "string") return value.trim() !== "";
      if (Array.isArray(value)) return value.some(answered);
      if (typeof value === "object") return Object.values(value).some(answered);
      return true;
    }

    function drawSteps() {
      const list = element("ol", {});
      let group = null;
      let sub = null;
      steps().forEach((s, index) => {
        const mine = findings.filter((f) => sectionOf(f.path) === s);
        const errors = mine.filter((f) => f.severity === "error").length;
        const warnings = mine.length - errors;
        // A step with nothing answered is not started, whatever its findings: a ✓
        // there would say it was done.
        const started = answered(get(model, s.path.split(".")));
        const mark = !started
          ? element("span", { class: "count todo" }, "not started")
          : errors
            ? element("span", { class: "count error" }, errors + (errors === 1 ? " error" : " errors"))
            : warnings
              ? element("span", { class: "count warning" }, warnings + (warnings === 1 ? " warning" : " warnings"))
              : element("span", { class: "count ok" }, "✓");
        const button = element("button", { type: "button", "aria-current": index === step ? "step" : null, onclick: () => go(index) }, element("span", { class: "n" }, index + 1 + ". "), s.title, " ", mark);
        const item = element("li", {}, button);
        if (s.group) {
          if (group !== s.group) {
            group = s.group;
            sub = element("ol", {});
            list.append(element("li", { class: "group" }, element("span", {}, s.group), sub));
          }
          sub.append(item);
        } else {
          group = null;
          list.append(item);
        }
      });
      nav.replaceChildren(list);
    }

    // What still stops the render (the errors), then what a final report would
    // refuse (psr init's placeholders left, W049): each opens its field.
    function drawChecklist() {
      const errors = findings.filter((f) => f.severity === "error");
      // What a final report refuses: psr init's placeholders left, texts it needs empty.
      const placeholders = findings.filter((f) => f.code === "W049" || f.code === "W026");
      const warnings = findings.length - errors.length;
      const entry = (f) => {
        const section = sectionOf(f.path);
        return element(
          "li",
          {},
          element("button", { type: "button", class: "link", onclick: () => goTo(f.path) }, section ? section.title : "The file"),
          " ",
          element("code", {}, f.code),
          " ",
          f.message
        );
      };
      // Each list folds under one line, so that the page does not jump as it grows
      // and shrinks while one types; what was opened stays open.
      const folded = (key, title, list) => {
        const box = element("details", { class: key, open: opened[key] }, element("summary", {}, title), list);
        box.addEventListener("toggle", () => {
          opened[key] = box.open;
        });
        return box;
      };
      const parts = [
        errors.length
          ? folded("missing", "Still missing before the case can be rendered (" + errors.length + ")", element("ol", {}, ...errors.map(entry)))
          : placeholders.length
            ? element("p", { class: "ok" }, element("strong", {}, "The draft can be rendered"), " — and still has texts to write before it is final.")
            : element(
                "p",
                { class: "ok" },
                element("strong", {}, "Nothing missing: the case can be rendered"),
                warnings ? " — " + warnings + " warning(s) to read before the report is final." : " — no findings."
              ),
      ];
      if (placeholders.length) {
        parts.push(
          folded("placeholders", "Still to write, which a final report refuses (" + placeholders.length + ")", element("ol", {}, ...placeholders.map(entry)))
        );
      }
      checklist.replaceChildren(...parts);
      checklist.className = "checklist " + (errors.length ? "missing" : "complete");
      const summary = errors.length + " error(s), " + warnings + " warning(s)";
      if (summary !== lastSummary) {
        lastSummary = summary;
        announce.textContent = errors.length
          ? errors.length + " thing(s) still missing before the case can be rendered."
          : placeholders.length
            ? "The draft can be rendered; texts still to write before it is final."
            : "Nothing missing: the case can be rendered.";
      }
    }

    function remember() {
      const s = steps()[step];
      if (s && main.dataset.view === "form") history.replaceState(null, "", "#form/" + s.path);
    }

    function go(index) {
      step = Math.max(0, Math.min(index, steps().length - 1));
      remember();
      drawSteps();
      drawPanel(false);
      const heading = fields.querySelector("#step-title");
      if (heading) heading.focus();
    }

    // Opens the section of a field and puts the cursor in it.
    function goTo(path) {
      const section = sectionOf(path);
      if (!section) return;
      step = steps().indexOf(section);
      drawSteps();
      drawPanel(false);
      const target = findField(path);
      if (target) {
        const control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea, button");
        if (control) control.focus();
        target.scrollIntoView({ block: "center" });
      }
    }

    // The control with this path, or else the nearest enclosing field that is shown.
    function findField(path) {
      let at = path;
      while (at) {
        const exact = fields.querySelector('[data-path="' + CSS.escape(at) + '"]') || fields.querySelector('[data-field="' + CSS.escape(at) + '"]');
        if (exact) return exact;
        const cut = Math.max(at.lastIndexOf("."), at.lastIndexOf("["));
        at = cut > 0 ? at.slice(0, cut) : "";
      }
      return null;
    }

    function drawPanel(keepFocus, focusId, scrollTo) {
      if (!model || !definition) return;
      const active = document.activeElement;
      const focusedId = focusId || (keepFocus && active && fields.contains(active) ? active.id : null);
      const all = steps();
      if (wanted) {
        step = Math.max(0, all.findIndex((x) => x.path === wanted));
        wanted = "";
      }
      step = Math.min(step, all.length - 1);
      const s = all[step];
      const parts = s.path.split(".");
      const panel = element("section", { class: "step", "aria-labelledby": "step-title" });
      panel.append(element("h2", { id: "step-title", tabindex: "-1" }, "Step " + (step + 1) + " of " + all.length + ": " + s.title));
      if (s.intro) panel.append(element("p", { class: "intro" }, s.intro));
      const schema = schemaAt(parts);
      const r = resolve(schema);
      if (r.s.type === "object" && !(r.s.additionalProperties && typeof r.s.additionalProperties === "object")) {
        const description = help(s.path, r.description);
        if (description) panel.append(description);
        for (const key of keysInOrder(parts, r.s.properties || {})) panel.append(field(parts.concat([key]), r.s.properties[key]));
      } else {
        panel.append(field(parts, schema, s.title));
      }
      const previous = all[step - 1];
      const next = all[step + 1];
      panel.append(
        element(
          "div",
          { class: "step-tools" },
          previous ? element("button", { type: "button", onclick: () => go(step - 1) }, "← " + previous.title) : null,
          next ? element("button", { type: "button", class: "next", onclick: () => go(step + 1) }, "Next: " + next.title + " →") : null
        )
      );
      fields.replaceChildren(fields.querySelector("legend"), panel);
      markFindings();
      if (focusedId) {
        const again = document.getElementById(focusedId);
        if (again) again.focus();
      }
      if (scrollTo) {
        const item = fields.querySelector('[data-field="' + CSS.escape(scrollTo) + '"]');
        if (item) {
          item.scrollIntoView({ block: "nearest" });
          const first = item.querySelector("input, select, textarea");
          if (first) first.focus();
        }
      }
    }

    // Each finding at its field: the text under it, aria-invalid for an error, and the
    // control's description naming it for screen readers.
    function markFindings() {
      for (const old of fields.querySelectorAll(".field-finding")) old.remove();
      for (const control of fields.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
      for (const control of fields.querySelectorAll("[data-findings]")) {
        const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => !control.dataset.findings.split(" ").includes(id));
        if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
        else control.removeAttribute("aria-describedby");
        delete control.dataset.findings;
      }
      findings.forEach((f, index) => {
        if (!f.path) return;
        const target = findField(f.path);
        if (!target) return;
        const id = "finding-" + index;
        const note = element("p", { class: "field-finding " + f.severity, id }, element("strong", {}, f.code + " "), f.message, f.hint ? element("span", { class: "hint" }, " " + f.hint) : null);
        const control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
        const holder = target.matches("input, select, textarea") ? target.closest("[data-field]") || target.parentNode : target;
        if (holder.tagName === "FIELDSET") {
          const legend = holder.querySelector("legend");
          legend.after(note);
        } else {
          holder.append(note);
        }
        if (control) {
          if (f.severity === "error") control.setAttribute("aria-invalid", "true");
          control.setAttribute("aria-describedby", ((control.getAttribute("aria-describedby") || "") + " " + id).trim());
          control.dataset.findings = ((control.dataset.findings || "") + " " + id).trim();
        }
      });
    }

    // ------------------------------------------------------------ form ⇄ YAML

    // The text of the YAML pane as the form's tree; while it does not parse, the
    // form is paused.
    async function readTree() {
      const sent = text.value;
      const at = edits;
      let answer;
      try {
        answer = await post("/api/form/tree", sent, "text/plain; charset=utf-8");
      } catch (_) {
        return;
      }
      if (text.value !== sent) return; // a newer text will be read
      // An edit in the form meanwhile wins: the tree read would undo it, and the
      // edit is written to the text next.
      if (edits !== at) return;
      const { response, data } = answer;
      if (response.ok && data && data.case) {
        model = data.case;
        treeText = sent;
        pause(null);
        drawSteps();
        drawPanel(true);
      } else {
        treeText = sent;
        const where = data && data.findings && data.findings[0] && data.findings[0].line ? " (line " + data.findings[0].line + ")" : "";
        pause(((data && data.error) || "The YAML cannot be read") + where + ". Fix it in the YAML tab; nothing you typed there is changed.");
      }
    }

    function pause(why) {
      fields.disabled = Boolean(why);
      paused.hidden = !why;
      paused.textContent = why ? "The form is paused: " + why : "";
      main.dataset.formPaused = why ? "true" : "false";
    }

    // The form's tree as YAML in psr fmt's layout, into the YAML pane (unsaved).
    let inFlight = Promise.resolve();
    function writeYaml() {
      inFlight = writeNow();
      return inFlight;
    }

    async function writeNow() {
      clearTimeout(writeTimer);
      writeTimer = null;
      if (!model || fields.disabled) return;
      const mine = ++writing;
      const before = text.value;
      let answer;
      try {
        answer = await post("/api/form/yaml", JSON.stringify({ case: model, text: before }), "application/json");
      } catch (_) {
        formState.textContent = "The studio does not answer: is psr studio still running?";
        return;
      }
      if (mine !== writing) return;
      const { response, data } = answer;
      if (text.value !== before) {
        // The YAML changed meanwhile (Tidy, a reload): it wins, the form reads it.
        formState.textContent = "The YAML changed meanwhile: the form shows it again.";
        readTree();
        return;
      }
      if (response.ok && data && typeof data.text === "string") {
        treeText = data.text;
        if (data.text !== before) {
          text.value = data.text;
          text.dispatchEvent(new Event("input"));
          // Checked now: the form has paused for the keys already.
          document.dispatchEvent(new Event("psr:written"));
        }
        formState.textContent = "In the YAML: not saved yet.";
      } else {
        formState.textContent = (data && data.error) || "The form's change could not be written (" + response.status + ").";
      }
    }

    // Every check of the page (after any change of the text) brings the findings and
    // the options; a text the form did not write is read again.
    document.addEventListener("psr:checked", (event) => {
      const data = event.detail || {};
      findings = data.findings || [];
      options = new Map((data.options || []).map((o) => [o.id, o]));
      if (text.value !== treeText && writeTimer === null) {
        readTree().then(() => {
          drawChecklist();
        });
      } else if (model) {
        drawSteps();
        drawChecklist();
        // The measures' eligibility depends on the whole case.
        refreshMeasures();
        markFindings();
      }
      if (!model) drawChecklist();
    });

    // Save (studio.js) waits for the form's last edit to be in the text.
    window.psrFormFlush = () => (writeTimer !== null ? writeYaml() : inFlight);
    // Ctrl-S in the form saves, as in the YAML pane.
    formPanel.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "s") {
        event.preventDefault();
        window.psrFormFlush().then(() => {
          const save = document.getElementById("save");
          if (!save.disabled) save.click();
        });
      }
    });

    // Pending form edits are written before the YAML tab is shown.
    document.addEventListener("psr:leave-form", () => {
      if (writeTimer !== null) writeYaml();
    });
    document.addEventListener("psr:enter-form", () => {
      if (text.value !== treeText && writeTimer === null) readTree();
      remember();
    });

    (async () => {
      const response = await fetch("/api/form", { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) {
        pause("the form's definition could not be read (" + response.status + ").");
        return;
      }
      definition = await response.json();
      definitions = definition.schema.definitions || {};
      // The text may have been read before the definition came.
      if (text.value && text.value !== treeText) readTree();
      else if (model) {
        drawSteps();
        drawPanel(false);
        drawChecklist();
      }
      formPanel.dataset.ready = "true";
    })();
  }

  // ------------------------------------------------------------ the two tabs

  function tabs(main) {
    const tabList = document.querySelectorAll('#view-tabs [role="tab"]');
    function show(tab, focus) {
      for (const t of tabList) {
        const selected = t === tab;
        t.setAttribute("aria-selected", String(selected));
        t.tabIndex = selected ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !selected;
      }
      main.dataset.view = tab.id === "tab-form" ? "form" : "yaml";
      // The tab last used, for the next case opened: no case's name is kept.
      try {
        window.localStorage.setItem("psr-studio-tab", main.dataset.view);
      } catch (_) {
        // Storage refused (a private window): the YAML tab next time.
      }
      if (main.dataset.view === "yaml" && window.location.hash) {
        history.replaceState(null, "", window.location.pathname);
      }
      document.dispatchEvent(new Event(tab.id === "tab-form" ? "psr:enter-form" : "psr:leave-form"));
      if (focus) tab.focus();
    }
    tabList.forEach((tab, index) => {
      tab.addEventListener("click", () => show(tab, false));
      tab.addEventListener("keydown", (event) => {
        const by = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (by) show(tabList[(index + by + tabList.length) % tabList.length], true);
      });
    });
    // A new case opens on the form's guide; others on the tab last used.
    let last = null;
    try {
      last = window.localStorage.getItem("psr-studio-tab");
    } catch (_) {
      last = null;
    }
    const form = window.location.hash.startsWith("#form") || last === "form";
    show(document.getElementById(form ? "tab-form" : "tab-yaml"), false);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const main = document.getElementById("case");
    if (!main || !document.getElementById("form-panel")) return;
    tabs(main);
    studioForms(main);
  });
})();
