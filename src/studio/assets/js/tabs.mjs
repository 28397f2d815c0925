// The two ways of editing a case, as tabs: the form and the YAML. Only the tab shown is
// in the page's order; a case opens on the tab last used (a new case on the form).

export function tabs(main, form) {
  const tabList = Array.from(document.querySelectorAll('#view-tabs [role="tab"]'));
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
    if (main.dataset.view === "yaml" && window.location.hash) history.replaceState(null, "", window.location.pathname);
    if (main.dataset.view === "form") form.enter();
    else form.leave();
    if (focus) tab.focus();
  }
  tabList.forEach((tab, index) => {
    tab.addEventListener("click", () => show(tab, false));
    tab.addEventListener("keydown", (event) => {
      const by = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (by) show(tabList[(index + by + tabList.length) % tabList.length], true);
    });
  });
  let last = null;
  try {
    last = window.localStorage.getItem("psr-studio-tab");
  } catch (_) {
    last = null;
  }
  const onForm = window.location.hash.startsWith("#form") || last === "form";
  show(document.getElementById(onForm ? "tab-form" : "tab-yaml"), false);
  // The skip link goes to the form, whichever tab is open.
  const skip = document.querySelector('a.skip[href="#form-panel"]');
  if (skip) {
    skip.addEventListener("click", (event) => {
      event.preventDefault();
      show(document.getElementById("tab-form"), false);
      form.focus();
    });
  }
}
