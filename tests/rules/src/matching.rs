//! Matching of a proposal against a catalogue, rule by rule, through the library API
//! (`psr::matching`): every eligibility rule, every proposal error and every warning
//! both firing and not firing; the weekly schedule arithmetic; the order of "Options
//! considered"; and the example case against the Northgate County catalogue
//! (`fixtures/catalogue.large.yaml`). `docs/how-matching-works.md` describes each rule.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use psr::diagnostic::{Diagnostic, Severity};
use psr::load::{SourceFile, SourceMap};
use psr::matching::{
    Conflict, Filling, Matching, OptionStatus, Point, Reason, conflicts, describe, eligibility,
    fill_condition, intervals, is_money, match_measures, overlaps, uncovered,
};
use psr::model::case::{Gender, Language, Need, OffenceCategory, RiskLevel};
use psr::model::catalogue::Measure;
use psr::model::{Case, Catalogue, ScheduleBlock};

use crate::common::fixture;

// ------------------------------------------------------------------------- helpers

/// Removes the indentation common to every non-blank line, so that YAML can be written
/// indented inside the tests.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| if l.len() >= indent { &l[indent..] } else { "" })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Deserializes a YAML fragment (indented or not) into a model type.
fn yaml<T: DeserializeOwned>(text: &str) -> T {
    let text = dedent(text);
    serde_saphyr::from_str(&text)
        .unwrap_or_else(|e| panic!("the test's YAML does not parse: {e}\n{text}"))
}

/// A man aged 36 at the hearing (2026-12-03), risk of reoffending medium, one property
/// offence, no needs, no proposal.
const BASE_CASE: &str = r#"
    schema_version: 1
    report:
      kind: full
      status: draft
      court: "Northgate Crown Court"
      court_reference: "NCC/2026/0001"
      hearing_date: 2026-12-03
      author: { name: "Alex Officer", role: probation_officer }
    person:
      given_name: "Sam"
      family_name: "Doe"
      date_of_birth: 1990-06-15
      gender: male
    offences:
      - description: "Theft of a bicycle"
        date: 2026-08-02
        plea: guilty
        category: property
    sources:
      - kind: interview
        description: "Interview at the probation office"
    assessment:
      risk_of_reoffending: medium
"#;

fn base_case() -> Case {
    yaml(BASE_CASE)
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// A measure with an id, a restrictiveness and the fields in `extra` (YAML).
fn measure(id: &str, restrictiveness: u8, extra: &str) -> Measure {
    let mut text = format!(
        "id: {id}\nname: \"Measure {id}\"\ncategory: programme\nrestrictiveness: {restrictiveness}\n"
    );
    let extra = dedent(extra);
    if !extra.contains("condition:") {
        text.push_str(&format!("condition: \"Take part in {id}.\"\n"));
    }
    text.push_str(&extra);
    yaml(&text)
}

fn catalogue(measures: Vec<Measure>) -> Catalogue {
    Catalogue {
        catalogue_version: 1,
        area: "Test Area".to_string(),
        language: Language::En,
        currency: None,
        updated_on: None,
        age_of_majority: None,
        supervisor_roles: Vec::new(),
        measures,
    }
}

/// A measure's English condition filled with `given`, as an English report has it.
fn fill(
    measure: &Measure,
    given: &std::collections::BTreeMap<String, psr::model::ParamValue>,
) -> Result<String, String> {
    let (template, _) = measure.condition.best(Language::En, Language::En);
    let (name, _) = measure.name.best(Language::En, Language::En);
    let filling = Filling {
        name,
        language: Language::En,
        currency: None,
        gender: psr::model::case::Gender::NotStated,
    };
    fill_condition(template, measure, given, &filling)
}

/// Adds a proposed measure (YAML of a `ProposedMeasure`) to the case's proposal.
fn propose(case: &mut Case, text: &str) {
    case.proposal
        .get_or_insert_with(Default::default)
        .measures
        .push(yaml(text));
}

/// Matches with an empty source map (findings carry no line numbers).
fn run(case: &Case, catalogue: &Catalogue) -> Matching {
    match_measures(case, catalogue, &SourceMap::default())
}

fn with_code<'a>(matching: &'a Matching, code: &str) -> Vec<&'a Diagnostic> {
    matching
        .findings
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

fn codes(matching: &Matching) -> Vec<&'static str> {
    matching.findings.iter().map(|d| d.code).collect()
}

/// The only finding with this code.
fn one<'a>(matching: &'a Matching, code: &str) -> &'a Diagnostic {
    let found = with_code(matching, code);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {code}, got {:#?}",
        matching.findings
    );
    found[0]
}

fn none(matching: &Matching, code: &str) {
    assert!(
        with_code(matching, code).is_empty(),
        "expected no {code}, got {:#?}",
        matching.findings
    );
}

/// The conflicts in words, as the report prints them.
fn texts(conflicts: &[Conflict]) -> Vec<String> {
    conflicts.iter().map(Conflict::to_string).collect()
}

fn blocks(text: &str) -> Vec<ScheduleBlock> {
    yaml(text)
}

/// Minutes from Monday 00:00 of `day` (0 = Monday) at `hour`:`minute`.
fn at(day: u32, hour: u32, minute: u32) -> u32 {
    day * 1440 + hour * 60 + minute
}

/// The conflict of a primary caregiver, a measure without childcare and no hours of
/// alternative care in the case.
const NO_CARE_HOURS: &str = "the person is a primary caregiver, the measure offers no childcare and no hours of alternative care are recorded (`alternative_care_schedule`)";

const MON: u32 = 0;
const TUE: u32 = 1;
const WED: u32 = 2;
const THU: u32 = 3;
const FRI: u32 = 4;
const SAT: u32 = 5;
const SUN: u32 = 6;
const WEEK: u32 = 7 * 1440;

// ------------------------------------------------------------------ eligibility

#[test]
fn no_eligibility_rules_means_open_to_everyone() {
    let m = measure("open", 1, "");
    assert_eq!(eligibility(&base_case(), &m, None), vec![]);
}

#[test]
fn min_age_fires_below_and_not_at_the_minimum() {
    let m = measure("m", 3, "eligibility: { min_age: 40 }");
    let case = base_case(); // 36 at the hearing
    let reasons = eligibility(&case, &m, None);
    assert_eq!(reasons, vec![Reason::BelowMinAge { min: 40, age: 36 }]);
    assert_eq!(reasons[0].to_string(), "minimum age 40; the person is 36");

    let m = measure("m", 3, "eligibility: { min_age: 36 }");
    assert_eq!(eligibility(&case, &m, None), vec![]);
}

#[test]
fn age_is_taken_on_the_hearing_date_not_today() {
    // 21 on the day of the hearing: old enough. Born a day later: not.
    let m = measure("over-21", 1, "eligibility: { min_age: 21 }");
    let mut case = base_case();
    case.person.date_of_birth = date("2005-12-03");
    assert_eq!(eligibility(&case, &m, None), vec![]);
    case.person.date_of_birth = date("2005-12-04");
    assert_eq!(
        eligibility(&case, &m, None),
        vec![Reason::BelowMinAge { min: 21, age: 20 }]
    );
    // Moving the hearing moves the age, whatever the clock says.
    case.report.hearing_date = date("2060-01-01");
    assert_eq!(eligibility(&case, &m, None), vec![]);
}

#[test]
fn age_rules_are_silent_for_a_child_which_validation_refuses() {
    // Under 18 at the hearing is error E021 of the case validation (para 4): the
    // measures' age rules do not repeat it.
    let m = measure("adult", 1, "eligibility: { min_age: 18, max_age: 24 }");
    let mut case = base_case();
    case.person.date_of_birth = date("2008-12-04"); // 17 at the hearing
    assert_eq!(eligibility(&case, &m, None), vec![]);
    case.person.date_of_birth = date("2008-12-03"); // 18
    assert_eq!(eligibility(&case, &m, None), vec![]);
    case.person.date_of_birth = date("2001-12-03"); // 25
    assert_eq!(
        eligibility(&case, &m, None),
        vec![Reason::AboveMaxAge { max: 24, age: 25 }]
    );
}

#[test]
fn max_age_fires_above_and_not_at_the_maximum() {
    let m = measure("young-adults", 3, "eligibility: { max_age: 24 }");
    let mut case = base_case();
    case.person.date_of_birth = date("2001-12-03"); // 25 on the hearing day
    let reasons = eligibility(&case, &m, None);
    assert_eq!(reasons, vec![Reason::AboveMaxAge { max: 24, age: 25 }]);
    assert_eq!(reasons[0].to_string(), "maximum age 24; the person is 25");

    case.person.date_of_birth = date("2001-12-04"); // still 24
    assert_eq!(eligibility(&case, &m, None), vec![]);
}

#[test]
fn genders_fire_for_another_gender_only() {
    let m = measure("women", 2, "eligibility: { genders: [female, non_binary] }");
    let mut case = base_case(); // male
    let reasons = eligibility(&case, &m, None);
    assert_eq!(
        reasons,
        vec![Reason::Gender {
            allowed: vec![Gender::Female, Gender::NonBinary]
        }]
    );
    assert_eq!(reasons[0].to_string(), "for female, non binary only");

    case.person.gender = Gender::Female;
    assert_eq!(eligibility(&case, &m, None), vec![]);
    case.person.gender = Gender::NonBinary;
    assert_eq!(eligibility(&case, &m, None), vec![]);
    case.person.gender = Gender::NotStated;
    assert_eq!(eligibility(&case, &m, None).len(), 1);
}

#[test]
fn risk_levels_fire_for_another_level_only() {
    let m = measure(
        "intensive",
        3,
        "eligibility: { risk_levels: [high, very_high] }",
    );
    let mut case = base_case(); // medium
    let reasons = eligibility(&case, &m, None);
    assert_eq!(
        reasons,
        vec![Reason::RiskLevel {
            level: RiskLevel::Medium,
            allowed: vec![RiskLevel::High, RiskLevel::VeryHigh]
        }]
    );
    assert_eq!(
        reasons[0].to_string(),
        "for risk of reoffending high, very high; the person's is medium"
    );

    case.assessment.risk_of_reoffending = Some(RiskLevel::VeryHigh);
    assert_eq!(eligibility(&case, &m, None), vec![]);
}

#[test]
fn excluded_offence_category_fires_once_per_category() {
    let m = measure(
        "m",
        3,
        "eligibility: { excluded_offence_categories: [sexual, public_order] }",
    );
    let mut case = base_case(); // one property offence
    assert_eq!(eligibility(&case, &m, None), vec![]);

    let mut offence = case.offences[0].clone();
    offence.category = OffenceCategory::PublicOrder;
    case.offences.push(offence.clone());
    case.offences.push(offence);
    let reasons = eligibility(&case, &m, None);
    assert_eq!(
        reasons,
        vec![Reason::ExcludedOffence {
            category: OffenceCategory::PublicOrder
        }],
        "two public order offences give one reason"
    );
    assert_eq!(reasons[0].to_string(), "excluded for public order offences");
}

#[test]
fn requires_need_fires_for_each_need_not_assessed() {
    let m = measure(
        "m",
        3,
        "eligibility: { requires_need: [substance_use, accommodation] }",
    );
    let mut case = base_case();
    case.assessment.criminogenic_needs = vec![Need::SubstanceUse];
    let reasons = eligibility(&case, &m, None);
    assert_eq!(
        reasons,
        vec![Reason::MissingNeed {
            need: Need::Accommodation
        }]
    );
    assert_eq!(
        reasons[0].to_string(),
        "requires an assessed need: accommodation"
    );

    case.assessment.criminogenic_needs = vec![Need::Accommodation, Need::SubstanceUse];
    assert_eq!(eligibility(&case, &m, None), vec![]);
}

#[test]
fn requires_victim_consent_fires_unless_the_victim_said_yes() {
    let m = measure("rj", 2, "eligibility: { requires_victim_consent: true }");
    let mut case = base_case();
    // No victim section at all.
    assert_eq!(eligibility(&case, &m, None), vec![Reason::NoVictimConsent]);
    assert_eq!(
        Reason::NoVictimConsent.to_string(),
        "requires the victim's consent, not recorded"
    );
    // Consulted, consent not recorded.
    case.victim = Some(yaml("consulted: true"));
    assert_eq!(eligibility(&case, &m, None), vec![Reason::NoVictimConsent]);
    // Refused: said as a refusal, not as "not recorded".
    case.victim = Some(yaml("consulted: true\nrestorative_justice_consent: false"));
    assert_eq!(eligibility(&case, &m, None), vec![Reason::VictimDeclined]);
    assert_eq!(
        Reason::VictimDeclined.to_string(),
        "requires the victim's consent; the victim declined"
    );
    // Given.
    case.victim = Some(yaml("consulted: true\nrestorative_justice_consent: true"));
    assert_eq!(eligibility(&case, &m, None), vec![]);
}

/// Before the victim is asked, restorative justice is an option the court can
/// consider (model strategy 11), listed as eligible with what it waits on; only a
/// recorded refusal lists it as not eligible.
#[test]
fn an_option_waiting_on_the_victim_is_eligible_and_a_refused_one_is_not() {
    let cat = catalogue(vec![measure(
        "rj",
        2,
        "eligibility: { requires_victim_consent: true }",
    )]);
    let mut case = base_case();
    let status = |case: &Case| {
        let m = run(case, &cat);
        let option = m.options.iter().find(|o| o.measure.id == "rj").expect("rj");
        (option.status, option.reasons.clone())
    };
    assert_eq!(
        status(&case),
        (OptionStatus::Eligible, vec![Reason::NoVictimConsent])
    );
    case.victim = Some(yaml("consulted: true\nrestorative_justice_consent: false"));
    assert_eq!(
        status(&case),
        (OptionStatus::NotEligible, vec![Reason::VictimDeclined])
    );
}

#[test]
fn a_refusal_is_recorded_for_every_measure_and_an_error_only_where_agreement_is_needed() {
    let needs_consent = measure("treatment", 3, "eligibility: { requires_consent: true }");
    let case = base_case();
    assert_eq!(
        eligibility(&case, &needs_consent, Some(false)),
        vec![Reason::NoConsent]
    );
    assert_eq!(Reason::NoConsent.to_string(), "the person does not consent");
    assert_eq!(eligibility(&case, &needs_consent, Some(true)), vec![]);
    // Not recorded is not a refusal: it is note N062, not a failed rule.
    assert_eq!(eligibility(&case, &needs_consent, None), vec![]);

    // A refusal of a measure that needs no agreement is kept, for the court to see
    // beside the measure, and is a point for its attention rather than an error.
    let no_consent_needed = measure("fine", 1, "");
    assert_eq!(
        eligibility(&case, &no_consent_needed, Some(false)),
        vec![Reason::NoConsent]
    );
    let cat = catalogue(vec![no_consent_needed]);
    let mut case = base_case();
    propose(&mut case, "{ id: fine, consent: false }");
    let m = run(&case, &cat);
    none(&m, "E061");
    assert!(
        m.points.contains(&Point::PersonDeclined {
            measure: "Measure fine".into()
        }),
        "{:?}",
        m.points
    );
}

#[test]
fn a_diversion_needs_the_person_s_agreement_to_every_measure() {
    // Para 17: referred with their agreement, whatever the catalogue marks.
    let cat = catalogue(vec![measure("fine", 1, "kinds: [diversion]")]);
    let mut case = base_case();
    case.report.kind = psr::model::case::ReportKind::Diversion;
    case.report.status = psr::model::case::ReportStatus::Final;
    propose(&mut case, "id: fine");
    let m = run(&case, &cat);
    assert_eq!(
        one(&m, "E069").message,
        "`fine` is proposed in a diversion report, and the person's agreement to it is not recorded"
    );
    none(&m, "W094");
    // A draft is warned: the referral needs the agreement, not the report.
    case.report.status = psr::model::case::ReportStatus::Draft;
    let m = run(&case, &cat);
    none(&m, "E069");
    assert_eq!(one(&m, "W094").severity, Severity::Warning);
    let mut case = base_case();
    case.report.kind = psr::model::case::ReportKind::Diversion;
    propose(&mut case, "{ id: fine, consent: false }");
    let m = run(&case, &cat);
    one(&m, "E061");
    none(&m, "E069");
}

#[test]
fn every_failed_rule_is_listed_in_rule_order() {
    let m = measure(
        "m",
        4,
        r#"
        eligibility:
          min_age: 40
          genders: [female]
          risk_levels: [high]
          excluded_offence_categories: [property]
          requires_need: [lifestyle]
          requires_victim_consent: true
          requires_consent: true
        "#,
    );
    let reasons = eligibility(&base_case(), &m, Some(false));
    assert_eq!(
        reasons,
        vec![
            Reason::BelowMinAge { min: 40, age: 36 },
            Reason::Gender {
                allowed: vec![Gender::Female]
            },
            Reason::RiskLevel {
                level: RiskLevel::Medium,
                allowed: vec![RiskLevel::High]
            },
            Reason::ExcludedOffence {
                category: OffenceCategory::Property
            },
            Reason::MissingNeed {
                need: Need::Lifestyle
            },
            Reason::NoVictimConsent,
            Reason::NoConsent,
        ]
    );
}

// --------------------------------------------------- errors about the proposal

#[test]
fn e060_unknown_measure_suggests_the_closest_id() {
    let cat = catalogue(vec![
        measure("womens-centre", 2, ""),
        measure("fine", 1, ""),
    ]);
    let mut case = base_case();
    propose(&mut case, "id: womens-center");
    propose(&mut case, "id: fine");
    let m = run(&case, &cat);
    let e = one(&m, "E060");
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.path, "proposal.measures[0].id");
    assert_eq!(
        e.message,
        "unknown measure `womens-center`: it is not in the catalogue"
    );
    let hint = e.hint.as_deref().unwrap();
    assert!(
        hint.starts_with(
            "para 28: propose only measures really available in the area; did you mean `womens-centre`?"
        ),
        "{hint}"
    );
    // The other, known, measure is still checked and filled.
    assert_eq!(m.proposed.len(), 1);
    assert_eq!(m.proposed[0].condition, "Take part in fine.");
}

#[test]
fn e060_without_a_close_id_gives_no_suggestion() {
    let cat = catalogue(vec![measure("womens-centre", 2, "")]);
    let mut case = base_case();
    propose(&mut case, "id: electronic-tag");
    let m = run(&case, &cat);
    let hint = one(&m, "E060").hint.clone().unwrap();
    assert!(!hint.contains("did you mean"), "{hint}");

    // A known id: no E060.
    let mut case = base_case();
    propose(&mut case, "id: womens-centre");
    none(&run(&case, &cat), "E060");
}

#[test]
fn e061_one_error_per_failed_rule_of_a_proposed_measure() {
    let cat = catalogue(vec![measure(
        "women-40",
        2,
        "eligibility: { min_age: 40, genders: [female] }",
    )]);
    let mut case = base_case();
    propose(&mut case, "id: women-40");
    let m = run(&case, &cat);
    let errors = with_code(&m, "E061");
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "the person is not eligible for `women-40`: minimum age 40; the person is 36",
            "the person is not eligible for `women-40`: for female only",
        ]
    );
    assert!(errors.iter().all(|d| d.path == "proposal.measures[0].id"));
    assert!(errors.iter().all(|d| d.severity == Severity::Error));

    // Eligible: no E061.
    case.person.gender = Gender::Female;
    case.person.date_of_birth = date("1980-01-01");
    none(&run(&case, &cat), "E061");
}

#[test]
fn e061_for_refused_consent_and_missing_victim_consent() {
    let cat = catalogue(vec![measure(
        "rj",
        2,
        "eligibility: { requires_victim_consent: true, requires_consent: true }",
    )]);
    let mut case = base_case();
    propose(&mut case, "{ id: rj, consent: false }");
    let m = run(&case, &cat);
    let messages: Vec<&str> = with_code(&m, "E061")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    // The victim not yet asked is no refusal: a warning, and a point for the court.
    assert_eq!(
        messages,
        vec!["the person is not eligible for `rj`: the person does not consent"]
    );
    assert_eq!(one(&m, "W061").path, "proposal.measures[0].id");
    assert!(m.points.contains(&Point::VictimNotAsked {
        measure: "Measure rj".into()
    }));
    // The victim's recorded refusal is one.
    case.victim = Some(yaml(
        "{ consulted: true, restorative_justice_consent: false }",
    ));
    let m = run(&case, &cat);
    let messages: Vec<&str> = with_code(&m, "E061")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        vec![
            "the person is not eligible for `rj`: requires the victim's consent; the victim declined",
            "the person is not eligible for `rj`: the person does not consent",
        ]
    );
    none(&m, "W061");
}

#[test]
fn e062_missing_required_parameter_but_not_optional_one() {
    let cat = catalogue(vec![measure(
        "wc",
        2,
        r#"
        parameters:
          sessions: { type: integer, min: 6, max: 30, required: true }
          note: { type: text }
        "#,
    )]);
    let mut case = base_case();
    propose(&mut case, "id: wc");
    let m = run(&case, &cat);
    let e = one(&m, "E062");
    assert_eq!(e.path, "proposal.measures[0].parameters.sessions");
    assert_eq!(e.message, "missing parameter `sessions` for `wc`");
    assert!(m.proposed.is_empty(), "no condition without its parameters");

    let mut case = base_case();
    propose(&mut case, "{ id: wc, parameters: { sessions: 12 } }");
    let m = run(&case, &cat);
    none(&m, "E062");
    assert_eq!(m.proposed.len(), 1);
}

#[test]
fn e063_unknown_parameter_with_did_you_mean() {
    let cat = catalogue(vec![
        measure(
            "wc",
            2,
            "parameters: { sessions: { type: integer, required: true } }",
        ),
        measure("rj", 2, ""),
    ]);
    let mut case = base_case();
    propose(&mut case, "{ id: wc, parameters: { sesions: 12 } }");
    propose(&mut case, "{ id: rj, parameters: { colour: blue } }");
    let m = run(&case, &cat);
    let unknown = with_code(&m, "E063");
    assert_eq!(unknown.len(), 2, "{:#?}", m.findings);
    assert_eq!(unknown[0].path, "proposal.measures[0].parameters.sesions");
    assert_eq!(unknown[0].message, "unknown parameter `sesions` for `wc`");
    assert_eq!(
        unknown[0].hint.as_deref(),
        Some("did you mean `sessions`? `wc` takes: sessions")
    );
    assert_eq!(unknown[1].message, "unknown parameter `colour` for `rj`");
    assert_eq!(
        unknown[1].hint.as_deref(),
        Some("`rj` takes: no parameters")
    );
    // The misspelt parameter also leaves the real one missing.
    assert_eq!(
        one(&m, "E062").message,
        "missing parameter `sessions` for `wc`"
    );
}

fn typed_catalogue() -> Catalogue {
    catalogue(vec![measure(
        "typed",
        1,
        r#"
        parameters:
          amount: { type: money }
          sessions: { type: integer }
          flag: { type: boolean }
          label: { type: text }
        condition: "Pay{% if amount is defined %} {{ amount }}{% endif %}."
        "#,
    )])
}

/// The E064 messages of a proposal of `typed` with these parameters.
fn type_errors(parameters: &str) -> Vec<String> {
    let mut case = base_case();
    propose(
        &mut case,
        &format!("{{ id: typed, parameters: {parameters} }}"),
    );
    let m = run(&case, &typed_catalogue());
    with_code(&m, "E064")
        .iter()
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect()
}

#[test]
fn e064_money_as_a_float_is_refused() {
    assert_eq!(
        type_errors("{ amount: 180.50 }"),
        vec![
            "proposal.measures[0].parameters.amount: `amount` must be an amount written as a decimal string"
        ]
    );
    let mut case = base_case();
    propose(&mut case, "{ id: typed, parameters: { amount: 180.5 } }");
    let m = run(&case, &typed_catalogue());
    let hint = one(&m, "E064").hint.clone().unwrap();
    assert!(hint.contains("\"180.00\""), "{hint}");
    assert!(hint.contains("may lose cents"), "{hint}");
    assert!(m.proposed.is_empty(), "a refused amount is never printed");
}

#[test]
fn e064_money_as_an_integer_or_badly_written_text_is_refused() {
    assert_eq!(
        type_errors("{ amount: 180 }"),
        vec![
            "proposal.measures[0].parameters.amount: `amount` must be an amount written as a decimal string"
        ]
    );
    assert_eq!(
        type_errors(r#"{ amount: "180,00" }"#),
        vec![
            "proposal.measures[0].parameters.amount: `amount` must be an amount such as \"180.00\""
        ]
    );
    assert_eq!(
        type_errors(r#"{ amount: "£180" }"#).len(),
        1,
        "a currency sign is not part of the amount"
    );
}

#[test]
fn e064_money_as_a_decimal_string_is_accepted_and_printed_as_written() {
    assert_eq!(type_errors(r#"{ amount: "180.00" }"#), Vec::<String>::new());
    let mut case = base_case();
    propose(
        &mut case,
        r#"{ id: typed, parameters: { amount: "180.00" } }"#,
    );
    let m = run(&case, &typed_catalogue());
    assert_eq!(m.proposed[0].condition, "Pay 180.00.");
}

#[test]
fn e064_integer_boolean_and_text_of_the_wrong_type() {
    assert_eq!(
        type_errors(r#"{ sessions: "12" }"#),
        vec!["proposal.measures[0].parameters.sessions: `sessions` must be a whole number"]
    );
    assert_eq!(
        type_errors("{ sessions: 12.5 }"),
        vec!["proposal.measures[0].parameters.sessions: `sessions` must be a whole number"]
    );
    assert_eq!(
        type_errors(r#"{ flag: "yes" }"#),
        vec!["proposal.measures[0].parameters.flag: `flag` must be true or false"]
    );
    assert_eq!(
        type_errors("{ label: 5 }"),
        vec!["proposal.measures[0].parameters.label: `label` must be a text"]
    );
    // The right types: nothing.
    assert_eq!(
        type_errors(r#"{ sessions: 12, flag: false, label: "Room 4" }"#),
        Vec::<String>::new()
    );
}

#[test]
fn e064_money_float_through_the_real_loader_points_at_the_line() {
    // The example case with the restitution amount written as an unquoted number.
    let text = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    assert!(text.contains(r#"amount: "180.00""#));
    let text = text.replace(r#"amount: "180.00""#, "amount: 180.00");
    let line = text
        .lines()
        .position(|l| l.contains("amount: 180.00"))
        .unwrap()
        + 1;
    let loaded = psr::load::load_source::<Case>(SourceFile {
        name: "case.yaml".to_string(),
        text,
    })
    .unwrap_or_else(|_| panic!("the case must load"));
    let catalogue = psr::load::load::<Catalogue>(&fixture("catalogue.example.yaml"))
        .unwrap_or_else(|_| panic!("catalogue"));
    let m = match_measures(&loaded.value, &catalogue.value, &loaded.document.map);
    let e = one(&m, "E064");
    assert_eq!(e.path, "proposal.measures[1].parameters.amount");
    assert_eq!(
        e.message,
        "`amount` must be an amount written as a decimal string"
    );
    assert_eq!(e.location.map(|l| l.line), Some(line));
}

#[test]
fn e065_out_of_range_with_the_range_in_words() {
    let cat = catalogue(vec![measure(
        "r",
        2,
        r#"
        parameters:
          sessions: { type: integer, min: 6, max: 30 }
          hours: { type: integer, min: 40 }
          per_day: { type: integer, max: 16 }
        "#,
    )]);
    let errors = |parameters: &str| -> Vec<String> {
        let mut case = base_case();
        propose(&mut case, &format!("{{ id: r, parameters: {parameters} }}"));
        with_code(&run(&case, &cat), "E065")
            .iter()
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(
        errors("{ sessions: 5 }"),
        vec!["`sessions` is 5, outside the catalogue's range: between 6 and 30"]
    );
    assert_eq!(
        errors("{ sessions: 31 }"),
        vec!["`sessions` is 31, outside the catalogue's range: between 6 and 30"]
    );
    assert_eq!(
        errors("{ hours: 39 }"),
        vec!["`hours` is 39, outside the catalogue's range: at least 40"]
    );
    assert_eq!(
        errors("{ per_day: 17 }"),
        vec!["`per_day` is 17, outside the catalogue's range: at most 16"]
    );
    // The bounds themselves are inside the range.
    assert_eq!(
        errors("{ sessions: 6, hours: 40, per_day: 16 }"),
        Vec::<String>::new()
    );
    assert_eq!(errors("{ sessions: 30 }"), Vec::<String>::new());

    let mut case = base_case();
    propose(&mut case, "{ id: r, parameters: { sessions: 40 } }");
    let m = run(&case, &cat);
    let hint = one(&m, "E065").hint.clone().unwrap();
    assert!(hint.starts_with("paras 28 and 32: "), "{hint}");
    assert!(hint.ends_with("`r` allows between 6 and 30"), "{hint}");
    assert!(m.proposed.is_empty());
}

#[test]
fn e066_condition_with_an_undefined_variable() {
    let cat = catalogue(vec![
        measure(
            "venue",
            2,
            r#"
            parameters: { sessions: { type: integer, required: true } }
            condition: "Attend {{ sessions }} sessions at {{ venue }}."
            "#,
        ),
        // `location` is not defined for a measure without a location.
        measure("nowhere", 2, r#"condition: "Report to {{ location }}.""#),
    ]);
    let mut case = base_case();
    propose(&mut case, "{ id: venue, parameters: { sessions: 8 } }");
    propose(&mut case, "id: nowhere");
    let m = run(&case, &cat);
    let errors = with_code(&m, "E066");
    assert_eq!(errors.len(), 2, "{:#?}", m.findings);
    assert_eq!(errors[0].path, "proposal.measures[0]");
    assert!(
        errors[0]
            .message
            .starts_with("the condition of `venue` cannot be filled: "),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0].message.contains("undefined"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[1]
            .message
            .starts_with("the condition of `nowhere` cannot be filled: ")
    );
    assert!(
        m.proposed.is_empty(),
        "an unfilled condition is never printed"
    );
}

#[test]
fn e066_optional_parameter_used_without_a_test_and_not_given() {
    let m = measure(
        "opt",
        1,
        r#"
        parameters: { note: { type: text } }
        condition: "Comply. {{ note }}"
        "#,
    );
    let cat = catalogue(vec![m]);
    let mut case = base_case();
    propose(&mut case, "id: opt");
    one(&run(&case, &cat), "E066");

    let mut case = base_case();
    propose(
        &mut case,
        r#"{ id: opt, parameters: { note: "Bring ID." } }"#,
    );
    let matching = run(&case, &cat);
    none(&matching, "E066");
    assert_eq!(matching.proposed[0].condition, "Comply. Bring ID.");
}

#[test]
fn fill_condition_uses_name_location_provider_and_trims() {
    let mut m = measure(
        "full",
        2,
        r#"
        location: "9 Linden Row"
        provider: { name: "Northgate Women's Trust", kind: ngo }
        parameters: { sessions: { type: integer } }
        condition: "  Attend {{ sessions }} sessions of the {{ name }} at {{ location }}, run by {{ provider }}.  "
        "#,
    );
    m.name = "Women's centre programme".into();
    let given = yaml("sessions: 12");
    assert_eq!(
        fill(&m, &given).unwrap(),
        "Attend 12 sessions of the Women's centre programme at 9 Linden Row, run by Northgate Women's Trust."
    );
}

#[test]
fn fill_condition_output_is_plain_text_not_markup() {
    let m = measure(
        "text",
        1,
        r#"
        parameters: { zone: { type: text } }
        condition: "Do not enter {{ zone }}."
        "#,
    );
    let given = yaml(r##"zone: "#read(\"/etc/passwd\") <b>*[$x$]*</b> & {{ name }}""##);
    // Neither HTML-escaped nor evaluated again: the value comes back as written.
    assert_eq!(
        fill(&m, &given).unwrap(),
        r##"Do not enter #read("/etc/passwd") <b>*[$x$]*</b> & {{ name }}."##
    );
}

#[test]
fn fill_condition_strict_undefined_is_an_error_not_an_empty_string() {
    let m = measure("u", 1, r#"condition: "Pay {{ amount }} now.""#);
    let err = fill(&m, &Default::default()).unwrap_err();
    assert!(err.contains("undefined"), "{err}");

    let m = measure(
        "d",
        1,
        r#"condition: "Pay{% if amount is defined %} {{ amount }}{% endif %} now.""#,
    );
    assert_eq!(fill(&m, &Default::default()).unwrap(), "Pay now.");
}

#[test]
fn is_money_accepts_digits_and_up_to_two_decimals_only() {
    for good in ["180", "180.5", "180.00", "0.00", "123456789012.99"] {
        assert!(is_money(good), "{good} should be money");
    }
    for bad in [
        "",
        "180.",
        ".50",
        "180.000",
        "-5.00",
        "1,000.00",
        "£180",
        "1e3",
        " 180",
        "1234567890123",
        "180.5a",
    ] {
        assert!(!is_money(bad), "{bad:?} should not be money");
    }
}

// ---------------------------------------------------------------------- N062

#[test]
fn n062_consent_not_recorded() {
    let cat = catalogue(vec![
        measure("treat", 3, "eligibility: { requires_consent: true }"),
        measure("fine", 1, ""),
    ]);
    let mut case = base_case();
    propose(&mut case, "id: treat");
    propose(&mut case, "id: fine");
    let m = run(&case, &cat);
    let w = one(&m, "N062");
    assert_eq!(w.severity, Severity::Note);
    assert_eq!(w.path, "proposal.measures[0]");
    assert_eq!(
        w.message,
        "`treat` requires the person's consent, which is not recorded"
    );
    assert_eq!(
        m.options
            .iter()
            .find(|o| o.measure.id == "treat")
            .unwrap()
            .reasons,
        vec![],
        "not recorded is not a refusal"
    );

    let mut case = base_case();
    propose(&mut case, "{ id: treat, consent: true }");
    propose(&mut case, "id: fine");
    let m = run(&case, &cat);
    none(&m, "N062");
    none(&m, "E061");

    // Refused consent is an error, not this note.
    let mut case = base_case();
    propose(&mut case, "{ id: treat, consent: false }");
    let m = run(&case, &cat);
    none(&m, "N062");
    one(&m, "E061");
}

#[test]
fn refused_consent_on_a_second_entry_of_the_same_measure_is_an_error() {
    // The same measure proposed twice (two courses, two victims ...): the person
    // agrees to the first and refuses the second.
    let cat = catalogue(vec![measure(
        "treat",
        3,
        r#"
        eligibility: { requires_consent: true }
        parameters: { months: { type: integer } }
        "#,
    )]);
    let mut case = base_case();
    propose(
        &mut case,
        "{ id: treat, parameters: { months: 6 }, consent: true }",
    );
    propose(
        &mut case,
        "{ id: treat, parameters: { months: 12 }, consent: false }",
    );
    let m = run(&case, &cat);
    let refusals: Vec<&Diagnostic> = with_code(&m, "E061")
        .into_iter()
        .filter(|d| d.message.ends_with("the person does not consent"))
        .collect();
    assert_eq!(refusals.len(), 1, "{:#?}", m.findings);
    assert_eq!(refusals[0].path, "proposal.measures[1].id");
}

// ---------------------------------------------------------------------- W070

fn scheduled(id: &str, schedule: &str, childcare: Option<bool>) -> Measure {
    let mut extra = format!("schedule: {schedule}\n");
    if let Some(childcare) = childcare {
        extra.push_str(&format!("childcare: {childcare}\n"));
    }
    measure(id, 2, &extra)
}

fn employed(case: &mut Case, schedule: &str) {
    case.circumstances.employment = Some(yaml(&format!("status: employed\nschedule: {schedule}")));
}

#[test]
fn w070_sessions_overlap_working_hours() {
    let cat = catalogue(vec![scheduled(
        "day-course",
        r#"[{ days: [tue, thu], from: "10:00", to: "12:00" }]"#,
        Some(false),
    )]);
    let mut case = base_case();
    employed(
        &mut case,
        r#"[{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00" }]"#,
    );
    propose(&mut case, "id: day-course");
    let m = run(&case, &cat);
    let w = one(&m, "W070");
    assert_eq!(w.path, "proposal.measures[0]");
    assert_eq!(
        w.message,
        "`day-course`: its sessions overlap the person's working hours: Tue 10:00–12:00, Thu 10:00–12:00"
    );
    assert!(
        w.hint
            .as_deref()
            .unwrap()
            .starts_with("paras 5, 25, 27 and 31:")
    );
}

#[test]
fn w070_touching_intervals_do_not_conflict() {
    // Work ends at 14:00, the session starts at 14:00; a session ending at 06:00 when
    // work starts at 06:00 does not conflict either.
    let cat = catalogue(vec![
        scheduled(
            "afternoon",
            r#"[{ days: [mon], from: "14:00", to: "16:00" }]"#,
            None,
        ),
        scheduled(
            "dawn",
            r#"[{ days: [tue], from: "04:00", to: "06:00" }]"#,
            None,
        ),
    ]);
    let mut case = base_case();
    employed(
        &mut case,
        r#"[{ days: [mon, tue, wed, thu, fri], from: "06:00", to: "14:00" }]"#,
    );
    propose(&mut case, "id: afternoon");
    propose(&mut case, "id: dawn");
    let m = run(&case, &cat);
    none(&m, "W070");
    assert!(m.options.iter().all(|o| o.conflicts.is_empty()));
}

#[test]
fn w070_night_shift_overlaps_an_early_session_the_next_morning() {
    let cat = catalogue(vec![scheduled(
        "testing-clinic",
        r#"[{ days: [tue, sat], from: "05:00", to: "07:00" }]"#,
        None,
    )]);
    let mut case = base_case();
    employed(
        &mut case,
        r#"[{ days: [mon, tue, wed, thu, fri], from: "22:00", to: "06:00" }]"#,
    );
    propose(&mut case, "id: testing-clinic");
    let m = run(&case, &cat);
    // Monday's shift runs into Tuesday morning, Friday's into Saturday morning.
    assert_eq!(
        one(&m, "W070").message,
        "`testing-clinic`: its sessions overlap the person's working hours: Tue 05:00–06:00, Sat 05:00–06:00"
    );
}

#[test]
fn w070_sunday_night_shift_wraps_into_monday() {
    let cat = catalogue(vec![scheduled(
        "monday-early",
        r#"[{ days: [mon], from: "05:30", to: "07:00" }]"#,
        None,
    )]);
    let mut case = base_case();
    employed(
        &mut case,
        r#"[{ days: [sun], from: "22:00", to: "06:00" }]"#,
    );
    propose(&mut case, "id: monday-early");
    let m = run(&case, &cat);
    assert_eq!(
        one(&m, "W070").message,
        "`monday-early`: its sessions overlap the person's working hours: Mon 05:30–06:00"
    );

    // The same shift on Saturday night ends on Sunday morning: no clash on Monday.
    let mut case = base_case();
    employed(
        &mut case,
        r#"[{ days: [sat], from: "22:00", to: "06:00" }]"#,
    );
    propose(&mut case, "id: monday-early");
    none(&run(&case, &cat), "W070");
}

#[test]
fn w070_several_schedule_blocks_on_both_sides() {
    let cat = catalogue(vec![scheduled(
        "mixed",
        r#"[{ days: [mon], from: "09:00", to: "11:00" }, { days: [wed], from: "18:00", to: "20:00" }, { days: [sat], from: "10:00", to: "12:00" }]"#,
        None,
    )]);
    let mut case = base_case();
    employed(
        &mut case,
        r#"[{ days: [mon, tue], from: "08:00", to: "10:00" }, { days: [wed], from: "19:00", to: "23:00" }, { days: [sat], from: "12:00", to: "13:00" }]"#,
    );
    propose(&mut case, "id: mixed");
    let m = run(&case, &cat);
    assert_eq!(
        one(&m, "W070").message,
        "`mixed`: its sessions overlap the person's working hours: Mon 09:00–10:00, Wed 19:00–20:00"
    );
}

#[test]
fn w070_primary_caregiver_without_childcare_or_alternative_care_hours() {
    let session = r#"[{ days: [sat], from: "10:00", to: "15:00" }]"#;
    let cat = catalogue(vec![
        scheduled("no-creche", session, Some(false)),
        scheduled("creche", session, Some(true)),
        scheduled("unsaid", session, None),
        measure("unscheduled", 3, "childcare: false"),
    ]);
    let mut case = base_case();
    case.circumstances.caretaking = Some(yaml("primary_caregiver: true"));
    for id in ["no-creche", "creche", "unsaid", "unscheduled"] {
        propose(&mut case, &format!("id: {id}"));
    }
    let m = run(&case, &cat);
    let messages: Vec<&str> = with_code(&m, "W070")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    let expected = NO_CARE_HOURS;
    assert_eq!(
        messages,
        vec![
            format!("`no-creche`: {expected}"),
            format!("`unsaid`: {expected}"),
        ],
        "a crèche, or no fixed sessions, means no caretaking conflict"
    );

    // Not the primary caregiver: no caretaking conflict at all.
    case.circumstances.caretaking = Some(yaml("primary_caregiver: false"));
    none(&run(&case, &cat), "W070");
}

#[test]
fn w070_sessions_outside_the_hours_of_alternative_care() {
    let cat = catalogue(vec![scheduled(
        "saturday",
        r#"[{ days: [sat], from: "10:00", to: "15:00" }]"#,
        Some(false),
    )]);
    let caretaking = |schedule: &str| {
        yaml(&format!(
            "primary_caregiver: true\nalternative_care: \"Grandmother\"\nalternative_care_schedule: {schedule}"
        ))
    };
    let mut case = base_case();
    propose(&mut case, "id: saturday");

    case.circumstances.caretaking = Some(caretaking(
        r#"[{ days: [sat], from: "09:00", to: "12:00" }]"#,
    ));
    assert_eq!(
        one(&run(&case, &cat), "W070").message,
        "`saturday`: the person is a primary caregiver, the measure offers no childcare and its sessions fall outside the hours of alternative care: Sat 12:00–15:00"
    );

    // Covered in two pieces that touch: no gap, no warning.
    case.circumstances.caretaking = Some(caretaking(
        r#"[{ days: [sat], from: "09:00", to: "12:00" }, { days: [sat], from: "12:00", to: "16:00" }]"#,
    ));
    none(&run(&case, &cat), "W070");
}

#[test]
fn w070_only_for_proposed_measures_but_conflicts_shown_for_every_option() {
    let cat = catalogue(vec![
        scheduled(
            "clash",
            r#"[{ days: [mon], from: "10:00", to: "11:00" }]"#,
            None,
        ),
        measure("fine", 1, ""),
    ]);
    let mut case = base_case();
    employed(
        &mut case,
        r#"[{ days: [mon], from: "09:00", to: "17:00" }]"#,
    );
    propose(&mut case, "id: fine");
    let m = run(&case, &cat);
    none(&m, "W070");
    let clash = m.options.iter().find(|o| o.measure.id == "clash").unwrap();
    assert_eq!(
        clash.conflicts,
        vec![Conflict::WorkingHours {
            times: vec![(at(MON, 10, 0), at(MON, 11, 0))]
        }]
    );
    assert_eq!(
        texts(&clash.conflicts),
        vec!["its sessions overlap the person's working hours: Mon 10:00–11:00"]
    );
}

#[test]
fn conflicts_are_typed_with_the_times_of_week() {
    let session = scheduled(
        "evening",
        r#"[{ days: [tue], from: "18:00", to: "21:00" }]"#,
        Some(false),
    );
    let mut case = base_case();
    assert_eq!(conflicts(&case, &session), vec![]);
    employed(
        &mut case,
        r#"[{ days: [tue], from: "12:00", to: "19:00" }]"#,
    );
    case.circumstances.caretaking = Some(yaml(
        r#"{ primary_caregiver: true, alternative_care_schedule: [{ days: [tue], from: "17:00", to: "20:00" }] }"#,
    ));
    assert_eq!(
        conflicts(&case, &session),
        vec![
            Conflict::WorkingHours {
                times: vec![(at(TUE, 18, 0), at(TUE, 19, 0))]
            },
            Conflict::OutsideAlternativeCare {
                times: vec![(at(TUE, 20, 0), at(TUE, 21, 0))]
            },
        ]
    );
    case.circumstances.caretaking = Some(yaml("primary_caregiver: true"));
    assert_eq!(
        conflicts(&case, &session),
        vec![
            Conflict::WorkingHours {
                times: vec![(at(TUE, 18, 0), at(TUE, 19, 0))]
            },
            Conflict::NoChildcare,
        ]
    );
}

// ----------------------------------------------------------------- W071, W072

#[test]
fn w071_low_risk_and_restrictiveness_four_or_more() {
    let cat = catalogue(vec![
        measure("curfew", 4, ""),
        measure("gps", 5, ""),
        measure("supervision", 3, ""),
    ]);
    let mut case = base_case();
    case.assessment.risk_of_reoffending = Some(RiskLevel::Low);
    propose(&mut case, "id: curfew");
    propose(&mut case, "id: supervision");
    let m = run(&case, &cat);
    let w = one(&m, "W071");
    assert_eq!(
        w.message,
        "risk of reoffending is low and `curfew` has restrictiveness 4"
    );
    assert!(
        w.hint
            .as_deref()
            .unwrap()
            .starts_with("para 34, model strategy 5:")
    );

    // Restrictiveness 3 only: no W071.
    let mut case = base_case();
    case.assessment.risk_of_reoffending = Some(RiskLevel::Low);
    propose(&mut case, "id: supervision");
    none(&run(&case, &cat), "W071");

    // Medium risk: no W071 even at 5.
    let mut case = base_case();
    propose(&mut case, "id: gps");
    none(&run(&case, &cat), "W071");
}

#[test]
fn w072_low_risk_and_three_measures() {
    let cat = catalogue(vec![
        measure("a", 1, ""),
        measure("b", 1, ""),
        measure("c", 2, ""),
    ]);
    let mut case = base_case();
    case.assessment.risk_of_reoffending = Some(RiskLevel::Low);
    propose(&mut case, "id: a");
    propose(&mut case, "id: b");
    none(&run(&case, &cat), "W072");

    propose(&mut case, "id: c");
    let m = run(&case, &cat);
    assert_eq!(
        one(&m, "W072").message,
        "risk of reoffending is low and 3 measures are proposed"
    );

    case.assessment.risk_of_reoffending = Some(RiskLevel::Medium);
    none(&run(&case, &cat), "W072");
}

// ---------------------------------------------------------------------- W073

fn least_restrictive_catalogue() -> Catalogue {
    catalogue(vec![
        measure("debt-advice", 1, "addresses_needs: [finances]"),
        measure(
            "womens-centre",
            2,
            "addresses_needs: [finances, relationships]",
        ),
        measure("budgeting", 2, "addresses_needs: [finances]"),
    ])
}

#[test]
fn w073_a_less_restrictive_eligible_measure_meets_the_same_assessed_needs() {
    let mut case = base_case();
    // The person has only the finances need: the women's centre's work on
    // relationships does not count.
    case.assessment.criminogenic_needs = vec![Need::Finances];
    propose(&mut case, "id: womens-centre");
    let m = run(&case, &least_restrictive_catalogue());
    let w = one(&m, "W073");
    assert_eq!(
        w.message,
        "`debt-advice` (restrictiveness 1) addresses the same needs as `womens-centre` (restrictiveness 2) and is not proposed"
    );
    assert!(w.hint.as_deref().unwrap().starts_with("para 15"));
}

#[test]
fn w073_does_not_fire_for_partial_cover_equal_restrictiveness_or_ineligibility() {
    let cat = least_restrictive_catalogue();
    // Both needs assessed: debt advice covers only one of them.
    let mut case = base_case();
    case.assessment.criminogenic_needs = vec![Need::Finances, Need::Relationships];
    propose(&mut case, "id: womens-centre");
    none(&run(&case, &cat), "W073");

    // Budgeting (2) is as restrictive as the women's centre (2): not less.
    let mut case = base_case();
    case.assessment.criminogenic_needs = vec![Need::Finances];
    propose(&mut case, "id: budgeting");
    let m = run(&case, &cat);
    let messages: Vec<&str> = with_code(&m, "W073")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        vec![
            "`debt-advice` (restrictiveness 1) addresses the same needs as `budgeting` (restrictiveness 2) and is not proposed"
        ]
    );

    // The cheaper measure is closed to the person: no W073.
    let mut cat = least_restrictive_catalogue();
    cat.measures[0].eligibility.min_age = Some(99);
    let mut case = base_case();
    case.assessment.criminogenic_needs = vec![Need::Finances];
    propose(&mut case, "id: womens-centre");
    none(&run(&case, &cat), "W073");
}

#[test]
fn w073_does_not_fire_when_the_cheaper_measure_is_proposed_too_or_no_need_is_met() {
    let cat = least_restrictive_catalogue();
    let mut case = base_case();
    case.assessment.criminogenic_needs = vec![Need::Finances];
    propose(&mut case, "id: womens-centre");
    propose(&mut case, "id: debt-advice");
    none(&run(&case, &cat), "W073");

    // The proposed measure meets no assessed need: nothing to compare.
    let mut case = base_case();
    case.assessment.criminogenic_needs = vec![Need::Attitudes];
    propose(&mut case, "id: womens-centre");
    none(&run(&case, &cat), "W073");
}

// ------------------------------------------------------------- W074 W075 W076

fn custody(case: &mut Case, text: &str) {
    let mut proposal: psr::model::case::Proposal = yaml(text);
    proposal.measures = case.proposal.take().unwrap_or_default().measures;
    case.proposal = Some(proposal);
}

#[test]
fn w074_custody_without_rationale() {
    let cat = catalogue(vec![]);
    let mut case = base_case();
    custody(&mut case, "custody_considered: true");
    let m = run(&case, &cat);
    let w = one(&m, "W074");
    assert_eq!(w.path, "proposal.custody_rationale");
    assert_eq!(
        w.message,
        "custody is considered without a `custody_rationale`"
    );

    // Blank is as good as missing.
    let mut case = base_case();
    custody(
        &mut case,
        "custody_considered: true\ncustody_rationale: \"   \"",
    );
    one(&run(&case, &cat), "W074");

    // A term proposed counts as custody considered.
    let mut case = base_case();
    custody(&mut case, "custody_months: 18");
    one(&run(&case, &cat), "W074");

    // With a rationale, or without custody: nothing.
    let mut case = base_case();
    custody(
        &mut case,
        "custody_considered: true\ncustody_rationale: \"Not proposed: para 24.\"",
    );
    none(&run(&case, &cat), "W074");
    let mut case = base_case();
    custody(&mut case, "custody_considered: false");
    none(&run(&case, &cat), "W074");
}

#[test]
fn w075_short_custodial_term() {
    let cat = catalogue(vec![]);
    let mut case = base_case();
    custody(
        &mut case,
        "custody_considered: true\ncustody_rationale: \"x\"\ncustody_months: 6",
    );
    let m = run(&case, &cat);
    let w = one(&m, "W075");
    assert_eq!(w.path, "proposal.custody_months");
    assert_eq!(w.message, "a short custodial term (6 months) is proposed");
    assert!(
        w.hint
            .as_deref()
            .unwrap()
            .starts_with("para 24, model strategy 4:")
    );

    let mut case = base_case();
    custody(
        &mut case,
        "custody_considered: true\ncustody_rationale: \"x\"\ncustody_months: 12",
    );
    none(&run(&case, &cat), "W075");
}

#[test]
fn w076_custody_for_a_primary_caregiver_without_impact() {
    let cat = catalogue(vec![]);
    let mut case = base_case();
    case.circumstances.caretaking = Some(yaml("primary_caregiver: true"));
    custody(
        &mut case,
        "custody_considered: true\ncustody_rationale: \"Considered and rejected.\"",
    );
    let m = run(&case, &cat);
    let w = one(&m, "W076");
    assert_eq!(w.path, "proposal.custody_impact");
    assert_eq!(
        w.message,
        "custody is considered for a primary caregiver without a `custody_impact`"
    );

    // With the impact described: nothing.
    let mut with_impact = case.clone();
    with_impact.proposal.as_mut().unwrap().custody_impact =
        Some("Two children would go into care.".to_string());
    none(&run(&with_impact, &cat), "W076");

    // Not a primary caregiver: nothing.
    let mut not_carer = case.clone();
    not_carer.circumstances.caretaking = Some(yaml("primary_caregiver: false"));
    none(&run(&not_carer, &cat), "W076");

    // Custody not considered: nothing.
    let mut no_custody = case.clone();
    no_custody.proposal.as_mut().unwrap().custody_considered = false;
    none(&run(&no_custody, &cat), "W076");
}

// ---------------------------------------------------------------------- W077

#[test]
fn w077_need_no_proposed_measure_addresses() {
    let cat = catalogue(vec![
        measure("debt-advice", 1, "addresses_needs: [finances]"),
        measure("drug-treatment", 3, "addresses_needs: [substance_use]"),
    ]);
    let mut case = base_case();
    case.assessment.criminogenic_needs = vec![Need::Finances, Need::SubstanceUse];
    propose(&mut case, "id: debt-advice");
    let m = run(&case, &cat);
    let w = one(&m, "W077");
    assert_eq!(w.path, "assessment.criminogenic_needs");
    assert_eq!(
        w.message,
        "no proposed measure addresses the need `substance use`"
    );

    propose(&mut case, "id: drug-treatment");
    none(&run(&case, &cat), "W077");
}

#[test]
fn w077_every_need_when_nothing_is_proposed_and_no_warnings_without_a_proposal() {
    let cat = catalogue(vec![measure("a", 1, "addresses_needs: [finances]")]);
    let mut case = base_case();
    case.assessment.criminogenic_needs = vec![Need::Finances, Need::Lifestyle];
    case.proposal = Some(Default::default());
    assert_eq!(codes(&run(&case, &cat)), vec!["W077", "W077"]);

    // An unknown id (E060) would make every need look unaddressed: no W077 then.
    propose(&mut case, "id: a-typo");
    assert_eq!(codes(&run(&case, &cat)), vec!["E060"]);

    // No proposal section at all: matching raises no proposal warning.
    case.proposal = None;
    let m = run(&case, &cat);
    assert!(m.findings.is_empty(), "{:#?}", m.findings);
    assert_eq!(m.options[0].status, OptionStatus::Eligible);
}

// ----------------------------------------------------------------- W078, W079

#[test]
fn w078_no_places_and_w079_long_wait() {
    let cat = catalogue(vec![
        measure("full", 3, "capacity: { places: 0, waiting_weeks: 12 }"),
        measure("soon", 2, "capacity: { places: 1, waiting_weeks: 4 }"),
        measure("later", 2, "capacity: { waiting_weeks: 5 }"),
        measure("unknown", 2, ""),
    ]);
    let mut case = base_case();
    propose(&mut case, "id: full");
    let m = run(&case, &cat);
    assert_eq!(one(&m, "W078").message, "`full` has no places available");
    assert_eq!(
        one(&m, "W079").message,
        "`full` has a waiting time of 12 weeks: it cannot start within four weeks of the hearing"
    );

    // Four weeks is within four weeks; places 1 is a place.
    let mut case = base_case();
    propose(&mut case, "id: soon");
    propose(&mut case, "id: unknown");
    let m = run(&case, &cat);
    none(&m, "W078");
    none(&m, "W079");

    let mut case = base_case();
    propose(&mut case, "id: later");
    let m = run(&case, &cat);
    none(&m, "W078");
    assert_eq!(
        one(&m, "W079").message,
        "`later` has a waiting time of 5 weeks: it cannot start within four weeks of the hearing"
    );

    // Capacity of measures that are not proposed is not a warning.
    let mut case = base_case();
    propose(&mut case, "id: unknown");
    let m = run(&case, &cat);
    none(&m, "W078");
    none(&m, "W079");
}

// ------------------------------------------------------- options considered

#[test]
fn options_least_restrictive_first_catalogue_order_breaks_ties() {
    let cat = catalogue(vec![
        measure("a-three", 3, ""),
        measure("b-one-closed", 1, "eligibility: { min_age: 99 }"),
        measure("c-two", 2, ""),
        measure("d-one", 1, ""),
        measure("e-five-closed", 5, "eligibility: { genders: [female] }"),
    ]);
    let mut case = base_case();
    propose(&mut case, "id: d-one");
    propose(&mut case, "id: e-five-closed");
    let m = run(&case, &cat);
    let rows: Vec<(&str, u8, OptionStatus)> = m
        .options
        .iter()
        .map(|o| (o.measure.id.as_str(), o.measure.restrictiveness, o.status))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("b-one-closed", 1, OptionStatus::NotEligible),
            ("d-one", 1, OptionStatus::Proposed),
            ("c-two", 2, OptionStatus::Eligible),
            ("a-three", 3, OptionStatus::Eligible),
            ("e-five-closed", 5, OptionStatus::Proposed),
        ]
    );
    assert_eq!(
        m.options[0].reasons,
        vec![Reason::BelowMinAge { min: 99, age: 36 }]
    );
    // Proposed although not eligible: the status says proposed, the reasons stay, and
    // the proposal gets the error.
    assert_eq!(
        m.options[4].reasons,
        vec![Reason::Gender {
            allowed: vec![Gender::Female]
        }]
    );
    one(&m, "E061");
    assert!(m.options[1].reasons.is_empty() && m.options[2].reasons.is_empty());
    // The filled conditions follow the proposal's order.
    let proposed: Vec<&str> = m.proposed.iter().map(|p| p.measure.id.as_str()).collect();
    assert_eq!(proposed, vec!["d-one", "e-five-closed"]);
}

#[test]
fn matching_is_a_pure_function_of_its_inputs() {
    let cat = psr::load::load::<Catalogue>(&fixture("catalogue.large.yaml"))
        .unwrap_or_else(|_| panic!("catalogue"))
        .value;
    let case = psr::load::load::<Case>(&fixture("case.example.yaml"))
        .unwrap_or_else(|_| panic!("case"))
        .value;
    let first = serde_json::to_string(&run(&case, &cat)).unwrap();
    let second = serde_json::to_string(&run(&case, &cat)).unwrap();
    assert_eq!(first, second);
}

// ------------------------------------------------------- schedule arithmetic

#[test]
fn intervals_of_day_overnight_and_end_of_day_blocks() {
    assert_eq!(
        intervals(&blocks(
            r#"[{ days: [mon, wed], from: "09:00", to: "17:00" }]"#
        )),
        vec![
            (at(MON, 9, 0), at(MON, 17, 0)),
            (at(WED, 9, 0), at(WED, 17, 0))
        ]
    );
    // Overnight: 22:00 to 06:00 the next morning.
    assert_eq!(
        intervals(&blocks(r#"[{ days: [tue], from: "22:00", to: "06:00" }]"#)),
        vec![(at(TUE, 22, 0), at(WED, 6, 0))]
    );
    // 24:00 is the end of the day.
    assert_eq!(
        intervals(&blocks(r#"[{ days: [fri], from: "18:00", to: "24:00" }]"#)),
        vec![(at(FRI, 18, 0), at(SAT, 0, 0))]
    );
}

#[test]
fn intervals_sunday_night_wraps_to_monday_morning() {
    assert_eq!(
        intervals(&blocks(r#"[{ days: [sun], from: "22:00", to: "06:00" }]"#)),
        vec![(at(MON, 0, 0), at(MON, 6, 0)), (at(SUN, 22, 0), WEEK)]
    );
    // Ending exactly at the end of the week does not wrap.
    assert_eq!(
        intervals(&blocks(r#"[{ days: [sun], from: "22:00", to: "24:00" }]"#)),
        vec![(at(SUN, 22, 0), WEEK)]
    );
}

#[test]
fn overlaps_are_half_open_so_touching_is_not_overlapping() {
    let work = intervals(&blocks(
        r#"[{ days: [mon, tue, wed, thu, fri], from: "06:00", to: "14:00" }]"#,
    ));
    let after = intervals(&blocks(r#"[{ days: [mon], from: "14:00", to: "16:00" }]"#));
    assert_eq!(overlaps(&after, &work), vec![]);
    assert_eq!(overlaps(&work, &after), vec![]);
    let one_minute = intervals(&blocks(r#"[{ days: [mon], from: "13:59", to: "16:00" }]"#));
    assert_eq!(
        overlaps(&one_minute, &work),
        vec![(at(MON, 13, 59), at(MON, 14, 0))]
    );
}

#[test]
fn overlaps_night_shift_and_next_morning_session() {
    let shift = intervals(&blocks(r#"[{ days: [wed], from: "22:00", to: "06:00" }]"#));
    let session = intervals(&blocks(r#"[{ days: [thu], from: "05:00", to: "09:00" }]"#));
    let clash = overlaps(&shift, &session);
    assert_eq!(clash, vec![(at(THU, 5, 0), at(THU, 6, 0))]);
    assert_eq!(describe(&clash), "Thu 05:00–06:00");
    // The same session on Wednesday morning is before the shift.
    let before = intervals(&blocks(r#"[{ days: [wed], from: "05:00", to: "09:00" }]"#));
    assert_eq!(overlaps(&shift, &before), vec![]);
}

#[test]
fn overlaps_across_the_sunday_wrap_and_merged_results() {
    let shift = intervals(&blocks(r#"[{ days: [sun], from: "20:00", to: "08:00" }]"#));
    let sessions = intervals(&blocks(
        r#"[{ days: [sun], from: "21:00", to: "23:00" }, { days: [sun], from: "22:00", to: "24:00" }, { days: [mon], from: "07:00", to: "10:00" }]"#,
    ));
    let clash = overlaps(&shift, &sessions);
    assert_eq!(
        clash,
        vec![(at(MON, 7, 0), at(MON, 8, 0)), (at(SUN, 21, 0), WEEK)],
        "the two Sunday sessions give one merged interval"
    );
    assert_eq!(describe(&clash), "Mon 07:00–08:00, Sun 21:00–24:00");
}

#[test]
fn uncovered_against_alternative_care_hours() {
    let sessions = intervals(&blocks(
        r#"[{ days: [tue, thu], from: "15:00", to: "17:00" }]"#,
    ));
    // Care Tuesday 14:00–18:00 only: Thursday is uncovered.
    let care = intervals(&blocks(r#"[{ days: [tue], from: "14:00", to: "18:00" }]"#));
    let gap = uncovered(&sessions, &care);
    assert_eq!(gap, vec![(at(THU, 15, 0), at(THU, 17, 0))]);
    assert_eq!(describe(&gap), "Thu 15:00–17:00");

    // Care with a hole in the middle of the session.
    let care = intervals(&blocks(
        r#"[{ days: [tue, thu], from: "12:00", to: "15:30" }, { days: [tue, thu], from: "16:30", to: "19:00" }]"#,
    ));
    assert_eq!(
        describe(&uncovered(&sessions, &care)),
        "Tue 15:30–16:30, Thu 15:30–16:30"
    );

    // Care that only touches the session covers none of it.
    let care = intervals(&blocks(
        r#"[{ days: [tue, thu], from: "12:00", to: "15:00" }]"#,
    ));
    assert_eq!(uncovered(&sessions, &care), sessions);

    // Evening care every weekday covers the session completely.
    let care = intervals(&blocks(
        r#"[{ days: [mon, tue, wed, thu, fri], from: "15:00", to: "22:00" }]"#,
    ));
    assert_eq!(uncovered(&sessions, &care), vec![]);
    assert_eq!(uncovered(&sessions, &[]), sessions);
}

#[test]
fn uncovered_overnight_care_across_the_sunday_wrap() {
    let night = intervals(&blocks(r#"[{ days: [sun], from: "22:00", to: "06:00" }]"#));
    let care = intervals(&blocks(r#"[{ days: [mon], from: "00:00", to: "05:00" }]"#));
    let gap = uncovered(&night, &care);
    assert_eq!(
        gap,
        vec![(at(MON, 5, 0), at(MON, 6, 0)), (at(SUN, 22, 0), WEEK)]
    );
    assert_eq!(describe(&gap), "Mon 05:00–06:00, Sun 22:00–24:00");
}

#[test]
fn describe_names_the_day_a_multi_day_gap_ends() {
    // A weekend residential course for a primary caregiver whose alternative care is
    // on weekdays only: the whole weekend, Friday 18:00 to Sunday 18:00, is uncovered.
    let retreat = scheduled(
        "weekend-residential",
        r#"[{ days: [fri], from: "18:00", to: "24:00" }, { days: [sat], from: "00:00", to: "24:00" }, { days: [sun], from: "00:00", to: "18:00" }]"#,
        Some(false),
    );
    let mut case = base_case();
    case.circumstances.caretaking = Some(yaml(
        r#"
        primary_caregiver: true
        alternative_care_schedule: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00" }]
        "#,
    ));
    let found = texts(&conflicts(&case, &retreat));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].contains("Sun"),
        "the gap runs to Sunday 18:00: {}",
        found[0]
    );
}

#[test]
fn describe_writes_end_of_day_as_24_00() {
    assert_eq!(
        describe(&[(at(SAT, 20, 0), at(SUN, 0, 0))]),
        "Sat 20:00–24:00"
    );
    assert_eq!(
        describe(&[(at(MON, 22, 0), at(TUE, 6, 0))]),
        "Mon 22:00–06:00"
    );
    assert_eq!(describe(&[]), "");
}

// ------------------------------------- the example case and the large catalogue

/// The spec's example case (consent to the women's centre not recorded) against the
/// large catalogue, which is English-only and names no kinds: a catalogue written
/// before either existed.
fn example_against_large() -> (psr::load::Loaded<Case>, Catalogue, Matching) {
    let case = psr::load::load::<Case>(&fixture("compat/case.v1.yaml"))
        .unwrap_or_else(|_| panic!("fixtures/compat/case.v1.yaml must load"));
    let cat = psr::load::load::<Catalogue>(&fixture("catalogue.large.yaml"))
        .unwrap_or_else(|_| panic!("fixtures/catalogue.large.yaml must load"))
        .value;
    let m = match_measures(&case.value, &cat, &case.document.map);
    (case, cat, m)
}

#[test]
fn large_catalogue_is_varied() {
    let (_, cat, _) = example_against_large();
    assert!(cat.measures.len() >= 28, "{}", cat.measures.len());
    assert_eq!(cat.area, "Northgate County");
    let restrictiveness: std::collections::BTreeSet<u8> =
        cat.measures.iter().map(|m| m.restrictiveness).collect();
    assert_eq!(
        restrictiveness.into_iter().collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let categories: std::collections::BTreeSet<String> = cat
        .measures
        .iter()
        .map(|m| psr::model::words(&m.category))
        .collect();
    assert_eq!(categories.len(), 12, "every category: {categories:?}");
    let needs: std::collections::BTreeSet<Need> = cat
        .measures
        .iter()
        .flat_map(|m| m.addresses_needs.iter().copied())
        .collect();
    assert_eq!(needs.len(), 9, "every need: {needs:?}");
    // Every condition can be filled from in-range parameters (smallest integer, a
    // sample of each other type): no catalogue condition uses an undefined variable.
    for measure in &cat.measures {
        let given = measure
            .parameters
            .iter()
            .map(|(name, spec)| {
                let value = match spec.kind {
                    psr::model::catalogue::ParamType::Integer => {
                        psr::model::ParamValue::Integer(spec.min.unwrap_or(1))
                    }
                    psr::model::catalogue::ParamType::Money => {
                        psr::model::ParamValue::Text("100.00".into())
                    }
                    psr::model::catalogue::ParamType::Text => {
                        psr::model::ParamValue::Text("the town centre".into())
                    }
                    psr::model::catalogue::ParamType::Boolean => {
                        psr::model::ParamValue::Boolean(true)
                    }
                };
                (name.clone(), value)
            })
            .collect();
        let filled = fill(measure, &given).unwrap_or_else(|e| panic!("{}: {e}", measure.id));
        assert!(!filled.contains("{{"), "{}: {filled}", measure.id);
    }
}

#[test]
fn example_case_matches_against_the_large_catalogue() {
    let (case, cat, m) = example_against_large();
    // The only finding: consent to the women's centre is not recorded.
    assert_eq!(codes(&m), vec!["N062"], "{:#?}", m.findings);
    let w = one(&m, "N062");
    let line = case
        .document
        .source
        .text
        .lines()
        .position(|l| l.contains("- id: womens-centre"))
        .unwrap()
        + 1;
    assert_eq!(w.location.map(|l| l.line), Some(line));

    let conditions: Vec<&str> = m.proposed.iter().map(|p| p.condition.as_str()).collect();
    assert_eq!(
        conditions,
        vec![
            "Attend 12 sessions at Northgate Women's Centre, 9 Linden Row on Tuesday or Thursday afternoons, as arranged with your supervisor.",
            "Pay £180.00 to the victim in equal monthly instalments over 6 months.",
        ]
    );

    // Every measure once, least restrictive first, but the diversion scheme: its
    // category serves diversion reports, not a full pre-sentence report.
    let diversion = cat
        .measures
        .iter()
        .filter(|m| m.category == psr::model::catalogue::MeasureCategory::Diversion)
        .count();
    assert_eq!(diversion, 1);
    assert_eq!(m.options.len(), cat.measures.len() - diversion);
    assert!(
        m.options
            .windows(2)
            .all(|w| w[0].measure.restrictiveness <= w[1].measure.restrictiveness)
    );
    let option = |id: &str| m.options.iter().find(|o| o.measure.id == id).unwrap();
    assert_eq!(option("womens-centre").status, OptionStatus::Proposed);
    assert_eq!(option("restitution").status, OptionStatus::Proposed);
    assert!(option("womens-centre").conflicts.is_empty());
    // The victim (the store) declined restorative justice.
    assert_eq!(option("rj-conference").status, OptionStatus::NotEligible);
    assert_eq!(
        option("rj-conference").reasons,
        vec![Reason::VictimDeclined]
    );
    // A programme for men at medium risk or above.
    assert_eq!(
        option("relationships-programme").reasons,
        vec![
            Reason::Gender {
                allowed: vec![Gender::Male]
            },
            Reason::RiskLevel {
                level: RiskLevel::Low,
                allowed: vec![RiskLevel::Medium, RiskLevel::High, RiskLevel::VeryHigh]
            },
        ]
    );
    // Mary is 23 at the hearing: the Transitions team is for her age, not her risk.
    assert_eq!(
        option("young-adult-supervision").reasons,
        vec![Reason::RiskLevel {
            level: RiskLevel::Low,
            allowed: vec![RiskLevel::Medium, RiskLevel::High]
        }]
    );
    assert_eq!(option("debt-advice").status, OptionStatus::Eligible);
    assert!(
        option("debt-advice").conflicts.is_empty(),
        "it has a crèche"
    );
    // She works 06:00–14:00 on weekdays, and she is the primary carer of two children
    // with no alternative care hours recorded: both conflicts are listed.
    assert_eq!(
        texts(&option("routes-into-work").conflicts),
        vec![
            "its sessions overlap the person's working hours: Mon 09:30–14:00, Wed 09:30–14:00",
            NO_CARE_HOURS,
        ]
    );
    // At weekends there is no clash with work, only with care.
    assert_eq!(
        option("unpaid-work-weekend").conflicts,
        vec![Conflict::NoChildcare]
    );
    assert_eq!(option("unpaid-work-weekend").status, OptionStatus::Eligible);
    // The overnight residence, 22:00 to 06:00, is closed to her on three counts.
    assert_eq!(option("approved-premises").reasons.len(), 3);
}

#[test]
fn example_case_with_heavier_measures_from_the_large_catalogue_gets_the_warnings() {
    let (mut case, cat, _) = example_against_large();
    let proposal = case.value.proposal.as_mut().unwrap();
    proposal.measures.push(yaml(
        "{ id: unpaid-work-evening, parameters: { hours: 60 }, consent: true }",
    ));
    proposal.measures.push(yaml(
        r#"{ id: curfew-em, parameters: { hours: "19:00 to 07:00", months: 3 } }"#,
    ));
    proposal.measures[0].consent = Some(true);
    let m = match_measures(&case.value, &cat, &case.document.map);
    // Low risk: the curfew is for medium risk and above.
    assert_eq!(
        with_code(&m, "E061")
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>(),
        vec![
            "the person is not eligible for `curfew-em`: for risk of reoffending medium, high, very high; the person's is low"
        ]
    );
    assert_eq!(
        one(&m, "W070").message,
        format!("`unpaid-work-evening`: {NO_CARE_HOURS}")
    );
    assert_eq!(
        one(&m, "W071").message,
        "risk of reoffending is low and `curfew-em` has restrictiveness 4"
    );
    assert_eq!(
        one(&m, "W072").message,
        "risk of reoffending is low and 4 measures are proposed"
    );
    assert_eq!(
        one(&m, "W079").message,
        "`unpaid-work-evening` has a waiting time of 6 weeks: it cannot start within four weeks of the hearing"
    );
    none(&m, "N062");
    assert_eq!(m.proposed.len(), 4);
    assert_eq!(
        m.proposed[3].condition,
        "Stay at your home address from 19:00 to 07:00 every day for 3 months, monitored electronically by Sentinel Monitoring Ltd."
    );
}
