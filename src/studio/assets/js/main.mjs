// psr studio's script: ES modules served from the binary, no build step, no request
// beyond this studio's own address (the Content-Security-Policy says so too).
//
//   main      which page this is
//   list      the case list
//   editor    the case page's YAML pane, checks, saving, downloads, preview
//   form      the forms: steps, checklist, findings at their fields, sync with the YAML
//   fields    the form's controls, built from the schema
//   tabs      Form and YAML
//   http, dom the one way to ask the studio, the one way to make nodes
//   core/     pure: paths, schema, guide, words, values, sync (tested with node --test)

import { invitePage, listPage } from "./list.mjs";
import { createEditor } from "./editor.mjs";
import { createForm } from "./form.mjs";
import { tabs } from "./tabs.mjs";
import { keepAlive } from "./http.mjs";

keepAlive();

const newCase = document.getElementById("new-case");
if (newCase) listPage(newCase);
const invite = document.getElementById("invite");
if (invite) invitePage(invite);

const main = document.getElementById("case");
if (main) {
  const editor = createEditor(main);
  const form = createForm(main, editor);
  tabs(main, form);
}
