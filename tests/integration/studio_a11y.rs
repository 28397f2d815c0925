//! The studio's pages checked by axe-core (npm `axe-core`, which `.ci/run` installs
//! into `target/npm`), injected into headless Chromium through WebDriver: every page
//! and state an officer or a supervisor meets has no violation.
//!
//! Without axe-core or the browser the test says so and passes on a developer's
//! machine; under CI (`CI` set) it fails instead.

use std::path::PathBuf;

use fantoccini::{Client, Locator};
use serde_json::Value;

use super::studio_browser::{Browser, open, until};

/// axe-core's script, where `.ci/run` installs it (or `PSR_AXE`).
pub(super) fn axe_source() -> Option<String> {
    let path = std::env::var_os("PSR_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/npm/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(path).ok()
}

/// The violations axe-core finds on the page as it now is: the rule, its impact and
/// the first elements it names.
pub(super) async fn violations(client: &Client, axe: &str) -> Vec<String> {
    let loaded = client
        .execute(&format!("{axe}\n;return typeof window.axe;"), vec![])
        .await
        .expect("axe-core injected");
    assert_eq!(
        loaded,
        Value::String("object".into()),
        "axe-core did not load"
    );
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then((r) => done(r.violations.map((v) => v.id + ' (' + v.impact + '): '
                 + v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '))))
               .catch((e) => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe-core ran");
    found
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn every_page_and_state_of_the_studio_passes_axe() {
    let Some(axe) = axe_source() else {
        let message = "axe-core is needed (npm install --prefix target/npm axe-core; .ci/run does)";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("SKIPPED every_page_and_state_of_the_studio_passes_axe: {message}");
        return;
    };
    let Some(browser) = Browser::start("every_page_and_state_of_the_studio_passes_axe") else {
        return;
    };
    std::fs::copy(
        super::common::fixture("case.example.yaml"),
        browser.folder.path().join("case.yaml"),
    )
    .expect("copy");
    let studio = &browser.studio;
    browser.runtime.block_on(async {
        let client = browser.session().await;
        let mut found: Vec<String> = Vec::new();
        let mut check = |page: &str, list: Vec<String>| {
            found.extend(list.into_iter().map(|v| format!("{page}: {v}")));
        };
        let origin = open(&client, &studio.address).await;
        until(
            &client,
            "the list",
            "document.body.innerText.includes('case.yaml')",
        )
        .await;
        check("the case list", violations(&client, &axe).await);

        // The case page on the YAML tab, its preview shown.
        client
            .goto(&format!("{origin}/case/case.yaml"))
            .await
            .expect("case");
        until(
            &client,
            "the preview",
            "document.querySelectorAll('#pages img').length > 0",
        )
        .await;
        check("the YAML tab", violations(&client, &axe).await);
        // Each page of the preview says what is on it, by its headings.
        let alts = client
            .execute(
                "return [...document.querySelectorAll('#pages img')].map((i) => i.alt);",
                vec![],
            )
            .await
            .expect("alts");
        let alts = alts.to_string();
        assert!(
            alts.contains("Page 1 of ")
                && alts.contains(", 4 Personal circumstances,")
                && !alts.contains("Section"),
            "{alts}"
        );
        // The first key reaches the skip link; it opens the form at its step title.
        let first = client
            .execute(
                "const s = document.querySelector('a.skip'); s.focus(); s.click();
                 return [s.textContent, document.activeElement.id,
                         document.getElementById('tab-form').getAttribute('aria-selected')];",
                vec![],
            )
            .await
            .expect("skip");
        assert_eq!(
            first,
            serde_json::json!(["Skip to the form", "step-title", "true"]),
            "the skip link"
        );
        client
            .find(Locator::Id("tab-yaml"))
            .await
            .expect("tab")
            .click()
            .await
            .expect("click");

        // Each step of the forms.
        client
            .find(Locator::Id("tab-form"))
            .await
            .expect("tab")
            .click()
            .await
            .expect("click");
        until(
            &client,
            "the form",
            "document.getElementById('form-fields').children.length > 1",
        )
        .await;
        let steps = client
            .execute(
                "return document.querySelectorAll('#form-steps button').length;",
                vec![],
            )
            .await
            .expect("steps")
            .as_u64()
            .expect("a count");
        for index in 0..steps {
            client
                .execute(
                    "document.querySelectorAll('#form-steps button')[arguments[0]].click();",
                    vec![Value::from(index)],
                )
                .await
                .expect("step");
            until(
                &client,
                "the step",
                "document.getElementById('form-fields').children.length > 1",
            )
            .await;
            let title = client
                .execute(
                    "return document.getElementById('step-title').textContent;",
                    vec![],
                )
                .await
                .expect("title");
            check(
                title.as_str().unwrap_or("a step"),
                violations(&client, &axe).await,
            );
        }

        // The person's copy in the preview.
        client
            .find(Locator::Css("input[value='person']"))
            .await
            .expect("copy")
            .click()
            .await
            .expect("click");
        until(
            &client,
            "the person's copy",
            "document.querySelectorAll('#pages img').length > 0",
        )
        .await;
        check("the person's copy", violations(&client, &axe).await);

        // The supervisor's review page, and its answer to a refused approval.
        client
            .goto(&format!("{origin}/case/case.yaml/review"))
            .await
            .expect("review");
        until(
            &client,
            "the review",
            "document.getElementById('approve') !== null",
        )
        .await;
        check("the review page", violations(&client, &axe).await);
        // The author approving her own report is refused.
        client
            .execute(
                "document.getElementById('by').value = 'Grace Achieng';
                 document.getElementById('on').value = '2026-11-30';",
                vec![],
            )
            .await
            .expect("fill");
        client
            .find(Locator::Id("approve"))
            .await
            .expect("button")
            .click()
            .await
            .expect("click");
        until(
            &client,
            "the refusal",
            "document.getElementById('refused') !== null",
        )
        .await;
        check("a refused approval", violations(&client, &axe).await);

        // Check your report: every answer by step, what stops a final report.
        client
            .goto(&format!("{origin}/case/case.yaml/check"))
            .await
            .expect("check");
        until(
            &client,
            "Check your report",
            "document.getElementById('check-status') !== null",
        )
        .await;
        check("Check your report", violations(&client, &axe).await);

        // A page that is not there.
        client
            .goto(&format!("{origin}/case/none.yaml"))
            .await
            .expect("404");
        check("a missing case", violations(&client, &axe).await);

        // A change refused (403): a page of another site posting to the studio. The
        // page the studio answers is shown in the browser as it is served.
        let cookie = studio.cookie.clone();
        let refused = studio.raw(
            "POST",
            &studio.at("/case/case.yaml/finish"),
            &[
                ("Cookie", cookie.as_str()),
                ("Origin", "http://elsewhere.example"),
                ("Sec-Fetch-Site", "cross-site"),
            ],
            b"",
        );
        assert_eq!(refused.status, 403);
        client.goto(&origin).await.expect("home");
        let title = client
            .execute(
                "document.open(); document.write(arguments[0]); document.close(); return document.title;",
                vec![serde_json::json!(refused.text())],
            )
            .await
            .expect("the refusal");
        assert_eq!(title, serde_json::json!("Refused — psr studio"));
        check("a refused change (403)", violations(&client, &axe).await);

        // The studio's address outside the session (401), styled by the stylesheet
        // served without one.
        let outside = origin
            .split("/s/")
            .next()
            .expect("the studio's origin")
            .to_string();
        client
            .goto(&format!("{outside}/"))
            .await
            .expect("401");
        let title = client
            .execute("return document.title;", vec![])
            .await
            .expect("title");
        assert_eq!(
            title,
            serde_json::json!("Open the studio from the address it printed — psr studio")
        );
        check("outside the session (401)", violations(&client, &axe).await);
        client.close().await.expect("close");
        assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
    });
}
