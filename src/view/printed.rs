//! What each kind of report prints of the fields an author may fill: no field the
//! author filled is dropped without a word. A field its kind does not print is named
//! in a warning (W038) before the report is rendered; a test fills every field of
//! this table and checks it against the court copy's view.

use crate::model::Case;
use crate::model::case::{ReportKind, SelfHarmRisk};

use ReportKind::{Bail, Diversion, Full, PreRelease, Short};

/// A field that some kinds of report do not print (and a few that every kind does,
/// kept here to be tested with the rest): its path, whether the case fills it, and
/// the kinds that print it. The front sheet, the proposal's measures and those read
/// without being printed (a gender, hours of alternative care, a monthly income: the
/// matching weighs them) are not listed.
struct Field {
    path: &'static str,
    filled: fn(&Case) -> bool,
    printed_by: &'static [ReportKind],
}

/// Some text written.
fn written(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

const FIELDS: &[Field] = &[
    Field {
        path: "offences[].person_account",
        filled: |c| c.offences.iter().any(|o| written(&o.person_account)),
        printed_by: &[Full, Diversion],
    },
    Field {
        path: "offences[].victim_impact",
        filled: |c| c.offences.iter().any(|o| written(&o.victim_impact)),
        printed_by: &[Full, Diversion],
    },
    Field {
        path: "offences[].circumstances",
        filled: |c| c.offences.iter().any(|o| written(&o.circumstances)),
        printed_by: &[Full, Short, Diversion],
    },
    Field {
        path: "circumstances.victimization",
        filled: |c| {
            c.circumstances
                .victimization
                .as_ref()
                .is_some_and(|v| v.history.is_some() || !v.kinds.is_empty())
        },
        printed_by: &[Full, Short, Diversion],
    },
    Field {
        path: "circumstances.victimization.notes",
        filled: |c| {
            c.circumstances
                .victimization
                .as_ref()
                .is_some_and(|v| written(&v.notes))
        },
        printed_by: &[Full],
    },
    Field {
        path: "circumstances.trauma",
        filled: |c| {
            c.circumstances
                .trauma
                .as_ref()
                .is_some_and(|t| written(&t.notes))
        },
        printed_by: &[Full],
    },
    Field {
        path: "circumstances.adverse_childhood_experiences",
        filled: |c| written(&c.circumstances.adverse_childhood_experiences),
        printed_by: &[Full],
    },
    Field {
        path: "circumstances.health.physical",
        filled: |c| {
            c.circumstances
                .health
                .as_ref()
                .is_some_and(|h| written(&h.physical) || !h.disabilities.is_empty())
        },
        printed_by: &[Full, Bail, PreRelease],
    },
    Field {
        path: "circumstances.health.self_harm_risk",
        // Medium or high is printed in every kind, as the safeguarding notice.
        filled: |c| {
            c.circumstances
                .health
                .as_ref()
                .and_then(|h| h.self_harm_risk)
                .is_some_and(|r| r < SelfHarmRisk::Medium)
        },
        printed_by: &[Full, Bail],
    },
    Field {
        path: "circumstances.education",
        filled: |c| {
            c.circumstances
                .education
                .as_ref()
                .is_some_and(|e| written(&e.highest_level) || !e.vocational_skills.is_empty())
        },
        printed_by: &[Full, PreRelease],
    },
    Field {
        path: "circumstances.finances.notes",
        filled: |c| {
            c.circumstances
                .finances
                .as_ref()
                .is_some_and(|f| written(&f.notes))
        },
        printed_by: &[Full, PreRelease],
    },
    Field {
        path: "circumstances.peers",
        filled: |c| written(&c.circumstances.peers),
        printed_by: &[Full],
    },
    Field {
        path: "assessment.instrument",
        filled: |c| c.assessment.instrument.is_some(),
        printed_by: &[Full, Short, Diversion, PreRelease],
    },
    Field {
        path: "assessment.risk_of_reoffending",
        filled: |c| c.assessment.risk_of_reoffending.is_some(),
        printed_by: &[Full, Short, Diversion, PreRelease],
    },
    Field {
        path: "assessment.criminogenic_needs",
        filled: |c| !c.assessment.criminogenic_needs.is_empty(),
        printed_by: &[Full, Short, Diversion, PreRelease],
    },
    Field {
        path: "assessment.protective_factors",
        filled: |c| !c.assessment.protective_factors.is_empty(),
        printed_by: &[Full, Short, Diversion, PreRelease],
    },
    Field {
        path: "assessment.responsivity",
        filled: |c| written(&c.assessment.responsivity),
        printed_by: &[Full, Short, Diversion, Bail, PreRelease],
    },
    Field {
        path: "assessment.compliance",
        filled: |c| written(&c.assessment.compliance),
        printed_by: &[Full, Short, Diversion, Bail, PreRelease],
    },
    Field {
        path: "proposal.custody_considered",
        filled: |c| c.proposal.as_ref().is_some_and(|p| p.custody_considered),
        printed_by: &[Full, Short],
    },
    Field {
        path: "proposal.custody_rationale",
        filled: |c| {
            c.proposal
                .as_ref()
                .is_some_and(|p| written(&p.custody_rationale))
        },
        printed_by: &[Full, Short, Bail],
    },
    Field {
        path: "proposal.custody_impact",
        filled: |c| {
            c.proposal
                .as_ref()
                .is_some_and(|p| written(&p.custody_impact))
        },
        printed_by: &[Full, Short, Bail],
    },
    Field {
        path: "proposal.custody_months",
        filled: |c| {
            c.proposal
                .as_ref()
                .is_some_and(|p| p.custody_months.is_some())
        },
        printed_by: &[Full, Short],
    },
    Field {
        path: "pretrial",
        filled: |c| c.pretrial.is_some(),
        printed_by: &[Bail],
    },
    Field {
        path: "release",
        filled: |c| c.release.is_some(),
        printed_by: &[PreRelease],
    },
];

/// The fields the case fills that a court copy of its kind does not print, by path.
/// An addendum prints what changed and the proposal, by design: none.
pub fn unprinted(case: &Case) -> Vec<&'static str> {
    let kind = case.report.kind;
    if kind == ReportKind::Addendum {
        return Vec::new();
    }
    FIELDS
        .iter()
        .filter(|f| !f.printed_by.contains(&kind) && (f.filled)(case))
        .map(|f| f.path)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{SourceFile, load_source};
    use crate::model::Catalogue;
    use crate::model::case::{Instrument, Pretrial, Release, Trauma};

    /// Writes `marker` into the text of the field at `path`.
    fn mark(case: &mut Case, path: &str, marker: &str) -> bool {
        let text = Some(marker.to_string());
        let c = &mut case.circumstances;
        match path {
            "offences[].person_account" => case.offences[0].person_account = text,
            "offences[].victim_impact" => case.offences[0].victim_impact = text,
            "offences[].circumstances" => case.offences[0].circumstances = text,
            "circumstances.victimization.notes" => {
                c.victimization.get_or_insert_default().notes = text
            }
            "circumstances.trauma" => c.trauma = Some(Trauma { notes: text }),
            "circumstances.adverse_childhood_experiences" => c.adverse_childhood_experiences = text,
            "circumstances.health.physical" => c.health.get_or_insert_default().physical = text,
            "circumstances.education" => c.education.get_or_insert_default().highest_level = text,
            "circumstances.finances.notes" => c.finances.get_or_insert_default().notes = text,
            "circumstances.peers" => c.peers = text,
            "assessment.instrument" => {
                case.assessment.instrument = Some(Instrument {
                    name: marker.to_string(),
                    completed_on: None,
                    result: None,
                })
            }
            "assessment.protective_factors" => {
                case.assessment.protective_factors = vec![marker.to_string()]
            }
            "assessment.responsivity" => case.assessment.responsivity = text,
            "assessment.compliance" => case.assessment.compliance = text,
            "proposal.custody_rationale" => {
                case.proposal.get_or_insert_default().custody_rationale = text
            }
            "proposal.custody_impact" => {
                case.proposal.get_or_insert_default().custody_impact = text
            }
            "pretrial" => {
                case.pretrial = Some(Pretrial {
                    address: text,
                    ..Pretrial::default()
                })
            }
            "release" => {
                case.release = Some(Release {
                    sentence: text,
                    ..Release::default()
                })
            }
            // A yes/no, a level or a number: no text to find.
            _ => return false,
        }
        true
    }

    #[test]
    fn each_kind_prints_exactly_the_fields_the_table_says() {
        let example = load_source::<Case>(SourceFile {
            name: "case.yaml".into(),
            text: include_str!("../../fixtures/case.example.yaml").into(),
        })
        .unwrap_or_else(|_| panic!("the example loads"));
        let catalogue = load_source::<Catalogue>(SourceFile {
            name: "catalogue.yaml".into(),
            text: include_str!("../../fixtures/catalogue.example.yaml").into(),
        })
        .unwrap_or_else(|_| panic!("the catalogue loads"));
        let mut checked = 0;
        for kind in [Full, Short, Diversion, Bail, PreRelease] {
            let mut case = example.value.clone();
            case.report.kind = kind;
            let marked: Vec<(&Field, String)> = FIELDS
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    let marker = format!("MARKER{i:02}X");
                    mark(&mut case, f.path, &marker).then_some((f, marker))
                })
                .collect();
            let matching =
                crate::matching::match_measures(&case, &catalogue.value, &example.document.map);
            let view = super::super::court_view(&case, &catalogue.value, &matching, &[], &[]);
            let json = serde_json::to_string(&view).expect("the view");
            for (field, marker) in &marked {
                assert_eq!(
                    json.contains(marker.as_str()),
                    field.printed_by.contains(&kind),
                    "{kind:?} and `{}`: the table and the view disagree",
                    field.path
                );
                assert_eq!(
                    unprinted(&case).contains(&field.path),
                    !field.printed_by.contains(&kind),
                    "{kind:?} and `{}`",
                    field.path
                );
                checked += 1;
            }
        }
        assert!(checked > 80, "{checked}");
    }
}
