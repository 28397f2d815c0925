//! E016: text that no font can print, found before Typst runs so that the finding
//! names the field and its line.

use crate::diagnostic::{Diagnostic, codes};
use crate::load::{Document, for_each_text};

/// What the renderer's fonts can print: implemented by the rendering engine, which
/// knows the fonts built in, in the template folder and in `--font-path`.
pub trait Coverage {
    /// Whether some font has a glyph for `c`, or `c` needs none (a space, a joiner).
    fn can_print(&self, c: char) -> bool;
}

/// A function stands for fonts in tests and fuzzing (`|c: char| c.is_ascii()`).
impl<F: Fn(char) -> bool> Coverage for F {
    fn can_print(&self, c: char) -> bool {
        self(c)
    }
}

/// E016: text with characters that no font can print. Typst would fail at the PDF/A
/// export, naming neither the field nor the line; a name must be printed as the
/// person writes it, so the fix is a font, not a spelling. `fonts` are the
/// renderer's (fonts built in, in the template folder, and in `--font-path`).
pub fn unprintable_text(document: &Document, fonts: &dyn Coverage) -> Vec<Diagnostic> {
    /// Characters named in one finding; the rest are counted.
    const SHOWN: usize = 3;
    let mut found = Vec::new();
    for_each_text(&document.root, "", &mut |path, text| {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars() {
            if !missing.contains(&c) && !fonts.can_print(c) {
                missing.push(c);
            }
        }
        if missing.is_empty() {
            return;
        }
        let mut named: Vec<String> = missing
            .iter()
            .take(SHOWN)
            .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
            .collect();
        if missing.len() > SHOWN {
            named.push(format!("and {} more", missing.len() - SHOWN));
        }
        found.push(
            Diagnostic::new(
                codes::E016,
                path,
                format!("no font can print {}", named.join(", ")),
            )
            .with_hint(
                "keep the text as written and add a font that has these characters: \
                 `--font-path DIR` or PSR_FONT_PATH (e.g. Noto Sans CJK for Chinese, Japanese \
                 and Korean, Noto Sans Thai), see docs/fonts.md",
            )
            .at(document.map.value(path)),
        );
    });
    found
}

/// E016 for the fields holding `texts`, which Typst could not print although every
/// character has a font: a combination no single font draws, such as a keycap emoji
/// (`1️⃣`, digit + U+FE0F + U+20E3) or a letter with a mark from another script.
/// Fields are found by the non-ASCII characters of `texts` (ASCII alone would match
/// everywhere); none found means the text is the template's own.
pub fn unprintable_combinations(document: &Document, texts: &[String]) -> Vec<Diagnostic> {
    let suspects: Vec<char> = texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_ascii())
        .collect();
    let mut found = Vec::new();
    if suspects.is_empty() {
        return found;
    }
    for_each_text(&document.root, "", &mut |path, text| {
        let Some(at) = text.find(|c| suspects.contains(&c)) else {
            return;
        };
        // The word around it, as the author sees it.
        let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        let word: String = text[start..end].chars().take(24).collect();
        let codes: Vec<String> = word
            .chars()
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        found.push(
            Diagnostic::new(
                codes::E016,
                path,
                format!(
                    "no font can print `{word}` ({}) as written",
                    codes.join(" ")
                ),
            )
            .with_hint(
                "a letter with a mark, or an emoji sequence such as a keycap, that no one font \
                 draws: write it without the mark, or add a font that has it with `--font-path \
                 DIR` (docs/fonts.md)",
            )
            .at(document.map.value(path)),
        );
    });
    found
}
