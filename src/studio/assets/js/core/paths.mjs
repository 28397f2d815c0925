// Paths into a case and the values found there: the tree the form edits is the case
// as JSON, a field named as psr names it in its findings ("offences[0].plea").

/** ["offences", 0, "plea"] → "offences[0].plea". */
export function pathText(parts) {
  let out = "";
  for (const part of parts) {
    if (typeof part === "number") out += "[" + part + "]";
    else out += (out ? "." : "") + part;
  }
  return out;
}

/** "offences[0].plea" → ["offences", 0, "plea"]. */
export function pathParts(text) {
  const parts = [];
  for (const piece of text.split(".")) {
    const match = piece.match(/^([^[]*)((?:\[\d+\])*)$/);
    if (!match) {
      parts.push(piece);
      continue;
    }
    if (match[1]) parts.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

/** The path of any item of a list: "offences[0].plea" → "offences[].plea". */
export const generic = (path) => path.replace(/\[\d+\]/g, "[]");

/** The value at `parts`, or undefined. */
export function get(root, parts) {
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

/**
 * Sets a value (undefined: removes the field), making the mappings on the way; an
 * optional mapping left empty goes too, as if it had never been written. The three
 * sections every case has stay, empty or not.
 */
export function put(root, parts, value) {
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    if (node[parts[i]] === undefined || node[parts[i]] === null) {
      node[parts[i]] = typeof parts[i + 1] === "number" ? [] : {};
    }
    node = node[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (value !== undefined) {
    node[last] = value;
    return;
  }
  if (Array.isArray(node)) node.splice(last, 1);
  else delete node[last];
  for (let depth = parts.length - 1; depth > 0; depth--) {
    const parent = get(root, parts.slice(0, depth - 1));
    const key = parts[depth - 1];
    if (typeof key === "number" || !isEmptyObject(parent[key])) break;
    if (depth === 1 && ["report", "person", "assessment"].includes(key)) break;
    delete parent[key];
  }
}

/** Moves the item at `index` of the list at `parts` by `by` places. */
export function move(root, parts, index, by) {
  const items = get(root, parts).slice();
  const [item] = items.splice(index, 1);
  items.splice(index + by, 0, item);
  put(root, parts, items);
  return items.length;
}

/** Removes the item at `index` of the list at `parts`; the items left. */
export function removeItem(root, parts, index) {
  const items = get(root, parts).slice();
  items.splice(index, 1);
  put(root, parts, items);
  return items.length;
}

/**
 * Whether a value holds any answer: a text written, a number, a yes or a no, a choice,
 * an item of a list with one. An empty text or list is no answer.
 */
export function answered(value) {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.some(answered);
  if (typeof value === "object") return Object.values(value).some(answered);
  return true;
}
