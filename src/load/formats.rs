//! The two formats psr reads, section by section: the case file and the catalogue.

use std::sync::LazyLock;

use serde_json::Value;

use super::source::source_from_bytes;
use super::typed::{FormatVersion, SectionCheck, SectionedFormat, check_list, check_section};
use super::yaml::parse_yaml;
use crate::diagnostic::codes;
use crate::model;

/// The case skeleton as a tree: the stand-in for a field that fails to load.
static CASE_SKELETON: LazyLock<Option<Value>> = LazyLock::new(|| {
    let source = source_from_bytes(
        "case skeleton".into(),
        model::CASE_SKELETON.as_bytes().to_vec(),
    )
    .ok()?;
    Some(parse_yaml(source).ok()?.root)
});

/// Sections of the case format, each checked on its own.
impl SectionedFormat for model::Case {
    const SECTIONS: &'static [&'static str] = &[
        "schema_version",
        "report",
        "person",
        "offences",
        "criminal_history",
        "sources",
        "circumstances",
        "assessment",
        "restricted_notes",
        "victim",
        "proposal",
        "pretrial",
        "release",
    ];
    const REQUIRED: &'static [&'static str] = &["schema_version", "report", "person", "assessment"];

    const VERSION: FormatVersion = FormatVersion {
        key: "schema_version",
        known: model::SCHEMA_VERSIONS,
        code: codes::E020,
        name: "schema",
    };

    fn section(key: &str) -> Option<SectionCheck> {
        use crate::model::case::*;
        Some(match key {
            "schema_version" => check_section::<u32>,
            "report" => check_section::<Report>,
            "person" => check_section::<Person>,
            "offences" => check_list::<Offence>,
            "criminal_history" => check_list::<PreviousConviction>,
            "sources" => check_list::<Source>,
            "circumstances" => check_section::<Circumstances>,
            "assessment" => check_section::<Assessment>,
            "restricted_notes" => check_section::<Option<String>>,
            "victim" => check_section::<Option<Victim>>,
            "proposal" => check_section::<Option<Proposal>>,
            "pretrial" => check_section::<Option<Pretrial>>,
            "release" => check_section::<Option<Release>>,
            _ => return None,
        })
    }

    fn skeleton() -> Option<&'static Value> {
        CASE_SKELETON.as_ref()
    }
}

/// Sections of the catalogue format.
impl SectionedFormat for model::Catalogue {
    const SECTIONS: &'static [&'static str] = &[
        "catalogue_version",
        "area",
        "language",
        "currency",
        "updated_on",
        "age_of_majority",
        "supervisor_roles",
        "measures",
    ];
    const REQUIRED: &'static [&'static str] = &["catalogue_version", "area", "measures"];

    const VERSION: FormatVersion = FormatVersion {
        key: "catalogue_version",
        known: model::CATALOGUE_VERSIONS,
        code: codes::E080,
        name: "catalogue",
    };

    fn section(key: &str) -> Option<SectionCheck> {
        use crate::model::catalogue::*;
        Some(match key {
            "catalogue_version" => check_section::<u32>,
            "area" => check_section::<String>,
            "language" => check_section::<crate::model::case::Language>,
            "currency" => check_section::<Option<Currency>>,
            "updated_on" => check_section::<Option<chrono::NaiveDate>>,
            "age_of_majority" => check_section::<Option<u8>>,
            "supervisor_roles" => check_section::<Vec<crate::model::case::AuthorRole>>,
            "measures" => check_list::<Measure>,
            _ => return None,
        })
    }
}
