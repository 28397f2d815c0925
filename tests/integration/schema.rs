//! `psr schema` and `psr init`: the JSON Schema accepts the valid fixtures and rejects
//! the type errors; the skeleton is a valid draft with its `$schema` line.

use crate::common::*;

fn schema(format: &str) -> jsonschema::Validator {
    let output = psr(&["schema".as_ref(), format.as_ref()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid draft-07 schema")
}

/// A YAML file as the JSON the schema sees (as the YAML language server does).
fn as_json(path: &std::path::Path) -> serde_json::Value {
    let source = psr::load::read_source(path).unwrap().unwrap();
    psr::load::parse_yaml(source).unwrap().root
}

#[test]
fn case_schema_accepts_valid_cases() {
    let validator = schema("case");
    for case in ["case.example.yaml", "injection/case.yaml"] {
        let instance = as_json(&fixture(case));
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{case}: {errors:?}");
    }
}

/// Findings about the shape of a file, which a JSON Schema can express too.
const SHAPE: &[&str] = &[
    "E010", "E011", "E012", "E013", "E014", "E017", "E018", "E020", "E031",
];

/// Every fixture that psr refuses for its shape, the schema refuses too: an editor
/// with the schema shows the officer the same mistakes as `psr validate`.
#[test]
fn every_fixture_refused_for_its_shape_is_refused_by_the_schema() {
    let validator = schema("case");
    let checker = psr::Checker::new(None, &psr::render::Resources::default()).unwrap();
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(fixture("invalid")).unwrap() {
        let path = entry.unwrap().path();
        let Ok(Ok(source)) = psr::load::read_source(&path) else {
            continue;
        };
        let Ok(document) = psr::load::parse_yaml(source.clone()) else {
            continue;
        };
        let findings = checker.findings(source).unwrap();
        let shape = findings
            .diagnostics
            .iter()
            .any(|d| d.is_error() && SHAPE.contains(&d.code));
        if shape {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            assert!(
                !validator.is_valid(&document.root),
                "{name} passed the schema"
            );
            checked.push(name);
        }
    }
    assert!(checked.len() >= 18, "only {checked:?}");
}

/// The limits of `docs/security.md` are the schema's: one character more is refused by
/// both, the version must be 1 and a case needs a source.
#[test]
fn the_schema_holds_the_limits_the_version_and_the_sources() {
    let validator = schema("case");
    let example = as_json(&fixture("case.example.yaml"));
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut case = example.clone();
        edit(&mut case);
        validator.is_valid(&case)
    };
    let name = |n: usize| serde_json::Value::String("é".repeat(n));
    assert!(with(&|c| c["person"]["given_name"] = name(200)));
    assert!(!with(&|c| c["person"]["given_name"] = name(201)));
    assert!(with(&|c| c["assessment"]["goals"] = name(6_000)));
    assert!(!with(&|c| c["assessment"]["goals"] = name(6_001)));
    assert!(!with(&|c| c["report"]["court_reference"] = name(201)));
    assert!(!with(
        &|c| c["person"]["identifiers"]["passport"] = name(201)
    ));
    let grow = |c: &mut serde_json::Value, list: &str, n: usize| {
        let items = c[list].as_array_mut().unwrap();
        let first = items[0].clone();
        items.resize(n, first);
    };
    assert!(with(&|c| grow(c, "offences", 50)));
    assert!(!with(&|c| grow(c, "offences", 51)));
    assert!(!with(&|c| grow(c, "criminal_history", 201)));
    assert!(!with(&|c| c["schema_version"] = 0.into()));
    assert!(with(&|c| c["schema_version"] = 1.into()));
    assert!(with(&|c| c["schema_version"] = 2.into()));
    assert!(!with(&|c| c["schema_version"] = 3.into()));
    assert!(!with(&|c| c["sources"] = serde_json::json!([])));
}

#[test]
fn catalogue_schema_accepts_the_catalogues() {
    let validator = schema("catalogue");
    for catalogue in ["catalogue.example.yaml", "catalogue.large.yaml"] {
        let instance = as_json(&fixture(catalogue));
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{catalogue}: {errors:?}");
    }
    let mut broken = as_json(&fixture("catalogue.example.yaml"));
    broken["measures"][0]["category"] = "probation".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn init_writes_a_valid_commented_skeleton_and_its_schema() {
    let dir = temp();
    let case = dir.path().join("new-case.yaml");
    let output = psr(&["init".as_ref(), case.as_os_str()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&case).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=case.schema.json\n"));
    assert!(dir.path().join("case.schema.json").exists());

    // Every enumeration is explained where it is written.
    for line in text.lines().filter(|l| {
        [
            "kind:",
            "role:",
            "gender:",
            "plea:",
            "category:",
            "status:",
            "risk_of_reoffending:",
        ]
        .iter()
        .any(|k| l.trim_start().starts_with(k))
    }) {
        assert!(
            line.contains('#') && line.contains('|'),
            "no comment listing values: {line}"
        );
    }
    // Every section of the format is in the skeleton.
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("case.schema.json")).unwrap())
            .unwrap();
    for key in written["properties"].as_object().unwrap().keys() {
        assert!(text.contains(&format!("{key}:")), "skeleton lacks {key}");
    }
    assert!(schema("case").is_valid(&as_json(&case)));

    // It is a valid draft: warnings only.
    let validate = psr(&["validate".as_ref(), case.as_os_str()]);
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
    assert!(stderr(&validate).contains("W050"));

    // It is never overwritten without --force.
    let again = psr(&["init".as_ref(), case.as_os_str()]);
    assert_eq!(again.status.code(), Some(2));
}
