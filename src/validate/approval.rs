//! E034/W034: a supervisor's approval bound to what it approved (para 56).
//!
//! `psr approve` records in `report.supervisor.fingerprint` the SHA-256 of the case's
//! content — its tree, keys sorted, less `report.supervisor` (the approval itself) and
//! `report.status` (so a draft approved can become final) — and keeps the approved
//! file beside the case (`NAME.approved.yaml`). A case whose content no longer has
//! that fingerprint was changed after approval: a final report is refused, naming the
//! fields that changed from the kept copy, and a draft is warned.
//!
//! E038/W030: an approval that nothing binds to the text or to the supervisor. A final
//! report by an NGO worker or volunteer approved with no fingerprint is refused under
//! `schema_version: 2` (E038) and warned under 1, whose files were written before
//! `psr approve` existed (W030); one approved but not signed (`psr approve --key`) is
//! warned under both: anyone can type a supervisor's name.
//!
//! Layout, comments, quoting and key order do not count: a case and its `psr fmt` have
//! one fingerprint. The order of a list's items does count (a re-ordered list is
//! another text for the court), though `psr diff` names no field for it.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, codes};
use crate::diff;
use crate::digest::sha256_hex;
use crate::load::SourceMap;
use crate::model::Case;
use crate::model::case::ReportStatus;

/// How a fingerprint starts: the algorithm, so that another can follow.
pub const SCHEME: &str = "sha256:";

/// How many changed fields a finding names before "and N more".
const NAMED: usize = 8;

/// The fingerprint of a case's content: `sha256:` and 64 hex digits.
pub fn fingerprint(root: &Value) -> String {
    let content = approved_content(root);
    // serde_json's maps are sorted by key: the same tree always gives the same bytes
    // (its compact text, which writing a `Value` cannot fail to give).
    format!("{SCHEME}{}", sha256_hex(content.to_string().as_bytes()))
}

/// The tree less what an approval leaves out: `report.supervisor` and `report.status`.
pub fn approved_content(root: &Value) -> Value {
    let mut content = root.clone();
    if let Some(report) = content.get_mut("report").and_then(Value::as_object_mut) {
        report.remove("supervisor");
        report.remove("status");
    }
    content
}

/// Whether a text is a fingerprint as `psr approve` writes it.
pub fn is_fingerprint(text: &str) -> bool {
    text.strip_prefix(SCHEME).is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The recorded fingerprint of a tree, if any.
fn recorded(root: &Value) -> Option<&str> {
    root.pointer("/report/supervisor/fingerprint")
        .and_then(Value::as_str)
}

/// E038 or W030: a final report by an NGO worker or volunteer whose approval is not
/// bound to its text (no fingerprint) or not signed by the supervisor (para 56). A
/// report with no named supervisor is E030's.
pub fn unbound(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let report = &case.report;
    let Some(supervisor) = report.supervisor.as_ref() else {
        return Vec::new();
    };
    let named = supervisor
        .name
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    if report.status != ReportStatus::Final || !report.author.role.needs_supervision() || !named {
        return Vec::new();
    }
    let path = "report.supervisor";
    let at = map.key(path);
    const SIGN: &str = "ask the supervisor to approve it with their key (`psr approve CASE --by NAME \
                        --role ROLE --catalogue FILE --key KEY.p12`, or the studio's review page), \
                        or to countersign the PDF (`psr countersign REPORT.pdf --key KEY.p12`); \
                        see docs/signatures.md";
    let finding = match (&supervisor.fingerprint, &supervisor.signature) {
        (_, Some(_)) => return Vec::new(),
        (None, _) if binds_approvals(case.schema_version) => Diagnostic::new(
            codes::E038,
            path,
            "the approval has no fingerprint: nothing shows that the supervisor approved \
             this text",
        )
        .with_hint(
            "ask the supervisor to approve the case with `psr approve` or on the studio's \
             review page, which record the fingerprint of what they read; or set \
             `status: draft`",
        ),
        (None, _) => Diagnostic::new(
            codes::W030,
            path,
            "the approval has no fingerprint and is not signed: nothing shows that the \
             supervisor approved this text",
        )
        .with_hint(SIGN),
        (Some(_), None) => Diagnostic::new(
            codes::W030,
            path,
            "the approval is not signed: anyone can record it in the supervisor's name",
        )
        .with_hint(SIGN),
    };
    vec![finding.at(at)]
}

/// Whether a case format version refuses an approval with no fingerprint: 2, not 1,
/// nor a version this psr does not read (E020 says so, and its rules are unknown).
fn binds_approvals(version: u32) -> bool {
    version >= 2 && crate::model::SCHEMA_VERSIONS.contains(&version)
}

/// The fields that changed from the approved copy `copy` to the case `root`: the
/// first [`NAMED`], and how many more.
fn changed_fields(copy: &Value, root: &Value) -> String {
    let changes = diff::diff(&approved_content(copy), &approved_content(root));
    if changes.is_empty() {
        return "the order of items in a list".to_string();
    }
    let mut named: Vec<&str> = changes
        .iter()
        .take(NAMED)
        .map(|c| c.path.as_str())
        .collect();
    named.dedup();
    let more = changes.len().saturating_sub(NAMED);
    let mut list = named.join(", ");
    if more > 0 {
        list.push_str(&format!(" and {more} more"));
    }
    list
}

/// What [`approval`]'s findings read ([`super::Reports`]).
pub const REPORTS: &[super::Reports] = &[
    // The fingerprint is of the whole content: any field that failed to load counts.
    super::reports(codes::E034, &[""]),
    super::reports(codes::W034, &[""]),
];

/// E034 (final) or W034 (draft): the case changed after its approval. `root` is the
/// case's tree; `approved` the tree of the approved copy kept beside it, if any.
pub fn approval(
    case: &Case,
    root: &Value,
    map: &SourceMap,
    approved: Option<&Value>,
) -> Vec<Diagnostic> {
    let supervisor = case.report.supervisor.as_ref();
    // An approved copy whose own fingerprint is not what it records is not one psr
    // kept: it names nothing.
    let kept = approved.filter(|copy| recorded(copy).is_some_and(|f| f == fingerprint(copy)));
    let (path, expected) = match (supervisor.and_then(|s| s.fingerprint.as_deref()), kept) {
        (Some(f), _) => ("report.supervisor.fingerprint", f.to_string()),
        // The fingerprint was taken out, and the approved copy says there was one.
        (None, Some(copy)) => (
            if supervisor.is_some() {
                "report.supervisor"
            } else {
                "report"
            },
            recorded(copy).unwrap_or_default().to_string(),
        ),
        (None, None) => return Vec::new(),
    };
    let code = match case.report.status {
        ReportStatus::Final => codes::E034,
        ReportStatus::Draft => codes::W034,
    };
    let at = map.value(path).or_else(|| map.key(path));
    if !is_fingerprint(&expected) {
        return vec![
            Diagnostic::new(
                code,
                path,
                format!("`{expected}` is not a fingerprint written by `psr approve`"),
            )
            .with_hint("leave `fingerprint` as `psr approve` wrote it; ask the supervisor to approve the case again")
            .at(at),
        ];
    }
    if fingerprint(root) == expected {
        return Vec::new();
    }
    let when = supervisor
        .and_then(|s| s.approved_on)
        .map_or_else(String::new, |d| format!(" on {d}"));
    let what = match kept.filter(|copy| recorded(copy) == Some(expected.as_str())) {
        Some(copy) => changed_fields(copy, root),
        None => "its content no longer has the approved fingerprint (no approved copy \
                 is kept beside the file to name the fields)"
            .to_string(),
    };
    let removed = supervisor.and_then(|s| s.fingerprint.as_ref()).is_none();
    let message = if removed {
        format!(
            "the approval's fingerprint was removed from a case approved{when}; changed: {what}"
        )
    } else {
        format!("the case changed after its approval{when}: {what}")
    };
    vec![
        Diagnostic::new(code, path, message)
            .with_hint(
                "the supervisor approved another content; ask them to approve it again \
                 (`psr approve`), or set `status: draft`; `psr diff NAME.approved.yaml NAME.yaml` \
                 lists every change",
            )
            .at(at),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The findings of [`unbound`] for the example's report with `changes` made.
    fn unbound_codes(edit: impl Fn(&mut Case)) -> Vec<&'static str> {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/case.example.yaml"
        ))
        .unwrap();
        let source = crate::load::SourceFile {
            name: "case.yaml".into(),
            text,
        };
        let Ok(loaded) = crate::load::load_source::<Case>(source) else {
            panic!("the example loads");
        };
        let mut case = loaded.value;
        edit(&mut case);
        unbound(&case, &loaded.document.map)
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn an_approval_nothing_binds_is_refused_in_version_2_and_warned_in_1() {
        // The example: version 1, final, an NGO worker's, approved by hand.
        assert_eq!(unbound_codes(|_| {}), ["W030"]);
        assert_eq!(unbound_codes(|c| c.schema_version = 2), ["E038"]);
        // A version psr does not read has E020, not version 2's rule.
        assert_eq!(unbound_codes(|c| c.schema_version = 3), ["W030"]);
        let with = |fingerprint: bool, signature: bool| {
            move |c: &mut Case| {
                c.schema_version = 2;
                let s = c.report.supervisor.as_mut().unwrap();
                s.fingerprint = fingerprint.then(|| format!("{SCHEME}{}", "0".repeat(64)));
                s.signature = signature.then(|| "MAA=".to_string());
            }
        };
        // Bound but not signed: warned; signed: E037 checks it, nothing here.
        assert_eq!(unbound_codes(with(true, false)), ["W030"]);
        assert!(unbound_codes(with(true, true)).is_empty());
        // Drafts, and reports that need no supervision, are not concerned.
        assert!(
            unbound_codes(|c| {
                c.schema_version = 2;
                c.report.status = ReportStatus::Draft;
            })
            .is_empty()
        );
        assert!(
            unbound_codes(|c| {
                c.schema_version = 2;
                c.report.author.role = crate::model::case::AuthorRole::ProbationOfficer;
            })
            .is_empty()
        );
        // No supervisor named: E030's, not this rule's.
        assert!(
            unbound_codes(|c| {
                c.schema_version = 2;
                c.report.supervisor.as_mut().unwrap().name = None;
            })
            .is_empty()
        );
    }

    #[test]
    fn the_fingerprint_leaves_out_the_approval_and_the_status() {
        let draft = json!({"report": {"status": "draft", "court": "A"}, "person": {"x": 1}});
        let approved = json!({
            "person": {"x": 1},
            "report": {"court": "A", "status": "final",
                       "supervisor": {"name": "S", "fingerprint": "sha256:00"}}
        });
        assert_eq!(fingerprint(&draft), fingerprint(&approved));
        assert!(is_fingerprint(&fingerprint(&draft)));
        let changed = json!({"report": {"status": "draft", "court": "B"}, "person": {"x": 1}});
        assert_ne!(fingerprint(&draft), fingerprint(&changed));
    }

    #[test]
    fn only_what_psr_writes_is_a_fingerprint() {
        assert!(!is_fingerprint("sha256:ABC"));
        assert!(!is_fingerprint(&format!("md5:{}", "0".repeat(64))));
        assert!(!is_fingerprint(&format!("sha256:{}", "A".repeat(64))));
        assert!(is_fingerprint(&format!("sha256:{}", "a".repeat(64))));
    }
}
