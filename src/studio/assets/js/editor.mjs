// The case page's YAML pane and everything that follows the text: the check after
// each key (findings, options, preview), saving (button, Ctrl-S, autosave of drafts,
// conflicts), Tidy, the PDF downloads and the phone's preview on demand.

import { element } from "./dom.mjs";
import { api, request, TEXT } from "./http.mjs";

export function createEditor(main) {
  const name = main.dataset.name;
  const text = document.getElementById("text");
  const gutter = document.getElementById("gutter");
  const findingsList = document.getElementById("findings");
  const optionsBody = document.querySelector("#options tbody");
  const pages = document.getElementById("pages");
  const state = document.getElementById("state");
  const previewState = document.getElementById("preview-state");
  const saveButton = document.getElementById("save");

  let version = null; // the version on disk the text was opened from
  let savedText = null;
  let findings = [];
  let sequence = 0; // the newest check sent
  let shown = 0; // the newest check shown
  let timer = null;
  const checkedListeners = [];
  const savedListeners = [];
  // Whatever must be in the text before it is saved (the form's last edit).
  let flush = async () => {};

  const copy = () => document.querySelector('input[name="copy"]:checked').value;
  const dirty = () => savedText !== null && text.value !== savedText;

  function say(message, kind) {
    state.textContent = message;
    state.className = kind || "";
  }

  function showDirty() {
    saveButton.disabled = !dirty();
    document.title = (dirty() ? "• " : "") + name + " — psr studio";
  }

  // Line numbers, each marked with the worst finding at its line.
  function drawGutter() {
    const lines = text.value.split("\n").length;
    const worst = new Map();
    for (const f of findings) {
      if (!f.line) continue;
      const rank = { error: 3, warning: 2, note: 1 }[f.severity] || 0;
      if ((worst.get(f.line) || [0])[0] < rank) worst.set(f.line, [rank, f.severity]);
    }
    const fragment = document.createDocumentFragment();
    for (let line = 1; line <= lines; line++) {
      const mark = worst.get(line);
      const span = element("span", { class: "ln" + (mark ? " " + mark[1] : ""), "data-line": line }, String(line));
      if (mark) span.title = mark[1];
      fragment.append(span, "\n");
    }
    gutter.replaceChildren(fragment);
    gutter.scrollTop = text.scrollTop;
  }

  function goToLine(line, column) {
    const lines = text.value.split("\n");
    let offset = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
    const length = (lines[line - 1] || "").length;
    const start = offset + Math.max(0, Math.min((column || 1) - 1, length));
    text.focus();
    text.setSelectionRange(start, offset + length);
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 18;
    text.scrollTop = Math.max(0, (line - 4) * lineHeight);
    gutter.scrollTop = text.scrollTop;
  }

  // The findings of the YAML pane, in psr's own words, each going to its line.
  function drawFindings() {
    findingsList.replaceChildren();
    if (findings.length === 0) {
      findingsList.append(element("li", { class: "none" }, "No findings."));
      return;
    }
    for (const f of findings) {
      const where = f.line
        ? element("button", { type: "button", class: "where", onclick: () => goToLine(f.line, f.column) }, "line " + f.line)
        : element("span", { class: "where" }, "file");
      findingsList.append(
        element(
          "li",
          { class: "finding " + f.severity, "data-code": f.code, "data-line": f.line || "" },
          where,
          " ",
          element("code", {}, f.code),
          " ",
          element("span", { class: "message" }, f.message),
          f.path ? element("span", { class: "path" }, f.path) : null,
          f.hint ? element("span", { class: "hint" }, f.hint) : null
        )
      );
    }
  }

  function drawOptions(options) {
    optionsBody.replaceChildren();
    for (const o of options) {
      optionsBody.append(
        element(
          "tr",
          { class: o.status.replace(" ", "-") },
          element("td", {}, o.name, element("span", { class: "id" }, o.id)),
          element("td", { class: "count" }, o.restrictiveness),
          element("td", {}, o.status),
          element("td", {}, o.notes.join("; "))
        )
      );
    }
  }

  // Only the pages that changed are replaced (an edit usually touches one; the server
  // sends "" for a page it knows the page shows), each decoded off the main thread, so
  // the preview never blinks. A page's text alternative is its number and the headings
  // on it ("Page 2 of 4: 3 Circumstances, 4 Assessment").
  let pageIds = [];
  let pageUrls = [];
  const altOf = (i, count, headings) => {
    const on = (headings && headings[i]) || [];
    return "Page " + (i + 1) + " of " + count + (on.length ? ": " + on.join(", ") : "");
  };
  function drawPages(svgs, ids, headings) {
    const images = Array.from(pages.querySelectorAll("img.page"));
    const urls = pageUrls.slice(0, svgs.length);
    const same = images.length === svgs.length;
    svgs.forEach((svg, i) => {
      const alt = altOf(i, svgs.length, headings);
      if (svg === "" || (same && pageIds[i] === ids[i])) {
        if (same) images[i].alt = alt;
        return;
      }
      const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      const image = element("img", { src: url, alt, class: "page", decoding: "async" });
      if (same) {
        images[i].replaceWith(image);
        if (pageUrls[i]) URL.revokeObjectURL(pageUrls[i]);
      }
      urls[i] = url;
    });
    if (!same) {
      pages.replaceChildren(
        ...urls.map((url, i) => element("img", { src: url, alt: altOf(i, urls.length, headings), class: "page", decoding: "async" }))
      );
      for (const url of pageUrls) if (!urls.includes(url)) URL.revokeObjectURL(url);
    }
    pageUrls = urls;
    pageIds = ids;
  }

  // Sends the text as typed; only the newest answer is shown. One check at a time: a
  // text typed meanwhile is checked as soon as the answer is in, so the server never
  // works on texts already replaced.
  let inFlight = false;
  let again = false;
  async function check() {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    main.dataset.busy = "true";
    try {
      await checkOnce();
    } finally {
      inFlight = false;
    }
    if (again) {
      again = false;
      check();
    } else if (timer === null) {
      // Nothing typed is waiting to be checked (browser tests wait for this).
      delete main.dataset.busy;
    }
  }

  async function checkOnce() {
    const mine = ++sequence;
    previewState.textContent = "Checking…";
    let answer;
    try {
      answer = await request("/api/check?copy=" + copy() + "&name=" + encodeURIComponent(name), {
        method: "POST",
        body: text.value,
        // The pages shown: the answer leaves them out when they have not changed.
        headers: { "content-type": TEXT, "x-psr-pages": pageIds.join(",") },
      });
    } catch (_) {
      previewState.textContent = "The studio does not answer: is it still running?";
      return;
    }
    if (mine < shown) return;
    shown = mine;
    const { response, data } = answer;
    if (!response.ok || !data) {
      previewState.textContent = (data && data.error) || "The check failed (" + response.status + ").";
      return;
    }
    findings = data.findings;
    drawGutter();
    drawFindings();
    drawOptions(data.options);
    if (data.preview) {
      previewState.textContent = data.preview;
      main.classList.add("stale");
    } else {
      drawPages(data.pages, data.page_ids || [], data.headings || []);
      main.classList.remove("stale");
      const errors = findings.filter((f) => f.severity === "error").length;
      previewState.textContent =
        data.pages.length +
        (data.pages.length === 1 ? " page" : " pages") +
        (errors ? " — a draft: " + errors + " error(s) to fix before the PDF" : "");
    }
    main.dataset.checked = String(mine);
    for (const listener of checkedListeners) listener(data);
  }

  // A short pause after a key: long enough to take a burst of keys as one text, short
  // enough to be felt as immediate (docs/performance.md, "The studio").
  function scheduleCheck() {
    clearTimeout(timer);
    main.dataset.busy = "true";
    timer = setTimeout(() => {
      timer = null;
      check();
    }, 40);
  }

  // The text was replaced by the form (which debounces its own edits): checked at once.
  function replaced(newText) {
    text.value = newText;
    edited();
    clearTimeout(timer);
    timer = null;
    check();
  }

  function edited() {
    showDirty();
    drawGutter();
    scheduleAutosave();
  }

  async function load() {
    let answer;
    try {
      answer = await api("GET", "/api/case/" + encodeURIComponent(name));
    } catch (_) {
      say("The studio does not answer: the case could not be opened.", "bad");
      return;
    }
    const { response, data } = answer;
    if (!response.ok || !data) {
      say((data && data.error) || "The case could not be opened.", "bad");
      text.disabled = true;
      return;
    }
    text.value = data.text;
    savedText = data.text;
    version = data.version;
    showDirty();
    drawGutter();
    check();
  }

  // Saves the text; true when the file on disk is now the text.
  let saving = null;
  async function save() {
    if (saving) await saving;
    saving = saveNow();
    try {
      return await saving;
    } finally {
      saving = null;
    }
  }

  async function saveNow() {
    clearTimeout(autosaveTimer);
    await flush();
    if (!dirty()) return true;
    const sent = text.value;
    saveButton.disabled = true;
    say("Saving…");
    let answer;
    try {
      answer = await request("/api/case/" + encodeURIComponent(name), {
        method: "PUT",
        body: sent,
        headers: { "content-type": TEXT, "if-match": '"' + version + '"' },
      });
    } catch (_) {
      say("Not saved: the studio does not answer. Your text is still here.", "bad");
      showDirty();
      return false;
    }
    const { response, data } = answer;
    let ok = false;
    if (response.ok && data) {
      version = data.version;
      savedText = sent;
      say("Saved at " + new Date().toTimeString().slice(0, 5) + ".", "good");
      ok = text.value === sent;
      for (const listener of savedListeners) listener(state.textContent);
    } else if (response.status === 409 && data) {
      say(data.error, "bad");
      main.dataset.conflict = data.kept;
    } else {
      say((data && data.error) || "Not saved (" + response.status + ").", "bad");
    }
    showDirty();
    return ok;
  }

  // A draft is saved a few seconds after the last edit. A final report is not (its
  // every change matters to an approval), nor a text after a conflict (the file on
  // disk is someone else's now: the officer decides).
  let autosaveTimer = null;
  const isFinal = () => /^report:[^]*?^ {2}status: final\b/m.test(text.value);
  function scheduleAutosave() {
    clearTimeout(autosaveTimer);
    if (!dirty() || main.dataset.conflict || isFinal()) return;
    const delay = Number(main.dataset.autosave || 3000);
    autosaveTimer = setTimeout(() => {
      if (dirty() && !main.dataset.conflict && !isFinal()) save();
    }, delay);
  }

  // psr fmt's layout for the text as typed: the result replaces it, unsaved.
  async function tidy() {
    const { response, data } = await api("POST", "/api/fmt", text.value, TEXT);
    if (response.ok && data) {
      if (data.text !== text.value) {
        text.value = data.text;
        edited();
        scheduleCheck();
        say("Tidied: not saved yet.", "good");
      } else {
        say("Already tidy.", "good");
      }
    } else {
      say((data && data.error) || "Not tidied (" + response.status + ").", "bad");
    }
  }

  async function download(event) {
    event.preventDefault();
    const link = event.currentTarget;
    if (dirty()) {
      say("Save first: the PDF is made from the saved case.", "bad");
      return;
    }
    // With a key file chosen, the copy is signed: the file and the passphrase go
    // with this one request, and the passphrase leaves the page.
    const key = document.getElementById("sign-key");
    const passphrase = document.getElementById("sign-passphrase");
    const signing = key && key.files && key.files.length > 0;
    let init = {};
    if (signing) {
      const body = new FormData();
      body.append("key", key.files[0]);
      body.append("passphrase", passphrase.value);
      passphrase.value = "";
      init = { method: "POST", body };
    }
    say(signing ? "Rendering and signing the PDF…" : "Rendering the PDF…");
    let answer;
    try {
      answer = await request(link.href, init);
    } catch (_) {
      say("The PDF was not made: the studio does not answer.", "bad");
      return;
    }
    const { response, data } = answer;
    if (!response.ok) {
      const why = data && data.findings ? ": " + data.findings.map((f) => f.code + " " + f.message).join("; ") : "";
      say((data && data.error ? data.error + why : "The PDF was not made (" + response.status + ")") + ".", "bad");
      return;
    }
    const disposition = response.headers.get("content-disposition") || "";
    const file = (disposition.match(/filename="([^"]+)"/) || [null, "report.pdf"])[1];
    const url = URL.createObjectURL(await response.blob());
    const anchor = element("a", { href: url, download: file });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    // Its SHA-256, as psr render prints it: what the court can check its copy by.
    const sha = response.headers.get("x-psr-sha256");
    const by = response.headers.get("x-psr-signed-by");
    const signed = by ? ", signed by " + decodeURIComponent(by) : "";
    say("Downloaded " + file + signed + (sha ? ". SHA-256: " + sha : "") + ".", "good");
  }

  text.addEventListener("input", () => {
    edited();
    scheduleCheck();
  });
  text.addEventListener("scroll", () => {
    gutter.scrollTop = text.scrollTop;
  });
  // Tab indents (YAML wants spaces); Escape then Tab leaves the editor, as in code
  // editors, so that the keyboard is never trapped.
  let escaped = false;
  text.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      escaped = true;
      return;
    }
    if (event.key === "Tab" && !event.shiftKey && !escaped) {
      event.preventDefault();
      text.setRangeText("  ", text.selectionStart, text.selectionEnd, "end");
      text.dispatchEvent(new Event("input"));
    }
    escaped = false;
  });
  // Ctrl-S saves, in the YAML pane and in the form.
  main.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      save();
    }
  });
  gutter.addEventListener("click", (event) => {
    const line = event.target.dataset && event.target.dataset.line;
    const f = findings.find((x) => String(x.line) === line);
    if (f) goToLine(f.line, f.column);
  });
  saveButton.addEventListener("click", save);
  // Check your report reads the saved file: the text is saved first.
  document.getElementById("check-report").addEventListener("click", async (event) => {
    event.preventDefault();
    const to = event.currentTarget.href;
    if (await save()) window.location.href = to;
  });
  // An addendum is made from the saved file, whose court copy the court has: an
  // unsaved text is neither saved nor lost, the officer decides.
  document.getElementById("addendum-form").addEventListener("submit", (event) => {
    if (!dirty()) return;
    event.preventDefault();
    say("Save first, or undo your changes: the addendum adds to the saved report, the one the court has.", "bad");
  });
  document.getElementById("tidy").addEventListener("click", tidy);
  for (const radio of document.querySelectorAll('input[name="copy"]')) radio.addEventListener("change", check);
  for (const link of document.querySelectorAll("a.download")) link.addEventListener("click", download);
  window.addEventListener("beforeunload", (event) => {
    if (dirty()) event.preventDefault();
  });

  // On a phone the preview is shown on demand, in place of the case, at the
  // screen's width; the same button goes back to where the officer was.
  const toggle = document.getElementById("toggle-preview");
  let scrolledTo = 0;
  toggle.addEventListener("click", () => {
    const showing = !main.classList.contains("show-preview");
    if (showing) scrolledTo = window.scrollY;
    main.classList.toggle("show-preview", showing);
    toggle.setAttribute("aria-pressed", String(showing));
    toggle.textContent = showing ? "Back to the case" : "Preview";
    window.scrollTo(0, showing ? 0 : scrolledTo);
  });

  load();

  return {
    text,
    name,
    say,
    save,
    replaced,
    check,
    onChecked: (listener) => checkedListeners.push(listener),
    onSaved: (listener) => savedListeners.push(listener),
    setFlush: (f) => {
      flush = f;
    },
  };
}
