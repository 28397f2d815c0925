//! Right-to-left reports (Arabic): text in a left-to-right script keeps its own
//! direction.
//!
//! Typst lays out an Arabic report right to left, mirroring the page, and applies the
//! Unicode bidirectional algorithm inside each paragraph. A paragraph or a cell written
//! wholly in a left-to-right script — an English account, a name, a court reference —
//! would then end with its full stop on the wrong side ("Cleaner." printed ".Cleaner").
//! Such a text is isolated as left to right (LRI … PDI, Unicode Annex 9), which Typst's
//! bidi resolution honours and its shaping removes from the page and its text layer.
//! Text that has any right-to-left letter is left to the algorithm: an Arabic sentence
//! naming "Riverside Magistrates' Court" reads in Arabic order with the name whole.

use unicode_bidi::{BidiClass, bidi_class};

use super::{Block, ReportView};

/// Left-to-right isolate.
const LRI: char = '\u{2066}';
/// Pop directional isolate.
const PDI: char = '\u{2069}';

/// `text` isolated as left to right when it has a left-to-right letter and no
/// right-to-left one; otherwise unchanged.
pub fn isolate_ltr(text: &str) -> String {
    let mut ltr = false;
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::R | BidiClass::AL => return text.to_string(),
            BidiClass::L => ltr = true,
            _ => {}
        }
    }
    if ltr && !text.starts_with(LRI) {
        format!("{LRI}{text}{PDI}")
    } else {
        text.to_string()
    }
}

impl ReportView {
    /// Every text a reader sees, isolated as [`isolate_ltr`] says: for a report in a
    /// right-to-left language. Metadata is left alone (a PDF viewer shows it as is).
    pub fn keep_ltr_text_in_its_direction(&mut self) {
        let each = |s: &mut String| *s = isolate_ltr(s);
        each(&mut self.furniture.reference);
        for row in self.front.iter_mut().chain(self.signature.rows.iter_mut()) {
            each(&mut row.value);
        }
        for notice in self
            .safeguarding
            .iter_mut()
            .chain(self.signature.supervision.iter_mut())
        {
            each(&mut notice.text);
        }
        for section in &mut self.sections {
            for block in &mut section.blocks {
                match block {
                    Block::Para { text, .. } => each(text),
                    Block::Subheading { text } => each(text),
                    Block::Table { rows, .. } => rows.iter_mut().flatten().for_each(each),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::isolate_ltr;

    #[test]
    fn only_text_wholly_left_to_right_is_isolated() {
        assert_eq!(isolate_ltr("Cleaner."), "\u{2066}Cleaner.\u{2069}");
        assert_eq!(
            isolate_ltr("RMC/CR/2026/0417"),
            "\u{2066}RMC/CR/2026/0417\u{2069}"
        );
        // Arabic, or Arabic naming an English name: the bidi algorithm orders it.
        assert_eq!(isolate_ltr("يعمل بأجر"), "يعمل بأجر");
        assert_eq!(
            isolate_ltr("Mary Wanjiru، العمر: 23"),
            "Mary Wanjiru، العمر: 23"
        );
        // Numbers and punctuation alone have no direction of their own to keep.
        assert_eq!(isolate_ltr("4.1"), "4.1");
        // Isolated once.
        assert_eq!(
            isolate_ltr(&isolate_ltr("Cleaner.")),
            "\u{2066}Cleaner.\u{2069}"
        );
    }
}
