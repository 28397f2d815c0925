//! How long each text and each list of a file may be: chosen for what the field is (a
//! name, a reference, a paragraph of free text, a list of offences), so that whatever
//! `psr validate` accepts renders, within the time limit and under 200 MB.
//!
//! One table per format, read twice: by `psr validate` (E017–E019, in
//! `crate::validate`) and by the JSON Schema (`maxLength`, `maxItems`,
//! `maxProperties`), so that an editor and psr refuse the same files.
//! `docs/security.md` lists the limits and how they were measured.

use serde_json::Value;

/// A kind of field and the most it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// What the field is, for the message: "a name".
    pub what: &'static str,
    /// Characters of a text (Unicode scalar values, as JSON Schema counts them), items
    /// of a list, or entries of a mapping.
    pub max: usize,
}

/// An id, a key, a code, an amount.
pub const REFERENCE: Limit = Limit {
    what: "a reference or an id",
    max: 60,
};
/// The name of a person, a court, an organisation; a short phrase.
pub const NAME: Limit = Limit {
    what: "a name or a short phrase",
    max: 200,
};
/// One item of a list of phrases, a source's description, an outcome.
pub const PHRASE: Limit = Limit {
    what: "a phrase",
    max: 300,
};
/// Free text: a few paragraphs, about one and a half pages of A4. Kept well under the
/// 65 535 bytes of one run of text that the PDF writer handles (`docs/upstream.md`),
/// whatever the script: 4 bytes a character at most.
pub const PARAGRAPH: Limit = Limit {
    what: "a text",
    max: 6_000,
};
/// A list whose items the table does not name.
pub const LIST: Limit = Limit {
    what: "a list",
    max: 30,
};
/// A mapping of free keys (identifiers, parameters).
pub const ENTRIES: Limit = Limit {
    what: "a mapping",
    max: 20,
};

/// All the text of a case together: about thirty pages, far beyond a real report
/// (three to ten), and what keeps the largest case that validates under the memory
/// ceiling.
pub const CASE_TEXT: usize = 100_000;
/// All the text of a catalogue together.
pub const CATALOGUE_TEXT: usize = 500_000;

/// A path pattern and its limit. Patterns name fields by key, `[]` for every item of
/// a list and `*` for every key of a mapping: `offences[].description`,
/// `person.identifiers.*`. A text or list the table does not name has [`PARAGRAPH`] or
/// [`LIST`]; a mapping of free keys is named here, with its entries.
pub type Table = &'static [(&'static str, Limit)];

/// The case format.
pub const CASE: Table = &[
    ("report.court", NAME),
    // Joined cases are listed in one reference: "RMC/CR/2026/0417 joined with …".
    ("report.court_reference", NAME),
    ("report.requested_by", NAME),
    ("report.author.name", NAME),
    ("report.author.organisation", NAME),
    ("report.author.contact", NAME),
    ("report.supervisor.name", NAME),
    ("report.supervisor.organisation", NAME),
    ("report.supervisor.fingerprint", NAME),
    (
        "report.distribution",
        Limit {
            what: "the list of recipients",
            max: 10,
        },
    ),
    ("person.given_name", NAME),
    ("person.family_name", NAME),
    ("person.nationality", NAME),
    ("person.address_area", NAME),
    (
        "person.languages",
        Limit {
            what: "the list of languages",
            max: 20,
        },
    ),
    ("person.languages[]", NAME),
    ("person.identifiers", ENTRIES),
    ("person.identifiers.*", NAME),
    (
        "offences",
        Limit {
            what: "the list of offences",
            max: 50,
        },
    ),
    ("offences[].legal_reference", NAME),
    (
        "criminal_history",
        Limit {
            what: "the criminal history",
            max: 200,
        },
    ),
    ("criminal_history[].offence", PHRASE),
    ("criminal_history[].outcome", PHRASE),
    (
        "sources",
        Limit {
            what: "the list of sources",
            max: 50,
        },
    ),
    ("sources[].description", PHRASE),
    ("sources[].how_checked", PHRASE),
    (
        "circumstances.caretaking.dependants",
        Limit {
            what: "the list of dependants",
            max: 20,
        },
    ),
    ("circumstances.caretaking.dependants[].relation", NAME),
    ("circumstances.health.disabilities[]", PHRASE),
    ("circumstances.health.mental_health.diagnoses[]", PHRASE),
    ("circumstances.education.highest_level", NAME),
    ("circumstances.education.vocational_skills[]", PHRASE),
    ("circumstances.employment.occupation", NAME),
    ("circumstances.finances.monthly_income", REFERENCE),
    ("assessment.protective_factors[]", PHRASE),
    (
        "proposal.measures",
        Limit {
            what: "the list of proposed measures",
            max: 20,
        },
    ),
    ("proposal.measures[].id", REFERENCE),
    ("proposal.measures[].parameters", ENTRIES),
    ("proposal.measures[].parameters.*", NAME),
];

/// The catalogue format.
pub const CATALOGUE: Table = &[
    ("area", NAME),
    (
        "measures",
        Limit {
            what: "the list of measures",
            max: 200,
        },
    ),
    ("measures[].id", REFERENCE),
    ("measures[].name", NAME),
    ("measures[].name.*", NAME),
    ("measures[].parameters", ENTRIES),
    ("measures[].location", NAME),
    ("measures[].provider.name", NAME),
    ("currency.code", REFERENCE),
    ("currency.symbol", REFERENCE),
];

/// The limit of the node at `pattern` (a path with `[]` for list items; the keys of a
/// mapping named in the table are matched by `*`), and whether the table names it.
pub fn limit_of(table: Table, pattern: &str, default: Limit) -> Limit {
    table
        .iter()
        .find(|(p, _)| matches(p, pattern))
        .map_or(default, |&(_, limit)| limit)
}

/// Whether a table pattern names a node's pattern: equal, or equal with `*` standing
/// for one key.
fn matches(table: &str, node: &str) -> bool {
    if table == node {
        return true;
    }
    let Some(prefix) = table.strip_suffix(".*") else {
        return false;
    };
    node.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|key| !key.is_empty() && !key.contains(['.', '[']))
}

/// Whether the table names `pattern` as a mapping of free keys.
pub fn is_mapping(table: Table, pattern: &str) -> bool {
    table
        .iter()
        .any(|(p, limit)| *p == pattern && limit.what == ENTRIES.what)
}

/// Writes the limits of `table` into a JSON Schema (draft-07, as schemars makes it):
/// `maxLength`, `maxItems` and `maxProperties` where the table names a field, and the
/// defaults on every other text and list. A definition shared by fields with different
/// limits is copied into each field first.
pub fn write_into_schema(schema: &mut Value, table: Table) {
    let definitions = schema.get("definitions").cloned().unwrap_or(Value::Null);
    for &(pattern, limit) in table {
        let segments: Vec<&str> = pattern
            .split('.')
            .flat_map(|part| match part.strip_suffix("[]") {
                Some(key) => vec![key, "[]"],
                None => vec![part],
            })
            .collect();
        let mapping = is_mapping(table, pattern);
        set_at(schema, &segments, limit, mapping, &definitions);
    }
    write_defaults(schema);
    remove_unused_definitions(schema);
}

/// Drops the definitions that every field now holds a copy of.
fn remove_unused_definitions(schema: &mut Value) {
    let Some(Value::Object(definitions)) = schema.get("definitions").cloned() else {
        return;
    };
    let mut used = std::collections::BTreeSet::new();
    let mut outside = schema.clone();
    if let Some(object) = outside.as_object_mut() {
        object.remove("definitions");
    }
    let mut pending = vec![outside];
    while let Some(node) = pending.pop() {
        match node {
            Value::Object(object) => {
                if let Some(name) = object
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/definitions/"))
                    && used.insert(name.to_string())
                    && let Some(definition) = definitions.get(name)
                {
                    pending.push(definition.clone());
                }
                pending.extend(object.into_iter().map(|(_, v)| v));
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    if let Some(Value::Object(kept)) = schema.get_mut("definitions") {
        kept.retain(|name, _| used.contains(name));
    }
}

fn set_at(node: &mut Value, segments: &[&str], limit: Limit, mapping: bool, definitions: &Value) {
    inline_reference(node, definitions);
    for branch in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = node.get_mut(branch) {
            for branch in branches {
                set_at(branch, segments, limit, mapping, definitions);
            }
        }
    }
    let Some((first, rest)) = segments.split_first() else {
        let keyword = match node.get("type") {
            _ if mapping => "maxProperties",
            Some(t) if has_type(t, "array") => "maxItems",
            Some(t) if has_type(t, "string") => "maxLength",
            _ => return,
        };
        if let Some(object) = node.as_object_mut() {
            object.insert(keyword.into(), limit.max.into());
        }
        return;
    };
    let child = match *first {
        "[]" => node.get_mut("items"),
        "*" => node.get_mut("additionalProperties"),
        key => node.get_mut("properties").and_then(|p| p.get_mut(key)),
    };
    if let Some(child) = child {
        set_at(child, rest, limit, mapping, definitions);
    }
}

/// Replaces `{"$ref": "#/definitions/X"}` by a copy of X, so that a limit written
/// into it holds for this field only.
fn inline_reference(node: &mut Value, definitions: &Value) {
    let Some(name) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/definitions/"))
    else {
        return;
    };
    let Some(Value::Object(definition)) = definitions.get(name) else {
        return;
    };
    if let Some(object) = node.as_object_mut() {
        object.remove("$ref");
        for (key, value) in definition {
            object.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match value {
        Value::String(t) => t == name,
        Value::Array(types) => types.iter().any(|t| t == name),
        _ => false,
    }
}

/// [`PARAGRAPH`] on every free text (not an enumeration, a format or a pattern) and
/// [`LIST`] on every list that has no limit yet.
fn write_defaults(node: &mut Value) {
    match node {
        Value::Object(object) => {
            let typed = |name: &str| object.get("type").is_some_and(|t| has_type(t, name));
            let free_text = typed("string")
                && !["enum", "format", "pattern", "const", "maxLength"]
                    .iter()
                    .any(|k| object.contains_key(*k));
            let list = typed("array") && !object.contains_key("maxItems");
            if free_text {
                object.insert("maxLength".into(), PARAGRAPH.max.into());
            }
            if list {
                object.insert("maxItems".into(), LIST.max.into());
            }
            for value in object.values_mut() {
                write_defaults(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(write_defaults),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_stands_for_one_key() {
        assert_eq!(
            limit_of(CASE, "person.identifiers.passport", PARAGRAPH),
            NAME
        );
        assert_eq!(limit_of(CASE, "person.identifiers", LIST), ENTRIES);
        assert_eq!(
            limit_of(CASE, "person.identifiers.a.b", PARAGRAPH),
            PARAGRAPH
        );
        assert_eq!(limit_of(CASE, "assessment.goals", PARAGRAPH), PARAGRAPH);
    }

    /// A text at its limit, in the widest script (4 bytes a character), stays under
    /// the PDF writer's 65 535 bytes for one run of text (`docs/upstream.md`).
    #[test]
    fn no_text_can_reach_the_pdf_writers_limit() {
        const { assert!(PARAGRAPH.max * 4 < 65_535) };
        for (pattern, limit) in CASE.iter().chain(CATALOGUE) {
            assert!(limit.max <= PARAGRAPH.max, "{pattern}");
        }
    }
}
