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
    // Co-defendants share a court reference: the second gets a suffix. The bad case
    // has the same reference, and reserves no name: before, it took `-2`.
    assert!(
        std::fs::read_to_string(inputs.join("03-bad.yaml"))
            .unwrap()
            .contains("RMC/CR/2026/0417")
    );
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
            "RMC_CR_2026_0417-2-person.pdf",
            "RMC_CR_2026_0417-2.pdf",
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
    // The example's two warnings: a young adult for whom diversion may be preferred
    // (W055), and an approval that is neither bound nor signed (W030).
    assert_eq!(cases[0]["warnings"], 2);
    assert_eq!(cases[2]["status"], "failed");
    assert_eq!(cases[2]["error"]["code"], "E011");
    assert_eq!(cases[2]["error"]["line"], 36);
    assert_eq!(cases[3]["outputs"][0]["output"], "RMC_CR_2026_0417-2.pdf");

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

fn batch(inputs: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "batch".as_ref(),
        inputs.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().into_os_string().leak(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    psr(&args)
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A batch of a folder reads it as the studio does: a catalogue kept there is
/// recognised and left aside (not a failed case), the studio's conflict copies
/// (`NAME.unsaved-N.yaml`) are named and left aside, and a link is not followed out
/// of the folder. Before, the catalogue failed the batch (exit 1), the conflict copy
/// was rendered as a second report, and the linked file outside was rendered.
#[test]
fn a_batch_folder_is_read_as_the_studio_reads_it() {
    let dir = temp();
    let inputs = dir.path().join("cases");
    std::fs::create_dir(&inputs).unwrap();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    std::fs::write(inputs.join("smith.yaml"), &example).unwrap();
    std::fs::write(inputs.join("smith.unsaved-1.yaml"), &example).unwrap();
    std::fs::copy(catalogue(), inputs.join("catalogue.yaml")).unwrap();
    std::fs::write(
        dir.path().join("elsewhere.yaml"),
        example.replace("RMC/CR/2026/0417", "RMC/CR/2026/0999"),
    )
    .unwrap();
    std::os::unix::fs::symlink("../elsewhere.yaml", inputs.join("outside.yaml")).unwrap();

    let out = dir.path().join("out");
    for jobs in ["1", "2"] {
        let output = batch(&inputs, &out, &["--jobs", jobs, "--force"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert!(err.contains("rendered 1, failed 0"), "{err}");
        for (name, why) in [
            ("catalogue.yaml", "a catalogue"),
            ("smith.unsaved-1.yaml", "the studio"),
            ("outside.yaml", "outside the folder"),
        ] {
            let line = err
                .lines()
                .find(|l| l.starts_with("left aside") && l.contains(name))
                .unwrap_or_else(|| panic!("{name} not left aside:\n{err}"));
            assert!(line.contains(why), "{line}");
        }
        assert_eq!(names_in(&out), ["RMC_CR_2026_0417.pdf", "manifest.json"]);
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["cases"].as_array().unwrap().len(), 1);
        assert_eq!(manifest["left_aside"].as_array().unwrap().len(), 3);
    }
}

/// A batch run again into the same folder without `--force` is refused before it
/// starts, and the earlier manifest (the SHA-256 of every report it wrote) is kept.
/// Before, every case failed ("already exists") and `manifest.json` was replaced by
/// one listing them all as failed.
#[test]
fn a_batch_run_again_into_its_folder_needs_force() {
    let dir = temp();
    let out = dir.path().join("out");
    let case = fixture("case.example.yaml");
    let first = batch(&case, &out, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();

    let again = batch(&case, &out, &[]);
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(2), "{err}");
    assert!(err.contains("manifest.json"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(!err.contains("failed"), "nothing was tried: {err}");
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest);
    assert_eq!(names_in(&out), ["RMC_CR_2026_0417.pdf", "manifest.json"]);

    let forced = batch(&case, &out, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
}
