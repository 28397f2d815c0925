// The case list: New case makes a file from the studio's skeleton and opens it on the
// form's first step; Open in another browser makes a one-time address for it.

import { api, at } from "./http.mjs";

export function listPage(button) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    let answer = null;
    try {
      answer = await api("POST", "/api/cases");
    } catch (_) {
      button.disabled = false;
      return;
    }
    const { response, data } = answer;
    if (response.ok && data && data.name) {
      window.location.href = at("/case/" + encodeURIComponent(data.name) + "#form");
    } else {
      button.disabled = false;
      alert((data && data.error) || "The new case could not be created.");
    }
  });
}

export function invitePage(button) {
  button.addEventListener("click", async () => {
    let answer = null;
    try {
      answer = await api("POST", "/api/invite");
    } catch (_) {
      return;
    }
    const { response, data } = answer;
    if (!response.ok || !data || !data.address) return;
    const field = document.getElementById("invite-address");
    field.value = data.address;
    document.getElementById("invited").hidden = false;
    field.focus();
    field.select();
  });
}
