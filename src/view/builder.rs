//! Numbered sections and paragraphs, and text that wraps inside the margins; what a
//! section's builder reads (`Cx`) and its type (`SectionFn`), here so that the
//! sections (`sections.rs`, `addendum.rs`) and the report that lists them
//! (`court.rs`) depend on this file rather than on each other.

use super::labels::Labels;
use super::{Block, Section};
use crate::diff::Change;
use crate::matching::Matching;
use crate::model::{Case, Catalogue};

/// What a section builder reads.
#[derive(Clone, Copy)]
pub(super) struct Cx<'a> {
    pub(super) l: &'a Labels,
    pub(super) case: &'a Case,
    pub(super) catalogue: &'a Catalogue,
    pub(super) matching: &'a Matching,
    /// For an addendum: what changed since the earlier report.
    pub(super) changes: &'a [Change],
}

/// The builder of a section of a court report.
pub(super) type SectionFn = fn(&mut SectionBuilder, &Cx<'_>);

/// A character a line may break before or after without a space: Chinese and
/// Japanese characters and their punctuation, which are written without spaces.
fn breaks_anywhere(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Text with a break opportunity (a zero-width space) every 24 characters of a run
/// without spaces longer than 32: a reference, a hash or a URL must wrap rather than
/// run off the page, and hyphenation finds no break in letters and digits. Chinese
/// breaks between any two characters already: a zero-width space there would only
/// split its words in the PDF's text, where a search would miss them.
fn breakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    let long_runs = text
        .split(|c: char| c.is_whitespace() || breaks_anywhere(c))
        .any(|w| w.chars().count() > 32);
    if !long_runs {
        return text.to_string();
    }
    for c in text.chars() {
        if c.is_whitespace() || breaks_anywhere(c) {
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

/// How paragraphs are set out: numbered for a court (1.1, 1.2 …), plain for the
/// person; a lead-in label followed by the language's colon.
#[derive(Debug, Clone)]
struct Style {
    numbered: bool,
    /// ":" or "\u{a0}:" (French), closing a lead-in label.
    colon: String,
}

/// Builds one section, numbering its paragraphs.
pub struct SectionBuilder {
    number: usize,
    title: String,
    blocks: Vec<Block>,
    paragraphs: usize,
    style: Style,
}

impl SectionBuilder {
    /// A paragraph, led by a bold label when `lead` is given ("Housing: stable."). A
    /// blank text adds nothing.
    pub fn para(&mut self, lead: Option<String>, text: impl Into<String>) {
        // A tab has no width in running text: it would glue two words together.
        let text = breakable(&text.into().replace('\t', " "));
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.paragraphs += 1;
        let number = if self.style.numbered {
            format!("{}.{}", self.number, self.paragraphs)
        } else {
            String::new()
        };
        self.blocks.push(Block::Para {
            number,
            lead: lead.map(|lead| format!("{}{}", lead.trim_end(), self.style.colon)),
            text: text.to_string(),
        });
    }

    /// A paragraph led by a bold label.
    pub fn lead(&mut self, lead: String, text: impl Into<String>) {
        self.para(Some(lead), text);
    }

    /// A sub-heading.
    pub fn sub(&mut self, text: String) {
        self.blocks.push(Block::Subheading { text });
    }

    /// A sub-heading and what `fill` adds under it; neither when it adds no paragraph.
    pub fn group(&mut self, title: String, fill: impl FnOnce(&mut SectionBuilder)) {
        let (blocks, paragraphs) = (self.blocks.len(), self.paragraphs);
        self.sub(title);
        fill(self);
        if self.paragraphs == paragraphs {
            self.blocks.truncate(blocks);
        }
    }

    /// A table; a width of 0 is as wide as its content.
    pub fn table(&mut self, columns: Vec<String>, widths: Vec<u32>, rows: Vec<Vec<String>>) {
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

/// The sections of a copy, in order.
pub struct Sections {
    list: Vec<Section>,
    no_information: String,
    style: Style,
}

impl Sections {
    /// Numbered sections (a court copy); an empty one will say `no_information`.
    /// `colon` is the language's, as [`super::Labels::colon`] gives it.
    pub fn numbered(no_information: String, colon: &str) -> Sections {
        Sections::new(no_information, colon, true)
    }

    /// Sections without numbers (the person's copy): legal numbering means nothing
    /// to the person.
    pub fn plain(no_information: String, colon: &str) -> Sections {
        Sections::new(no_information, colon, false)
    }

    fn new(no_information: String, colon: &str, numbered: bool) -> Sections {
        Sections {
            list: Vec::new(),
            no_information,
            style: Style {
                numbered,
                colon: colon.trim_end().to_string(),
            },
        }
    }

    /// The sections built.
    pub fn into_list(self) -> Vec<Section> {
        self.list
    }

    /// Adds a section, filled by `fill`.
    pub fn add(&mut self, title: String, fill: impl FnOnce(&mut SectionBuilder)) {
        let mut builder = SectionBuilder {
            number: self.list.len() + 1,
            title,
            blocks: Vec::new(),
            paragraphs: 0,
            style: self.style.clone(),
        };
        fill(&mut builder);
        if builder.blocks.is_empty() {
            // A section a court expects says so rather than disappearing.
            builder.para(None, self.no_information.clone());
        }
        let number = if self.style.numbered {
            builder.number.to_string()
        } else {
            String::new()
        };
        self.list.push(Section {
            number,
            title: builder.title,
            blocks: builder.blocks,
        });
    }
}

/// A text field, trimmed; empty when absent.
pub fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or("").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::{Block, Sections, breakable};

    #[test]
    fn paragraphs_are_numbered_within_their_section_and_an_empty_section_says_so() {
        let mut sections = Sections::numbered("No information was provided.".into(), ": ");
        sections.add("Sources".into(), |b| {
            b.para(None, "One.");
            b.lead("Lead".into(), "  ");
            b.lead("Lead".into(), "Two.");
        });
        sections.add("Offence".into(), |_| {});
        let list = sections.into_list();
        let numbers = |i: usize| -> Vec<(String, String)> {
            list[i]
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Para { number, text, .. } => Some((number.clone(), text.clone())),
                    _ => None,
                })
                .collect()
        };
        // A blank paragraph is left out and takes no number.
        assert_eq!(
            numbers(0),
            [("1.1".into(), "One.".into()), ("1.2".into(), "Two.".into())]
        );
        assert_eq!(
            numbers(1),
            [("2.1".into(), "No information was provided.".into())]
        );
    }

    #[test]
    fn a_long_run_without_spaces_gets_break_opportunities() {
        let reference = "A".repeat(50);
        let broken = breakable(&reference);
        assert_eq!(broken.matches('\u{200B}').count(), 2);
        assert_eq!(broken.replace('\u{200B}', ""), reference);
        // Ordinary text is left alone, and so is Chinese, which breaks anywhere.
        assert_eq!(breakable("a short sentence"), "a short sentence");
        let chinese =
            "在九个月内按月等额向被害人支付一百八十英镑，并按时参加每次约定的治疗和每一次活动。";
        assert_eq!(breakable(chinese), chinese);
    }
}
