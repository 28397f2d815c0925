//! The text a reader copies out of a PDF: without the invisible characters that
//! steer the layout.
//!
//! An Arabic report keeps a name or an English sentence in its own direction with
//! isolates and marks (`view::bidi`: U+2066 … U+2069, U+200F); a date or a time range
//! is kept on one line with word joiners (U+2060), a long reference given places to
//! break with zero-width spaces (U+200B). Typst lays them out and draws nothing for
//! them, but keeps them in the text of the glyph beside them, and the PDF writer
//! then carries them into `/ActualText`: a name copied from the PDF would take
//! invisible controls into a clerk's system, a reference would not match when
//! searched (issue 26, 4). They are taken out of the laid-out text before the PDF is
//! written; the glyphs, their places and so the page are unchanged.

use typst::layout::{Frame, FrameItem};
use typst::text::TextItem;
use typst_layout::{Page, PagedDocument};

/// A character that only steers the layout: the bidirectional algorithm's marks,
/// embeddings, overrides and isolates (Unicode Annex 9), the word joiner and the
/// zero-width space (Annex 14, line breaking). Not the joiners that make a glyph
/// (U+200C, U+200D) nor variation selectors: they are part of what is written.
fn steers_layout(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// `document` with no direction mark in the text of its glyphs; the same document
/// when it has none (every report in a left-to-right language).
pub fn without_layout_controls(document: PagedDocument) -> PagedDocument {
    if !document.pages().iter().any(|page| holds_marks(&page.frame)) {
        return document;
    }
    let mut pages: Vec<Page> = document.pages().to_vec();
    for page in &mut pages {
        strip_frame(&mut page.frame);
    }
    let info = typst::model::Document::info(&document).clone();
    PagedDocument::new(pages.into_iter().collect(), info)
}

fn holds_marks(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(group) => holds_marks(&group.frame),
        FrameItem::Text(text) => text.text.chars().any(steers_layout),
        _ => false,
    })
}

fn strip_frame(frame: &mut Frame) {
    if !holds_marks(frame) {
        return;
    }
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => strip_frame(&mut group.frame),
            FrameItem::Text(text) => strip_text(text),
            _ => {}
        }
        true
    });
}

/// The item's text without its marks, and each glyph's range moved to the same
/// characters in it.
fn strip_text(item: &mut TextItem) {
    if !item.text.chars().any(steers_layout) {
        return;
    }
    // Where each byte offset of the old text lands in the new one.
    let mut moved = vec![0u16; item.text.len() + 1];
    let mut text = String::with_capacity(item.text.len());
    for (at, c) in item.text.char_indices() {
        let here = u16::try_from(text.len()).unwrap_or(u16::MAX);
        moved[at..at + c.len_utf8()].fill(here);
        if !steers_layout(c) {
            text.push(c);
        }
    }
    moved[item.text.len()] = u16::try_from(text.len()).unwrap_or(u16::MAX);
    for glyph in &mut item.glyphs {
        let start = moved.get(usize::from(glyph.range.start)).copied();
        let end = moved.get(usize::from(glyph.range.end)).copied();
        if let (Some(start), Some(end)) = (start, end) {
            glyph.range = start..end;
        }
    }
    item.text = text.into();
}

#[cfg(test)]
mod tests {
    use super::steers_layout;

    #[test]
    fn only_what_steers_the_layout_is_taken_out() {
        for c in [
            '\u{2066}', '\u{2069}', '\u{200F}', '\u{202B}', '\u{061C}', '\u{2060}', '\u{200B}',
        ] {
            assert!(steers_layout(c), "{c:?}");
        }
        for c in ['a', 'ب', ' ', '\u{00A0}', '\u{200D}', '\u{FE0F}', '.'] {
            assert!(!steers_layout(c), "{c:?}");
        }
    }
}
