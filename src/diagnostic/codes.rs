//! Every code psr reports, once: its severity and what it means in a line.
//!
//! Findings are made from these constants (`Diagnostic::new(codes::E021, ..)`), so a
//! code that is not listed here does not compile; a test checks the list against
//! `docs/diagnostics.md` both ways, as rustc's error index is checked.

use super::Severity;
use super::kyoto::Part::{self, Para, Principle, Strategy};

/// A kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The stable code: `E021`.
    pub code: &'static str,
    /// Error, warning or note: fixed for the code.
    pub severity: Severity,
    /// What it means, in a line.
    pub what: &'static str,
    /// The parts of the model strategies the rule serves: printed before its hint
    /// and beside its point in a report (`docs/diagnostics.md` lists them too).
    pub cites: &'static [Part],
}

macro_rules! codes {
    ($($name:ident $severity:ident $what:literal [$($cite:expr),*];)*) => {
        $(
            #[doc = $what]
            pub const $name: Code = Code {
                code: stringify!($name),
                severity: Severity::$severity,
                what: $what,
                cites: &[$($cite),*],
            };
        )*
        /// Every code, in order.
        pub const CODES: &[Code] = &[$($name),*];
    };
}

codes! {
    // Reading the file (load).
    E001 Error "the file is larger than the size limit" [];
    E002 Error "the file is not UTF-8 text" [];
    E003 Error "the YAML does not parse, or the file is empty" [];
    E004 Error "anchors or aliases, several documents, too deep or too large" [];
    E005 Error "a key repeated in one mapping" [];
    E010 Error "an unknown field" [];
    E011 Error "a value of the wrong type" [];
    E012 Error "a required field or section is missing" [];
    E013 Error "an unknown enumeration value" [];
    E014 Error "an invalid date or time" [];
    E015 Error "a control character in a text" [];
    E016 Error "a text that no font can print" [];
    E017 Error "a text longer than its limit" [];
    E018 Error "a list or mapping with more items than its limit" [];
    E019 Error "a file with more text in all than its limit" [];
    // The case (validate).
    E020 Error "an unknown schema version" [];
    E021 Error "the person is a child at the hearing" [Para(4)];
    E022 Error "a date of birth after the hearing or after an offence" [];
    E023 Error "an offence after the hearing" [];
    E024 Error "a report requested after the hearing" [];
    E025 Error "a supervisor's approval before the request" [];
    W025 Warning "an addendum's approval dated before the report it adds to" [Para(56)];
    E026 Error "a final report with a text it needs left empty" [];
    W026 Warning "a draft with a text it needs left empty" [];
    W028 Warning "the person's copy in a language the person is not recorded as reading, so that they may not understand it, and no interpreter" [Para(12)];
    E027 Error "an income not written as an amount of money" [Para(31)];
    E030 Error "a final report by an NGO worker or volunteer without a supervisor's approval" [Para(56), Para(59)];
    E034 Error "a final report changed after its supervisor's approval" [Para(56)];
    W034 Warning "a draft changed after its supervisor's approval" [Para(56)];
    E037 Error "a supervisor's signed approval that does not verify" [Para(56)];
    E038 Error "a final report by an NGO worker or volunteer approved without a fingerprint" [Para(56)];
    W030 Warning "a final report by an NGO worker or volunteer whose approval is not signed" [Para(56)];
    E035 Error "an addendum without the report it adds to" [];
    E036 Error "an addendum whose earlier case file cannot be used" [];
    E031 Error "a final report with no sources of information" [Para(13)];
    W031 Warning "a draft with no sources of information" [Para(13)];
    E032 Error "a final report with no offence" [Para(13), Para(24)];
    E033 Error "a final report with a placeholder of `psr init` left in it" [];
    W037 Warning "a bail report about an offence with a guilty plea" [Para(20)];
    W038 Warning "fields filled that this kind of report does not print" [];
    W039 Warning "a final report with circumstances of para 27 not assessed" [Para(27)];
    W040 Warning "a woman's caretaking or victimization not recorded" [Para(5), Para(27)];
    W041 Warning "a woman's pregnancy not stated" [Para(5)];
    W042 Warning "a young adult's childhood and education not recorded" [Para(27)];
    W043 Warning "a medium or high risk of self-harm" [Para(14)];
    W044 Warning "a bail report without its pretrial information" [Para(20), Para(21), Strategy(3)];
    W045 Warning "a pre-release report without the sentence and release date that a decision on early release weighs" [Para(12)];
    W046 Warning "a woman's trauma and mental health not recorded" [Para(5), Para(27)];
    W048 Warning "an NGO author's screening or training not recorded" [Para(26), Para(56), Para(59)];
    W049 Warning "a placeholder of `psr init` left in a draft" [];
    W050 Warning "a draft report" [];
    W051 Warning "a report without its own date" [];
    W052 Warning "the gravity and circumstances of an offence not recorded" [Para(6), Para(24), Para(25)];
    W053 Warning "how the person is expected to comply not recorded" [Para(28)];
    W054 Warning "a past breach without its circumstances" [Para(32)];
    W056 Warning "the victim not heard: at sentencing for violence, where the rights of victims are weighed; before release, where a victim or a history of violence is recorded" [Para(15), Para(24), Para(44)];
    W057 Warning "the person's own goals or views not recorded" [Para(12), Principle(1)];
    W058 Warning "an offence committed before the person reached the age of majority" [Para(4)];
    // The proposal against the catalogue (matching).
    E060 Error "a proposed measure that is not in the catalogue" [Para(28)];
    E061 Error "the person is not eligible for a proposed measure" [Para(16), Para(28)];
    W061 Warning "restorative justice proposed before the victim's consent is recorded" [Strategy(11), Para(50)];
    E062 Error "a required parameter is missing" [Para(31)];
    E063 Error "an unknown parameter" [];
    E064 Error "a parameter of the wrong type" [];
    E065 Error "a parameter outside its range" [Para(28), Para(32)];
    E066 Error "a condition that cannot be filled" [Para(31)];
    E067 Error "a final report whose catalogue lacks texts in its language" [];
    W067 Warning "a draft whose catalogue lacks texts in its language" [];
    E068 Error "a measure proposed in a kind of report it does not serve" [];
    W068 Warning "a measure proposed in a kind of report its category does not serve" [];
    E069 Error "a final diversion report proposing a measure without the person's agreement" [Para(17)];
    W094 Warning "a draft diversion report proposing a measure without the person's agreement" [Para(17)];
    W069 Warning "a measure proposed against the catalogue's criteria, with a reason" [Para(11), Para(12), Para(16)];
    W047 Warning "a measure whose accessibility is unknown, for a person with disabilities" [Para(14), Para(27)];
    W055 Warning "diversion may be preferred for this person" [Para(17), Para(18), Strategy(2)];
    W059 Warning "custody considered for a pregnant woman" [Para(5)];
    W090 Warning "electronic monitoring without supervision" [Para(33)];
    W091 Warning "many hours a week of sessions" [Para(31), Strategy(5)];
    W092 Warning "two proposed measures at the same times" [Para(31)];
    W093 Warning "amounts of money beside the person's means" [Para(14), Para(31)];
    N062 Note "a measure that requires consent, and none is recorded" [Para(17), Para(50)];
    W070 Warning "a measure that clashes with work or care" [Para(5), Para(25), Para(27), Para(31)];
    W071 Warning "a restrictive measure for a person at low risk" [Para(34), Strategy(5)];
    W072 Warning "three or more measures for a person at low risk" [Para(32), Para(34), Strategy(5)];
    W073 Warning "a less restrictive measure meets the same needs" [Para(15)];
    W074 Warning "custody considered without a rationale" [Principle(2)];
    W075 Warning "a short custodial term" [Para(24), Strategy(4)];
    W076 Warning "custody for a primary caregiver without its impact" [Para(5), Para(14), Para(25), Para(27)];
    W077 Warning "an assessed need that no proposed measure addresses" [Principle(4), Para(46)];
    W078 Warning "a proposed measure with no places" [Para(28)];
    W079 Warning "a proposed measure that cannot start within four weeks" [Para(28)];
    // The catalogue (validate).
    E080 Error "an unknown catalogue version" [];
    E081 Error "two measures with the same id" [];
    E082 Error "a restrictiveness outside 1 to 5" [Para(15)];
    E083 Error "a parameter's range that nothing can satisfy" [];
    E084 Error "a condition template that does not parse" [];
    E085 Error "a condition that uses a value the measure does not define" [Para(31)];
    E086 Error "a session that ends before it starts" [];
    E087 Error "a schedule block with no days" [];
    E088 Error "an age range that nobody fits" [];
    E089 Error "an age of majority above 18, or supervisors who themselves need approval" [Para(4), Para(56)];
    W089 Warning "amounts of money and no currency" [Para(31)];
}

/// The code of this name, if psr has it.
pub fn lookup(code: &str) -> Option<Code> {
    CODES.iter().copied().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{CODES, Severity};
    use crate::diagnostic::kyoto;

    /// The codes `docs/diagnostics.md` explains: the first cell of its table rows.
    fn documented() -> BTreeSet<String> {
        include_str!("../../docs/diagnostics.md")
            .lines()
            .filter_map(|line| line.strip_prefix("| "))
            .filter_map(|rest| rest.split_once(' ').map(|(code, _)| code))
            .filter(|code| {
                code.len() == 4
                    && code.starts_with(['E', 'W', 'N'])
                    && code[1..].bytes().all(|b| b.is_ascii_digit())
            })
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_docs_cite_for_each_code_what_the_registry_cites() {
        let docs = include_str!("../../docs/diagnostics.md");
        for code in CODES {
            let row = docs
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", code.code)))
                .unwrap_or_else(|| panic!("no row for {}", code.code));
            let mut found = kyoto::citations_in(row);
            found.sort();
            found.dedup();
            let mut cited = code.cites.to_vec();
            cited.sort();
            assert_eq!(
                found, cited,
                "{}: docs/diagnostics.md cites {found:?}, the registry {cited:?}",
                code.code
            );
            // What the code is for, in its own words and the docs': each part it
            // cites holds it.
            let claim = format!("{} {row}", code.what);
            for part in code.cites {
                if let Err(why) = kyoto::holds(*part, &claim) {
                    panic!("{}: {why}", code.code);
                }
            }
        }
    }

    /// The column `refuses` of `docs/diagnostics.md` agrees with the severity and
    /// with the errors a draft renders with.
    #[test]
    fn the_docs_say_which_reports_each_code_refuses() {
        let docs = include_str!("../../docs/diagnostics.md");
        for code in CODES {
            let row = docs
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", code.code)))
                .unwrap_or_else(|| panic!("no row for {}", code.code));
            let cell = row.split('|').nth(2).map_or("", str::trim);
            let expected: &[&str] = match code.severity {
                Severity::Warning | Severity::Note => &["neither"],
                Severity::Error if crate::pipeline::DRAFT_RENDERS.contains(code) => {
                    &["finals (a draft renders)"]
                }
                Severity::Error => &["drafts and finals", "finals"],
            };
            assert!(
                expected.contains(&cell),
                "{}: docs/diagnostics.md says it refuses {cell:?}, expected one of {expected:?}",
                code.code
            );
        }
    }

    #[test]
    fn every_code_is_documented_and_every_documented_code_exists() {
        let listed: BTreeSet<String> = CODES.iter().map(|c| c.code.to_string()).collect();
        let documented = documented();
        let undocumented: Vec<_> = listed.difference(&documented).collect();
        let unknown: Vec<_> = documented.difference(&listed).collect();
        assert!(
            undocumented.is_empty(),
            "codes missing from docs/diagnostics.md: {undocumented:?}"
        );
        assert!(
            unknown.is_empty(),
            "docs/diagnostics.md explains codes psr does not have: {unknown:?}"
        );
    }

    #[test]
    fn the_letter_says_the_severity_and_each_code_is_listed_once() {
        for (i, code) in CODES.iter().enumerate() {
            let letter = match code.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Note => 'N',
            };
            assert!(code.code.starts_with(letter), "{}", code.code);
            assert_eq!(code.code.len(), 4, "{}", code.code);
            assert!(
                CODES[..i].iter().all(|c| c.code != code.code),
                "{} twice",
                code.code
            );
        }
    }
}
