// The JSON Schema of the case format (`psr schema case`) read as a form: what each
// field is (a text, a date, a choice, a list…), whether it is required, and the order
// psr init writes the fields in.

import { generic, get, pathText } from "./paths.mjs";

/**
 * A schema with its references, single-member allOf and nullable anyOf resolved:
 * `{ s, nullable, ref, values, description }`, where `ref` names the definition (the
 * group of its labels) and `values` lists an enumeration's values.
 */
export function resolve(schema, definitions) {
  let s = schema || {};
  let nullable = false;
  let ref = null;
  const description = s.description;
  for (let guard = 0; guard < 8; guard++) {
    if (s.$ref) {
      ref = s.$ref.split("/").pop();
      const rest = Object.assign({}, s);
      delete rest.$ref;
      s = Object.assign({}, (definitions || {})[ref] || {}, rest);
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
  const values =
    s.oneOf && s.oneOf.every((x) => x.const !== undefined) ? s.oneOf.map((x) => x.const) : s.enum || null;
  return { s, nullable, ref, values, description: description || s.description || "" };
}

/** The form's view of the schema: `definition` is what /api/form serves. */
export class Schema {
  constructor(definition) {
    this.definition = definition;
    this.definitions = definition.schema.definitions || {};
  }

  resolve(schema) {
    return resolve(schema, this.definitions);
  }

  /** The schema of the field at `parts`, or null when the format has no such field. */
  at(parts) {
    let schema = this.definition.schema;
    for (const part of parts) {
      const r = this.resolve(schema).s;
      schema = typeof part === "number" ? r.items : (r.properties || {})[part];
      if (!schema) return null;
    }
    return schema;
  }

  /** Whether the field at `parts` is required where it is. */
  required(parts) {
    if (parts.length === 0) return true;
    const parent = this.resolve(this.at(parts.slice(0, -1))).s;
    return (parent.required || []).includes(parts[parts.length - 1]);
  }

  /**
   * What control the field at `parts` is shown with: "choice", "yesno", "check",
   * "list", "ticks", "pairs", "group", "text", "long", "date", "time", "number" or
   * "money" (a measure's parameter, from the catalogue); null when the format has no
   * such field. The case `c` tells which measure a parameter belongs to.
   */
  control(parts, c) {
    const measure = parameterOf(parts);
    if (measure) {
      const spec = this.parameter(get(c, ["proposal", "measures", measure.index, "id"]), measure.name);
      if (spec) return spec.type === "integer" ? "number" : spec.type === "boolean" ? "check" : spec.type === "money" ? "money" : "text";
    }
    const schema = this.at(parts);
    if (!schema) return null;
    const r = this.resolve(schema);
    const s = r.s;
    if (r.values) return "choice";
    if (s.type === "boolean") return r.nullable ? "yesno" : "check";
    if (s.type === "array") return this.resolve(s.items).values ? "ticks" : "list";
    if (s.type === "object") return s.additionalProperties && typeof s.additionalProperties === "object" ? "pairs" : "group";
    if (s.format === "date") return "date";
    if (s.pattern && s.pattern.includes("[0-5][0-9]")) return "time";
    if (s.type === "integer" || s.type === "number") return "number";
    if (s.type === "string" && (s.maxLength || 0) > 200 && !s.format) return "long";
    return "text";
  }

  /** A measure's parameter as the catalogue defines it. */
  parameter(id, name) {
    const measure = (this.definition.measures || []).find((m) => m.id === id);
    return measure ? measure.parameters[name] || null : null;
  }

  /** The keys of a mapping in psr init's order, keeping those `shown(path)` allows. */
  keysInOrder(parts, properties, shown) {
    const base = generic(pathText(parts));
    const order = this.definition.order || {};
    const rank = (key) => {
      const at = order[base ? base + "." + key : key];
      return at === undefined ? 1e6 : at;
    };
    return Object.keys(properties)
      .filter((key) => !shown || shown(pathText(parts.concat([key]))))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }

  /** A new item of a list: its required texts made empty, its choices left to make. */
  blank(itemSchema) {
    const s = itemSchema.s;
    if (s.type !== "object") return s.type === "integer" ? 0 : "";
    const item = {};
    for (const key of s.required || []) {
      const r = this.resolve(s.properties[key]);
      if (r.values) continue;
      if (r.s.type === "string" && !r.s.format && !(r.s.pattern || "").includes("[0-5]")) item[key] = "";
      if (r.s.type === "array") item[key] = [];
    }
    return item;
  }
}

/** `proposal.measures[0].parameters.hours` → the measure's index and the name. */
export function parameterOf(parts) {
  if (parts[0] !== "proposal" || parts[1] !== "measures" || parts[3] !== "parameters" || parts.length !== 5) return null;
  return { index: parts[2], name: parts[4] };
}
