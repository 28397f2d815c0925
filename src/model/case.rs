//! The case file: everything the author knows about the person and the proposal.
//!
//! Field names and enumerations are the public format of `fixtures/case.example.yaml`
//! (the spec's example, copied): keep them. Optional fields marked *psr extension* were
//! added where the spec's rules need structured data the example does not carry.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ParamValue, ScheduleBlock};

/// A whole case file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Version of the case format; psr reads version 1.
    pub schema_version: u32,
    /// What report is asked for, by whom, and who writes it.
    pub report: Report,
    /// The person the report is about.
    pub person: Person,
    /// The offences before the court (paras 13, 24).
    #[serde(default)]
    pub offences: Vec<Offence>,
    /// Previous convictions and how the person complied; empty means none.
    #[serde(default)]
    pub criminal_history: Vec<PreviousConviction>,
    /// Where the information came from (para 13); at least one.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Personal circumstances (paras 14, 27).
    #[serde(default)]
    pub circumstances: Circumstances,
    /// The assessment of risk and needs (para 14).
    #[serde(default)]
    pub assessment: Assessment,
    /// For the probation service only: never printed in any copy.
    #[serde(default)]
    pub restricted_notes: Option<String>,
    /// The victim's consultation and views.
    #[serde(default)]
    pub victim: Option<Victim>,
    /// The author's proposal, checked against the catalogue.
    #[serde(default)]
    pub proposal: Option<Proposal>,
    /// For a bail report (*psr extension*): the address, the risk of not attending
    /// court, and the safety of the victim and witnesses (paras 20–21).
    #[serde(default)]
    pub pretrial: Option<Pretrial>,
    /// For a pre-release report (*psr extension*): the sentence being served, the
    /// release date and progress in custody, which a decision on early release
    /// weighs (para 12 (d)).
    #[serde(default)]
    pub release: Option<Release>,
}

impl Case {
    /// The person's age in whole years on the hearing date (para 4: adults only).
    pub fn age_at_hearing(&self) -> i32 {
        super::age_on(self.person.date_of_birth, self.report.hearing_date)
    }

    /// The offences committed before the person reached `majority` (18, or the area's
    /// earlier age of majority: para 4, footnote 3), each with its index and the age
    /// then: the child justice framework may bear on them even for an adult at the
    /// hearing.
    pub fn offences_before(&self, majority: u8) -> impl Iterator<Item = (usize, &Offence, i32)> {
        let birth = self.person.date_of_birth;
        self.offences
            .iter()
            .enumerate()
            .filter(move |(_, o)| o.date >= birth)
            .map(move |(i, o)| (i, o, super::age_on(birth, o.date)))
            .filter(move |(_, _, age)| *age < i32::from(majority))
    }

    /// The date the report bears: `report.date`, else the supervisor's approval, else
    /// the hearing date. It is also the PDF's creation date, so output stays
    /// reproducible.
    pub fn report_date(&self) -> NaiveDate {
        self.report
            .date
            .or_else(|| self.report.supervisor.as_ref().and_then(|s| s.approved_on))
            .unwrap_or(self.report.hearing_date)
    }
}

/// The report asked for.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Which decision the report serves: a sentence (paras 24–28), diversion (para 17),
    /// release before trial (model strategy 3, paras 20–21) or from custody (paras 42–45).
    pub kind: ReportKind,
    /// Language of labels, headings and dates; free text is never translated.
    #[serde(default)]
    pub language: Language,
    /// The language of the person's copy (*psr extension*), when the person reads
    /// another of psr's languages than the court's: the person's copy exists so that
    /// the person understands what is proposed (para 12). The court's copy stays in
    /// `language`; when not given, the person's copy is in `language` too.
    #[serde(default)]
    pub person_language: Option<Language>,
    /// `draft` puts a DRAFT watermark on every page.
    pub status: ReportStatus,
    /// The court the report is for.
    pub court: String,
    /// The court's reference; printed on every page.
    pub court_reference: String,
    /// The hearing the report is for.
    pub hearing_date: NaiveDate,
    /// Who asked for the report.
    #[serde(default)]
    pub requested_by: Option<String>,
    /// When the report was asked for.
    #[serde(default)]
    pub requested_on: Option<NaiveDate>,
    /// The date the report bears (*psr extension*). Defaults to the supervisor's
    /// approval date, or else the hearing date; it is also the PDF's creation date.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Who wrote the report.
    pub author: Author,
    /// Who supervised and approved it (para 56).
    #[serde(default)]
    pub supervisor: Option<Supervisor>,
    /// Who receives copies.
    #[serde(default)]
    pub distribution: Vec<Recipient>,
    /// For an addendum (*psr extension*): the report it adds to.
    #[serde(default)]
    pub addendum_to: Option<EarlierReport>,
}

impl Report {
    /// The language of the person's copy: `person_language`, or else the report's.
    pub fn person_language(&self) -> Language {
        self.person_language.unwrap_or(self.language)
    }

    /// The decision the report serves: its kind, or for an addendum the kind of the
    /// report it adds to (a full report when that is not said).
    pub fn serves(&self) -> ReportKind {
        match (self.kind, &self.addendum_to) {
            (ReportKind::Addendum, Some(earlier)) if earlier.kind != ReportKind::Addendum => {
                earlier.kind
            }
            (ReportKind::Addendum, _) => ReportKind::Full,
            (kind, _) => kind,
        }
    }
}

/// The report an addendum adds to, as the court has it (*psr extension*).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlierReport {
    /// Its kind (not `addendum`): the decision both reports serve.
    pub kind: ReportKind,
    /// The date it bears.
    pub date: NaiveDate,
    /// The SHA-256 of its PDF, as `psr render` printed it (64 hex digits).
    pub sha256: String,
    /// The case file it was rendered from, in the same folder as this one: what has
    /// changed since is read from the two files.
    pub case_file: String,
}

/// The kinds of report, each for its own decision (para 12 lists when assessments
/// are made).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// A full pre-sentence report (paras 24–28).
    Full,
    /// A short report: offence, key circumstances, risk, proposal.
    Short,
    /// Suitability for diversion (para 17).
    Diversion,
    /// Alternatives to pretrial detention (model strategy 3, paras 20–21).
    Bail,
    /// Resettlement before release (paras 42–45).
    PreRelease,
    /// What has changed since an earlier report (`addendum_to`), with the updated
    /// proposal.
    Addendum,
}

impl ReportKind {
    /// The name used in files and templates (`full`, `pre_release` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Short => "short",
            Self::Diversion => "diversion",
            Self::Bail => "bail",
            Self::PreRelease => "pre_release",
            Self::Addendum => "addendum",
        }
    }
}

/// Languages of the fixed text of a report.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Russian.
    Ru,
    /// Chinese (simplified characters).
    Zh,
    /// Arabic, written right to left.
    Ar,
}

impl Language {
    /// Every language, in the order of the format.
    pub const ALL: [Language; 6] = [
        Language::En,
        Language::Fr,
        Language::Es,
        Language::Ru,
        Language::Zh,
        Language::Ar,
    ];

    /// The decimal separator of amounts of money: "180.00", "180,00".
    pub fn decimal_separator(self) -> char {
        match self {
            Self::En | Self::Zh | Self::Ar => '.',
            Self::Fr | Self::Es | Self::Ru => ',',
        }
    }

    /// Whether the language is written right to left: its report is mirrored.
    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }

    /// Its name in English: for messages, which are in English.
    pub fn english_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Fr => "French",
            Self::Es => "Spanish",
            Self::Ru => "Russian",
            Self::Zh => "Chinese",
            Self::Ar => "Arabic",
        }
    }

    /// The language of psr's that a language recorded in `person.languages` names,
    /// if any: its code (`es`, `es-MX`, `ES`), or its name in English or in itself
    /// (`Spanish`, `español`, `中文`, `العربية`).
    pub fn recorded(recorded: &str) -> Option<Language> {
        let recorded = recorded.trim().to_lowercase();
        let code = recorded.split(['-', '_']).next().unwrap_or("");
        Self::ALL.into_iter().find(|language| {
            let names: &[&str] = match language {
                Self::En => &["english"],
                Self::Fr => &["french", "français", "francais"],
                Self::Es => &["spanish", "español", "espanol", "castellano", "castilian"],
                Self::Ru => &["russian", "русский", "русский язык"],
                Self::Zh => &[
                    "chinese",
                    "mandarin",
                    "中文",
                    "汉语",
                    "漢語",
                    "普通话",
                    "zho",
                    "chi",
                ],
                Self::Ar => &["arabic", "العربية", "عربي", "ara"],
            };
            code == language.code() || names.contains(&recorded.as_str())
        })
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::Es => "es",
            Self::Ru => "ru",
            Self::Zh => "zh",
            Self::Ar => "ar",
        }
    }
}

/// Whether the report may go to court.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Work in progress: watermarked.
    Draft,
    /// Ready for the court.
    Final,
}

/// The report's author.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// Full name.
    pub name: String,
    /// Professional role; NGO workers and volunteers need a supervisor's approval
    /// (para 56).
    pub role: AuthorRole,
    /// Employer or organisation.
    #[serde(default)]
    pub organisation: Option<String>,
    /// How the court can reach the author.
    #[serde(default)]
    pub contact: Option<String>,
    /// The author's gender (*psr extension*), for languages whose words agree with it
    /// ("trabajadora social"); a neutral form otherwise.
    #[serde(default)]
    pub gender: Option<Gender>,
    /// For an NGO worker or volunteer (*psr extension*): when the organization's
    /// screening was done (para 56).
    #[serde(default)]
    pub screened_on: Option<NaiveDate>,
    /// For an NGO worker or volunteer (*psr extension*): when the training for
    /// preparing reports was completed (paras 26, 56).
    #[serde(default)]
    pub trained_on: Option<NaiveDate>,
}

/// Who may write or supervise a report (para 56: civil society organizations help
/// prepare reports under the supervision of the competent authorities).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthorRole {
    /// A probation officer.
    ProbationOfficer,
    /// A social worker.
    SocialWorker,
    /// A worker of a non-governmental organisation.
    NgoWorker,
    /// A volunteer.
    Volunteer,
    /// A prison officer (*psr extension*): for pre-release reports, where the
    /// competent authority is the prison's.
    PrisonOfficer,
}

impl AuthorRole {
    /// Whether a final report by this role needs a supervisor's approval (para 56).
    pub fn needs_supervision(self) -> bool {
        matches!(self, Self::NgoWorker | Self::Volunteer)
    }

    /// The roles whose approval a service accepts when its catalogue names none:
    /// probation officers and social workers.
    pub const DEFAULT_SUPERVISORS: &'static [AuthorRole] =
        &[Self::ProbationOfficer, Self::SocialWorker];

    /// The role as the case file writes it: `probation_officer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProbationOfficer => "probation_officer",
            Self::SocialWorker => "social_worker",
            Self::NgoWorker => "ngo_worker",
            Self::Volunteer => "volunteer",
            Self::PrisonOfficer => "prison_officer",
        }
    }
}

/// The supervisor who approved a report written by an NGO worker or volunteer (para 56).
///
/// Every field is optional in the file so that an incomplete block gets a precise
/// finding instead of a parse error.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supervisor {
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// A role of the competent authorities whose approval the service accepts:
    /// `probation_officer` or `social_worker`, or those its catalogue names in
    /// `supervisor_roles` (para 56).
    #[serde(default)]
    pub role: Option<AuthorRole>,
    /// The supervising service.
    #[serde(default)]
    pub organisation: Option<String>,
    /// When the supervisor approved the report.
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    /// The supervisor's gender (*psr extension*), as for the author.
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Written by `psr approve` (*psr extension*): `sha256:` and the SHA-256 of the
    /// content approved (the case less `report.supervisor` and `report.status`). A
    /// final report whose content no longer has this fingerprint is refused (E034).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Written by `psr approve --key` (*psr extension*): the supervisor's signature of
    /// the approval — fingerprint, name, role, organisation and date — with their
    /// certificate, as base64 of a CMS SignedData. An approval whose signature does
    /// not verify is refused, naming the field that changed (E037).
    #[serde(default)]
    pub signature: Option<String>,
}

/// Who receives a copy of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The court.
    Court,
    /// The defence.
    Defence,
    /// The prosecution.
    Prosecution,
    /// The probation service.
    Probation,
    /// The person (who also gets the plain-language copy).
    Person,
}

/// The person the report is about.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Given name(s).
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth; the age at the hearing must be 18 or more (para 4).
    pub date_of_birth: NaiveDate,
    /// Gender (para 5).
    pub gender: Gender,
    /// Pregnancy (para 5); leaving it out is a warning for women.
    #[serde(default)]
    pub pregnant: Option<bool>,
    /// Nationality, as the person states it.
    #[serde(default)]
    pub nationality: Option<String>,
    /// Languages spoken (ISO 639-1 codes or names).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Whether an interpreter is needed.
    #[serde(default)]
    pub interpreter_needed: bool,
    /// Whether written material must be in plain language (para 12).
    #[serde(default)]
    pub literacy_support_needed: bool,
    /// Identity numbers: printed in the court copy only.
    #[serde(default)]
    pub identifiers: BTreeMap<String, String>,
    /// Area of residence (not the full address).
    #[serde(default)]
    pub address_area: Option<String>,
}

impl Person {
    /// "Given Family".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name.trim(), self.family_name.trim())
    }
}

/// Gender (para 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Non-binary.
    NonBinary,
    /// The person did not say.
    NotStated,
}

/// An offence before the court.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offence {
    /// What happened, in plain words.
    pub description: String,
    /// The statute and section.
    #[serde(default)]
    pub legal_reference: Option<String>,
    /// When it happened.
    pub date: NaiveDate,
    /// The plea entered; left out, not recorded.
    #[serde(default)]
    pub plea: Option<Plea>,
    /// The category, matched against measures' exclusions.
    pub category: OffenceCategory,
    /// The person's own account.
    #[serde(default)]
    pub person_account: Option<String>,
    /// The impact on the victim.
    #[serde(default)]
    pub victim_impact: Option<String>,
    /// The gravity, nature and circumstances of the offence, aggravating and
    /// mitigating (*psr extension*): put beside the proposal, which is weighed
    /// against them (paras 6, 24, 25).
    #[serde(default)]
    pub circumstances: Option<String>,
}

/// A plea.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Plea {
    /// Guilty.
    Guilty,
    /// Not guilty.
    NotGuilty,
    /// No plea entered yet.
    NoPlea,
}

/// Offence categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OffenceCategory {
    /// Violence against the person.
    Violence,
    /// Property.
    Property,
    /// Drugs.
    Drugs,
    /// Public order.
    PublicOrder,
    /// Traffic.
    Traffic,
    /// Sexual offences.
    Sexual,
    /// Fraud.
    Fraud,
    /// Anything else.
    Other,
}

/// A previous conviction.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousConviction {
    /// Date of conviction.
    pub date: NaiveDate,
    /// The offence.
    pub offence: String,
    /// The sentence or outcome.
    pub outcome: String,
    /// How the person complied with it.
    pub compliance: Compliance,
    /// For a breach, its circumstances (*psr extension*): non-compliance is not to be
    /// read as wilful by default (para 32).
    #[serde(default)]
    pub compliance_notes: Option<String>,
}

/// Compliance with an earlier order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    /// Completed.
    Completed,
    /// Breached.
    Breached,
    /// Still running.
    Ongoing,
    /// Not known.
    Unknown,
}

/// A source of information (para 13).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What kind of source.
    pub kind: SourceKind,
    /// What it was.
    pub description: String,
    /// When.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// How the information was verified.
    #[serde(default)]
    pub how_checked: Option<String>,
}

/// Kinds of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An interview.
    Interview,
    /// A document.
    Document,
    /// A records check.
    RecordsCheck,
    /// A contact with a third party.
    Contact,
}

/// Personal circumstances (paras 14, 27). Every part is optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Circumstances {
    /// Family and relationships.
    #[serde(default)]
    pub family: Option<Family>,
    /// Caretaking responsibilities (paras 25, 27, 31).
    #[serde(default)]
    pub caretaking: Option<Caretaking>,
    /// History of victimization (para 27).
    #[serde(default)]
    pub victimization: Option<Victimization>,
    /// Trauma.
    #[serde(default)]
    pub trauma: Option<Trauma>,
    /// Adverse childhood experiences (young adults, para 27).
    #[serde(default)]
    pub adverse_childhood_experiences: Option<String>,
    /// Physical and mental health, substance use.
    #[serde(default)]
    pub health: Option<Health>,
    /// Education.
    #[serde(default)]
    pub education: Option<Education>,
    /// Employment and working hours (para 31).
    #[serde(default)]
    pub employment: Option<Employment>,
    /// Housing.
    #[serde(default)]
    pub housing: Option<Housing>,
    /// Finances.
    #[serde(default)]
    pub finances: Option<Finances>,
    /// Peer associations.
    #[serde(default)]
    pub peers: Option<String>,
}

/// Family and relationships.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Relationships, in the author's words.
    #[serde(default)]
    pub relationships: Option<String>,
    /// Whether there are domestic abuse concerns.
    #[serde(default)]
    pub domestic_abuse_concerns: Option<bool>,
}

/// Caretaking responsibilities (paras 25, 27, 31).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Caretaking {
    /// Whether the person is the primary caregiver; left out, not assessed.
    #[serde(default)]
    pub primary_caregiver: Option<bool>,
    /// Children or others who depend on the person.
    #[serde(default)]
    pub dependants: Vec<Dependant>,
    /// Who else can care for them, and when.
    #[serde(default)]
    pub alternative_care: Option<String>,
    /// When alternative care is available (*psr extension*): lets psr check a
    /// measure's hours against it (para 31).
    #[serde(default)]
    pub alternative_care_schedule: Vec<ScheduleBlock>,
}

/// A dependant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dependant {
    /// Relation to the person (daughter, father …).
    pub relation: String,
    /// Age in years.
    #[serde(default)]
    pub age: Option<u32>,
}

/// History of victimization (para 27).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Victimization {
    /// Whether there is a history of victimization; left out, not assessed.
    #[serde(default)]
    pub history: Option<bool>,
    /// Kinds of victimization.
    #[serde(default)]
    pub kinds: Vec<VictimizationKind>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Kinds of victimization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VictimizationKind {
    /// Domestic abuse.
    DomesticAbuse,
    /// Sexual violence.
    SexualViolence,
    /// Abuse in childhood.
    ChildhoodAbuse,
    /// Exploitation.
    Exploitation,
    /// Trafficking.
    Trafficking,
    /// Other.
    Other,
}

/// Trauma.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trauma {
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Health (paras 14, 27).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// Physical health.
    #[serde(default)]
    pub physical: Option<String>,
    /// Disabilities.
    #[serde(default)]
    pub disabilities: Vec<String>,
    /// Mental health.
    #[serde(default)]
    pub mental_health: Option<MentalHealth>,
    /// Substance use.
    #[serde(default)]
    pub substance_use: Option<SubstanceUse>,
    /// Risk of self-harm; medium or high shows a safeguarding notice; left out, not
    /// assessed (`none` is an assessment: no risk known).
    #[serde(default)]
    pub self_harm_risk: Option<SelfHarmRisk>,
}

/// Mental health.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MentalHealth {
    /// Whether there are concerns; left out, not assessed.
    #[serde(default)]
    pub concerns: Option<bool>,
    /// Diagnoses, as recorded.
    #[serde(default)]
    pub diagnoses: Vec<String>,
    /// Treatment.
    #[serde(default)]
    pub treatment: Option<String>,
}

/// Substance use.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubstanceUse {
    /// Whether there are concerns; left out, not assessed.
    #[serde(default)]
    pub concerns: Option<bool>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Risk of self-harm.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SelfHarmRisk {
    /// None known.
    None,
    /// Low.
    Low,
    /// Medium: safeguarding notice.
    Medium,
    /// High: safeguarding notice.
    High,
}

/// Education.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Education {
    /// Highest level reached.
    #[serde(default)]
    pub highest_level: Option<String>,
    /// Vocational skills.
    #[serde(default)]
    pub vocational_skills: Vec<String>,
}

/// Employment (para 31).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Employment {
    /// Employment status; left out, not assessed.
    #[serde(default)]
    pub status: Option<EmploymentStatus>,
    /// Occupation.
    #[serde(default)]
    pub occupation: Option<String>,
    /// Working hours; conditions must fit them (para 31).
    #[serde(default)]
    pub schedule: Vec<ScheduleBlock>,
}

/// Employment status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentStatus {
    /// Employed.
    Employed,
    /// Self-employed.
    SelfEmployed,
    /// Unemployed.
    Unemployed,
    /// Student.
    Student,
    /// Unable to work.
    UnableToWork,
    /// Retired.
    Retired,
}

/// Housing.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Housing {
    /// Housing status; left out, not assessed.
    #[serde(default)]
    pub status: Option<HousingStatus>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Housing status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HousingStatus {
    /// Stable.
    Stable,
    /// Temporary.
    Temporary,
    /// Homeless.
    Homeless,
    /// Supported housing.
    Supported,
    /// In custody.
    Custody,
}

/// Finances.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finances {
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Income each month, a decimal string like an amount of money (*psr
    /// extension*): amounts proposed are set against it (para 31: realistic).
    #[serde(default)]
    pub monthly_income: Option<String>,
}

/// The assessment of risk and needs (para 14). Every part is optional: what is left
/// out was not assessed, and no report says otherwise.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// A standardised instrument's result, as recorded.
    #[serde(default)]
    pub instrument: Option<Instrument>,
    /// Risk of reoffending; left out, not assessed (a bail report, about a person not
    /// convicted, needs none).
    #[serde(default)]
    pub risk_of_reoffending: Option<RiskLevel>,
    /// Risk of serious harm.
    #[serde(default)]
    pub risk_of_serious_harm: Option<RiskLevel>,
    /// Criminogenic needs.
    #[serde(default)]
    pub criminogenic_needs: Vec<Need>,
    /// Protective factors.
    #[serde(default)]
    pub protective_factors: Vec<String>,
    /// Responsivity: how the person learns and engages.
    #[serde(default)]
    pub responsivity: Option<String>,
    /// The person's goals (core principle I).
    #[serde(default)]
    pub goals: Option<String>,
    /// The person's views on the proposal.
    #[serde(default)]
    pub views: Option<String>,
    /// How the person is expected to comply with the conditions proposed, and what
    /// would help (*psr extension*, para 28).
    #[serde(default)]
    pub compliance: Option<String>,
}

/// A standardised assessment instrument.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Its name.
    pub name: String,
    /// When it was completed.
    #[serde(default)]
    pub completed_on: Option<NaiveDate>,
    /// The result, as recorded.
    #[serde(default)]
    pub result: Option<String>,
}

/// Risk levels.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Very high.
    VeryHigh,
}

/// Criminogenic needs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Accommodation.
    Accommodation,
    /// Education, training and employment.
    EducationEmployment,
    /// Finances.
    Finances,
    /// Relationships.
    Relationships,
    /// Lifestyle.
    Lifestyle,
    /// Substance use.
    SubstanceUse,
    /// Emotional wellbeing.
    EmotionalWellbeing,
    /// Thinking and behaviour.
    ThinkingBehaviour,
    /// Attitudes.
    Attitudes,
}

/// The victim's consultation and views.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Victim {
    /// Whether the victim was consulted.
    #[serde(default)]
    pub consulted: bool,
    /// The victim's views; never in the person's copy.
    #[serde(default)]
    pub views: Option<String>,
    /// Whether the victim consents to restorative justice (para 50).
    #[serde(default)]
    pub restorative_justice_consent: Option<bool>,
}

/// What a bail report needs besides the person's circumstances (paras 20–21): the
/// address, and each ground of para 20 for detention — not attending court,
/// interfering with the course of justice, serious harm or further offences — with
/// its risk as assessed and the conditions that would meet it. The person is not
/// convicted: nothing here assumes guilt.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pretrial {
    /// Where the person would live until the trial.
    #[serde(default)]
    pub address: Option<String>,
    /// Whether the address was checked (a visit, the householder's agreement).
    #[serde(default)]
    pub address_verified: Option<bool>,
    /// The risk of not attending court, as assessed.
    #[serde(default)]
    pub attendance_risk: Option<RiskLevel>,
    /// Why: attendance at earlier hearings, ties, what would help the person attend.
    #[serde(default)]
    pub attendance: Option<String>,
    /// The safety of the victim and witnesses: contact, distance, concerns.
    #[serde(default)]
    pub victim_witness_safety: Option<String>,
    /// The conditions that would meet the risk of not attending court (*psr
    /// extension*, para 20).
    #[serde(default)]
    pub attendance_conditions: Option<String>,
    /// The risk of interfering with the course of justice (witnesses, evidence), as
    /// assessed (*psr extension*, para 20).
    #[serde(default)]
    pub interference_risk: Option<RiskLevel>,
    /// Why: contact with witnesses, evidence still to be gathered.
    #[serde(default)]
    pub interference: Option<String>,
    /// The conditions that would meet it.
    #[serde(default)]
    pub interference_conditions: Option<String>,
    /// The risk of serious harm or of further offences before the trial, as assessed
    /// (*psr extension*, para 20).
    #[serde(default)]
    pub harm_risk: Option<RiskLevel>,
    /// Why.
    #[serde(default)]
    pub harm: Option<String>,
    /// The conditions that would meet it.
    #[serde(default)]
    pub harm_conditions: Option<String>,
    /// Whether, in the author's assessment, detention is necessary to meet one of
    /// these risks (*psr extension*, para 20: a last resort); left out, not assessed.
    #[serde(default)]
    pub detention_necessary: Option<bool>,
}

/// What a pre-release report needs besides the person's circumstances: the facts a
/// decision on early release weighs (para 12 (d)).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The sentence being served, as the court gave it.
    #[serde(default)]
    pub sentence: Option<String>,
    /// When it was given.
    #[serde(default)]
    pub sentenced_on: Option<NaiveDate>,
    /// The earliest date of release.
    #[serde(default)]
    pub release_date: Option<NaiveDate>,
    /// Progress in custody: education, work, programmes, conduct, contact with family.
    #[serde(default)]
    pub progress: Option<String>,
}

/// The author's proposal.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Whether custody was considered: a last resort (core principle II).
    #[serde(default)]
    pub custody_considered: bool,
    /// Why custody is or is not proposed.
    #[serde(default)]
    pub custody_rationale: Option<String>,
    /// Impact of custody on dependants, work and housing (paras 14, 27).
    #[serde(default)]
    pub custody_impact: Option<String>,
    /// A custodial term proposed, in months (*psr extension*).
    #[serde(default)]
    pub custody_months: Option<u32>,
    /// The community measures proposed, by catalogue id.
    #[serde(default)]
    pub measures: Vec<ProposedMeasure>,
    /// Why this proposal.
    #[serde(default)]
    pub rationale: Option<String>,
}

/// A measure proposed from the catalogue.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposedMeasure {
    /// The catalogue id.
    pub id: String,
    /// Values for the measure's parameters.
    #[serde(default)]
    pub parameters: BTreeMap<String, ParamValue>,
    /// Whether the person consents to this measure (*psr extension*); measures that
    /// require consent need it.
    #[serde(default)]
    pub consent: Option<bool>,
    /// Why the measure is proposed although the catalogue's eligibility rules exclude
    /// it (*psr extension*): shown to the court as a point for its attention instead
    /// of a refusal (paras 11, 12, 16).
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// A circumstance that an assessment asks about (paras 14, 27): each can be assessed
/// or not, and a report never turns "not assessed" into "no".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// Family relationships (para 27).
    Family,
    /// Caretaking and childcare responsibilities (para 27).
    Caretaking,
    /// A history of victimization (para 27).
    Victimization,
    /// The experience of trauma (para 27).
    Trauma,
    /// Physical health and disabilities (para 14).
    PhysicalHealth,
    /// Mental healthcare needs (para 27).
    MentalHealth,
    /// Substance use (para 14).
    SubstanceUse,
    /// The risk of suicide or self-harm (para 14).
    SelfHarm,
    /// Employment (para 14).
    Employment,
    /// Housing and living conditions (para 14).
    Housing,
}

impl Factor {
    /// Every factor, in the order a report sets them out.
    pub const ALL: [Factor; 10] = [
        Factor::Family,
        Factor::Caretaking,
        Factor::Victimization,
        Factor::Trauma,
        Factor::PhysicalHealth,
        Factor::MentalHealth,
        Factor::SubstanceUse,
        Factor::SelfHarm,
        Factor::Employment,
        Factor::Housing,
    ];

    /// The five that para 27 names for the court at sentencing: family relationships,
    /// history of victimization, childcare responsibilities, trauma and mental
    /// healthcare needs.
    pub fn is_core(self) -> bool {
        matches!(
            self,
            Factor::Family
                | Factor::Caretaking
                | Factor::Victimization
                | Factor::Trauma
                | Factor::MentalHealth
        )
    }

    /// The name in files and labels (`mental_health`).
    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Family => "family",
            Factor::Caretaking => "caretaking",
            Factor::Victimization => "victimization",
            Factor::Trauma => "trauma",
            Factor::PhysicalHealth => "physical_health",
            Factor::MentalHealth => "mental_health",
            Factor::SubstanceUse => "substance_use",
            Factor::SelfHarm => "self_harm",
            Factor::Employment => "employment",
            Factor::Housing => "housing",
        }
    }

    /// The field an author fills to assess it.
    pub fn path(self) -> &'static str {
        match self {
            Factor::Family => "circumstances.family",
            Factor::Caretaking => "circumstances.caretaking.primary_caregiver",
            Factor::Victimization => "circumstances.victimization.history",
            Factor::Trauma => "circumstances.trauma.notes",
            Factor::PhysicalHealth => "circumstances.health.physical",
            Factor::MentalHealth => "circumstances.health.mental_health.concerns",
            Factor::SubstanceUse => "circumstances.health.substance_use.concerns",
            Factor::SelfHarm => "circumstances.health.self_harm_risk",
            Factor::Employment => "circumstances.employment.status",
            Factor::Housing => "circumstances.housing.status",
        }
    }
}

/// A text that says something.
fn written(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

impl Circumstances {
    /// Whether the author recorded an answer about `factor`: a yes or a no, a level,
    /// a status or a text. A field left out is not assessed.
    pub fn assessed(&self, factor: Factor) -> bool {
        let health = self.health.as_ref();
        match factor {
            Factor::Family => self
                .family
                .as_ref()
                .is_some_and(|f| written(&f.relationships) || f.domestic_abuse_concerns.is_some()),
            Factor::Caretaking => self
                .caretaking
                .as_ref()
                .is_some_and(|c| c.primary_caregiver.is_some() || !c.dependants.is_empty()),
            Factor::Victimization => self
                .victimization
                .as_ref()
                .is_some_and(|v| v.history.is_some() || !v.kinds.is_empty() || written(&v.notes)),
            Factor::Trauma => self.trauma.as_ref().is_some_and(|t| written(&t.notes)),
            Factor::PhysicalHealth => {
                health.is_some_and(|h| written(&h.physical) || !h.disabilities.is_empty())
            }
            Factor::MentalHealth => {
                health
                    .and_then(|h| h.mental_health.as_ref())
                    .is_some_and(|m| {
                        m.concerns.is_some() || !m.diagnoses.is_empty() || written(&m.treatment)
                    })
            }
            Factor::SubstanceUse => health
                .and_then(|h| h.substance_use.as_ref())
                .is_some_and(|s| s.concerns.is_some() || written(&s.notes)),
            Factor::SelfHarm => health.is_some_and(|h| h.self_harm_risk.is_some()),
            Factor::Employment => self.employment.as_ref().is_some_and(|e| e.status.is_some()),
            Factor::Housing => self.housing.as_ref().is_some_and(|h| h.status.is_some()),
        }
    }

    /// The factors not assessed, in the order a report sets them out.
    pub fn not_assessed(&self) -> Vec<Factor> {
        Factor::ALL
            .into_iter()
            .filter(|f| !self.assessed(*f))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn a_recorded_language_is_known_by_its_code_or_its_name() {
        assert_eq!(Language::recorded("es"), Some(Language::Es));
        assert_eq!(Language::recorded(" ES-mx "), Some(Language::Es));
        assert_eq!(Language::recorded("Español"), Some(Language::Es));
        assert_eq!(Language::recorded("Spanish"), Some(Language::Es));
        assert_eq!(Language::recorded("中文"), Some(Language::Zh));
        assert_eq!(Language::recorded("العربية"), Some(Language::Ar));
        assert_eq!(Language::recorded("sw"), None);
        assert_eq!(Language::recorded("Swahili"), None);
        assert_eq!(Language::recorded(""), None);
    }
}
