// psr studio: the case list and the case page. Plain JavaScript, no build step, no
// request beyond this studio's own address (the Content-Security-Policy says so too).
"use strict";

// Requests that change something carry the page's Origin, which the server checks.
// A studio that does not answer (stopped, or the machine asleep) is said once, in a
// banner, until it answers again.
async function api(method, url, body, headers) {
  let response;
  try {
    response = await fetch(url, {
      method,
      body,
      headers: headers || {},
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (error) {
    gone(true);
    throw error;
  }
  gone(false);
  let data = null;
  const type = response.headers.get("content-type") || "";
  if (type.startsWith("application/json")) {
    data = await response.json();
  }
  return { response, data };
}

function gone(yes) {
  const banner = document.getElementById("gone");
  if (banner) banner.hidden = !yes;
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---------------------------------------------------------------- the case list

function listPage() {
  const button = document.getElementById("new-case");
  button.addEventListener("click", async () => {
    button.disabled = true;
    const { response, data } = await api("POST", "/api/cases");
    if (response.ok && data && data.name) {
      // A new case opens on the forms' guide.
      window.location.href = "/case/" + encodeURIComponent(data.name) + "#form";
    } else {
      button.disabled = false;
      alert((data && data.error) || "The new case could not be created.");
    }
  });
}

// ---------------------------------------------------------------- the case page

function casePage(main) {
  const name = main.dataset.name;
  const text = document.getElementById("text");
  const gutter = document.getElementById("gutter");
  const findingsList = document.getElementById("findings");
  const optionsBody = document.querySelector("#options tbody");
  const pages = document.getElementById("pages");
  const state = document.getElementById("state");
  const previewState = document.getElementById("preview-state");
  const save = document.getElementById("save");

  let version = null; // the version on disk the text was opened from
  let savedText = null;
  let findings = [];
  let sequence = 0; // the newest check sent
  let shown = 0; // the newest check shown
  let timer = null;
  let pageUrls = [];

  const copy = () => document.querySelector('input[name="copy"]:checked').value;
  const dirty = () => savedText !== null && text.value !== savedText;

  function say(message, kind) {
    state.textContent = message;
    state.className = kind || "";
  }

  function showDirty() {
    save.disabled = !dirty();
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
      const span = element(
        "span",
        { class: "ln" + (mark ? " " + mark[1] : ""), "data-line": line },
        String(line)
      );
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

  function drawFindings() {
    findingsList.replaceChildren();
    if (findings.length === 0) {
      findingsList.append(element("li", { class: "none" }, "No findings."));
      return;
    }
    for (const f of findings) {
      const where = f.line
        ? element(
            "button",
            { type: "button", class: "where", onclick: () => goToLine(f.line, f.column) },
            "line " + f.line
          )
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

  // Only the pages that changed are replaced (an edit usually touches one; the
  // server sends "" for a page it knows the page shows), each decoded off the main
  // thread, so the preview never blinks.
  let pageIds = [];
  // A page's text alternative: its number and the headings on it, so that a screen
  // reader hears what the page is about ("Page 2 of 4: 3 Circumstances, 4 Assessment").
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
      pages.replaceChildren(...urls.map((url, i) => element("img", { src: url, alt: altOf(i, urls.length, headings), class: "page", decoding: "async" })));
      for (const url of pageUrls) if (!urls.includes(url)) URL.revokeObjectURL(url);
    }
    pageUrls = urls;
    pageIds = ids;
  }

  // Sends the text as typed; only the newest answer is shown. One check at a time:
  // a text typed meanwhile is checked as soon as the answer is in, so the server
  // never works on texts already replaced.
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
      answer = await api("POST", "/api/check?copy=" + copy() + "&name=" + encodeURIComponent(name), text.value, {
        "content-type": "text/plain; charset=utf-8",
        // The pages shown: the answer leaves them out when they have not changed.
        "x-psr-pages": pageIds.join(","),
      });
    } catch (error) {
      previewState.textContent = "The studio does not answer: is psr studio still running?";
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
        data.pages.length + (data.pages.length === 1 ? " page" : " pages") +
        (errors ? " — a draft: " + errors + " error(s) to fix before the PDF" : "");
    }
    main.dataset.checked = String(mine);
    // The forms (form.js) show the same findings at their fields.
    document.dispatchEvent(new CustomEvent("psr:checked", { detail: data }));
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
  // The forms debounce their own changes: the text they write is checked at once.
  document.addEventListener("psr:written", () => {
    clearTimeout(timer);
    timer = null;
    check();
  });

  async function load() {
    const { response, data } = await api("GET", "/api/case/" + encodeURIComponent(name));
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
  async function saveText() {
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
    // An edit in the forms not yet in the text is put there first.
    if (typeof window.psrFormFlush === "function") await window.psrFormFlush();
    if (!dirty()) return true;
    const sent = text.value;
    save.disabled = true;
    say("Saving…");
    let answer;
    try {
      answer = await api("PUT", "/api/case/" + encodeURIComponent(name), sent, {
        "content-type": "text/plain; charset=utf-8",
        "if-match": '"' + version + '"',
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
      document.dispatchEvent(new Event("psr:saved"));
    } else if (response.status === 409 && data) {
      say(data.error, "bad");
      main.dataset.conflict = data.kept;
    } else {
      say((data && data.error) || "Not saved (" + response.status + ").", "bad");
    }
    showDirty();
    return ok;
  }
  window.psrSave = saveText;

  // A draft is saved a few seconds after the last edit. A final report is not (its
  // every change matters to an approval), nor a text after a conflict (the file on
  // disk is someone else's now: the officer decides).
  let autosaveTimer = null;
  const isFinal = () => /^report:[^]*?^  status: final\b/m.test(text.value);
  function scheduleAutosave() {
    clearTimeout(autosaveTimer);
    if (!dirty() || main.dataset.conflict || isFinal()) return;
    const delay = Number(main.dataset.autosave || 3000);
    autosaveTimer = setTimeout(() => {
      if (dirty() && !main.dataset.conflict && !isFinal()) saveText();
    }, delay);
  }

  // psr fmt's layout for the text as typed: the result replaces it, unsaved.
  async function tidy() {
    const { response, data } = await api("POST", "/api/fmt", text.value, {
      "content-type": "text/plain; charset=utf-8",
    });
    if (response.ok && data) {
      if (data.text !== text.value) {
        text.value = data.text;
        showDirty();
        drawGutter();
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
      say("Save first: the PDF is made from the saved file, as psr render would make it.", "bad");
      return;
    }
    say("Rendering the PDF…");
    const response = await fetch(link.getAttribute("href"), { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) {
      let message = "The PDF was not made (" + response.status + ").";
      try {
        const data = await response.json();
        message = data.error + (data.findings ? ": " + data.findings.map((f) => f.code + " " + f.message).join("; ") : "");
      } catch (_) {
        /* the status says enough */
      }
      say(message, "bad");
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
    say("Downloaded " + file + (sha ? ". SHA-256: " + sha : "") + ".", "good");
  }

  text.addEventListener("input", () => {
    showDirty();
    drawGutter();
    scheduleCheck();
    scheduleAutosave();
  });
  text.addEventListener("scroll", () => {
    gutter.scrollTop = text.scrollTop;
  });
  // Tab indents (YAML wants spaces); Escape then Tab leaves the editor, as in
  // code editors, so that the keyboard is never trapped.
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
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      if (dirty()) saveText();
    }
  });
  gutter.addEventListener("click", (event) => {
    const line = event.target.dataset && event.target.dataset.line;
    const f = findings.find((f) => String(f.line) === line);
    if (f) goToLine(f.line, f.column);
  });
  save.addEventListener("click", saveText);
  // Check your report reads the saved file: the text is saved first.
  document.getElementById("check-report").addEventListener("click", async (event) => {
    event.preventDefault();
    const to = event.currentTarget.href;
    if (await saveText()) window.location.href = to;
  });
  // An addendum is made from the saved file, whose court copy the court has: an
  // unsaved text is neither saved nor lost, the officer decides.
  document.getElementById("addendum-form").addEventListener("submit", (event) => {
    if (!dirty()) return;
    event.preventDefault();
    say("Save first, or undo your changes: the addendum adds to the saved report, the one the court has.", "bad");
  });
  document.getElementById("tidy").addEventListener("click", tidy);
  for (const radio of document.querySelectorAll('input[name="copy"]')) {
    radio.addEventListener("change", check);
  }
  for (const link of document.querySelectorAll("a.download")) {
    link.addEventListener("click", download);
  }
  window.addEventListener("beforeunload", (event) => {
    if (dirty()) event.preventDefault();
  });
  load();
}

document.addEventListener("DOMContentLoaded", () => {
  if (document.getElementById("new-case")) listPage();
  const main = document.getElementById("case");
  if (main) casePage(main);
});
