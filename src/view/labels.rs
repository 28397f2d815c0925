//! The fixed text of reports, one JSON file per language in `src/lang/`.
//!
//! Code names a label by a [`Key`] constant of [`key`], and an enumeration's words by
//! a [`Group`] of [`group`] tied to the enumeration's type: a key that does not exist
//! does not compile, and a test checks that every language has every key and every
//! value of every group, with the same placeholders.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::case::{
    AuthorRole, Compliance, EmploymentStatus, Factor, Gender, HousingStatus, Language, Need,
    OffenceCategory, Plea, Recipient, RiskLevel, SelfHarmRisk, SourceKind, VictimizationKind,
};
use crate::model::{Weekday, words};

/// The name of a label in the language files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub &'static str);

/// The labels of the values of an enumeration `T`: `risk` for `RiskLevel`, whose
/// value `very_high` has the label `risk.very_high`.
#[derive(Debug)]
pub struct Group<T>(pub &'static str, PhantomData<fn(&T)>);

impl<T> Clone for Group<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Group<T> {}

macro_rules! keys {
    ($($name:ident = $key:literal,)*) => {
        $(
            #[allow(missing_docs)]
            pub const $name: Key = Key($key);
        )*
        /// Every key, for the test of the language files.
        pub const ALL: &[Key] = &[$($name),*];
    };
}

macro_rules! groups {
    ($($name:ident: $type:ty = $group:literal,)*) => {
        $(
            #[allow(missing_docs)]
            pub const $name: Group<$type> = Group($group, PhantomData);
        )*
        /// Calls `check` with each group's name and the values of its enumeration as
        /// the files write them, for the test of the language files.
        #[cfg(test)]
        pub fn each(check: &mut dyn FnMut(&str, Vec<String>)) {
            $(check($group, super::values_of::<$type>());)*
        }
    };
}

/// The label keys.
pub mod key {
    use super::Key;
    use crate::model::case::ReportKind;

    keys! {
        TITLE = "title",
        TITLE_FULL = "title.full",
        TITLE_SHORT = "title.short",
        TITLE_DIVERSION = "title.diversion",
        TITLE_BAIL = "title.bail",
        TITLE_PRE_RELEASE = "title.pre_release",

        KIND_FULL = "kind.full",
        KIND_SHORT = "kind.short",
        KIND_DIVERSION = "kind.diversion",
        KIND_BAIL = "kind.bail",
        KIND_PRE_RELEASE = "kind.pre_release",

        CONFIDENTIAL = "confidential",
        PAGE = "page",
        OF = "of",
        PAGES = "pages",
        DRAFT = "draft",
        DRAFT_TO_FIX = "draft.to_fix",

        FRONT_COURT = "front.court",
        FRONT_COURT_REFERENCE = "front.court_reference",
        FRONT_HEARING_DATE = "front.hearing_date",
        FRONT_REQUESTED = "front.requested",
        FRONT_REQUESTED_ON = "front.requested_on",
        FRONT_PERSON = "front.person",
        FRONT_DATE_OF_BIRTH = "front.date_of_birth",
        FRONT_AGE = "front.age",
        FRONT_NATIONALITY = "front.nationality",
        FRONT_LANGUAGES = "front.languages",
        FRONT_ADDRESS_AREA = "front.address_area",
        FRONT_INTERPRETER = "front.interpreter",
        FRONT_IDENTIFIERS = "front.identifiers",
        FRONT_KIND = "front.kind",
        FRONT_AUTHOR = "front.author",
        FRONT_SUPERVISOR = "front.supervisor",
        FRONT_APPROVED_ON = "front.approved_on",
        FRONT_DATE = "front.date",
        FRONT_DATE_NOT_RECORDED = "front.date_not_recorded",
        FRONT_DISTRIBUTION = "front.distribution",

        STATEMENT = "statement",

        SAFEGUARDING_TITLE = "safeguarding.title",
        SAFEGUARDING_TEXT = "safeguarding.text",

        NO_INFORMATION = "no_information",
        NONE_RECORDED = "none_recorded",
        NOT_ASSESSED = "not_assessed",
        NOT_ASSESSED_LIST = "not_assessed.list",
        YES = "yes",
        NO = "no",

        SECTION_SOURCES = "section.sources",
        SECTION_OFFENCE = "section.offence",
        SECTION_HISTORY = "section.history",
        SECTION_CIRCUMSTANCES = "section.circumstances",
        SECTION_ASSESSMENT = "section.assessment",
        SECTION_GOALS = "section.goals",
        SECTION_OPTIONS = "section.options",
        SECTION_PROPOSAL = "section.proposal",
        SECTION_ATTENTION = "section.attention",
        SECTION_SIGNATURE = "section.signature",

        SUB_FAMILY = "sub.family",
        SUB_CARETAKING = "sub.caretaking",
        SUB_VICTIMIZATION = "sub.victimization",
        SUB_HEALTH = "sub.health",
        SUB_EDUCATION_EMPLOYMENT = "sub.education_employment",
        SUB_HOUSING_FINANCES = "sub.housing_finances",
        SUB_PEERS = "sub.peers",

        SOURCE_CHECKED = "source.checked",

        OFFENCE_OFFENCE = "offence.offence",
        OFFENCE_DATE = "offence.date",
        OFFENCE_DATE_ALLEGED = "offence.date_alleged",
        OFFENCE_PLEA = "offence.plea",
        OFFENCE_CATEGORY = "offence.category",
        OFFENCE_ACCOUNT = "offence.account",
        OFFENCE_VICTIM_IMPACT = "offence.victim_impact",
        OFFENCE_CIRCUMSTANCES = "offence.circumstances",

        VICTIM_VIEWS = "victim.views",
        VICTIM_NOT_CONSULTED = "victim.not_consulted",
        VICTIM_NO_VIEWS = "victim.no_views",

        HISTORY_NONE = "history.none",
        HISTORY_DATE = "history.date",
        HISTORY_OFFENCE = "history.offence",
        HISTORY_OUTCOME = "history.outcome",
        HISTORY_COMPLIANCE = "history.compliance",

        FAMILY_RELATIONSHIPS = "family.relationships",
        FAMILY_DOMESTIC_ABUSE = "family.domestic_abuse",

        CARE_PRIMARY = "care.primary",
        CARE_DEPENDANTS = "care.dependants",
        CARE_AGE = "care.age",
        CARE_ALTERNATIVE = "care.alternative",

        VICTIMIZATION_HISTORY = "victimization.history",
        VICTIMIZATION_KINDS = "victimization.kinds",
        VICTIMIZATION_NOTES = "victimization.notes",

        TRAUMA = "trauma",
        ACE = "ace",

        HEALTH_PHYSICAL = "health.physical",
        HEALTH_DISABILITIES = "health.disabilities",
        HEALTH_MENTAL = "health.mental",
        HEALTH_DIAGNOSES = "health.diagnoses",
        HEALTH_TREATMENT = "health.treatment",
        HEALTH_SUBSTANCE = "health.substance",
        HEALTH_CONCERNS = "health.concerns",
        HEALTH_NO_CONCERNS = "health.no_concerns",
        HEALTH_SELF_HARM = "health.self_harm",
        HEALTH_PREGNANT = "health.pregnant",

        EDUCATION_LEVEL = "education.level",
        EDUCATION_SKILLS = "education.skills",

        EMPLOYMENT_STATUS = "employment.status",
        EMPLOYMENT_HOURS = "employment.hours",

        HOUSING_STATUS = "housing.status",
        FINANCES = "finances",

        ASSESSMENT_INSTRUMENT = "assessment.instrument",
        ASSESSMENT_COMPLETED_ON = "assessment.completed_on",
        ASSESSMENT_RESULT = "assessment.result",
        ASSESSMENT_RISK_REOFFENDING = "assessment.risk_reoffending",
        ASSESSMENT_RISK_HARM = "assessment.risk_harm",
        ASSESSMENT_NEEDS = "assessment.needs",
        ASSESSMENT_PROTECTIVE = "assessment.protective",
        ASSESSMENT_RESPONSIVITY = "assessment.responsivity",
        ASSESSMENT_COMPLIANCE = "assessment.compliance",

        GOALS_GOALS = "goals.goals",
        GOALS_VIEWS = "goals.views",

        OPTIONS_INTRO = "options.intro",
        OPTIONS_INTRO_KIND = "options.intro_kind",
        OPTIONS_MEASURE = "options.measure",
        OPTIONS_RESTRICTIVENESS = "options.restrictiveness",
        OPTIONS_STATUS = "options.status",
        OPTIONS_NOTES = "options.notes",
        OPTIONS_RELEASE = "options.release",

        STATUS_PROPOSED = "status.proposed",
        STATUS_ELIGIBLE = "status.eligible",
        STATUS_NOT_ELIGIBLE = "status.not_eligible",

        PROPOSAL_NONE = "proposal.none",
        PROPOSAL_OPENING = "proposal.opening",
        PROPOSAL_OPENING_NONE = "proposal.opening_none",
        PROPOSAL_OPENING_RELEASE = "proposal.opening_release",
        PROPOSAL_DETENTION_RATIONALE = "proposal.detention_rationale",
        PROPOSAL_DETENTION_IMPACT = "proposal.detention_impact",
        PROPOSAL_AGREES = "proposal.agrees",
        PROPOSAL_DECLINES = "proposal.declines",
        PROPOSAL_AGREEMENT_MISSING = "proposal.agreement_missing",
        PROPOSAL_CUSTODY_NOT_PROPOSED = "proposal.custody_not_proposed",
        PROPOSAL_LEGAL_BASIS = "proposal.legal_basis",
        PROPOSAL_WEIGHED = "proposal.weighed",
        PROPOSAL_CONDITION = "proposal.condition",
        PROPOSAL_WHERE = "proposal.where",
        PROPOSAL_PROVIDER = "proposal.provider",
        PROPOSAL_RATIONALE = "proposal.rationale",
        PROPOSAL_CUSTODY_RATIONALE = "proposal.custody_rationale",
        PROPOSAL_CUSTODY_IMPACT = "proposal.custody_impact",
        PROPOSAL_CUSTODY_MONTHS = "proposal.custody_months",

        ATTENTION_NONE = "attention.none",

        SIGNATURE_AUTHOR = "signature.author",
        SIGNATURE_ROLE = "signature.role",
        SIGNATURE_ORGANISATION = "signature.organisation",
        SIGNATURE_CONTACT = "signature.contact",
        SIGNATURE_SCREENED_ON = "signature.screened_on",
        SIGNATURE_TRAINED_ON = "signature.trained_on",
        SIGNATURE_DATE = "signature.date",
        SIGNATURE_SIGNED = "signature.signed",
        SIGNATURE_SUPERVISOR = "signature.supervisor",
        SIGNATURE_APPROVED = "signature.approved",
        SIGNATURE_FINGERPRINT = "signature.fingerprint",

        AND = "and",

        PERSON_TITLE = "person.title",
        PERSON_SUBTITLE = "person.subtitle",
        PERSON_CONFIDENTIAL = "person.confidential",
        PERSON_FRONT_NAME = "person.front.name",
        PERSON_FRONT_COURT = "person.front.court",
        PERSON_FRONT_HEARING = "person.front.hearing",
        PERSON_FRONT_AUTHOR = "person.front.author",
        PERSON_STATEMENT = "person.statement",
        PERSON_SECTION_ABOUT = "person.section.about",
        PERSON_ABOUT_1 = "person.about.1",
        PERSON_ABOUT_2 = "person.about.2",
        PERSON_ABOUT_2_DIVERSION = "person.about.2.diversion",
        PERSON_ABOUT_2_BAIL = "person.about.2.bail",
        PERSON_ABOUT_2_PRE_RELEASE = "person.about.2.pre_release",
        PERSON_ABOUT_3 = "person.about.3",
        PERSON_ABOUT_4 = "person.about.4",
        PERSON_SECTION_SAYS = "person.section.says",
        PERSON_SAYS_1 = "person.says.1",
        PERSON_SAYS_2 = "person.says.2",
        PERSON_SAYS_2_BAIL = "person.says.2.bail",
        PERSON_SAYS_RISK = "person.says.risk",
        PERSON_SAYS_NEEDS = "person.says.needs",
        PERSON_SECTION_PROPOSED = "person.section.proposed",
        PERSON_PROPOSED_NONE = "person.proposed.none",
        PERSON_PROPOSED_NONE_BAIL = "person.proposed.none.bail",
        PERSON_PROPOSED_INTRO = "person.proposed.intro",
        PERSON_WHEN = "person.when",
        PERSON_WHERE = "person.where",
        PERSON_WHO = "person.who",
        PERSON_CALLED = "person.called",
        PERSON_SCHEDULE = "person.schedule",
        PERSON_SECTION_NONCOMPLIANCE = "person.section.noncompliance",
        PERSON_NONCOMPLIANCE_SENTENCE = "person.noncompliance.sentence",
        PERSON_NONCOMPLIANCE_DIVERSION = "person.noncompliance.diversion",
        PERSON_NONCOMPLIANCE_BAIL = "person.noncompliance.bail",
        PERSON_NONCOMPLIANCE_PRE_RELEASE = "person.noncompliance.pre_release",
        PERSON_NONCOMPLIANCE_TELL = "person.noncompliance.tell",
        PERSON_SECTION_CONTACT = "person.section.contact",
        PERSON_CONTACT_AUTHOR = "person.contact.author",
        PERSON_CONTACT_HOW = "person.contact.how",
        PERSON_CONTACT_LAWYER = "person.contact.lawyer",

        SECTION_KEY_CIRCUMSTANCES = "section.key_circumstances",
        SECTION_SUITABILITY = "section.suitability",
        SECTION_OFFENCE_ALLEGED = "section.offence_alleged",
        SECTION_TIES = "section.ties",
        SECTION_RESETTLEMENT = "section.resettlement",
        SECTION_PRETRIAL = "section.pretrial",
        SECTION_RELEASE_NEEDS = "section.release_needs",
        SECTION_SENTENCE = "section.sentence",
        SECTION_VICTIM = "section.victim",
        SECTION_HISTORY_BAIL = "section.history_bail",

        SUITABILITY_INTRO = "suitability.intro",
        SUITABILITY_AGREEMENT = "suitability.agreement",
        SUITABILITY_NO_AGREEMENT = "suitability.no_agreement",

        RESETTLEMENT_INTRO = "resettlement.intro",

        PRETRIAL_INTRO = "pretrial.intro",
        PRETRIAL_ADDRESS = "pretrial.address",
        PRETRIAL_VERIFIED = "pretrial.verified",
        PRETRIAL_NOT_VERIFIED = "pretrial.not_verified",
        PRETRIAL_ATTENDANCE = "pretrial.attendance",
        PRETRIAL_RISK = "pretrial.risk",
        PRETRIAL_SAFETY = "pretrial.safety",
        PRETRIAL_INTERFERENCE = "pretrial.interference",
        PRETRIAL_HARM = "pretrial.harm",
        PRETRIAL_CONDITIONS = "pretrial.conditions",
        PRETRIAL_NECESSARY = "pretrial.necessary",
        PRETRIAL_NECESSARY_YES = "pretrial.necessary_yes",
        PRETRIAL_NECESSARY_NO = "pretrial.necessary_no",
        BAIL_COMPLIANCE = "bail.compliance",
        PRETRIAL_PLEA = "pretrial.plea",

        RELEASE_SENTENCE = "release.sentence",
        RELEASE_SENTENCED_ON = "release.sentenced_on",
        RELEASE_RELEASE_DATE = "release.release_date",
        RELEASE_PROGRESS = "release.progress",

        REASON_BELOW_MIN_AGE = "reason.below_min_age",
        REASON_ABOVE_MAX_AGE = "reason.above_max_age",
        REASON_GENDER = "reason.gender",
        REASON_RISK_LEVEL = "reason.risk_level",
        REASON_RISK_NOT_ASSESSED = "reason.risk_not_assessed",
        REASON_EXCLUDED_OFFENCE = "reason.excluded_offence",
        REASON_MISSING_NEED = "reason.missing_need",
        REASON_NO_VICTIM_CONSENT = "reason.no_victim_consent",
        REASON_VICTIM_DECLINED = "reason.victim_declined",
        REASON_NO_CONSENT = "reason.no_consent",

        CONFLICT_WORKING_HOURS = "conflict.working_hours",
        CONFLICT_NO_CHILDCARE = "conflict.no_childcare",
        CONFLICT_OUTSIDE_CARE = "conflict.outside_care",

        POINT_CONFLICT = "point.conflict",
        POINT_RESTRICTIVE = "point.restrictive",
        POINT_TOO_MANY = "point.too_many",
        POINT_LESS_RESTRICTIVE = "point.less_restrictive",
        POINT_SHORT_CUSTODY = "point.short_custody",
        POINT_UNADDRESSED_NEED = "point.unaddressed_need",
        POINT_NO_PLACES = "point.no_places",
        POINT_LONG_WAIT = "point.long_wait",
        POINT_VICTIM_DECLINED = "point.victim_declined",
        POINT_VICTIM_NOT_ASKED = "point.victim_not_asked",
        POINT_OVERRIDE = "point.override",
        POINT_DIVERSION_PREFERRED = "point.diversion_preferred",
        POINT_CUSTODY_PREGNANT = "point.custody_pregnant",
        POINT_MONITORING_WITHOUT_SUPERVISION = "point.monitoring_without_supervision",
        POINT_HOURS_PER_WEEK = "point.hours_per_week",
        POINT_MEASURES_CLASH = "point.measures_clash",
        POINT_AMOUNTS_HIGH = "point.amounts_high",
        POINT_CUSTODY_CAREGIVER = "point.custody_caregiver",
        POINT_CUSTODY_CAREGIVER_UNNAMED = "point.custody_caregiver_unnamed",
        POINT_PERSON_DECLINED = "point.person_declined",
        POINT_OFFENCE_AS_A_CHILD = "point.offence_as_child",

        PUNCT_COLON = "punct.colon",
        PUNCT_SEMICOLON = "punct.semicolon",
        PUNCT_COMMA = "punct.comma",
        PUNCT_STOP = "punct.stop",
        PUNCT_END = "punct.end",

        CITE_PARA = "cite.para",
        CITE_PARAS = "cite.paras",
        CITE_PRINCIPLE = "cite.principle",
        CITE_STRATEGY = "cite.strategy",
        TITLE_ADDENDUM = "title.addendum",
        KIND_ADDENDUM = "kind.addendum",
        SECTION_EARLIER = "section.earlier",
        SECTION_CHANGES = "section.changes",
        ADDENDUM_EARLIER = "addendum.earlier",
        ADDENDUM_STANDS = "addendum.stands",
        ADDENDUM_SHA256 = "addendum.sha256",
        CHANGES_NONE = "changes.none",
        CHANGE_OFFENCE_ADDED = "change.offence_added",
        CHANGE_OFFENCE_REMOVED = "change.offence_removed",
        CHANGE_CONVICTION_ADDED = "change.conviction_added",
        CHANGE_MEASURE_ADDED = "change.measure_added",
        CHANGE_MEASURE_REMOVED = "change.measure_removed",
        CHANGE_NOW = "change.now",
        CHANGE_CONDITION = "change.condition",
        CHANGE_REWRITTEN = "change.rewritten",
        CHANGE_RECORDED = "change.recorded",
        CHANGE_REMOVED = "change.removed",
        CHANGE_AGREED = "change.agreed",
        CHANGE_DECLINED = "change.declined",
        CHANGE_SOURCE_ADDED = "change.source_added",
        CHANGE_SOURCE_REMOVED = "change.source_removed",
        PERSON_SECTION_CHANGED = "person.section.changed",
        PERSON_ADDENDUM = "person.addendum",
        PERSON_RELEASE_SENTENCE = "person.release.sentence",
        PERSON_RELEASE_DATE = "person.release.date",
    }

    /// "Pre-sentence report", "Pre-trial report" …: the title of a kind of report.
    pub fn title(kind: ReportKind) -> Key {
        match kind {
            ReportKind::Full => TITLE_FULL,
            ReportKind::Short => TITLE_SHORT,
            ReportKind::Diversion => TITLE_DIVERSION,
            ReportKind::Bail => TITLE_BAIL,
            ReportKind::PreRelease => TITLE_PRE_RELEASE,
            ReportKind::Addendum => TITLE_ADDENDUM,
        }
    }

    /// "Full report", "Report on suitability for diversion" …: a kind in words.
    pub fn kind(kind: ReportKind) -> Key {
        match kind {
            ReportKind::Full => KIND_FULL,
            ReportKind::Short => KIND_SHORT,
            ReportKind::Diversion => KIND_DIVERSION,
            ReportKind::Bail => KIND_BAIL,
            ReportKind::PreRelease => KIND_PRE_RELEASE,
            ReportKind::Addendum => KIND_ADDENDUM,
        }
    }
}

/// The groups of enumeration values.
pub mod group {
    use std::marker::PhantomData;

    use super::*;

    groups! {
        CATEGORY: OffenceCategory = "category",
        COMPLIANCE: Compliance = "compliance",
        DAY: Weekday = "day",
        DAY_SHORT: Weekday = "dayshort",
        EMPLOYMENT: EmploymentStatus = "employment",
        FACTOR: Factor = "factor",
        GENDER: Gender = "gender",
        HOUSING: HousingStatus = "housing",
        NEED: Need = "need",
        PLEA: Plea = "plea",
        RECIPIENT: Recipient = "recipient",
        RISK: RiskLevel = "risk",
        ROLE: AuthorRole = "role",
        SELF_HARM: SelfHarmRisk = "self_harm",
        SOURCE: SourceKind = "source",
        VICTIMIZATION: VictimizationKind = "victimization",
        PEOPLE: Gender = "people",
        ROLE_FEMALE: AuthorRole = "role_female",
    }
}

/// The identifiers with a label of their own (`identifier.national_id`); others are
/// printed with their key in words.
pub const IDENTIFIERS: &[&str] = &[
    "national_id",
    "passport",
    "police_number",
    "prison_number",
    "case_number",
];

/// The languages with a name in each report language (`language_name.sw`): the
/// languages most often spoken by people before courts; others are printed as their
/// code.
pub const LANGUAGE_NAMES: &[&str] = &[
    "ar", "bn", "de", "en", "es", "fa", "fr", "hi", "it", "ku", "ln", "pl", "ps", "pt", "ro", "ru",
    "so", "sq", "sw", "ta", "ti", "tr", "uk", "ur", "zh",
];

/// The values of an enumeration as the files write them, from its JSON Schema.
#[cfg(test)]
fn values_of<T: schemars::JsonSchema>() -> Vec<String> {
    let schema = schemars::schema_for!(T);
    let mut values = Vec::new();
    collect_enum_values(&schema.to_value(), &mut values);
    values
}

#[cfg(test)]
fn collect_enum_values(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, item) in object {
                match (key.as_str(), item) {
                    ("enum", serde_json::Value::Array(values)) => {
                        out.extend(values.iter().filter_map(|v| v.as_str().map(str::to_string)))
                    }
                    ("const", serde_json::Value::String(v)) => out.push(v.clone()),
                    _ => collect_enum_values(item, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_enum_values(item, out);
            }
        }
        _ => {}
    }
}

/// The grammatical gender a text addresses its reader in: the person's copy speaks to
/// the person in the gender recorded (`person.gender`), and without one when none is
/// recorded (non-binary, not stated). A label `key@female` or `key@male` in a
/// language file is the form of `key` for that reader; `key` itself is written
/// without gender, as plain-language writing does where the language allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressee {
    /// Feminine forms (`key@female`).
    Female,
    /// Masculine forms (`key@male`).
    Male,
    /// The labels as written, without gender.
    Unstated,
}

impl Addressee {
    /// The addressee for a person's recorded gender.
    pub fn of(gender: Gender) -> Addressee {
        match gender {
            Gender::Female => Addressee::Female,
            Gender::Male => Addressee::Male,
            Gender::NonBinary | Gender::NotStated => Addressee::Unstated,
        }
    }

    /// The suffix of its labels, `@female`.
    fn suffix(self) -> Option<&'static str> {
        match self {
            Addressee::Female => Some("@female"),
            Addressee::Male => Some("@male"),
            Addressee::Unstated => None,
        }
    }
}

/// The fixed text of one language.
#[derive(Debug)]
pub struct Labels {
    text: HashMap<String, serde_json::Value>,
    /// The language: Chinese writes no space between words.
    language: Language,
}

/// The files, compiled in.
const FILES: &[(Language, &str)] = &[
    (Language::En, include_str!("../lang/en.json")),
    (Language::Fr, include_str!("../lang/fr.json")),
    (Language::Es, include_str!("../lang/es.json")),
    (Language::Ru, include_str!("../lang/ru.json")),
    (Language::Zh, include_str!("../lang/zh.json")),
    (Language::Ar, include_str!("../lang/ar.json")),
];

impl Labels {
    /// The labels of a language.
    pub fn for_language(language: Language) -> &'static Labels {
        static EN: LazyLock<Labels> = LazyLock::new(|| Labels::of(Language::En));
        static FR: LazyLock<Labels> = LazyLock::new(|| Labels::of(Language::Fr));
        static ES: LazyLock<Labels> = LazyLock::new(|| Labels::of(Language::Es));
        static RU: LazyLock<Labels> = LazyLock::new(|| Labels::of(Language::Ru));
        static ZH: LazyLock<Labels> = LazyLock::new(|| Labels::of(Language::Zh));
        static AR: LazyLock<Labels> = LazyLock::new(|| Labels::of(Language::Ar));
        match language {
            Language::En => &EN,
            Language::Fr => &FR,
            Language::Es => &ES,
            Language::Ru => &RU,
            Language::Zh => &ZH,
            Language::Ar => &AR,
        }
    }

    /// The labels of a language addressing a reader of `addressee`'s gender: the
    /// person's copy.
    pub fn for_person(language: Language, addressee: Addressee) -> &'static Labels {
        static GENDERED: LazyLock<HashMap<(Language, bool), Labels>> = LazyLock::new(|| {
            Language::ALL
                .into_iter()
                .flat_map(|l| {
                    [
                        ((l, true), Labels::addressing(l, Addressee::Female)),
                        ((l, false), Labels::addressing(l, Addressee::Male)),
                    ]
                })
                .collect()
        });
        match addressee {
            Addressee::Unstated => Labels::for_language(language),
            Addressee::Female => &GENDERED[&(language, true)],
            Addressee::Male => &GENDERED[&(language, false)],
        }
    }

    fn of(language: Language) -> Labels {
        Labels::addressing(language, Addressee::Unstated)
    }

    fn addressing(language: Language, addressee: Addressee) -> Labels {
        let json = FILES
            .iter()
            .find(|(l, _)| *l == language)
            .map_or("{}", |(_, json)| json);
        // The files are compiled in and read by the tests below: a file that does not
        // parse is a build defect, and a missing label prints as its key.
        let mut text: HashMap<String, serde_json::Value> =
            serde_json::from_str(json).unwrap_or_else(|_| HashMap::new());
        let gendered: Vec<String> = text.keys().filter(|k| k.contains('@')).cloned().collect();
        for key in gendered {
            let value = text.remove(&key);
            if let (Some(suffix), Some(value)) = (addressee.suffix(), value)
                && let Some(base) = key.strip_suffix(suffix)
            {
                text.insert(base.to_string(), value);
            }
        }
        Labels { text, language }
    }

    /// The colon between a label and its value: ": ", and " : " in French, whose
    /// typography puts a no-break space before it.
    pub fn colon(&self) -> String {
        self.get(key::PUNCT_COLON)
    }

    /// The semicolon between items: "; ", and "\u{202F}; " (a narrow no-break space)
    /// in French.
    pub fn semicolon(&self) -> String {
        self.get(key::PUNCT_SEMICOLON)
    }

    /// The comma between items: ", ", and "，" in Chinese.
    pub fn comma(&self) -> String {
        self.get(key::PUNCT_COMMA)
    }

    /// Before the punctuation psr adds after a text in a right-to-left report: a
    /// right-to-left mark (U+200F), which keeps a full stop or a bracket with the
    /// Arabic sentence it belongs to instead of the Latin name or sentence it follows
    /// ("…من أجل Riverside Magistrates' Court." ends at the left, not between the two:
    /// `view::bidi`). Nothing in other languages; never in the PDF's text layer
    /// (`render::text_layer`).
    pub fn mark(&self) -> &'static str {
        if self.language.is_rtl() {
            "\u{200F}"
        } else {
            ""
        }
    }

    /// The full stop between two sentences: ". ", and "。" in Chinese.
    pub fn stop(&self) -> String {
        format!("{}{}", self.mark(), self.get(key::PUNCT_STOP))
    }

    /// The full stop that ends a text: ".", and "。" in Chinese; none after a text
    /// that ends in one ("2026 г.").
    pub fn end(&self, text: &str) -> String {
        let end = self.get(key::PUNCT_END);
        if text.ends_with('.') || text.ends_with(end.as_str()) {
            text.to_string()
        } else {
            format!("{text}{}{end}", self.mark())
        }
    }

    /// `text` as a sentence followed by another: ended, with the space after it
    /// ("2 August 2026. ", "2 августа 2026 г. ", "2026年8月2日。").
    pub fn sentence(&self, text: &str) -> String {
        let end = self.get(key::PUNCT_END);
        let gap = self.get(key::PUNCT_STOP);
        let gap = gap.strip_prefix(end.as_str()).unwrap_or(" ");
        format!("{}{gap}", self.end(text))
    }

    /// Sentences one after another: a space between them, none after "。" in Chinese.
    pub fn sentences(&self, sentences: &[String]) -> String {
        sentences.join(self.space())
    }

    /// The space between two words: none in Chinese ("犯罪日期：2026年8月2日").
    pub fn space(&self) -> &'static str {
        match self.language {
            Language::Zh => "",
            _ => " ",
        }
    }

    /// The word before the last item of a list, with its spaces: " and ", "和" in
    /// Chinese, " و" in Arabic, where the conjunction is written joined to the word after
    /// it ("17 و18").
    pub fn and(&self) -> String {
        let and = self.get(key::AND);
        match self.language {
            Language::Zh => and,
            Language::Ar => format!(" {and}"),
            _ => format!(" {and} "),
        }
    }

    /// `text` in brackets after what it qualifies: " (para 31)", and "（第31段）" in
    /// Chinese, whose brackets are full width and carry their own space.
    pub fn aside(&self, text: &str) -> String {
        match self.language {
            Language::Zh => format!("（{text}）"),
            _ => format!("{} ({text})", self.mark()),
        }
    }

    /// The comma between the items of an enumeration: the comma, and in Chinese the
    /// enumeration comma "、" ("斯瓦希里语、英语"), the "，" being for clauses.
    pub fn list_comma(&self) -> String {
        match self.language {
            Language::Zh => "、".to_string(),
            _ => self.comma(),
        }
    }

    /// Items one after another: "a, b", "甲、乙", "أ، ب".
    pub fn join(&self, items: &[String]) -> String {
        items.join(&self.list_comma())
    }

    /// A label.
    pub fn get(&self, key: Key) -> String {
        self.raw(key.0)
    }

    fn raw(&self, key: &str) -> String {
        match self.text.get(key) {
            Some(serde_json::Value::String(s)) => s.clone(),
            _ => key.to_string(),
        }
    }

    /// A label with `{name}` placeholders filled.
    pub fn fill(&self, key: Key, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values, self.mark())
    }

    /// An enumeration value in words: the label `group.value`.
    pub fn value<T: Serialize>(&self, group: Group<T>, value: &T) -> String {
        let raw = serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        match raw.and_then(|raw| self.text.get(&format!("{}.{raw}", group.0))) {
            Some(serde_json::Value::String(s)) => s.clone(),
            _ => words(value),
        }
    }

    /// An enumeration value in words from its raw text: the label `group.raw`, if
    /// there is one.
    pub fn word(&self, group: &str, raw: &str) -> Option<String> {
        self.label(&format!("{group}.{raw}"))
    }

    /// The label at `key` (`risk.very_high`), if the file has one: for the studio's
    /// forms, which name an enumeration's values as the report prints them.
    pub fn label(&self, key: &str) -> Option<String> {
        match self.text.get(key) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// The label of an identifier psr knows (`national_id`), one of [`IDENTIFIERS`].
    pub fn identifier(&self, key: &str) -> Option<String> {
        IDENTIFIERS
            .contains(&key)
            .then(|| self.raw(&format!("identifier.{key}")))
    }

    /// The name of a language psr knows (`sw`), one of [`LANGUAGE_NAMES`].
    pub fn language_name(&self, code: &str) -> Option<String> {
        LANGUAGE_NAMES
            .contains(&code)
            .then(|| self.raw(&format!("language_name.{code}")))
    }

    /// A time of day, `minutes` after midnight: "15:00", "15 h", "15 h 30".
    pub fn time(&self, minutes: u32) -> String {
        let (h, m) = (minutes / 60, minutes % 60);
        let format = if m == 0 {
            self.raw("time_format_hour")
        } else {
            self.raw("time_format")
        };
        // "06:00" on a clock face, "6 h" in French typography; the space before "h"
        // never breaks ("6\u{a0}h").
        let hour = if format.contains(':') {
            format!("{h:02}")
        } else {
            h.to_string()
        };
        fill(format, &[("h", &hour), ("m", &format!("{m:02}"))], "").replace(' ', "\u{a0}")
    }

    /// A citation of the model strategies in the report's language: "para 31",
    /// "par. 5 et 27", "párrs. 42–45".
    pub fn cite(&self, parts: &[crate::diagnostic::kyoto::Part]) -> String {
        let (para, paras, principle, strategy, and, comma) = (
            self.get(key::CITE_PARA),
            self.get(key::CITE_PARAS),
            self.get(key::CITE_PRINCIPLE),
            self.get(key::CITE_STRATEGY),
            self.and(),
            self.list_comma(),
        );
        let style = crate::diagnostic::kyoto::Style {
            para: &para,
            paras: &paras,
            principle: &principle,
            strategy: &strategy,
            and: &and,
            comma: &comma,
        };
        // "para 15" is one unit: no line ends between the word and its number.
        let mut cited = crate::diagnostic::kyoto::cite(parts, style);
        for word in [&paras, &para, &principle, &strategy] {
            cited = cited.replace(&format!("{word} "), &format!("{word}\u{a0}"));
        }
        cited
    }

    /// `text` with a no-break space after each citation word followed by a number
    /// ("para 24", "п. 56"), as [`Labels::cite`] writes them, and a word joiner after
    /// the dash of a range of numbers ("paras 20–21"): for the citations an author
    /// writes in a text, in this language's words or in English (the model strategies'
    /// own).
    pub fn keep_citations_whole(&self, text: &str) -> String {
        let mut text = text.to_string();
        let words = [
            self.get(key::CITE_PARAS),
            self.get(key::CITE_PARA),
            "paras".to_string(),
            "para".to_string(),
        ];
        for word in words {
            let word = format!("{word} ");
            let mut from = 0;
            while let Some(at) = text[from..].find(&word).map(|at| from + at) {
                let after = at + word.len();
                let starts_a_word = text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let number = text[after..].starts_with(|c: char| c.is_ascii_digit());
                from = after;
                if starts_a_word && number {
                    // The space becomes a no-break space, a byte longer.
                    text.replace_range(after - 1..after, "\u{a0}");
                    from += 1;
                }
            }
        }
        if !text.contains('–') {
            return text;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut joined = String::with_capacity(text.len() + 8);
        for (i, &c) in chars.iter().enumerate() {
            joined.push(c);
            let digit = |at: Option<&char>| at.is_some_and(char::is_ascii_digit);
            if c == '–' && i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1)) {
                joined.push('\u{2060}');
            }
        }
        joined
    }

    /// `text` with each short Chinese book title kept on one line with its brackets:
    /// "《保 / 释法》" split a law's name across two lines. A title longer than 8
    /// characters may still break, as Chinese typesetting allows, or it would run out
    /// of a narrow column.
    pub fn keep_titles_whole(&self, text: &str) -> String {
        if self.language != Language::Zh || !text.contains('《') {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        while let Some(open) = rest.find('《') {
            let Some(length) = rest[open..].find('》') else {
                break;
            };
            let title = &rest[open..open + length + '》'.len_utf8()];
            out.push_str(&rest[..open]);
            if title.chars().count() <= 8 {
                out.push_str(&self.unbroken(title));
            } else {
                out.push_str(title);
            }
            rest = &rest[open + title.len()..];
        }
        out.push_str(rest);
        out
    }

    /// `text` kept on one line in Chinese, which may break between any two
    /// characters ("2026 / 年8月2日", "周 / 五"): a word joiner between each two.
    /// The same text in other languages, which break only at spaces and hyphens.
    pub fn unbroken(&self, text: &str) -> String {
        if self.language != Language::Zh {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() * 2);
        for (i, c) in text.chars().enumerate() {
            if i > 0 {
                out.push('\u{2060}');
            }
            out.push(c);
        }
        out
    }

    /// The language of these labels.
    pub fn language(&self) -> Language {
        self.language
    }

    /// "3 December 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        let month = self
            .text
            .get("months")
            .and_then(|m| m.get(date.month0() as usize))
            .and_then(|m| m.as_str())
            .unwrap_or("");
        // No hyphen inside a month's name ("нояб-ря"): Typst hyphenates only a word
        // of letters, and a word joiner (U+2060) after its first letter makes it
        // not one. Not in Arabic, whose letters it would keep from joining, nor in
        // Chinese, which has no hyphens.
        let month = match (self.language, month.chars().next()) {
            (Language::Ar | Language::Zh, _) | (_, None) => month.to_string(),
            (_, Some(first)) => format!("{first}\u{2060}{}", &month[first.len_utf8()..]),
        };
        // French writes the first of the month "1er".
        let day = if date.day() == 1 {
            self.raw("first_day")
        } else {
            date.day().to_string()
        };
        // A date is one unit: no line ends inside it ("28 ноября / 2026 г.").
        let date = fill(
            self.raw("date_format"),
            &[
                ("day", &day),
                ("month", &month),
                ("year", &date.year().to_string()),
            ],
            "",
        )
        .replace(' ', "\u{a0}")
        // Nor after the slash of a month's two names ("2 آب/أغسطس 2026").
        .replace('/', "/\u{2060}");
        self.unbroken(&date)
    }
}

/// `text` with its `{name}` placeholders filled; `mark` ([`Labels::mark`]) between a
/// value and the template's punctuation right after it.
fn fill(mut text: String, values: &[(&str, &str)], mark: &str) -> String {
    for (name, value) in values {
        // A value ending in a full stop ("3 декабря 2026 г.") ends the sentence too:
        // the template's own full stop after it would double it.
        if value.ends_with('.') {
            text = text.replace(&format!("{{{name}}}."), value);
        }
        let placeholder = format!("{{{name}}}");
        if !mark.is_empty() {
            for punctuation in ['.', ':', ';', ',', '(', ')', '،', '؛', '؟'] {
                text = text.replace(
                    &format!("{placeholder}{punctuation}"),
                    &format!("{value}{mark}{punctuation}"),
                );
            }
        }
        text = text.replace(&placeholder, value);
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{FILES, IDENTIFIERS, LANGUAGE_NAMES, group, key};

    /// Every key of a file, with its placeholders.
    fn keys_of(json: &str) -> Vec<(String, BTreeSet<String>)> {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).expect("a language file is a JSON object");
        map.into_iter()
            .map(|(key, value)| {
                let text = value.as_str().unwrap_or_default().to_string();
                let placeholders = text
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(name, _)| name.to_string()))
                    .collect();
                (key, placeholders)
            })
            .collect()
    }

    #[test]
    fn every_language_has_exactly_the_keys_the_code_uses() {
        let mut expected: BTreeSet<String> = key::ALL.iter().map(|k| k.0.to_string()).collect();
        group::each(&mut |group, values| {
            assert!(!values.is_empty(), "no values found for group {group}");
            expected.extend(values.iter().map(|v| format!("{group}.{v}")));
        });
        expected.extend(
            [
                "months",
                "date_format",
                "first_day",
                "decimal_separator",
                "time_format",
                "time_format_hour",
            ]
            .map(String::from),
        );
        expected.extend(IDENTIFIERS.iter().map(|k| format!("identifier.{k}")));
        expected.extend(LANGUAGE_NAMES.iter().map(|k| format!("language_name.{k}")));
        let english = keys_of(FILES[0].1);
        for (language, json) in FILES {
            let mut keys = keys_of(json);
            // A gendered form (`key@female`) has the placeholders of its key.
            for (key, placeholders) in keys.iter().filter(|(k, _)| k.contains('@')) {
                let (base, gender) = key.split_once('@').unwrap_or_default();
                assert!(
                    ["female", "male"].contains(&gender),
                    "{language:?}: `{key}` is not a gendered form"
                );
                let of_base = keys_of(json).into_iter().find(|(k, _)| k == base);
                assert_eq!(
                    of_base.map(|(_, p)| p).as_ref(),
                    Some(placeholders),
                    "{language:?}: `{key}` has other placeholders than `{base}`"
                );
            }
            keys.retain(|(k, _)| !k.contains('@'));
            let found: BTreeSet<String> = keys.iter().map(|(k, _)| k.clone()).collect();
            let missing: Vec<_> = expected.difference(&found).collect();
            let unused: Vec<_> = found.difference(&expected).collect();
            assert!(missing.is_empty(), "{language:?} lacks {missing:?}");
            assert!(
                unused.is_empty(),
                "{language:?} has keys no code uses: {unused:?}"
            );
            for (key, placeholders) in &keys {
                let english = english.iter().find(|(k, _)| k == key).map(|(_, p)| p);
                assert_eq!(
                    Some(placeholders),
                    english,
                    "{language:?}: `{key}` has other placeholders than in English"
                );
            }
        }
    }

    /// Issue 26, items 3 and 5: what psr adds after a text in Arabic carries a
    /// right-to-left mark before it; citations, dates and months stay whole.
    #[test]
    fn punctuation_marks_and_units_are_set_as_a_typesetter_would() {
        use super::Labels;
        use crate::model::case::Language;
        let ar = Labels::for_language(Language::Ar);
        assert_eq!(
            ar.end("Riverside Magistrates' Court"),
            "Riverside Magistrates' Court\u{200F}."
        );
        assert_eq!(ar.end("Cleaner."), "Cleaner.", "the author's own full stop");
        assert_eq!(
            super::fill(
                "أجل {court}. و({x})".into(),
                &[("court", "Court"), ("x", "X")],
                ar.mark()
            ),
            "أجل Court\u{200F}. و(X\u{200F})"
        );
        assert_eq!(ar.aside("الفقرة 5"), "\u{200F} (الفقرة 5)");
        let en = Labels::for_language(Language::En);
        assert_eq!(en.end("Court"), "Court.");
        assert_eq!(en.aside("para 5"), " (para 5)");
        assert_eq!(
            en.keep_citations_whole(
                "short prison terms (para 24); trauma, victimization (paras 5 and 27); parade 3"
            ),
            "short prison terms (para\u{a0}24); trauma, victimization (paras\u{a0}5 and 27); parade 3"
        );
        let es = Labels::for_language(Language::Es);
        assert_eq!(
            es.keep_citations_whole("(para 24), pretrial detention (párrs. 20–21)"),
            "(para\u{a0}24), pretrial detention (párrs.\u{a0}20–\u{2060}21)"
        );
        let ru = Labels::for_language(Language::Ru);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(ru.date(date), "28\u{a0}н\u{2060}оября\u{a0}2026\u{a0}г.");
        assert_eq!(
            ar.date(date),
            "28\u{a0}تشرين\u{a0}الثاني/\u{2060}نوفمبر\u{a0}2026"
        );
        // A short Chinese book title is one unit; a long one may break; other
        // languages are left as written.
        let zh = Labels::for_language(Language::Zh);
        assert_eq!(
            zh.keep_titles_whole("依据《保释法》第3条"),
            "依据《\u{2060}保\u{2060}释\u{2060}法\u{2060}》第3条"
        );
        let long = "《京都减少再犯罪示范战略》第15段";
        assert_eq!(zh.keep_titles_whole(long), long);
        assert_eq!(zh.keep_titles_whole("《未完"), "《未完");
        assert_eq!(en.keep_titles_whole("《保释法》"), "《保释法》");
    }
}
