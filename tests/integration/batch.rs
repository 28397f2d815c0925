//! `psr batch`: many cases, one bad one among them.

use crate::common::*;

#[test]
fn batch_goes_on_past_a_bad_case_and_writes_a_manifest() {
    let dir = temp();
    let inputs = dir.path().join("cases");
    std::fs::create_dir(&inputs).unwrap();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    std::fs::write(inputs.join("01-first.yaml"), &example).unwrap();
    std::fs::write(
        inputs.join("02-second.yaml"),
        example.replace("RMC/CR/2026/0417", "RMC/CR/2026/0999"),
    )
    .unwrap();
    std::fs::copy(
        fixture("invalid/err_wrong_type.yaml"),
        inputs.join("03-bad.yaml"),
    )
    .unwrap();
    // Co-defendants share a court reference: the second gets a suffix.
    std::fs::write(inputs.join("04-codefendant.yaml"), &example).unwrap();
    std::fs::write(inputs.join("notes.txt"), "not a case").unwrap();

    let out = dir.path().join("out");
    let output = psr(&[
        "batch".as_ref(),
        inputs.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--jobs".as_ref(),
        "2".as_ref(),
        "--copy".as_ref(),
        "all".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("rendered 3, failed 1"), "{err}");
    assert!(
        err.contains("03-bad.yaml:36: E011 person.pregnant"),
        "{err}"
    );
    // Progress lines and summary never name the person.
    assert!(!err.contains("Wanjiru"), "{err}");

    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "RMC_CR_2026_0417-3-person.pdf",
            "RMC_CR_2026_0417-3.pdf",
            "RMC_CR_2026_0417-person.pdf",
            "RMC_CR_2026_0417.pdf",
            "RMC_CR_2026_0999-person.pdf",
            "RMC_CR_2026_0999.pdf",
            "manifest.json",
        ]
    );

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["rendered"], 3);
    assert_eq!(manifest["failed"], 1);
    let cases = manifest["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    assert!(
        cases[0]["input"]
            .as_str()
            .unwrap()
            .ends_with("01-first.yaml")
    );
    let court = &cases[0]["outputs"][0];
    let bytes = std::fs::read(out.join(court["output"].as_str().unwrap())).unwrap();
    assert_eq!(court["sha256"], psr::output::sha256_hex(&bytes));
    assert_eq!(court["pages"], 4);
    // The example's one warning: a young adult for whom diversion may be preferred (W055).
    assert_eq!(cases[0]["warnings"], 1);
    assert_eq!(cases[2]["status"], "failed");
    assert_eq!(cases[2]["error"]["code"], "E011");
    assert_eq!(cases[2]["error"]["line"], 36);
    assert_eq!(cases[3]["outputs"][0]["output"], "RMC_CR_2026_0417-3.pdf");

    // A batch renders the same bytes as `render`.
    let single = dir.path().join("single.pdf");
    assert!(
        render(&fixture("case.example.yaml"), &single, &[])
            .status
            .success()
    );
    assert_eq!(std::fs::read(single).unwrap(), bytes);
}

#[test]
fn quiet_batch_prints_nothing_and_succeeds() {
    let dir = temp();
    let out = dir.path().join("out");
    let output = psr(&[
        "batch".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--quiet".as_ref(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    assert!(out.join("RMC_CR_2026_0417.pdf").exists());
}
