//! Whether a measure is open to the person: every rule of the catalogue's
//! `eligibility`, each failed one kept with its reason.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use crate::model::case::{Gender, Need, OffenceCategory, RiskLevel};
use crate::model::catalogue::{DEFAULT_MAJORITY, Measure};
use crate::model::{Case, words};

impl Reason {
    /// Whether it keeps the measure from the person. The victim's consent not yet
    /// asked does not: restorative justice "should be considered" (model strategy
    /// 11), and waits on the victim; only a recorded refusal closes it.
    pub fn excludes(&self) -> bool {
        !matches!(self, Reason::NoVictimConsent)
    }
}

/// Why a measure is not open to the person, or what stands in its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// Younger than the minimum age.
    BelowMinAge {
        /// The minimum.
        min: u32,
        /// The person's age at the hearing.
        age: i32,
    },
    /// Older than the maximum age.
    AboveMaxAge {
        /// The maximum.
        max: u32,
        /// The person's age at the hearing.
        age: i32,
    },
    /// The measure is for other genders.
    Gender {
        /// Who it is for.
        allowed: Vec<Gender>,
    },
    /// The measure is for other risk levels.
    RiskLevel {
        /// The person's risk of reoffending.
        level: RiskLevel,
        /// Who it is for.
        allowed: Vec<RiskLevel>,
    },
    /// The measure is for some risk levels, and the person's was not assessed: its
    /// eligibility cannot be shown.
    RiskNotAssessed {
        /// Who it is for.
        allowed: Vec<RiskLevel>,
    },
    /// An offence before the court is of an excluded category.
    ExcludedOffence {
        /// The category.
        category: OffenceCategory,
    },
    /// The measure requires a need the assessment does not record.
    MissingNeed {
        /// The need.
        need: Need,
    },
    /// The measure requires the victim's consent, which is not recorded (para 50).
    NoVictimConsent,
    /// The measure requires the victim's consent, and the victim declined (para 50).
    VictimDeclined,
    /// The person refused consent.
    NoConsent,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BelowMinAge { min, age } => write!(f, "minimum age {min}; the person is {age}"),
            Self::AboveMaxAge { max, age } => write!(f, "maximum age {max}; the person is {age}"),
            Self::Gender { allowed } => write!(
                f,
                "for {} only",
                allowed.iter().map(words).collect::<Vec<_>>().join(", ")
            ),
            Self::RiskLevel { level, allowed } => write!(
                f,
                "for risk of reoffending {}; the person's is {}",
                allowed.iter().map(words).collect::<Vec<_>>().join(", "),
                words(level)
            ),
            Self::RiskNotAssessed { allowed } => write!(
                f,
                "for risk of reoffending {}; the person's was not assessed",
                allowed.iter().map(words).collect::<Vec<_>>().join(", ")
            ),
            Self::ExcludedOffence { category } => {
                write!(f, "excluded for {} offences", words(category))
            }
            Self::MissingNeed { need } => {
                write!(f, "requires an assessed need: {}", words(need))
            }
            Self::NoVictimConsent => f.write_str("requires the victim's consent, not recorded"),
            Self::VictimDeclined => {
                f.write_str("requires the victim's consent; the victim declined")
            }
            Self::NoConsent => f.write_str("the person does not consent"),
        }
    }
}

/// Every eligibility rule the person fails for this measure, with the age of
/// majority of 18.
pub fn eligibility(case: &Case, measure: &Measure, consent: Option<bool>) -> Vec<Reason> {
    eligibility_in(case, measure, consent, DEFAULT_MAJORITY)
}

/// Every eligibility rule the person fails for this measure, in an area whose age of
/// majority is `majority` (the catalogue's).
pub fn eligibility_in(
    case: &Case,
    measure: &Measure,
    consent: Option<bool>,
    majority: u8,
) -> Vec<Reason> {
    let rules = &measure.eligibility;
    let age = case.age_at_hearing();
    let mut reasons = Vec::new();
    // A child, or a birth date after the hearing, is refused by validation (E021, E022):
    // age rules would only repeat it.
    let adult = age >= i32::from(majority);
    if adult
        && let Some(min) = rules.min_age
        && age < min as i32
    {
        reasons.push(Reason::BelowMinAge { min, age });
    }
    if adult
        && let Some(max) = rules.max_age
        && age > max as i32
    {
        reasons.push(Reason::AboveMaxAge { max, age });
    }
    if !rules.genders.is_empty() && !rules.genders.contains(&case.person.gender) {
        reasons.push(Reason::Gender {
            allowed: rules.genders.clone(),
        });
    }
    if !rules.risk_levels.is_empty() {
        match case.assessment.risk_of_reoffending {
            Some(level) if !rules.risk_levels.contains(&level) => reasons.push(Reason::RiskLevel {
                level,
                allowed: rules.risk_levels.clone(),
            }),
            Some(_) => {}
            None => reasons.push(Reason::RiskNotAssessed {
                allowed: rules.risk_levels.clone(),
            }),
        }
    }
    let mut seen = BTreeSet::new();
    for offence in &case.offences {
        if rules
            .excluded_offence_categories
            .contains(&offence.category)
            && seen.insert(offence.category as u8)
        {
            reasons.push(Reason::ExcludedOffence {
                category: offence.category,
            });
        }
    }
    for need in &rules.requires_need {
        if !case.assessment.criminogenic_needs.contains(need) {
            reasons.push(Reason::MissingNeed { need: *need });
        }
    }
    if rules.requires_victim_consent {
        match case
            .victim
            .as_ref()
            .and_then(|v| v.restorative_justice_consent)
        {
            Some(true) => {}
            Some(false) => reasons.push(Reason::VictimDeclined),
            None => reasons.push(Reason::NoVictimConsent),
        }
    }
    // A refusal is recorded whether or not the measure needs agreement: the court
    // reads it beside the measure.
    if consent == Some(false) {
        reasons.push(Reason::NoConsent);
    }
    reasons
}
