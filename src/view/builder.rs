//! Numbered sections and paragraphs, and text that wraps inside the margins.

use super::{Block, Section};

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
pub struct SectionBuilder {
    number: usize,
    title: String,
    blocks: Vec<Block>,
    paragraphs: usize,
}

impl SectionBuilder {
    /// How many numbered paragraphs the section has so far.
    pub fn paragraphs(&self) -> usize {
        self.paragraphs
    }

    pub fn para(&mut self, lead: Option<String>, text: impl Into<String>) {
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

    pub fn lead(&mut self, lead: String, text: impl Into<String>) {
        self.para(Some(lead), text);
    }

    pub fn sub(&mut self, text: String) {
        self.blocks.push(Block::Subheading { text });
    }

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

pub struct Sections {
    list: Vec<Section>,
    no_information: String,
}

impl Sections {
    /// No sections yet; an empty one will say `no_information`.
    pub fn new(no_information: String) -> Sections {
        Sections {
            list: Vec::new(),
            no_information,
        }
    }

    /// The sections built.
    pub fn into_list(self) -> Vec<Section> {
        self.list
    }

    pub fn add(&mut self, title: String, fill: impl FnOnce(&mut SectionBuilder)) {
        let mut builder = SectionBuilder {
            number: self.list.len() + 1,
            title,
            blocks: Vec::new(),
            paragraphs: 0,
        };
        fill(&mut builder);
        if builder.blocks.is_empty() {
            // A section a court expects says so rather than disappearing.
            builder.para(None, self.no_information.clone());
        }
        self.list.push(Section {
            number: builder.number.to_string(),
            title: builder.title,
            blocks: builder.blocks,
        });
    }
}

pub fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or("").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::{Block, Sections, breakable};

    #[test]
    fn paragraphs_are_numbered_within_their_section_and_an_empty_section_says_so() {
        let mut sections = Sections::new("No information was provided.".into());
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
        // Ordinary text is left alone.
        assert_eq!(breakable("a short sentence"), "a short sentence");
    }
}
