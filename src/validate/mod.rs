//! Stage 2: the rules about the case itself, and about a catalogue.
//!
//! Each rule is a function named for what it checks, listed in [`CASE_RULES`] or
//! [`CATALOGUE_RULES`] with the codes it reports: to find where a code lives, find it
//! in these tables. The rules about the proposal against the catalogue are in
//! [`crate::matching`]. `docs/diagnostics.md` explains every code.

mod approval;
mod case;
mod catalogue;
pub(crate) mod fonts;
mod limits;
mod placeholders;

use crate::diagnostic::{Diagnostic, codes, codes::Code};
use crate::load::SourceMap;
use crate::model::case::AuthorRole;
use crate::model::catalogue::DEFAULT_MAJORITY;
use crate::model::{Case, Catalogue};

pub use approval::{
    SCHEME as FINGERPRINT_SCHEME, approval, approved_content, fingerprint, is_fingerprint,
};
pub use case::{is_plain_file_name, same_person};
pub use catalogue::condition_variables;
pub use fonts::{Coverage, CoveredRanges, unprintable_combinations, unprintable_text};

pub use limits::lengths;
pub use placeholders::{is_placeholder, placeholders};

/// A rule: the codes it may report, and the check.
pub struct Rule<T: 'static> {
    /// The codes this rule reports.
    pub codes: &'static [Code],
    /// The check: the findings about `T`, placed through the source map.
    pub check: fn(&T, &SourceMap) -> Vec<Diagnostic>,
}

/// The rules about a case, in the order a reader meets the fields.
pub const CASE_RULES: &[Rule<Case>] = &[
    Rule {
        codes: &[codes::E021, codes::E022],
        check: case::age,
    },
    Rule {
        codes: &[codes::E022, codes::E023],
        check: case::offence_dates,
    },
    Rule {
        codes: &[codes::E024],
        check: case::request_date,
    },
    Rule {
        codes: &[codes::E025],
        check: case::approval_date,
    },
    Rule {
        codes: &[codes::W025],
        check: case::addendum_approval_date,
    },
    Rule {
        codes: &[codes::W026, codes::E026],
        check: placeholders::required_texts,
    },
    Rule {
        codes: &[codes::E030],
        check: case::supervision,
    },
    Rule {
        codes: &[codes::E038, codes::W030],
        check: approval::unbound,
    },
    Rule {
        codes: &[codes::E035],
        check: case::addendum,
    },
    Rule {
        codes: &[codes::E031, codes::W031],
        check: case::sources,
    },
    Rule {
        codes: &[codes::E027],
        check: case::income,
    },
    Rule {
        codes: &[codes::E032],
        check: case::offence_recorded,
    },
    Rule {
        codes: &[codes::W052],
        check: case::offence_circumstances,
    },
    Rule {
        codes: &[codes::W058],
        check: case::offence_as_a_child,
    },
    Rule {
        codes: &[codes::W054],
        check: case::breach_circumstances,
    },
    Rule {
        codes: &[codes::W039],
        check: case::not_assessed,
    },
    Rule {
        codes: &[codes::W040, codes::W041],
        check: case::woman,
    },
    Rule {
        codes: &[codes::W046],
        check: case::woman_health,
    },
    Rule {
        codes: &[codes::W042],
        check: case::young_adult,
    },
    Rule {
        codes: &[codes::W043],
        check: case::self_harm,
    },
    Rule {
        codes: &[codes::W044, codes::W045],
        check: case::kind_information,
    },
    Rule {
        codes: &[codes::W037],
        check: case::bail_after_a_plea,
    },
    Rule {
        codes: &[codes::W053],
        check: case::expected_compliance,
    },
    Rule {
        codes: &[codes::W057],
        check: case::participation,
    },
    Rule {
        codes: &[codes::W028],
        check: case::person_language,
    },
    Rule {
        codes: &[codes::W056],
        check: case::victim_views,
    },
    Rule {
        codes: &[codes::W048],
        check: case::author_screening,
    },
    Rule {
        codes: &[codes::W050],
        check: case::draft,
    },
    Rule {
        codes: &[codes::W051],
        check: case::report_date,
    },
];

/// The rules about a catalogue.
pub const CATALOGUE_RULES: &[Rule<Catalogue>] = &[
    Rule {
        codes: &[codes::E081],
        check: catalogue::unique_ids,
    },
    Rule {
        codes: &[codes::E082],
        check: catalogue::restrictiveness,
    },
    Rule {
        codes: &[codes::E083],
        check: catalogue::parameter_ranges,
    },
    Rule {
        codes: &[codes::E084, codes::E085],
        check: catalogue::conditions,
    },
    Rule {
        codes: &[codes::E086, codes::E087],
        check: catalogue::schedules,
    },
    Rule {
        codes: &[codes::E088],
        check: catalogue::age_range,
    },
    Rule {
        codes: &[codes::W089],
        check: catalogue::currency,
    },
    Rule {
        codes: &[codes::E089],
        check: catalogue::jurisdiction,
    },
];

fn run<T>(rules: &[Rule<T>], value: &T, map: &SourceMap) -> Vec<Diagnostic> {
    rules
        .iter()
        .flat_map(|rule| (rule.check)(value, map))
        .collect()
}

/// Checks a case on its own, with the settings psr applies when no catalogue says
/// otherwise. Findings are in rule order; callers sort them.
pub fn validate_case(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    validate_case_in(case, map, &Jurisdiction::default())
}

/// What the area's catalogue says of the law that applies there: the age of
/// majority (E021) and the roles of the competent authorities that approve a report
/// (E030).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jurisdiction {
    /// Younger at the hearing is a child (para 4, footnote 3): 18 by default.
    pub age_of_majority: u8,
    /// Whose approval the service accepts (para 56).
    pub supervisors: Vec<AuthorRole>,
}

impl Default for Jurisdiction {
    fn default() -> Self {
        Jurisdiction {
            age_of_majority: DEFAULT_MAJORITY,
            supervisors: AuthorRole::DEFAULT_SUPERVISORS.to_vec(),
        }
    }
}

impl Jurisdiction {
    /// The settings of a catalogue; the defaults without one.
    pub fn of(catalogue: Option<&Catalogue>) -> Jurisdiction {
        catalogue.map_or_else(Jurisdiction::default, |c| Jurisdiction {
            age_of_majority: c.majority(),
            supervisors: c.supervisors().to_vec(),
        })
    }
}

/// Checks a case under the settings of its area's catalogue: the rules of
/// [`CASE_RULES`], the age (E021) and the supervisor's role (E030) as the area has
/// them.
pub fn validate_case_in(case: &Case, map: &SourceMap, area: &Jurisdiction) -> Vec<Diagnostic> {
    CASE_RULES
        .iter()
        .flat_map(|rule| {
            if rule.codes.contains(&codes::E021) {
                case::age_in(case, area, map)
            } else if rule.codes.contains(&codes::W058) {
                case::offence_as_a_child_in(case, area, map)
            } else if rule.codes.contains(&codes::E030) {
                case::supervision_in(case, area, map)
            } else {
                (rule.check)(case, map)
            }
        })
        .collect()
}

/// The fields of the case that the finding of each code reads, as paths without list
/// indices (`offences.date`): when one failed to load, that finding is about a
/// stand-in and is not reported (see [`crate::load::Taint`]). A finding at a field
/// that failed is never reported either: loading's own finding says what is wrong.
pub const READS: &[(Code, &[&str])] = &[
    (
        codes::E021,
        &["person.date_of_birth", "report.hearing_date"],
    ),
    (
        codes::E022,
        &[
            "person.date_of_birth",
            "report.hearing_date",
            "offences.date",
        ],
    ),
    (codes::E023, &["offences.date", "report.hearing_date"]),
    (codes::E024, &["report.hearing_date", "report.requested_on"]),
    (codes::E025, &["report.requested_on", "report.supervisor"]),
    (codes::W025, &["report.addendum_to", "report.supervisor"]),
    (
        codes::E026,
        &[
            "report",
            "person",
            "offences.description",
            "sources.description",
        ],
    ),
    (
        codes::W026,
        &[
            "report",
            "person",
            "offences.description",
            "sources.description",
        ],
    ),
    (
        codes::E030,
        &["report.status", "report.author", "report.supervisor"],
    ),
    // The fingerprint is of the whole content: any field that failed to load counts.
    (codes::E034, &[""]),
    (codes::W034, &[""]),
    (codes::E037, &["report.supervisor"]),
    (
        codes::E038,
        &[
            "schema_version",
            "report.status",
            "report.author",
            "report.supervisor",
        ],
    ),
    (
        codes::W030,
        &[
            "schema_version",
            "report.status",
            "report.author",
            "report.supervisor",
        ],
    ),
    (codes::E035, &["report"]),
    (codes::E036, &["report"]),
    (codes::E031, &["sources", "report.status"]),
    (codes::W031, &["sources", "report.status"]),
    (codes::E027, &["circumstances.finances"]),
    (codes::E032, &["offences", "report.status", "report.kind"]),
    (codes::W052, &["offences", "report.kind"]),
    (
        codes::W058,
        &[
            "offences.date",
            "person.date_of_birth",
            "report.hearing_date",
        ],
    ),
    (codes::W054, &["criminal_history"]),
    (
        codes::W039,
        &[
            "report.status",
            "report.kind",
            "person.gender",
            "circumstances",
        ],
    ),
    (codes::W040, &["person.gender", "circumstances"]),
    (codes::W041, &["person.gender", "person.pregnant"]),
    (codes::W046, &["person.gender", "circumstances"]),
    (
        codes::W042,
        &[
            "person.date_of_birth",
            "report.hearing_date",
            "circumstances",
        ],
    ),
    (codes::W043, &["circumstances.health"]),
    (codes::W044, &["report.kind", "pretrial"]),
    (codes::W037, &["report.kind", "offences.plea"]),
    // Made by the pipeline from the view's table of what each kind prints.
    (codes::W038, &["report.kind"]),
    (codes::W045, &["report.kind", "release"]),
    (codes::W053, &["assessment", "report.kind"]),
    (codes::W057, &["assessment", "report.kind"]),
    (
        codes::W028,
        &[
            "report.language",
            "report.person_language",
            "person.languages",
            "person.interpreter_needed",
        ],
    ),
    (codes::W056, &["offences", "report.kind", "victim"]),
    (codes::W048, &["report.author"]),
    (codes::W050, &["report.status"]),
    (codes::W049, &["report.status"]),
    (codes::E033, &["report.status"]),
    (codes::W051, &["report"]),
];

/// The fields the case rules' finding of `code` reads; `None` for a code no case rule
/// reports.
pub fn reads(code: &str) -> Option<&'static [&'static str]> {
    READS
        .iter()
        .find(|(c, _)| c.code == code)
        .map(|&(_, reads)| reads)
}

/// Checks a catalogue on its own.
pub fn validate_catalogue(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    run(CATALOGUE_RULES, catalogue, map)
}
