//! The studio's review page and approve action (para 56): what `psr approve` does,
//! on the saved file, only for the version the supervisor read.

use super::common::{catalogue, psr, stderr};
use super::studio::{Studio, folder_with_example};

/// The version the review page was rendered for (its form posts it back).
fn version_on(page: &str) -> String {
    let start = page
        .find("name=\"version\" value=\"")
        .expect("version field")
        + 22;
    page[start..start + 64].to_string()
}

fn form(version: &str, by: &str, role: &str) -> Vec<u8> {
    format!(
        "version={version}&by={}&role={role}&organisation=Riverside+Probation+Service&on=2026-11-30",
        by.replace(' ', "+")
    )
    .into_bytes()
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

#[test]
fn a_supervisor_reviews_and_approves_the_saved_case() {
    let dir = folder_with_example();
    let studio = Studio::start(dir.path());
    let case = dir.path().join("case.yaml");
    let kept = dir.path().join("case.approved.yaml");

    // The example records an approval with no fingerprint: nothing binds it.
    let page = studio.get("/case/case.yaml/review");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("without a fingerprint"), "{html}");
    assert!(html.contains("No approved copy is kept"), "{html}");
    assert!(html.contains("<label for=\"by\">"), "{html}");
    let version = version_on(&html);

    // A volunteer does not approve; nothing is written.
    let before = std::fs::read_to_string(&case).expect("read");
    let refused = studio.send(
        "POST",
        "/case/case.yaml/approve",
        &[FORM],
        &form(&version, "Ann Lee", "volunteer"),
    );
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("the service accepts the approval of: probation_officer, social_worker"),
        "{}",
        refused.text()
    );
    assert_eq!(std::fs::read_to_string(&case).expect("read"), before);
    assert!(!kept.exists());

    // Neither does the author.
    let refused = studio.send(
        "POST",
        "/case/case.yaml/approve",
        &[FORM],
        &form(&version, "Grace Achieng", "probation_officer"),
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.text().contains("approving one"),
        "{}",
        refused.text()
    );

    // A version other than the one read is not approved.
    let stale = studio.send(
        "POST",
        "/case/case.yaml/approve",
        &[FORM],
        &form(&"0".repeat(64), "Daniel Osei", "probation_officer"),
    );
    assert_eq!(stale.status, 409, "{}", stale.text());
    assert!(!kept.exists());

    // Without the page's Origin, the guard refuses.
    let cookie = studio.cookie.clone();
    let forged = studio.raw(
        "POST",
        &studio.at("/case/case.yaml/approve"),
        &[("Cookie", &cookie), FORM],
        &form(&version, "Daniel Osei", "probation_officer"),
    );
    assert_eq!(forged.status, 403);

    let done = studio.send(
        "POST",
        "/case/case.yaml/approve",
        &[FORM],
        &form(&version, "Daniel Osei", "probation_officer"),
    );
    assert_eq!(done.status, 303, "{}", done.text());
    assert_eq!(
        done.header("location"),
        Some(studio.at("/case/case.yaml/review?approved=1").as_str())
    );
    let text = std::fs::read_to_string(&case).expect("read");
    assert!(text.contains("fingerprint: \"sha256:"), "{text}");
    assert!(text.contains("approved_on: 2026-11-30"), "{text}");
    assert_eq!(std::fs::read_to_string(&kept).expect("kept"), text);
    let html = studio.get("/case/case.yaml/review?approved=1").text();
    assert!(html.contains("The case is as approved."), "{html}");
    assert!(
        html.contains("Approved: the case file now records"),
        "{html}"
    );
    // The same result as `psr approve`: the file validates.
    let out = psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // An edit after approval: named on the review page.
    assert!(text.contains("months: 6\n"), "{text}");
    std::fs::write(&case, text.replacen("months: 6\n", "months: 9\n", 1)).expect("write");
    let html = studio.get("/case/case.yaml/review").text();
    assert!(
        html.contains("The case changed after this approval"),
        "{html}"
    );
    assert!(
        html.contains("proposal.measures[restitution].parameters.months: 6 → 9"),
        "{html}"
    );
    // … and as the sentence an addendum would print, in the report's language.
    let sentences = html
        .split("id=\"sentences\"")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_else(|| panic!("no sentences: {html}"));
    assert!(
        sentences.contains("Restitution") && sentences.contains('9') && sentences.contains('6'),
        "{sentences}"
    );
    // The court copy's pages beside, each named by its headings.
    assert!(html.contains("alt=\"Page 1 of "), "{html}");
    let page = studio.get("/case/case.yaml/page/1");
    assert_eq!(page.status, 200);
    assert!(page.text().starts_with("<svg"), "not an SVG page");
    assert_eq!(studio.get("/case/case.yaml/page/99").status, 404);
    assert_eq!(studio.get("/case/case.yaml/page/0").status, 404);

    // The kept copy is not a case the studio lists or serves.
    assert_eq!(studio.get("/case/case.approved.yaml").status, 404);
    assert!(
        !studio
            .get("/api/cases")
            .text()
            .contains("case.approved.yaml")
    );
    let (_, log) = studio.stop();
    assert!(log.contains("approve case.yaml: approved"), "{log}");
    assert!(!log.contains("Daniel Osei"), "{log}");
}

/// The supervisor approves in a real browser: the review page's own form, posted by
/// Chromium (which sends `Origin: null` from a page with a strict referrer policy, and
/// `Sec-Fetch-Site: same-origin`), is accepted; the same post from another site is
/// not. A test over HTTP proves none of this: the button is clicked in Chromium.
#[test]
fn a_supervisor_approves_in_chromium_and_another_site_cannot() {
    use fantoccini::Locator;

    use super::studio_browser::{Browser, open, until};

    let Some(browser) = Browser::start("a_supervisor_approves_in_chromium_and_another_site_cannot")
    else {
        return;
    };
    let case = browser.folder.path().join("case.yaml");
    std::fs::copy(super::common::fixture("case.example.yaml"), &case).expect("copy");
    let kept = browser.folder.path().join("case.approved.yaml");
    let studio = &browser.studio;
    browser.runtime.block_on(async {
        let client = browser.session().await;
        let root = open(&client, &studio.address).await;
        let review = format!("{root}/case/case.yaml/review");
        until(&client, "the list", "document.body.innerText.includes('case.yaml')").await;

        // Another site's page posts an approval to the studio, even knowing the
        // session's path: refused, nothing written.
        let before = std::fs::read_to_string(&case).expect("read");
        let forged = format!(
            "data:text/html,<form method=post action='{}/approve'><input name=version value=x><input name=by value=Mallory><input name=role value=probation_officer><input name=on value=2026-11-30></form><script>document.forms[0].submit()</script>",
            review.trim_end_matches("/review")
        );
        client.goto(&forged).await.expect("the other site");
        // Without the cookie (`SameSite=Strict`), or without the page's origin.
        until(
            &client,
            "the refusal",
            "document.body && /Open the studio from the address|a change must come from the studio's own page/.test(document.body.innerText)",
        )
        .await;
        assert_eq!(std::fs::read_to_string(&case).expect("read"), before);
        assert!(!kept.exists());

        // The supervisor reads the review page and approves with its own form.
        client.goto(&review).await.expect("review");
        until(&client, "the review page", "document.getElementById('approve') !== null").await;
        client.find(Locator::Id("by")).await.expect("by").send_keys("Daniel Osei").await.expect("type");
        client
            .find(Locator::Id("organisation"))
            .await
            .expect("organisation")
            .send_keys("Riverside Probation Service")
            .await
            .expect("type");
        client
            .execute("document.getElementById('on').value = '2026-11-30';", vec![])
            .await
            .expect("date");
        client.find(Locator::Id("approve")).await.expect("button").click().await.expect("click");
        until(&client, "the approval", "location.search.includes('approved=1')").await;
        let notice = client
            .find(Locator::Css(".notice.good"))
            .await
            .expect("the notice")
            .text()
            .await
            .expect("text");
        assert!(notice.contains("Approved"), "{notice}");
        client.close().await.expect("close");
    });
    let text = std::fs::read_to_string(&case).expect("read");
    assert!(text.contains("fingerprint: \"sha256:"), "{text}");
    assert!(text.contains("approved_on: 2026-11-30"), "{text}");
    assert!(kept.exists(), "the approved copy is kept beside the file");
    // The approved case renders, final, as psr render gives it.
    let out = browser.downloads.path().join("approved.pdf");
    let render = super::common::render(&case, &out, &[]);
    assert!(render.status.success(), "{}", stderr(&render));
}
