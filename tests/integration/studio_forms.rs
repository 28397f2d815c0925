//! The studio's forms in a real browser (headless Chromium through chromedriver, as
//! `studio_browser`): a whole new case filled through the forms only, following the
//! guide from the kind of report to the proposal, with a child, blocks of hours and
//! two measures from the catalogue with their parameters; saved, it validates with no
//! error and renders the same PDF, byte for byte, as the same case written by hand
//! (`fixtures/forms/hand-written.yaml`).
//!
//! Without the two programs the test says so and passes on a developer's machine;
//! under CI (`CI` set) it fails instead.

use std::process::Command;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::common::{catalogue, fixture, temp};
use super::studio_browser::{Browser, open, retype, until};

/// The id form.js gives the control of a field: `offences[0].plea` → `f-offences-0-plea`.
fn id(path: &str) -> String {
    let mut out = String::from("f-");
    let mut run = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
            run = false;
        } else if !run {
            out.push('-');
            run = true;
        }
    }
    out
}

/// Types `value` over what the field holds, key by key, as an officer would.
async fn write(client: &Client, path: &str, value: &str) {
    // A field just added (an item of a list) is drawn by the page's script after the
    // click: wait for it, as an officer waits to see it, before typing.
    let _ = client
        .wait()
        .at_most(std::time::Duration::from_secs(15))
        .for_element(Locator::Id(&id(path)))
        .await;
    let selected = client
        .execute(
            "const e = document.getElementById(arguments[0]); if (!e) return false; e.focus(); e.select(); return true;",
            vec![json!(id(path))],
        )
        .await
        .expect("select");
    assert_eq!(
        selected,
        Value::Bool(true),
        "no field {path} ({})",
        id(path)
    );
    let field = client.find(Locator::Id(&id(path))).await.expect("field");
    let keys = if value.is_empty() {
        "\u{E003}".to_string()
    } else {
        value.to_string()
    };
    field.send_keys(&keys).await.expect("type");
}

/// A date or a time: the browser's own picker cannot be typed into the same way in
/// every locale, so the value is set and the field's input event fired.
async fn pick(client: &Client, path: &str, value: &str) {
    let set = client
        .execute(
            "const e = document.getElementById(arguments[0]); if (!e) return false;
             e.value = arguments[1]; e.dispatchEvent(new Event('input')); return e.value === arguments[1];",
            vec![json!(id(path)), json!(value)],
        )
        .await
        .expect("set");
    assert_eq!(set, Value::Bool(true), "no date or time field {path}");
}

async fn choose(client: &Client, path: &str, value: &str) {
    client
        .find(Locator::Id(&id(path)))
        .await
        .unwrap_or_else(|_| panic!("no choice {path}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|_| panic!("no value {value} for {path}"));
}

async fn click_id(client: &Client, element: &str) {
    client
        .find(Locator::Id(element))
        .await
        .unwrap_or_else(|_| panic!("no #{element}"))
        .click()
        .await
        .expect("click");
}

async fn button(client: &Client, text: &str) {
    client
        .find(Locator::XPath(&format!(
            "//*[@id='form-fields']//button[normalize-space()='{text}' or @aria-label='{text}']"
        )))
        .await
        .unwrap_or_else(|_| panic!("no button {text}"))
        .click()
        .await
        .expect("click");
}

/// The guide's next step; checks its title and that every control on it is labelled.
async fn next(client: &Client, title: &str) {
    // An officer reads the step before going on; the test waits for the form to have
    // written and the page to have been checked, so that no finding moves the button
    // between finding it and clicking it.
    quiet(client).await;
    client
        .find(Locator::Css("#form-fields .step-tools .next"))
        .await
        .expect("a next step")
        .click()
        .await
        .expect("click");
    until(
        client,
        &format!("the step {title}"),
        &format!("document.getElementById('step-title').textContent.endsWith(': {title}')"),
    )
    .await;
    all_labelled(client, title).await;
}

/// Every control of the step shown has its `<label>`.
async fn all_labelled(client: &Client, title: &str) {
    let unlabelled = client
        .execute(
            "return [...document.querySelectorAll('#form-fields input, #form-fields select, #form-fields textarea')]
               .filter(e => e.labels.length === 0).map(e => e.id);",
            vec![],
        )
        .await
        .expect("labels");
    assert_eq!(unlabelled, json!([]), "controls without a label on {title}");
}

/// The form's edits are in the YAML pane and checked.
/// No edit waiting to be written, no text waiting to be checked.
async fn quiet(client: &Client) {
    until(
        client,
        "the form and the check at rest",
        "document.getElementById('form-state').textContent !== 'Editing…'
         && document.getElementById('case').dataset.busy === undefined",
    )
    .await;
}

async fn settled(client: &Client) {
    until(
        client,
        "the form's edits in the YAML and checked",
        "(document.getElementById('form-state').textContent === 'In the YAML: not saved yet.'
          || document.getElementById('form-state').textContent.startsWith('Saved at '))
         && document.getElementById('preview-state').textContent !== 'Checking…'
         && document.getElementById('case').dataset.busy === undefined",
    )
    .await;
}

#[test]
fn a_whole_case_filled_through_the_forms_renders_as_the_hand_written_one() {
    let Some(browser) =
        Browser::start("a_whole_case_filled_through_the_forms_renders_as_the_hand_written_one")
    else {
        return;
    };
    let Browser {
        folder,
        studio,
        runtime,
        ..
    } = &browser;
    let invite = runtime.block_on(async {
        let client = browser.session().await;
        let root = open(&client, &studio.address).await;
        until(&client, "the empty list", "document.body.innerText.includes('No case files')").await;
        click_id(&client, "new-case").await;
        // A new case opens on the guide's first step.
        until(
            &client,
            "the guide",
            "document.getElementById('step-title') !== null
             && document.getElementById('step-title').textContent === 'Step 1 of 20: The report'",
        )
        .await;
        until(&client, "the first check", "document.getElementById('case').dataset.checked !== undefined").await;
        // Script errors are collected, to be none at the end.
        client
            .execute(
                "window.__errors = []; window.addEventListener('error', (e) => window.__errors.push(e.message + ' ' + e.lineno));",
                vec![],
            )
            .await
            .expect("errors");
        // A new case answers nothing: its texts are empty, psr init's placeholders shown
        // in the fields; it renders as a draft, and the checklist never says
        // "Nothing missing"; a step with no answer is not started, never ✓.
        until(
            &client,
            "the checklist of texts to write",
            "document.getElementById('checklist').textContent.includes('Still to write')
             && !document.getElementById('checklist').textContent.includes('Nothing missing')",
        )
        .await;
        let court = client
            .execute(&format!("const e = document.getElementById('{}'); return [e.value, e.placeholder];", id("report.court")), vec![])
            .await
            .expect("court");
        assert_eq!(court, json!(["", "Name of the court"]));
        let trauma = client
            .execute(
                "const b = [...document.querySelectorAll('#form-steps button')].find((b) => b.textContent.includes('Trauma'));
                 return b.querySelector('.count').textContent;",
                vec![],
            )
            .await
            .expect("the trauma step");
        assert_eq!(trauma, json!("not started"));

        // While the YAML does not parse, the form is paused and changes nothing.
        click_id(&client, "tab-yaml").await;
        retype(&client, "schema_version: 2", "schema_version: [2").await;
        click_id(&client, "tab-form").await;
        until(&client, "the paused form", "document.getElementById('case').dataset.formPaused === 'true'
            && document.getElementById('form-fields').disabled").await;
        let paused = client.find(Locator::Id("form-paused")).await.expect("notice").text().await.expect("text");
        assert!(paused.contains("(line "), "{paused}");
        click_id(&client, "tab-yaml").await;
        retype(&client, "schema_version: [2", "schema_version: 2").await;
        click_id(&client, "tab-form").await;
        until(&client, "the form again", "document.getElementById('case').dataset.formPaused === 'false'").await;

        // 1. The report: kind, language, court first. Choices carry the report's labels.
        all_labelled(&client, "The report").await;
        let kinds = client
            .execute(
                "return [...document.getElementById(arguments[0]).options].map(o => o.textContent);",
                vec![json!(id("report.kind"))],
            )
            .await
            .expect("options");
        assert!(kinds.as_array().unwrap().contains(&json!("Full report")), "{kinds}");
        // In a French report, the choices are labelled in French.
        choose(&client, "report.language", "fr").await;
        let french = client
            .execute(
                "return document.getElementById(arguments[0]).selectedOptions[0].textContent;",
                vec![json!(id("report.kind"))],
            )
            .await
            .expect("label");
        assert_ne!(french, json!("Full report"));
        assert_ne!(french, json!("full"));
        choose(&client, "report.kind", "full").await;
        choose(&client, "report.language", "en").await;
        // No supervisor asked of a probation officer's report, no earlier report of a
        // report that is not an addendum.
        let asked = client
            .execute("return [...document.querySelectorAll('#form-fields [data-field]')].map(e => e.dataset.field);", vec![])
            .await
            .expect("fields");
        let asked = asked.to_string();
        assert!(!asked.contains("report.supervisor") && !asked.contains("report.addendum_to"), "{asked}");
        // The report stays a draft until Check your report marks it final.
        write(&client, "report.court", "Northgate Magistrates' Court").await;
        write(&client, "report.court_reference", "NMC/CR/2026/0912").await;
        pick(&client, "report.hearing_date", "2026-12-10").await;
        write(&client, "report.requested_by", "District Judge P. Okafor").await;
        pick(&client, "report.requested_on", "2026-11-12").await;
        pick(&client, "report.date", "2026-12-01").await;
        write(&client, "report.author.name", "Daniel Moreau").await;
        choose(&client, "report.author.role", "probation_officer").await;
        write(&client, "report.author.organisation", "Riverside Probation Service").await;
        write(&client, "report.author.contact", "01632 960 118").await;
        // A draft is saved a few seconds after the last edit, without a click.
        until(&client, "the autosave", "document.getElementById('state').textContent.startsWith('Saved at ')").await;
        let autosaved = std::fs::read_to_string(folder.path().join("new-case-1.yaml")).expect("saved");
        assert!(autosaved.contains("court: \"Northgate Magistrates' Court\""), "{autosaved}");

        // 2. The person. A date of birth under 18 is an error shown at its field.
        next(&client, "The person").await;
        write(&client, "person.given_name", "Joseph").await;
        write(&client, "person.family_name", "Kamau").await;
        pick(&client, "person.date_of_birth", "2015-05-21").await;
        let birth = id("person.date_of_birth");
        until(
            &client,
            "the error at the date of birth",
            &format!(
                "(() => {{ const e = document.getElementById('{birth}');
                   return e.getAttribute('aria-invalid') === 'true'
                     && e.getAttribute('aria-describedby').split(' ').some(i => i.startsWith('finding-')
                        && document.getElementById(i).classList.contains('error')); }})()"
            ),
        )
        .await;
        until(&client, "the checklist", "document.getElementById('checklist').textContent.includes('Still missing')").await;
        pick(&client, "person.date_of_birth", "1986-05-21").await;
        until(&client, "the error gone", &format!("document.getElementById('{birth}').getAttribute('aria-invalid') === null")).await;
        choose(&client, "person.gender", "male").await;
        choose(&client, "person.pregnant", "").await;
        // A field takes the direction of what is written in it: Arabic reads from the
        // right, and back from the left in English.
        let nationality = id("person.nationality");
        pick(&client, "person.nationality", "كينية").await;
        until(&client, "Arabic right to left", &format!("document.getElementById('{nationality}').matches(':dir(rtl)')")).await;
        write(&client, "person.nationality", "Kenyan").await;
        until(&client, "English left to right", &format!("document.getElementById('{nationality}').matches(':dir(ltr)')")).await;
        // The new case records no language nobody named.
        button(&client, "Add language").await;
        write(&client, "person.languages[0]", "sw").await;
        button(&client, "Add language").await;
        write(&client, "person.languages[1]", "en").await;
        button(&client, "Add a number").await;
        write(&client, "person.identifiers.national_id", "28841907").await;
        write(&client, "person.address_area", "Northgate").await;

        // 3. Offences.
        next(&client, "Offences").await;
        write(&client, "offences[0].description", "Took a bicycle from outside a shop and sold it").await;
        write(&client, "offences[0].legal_reference", "Theft Act 1968 s.1").await;
        pick(&client, "offences[0].date", "2026-08-14").await;
        choose(&client, "offences[0].plea", "guilty").await;
        choose(&client, "offences[0].category", "property").await;
        write(&client, "offences[0].person_account", "He says he needed money for rent after losing shifts.").await;
        write(&client, "offences[0].victim_impact", "The owner could not get to work for two weeks.").await;
        write(&client, "offences[0].circumstances", "A single item of modest value, taken without violence.").await;

        // 4. Criminal history.
        next(&client, "Criminal history").await;
        button(&client, "Add previous conviction").await;
        pick(&client, "criminal_history[0].date", "2021-03-02").await;
        write(&client, "criminal_history[0].offence", "Shoplifting").await;
        write(&client, "criminal_history[0].outcome", "Conditional discharge, 12 months").await;
        choose(&client, "criminal_history[0].compliance", "completed").await;

        // 5. Sources: one added, one added and removed, one moved.
        next(&client, "Sources").await;
        write(&client, "sources[0].description", "Police national computer check").await;
        choose(&client, "sources[0].kind", "records_check").await;
        pick(&client, "sources[0].date", "2026-11-18").await;
        write(&client, "sources[0].how_checked", "").await;
        button(&client, "Add source").await;
        choose(&client, "sources[1].kind", "interview").await;
        write(&client, "sources[1].description", "Interview with Mr Kamau at the probation office").await;
        pick(&client, "sources[1].date", "2026-11-20").await;
        write(&client, "sources[1].how_checked", "Account compared with the police summary").await;
        button(&client, "Add source").await;
        write(&client, "sources[2].description", "A source removed again").await;
        button(&client, "Remove source 3").await;
        button(&client, "Move source 2 up").await;
        until(&client, "the moved source", &format!("document.getElementById('{}').value.startsWith('Interview')", id("sources[0].description"))).await;

        // 6–16. The circumstances, one panel each.
        next(&client, "Family").await;
        write(&client, "circumstances.family.relationships", "Lives with his partner and their daughter.").await;
        choose(&client, "circumstances.family.domestic_abuse_concerns", "false").await;
        next(&client, "Caretaking").await;
        // A yes or no starts unanswered: not assessed, never "no".
        until(&client, "an unanswered caregiver", &format!("document.getElementById('{}').value === ''", id("circumstances.caretaking.primary_caregiver"))).await;
        choose(&client, "circumstances.caretaking.primary_caregiver", "true").await;
        button(&client, "Add dependant").await;
        write(&client, "circumstances.caretaking.dependants[0].relation", "daughter").await;
        write(&client, "circumstances.caretaking.dependants[0].age", "6").await;
        write(&client, "circumstances.caretaking.alternative_care", "His partner cares for their daughter at weekends.").await;
        button(&client, "Add block of hours").await;
        let days = id("circumstances.caretaking.alternative_care_schedule[0].days");
        click_id(&client, &format!("{days}-sat")).await;
        click_id(&client, &format!("{days}-sun")).await;
        pick(&client, "circumstances.caretaking.alternative_care_schedule[0].from", "08:00").await;
        pick(&client, "circumstances.caretaking.alternative_care_schedule[0].to", "16:00").await;
        next(&client, "Victimization").await;
        choose(&client, "circumstances.victimization.history", "false").await;
        write(&client, "circumstances.victimization.notes", "None reported.").await;
        next(&client, "Trauma").await;
        write(&client, "circumstances.trauma.notes", "None reported.").await;
        next(&client, "Childhood").await;
        write(&client, "circumstances.adverse_childhood_experiences", "Raised by his grandmother after his parents separated.").await;
        next(&client, "Health").await;
        write(&client, "circumstances.health.physical", "Good.").await;
        // An optional field emptied is left out of the file.
        write(&client, "circumstances.health.mental_health.treatment", "Counselling").await;
        write(&client, "circumstances.health.mental_health.treatment", "").await;
        choose(&client, "circumstances.health.mental_health.concerns", "false").await;
        choose(&client, "circumstances.health.substance_use.concerns", "false").await;
        write(&client, "circumstances.health.substance_use.notes", "Drinks occasionally; no concern.").await;
        choose(&client, "circumstances.health.self_harm_risk", "none").await;
        next(&client, "Education").await;
        write(&client, "circumstances.education.highest_level", "Secondary school certificate").await;
        button(&client, "Add skill").await;
        write(&client, "circumstances.education.vocational_skills[0]", "Bicycle repair").await;
        next(&client, "Employment").await;
        choose(&client, "circumstances.employment.status", "employed").await;
        write(&client, "circumstances.employment.occupation", "Warehouse operative").await;
        button(&client, "Add block of hours").await;
        let days = id("circumstances.employment.schedule[0].days");
        for day in ["mon", "tue", "wed", "thu", "fri"] {
            click_id(&client, &format!("{days}-{day}")).await;
        }
        pick(&client, "circumstances.employment.schedule[0].from", "07:00").await;
        pick(&client, "circumstances.employment.schedule[0].to", "15:00").await;
        next(&client, "Housing").await;
        choose(&client, "circumstances.housing.status", "stable").await;
        write(&client, "circumstances.housing.notes", "Rented flat with his partner.").await;
        next(&client, "Finances").await;
        write(&client, "circumstances.finances.notes", "Wages of about 1,400 a month; rent 650.").await;
        write(&client, "circumstances.finances.monthly_income", "1400.00").await;
        next(&client, "Peers").await;
        write(&client, "circumstances.peers", "Few friends outside work.").await;

        // 17. The assessment.
        next(&client, "Assessment").await;
        choose(&client, "assessment.risk_of_reoffending", "low").await;
        choose(&client, "assessment.risk_of_serious_harm", "low").await;
        click_id(&client, &format!("{}-education_employment", id("assessment.criminogenic_needs"))).await;
        button(&client, "Add protective factor").await;
        write(&client, "assessment.protective_factors[0]", "Stable employment").await;
        button(&client, "Add protective factor").await;
        write(&client, "assessment.protective_factors[1]", "Supportive partner").await;
        write(&client, "assessment.responsivity", "Learns best in conversation; reads well.").await;
        write(&client, "assessment.goals", "To keep his job and repay the owner.").await;
        write(&client, "assessment.views", "He would accept unpaid work and repaying the owner.").await;
        write(&client, "assessment.compliance", "He kept every appointment for this report.").await;

        // 18. The victim.
        next(&client, "The victim").await;
        click_id(&client, &id("victim.consulted")).await;
        write(&client, "victim.views", "The owner wants the loss repaid.").await;
        choose(&client, "victim.restorative_justice_consent", "false").await;

        // 19. The proposal: measures from the catalogue, their eligibility and why not,
        // their parameters with the catalogue's ranges.
        next(&client, "Proposal").await;
        settled(&client).await;
        button(&client, "Add a measure").await;
        choose(&client, "proposal.measures[0].id", "womens-centre").await;
        let why = format!("{}-eligible", id("proposal.measures[0]"));
        until(&client, "why the measure is not eligible", &format!("document.getElementById('{why}').textContent.includes('Not eligible: for female only')")).await;
        choose(&client, "proposal.measures[0].id", "cso").await;
        until(&client, "the eligible measure", &format!("document.getElementById('{why}').textContent.startsWith('Eligible')")).await;
        write(&client, "proposal.measures[0].parameters.hours", "80").await;
        choose(&client, "proposal.measures[0].consent", "true").await;
        button(&client, "Add a measure").await;
        choose(&client, "proposal.measures[1].id", "restitution").await;
        let months = id("proposal.measures[1].parameters.months");
        let range = client
            .execute(
                "const e = document.getElementById(arguments[0]);
                 return [e.min, e.max, document.getElementById(e.getAttribute('aria-describedby').split(' ')[0]).textContent];",
                vec![json!(months)],
            )
            .await
            .expect("range");
        assert_eq!(range[0], "1");
        assert_eq!(range[1], "24");
        assert!(range[2].as_str().unwrap().contains("from 1 to 24"), "{range}");
        write(&client, "proposal.measures[1].parameters.amount", "250.00").await;
        write(&client, "proposal.measures[1].parameters.months", "10").await;
        choose(&client, "proposal.measures[1].consent", "true").await;
        button(&client, "Move measure 2 up").await;
        write(&client, "proposal.rationale", "Repayment and unpaid work at weekends fit his job and his care of his daughter.").await;
        settled(&client).await;
        until(&client, "nothing missing", "document.getElementById('checklist').textContent.includes('Nothing missing')
            && !document.getElementById('checklist').textContent.includes('Still to write')").await;

        // No script error on the way.
        let errors = client.execute("return window.__errors;", vec![]).await.expect("errors");
        assert_eq!(errors, json!([]), "script errors in the page");

        // After the last step, Check your report: the case saved, every answer by
        // step with a link to change it, nothing that stops a final report.
        next(&client, "Notes for the service").await;
        click_id(&client, "to-check").await;
        until(&client, "Check your report", "location.pathname.endsWith('/case/new-case-1.yaml/check')
            && document.getElementById('nothing-stops') !== null").await;
        let page = client.find(Locator::Css("main")).await.expect("main").text().await.expect("text");
        for said in [
            "This report is a draft",
            "Court\nNorthgate Magistrates' Court",
            "Offence 1 — Plea\nguilty",
            "Dependant 1 — Age\n6",
            "Measure 1 — Measure\nrestitution",
            "Measure 2 — Parameters — Hours\n80",
            "Circumstances: Caretaking",
        ] {
            assert!(page.contains(said), "{said:?} not on the page:\n{page}");
        }
        // A Change link opens its step in the forms.
        client
            .find(Locator::Css("a[aria-label='Change Caretaking']"))
            .await
            .expect("the change link")
            .click()
            .await
            .expect("click");
        until(&client, "the caretaking step", "document.getElementById('step-title') !== null
            && document.getElementById('step-title').textContent.endsWith(': Caretaking')").await;
        client.back().await.expect("back");
        until(&client, "Check your report again", "document.getElementById('finish-button') !== null").await;
        let action = client.find(Locator::Id("finish-button")).await.expect("button");
        assert_eq!(action.text().await.expect("text"), "Mark as final");
        action.click().await.expect("click");
        until(&client, "the report final", "document.getElementById('done') !== null
            && document.getElementById('check-status').textContent.includes('This report is final')").await;
        // The officer makes an address for the supervisor's browser: Open in another
        // browser, on the case list.
        client.goto(&format!("{root}/")).await.expect("the list");
        click_id(&client, "invite").await;
        until(&client, "the address", "document.getElementById('invite-address').value.includes('?token=')").await;
        let address = client
            .execute("return document.getElementById('invite-address').value;", vec![])
            .await
            .expect("the address");
        client.close().await.expect("close");
        address.as_str().expect("text").to_string()
    });

    // The saved file is the hand-written case: the same tree, no error, the same PDF.
    let saved = folder.path().join("new-case-1.yaml");
    let twin = fixture("forms/hand-written.yaml");
    let tree = |path: &std::path::Path| {
        psr::load::parse_yaml(psr::load::SourceFile {
            name: "case.yaml".into(),
            text: std::fs::read_to_string(path).expect("read"),
        })
        .expect("YAML")
        .root
    };
    let (from_forms, by_hand) = (tree(&saved), tree(&twin));
    assert!(
        from_forms == by_hand,
        "the forms saved a different case; where they differ (forms | by hand):\n{}",
        differences(&from_forms, &by_hand, "").join("\n")
    );
    let validate = Command::new(env!("CARGO_BIN_EXE_psr"))
        .args([
            "validate".as_ref(),
            saved.as_os_str(),
            "--catalogue".as_ref(),
            catalogue().as_os_str(),
        ])
        .output()
        .expect("validate");
    let said = String::from_utf8_lossy(&validate.stderr);
    assert!(
        validate.status.success() && said.contains("0 errors"),
        "{said}"
    );
    let out = temp();
    let render = |case: &std::path::Path, pdf: &str| {
        let pdf = out.path().join(pdf);
        let status = Command::new(env!("CARGO_BIN_EXE_psr"))
            .args([
                "render".as_ref(),
                case.as_os_str(),
                "--catalogue".as_ref(),
                catalogue().as_os_str(),
                "-o".as_ref(),
                pdf.as_os_str(),
            ])
            .env_remove("PSR_FONT_PATH")
            .output()
            .expect("render");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        std::fs::read(pdf).expect("pdf")
    };
    let (a, b) = (render(&saved, "forms.pdf"), render(&twin, "hand.pdf"));
    assert!(a.starts_with(b"%PDF"));
    assert!(a == b, "the PDFs differ: {} and {} bytes", a.len(), b.len());

    // A second browser session: a supervisor approves it on the review page, and the
    // court copy downloaded is the one psr render makes of the approved file.
    let downloaded = runtime.block_on(async {
        let client = browser.session().await;
        let root = open(&client, &invite).await;
        client
            .goto(&format!("{root}/case/new-case-1.yaml/review"))
            .await
            .expect("review");
        until(
            &client,
            "the review page",
            "document.getElementById('approve') !== null",
        )
        .await;
        client
            .find(Locator::Id("by"))
            .await
            .expect("by")
            .send_keys("Ruth Adeyemi")
            .await
            .expect("type");
        client
            .execute(
                "document.getElementById('on').value = '2026-12-02';",
                vec![],
            )
            .await
            .expect("date");
        click_id(&client, "approve").await;
        until(
            &client,
            "the approval",
            "location.search.includes('approved=1')",
        )
        .await;
        let pdf = client
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1];
                     fetch('{root}/api/case/new-case-1.yaml/pdf?copy=court', {{ credentials: 'same-origin' }})
                       .then((r) => r.arrayBuffer())
                       .then((b) => done(Array.from(new Uint8Array(b))));"
                ),
                vec![],
            )
            .await
            .expect("the court copy");
        client.close().await.expect("close");
        pdf.as_array()
            .expect("bytes")
            .iter()
            .map(|b| b.as_u64().expect("a byte") as u8)
            .collect::<Vec<u8>>()
    });
    let approved = std::fs::read_to_string(&saved).expect("approved");
    assert!(approved.contains("name: \"Ruth Adeyemi\""), "{approved}");
    assert!(downloaded.starts_with(b"%PDF"), "not a PDF");
    assert!(
        downloaded == render(&saved, "approved.pdf"),
        "the PDF downloaded is not the one psr render makes"
    );
}

/// The paths at which two trees differ, each with both values.
fn differences(a: &Value, b: &Value, at: &str) -> Vec<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter()
                .flat_map(|k| {
                    let (p, q) = (
                        x.get(k).unwrap_or(&Value::Null),
                        y.get(k).unwrap_or(&Value::Null),
                    );
                    differences(p, q, &format!("{at}.{k}"))
                })
                .collect()
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .flat_map(|(i, (p, q))| differences(p, q, &format!("{at}[{i}]")))
            .collect(),
        _ if a == b => vec![],
        _ => vec![format!("{at}: {a} | {b}")],
    }
}

/// What psr's messages say for the YAML pane and the terminal, which the form must
/// never say: keys, quotes, the status line, commands.
fn speaks_yaml(text: &str) -> bool {
    text.contains('`')
        || text.contains("in quotes")
        || text.contains("status: final")
        || text.contains("status: draft")
        || ["init", "approve", "diff", "render", "fmt", "measures"]
            .iter()
            .any(|c| text.contains(&format!("psr {c}")))
}

#[test]
fn findings_in_the_form_name_their_control_and_say_what_to_do_there() {
    let Some(browser) =
        Browser::start("findings_in_the_form_name_their_control_and_say_what_to_do_there")
    else {
        return;
    };
    let case = super::common::example_with_yaml_findings();
    std::fs::write(browser.folder.path().join("case.yaml"), case).expect("case");
    browser.runtime.block_on(async {
        let client = browser.session().await;
        let root = open(&client, &browser.studio.address).await;
        client
            .goto(&format!("{root}/case/case.yaml#form"))
            .await
            .expect("case");
        until(
            &client,
            "the checklist and the steps",
            "document.getElementById('checklist').textContent.includes('Still missing')
             && document.querySelectorAll('#form-steps button').length > 0",
        )
        .await;
        // Every finding of the checklist, at its field on every step, and every help
        // text, in the form's words.
        let mut said: Vec<String> = Vec::new();
        let collect = "return [...document.querySelectorAll('#checklist li, .field-finding, #form-fields .help')]
                         .map((e) => e.textContent);";
        let steps = client
            .execute("return document.querySelectorAll('#form-steps button').length;", vec![])
            .await
            .expect("steps")
            .as_u64()
            .expect("count");
        for n in 0..steps {
            client
                .execute(
                    "document.querySelectorAll('#form-steps button')[arguments[0]].click();",
                    vec![json!(n)],
                )
                .await
                .expect("step");
            quiet(&client).await;
            let texts = client.execute(collect, vec![]).await.expect("texts");
            said.extend(
                texts
                    .as_array()
                    .expect("list")
                    .iter()
                    .map(|t| t.as_str().unwrap_or("").to_string()),
            );
        }
        let yaml: Vec<&String> = said.iter().filter(|t| speaks_yaml(t)).collect();
        assert!(yaml.is_empty(), "the form speaks YAML: {yaml:#?}");
        let all = said.join("\n");
        for expected in [
            "Kind (source 2) is required. Choose the kind of source 2.",
            "Monthly income is not written as an amount of money. Write the monthly income as a number, e.g. 64.20.",
        ] {
            assert!(all.contains(expected), "{expected} not in:\n{all}");
        }

        // A finding's button in the checklist opens its step and puts the cursor in
        // its control.
        let focused = client
            .execute(
                "document.querySelector('#checklist details.missing').open = true;
                 const b = [...document.querySelectorAll('#checklist li button')]
                   .find((b) => b.textContent === 'Kind (source 2)');
                 b.click();
                 return [document.activeElement.id, document.getElementById('step-title').textContent];",
                vec![],
            )
            .await
            .expect("focus");
        assert_eq!(
            focused,
            json!([id("sources[1].kind"), "Step 5 of 20: Sources"])
        );

        // In French, the guide's steps and the fields are labelled in French.
        client
            .execute("document.querySelectorAll('#form-steps button')[0].click();", vec![])
            .await
            .expect("first step");
        choose(&client, "report.language", "fr").await;
        until(
            &client,
            "French labels",
            "[...document.querySelectorAll('#form-steps button')].some((b) => b.textContent.includes('Infractions'))
             && document.querySelector('label[for=\"f-report-hearing_date\"]').textContent.includes('audience')",
        )
        .await;

        // On a phone the preview waits for its button: shown in place of the case,
        // at the screen's width, and the same button goes back.
        client.set_window_size(390, 844).await.expect("a phone");
        let shown = "const p = document.getElementById('preview');
                     return [p.offsetParent !== null, document.getElementById('form-panel').offsetParent !== null,
                             p.getBoundingClientRect().width <= window.innerWidth];";
        assert_eq!(
            client.execute(shown, vec![]).await.expect("before"),
            json!([false, true, true])
        );
        click_id(&client, "toggle-preview").await;
        assert_eq!(
            client.execute(shown, vec![]).await.expect("shown"),
            json!([true, false, true])
        );
        click_id(&client, "toggle-preview").await;
        assert_eq!(
            client.execute(shown, vec![]).await.expect("back"),
            json!([false, true, true])
        );
        client.close().await.expect("close");
    });
}
