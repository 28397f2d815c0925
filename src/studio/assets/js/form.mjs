// The forms of the case page: the guide's steps, one panel of fields each, the
// checklist of what is missing, and each finding at its field in the form's words.
// The form and the YAML pane are one document (core/sync.mjs): an edit in the form is
// sent as a tree to /api/form/yaml and comes back as YAML in psr fmt's layout, which
// replaces the pane's text (unsaved, as Tidy does); a YAML edit is read back through
// /api/form/tree and redraws the form. While the YAML does not parse, the form is
// paused and never overwrites it.

import { element } from "./dom.mjs";
import { api, at, TEXT } from "./http.mjs";
import { Fields } from "./fields.mjs";
import { pathParts } from "./core/paths.mjs";
import { Schema } from "./core/schema.mjs";
import { checklist, sectionOf, stepsOf, stepState } from "./core/guide.mjs";
import { Sync } from "./core/sync.mjs";
import { Words, formFinding } from "./core/words.mjs";
import { dateFormat, timeFormat } from "./core/values.mjs";

export function createForm(main, editor) {
  const text = editor.text;
  const formPanel = document.getElementById("form-panel");
  const fieldsBox = document.getElementById("form-fields");
  const nav = document.getElementById("form-steps");
  const checklistBox = document.getElementById("checklist");
  const formState = document.getElementById("form-state");
  const paused = document.getElementById("form-paused");
  const announcer = document.getElementById("form-announce");
  const locale = navigator.language || "en";
  const formats = { date: dateFormat(locale), time: timeFormat(locale) };

  const sync = new Sync();
  let definition = null;
  let schema = null;
  let english = new Words({}, {});
  let model = null; // the case as the form holds it
  let step = 0;
  let findings = [];
  let writeTimer = null;
  let lastSummary = "";
  const opened = { missing: false, placeholders: false };
  // `#form/assessment` opens that step: a step can be linked to and survives a reload.
  let wanted = decodeURIComponent((window.location.hash.match(/^#form\/(.+)$/) || [])[1] || "");

  // The labels of the report's language: the officer writes in the court's language.
  const language = () => (model && model.report && model.report.language) || "en";
  const words = () => new Words((definition.words || {})[language()], (definition.words || {}).en);

  const form = {
    get definition() {
      return definition;
    },
    get schema() {
      return schema;
    },
    get words() {
      return words();
    },
    get english() {
      return english;
    },
    options: new Map(), // measure id → its row of the options table
    model: () => model,
    changed,
    redraw: (keepFocus, focusId, scrollTo) => drawPanel(keepFocus, focusId, scrollTo),
    restep: () => drawSteps(),
    announce: (said) => {
      announcer.textContent = said;
    },
  };
  const fields = new Fields(form);

  function changed() {
    sync.edited();
    clearTimeout(writeTimer);
    writeTimer = setTimeout(writeYaml, 40);
    formState.textContent = "Editing…";
  }

  const steps = () => stepsOf(definition.steps, model);
  const titleOf = (s) => words().step(s);

  // ------------------------------------------------------------ the guide

  function remember() {
    const s = steps()[step];
    if (s && main.dataset.view === "form") history.replaceState(null, "", "#form/" + s.path);
  }

  function go(index) {
    step = Math.max(0, Math.min(index, steps().length - 1));
    remember();
    drawSteps();
    drawPanel(false);
    const heading = fieldsBox.querySelector("#step-title");
    if (heading) heading.focus();
  }

  // After the last step: the case saved, then the Check your report page.
  async function toCheck() {
    if (!(await editor.save())) return;
    window.location.href = at("/case/" + encodeURIComponent(editor.name) + "/check");
  }

  // Opens the step of a field and puts the cursor in its control.
  function goTo(path) {
    const section = sectionOf(steps(), path);
    if (!section) return;
    step = steps().indexOf(section);
    remember();
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
      const exact =
        fieldsBox.querySelector('[data-path="' + CSS.escape(at) + '"]') || fieldsBox.querySelector('[data-field="' + CSS.escape(at) + '"]');
      if (exact) return exact;
      const cut = Math.max(at.lastIndexOf("."), at.lastIndexOf("["));
      at = cut > 0 ? at.slice(0, cut) : "";
    }
    return null;
  }

  function drawSteps() {
    const all = steps();
    const list = element("ol", {});
    let group = null;
    let sub = null;
    all.forEach((s, index) => {
      const { state, count } = stepState(s, model, findings, all);
      const mark = element(
        "span",
        { class: "count " + state },
        state === "todo" ? "not started" : state === "ok" ? "✓" : count + " " + state + (count === 1 ? "" : "s")
      );
      const button = element(
        "button",
        { type: "button", "aria-current": index === step ? "step" : null, onclick: () => go(index) },
        element("span", { class: "n" }, index + 1 + ". "),
        titleOf(s),
        " ",
        mark
      );
      const item = element("li", {}, button);
      if (s.group) {
        if (group !== s.group) {
          group = s.group;
          sub = element("ol", {});
          list.append(element("li", { class: "group" }, element("span", {}, words().get("group.circumstances") || s.group), sub));
        }
        sub.append(item);
      } else {
        group = null;
        list.append(item);
      }
    });
    nav.replaceChildren(list);
  }

  // A finding as the form says it.
  const said = (f) => formFinding(f, english, f.path ? schema.control(pathParts(f.path), model) : "group", formats);

  // What still stops the render (the errors), then what a final report would refuse
  // (texts still to write): each names its control and opens it.
  function drawChecklist() {
    const list = checklist(findings, model);
    const entry = (f) => {
      const words = said(f);
      return element(
        "li",
        { "data-code": f.code },
        element("button", { type: "button", class: "link", onclick: () => goTo(f.path) }, words.label),
        " ",
        words.message,
        words.hint ? element("span", { class: "hint" }, " " + words.hint) : null
      );
    };
    // Each list folds under one line, so that the page does not jump as it grows and
    // shrinks while one types; what was opened stays open.
    const folded = (key, title, items) => {
      const box = element("details", { class: key, open: opened[key] }, element("summary", {}, title), items);
      box.addEventListener("toggle", () => {
        opened[key] = box.open;
      });
      return box;
    };
    const parts = [];
    if (list.errors.length) {
      parts.push(folded("missing", "Still missing before the case can be rendered (" + list.errors.length + ")", element("ol", {}, ...list.errors.map(entry))));
    } else if (list.state === "to-write") {
      parts.push(element("p", { class: "ok" }, element("strong", {}, "The draft can be rendered"), " — and still has texts to write before it is final."));
    } else if (list.state === "empty") {
      parts.push(element("p", {}, list.said));
    } else {
      parts.push(
        element(
          "p",
          { class: "ok" },
          element("strong", {}, "Nothing missing: the case can be rendered"),
          list.warnings ? " — " + list.warnings + " warning(s) to read before the report is final." : " — no findings."
        )
      );
    }
    if (list.toWrite.length) {
      parts.push(folded("placeholders", "Still to write, which a final report refuses (" + list.toWrite.length + ")", element("ol", {}, ...list.toWrite.map(entry))));
    }
    checklistBox.replaceChildren(...parts);
    checklistBox.className = "checklist " + (list.errors.length ? "missing" : "complete");
    const summary = list.errors.length + " error(s), " + list.warnings + " warning(s)";
    if (summary !== lastSummary) {
      lastSummary = summary;
      announcer.textContent = list.said;
    }
  }

  function drawPanel(keepFocus, focusId, scrollTo) {
    if (!model || !definition) return;
    const active = document.activeElement;
    const focusedId = focusId || (keepFocus && active && fieldsBox.contains(active) ? active.id : null);
    const all = steps();
    if (wanted) {
      step = Math.max(0, all.findIndex((x) => x.path === wanted));
      wanted = "";
    }
    step = Math.min(step, all.length - 1);
    const s = all[step];
    const parts = s.path.split(".");
    const panel = element("section", { class: "step", "aria-labelledby": "step-title" });
    panel.append(element("h2", { id: "step-title", tabindex: "-1" }, "Step " + (step + 1) + " of " + all.length + ": " + titleOf(s)));
    const intro = words().get("intro." + s.path) || s.intro;
    if (intro) panel.append(element("p", { class: "intro" }, intro));
    const at = schema.at(parts);
    const r = schema.resolve(at);
    if (r.s.type === "object" && !(r.s.additionalProperties && typeof r.s.additionalProperties === "object")) {
      const description = fields.help(s.path, r.description);
      if (description) panel.append(description);
      for (const key of schema.keysInOrder(parts, r.s.properties || {}, (p) => fields.shown(p))) {
        panel.append(fields.field(parts.concat([key]), r.s.properties[key]));
      }
    } else {
      panel.append(fields.field(parts, at, titleOf(s)));
    }
    const previous = all[step - 1];
    const next = all[step + 1];
    panel.append(
      element(
        "div",
        { class: "step-tools" },
        previous ? element("button", { type: "button", onclick: () => go(step - 1) }, "← " + titleOf(previous)) : null,
        next
          ? element("button", { type: "button", class: "next", onclick: () => go(step + 1) }, "Next: " + titleOf(next) + " →")
          : element("button", { type: "button", class: "next", id: "to-check", onclick: toCheck }, "Check your report →")
      )
    );
    fieldsBox.replaceChildren(fieldsBox.querySelector("legend"), panel);
    markFindings();
    if (focusedId) {
      const again = document.getElementById(focusedId);
      if (again) again.focus();
    }
    if (scrollTo) {
      const item = fieldsBox.querySelector('[data-field="' + CSS.escape(scrollTo) + '"]');
      if (item) {
        item.scrollIntoView({ block: "nearest" });
        const first = item.querySelector("input, select, textarea");
        if (first) first.focus();
      }
    }
  }

  // Each finding at its field, in the form's words: the text under it, aria-invalid
  // for an error, and the control's description naming it for screen readers.
  function markFindings() {
    for (const old of fieldsBox.querySelectorAll(".field-finding")) old.remove();
    for (const control of fieldsBox.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    for (const control of fieldsBox.querySelectorAll("[data-findings]")) {
      const mine = control.dataset.findings.split(" ");
      const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !mine.includes(id));
      if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
      else control.removeAttribute("aria-describedby");
      delete control.dataset.findings;
    }
    findings.forEach((f, index) => {
      if (!f.path) return;
      const target = findField(f.path);
      if (!target) return;
      const id = "finding-" + index;
      const words = said(f);
      const note = element(
        "p",
        { class: "field-finding " + f.severity, id, "data-code": f.code },
        element("strong", {}, f.severity === "error" ? "Error: " : f.severity === "warning" ? "Warning: " : "Note: "),
        words.message,
        words.hint ? element("span", { class: "hint" }, " " + words.hint) : null
      );
      const control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      const holder = target.matches("input, select, textarea") ? target.closest("[data-field]") || target.parentNode : target;
      if (holder.tagName === "FIELDSET") holder.querySelector("legend").after(note);
      else holder.append(note);
      if (control) {
        if (f.severity === "error") control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", ((control.getAttribute("aria-describedby") || "") + " " + id).trim());
        control.dataset.findings = ((control.dataset.findings || "") + " " + id).trim();
      }
    });
  }

  // ------------------------------------------------------------ form ⇄ YAML

  // The text of the YAML pane as the form's tree; while it does not parse, the form is
  // paused.
  async function readTree() {
    const ticket = sync.read(text.value);
    let answer;
    try {
      answer = await api("POST", "/api/form/tree", ticket.text, TEXT);
    } catch (_) {
      return;
    }
    const { response, data } = answer;
    if (response.ok && data && data.case) {
      if (!sync.readDone(ticket, text.value)) return;
      model = data.case;
      pause(null);
      drawSteps();
      drawPanel(true);
    } else if (ticket.text === text.value) {
      sync.unreadable(ticket.text);
      const first = data && data.findings && data.findings[0];
      const where = first && first.line ? " (line " + first.line + ")" : "";
      pause("the YAML cannot be read" + where + ". Fix it in the YAML tab; nothing you typed there is changed.");
    }
  }

  function pause(why) {
    fieldsBox.disabled = Boolean(why);
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
    if (!model || fieldsBox.disabled) return;
    const ticket = sync.write(text.value);
    let answer;
    try {
      answer = await api("POST", "/api/form/yaml", { case: model, text: ticket.text });
    } catch (_) {
      formState.textContent = "The studio does not answer: is it still running?";
      return;
    }
    const { response, data } = answer;
    if (!response.ok || !data || typeof data.text !== "string") {
      if (ticket.n === sync.writes) formState.textContent = (data && data.error) || "The form's change could not be written (" + response.status + ").";
      return;
    }
    const next = sync.writeDone(ticket, text.value, data.text);
    if (next === "stale") return;
    if (next === "reread") {
      // The YAML changed meanwhile (Tidy, a reload): it wins, the form reads it.
      formState.textContent = "The YAML changed meanwhile: the form shows it again.";
      readTree();
      return;
    }
    if (data.text !== ticket.text) editor.replaced(data.text);
    formState.textContent = "In the YAML: not saved yet.";
  }

  // Every check of the page (after any change of the text) brings the findings and the
  // options; a text the form did not write is read again.
  editor.onChecked((data) => {
    findings = data.findings || [];
    form.options = new Map((data.options || []).map((o) => [o.id, o]));
    if (!definition) return;
    if (sync.unread(text.value, writeTimer !== null)) {
      readTree().then(drawChecklist);
    } else if (model) {
      drawSteps();
      drawChecklist();
      // The measures' eligibility depends on the whole case.
      fields.refreshMeasures(fieldsBox);
      markFindings();
    }
    if (!model) drawChecklist();
  });

  // Saved (by the button, Ctrl-S or the autosave): the form says so too.
  editor.onSaved((said) => {
    if (writeTimer === null) formState.textContent = said;
  });

  // A save waits for the form's last edit to be in the text.
  editor.setFlush(() => (writeTimer !== null ? writeYaml() : inFlight));

  (async () => {
    let answer;
    try {
      answer = await api("GET", "/api/form");
    } catch (_) {
      pause("the studio does not answer.");
      return;
    }
    if (!answer.response.ok || !answer.data) {
      pause("the form's definition could not be read (" + answer.response.status + ").");
      return;
    }
    definition = answer.data;
    schema = new Schema(definition);
    english = new Words((definition.words || {}).en, {});
    // The text may have been read, and checked, before the definition came: the
    // checklist is drawn with the findings already in.
    if (text.value && sync.unread(text.value, false)) readTree().then(drawChecklist);
    formPanel.dataset.ready = "true";
  })();

  return {
    // The tab was left: pending edits are written before the YAML shows.
    leave() {
      if (writeTimer !== null) writeYaml();
    },
    // The tab was opened: a text changed in the YAML tab is read.
    enter() {
      if (definition && sync.unread(text.value, writeTimer !== null)) readTree();
      remember();
    },
    // The skip link: the step's title.
    focus() {
      const title = document.getElementById("step-title");
      if (title) title.focus();
    },
  };
}
