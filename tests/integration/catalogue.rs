//! The catalogue end to end: its own diagnostics, `psr measures`, and the options and
//! points for the court's attention in a rendered report.

use crate::common::*;

#[test]
fn a_broken_catalogue_gets_every_finding_with_its_line() {
    let output = psr(&[
        "validate".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        fixture("invalid-catalogue/err_many.yaml").as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        report["path"]
            .as_str()
            .unwrap()
            .ends_with("invalid-catalogue/err_many.yaml")
    );
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // A catalogue with errors shows its warnings too: one run, every problem.
    let expected = [
        ("W089", "currency", 5),
        ("E083", "measures[2].parameters.hours", 50),
        ("E086", "measures[3].schedule[0].from", 77),
        ("E084", "measures[4].condition", 106),
        ("E085", "measures[5].condition", 120),
        ("E082", "measures[6].restrictiveness", 125),
        ("E081", "measures[7].id", 138),
    ];
    let expected: Vec<(String, String, u64)> = expected
        .iter()
        .map(|(c, p, l)| (c.to_string(), p.to_string(), *l))
        .collect();
    assert_eq!(found, expected);

    // A report cannot be rendered from it.
    let dir = temp();
    let out = dir.path().join("report.pdf");
    let output = psr(&[
        "render".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        fixture("invalid-catalogue/err_many.yaml").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn measures_lists_every_option_least_restrictive_first() {
    let output = psr(&[
        "measures".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let order: Vec<usize> = ["discharge", "womens-centre", "drug-treatment", "curfew-em"]
        .iter()
        .map(|id| {
            text.find(&format!("\n{id} "))
                .unwrap_or_else(|| panic!("{id} missing:\n{text}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(
        text.contains("requires an assessed need: substance use"),
        "{text}"
    );
    assert!(
        text.contains(
            "its sessions overlap the person's working hours: Mon 10:00–12:00, Wed 10:00–12:00"
        ),
        "{text}"
    );

    let json = psr(&[
        "measures".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "--json".as_ref(),
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 9);
    let levels: Vec<u64> = rows
        .iter()
        .map(|r| r["restrictiveness"].as_u64().unwrap())
        .collect();
    assert!(levels.windows(2).all(|w| w[0] <= w[1]));
    let centre = rows.iter().find(|r| r["id"] == "womens-centre").unwrap();
    assert_eq!(centre["status"], "proposed");
    let supervision = rows.iter().find(|r| r["id"] == "supervision").unwrap();
    assert_eq!(supervision["status"], "not_eligible");
    assert_eq!(supervision["rules"][0]["rule"], "risk_level");
}

#[test]
fn a_rendered_report_shows_the_options_and_the_points_for_the_court() {
    let dir = temp();
    let case = dir.path().join("case.yaml");
    let text = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    // Work until 18:00 clashes with the women's centre (Tue, Thu 15:00–17:00), and a
    // third measure for a person at low risk widens the net (para 34).
    let text = text.replace("to: \"14:00\"", "to: \"18:00\"").replace(
        "    - id: restitution",
        "    - id: discharge\n      parameters: { months: 12 }\n    - id: restitution",
    );
    std::fs::write(&case, text).unwrap();
    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("W070") && stderr(&output).contains("W072"));
    let pdf = pdf_text(&out);
    let options = pdf.find("7 Options considered").unwrap();
    let points = pdf.find("9 Points for the court's attention").unwrap();
    assert!(
        pdf[options..].contains("Conditional discharge 1 proposed"),
        "{pdf}"
    );
    assert!(
        pdf[options..].contains("Electronically monitored curfew 4 not eligible"),
        "{pdf}"
    );
    let attention = &pdf[points..];
    for expected in [
        // Each point with the parts of the model strategies its rule serves.
        "Women's centre programme: its sessions overlap the person's working hours: Tue 15:00–17:00, Thu 15:00–17:00 (paras 5, 25, 27 and 31).",
        "The risk of reoffending is low and 3 measures are proposed: conditions should be limited to those necessary (paras 32 and 34, model strategy 5).",
        "Conditional discharge for 12 months: if a further offence is committed",
    ] {
        assert!(
            pdf.contains(expected),
            "missing {expected:?} in:\n{attention}"
        );
    }
}

/// The codes `psr validate --json` reports for a case against a catalogue.
fn validate_codes(case: &std::path::Path, catalogue: &std::path::Path) -> (i32, Vec<String>) {
    let output = psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue.as_os_str(),
        "--json".as_ref(),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}", stderr(&output)));
    let codes = report["diagnostics"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|d| d["code"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default();
    (output.status.code().unwrap_or(-1), codes)
}

/// The catalogue says the law of its area: an earlier age of majority (para 4,
/// footnote 3) and the roles whose approval its service accepts (para 56); left out,
/// 18 and probation officers or social workers. A majority above 18, or a supervisor
/// who needs approval, is refused.
#[test]
fn the_catalogue_sets_the_age_of_majority_and_the_supervisors_of_its_area() {
    let dir = temp();
    let example = std::fs::read_to_string(fixture("catalogue.example.yaml")).unwrap();
    let catalogue = |name: &str, settings: &str| {
        let path = dir.path().join(name);
        let text = example.replacen(
            "updated_on: 2026-10-01\n",
            &format!("updated_on: 2026-10-01\n{settings}"),
            1,
        );
        std::fs::write(&path, text).unwrap();
        path
    };
    let case = |name: &str, edit: &dyn Fn(String) -> String| {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
        path
    };
    // Seventeen at the hearing on 2026-12-03.
    let seventeen = case("seventeen.yaml", &|t| {
        let birth = t
            .lines()
            .find(|l| l.trim_start().starts_with("date_of_birth:"))
            .unwrap()
            .to_string();
        t.replacen(&birth, "  date_of_birth: 2009-06-01", 1)
    });
    let default = catalogue("default.yaml", "");
    let (status, codes) = validate_codes(&seventeen, &default);
    assert_eq!(status, 1);
    assert!(codes.contains(&"E021".to_string()), "{codes:?}");
    let at_17 = catalogue("at17.yaml", "age_of_majority: 17\n");
    let (_, codes) = validate_codes(&seventeen, &at_17);
    assert!(!codes.contains(&"E021".to_string()), "{codes:?}");
    // An offence at 17 by an adult of 19: committed as a child where majority is 18
    // (W058, and a point for the court), not where the area sets it at 17.
    let at_seventeen = case("offence-at-17.yaml", &|t| {
        let birth = t
            .lines()
            .find(|l| l.trim_start().starts_with("date_of_birth:"))
            .unwrap()
            .to_string();
        t.replacen(&birth, "  date_of_birth: 2007-06-01", 1)
            .replacen("    date: 2026-08-02", "    date: 2024-12-01", 1)
    });
    let (_, codes) = validate_codes(&at_seventeen, &default);
    assert!(codes.contains(&"W058".to_string()), "{codes:?}");
    let (_, codes) = validate_codes(&at_seventeen, &at_17);
    assert!(!codes.contains(&"W058".to_string()), "{codes:?}");
    // A prison officer's approval, accepted only where the service names the role.
    let prison = case("prison.yaml", &|t| {
        t.replacen(
            "    role: probation_officer\n    organisation: \"Riverside Probation Service\"",
            "    role: prison_officer\n    organisation: \"Riverside Probation Service\"",
            1,
        )
    });
    assert_ne!(
        std::fs::read_to_string(&prison).unwrap(),
        std::fs::read_to_string(fixture("case.example.yaml")).unwrap(),
        "the supervisor's role was not changed"
    );
    let (status, codes) = validate_codes(&prison, &default);
    assert_eq!(status, 1);
    assert!(codes.contains(&"E030".to_string()), "{codes:?}");
    let with_prison = catalogue(
        "prison.yaml",
        "supervisor_roles: [probation_officer, social_worker, prison_officer]\n",
    );
    let (_, codes) = validate_codes(&prison, &with_prison);
    assert!(!codes.contains(&"E030".to_string()), "{codes:?}");
    // What psr cannot apply.
    let wrong = catalogue(
        "wrong.yaml",
        "age_of_majority: 21\nsupervisor_roles: [volunteer]\n",
    );
    let output = psr(&[
        "validate".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        wrong.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).matches("E089").count(),
        2,
        "{}",
        stderr(&output)
    );
}

/// A catalogue with one wrong field is refused for that field only: its language and
/// currency, which are right, are never called unknown (E010).
#[test]
fn one_wrong_field_of_a_catalogue_does_not_make_its_language_and_currency_unknown() {
    let dir = temp();
    let example = std::fs::read_to_string(fixture("catalogue.example.yaml")).unwrap();
    let wrong = example.replacen(
        "updated_on: 2026-10-01\n",
        "updated_on: 2026-10-01\nage_of_majority: seventeen\n",
        1,
    );
    assert_ne!(wrong, example);
    let path = dir.path().join("wrong.yaml");
    std::fs::write(&path, wrong).unwrap();
    let (status, codes) = validate_codes(&fixture("case.example.yaml"), &path);
    assert_eq!(status, 1, "{codes:?}");
    assert!(!codes.contains(&"E010".to_string()), "{codes:?}");
    assert!(!codes.is_empty());
}
