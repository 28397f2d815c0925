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

#[test]
fn case_schema_rejects_type_errors() {
    let validator = schema("case");
    for case in [
        "err_unknown_field_typo.yaml",
        "err_unknown_section.yaml",
        "err_top_level_list.yaml",
        "err_wrong_type.yaml",
        "err_wrong_type_number.yaml",
        "err_wrong_type_yes.yaml",
        "err_missing_field.yaml",
        "err_missing_section.yaml",
        "err_unknown_enum.yaml",
        "err_invalid_date.yaml",
        "err_invalid_time.yaml",
        "err_many_sections.yaml",
        "err_many_person.yaml",
        "err_many_lists.yaml",
    ] {
        let instance = as_json(&fixture(&format!("invalid/{case}")));
        assert!(!validator.is_valid(&instance), "{case} passed the schema");
    }
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
