//! Stage 4: the view model, the only thing templates see.
//!
//! Everything a court reads is decided here: which sections, in which order, their
//! numbers (1, 1.1, 1.2 … computed here so that Typst lays out text whose width is
//! known in the first pass), every label in the report's language and every date
//! formatted. Templates only lay it out; they never compute legal logic (style.md).
//! The view is serialized to JSON and read by the template with `json(..)`, so case
//! text is always data, never markup.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::matching::{Conflict, Matching, OptionStatus, Point, Reason, words};
use crate::model::case::{Language, ReportKind, SelfHarmRisk};
use crate::model::{Case, Catalogue};
use crate::validate::{age_on, report_date};

/// The fixed text of one language, read from `src/lang/<code>.json`.
#[derive(Debug)]
pub struct Labels {
    text: HashMap<String, serde_json::Value>,
}

impl Labels {
    /// The labels of a language.
    pub fn for_language(language: Language) -> &'static Labels {
        use std::sync::LazyLock;
        static EN: LazyLock<Labels> = LazyLock::new(|| Labels::parse(include_str!("lang/en.json")));
        static FR: LazyLock<Labels> = LazyLock::new(|| Labels::parse(include_str!("lang/fr.json")));
        static ES: LazyLock<Labels> = LazyLock::new(|| Labels::parse(include_str!("lang/es.json")));
        match language {
            Language::En => &EN,
            Language::Fr => &FR,
            Language::Es => &ES,
        }
    }

    fn parse(json: &str) -> Labels {
        // The files are compiled in and checked by a test: a parse failure is a build defect.
        let text = serde_json::from_str(json).unwrap_or_default();
        Labels { text }
    }

    /// The colon between a label and its value: ": ", and " : " in French, whose
    /// typography puts a no-break space before it.
    pub fn colon(&self) -> String {
        self.get("punct.colon")
    }

    /// The semicolon between items: "; ", and "\u{202F}; " (a narrow no-break space)
    /// in French.
    pub fn semicolon(&self) -> String {
        self.get("punct.semicolon")
    }

    /// A label; the key itself when missing (a test checks that none is).
    pub fn get(&self, key: &str) -> String {
        match self.text.get(key) {
            Some(serde_json::Value::String(s)) => s.clone(),
            _ => key.to_string(),
        }
    }

    /// A label with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key);
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// An enumeration value in words: the label `group.value`, else the value itself.
    pub fn value<T: Serialize>(&self, group: &str, value: &T) -> String {
        let raw = serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        match self.text.get(&format!("{group}.{raw}")) {
            Some(serde_json::Value::String(s)) => s.clone(),
            _ => words(value),
        }
    }

    /// "3 December 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        let month = self
            .text
            .get("months")
            .and_then(|m| m.get(date.month0() as usize))
            .and_then(|m| m.as_str())
            .unwrap_or("")
            .to_string();
        // French writes the first of the month "1er".
        let day = if date.day() == 1 {
            self.get("first_day")
        } else {
            date.day().to_string()
        };
        self.fill(
            "date_format",
            &[
                ("day", &day),
                ("month", &month),
                ("year", &date.year().to_string()),
            ],
        )
    }
}

/// The whole view of one report copy.
#[derive(Debug, Serialize)]
pub struct ReportView {
    /// Language code for Typst's `text(lang:)`.
    pub lang: &'static str,
    /// Whether to watermark every page.
    pub draft: bool,
    /// Document metadata.
    pub meta: Meta,
    /// Fixed labels the page furniture needs.
    pub furniture: Furniture,
    /// "Pre-sentence report".
    pub title: String,
    /// The kind of report, in words.
    pub subtitle: String,
    /// The first page's particulars.
    pub front: Vec<Row>,
    /// "This report assists the court and does not bind it."
    pub statement: String,
    /// Safeguarding notice, when the risk of self-harm is medium or high.
    pub safeguarding: Option<Notice>,
    /// Numbered sections.
    pub sections: Vec<Section>,
    /// The signature and supervision block.
    pub signature: Signature,
}

/// PDF metadata.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// Title.
    pub title: String,
    /// Authors.
    pub author: Vec<String>,
    /// Subject (PDF `Subject`, Typst `description`).
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The report's date.
    pub date: Ymd,
}

/// A date as numbers, for Typst's `datetime(..)`.
#[derive(Debug, Serialize)]
pub struct Ymd {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl From<NaiveDate> for Ymd {
    fn from(date: NaiveDate) -> Self {
        Ymd {
            year: date.year(),
            month: date.month(),
            day: date.day(),
        }
    }
}

/// Labels of the header, footer and watermark.
#[derive(Debug, Serialize)]
pub struct Furniture {
    /// The court reference, on every page.
    pub reference: String,
    /// "CONFIDENTIAL — prepared for the court".
    pub confidential: String,
    /// "Page".
    pub page: String,
    /// "of".
    pub of: String,
    /// "DRAFT".
    pub draft: String,
}

/// A label and a value.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
}

/// A boxed notice.
#[derive(Debug, Serialize)]
pub struct Notice {
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
}

/// A numbered section.
#[derive(Debug, Serialize)]
pub struct Section {
    /// "3".
    pub number: String,
    /// Heading.
    pub title: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A numbered paragraph (3.2), optionally led by a bold label.
    Para {
        /// "3.2".
        number: String,
        /// Bold lead-in.
        lead: Option<String>,
        /// The text.
        text: String,
    },
    /// A sub-heading inside a section.
    Subheading {
        /// The text.
        text: String,
    },
    /// A table.
    Table {
        /// Column headings.
        columns: Vec<String>,
        /// Relative widths.
        widths: Vec<u32>,
        /// Cells, row by row.
        rows: Vec<Vec<String>>,
    },
}

/// The signature block.
#[derive(Debug, Serialize)]
pub struct Signature {
    /// Heading.
    pub title: String,
    /// Author particulars.
    pub rows: Vec<Row>,
    /// "Signature".
    pub signed: String,
    /// Supervision heading and text, when there is a supervisor.
    pub supervision: Option<Notice>,
}

/// Text with a break opportunity (a zero-width space) every 24 characters of a run
/// without spaces longer than 32: a reference, a hash or a URL must wrap rather than
/// run off the page, and hyphenation finds no break in letters and digits.
fn breakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    let long_runs = text.split_whitespace().any(|w| w.chars().count() > 32);
    if !long_runs {
        return text.to_string();
    }
    for c in text.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            if run > 0 && run % 24 == 0 {
                out.push('\u{200B}');
            }
            run += 1;
        }
        out.push(c);
    }
    out
}

/// Builds sections with running paragraph numbers.
struct SectionBuilder {
    number: usize,
    title: String,
    blocks: Vec<Block>,
    paragraphs: usize,
}

impl SectionBuilder {
    fn para(&mut self, lead: Option<String>, text: impl Into<String>) {
        // A tab has no width in running text: it would glue two words together.
        let text = breakable(&text.into().replace('\t', " "));
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.paragraphs += 1;
        self.blocks.push(Block::Para {
            number: format!("{}.{}", self.number, self.paragraphs),
            lead,
            text: text.to_string(),
        });
    }

    fn lead(&mut self, lead: String, text: impl Into<String>) {
        self.para(Some(lead), text);
    }

    fn sub(&mut self, text: String) {
        self.blocks.push(Block::Subheading { text });
    }

    fn table(&mut self, columns: Vec<String>, widths: Vec<u32>, rows: Vec<Vec<String>>) {
        let rows = rows
            .into_iter()
            .map(|row| row.iter().map(|cell| breakable(cell)).collect())
            .collect();
        self.blocks.push(Block::Table {
            columns,
            widths,
            rows,
        });
    }
}

struct Sections {
    list: Vec<Section>,
    no_information: String,
}

impl Sections {
    fn add(&mut self, title: String, fill: impl FnOnce(&mut SectionBuilder)) {
        let mut builder = SectionBuilder {
            number: self.list.len() + 1,
            title,
            blocks: Vec::new(),
            paragraphs: 0,
        };
        fill(&mut builder);
        if builder.blocks.is_empty() {
            // A section a court expects says so rather than disappearing (report.md).
            builder.para(None, self.no_information.clone());
        }
        self.list.push(Section {
            number: builder.number.to_string(),
            title: builder.title,
            blocks: builder.blocks,
        });
    }
}

fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or("").trim().to_string()
}

/// Builds the court copy of a report.
pub fn court_view(case: &Case, catalogue: &Catalogue, matching: &Matching) -> ReportView {
    let l = Labels::for_language(case.report.language);
    let report = &case.report;
    let person = &case.person;
    let date = report_date(case);
    let age = age_on(person.date_of_birth, report.hearing_date);

    let mut front = vec![
        Row {
            label: l.get("front.court"),
            value: report.court.clone(),
        },
        Row {
            label: l.get("front.court_reference"),
            value: report.court_reference.clone(),
        },
        Row {
            label: l.get("front.hearing_date"),
            value: l.date(report.hearing_date),
        },
    ];
    if report.requested_by.is_some() || report.requested_on.is_some() {
        let mut value = text(&report.requested_by);
        if let Some(on) = report.requested_on {
            value = format!("{value} {} {}", l.get("front.requested_on"), l.date(on))
                .trim()
                .to_string();
        }
        front.push(Row {
            label: l.get("front.requested"),
            value,
        });
    }
    front.push(Row {
        label: l.get("front.person"),
        value: person.full_name(),
    });
    front.push(Row {
        label: l.get("front.date_of_birth"),
        value: format!(
            "{} ({})",
            l.date(person.date_of_birth),
            l.fill("front.age", &[("age", &age.to_string())])
        ),
    });
    for (key, value) in [
        ("front.nationality", text(&person.nationality)),
        ("front.languages", person.languages.join(", ")),
        ("front.address_area", text(&person.address_area)),
    ] {
        if !value.trim().is_empty() {
            front.push(Row {
                label: l.get(key),
                value,
            });
        }
    }
    if person.interpreter_needed {
        front.push(Row {
            label: l.get("front.interpreter"),
            value: yes_no(l, true),
        });
    }
    if !person.identifiers.is_empty() {
        let ids = person
            .identifiers
            .iter()
            .map(|(k, v)| format!("{}{}{v}", k.replace('_', " "), l.colon()))
            .collect::<Vec<_>>();
        front.push(Row {
            label: l.get("front.identifiers"),
            value: ids.join(&l.semicolon()),
        });
    }
    front.push(Row {
        label: l.get("front.kind"),
        value: l.get(&format!("kind.{}", report.kind.as_str())),
    });
    front.push(Row {
        label: l.get("front.author"),
        value: author_line(
            l,
            &report.author.name,
            Some(report.author.role),
            &report.author.organisation,
        ),
    });
    if let Some(s) = &report.supervisor {
        let mut value = author_line(l, s.name.as_deref().unwrap_or(""), s.role, &s.organisation);
        if let Some(on) = s.approved_on {
            value = format!(
                "{value}{}{} {}",
                l.semicolon(),
                l.get("front.approved_on"),
                l.date(on)
            );
        }
        front.push(Row {
            label: l.get("front.supervisor"),
            value,
        });
    }
    front.push(Row {
        label: l.get("front.date"),
        value: l.date(date),
    });
    if !report.distribution.is_empty() {
        let list = report
            .distribution
            .iter()
            .map(|r| l.value("recipient", r))
            .collect::<Vec<_>>();
        front.push(Row {
            label: l.get("front.distribution"),
            value: list.join(", "),
        });
    }

    let safeguarding = case
        .circumstances
        .health
        .as_ref()
        .and_then(|h| h.self_harm_risk)
        .filter(|r| *r >= SelfHarmRisk::Medium)
        .map(|risk| Notice {
            title: l.get("safeguarding.title"),
            text: l.fill(
                "safeguarding.text",
                &[("level", &l.value("self_harm", &risk))],
            ),
        });

    let mut sections = Sections {
        list: Vec::new(),
        no_information: l.get("no_information"),
    };
    court_sections(
        &mut sections,
        &Cx {
            l,
            case,
            catalogue,
            matching,
        },
    );

    ReportView {
        lang: report.language.code(),
        draft: report.status == crate::model::case::ReportStatus::Draft,
        meta: Meta {
            title: format!(
                "{} — {}",
                l.get(&format!("title.{}", report.kind.as_str())),
                report.court_reference
            ),
            author: vec![report.author.name.clone()],
            subject: format!(
                "{} — {}",
                l.get(&format!("kind.{}", report.kind.as_str())),
                report.court
            ),
            keywords: vec![report.court_reference.clone(), l.get("title")],
            date: date.into(),
        },
        furniture: Furniture {
            reference: report.court_reference.clone(),
            confidential: l.get("confidential"),
            page: l.get("page"),
            of: l.get("of"),
            draft: l.get("draft"),
        },
        title: l.get(&format!("title.{}", report.kind.as_str())),
        subtitle: l.get(&format!("kind.{}", report.kind.as_str())),
        front,
        statement: l.get("statement"),
        safeguarding,
        sections: sections.list,
        signature: signature(l, case, date),
    }
}

fn author_line(
    l: &Labels,
    name: &str,
    role: Option<crate::model::case::AuthorRole>,
    organisation: &Option<String>,
) -> String {
    let mut parts = vec![name.trim().to_string()];
    if let Some(role) = role {
        parts.push(l.value("role", &role));
    }
    if let Some(org) = organisation.as_deref().filter(|o| !o.trim().is_empty()) {
        parts.push(org.trim().to_string());
    }
    parts.retain(|p| !p.is_empty());
    parts.join(", ")
}

fn yes_no(l: &Labels, value: bool) -> String {
    l.get(if value { "yes" } else { "no" })
}

/// What a section builder reads.
#[derive(Clone, Copy)]
struct Cx<'a> {
    l: &'a Labels,
    case: &'a Case,
    catalogue: &'a Catalogue,
    matching: &'a Matching,
}

/// A section of a court report: its label key and its builder.
type SectionFn = fn(&mut SectionBuilder, &Cx<'_>);

/// The sections of each kind of report, in order (report.md).
fn sections_of(kind: ReportKind) -> &'static [(&'static str, SectionFn)] {
    match kind {
        ReportKind::Full => &[
            ("section.sources", section_sources),
            ("section.offence", section_offence),
            ("section.history", section_history),
            ("section.circumstances", section_circumstances),
            ("section.assessment", section_assessment),
            ("section.goals", section_goals),
            ("section.options", section_options),
            ("section.proposal", section_proposal),
            ("section.attention", section_attention),
        ],
        // 2–3 pages: offence, key circumstances, risk, proposal.
        ReportKind::Short => &[
            ("section.offence", section_offence_brief),
            ("section.key_circumstances", section_key_circumstances),
            ("section.assessment", section_assessment),
            ("section.options", section_options),
            ("section.proposal", section_proposal),
            ("section.attention", section_attention),
        ],
        // Suitability for diversion and the person's agreement (para 17).
        ReportKind::Diversion => &[
            ("section.sources", section_sources),
            ("section.offence", section_offence),
            ("section.history", section_history),
            ("section.key_circumstances", section_key_circumstances),
            ("section.suitability", section_suitability),
            ("section.options", section_options),
            ("section.proposal", section_proposal),
            ("section.attention", section_attention),
        ],
        // Alternatives to pretrial detention (para 21).
        ReportKind::Bail => &[
            ("section.sources", section_sources),
            ("section.offence_alleged", section_offence_brief),
            ("section.ties", section_ties),
            ("section.history", section_history),
            ("section.assessment", section_assessment),
            ("section.options", section_options),
            ("section.proposal", section_proposal),
            ("section.attention", section_attention),
        ],
        // Resettlement: housing, employment, health, family (paras 42–45).
        ReportKind::PreRelease => &[
            ("section.sources", section_sources),
            ("section.offence", section_offence_brief),
            ("section.resettlement", section_resettlement),
            ("section.assessment", section_assessment),
            ("section.goals", section_goals),
            ("section.options", section_options),
            ("section.proposal", section_proposal),
            ("section.attention", section_attention),
        ],
    }
}

fn court_sections(s: &mut Sections, cx: &Cx<'_>) {
    for (title, build) in sections_of(cx.case.report.kind) {
        s.add(cx.l.get(title), |b| build(b, cx));
    }
}

fn section_sources(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    for source in &case.sources {
        let mut lead = l.value("source", &source.kind);
        if let Some(date) = source.date {
            lead = format!("{lead} ({})", l.date(date));
        }
        let mut body = source.description.trim().to_string();
        if let Some(how) = source
            .how_checked
            .as_deref()
            .filter(|h| !h.trim().is_empty())
        {
            body = format!(
                "{body}. {}{}{}",
                l.get("source.checked"),
                l.colon(),
                how.trim()
            );
        }
        b.lead(lead, body);
    }
}

fn section_offence(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    for offence in &case.offences {
        b.lead(l.get("offence.offence"), offence_line(l, offence));
        b.lead(l.get("offence.account"), text(&offence.person_account));
        b.lead(l.get("offence.victim_impact"), text(&offence.victim_impact));
    }
    match &case.victim {
        Some(v) if v.consulted => {
            let views = text(&v.views);
            b.lead(
                l.get("victim.views"),
                if views.is_empty() {
                    l.get("victim.no_views")
                } else {
                    views
                },
            );
        }
        Some(_) => b.lead(l.get("victim.views"), l.get("victim.not_consulted")),
        None => {}
    }
}

fn section_history(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    if case.criminal_history.is_empty() {
        b.para(None, l.get("history.none"));
    } else {
        let rows = case
            .criminal_history
            .iter()
            .map(|c| {
                vec![
                    l.date(c.date),
                    c.offence.trim().to_string(),
                    c.outcome.trim().to_string(),
                    l.value("compliance", &c.compliance),
                ]
            })
            .collect();
        b.table(
            vec![
                l.get("history.date"),
                l.get("history.offence"),
                l.get("history.outcome"),
                l.get("history.compliance"),
            ],
            vec![22, 33, 30, 15],
            rows,
        );
    }
}

fn section_circumstances(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    circumstances(b, l, case);
}

fn section_assessment(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    let a = &case.assessment;
    if let Some(instrument) = &a.instrument {
        let mut line = instrument.name.trim().to_string();
        if let Some(on) = instrument.completed_on {
            line = format!(
                "{line}, {} {}",
                l.get("assessment.completed_on"),
                l.date(on)
            );
        }
        if let Some(result) = instrument
            .result
            .as_deref()
            .filter(|r| !r.trim().is_empty())
        {
            line = format!(
                "{line}{}{}{}{}",
                l.semicolon(),
                l.get("assessment.result"),
                l.colon(),
                result.trim()
            );
        }
        b.lead(l.get("assessment.instrument"), line);
    }
    risk_and_needs(b, l, a);
    if !a.protective_factors.is_empty() {
        b.lead(
            l.get("assessment.protective"),
            a.protective_factors
                .iter()
                .map(|p| p.trim())
                .collect::<Vec<_>>()
                .join(&l.semicolon()),
        );
    }
    b.lead(l.get("assessment.responsivity"), text(&a.responsivity));
}

fn section_goals(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    b.lead(l.get("goals.goals"), text(&case.assessment.goals));
    b.lead(l.get("goals.views"), text(&case.assessment.views));
}

fn section_options(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx {
        l,
        catalogue,
        matching,
        ..
    } = *cx;
    b.para(
        None,
        l.fill("options.intro", &[("area", catalogue.area.trim())]),
    );
    let rows = matching
        .options
        .iter()
        .map(|o| {
            let mut notes: Vec<String> = o.reasons.iter().map(|r| reason_text(l, r)).collect();
            notes.extend(o.conflicts.iter().map(|c| conflict_text(l, c)));
            let status = match o.status {
                OptionStatus::Proposed => l.get("status.proposed"),
                OptionStatus::Eligible => l.get("status.eligible"),
                OptionStatus::NotEligible => l.get("status.not_eligible"),
            };
            vec![
                o.measure.name.trim().to_string(),
                o.measure.restrictiveness.to_string(),
                status,
                notes.join(&l.semicolon()),
            ]
        })
        .collect();
    b.table(
        vec![
            l.get("options.measure"),
            l.get("options.restrictiveness"),
            l.get("options.status"),
            l.get("options.notes"),
        ],
        vec![28, 17, 13, 42],
        rows,
    );
}

fn section_proposal(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx {
        l, case, matching, ..
    } = *cx;
    let proposal = case.proposal.clone().unwrap_or_default();
    if matching.proposed.is_empty() {
        b.para(None, l.get("proposal.none"));
    }
    for chosen in &matching.proposed {
        let m = &chosen.measure;
        let mut body = chosen.condition.clone();
        if let Some(basis) = m.legal_basis.as_deref().filter(|x| !x.trim().is_empty()) {
            body = format!("{body} ({})", basis.trim());
        }
        b.lead(m.name.trim().to_string(), body);
    }
    b.lead(l.get("proposal.rationale"), text(&proposal.rationale));
    if proposal.custody_considered || proposal.custody_months.is_some() {
        if let Some(months) = proposal.custody_months {
            b.para(
                None,
                l.fill(
                    "proposal.custody_months",
                    &[("months", &months.to_string())],
                ),
            );
        }
        b.lead(
            l.get("proposal.custody_rationale"),
            text(&proposal.custody_rationale),
        );
        b.lead(
            l.get("proposal.custody_impact"),
            text(&proposal.custody_impact),
        );
    }
}

fn section_attention(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, matching, .. } = *cx;
    if matching.points.is_empty() {
        b.para(None, l.get("attention.none"));
    }
    for point in &matching.points {
        b.para(None, point_text(l, point));
    }
}

fn circumstances(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    let c = &case.circumstances;
    let no_info = l.get("no_information");
    let group = |b: &mut SectionBuilder, title: &str, fill: &dyn Fn(&mut SectionBuilder)| {
        b.sub(l.get(title));
        let before = b.paragraphs;
        fill(b);
        if b.paragraphs == before {
            b.para(None, no_info.clone());
        }
    };

    group(b, "sub.family", &|b| {
        if let Some(f) = &c.family {
            b.lead(l.get("family.relationships"), text(&f.relationships));
            if let Some(concerns) = f.domestic_abuse_concerns {
                b.lead(l.get("family.domestic_abuse"), yes_no(l, concerns));
            }
        }
    });
    group(b, "sub.caretaking", &|b| {
        if let Some(care) = &c.caretaking {
            b.lead(l.get("care.primary"), yes_no(l, care.primary_caregiver));
            if !care.dependants.is_empty() {
                let list = care
                    .dependants
                    .iter()
                    .map(|d| match d.age {
                        Some(age) => format!(
                            "{}, {}",
                            d.relation.trim(),
                            l.fill("care.age", &[("age", &age.to_string())])
                        ),
                        None => d.relation.trim().to_string(),
                    })
                    .collect::<Vec<_>>();
                b.lead(l.get("care.dependants"), list.join(&l.semicolon()));
            }
            b.lead(l.get("care.alternative"), text(&care.alternative_care));
        }
    });
    group(b, "sub.victimization", &|b| {
        if let Some(v) = &c.victimization {
            let mut line = yes_no(l, v.history);
            if !v.kinds.is_empty() {
                line = format!(
                    "{line} ({})",
                    v.kinds
                        .iter()
                        .map(|k| l.value("victimization", k))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            b.lead(l.get("victimization.history"), line);
            b.lead(l.get("victimization.notes"), text(&v.notes));
        }
        if let Some(t) = &c.trauma {
            b.lead(l.get("trauma"), text(&t.notes));
        }
        b.lead(l.get("ace"), text(&c.adverse_childhood_experiences));
    });
    group(b, "sub.health", &|b| {
        if let Some(h) = &c.health {
            b.lead(l.get("health.physical"), text(&h.physical));
            if !h.disabilities.is_empty() {
                b.lead(l.get("health.disabilities"), h.disabilities.join(", "));
            }
            if let Some(m) = &h.mental_health {
                let mut line = l.get(if m.concerns {
                    "health.concerns"
                } else {
                    "health.no_concerns"
                });
                if !m.diagnoses.is_empty() {
                    line = format!(
                        "{line}{}{}{}{}",
                        l.semicolon(),
                        l.get("health.diagnoses"),
                        l.colon(),
                        m.diagnoses.join(", ")
                    );
                }
                if let Some(t) = m.treatment.as_deref().filter(|t| !t.trim().is_empty()) {
                    line = format!(
                        "{line}. {}{}{}",
                        l.get("health.treatment"),
                        l.colon(),
                        t.trim()
                    );
                }
                b.lead(l.get("health.mental"), line);
            }
            if let Some(s) = &h.substance_use {
                let mut line = l.get(if s.concerns {
                    "health.concerns"
                } else {
                    "health.no_concerns"
                });
                if let Some(n) = s.notes.as_deref().filter(|n| !n.trim().is_empty()) {
                    line = format!("{line}. {}", n.trim());
                }
                b.lead(l.get("health.substance"), line);
            }
            if let Some(risk) = h.self_harm_risk {
                b.lead(l.get("health.self_harm"), l.value("self_harm", &risk));
            }
        }
    });
    group(b, "sub.education_employment", &|b| {
        if let Some(e) = &c.education {
            b.lead(l.get("education.level"), text(&e.highest_level));
            if !e.vocational_skills.is_empty() {
                b.lead(l.get("education.skills"), e.vocational_skills.join(", "));
            }
        }
        if let Some(e) = &c.employment {
            let mut line = l.value("employment", &e.status);
            if let Some(o) = e.occupation.as_deref().filter(|o| !o.trim().is_empty()) {
                line = format!("{line}{}{}", l.colon(), o.trim());
            }
            b.lead(l.get("employment.status"), line);
            if !e.schedule.is_empty() {
                let hours = times(l, &crate::matching::intervals(&e.schedule));
                b.lead(l.get("employment.hours"), hours);
            }
        }
    });
    group(b, "sub.housing_finances", &|b| {
        if let Some(h) = &c.housing {
            let mut line = l.value("housing", &h.status);
            if let Some(n) = h.notes.as_deref().filter(|n| !n.trim().is_empty()) {
                line = format!("{line}. {}", n.trim());
            }
            b.lead(l.get("housing.status"), line);
        }
        if let Some(f) = &c.finances {
            b.lead(l.get("finances"), text(&f.notes));
        }
    });
    group(b, "sub.peers", &|b| {
        b.lead(l.get("sub.peers"), text(&c.peers));
    });
}

fn signature(l: &Labels, case: &Case, date: NaiveDate) -> Signature {
    let author = &case.report.author;
    let mut rows = vec![
        Row {
            label: l.get("signature.author"),
            value: author.name.trim().to_string(),
        },
        Row {
            label: l.get("signature.role"),
            value: l.value("role", &author.role),
        },
    ];
    if let Some(org) = author
        .organisation
        .as_deref()
        .filter(|o| !o.trim().is_empty())
    {
        rows.push(Row {
            label: l.get("signature.organisation"),
            value: org.trim().to_string(),
        });
    }
    if let Some(contact) = author.contact.as_deref().filter(|c| !c.trim().is_empty()) {
        rows.push(Row {
            label: l.get("signature.contact"),
            value: contact.trim().to_string(),
        });
    }
    rows.push(Row {
        label: l.get("signature.date"),
        value: l.date(date),
    });
    let supervision = case
        .report
        .supervisor
        .as_ref()
        .filter(|s| s.name.is_some())
        .map(|s| Notice {
            title: l.get("signature.supervisor"),
            text: l.fill(
                "signature.approved",
                &[
                    ("name", s.name.as_deref().unwrap_or("").trim()),
                    (
                        "role",
                        &s.role.map(|r| l.value("role", &r)).unwrap_or_default(),
                    ),
                    (
                        "organisation",
                        s.organisation.as_deref().unwrap_or("").trim(),
                    ),
                    (
                        "date",
                        &s.approved_on.map(|d| l.date(d)).unwrap_or_default(),
                    ),
                ],
            ),
        });
    Signature {
        title: l.get("section.signature"),
        rows,
        signed: l.get("signature.signed"),
        supervision,
    }
}

/// "Tuesday and Thursday, from 15:00 to 17:00" for each block of a schedule.
fn plain_schedule(l: &Labels, blocks: &[crate::model::ScheduleBlock]) -> String {
    blocks
        .iter()
        .map(|block| {
            let days: Vec<String> = block.days.iter().map(|d| l.value("day", d)).collect();
            let days = match days.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} {} {last}", rest.join(", "), l.get("and"))
                }
                _ => days.join(""),
            };
            l.fill(
                "person.schedule",
                &[
                    ("days", &days),
                    ("from", &block.from.to_string()),
                    ("to", &block.to.to_string()),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(&l.semicolon())
}

/// Builds the plain-language copy for the person (para 12): short sentences, what is
/// proposed and when and where, what happens on non-compliance, whom to contact. It
/// leaves out identifiers and the victim's views.
pub fn person_view(case: &Case, matching: &Matching) -> ReportView {
    let l = Labels::for_language(case.report.language);
    let report = &case.report;
    let author = report.author.name.trim().to_string();
    let date = report_date(case);
    let front = vec![
        Row {
            label: l.get("person.front.name"),
            value: case.person.full_name(),
        },
        Row {
            label: l.get("person.front.court"),
            value: report.court.clone(),
        },
        Row {
            label: l.get("person.front.hearing"),
            value: l.date(report.hearing_date),
        },
        Row {
            label: l.get("person.front.author"),
            value: author.clone(),
        },
    ];
    let mut sections = Sections {
        list: Vec::new(),
        no_information: l.get("no_information"),
    };
    sections.add(l.get("person.section.about"), |b| {
        b.para(
            None,
            l.fill("person.about.1", &[("court", report.court.trim())]),
        );
        b.para(None, l.fill("person.about.2", &[("author", &author)]));
        b.para(None, l.get("person.about.3"));
        b.para(
            None,
            l.fill("person.about.4", &[("date", &l.date(report.hearing_date))]),
        );
    });
    sections.add(l.get("person.section.says"), |b| {
        b.para(None, l.get("person.says.1"));
        b.para(None, l.get("person.says.2"));
    });
    sections.add(l.get("person.section.proposed"), |b| {
        if matching.proposed.is_empty() {
            b.para(None, l.get("person.proposed.none"));
            return;
        }
        b.para(None, l.get("person.proposed.intro"));
        for chosen in &matching.proposed {
            let m = &chosen.measure;
            let mut lines = vec![chosen.condition.clone()];
            if !m.schedule.is_empty() {
                lines.push(format!(
                    "{}{}{}.",
                    l.get("person.when"),
                    l.colon(),
                    plain_schedule(l, &m.schedule)
                ));
            }
            if let Some(place) = m.location.as_deref().filter(|p| !p.trim().is_empty()) {
                lines.push(format!(
                    "{}{}{}.",
                    l.get("person.where"),
                    l.colon(),
                    place.trim()
                ));
            }
            if let Some(provider) = &m.provider {
                lines.push(format!(
                    "{}{}{}.",
                    l.get("person.who"),
                    l.colon(),
                    provider.name.trim()
                ));
            }
            b.lead(m.name.trim().to_string(), lines.join("\n"));
        }
    });
    sections.add(l.get("person.section.noncompliance"), |b| {
        b.para(None, l.get("person.noncompliance.1"));
        b.para(None, l.get("person.noncompliance.2"));
        b.para(None, l.get("person.noncompliance.3"));
    });
    sections.add(l.get("person.section.contact"), |b| {
        b.para(
            None,
            l.fill(
                "person.contact.author",
                &[(
                    "author",
                    &author_line(l, &author, None, &report.author.organisation),
                )],
            ),
        );
        if let Some(contact) = report
            .author
            .contact
            .as_deref()
            .filter(|c| !c.trim().is_empty())
        {
            b.para(
                None,
                l.fill("person.contact.how", &[("contact", contact.trim())]),
            );
        }
        b.para(None, l.get("person.contact.lawyer"));
    });
    ReportView {
        lang: report.language.code(),
        draft: report.status == crate::model::case::ReportStatus::Draft,
        meta: Meta {
            title: format!("{} — {}", l.get("person.title"), report.court_reference),
            author: vec![author.clone()],
            subject: l.get("person.subtitle"),
            keywords: vec![report.court_reference.clone()],
            date: date.into(),
        },
        furniture: Furniture {
            reference: report.court_reference.clone(),
            confidential: l.get("person.confidential"),
            page: l.get("page"),
            of: l.get("of"),
            draft: l.get("draft"),
        },
        title: l.get("person.title"),
        subtitle: l.get("person.subtitle"),
        front,
        statement: l.get("person.statement"),
        safeguarding: None,
        sections: sections.list,
        signature: Signature {
            title: String::new(),
            rows: Vec::new(),
            signed: String::new(),
            supervision: None,
        },
    }
}

/// The offence in one paragraph each, for the shorter kinds of report.
fn section_offence_brief(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    for offence in &cx.case.offences {
        b.lead(l.get("offence.offence"), offence_line(l, offence));
    }
}

fn offence_line(l: &Labels, offence: &crate::model::case::Offence) -> String {
    let mut line = offence.description.trim().to_string();
    if let Some(reference) = offence
        .legal_reference
        .as_deref()
        .filter(|r| !r.trim().is_empty())
    {
        line = format!("{line} ({})", reference.trim());
    }
    format!(
        "{line}, {} {}. {}{colon}{}. {}{colon}{}.",
        l.get("offence.date"),
        l.date(offence.date),
        l.get("offence.plea"),
        l.value("plea", &offence.plea),
        l.get("offence.category"),
        l.value("category", &offence.category),
        colon = l.colon(),
    )
}

/// Caretaking, work, housing and health in a few paragraphs (short and diversion).
fn section_key_circumstances(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    if let Some(care) = &c.caretaking {
        b.lead(l.get("care.primary"), caretaking_line(l, care));
    }
    if let Some(v) = &c.victimization
        && v.history
    {
        let kinds = v
            .kinds
            .iter()
            .map(|k| l.value("victimization", k))
            .collect::<Vec<_>>();
        b.lead(
            l.get("victimization.history"),
            format!("{} ({})", yes_no(l, true), kinds.join(", ")),
        );
    }
    if let Some(e) = &c.employment {
        b.lead(l.get("employment.status"), employment_line(l, e));
    }
    if let Some(h) = &c.housing {
        b.lead(l.get("housing.status"), housing_line(l, h));
    }
    if let Some(h) = &c.health {
        if let Some(m) = h.mental_health.as_ref().filter(|m| m.concerns) {
            b.lead(
                l.get("health.mental"),
                health_line(l, m.concerns, &m.treatment),
            );
        }
        if let Some(u) = h.substance_use.as_ref().filter(|u| u.concerns) {
            b.lead(
                l.get("health.substance"),
                health_line(l, u.concerns, &u.notes),
            );
        }
    }
}

/// "yes; Dependants: daughter, aged 4; son, aged 9": whether the person is the
/// primary caregiver, and of whom.
fn caretaking_line(l: &Labels, care: &crate::model::case::Caretaking) -> String {
    let line = yes_no(l, care.primary_caregiver);
    if care.dependants.is_empty() {
        return line;
    }
    format!(
        "{line}{}{}{}{}",
        l.semicolon(),
        l.get("care.dependants"),
        l.colon(),
        dependants(l, care)
    )
}

fn dependants(l: &Labels, care: &crate::model::case::Caretaking) -> String {
    care.dependants
        .iter()
        .map(|d| match d.age {
            Some(age) => format!(
                "{}, {}",
                d.relation.trim(),
                l.fill("care.age", &[("age", &age.to_string())])
            ),
            None => d.relation.trim().to_string(),
        })
        .collect::<Vec<_>>()
        .join(&l.semicolon())
}

fn employment_line(l: &Labels, e: &crate::model::case::Employment) -> String {
    let mut line = l.value("employment", &e.status);
    if let Some(o) = e.occupation.as_deref().filter(|o| !o.trim().is_empty()) {
        line = format!("{line}{}{}", l.colon(), o.trim());
    }
    if !e.schedule.is_empty() {
        line = format!(
            "{line}. {}{}{}",
            l.get("employment.hours"),
            l.colon(),
            times(l, &crate::matching::intervals(&e.schedule))
        );
    }
    line
}

fn housing_line(l: &Labels, h: &crate::model::case::Housing) -> String {
    let mut line = l.value("housing", &h.status);
    if let Some(n) = h.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        line = format!("{line}. {}", n.trim());
    }
    line
}

fn health_line(l: &Labels, concerns: bool, notes: &Option<String>) -> String {
    let mut line = l.get(if concerns {
        "health.concerns"
    } else {
        "health.no_concerns"
    });
    if let Some(n) = notes.as_deref().filter(|n| !n.trim().is_empty()) {
        line = format!("{line}. {}", n.trim());
    }
    line
}

/// Risk levels and criminogenic needs, as the assessment records them.
fn risk_and_needs(b: &mut SectionBuilder, l: &Labels, a: &crate::model::case::Assessment) {
    b.lead(
        l.get("assessment.risk_reoffending"),
        l.value("risk", &a.risk_of_reoffending),
    );
    if let Some(harm) = a.risk_of_serious_harm {
        b.lead(l.get("assessment.risk_harm"), l.value("risk", &harm));
    }
    let needs = a
        .criminogenic_needs
        .iter()
        .map(|n| l.value("need", n))
        .collect::<Vec<_>>();
    b.lead(
        l.get("assessment.needs"),
        if needs.is_empty() {
            l.get("none_recorded")
        } else {
            needs.join(", ")
        },
    );
}

/// Suitability for diversion: risk, needs and the person's agreement (para 17).
fn section_suitability(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, a) = (cx.l, &cx.case.assessment);
    b.para(None, l.get("suitability.intro"));
    risk_and_needs(b, l, a);
    let plea = cx
        .case
        .offences
        .iter()
        .map(|o| l.value("plea", &o.plea))
        .collect::<Vec<_>>();
    if !plea.is_empty() {
        b.lead(l.get("offence.plea"), plea.join(", "));
    }
    let views = text(&a.views);
    b.lead(
        l.get("suitability.agreement"),
        if views.is_empty() {
            l.get("suitability.no_agreement")
        } else {
            views
        },
    );
    b.lead(l.get("goals.goals"), text(&a.goals));
}

/// Ties to the community that make release safe (para 21).
fn section_ties(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    b.para(None, l.get("ties.intro"));
    if let Some(h) = &c.housing {
        b.lead(l.get("housing.status"), housing_line(l, h));
    }
    if let Some(e) = &c.employment {
        b.lead(l.get("employment.status"), employment_line(l, e));
    }
    if let Some(f) = &c.family {
        b.lead(l.get("family.relationships"), text(&f.relationships));
    }
    if let Some(care) = &c.caretaking {
        b.lead(l.get("care.primary"), caretaking_line(l, care));
    }
}

/// Resettlement needs on release: housing, work, health, family, money (paras 42–45).
fn section_resettlement(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    b.para(None, l.get("resettlement.intro"));
    let none = l.get("no_information");
    b.lead(
        l.get("housing.status"),
        c.housing
            .as_ref()
            .map_or(none.clone(), |h| housing_line(l, h)),
    );
    b.lead(
        l.get("employment.status"),
        c.employment
            .as_ref()
            .map_or(none.clone(), |e| employment_line(l, e)),
    );
    if let Some(e) = &c.education {
        b.lead(l.get("education.level"), text(&e.highest_level));
    }
    match &c.health {
        Some(h) => {
            b.lead(l.get("health.physical"), text(&h.physical));
            if let Some(m) = &h.mental_health {
                b.lead(
                    l.get("health.mental"),
                    health_line(l, m.concerns, &m.treatment),
                );
            }
            if let Some(u) = &h.substance_use {
                b.lead(
                    l.get("health.substance"),
                    health_line(l, u.concerns, &u.notes),
                );
            }
        }
        None => b.lead(l.get("sub.health"), none.clone()),
    }
    match &c.family {
        Some(f) => b.lead(l.get("family.relationships"), text(&f.relationships)),
        None => b.lead(l.get("sub.family"), none.clone()),
    }
    if let Some(care) = &c.caretaking
        && !care.dependants.is_empty()
    {
        b.lead(l.get("care.dependants"), dependants(l, care));
    }
    b.lead(
        l.get("finances"),
        c.finances.as_ref().map_or(none, |f| text(&f.notes)),
    );
}

/// Times of the week in the report's language: "mar. 10:00–12:00".
fn times(l: &Labels, intervals: &[(u32, u32)]) -> String {
    crate::matching::describe_with(intervals, |day| l.value("dayshort", &day))
}

/// Why a measure is not open, in the report's language.
fn reason_text(l: &Labels, reason: &Reason) -> String {
    let list = |values: Vec<String>| values.join(", ");
    match reason {
        Reason::BelowMinAge { min, age } => l.fill(
            "reason.below_min_age",
            &[("min", &min.to_string()), ("age", &age.to_string())],
        ),
        Reason::AboveMaxAge { max, age } => l.fill(
            "reason.above_max_age",
            &[("max", &max.to_string()), ("age", &age.to_string())],
        ),
        Reason::Gender { allowed } => l.fill(
            "reason.gender",
            &[(
                "allowed",
                &list(allowed.iter().map(|g| l.value("gender", g)).collect()),
            )],
        ),
        Reason::RiskLevel { level, allowed } => l.fill(
            "reason.risk_level",
            &[
                (
                    "allowed",
                    &list(allowed.iter().map(|r| l.value("risk", r)).collect()),
                ),
                ("level", &l.value("risk", level)),
            ],
        ),
        Reason::ExcludedOffence { category } => l.fill(
            "reason.excluded_offence",
            &[("category", &l.value("category", category))],
        ),
        Reason::MissingNeed { need } => {
            l.fill("reason.missing_need", &[("need", &l.value("need", need))])
        }
        Reason::NoVictimConsent => l.get("reason.no_victim_consent"),
        Reason::NoConsent => l.get("reason.no_consent"),
    }
}

/// A schedule conflict, in the report's language.
fn conflict_text(l: &Labels, conflict: &Conflict) -> String {
    match conflict {
        Conflict::WorkingHours { times: t } => {
            l.fill("conflict.working_hours", &[("times", &times(l, t))])
        }
        Conflict::NoChildcare => l.get("conflict.no_childcare"),
        Conflict::OutsideAlternativeCare { times: t } => {
            l.fill("conflict.outside_care", &[("times", &times(l, t))])
        }
    }
}

/// A point for the court's attention, in the report's language.
fn point_text(l: &Labels, point: &Point) -> String {
    match point {
        Point::Conflict { measure, conflict } => l.fill(
            "point.conflict",
            &[
                ("measure", measure),
                ("conflict", &conflict_text(l, conflict)),
            ],
        ),
        Point::Restrictive { measure, level } => l.fill(
            "point.restrictive",
            &[("measure", measure), ("level", &level.to_string())],
        ),
        Point::TooMany { count } => l.fill("point.too_many", &[("count", &count.to_string())]),
        Point::LessRestrictive {
            other,
            other_level,
            measure,
            level,
        } => l.fill(
            "point.less_restrictive",
            &[
                ("other", other),
                ("other_level", &other_level.to_string()),
                ("measure", measure),
                ("level", &level.to_string()),
            ],
        ),
        Point::CustodyWithoutRationale => l.get("point.custody_without_rationale"),
        Point::ShortCustody { months } => {
            l.fill("point.short_custody", &[("months", &months.to_string())])
        }
        Point::CustodyWithoutImpact => l.get("point.custody_without_impact"),
        Point::UnaddressedNeed { need } => l.fill(
            "point.unaddressed_need",
            &[("need", &l.value("need", need))],
        ),
        Point::NoPlaces { measure } => l.fill("point.no_places", &[("measure", measure)]),
        Point::LongWait { measure, weeks } => l.fill(
            "point.long_wait",
            &[("measure", measure), ("weeks", &weeks.to_string())],
        ),
    }
}
