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
