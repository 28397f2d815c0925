//! The catalogue's texts in the report's language (names, conditions, legal bases),
//! and what the catalogue lacks in it: a French report never prints English
//! conditions without saying so (E067 for a final report, W067 for a draft).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, codes};
use crate::load::SourceMap;
use crate::model::case::{Language, ReportStatus};
use crate::model::catalogue::Measure;
use crate::model::{Case, Catalogue, Text};

const MISSING_HINT: &str = "the person must be able to read what the court will ask of them; add the texts in this language to the catalogue (`name: { en: …, fr: … }`), or write the report in a language the catalogue has";

/// The catalogue's texts in one language, remembering which are missing.
pub struct Wording {
    language: Language,
    own: Language,
    /// The field that chose the language: `report.language`, or
    /// `report.person_language` for the person's copy.
    path: &'static str,
    missing: BTreeMap<String, BTreeSet<&'static str>>,
}

impl Wording {
    /// The texts of `catalogue` in the report's language.
    pub fn new(case: &Case, catalogue: &Catalogue) -> Wording {
        Wording {
            language: case.report.language,
            own: catalogue.language,
            path: "report.language",
            missing: BTreeMap::new(),
        }
    }

    /// The texts of `catalogue` in the language of the person's copy, when the case
    /// asks for it in another language than the report's (`report.person_language`).
    pub fn for_person(case: &Case, catalogue: &Catalogue) -> Option<Wording> {
        let language = case
            .report
            .person_language
            .filter(|l| *l != case.report.language)?;
        Some(Wording {
            language,
            own: catalogue.language,
            path: "report.person_language",
            missing: BTreeMap::new(),
        })
    }

    /// The language of these texts.
    pub fn language(&self) -> Language {
        self.language
    }

    /// A text of `measure` (its `field`) in the report's language; when the catalogue
    /// lacks it, the text it has, remembered as missing.
    pub fn text(&mut self, measure: &Measure, field: &'static str, text: &Text) -> String {
        let (found, in_language) = text.best(self.language, self.own);
        if !in_language {
            self.missing
                .entry(measure.id.clone())
                .or_default()
                .insert(field);
        }
        found.trim().to_string()
    }

    /// An optional text of `measure`.
    pub fn optional(
        &mut self,
        measure: &Measure,
        field: &'static str,
        text: &Option<Text>,
    ) -> Option<String> {
        text.as_ref()
            .map(|t| self.text(measure, field, t))
            .filter(|t| !t.is_empty())
    }

    /// The measure's name.
    pub fn name(&mut self, measure: &Measure) -> String {
        self.text(measure, "name", &measure.name)
    }

    /// E067 (a final report) or W067 (a draft): the texts the report needed and the
    /// catalogue does not have in its language, one finding for the whole report.
    pub fn finding(&self, case: &Case, map: &SourceMap) -> Option<Diagnostic> {
        if self.missing.is_empty() {
            return None;
        }
        let fields: BTreeSet<&str> = self.missing.values().flatten().copied().collect();
        let ids: Vec<&str> = self.missing.keys().map(String::as_str).collect();
        let shown = if ids.len() > 4 {
            format!("{} and {} more", ids[..4].join(", "), ids.len() - 4)
        } else {
            ids.join(", ")
        };
        let code = match case.report.status {
            ReportStatus::Final => codes::E067,
            ReportStatus::Draft => codes::W067,
        };
        let path = self.path;
        Some(
            Diagnostic::new(
                code,
                path,
                format!(
                    "the catalogue has no `{}` text ({}) for {shown}: the {} would print them in another language",
                    self.language.code(),
                    fields.into_iter().collect::<Vec<_>>().join(", "),
                    if self.path == "report.language" { "report" } else { "person's copy" },
                ),
            )
            .with_hint(MISSING_HINT)
            .at(map.value(path)),
        )
    }
}
