//! Stage 4: the view model, the only thing templates see.
//!
//! Everything a court reads is decided here: which sections, in which order, their
//! numbers (1, 1.1, 1.2 … computed here so that Typst lays out text whose width is
//! known in the first pass), every label in the report's language and every date
//! formatted. Templates only lay it out; they never compute legal logic. The view is
//! serialized to JSON and read by the template with `json(..)`, so case text is
//! always data, never markup.
//!
//! - [`court`]: the court's copy, its front sheet and signature, and which sections
//!   each kind of report has;
//! - [`sections`]: the builders of those sections;
//! - [`person`]: the plain-language copy for the person (para 12);
//! - [`wording`]: sentences both copies share (a schedule, a reason, a point);
//! - [`labels`]: the fixed text of each language;
//! - [`builder`]: numbered sections and paragraphs;
//! - [`bidi`]: left-to-right text kept in its direction in a right-to-left report;
//! - [`printed`]: which fields each kind prints, so that none is dropped unsaid.

mod addendum;
mod bidi;
mod builder;
mod court;
mod labels;
mod person;
mod printed;
mod sections;
mod wording;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use addendum::change_sentences;
pub use bidi::isolated_value;
pub use court::court_view;
pub use labels::{Addressee, Group, Key, Labels, group, key};
pub use person::person_view;
pub use printed::unprinted;

/// The whole view of one report copy.
#[derive(Debug, Serialize)]
pub struct ReportView {
    /// Language code for Typst's `text(lang:)`.
    pub lang: &'static str,
    /// Whether to watermark every page.
    pub draft: bool,
    /// Larger type, for a person who needs support to read (the person's copy when
    /// `literacy_support_needed` is recorded).
    pub large_print: bool,
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
    /// In a draft with errors: what must be fixed before the report can be final.
    /// Never in a final report, which such errors refuse.
    pub to_fix: Option<ToFix>,
    /// Numbered sections.
    pub sections: Vec<Section>,
    /// The signature and supervision block.
    pub signature: Signature,
}

impl ReportView {
    /// Calls `f` on every text a reader sees: the page furniture's reference, the
    /// statement, the front sheet, notices, every section's title, paragraphs,
    /// headings and cells, the signature. Metadata is left alone (a PDF viewer shows
    /// it as is).
    pub fn each_text(&mut self, mut f: impl FnMut(&mut String)) {
        f(&mut self.furniture.reference);
        f(&mut self.statement);
        for row in self.front.iter_mut().chain(self.signature.rows.iter_mut()) {
            f(&mut row.value);
        }
        for notice in self
            .safeguarding
            .iter_mut()
            .chain(self.signature.supervision.iter_mut())
        {
            f(&mut notice.title);
            f(&mut notice.text);
        }
        for section in &mut self.sections {
            f(&mut section.title);
            for block in &mut section.blocks {
                match block {
                    Block::Para { text, .. } => f(text),
                    Block::Subheading { text } => f(text),
                    Block::Table { rows, .. } => rows.iter_mut().flatten().for_each(&mut f),
                }
            }
        }
    }

    /// The last touches before the view is laid out, in `l`'s language: a citation
    /// the author wrote ("para 24") kept on one line as psr's own are, and in a
    /// right-to-left report each left-to-right run kept in its direction.
    pub fn set_for_reading(&mut self, l: &Labels) {
        self.each_text(|text| {
            *text = l.keep_titles_whole(&number_with_its_word(&l.keep_citations_whole(text)))
        });
        if l.language().is_rtl() {
            self.keep_ltr_text_in_its_direction();
        }
    }
}

/// A number kept on the line of the word after it ("over 6 / months" and
/// "discharge, 12 / months" broke a count from its unit): the space after a word of
/// digits ("6", "180.00", "£180") and before a letter becomes a no-break space. Only
/// a word all of digits: "w012 w013 …" must still break, or a line of such words
/// would run off the page.
fn number_with_its_word(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Whether the word so far is a number, and has a digit.
    let (mut number, mut digit) = (true, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            let joins =
                c == ' ' && number && digit && chars.peek().is_some_and(|n| n.is_alphabetic());
            out.push(if joins { '\u{a0}' } else { c });
            (number, digit) = (true, false);
            continue;
        }
        out.push(c);
        digit |= c.is_ascii_digit();
        number &= c.is_ascii_digit() || matches!(c, '.' | ',' | '(' | '£' | '$' | '€');
    }
    out
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
    /// "Page {page} of {total}": the whole phrase, for languages whose words go
    /// around the numbers ("第 {page} 页，共 {total} 页"). `page` and `of` stay for
    /// templates exported before it.
    pub pages: String,
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

/// The draft-only box of what must be fixed before a report can be final.
#[derive(Debug, Serialize)]
pub struct ToFix {
    /// "To fix before this report can be final".
    pub title: String,
    /// One finding each: its code, what is wrong and the field.
    pub items: Vec<String>,
}

/// The box of a draft with errors, from its findings (the author's words, in English
/// as every diagnostic is; the title in the report's language). `None` for a final
/// report or a draft without errors.
pub(crate) fn to_fix(
    l: &Labels,
    case: &crate::model::Case,
    findings: &[crate::diagnostic::Diagnostic],
) -> Option<ToFix> {
    if case.report.status != crate::model::case::ReportStatus::Draft {
        return None;
    }
    let items: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == crate::diagnostic::Severity::Error)
        .map(|f| format!("{} — {} ({})", f.code, f.message.replace('`', ""), f.path))
        .collect();
    (!items.is_empty()).then(|| ToFix {
        title: l.get(key::DRAFT_TO_FIX),
        items,
    })
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

#[cfg(test)]
mod tests {
    use super::number_with_its_word;

    #[test]
    fn a_number_stays_with_the_word_after_it_and_nothing_else_is_joined() {
        assert_eq!(
            number_with_its_word("over 6 months, £180.00 to the victim"),
            "over 6\u{a0}months, £180.00\u{a0}to the victim"
        );
        // Words with digits in them, and numbers before numbers, still break.
        assert_eq!(number_with_its_word("w012 w013 1 2 3"), "w012 w013 1 2 3");
        assert_eq!(
            number_with_its_word("12 Bridge Street"),
            "12\u{a0}Bridge Street"
        );
    }
}
