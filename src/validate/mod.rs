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
    REPORTS as APPROVAL_REPORTS, SCHEME as FINGERPRINT_SCHEME, approval, approved_content,
    fingerprint, is_fingerprint,
};
pub use case::{is_plain_file_name, same_person};
pub use catalogue::condition_variables;
pub use fonts::{Coverage, CoveredRanges, unprintable_combinations, unprintable_text};

pub use limits::lengths;
pub use placeholders::{REPORTS as PLACEHOLDER_REPORTS, is_placeholder, placeholders};

/// A rule: the codes it may report with the fields each reads, and the check.
pub struct Rule<T: 'static> {
    /// The codes this rule reports, and what each of their findings reads.
    pub reports: &'static [Reports],
    /// The check: the findings about `T`, placed through the source map.
    pub check: fn(&T, &SourceMap) -> Vec<Diagnostic>,
}

impl<T> Rule<T> {
    /// Whether this rule reports `code`.
    fn reports(&self, code: Code) -> bool {
        self.reports.iter().any(|r| r.code == code)
    }
}

/// A code a check reports, and the fields of the case its finding reads, as paths
/// without list indices (`offences.date`; `""` is the whole file). When one of them
/// failed to load, the finding would be about the stand-in psr put in its place, and
/// is not reported ([`crate::load::Taint`]); a finding at a field that failed is
/// never reported either: loading's own finding says what is wrong. Each check's
/// table is beside it: [`CASE_RULES`], [`APPROVAL_REPORTS`],
/// [`PLACEHOLDER_REPORTS`], [`crate::matching::REPORTS`] and the pipeline's own.
#[derive(Debug, Clone, Copy)]
pub struct Reports {
    /// The code.
    pub code: Code,
    /// The fields its finding reads.
    pub reads: &'static [&'static str],
}

/// `code`, whose finding reads `reads`.
pub const fn reports(code: Code, reads: &'static [&'static str]) -> Reports {
    Reports { code, reads }
}

/// What a catalogue rule's finding reads of a case: nothing. A catalogue with a field
/// that fails to load is refused whole, so none of its findings is silenced.
const CATALOGUE: &[&str] = &[];

/// The rules about a case, in the order a reader meets the fields.
pub const CASE_RULES: &[Rule<Case>] = &[
    Rule {
        reports: &[
            reports(
                codes::E021,
                &["person.date_of_birth", "report.hearing_date"],
            ),
            reports(
                codes::E022,
                &[
                    "person.date_of_birth",
                    "report.hearing_date",
                    "offences.date",
                ],
            ),
        ],
        check: case::age,
    },
    Rule {
        reports: &[
            reports(
                codes::E022,
                &[
                    "person.date_of_birth",
                    "report.hearing_date",
                    "offences.date",
                ],
            ),
            reports(codes::E023, &["offences.date", "report.hearing_date"]),
        ],
        check: case::offence_dates,
    },
    Rule {
        reports: &[reports(
            codes::E024,
            &["report.hearing_date", "report.requested_on"],
        )],
        check: case::request_date,
    },
    Rule {
        reports: &[reports(
            codes::E025,
            &["report.requested_on", "report.supervisor"],
        )],
        check: case::approval_date,
    },
    Rule {
        reports: &[reports(
            codes::W025,
            &["report.addendum_to", "report.supervisor"],
        )],
        check: case::addendum_approval_date,
    },
    Rule {
        reports: &[
            reports(
                codes::W026,
                &[
                    "report",
                    "person",
                    "offences.description",
                    "sources.description",
                ],
            ),
            reports(
                codes::E026,
                &[
                    "report",
                    "person",
                    "offences.description",
                    "sources.description",
                ],
            ),
        ],
        check: placeholders::required_texts,
    },
    Rule {
        reports: &[reports(
            codes::E030,
            &["report.status", "report.author", "report.supervisor"],
        )],
        check: case::supervision,
    },
    Rule {
        reports: &[
            reports(
                codes::E038,
                &[
                    "schema_version",
                    "report.status",
                    "report.author",
                    "report.supervisor",
                ],
            ),
            reports(
                codes::W030,
                &[
                    "schema_version",
                    "report.status",
                    "report.author",
                    "report.supervisor",
                ],
            ),
        ],
        check: approval::unbound,
    },
    Rule {
        reports: &[reports(codes::E035, &["report"])],
        check: case::addendum,
    },
    Rule {
        reports: &[
            reports(codes::E031, &["sources", "report.status"]),
            reports(codes::W031, &["sources", "report.status"]),
        ],
        check: case::sources,
    },
    Rule {
        reports: &[reports(codes::E027, &["circumstances.finances"])],
        check: case::income,
    },
    Rule {
        reports: &[reports(
            codes::E032,
            &["offences", "report.status", "report.kind"],
        )],
        check: case::offence_recorded,
    },
    Rule {
        reports: &[reports(codes::W052, &["offences", "report.kind"])],
        check: case::offence_circumstances,
    },
    Rule {
        reports: &[reports(
            codes::W058,
            &[
                "offences.date",
                "person.date_of_birth",
                "report.hearing_date",
            ],
        )],
        check: case::offence_as_a_child,
    },
    Rule {
        reports: &[reports(codes::W054, &["criminal_history"])],
        check: case::breach_circumstances,
    },
    Rule {
        reports: &[reports(
            codes::W039,
            &[
                "report.status",
                "report.kind",
                "person.gender",
                "circumstances",
            ],
        )],
        check: case::not_assessed,
    },
    Rule {
        reports: &[
            reports(codes::W040, &["person.gender", "circumstances"]),
            reports(codes::W041, &["person.gender", "person.pregnant"]),
        ],
        check: case::woman,
    },
    Rule {
        reports: &[reports(codes::W046, &["person.gender", "circumstances"])],
        check: case::woman_health,
    },
    Rule {
        reports: &[reports(
            codes::W042,
            &[
                "person.date_of_birth",
                "report.hearing_date",
                "circumstances",
            ],
        )],
        check: case::young_adult,
    },
    Rule {
        reports: &[reports(codes::W043, &["circumstances.health"])],
        check: case::self_harm,
    },
    Rule {
        reports: &[
            reports(codes::W044, &["report.kind", "pretrial"]),
            reports(codes::W045, &["report.kind", "release"]),
        ],
        check: case::kind_information,
    },
    Rule {
        reports: &[reports(codes::W037, &["report.kind", "offences.plea"])],
        check: case::bail_after_a_plea,
    },
    Rule {
        reports: &[reports(codes::W053, &["assessment", "report.kind"])],
        check: case::expected_compliance,
    },
    Rule {
        reports: &[reports(codes::W057, &["assessment", "report.kind"])],
        check: case::participation,
    },
    Rule {
        reports: &[reports(
            codes::W028,
            &[
                "report.language",
                "report.person_language",
                "person.languages",
                "person.interpreter_needed",
            ],
        )],
        check: case::person_language,
    },
    Rule {
        reports: &[reports(codes::W056, &["offences", "report.kind", "victim"])],
        check: case::victim_views,
    },
    Rule {
        reports: &[reports(codes::W048, &["report.author"])],
        check: case::author_screening,
    },
    Rule {
        reports: &[reports(codes::W050, &["report.status"])],
        check: case::draft,
    },
    Rule {
        reports: &[reports(codes::W051, &["report"])],
        check: case::report_date,
    },
];

/// The rules about a catalogue.
pub const CATALOGUE_RULES: &[Rule<Catalogue>] = &[
    Rule {
        reports: &[reports(codes::E081, CATALOGUE)],
        check: catalogue::unique_ids,
    },
    Rule {
        reports: &[reports(codes::E082, CATALOGUE)],
        check: catalogue::restrictiveness,
    },
    Rule {
        reports: &[reports(codes::E083, CATALOGUE)],
        check: catalogue::parameter_ranges,
    },
    Rule {
        reports: &[
            reports(codes::E084, CATALOGUE),
            reports(codes::E085, CATALOGUE),
        ],
        check: catalogue::conditions,
    },
    Rule {
        reports: &[
            reports(codes::E086, CATALOGUE),
            reports(codes::E087, CATALOGUE),
        ],
        check: catalogue::schedules,
    },
    Rule {
        reports: &[reports(codes::E088, CATALOGUE)],
        check: catalogue::age_range,
    },
    Rule {
        reports: &[reports(codes::W089, CATALOGUE)],
        check: catalogue::currency,
    },
    Rule {
        reports: &[reports(codes::E089, CATALOGUE)],
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
            if rule.reports(codes::E021) {
                case::age_in(case, area, map)
            } else if rule.reports(codes::W058) {
                case::offence_as_a_child_in(case, area, map)
            } else if rule.reports(codes::E030) {
                case::supervision_in(case, area, map)
            } else {
                (rule.check)(case, map)
            }
        })
        .collect()
}

/// Checks a catalogue on its own.
pub fn validate_catalogue(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    run(CATALOGUE_RULES, catalogue, map)
}
