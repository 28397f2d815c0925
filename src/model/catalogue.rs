//! The catalogue of community measures available in one area (paras 16, 25, 28).
//! Kept by the probation service's administrators, not by report authors.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::case::{AuthorRole, Gender, Language, Need, OffenceCategory, ReportKind, RiskLevel};

/// The age of majority when a catalogue names none: 18 (para 4, footnote 3).
pub const DEFAULT_MAJORITY: u8 = 18;
use super::{ScheduleBlock, Text};

/// A whole catalogue file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Version of the catalogue format; psr reads version 1.
    pub catalogue_version: u32,
    /// The area the measures are available in.
    pub area: String,
    /// The language of the catalogue's plain texts (*psr extension*; English when not
    /// given). A text may also be given per language: `name: { en: …, fr: … }`.
    #[serde(default)]
    pub language: Language,
    /// The currency of amounts of money (*psr extension*): printed with every amount.
    #[serde(default)]
    pub currency: Option<Currency>,
    /// When the catalogue was last reviewed.
    #[serde(default)]
    pub updated_on: Option<NaiveDate>,
    /// The age of majority under the law that applies in the area (*psr
    /// extension*): a person younger at the hearing is a child, for whom the child
    /// justice system applies (E021). 18 when not given; the model strategies count
    /// as a child everyone under 18 unless the age of majority is attained earlier
    /// (para 4, footnote 3), so it is at most 18.
    #[serde(default)]
    pub age_of_majority: Option<u8>,
    /// The roles of the competent authorities whose approval the service accepts for
    /// a report by an NGO worker or volunteer (*psr extension*, para 56): for example
    /// `[probation_officer, social_worker, prison_officer]` where prison officers
    /// supervise pre-release reports. When not given: probation officers and social
    /// workers.
    #[serde(default)]
    pub supervisor_roles: Vec<AuthorRole>,
    /// The measures.
    pub measures: Vec<Measure>,
}

impl Catalogue {
    /// The age of majority in the area: 18 unless the catalogue says otherwise.
    pub fn majority(&self) -> u8 {
        self.age_of_majority.unwrap_or(DEFAULT_MAJORITY)
    }

    /// The roles whose approval the service accepts (para 56).
    pub fn supervisors(&self) -> &[AuthorRole] {
        if self.supervisor_roles.is_empty() {
            AuthorRole::DEFAULT_SUPERVISORS
        } else {
            &self.supervisor_roles
        }
    }

    /// The measure with this id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }
}

/// A currency: its ISO 4217 code and, optionally, the symbol courts write.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Currency {
    /// `GBP`, `EUR`, `KES`.
    pub code: String,
    /// `£`, `€`; without it, amounts are written with the code.
    #[serde(default)]
    pub symbol: Option<String>,
}

/// One community measure.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Unique id, used in proposals.
    pub id: String,
    /// Name as the court knows it, in the catalogue's language or per language.
    pub name: Text,
    /// Category (paras 17, 25).
    pub category: MeasureCategory,
    /// 1 least … 5 most restrictive (para 15).
    pub restrictiveness: u8,
    /// The legal basis.
    #[serde(default)]
    pub legal_basis: Option<Text>,
    /// What the measure is.
    #[serde(default)]
    pub description: Option<Text>,
    /// The kinds of report that may propose it (*psr extension*). When not given:
    /// by its category, see [`Measure::kinds`].
    #[serde(default)]
    pub kinds: Vec<ReportKind>,
    /// Who may be given it.
    #[serde(default)]
    pub eligibility: Eligibility,
    /// The criminogenic needs it addresses.
    #[serde(default)]
    pub addresses_needs: Vec<Need>,
    /// The parameters a proposal gives, by name.
    #[serde(default)]
    pub parameters: BTreeMap<String, ParamSpec>,
    /// When it takes place.
    #[serde(default)]
    pub schedule: Vec<ScheduleBlock>,
    /// Where it takes place.
    #[serde(default)]
    pub location: Option<String>,
    /// Who runs it.
    #[serde(default)]
    pub provider: Option<Provider>,
    /// Places and waiting time.
    #[serde(default)]
    pub capacity: Option<Capacity>,
    /// Whether childcare is offered during sessions.
    #[serde(default)]
    pub childcare: Option<bool>,
    /// Whether the place and sessions are accessible to people with disabilities
    /// (*psr extension*): a proposal for a person with recorded disabilities is
    /// checked against it (paras 14, 27).
    #[serde(default)]
    pub accessible: Option<bool>,
    /// Evidence of effect.
    #[serde(default)]
    pub evidence: Option<String>,
    /// The condition as the court reads it, in the third person: a minijinja template
    /// over the parameters, `name`, `location` and `provider`.
    pub condition: Text,
    /// The condition as the person reads it in their copy (*psr extension*): second
    /// person, plain words. When not given, the person's copy prints `condition`.
    #[serde(default)]
    pub condition_person: Option<Text>,
    /// The measure in a few words for the sentence that states the whole proposal
    /// (*psr extension*), a template like `condition`: "{{ hours }} hours of unpaid work".
    #[serde(default)]
    pub summary: Option<Text>,
}

impl Measure {
    /// The kinds of report that may propose this measure: those the catalogue names,
    /// or by category — sentencing reports any but diversion; a diversion report
    /// diversion, restorative justice, restitution, programmes and treatment; a bail
    /// report supervision, electronic monitoring and treatment (paras 20–21); a
    /// pre-release report the measures that can be licence conditions (paras 42–45).
    pub fn kinds(&self) -> Vec<ReportKind> {
        if !self.kinds.is_empty() {
            return self.kinds.clone();
        }
        use MeasureCategory as C;
        use ReportKind as K;
        let mut kinds = Vec::new();
        if self.category != C::Diversion {
            kinds.extend([K::Full, K::Short]);
        }
        if matches!(
            self.category,
            C::Diversion | C::RestorativeJustice | C::Restitution | C::Programme | C::Treatment
        ) {
            kinds.push(K::Diversion);
        }
        if matches!(
            self.category,
            C::Supervision | C::ElectronicMonitoring | C::Treatment
        ) {
            kinds.push(K::Bail);
        }
        if matches!(
            self.category,
            C::Supervision
                | C::ElectronicMonitoring
                | C::Treatment
                | C::Programme
                | C::RestorativeJustice
        ) {
            kinds.push(K::PreRelease);
        }
        kinds
    }

    /// Whether the catalogue names the kinds itself (then proposing the measure in
    /// another kind of report is an error, not a warning).
    pub fn kinds_are_explicit(&self) -> bool {
        !self.kinds.is_empty()
    }

    /// Every text of the measure with the field it is in, for checks that read them
    /// all.
    pub fn texts(&self) -> Vec<(&'static str, &Text)> {
        let mut texts = vec![("name", &self.name), ("condition", &self.condition)];
        for (field, text) in [
            ("legal_basis", &self.legal_basis),
            ("description", &self.description),
            ("condition_person", &self.condition_person),
            ("summary", &self.summary),
        ] {
            if let Some(text) = text {
                texts.push((field, text));
            }
        }
        texts
    }
}

/// Measure categories (paras 17, 25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureCategory {
    /// Discharge.
    Discharge,
    /// Fine.
    Fine,
    /// Restitution.
    Restitution,
    /// Community service.
    CommunityService,
    /// Supervision.
    Supervision,
    /// Treatment.
    Treatment,
    /// Programme.
    Programme,
    /// Electronic monitoring.
    ElectronicMonitoring,
    /// Restorative justice.
    RestorativeJustice,
    /// Suspended sentence.
    SuspendedSentence,
    /// Status penalty.
    StatusPenalty,
    /// Diversion.
    Diversion,
}

/// Who may be given a measure. Every rule left out allows everyone.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Minimum age at the hearing.
    #[serde(default)]
    pub min_age: Option<u32>,
    /// Maximum age at the hearing.
    #[serde(default)]
    pub max_age: Option<u32>,
    /// Genders the measure is for.
    #[serde(default)]
    pub genders: Vec<Gender>,
    /// Risk-of-reoffending levels the measure is for.
    #[serde(default)]
    pub risk_levels: Vec<RiskLevel>,
    /// Offence categories that exclude the measure.
    #[serde(default)]
    pub excluded_offence_categories: Vec<OffenceCategory>,
    /// Needs the person must have.
    #[serde(default)]
    pub requires_need: Vec<Need>,
    /// Whether the victim must consent (para 50).
    #[serde(default)]
    pub requires_victim_consent: bool,
    /// Whether the person must consent.
    #[serde(default)]
    pub requires_consent: bool,
}

/// What a parameter accepts.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    /// Its type.
    #[serde(rename = "type")]
    pub kind: ParamType,
    /// Smallest value (integers).
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest value (integers).
    #[serde(default)]
    pub max: Option<i64>,
    /// Whether a proposal must give it.
    #[serde(default)]
    pub required: bool,
}

/// Parameter types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    /// A whole number.
    Integer,
    /// An amount of money, as a decimal string (`"180.00"`).
    Money,
    /// A text.
    Text,
    /// Yes or no.
    Boolean,
}

/// Who runs a measure.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Name.
    pub name: String,
    /// Kind of provider.
    pub kind: ProviderKind,
}

/// Kinds of provider (para 56).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// A state service.
    State,
    /// A non-governmental organisation.
    Ngo,
    /// A private provider.
    Private,
}

/// Places and waiting time.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// Places available.
    #[serde(default)]
    pub places: Option<u32>,
    /// Weeks of waiting before a start.
    #[serde(default)]
    pub waiting_weeks: Option<u32>,
}
