//! E016: text that no font can print, found before Typst runs so that the finding
//! names the field and its line.

use crate::diagnostic::{Diagnostic, codes};
use crate::load::{Document, for_each_text};

/// What the renderer's fonts can print: implemented by the rendering engine, which
/// knows the fonts built in, in the template folder and in `--font-path`.
pub trait Coverage {
    /// Whether some font has a glyph for `c`, or `c` needs none (a space, a joiner).
    fn can_print(&self, c: char) -> bool;

    /// Whether [`Coverage::can_print`] holds for every character of `text`: the
    /// common answer, which the fonts give without a call a character.
    fn can_print_all(&self, text: &str) -> bool {
        text.chars().all(|c| self.can_print(c))
    }
}

/// A function stands for fonts in tests and fuzzing (`|c: char| c.is_ascii()`).
impl<F: Fn(char) -> bool> Coverage for F {
    fn can_print(&self, c: char) -> bool {
        self(c)
    }
}

/// Where the built-in faces are and what they cover, written ahead from the font
/// files compiled in (`src/render/fonts.rs`) as Rust, so that reading it costs nothing
/// at start: all that `psr validate` needs of the fonts, so that it parses none and
/// the rules are checked without the renderer. The renderer's test
/// `the_embedded_font_book_is_the_fonts_own` recomputes it from the fonts and fails
/// when it differs; `PSR_WRITE_FONT_BOOK=1` with that test writes it again.
pub(crate) const BUILTIN_INDEX: EmbeddedIndex<'static> = include!("fonts/index.rs");

/// Where the built-in faces are and what they cover ([`BUILTIN_INDEX`]).
#[derive(PartialEq, Debug)]
// Where the faces are is the renderer's business; the rules read the coverage only.
#[cfg_attr(not(feature = "render"), allow(dead_code))]
pub(crate) struct EmbeddedIndex<'a> {
    /// The length of each built-in file, in order: metadata written for other files
    /// is not used.
    pub lengths: &'a [usize],
    /// Each face: its file (index among the built-in files) and its index in that file.
    pub faces: &'a [(usize, u32)],
    /// The characters some built-in face has, as sorted, disjoint ranges
    /// `[start, end)` of code points.
    pub coverage: &'a [(u32, u32)],
}

/// The characters some font has, as sorted, disjoint ranges `[start, end)` of code
/// points: the check before rendering (E016), one binary search a character.
#[derive(Debug, Clone)]
pub struct CoveredRanges {
    ranges: std::borrow::Cow<'static, [(u32, u32)]>,
}

impl CoveredRanges {
    /// What the fonts compiled into psr cover: the renderer's fonts when no template
    /// folder nor `--font-path` adds any.
    pub fn builtin() -> CoveredRanges {
        CoveredRanges {
            ranges: std::borrow::Cow::Borrowed(BUILTIN_INDEX.coverage),
        }
    }

    /// Ranges already sorted, disjoint and joined where they meet.
    pub fn from_sorted(ranges: Vec<(u32, u32)>) -> CoveredRanges {
        CoveredRanges {
            ranges: std::borrow::Cow::Owned(ranges),
        }
    }

    /// The ranges.
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    /// Whether some range holds the code point `code`.
    pub fn contains(&self, code: u32) -> bool {
        self.range_of(code).is_some()
    }

    /// The range that holds `c`.
    fn range_of(&self, c: u32) -> Option<(u32, u32)> {
        let at = self.ranges.partition_point(|&(_, end)| end <= c);
        self.ranges
            .get(at)
            .copied()
            .filter(|&(start, _)| start <= c)
    }
}

impl Coverage for CoveredRanges {
    /// Whether some font has a glyph for `c`, or `c` needs none (a space, a zero-width
    /// joiner, a variation selector). Typst falls back to any font of the book for a
    /// character the template's font lacks; PDF/A forbids printing one that no font
    /// has, so such text is refused before Typst runs, at its field.
    fn can_print(&self, c: char) -> bool {
        // Libertinus Serif covers ASCII; control characters were refused at loading.
        // The fonts' coverage before the tables of spaces and ignorables: it answers
        // for almost every character.
        c.is_ascii() || self.contains(c as u32) || needs_no_glyph(c)
    }

    /// A whole text at once: ASCII in one pass over its bytes, and a run of one
    /// script (the characters of a Chinese or Arabic text) from the range of the
    /// character before it, not a search a character (E016 over a catalogue in six
    /// languages was a tenth of a cold `psr validate`).
    fn can_print_all(&self, text: &str) -> bool {
        if text.is_ascii() {
            return true;
        }
        let mut last: (u32, u32) = (0, 0);
        text.chars().all(|c| {
            let code = c as u32;
            if c.is_ascii() || (last.0 <= code && code < last.1) {
                return true;
            }
            match self.range_of(code) {
                Some(range) => {
                    last = range;
                    true
                }
                None => needs_no_glyph(c),
            }
        })
    }
}

/// The characters Unicode says are default-ignorable (`Default_Ignorable_Code_Point`,
/// DerivedCoreProperties.txt), as inclusive ranges: drawn with no glyph, as Typst
/// draws them. The renderer's test `psr_ignores_what_typst_ignores` compares them
/// with Typst's own table, character by character.
const DEFAULT_IGNORABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

/// A character that takes no glyph: a space, a zero-width joiner, a variation
/// selector.
pub(crate) fn needs_no_glyph(c: char) -> bool {
    let code = c as u32;
    c.is_whitespace()
        || DEFAULT_IGNORABLE
            .iter()
            .any(|&(first, last)| first <= code && code <= last)
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
        if fonts.can_print_all(text) {
            return;
        }
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
///
/// Typst names each glyph it could not draw, in the order of the document: the keycap
/// is `1`, U+FE0F, U+20E3. Consecutive texts are joined into the longest run that some
/// field holds ([`clusters`]), and a field is named with the first such run in it:
/// an emoji beside the keycap that shares a character with it (❤️ is U+2764 U+FE0F)
/// prints, and is neither named nor blamed. Texts that join no field are found by
/// their non-ASCII characters (ASCII alone would match everywhere), the word around
/// the first named. None found means the text is the template's own.
pub fn unprintable_combinations(document: &Document, texts: &[String]) -> Vec<Diagnostic> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for_each_text(&document.root, "", &mut |path, text| {
        fields.push((path.to_string(), text.to_string()));
    });
    let (clusters, rest) = clusters(texts, &fields);
    let suspects: Vec<char> = rest
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_ascii())
        .collect();
    let mut found = Vec::new();
    for (path, text) in &fields {
        let whole = clusters
            .iter()
            .filter_map(|cluster| text.find(cluster.as_str()).map(|at| (at, cluster)))
            .min();
        let word: String = match whole {
            Some((_, cluster)) => cluster.chars().take(24).collect(),
            None => {
                let Some(at) = text.find(|c| suspects.contains(&c)) else {
                    continue;
                };
                // The word around it, as the author sees it.
                let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
                let end = text[at..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |i| at + i);
                text[start..end].chars().take(24).collect()
            }
        };
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
    }
    found
}

/// `texts` joined, in order, into the longest runs that some field holds whole and
/// that are not ASCII alone; and the texts that joined none.
fn clusters<'a>(texts: &'a [String], fields: &[(String, String)]) -> (Vec<String>, Vec<&'a str>) {
    let held = |run: &str| fields.iter().any(|(_, text)| text.contains(run));
    let (mut clusters, mut rest) = (Vec::new(), Vec::new());
    let mut start = 0;
    while start < texts.len() {
        let mut run = String::new();
        let mut best = None;
        for (end, text) in texts.iter().enumerate().skip(start) {
            run.push_str(text);
            if !held(&run) {
                break;
            }
            if !run.is_ascii() {
                best = Some((end, run.clone()));
            }
        }
        match best {
            Some((end, run)) => {
                clusters.push(run);
                start = end + 1;
            }
            None => {
                rest.push(texts[start].as_str());
                start += 1;
            }
        }
    }
    (clusters, rest)
}

#[cfg(test)]
mod tests {
    use super::clusters;

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| (*t).to_string()).collect()
    }

    /// Typst names the keycap's glyphs one by one: they are joined back into the
    /// keycap, and the heart that shares U+FE0F with it is not one of them.
    #[test]
    fn the_glyphs_typst_names_are_joined_into_what_the_field_holds() {
        let fields = vec![
            (
                "person.given_name".to_string(),
                "Mary ❤️ 1️⃣ and 7️⃣".to_string(),
            ),
            ("person.family_name".to_string(), "❤️".to_string()),
        ];
        let texts = strings(&["1", "\u{fe0f}", "\u{20e3}", "7", "\u{fe0f}", "\u{20e3}"]);
        let (found, rest) = clusters(&texts, &fields);
        assert_eq!(found, ["1\u{fe0f}\u{20e3}", "7\u{fe0f}\u{20e3}"]);
        assert!(rest.is_empty(), "{rest:?}");
        // ASCII alone joins nothing; a text no field holds is left for the fallback.
        let texts = strings(&["M", "\u{0301}x"]);
        let (found, rest) = clusters(&texts, &fields);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(rest, ["M", "\u{0301}x"]);
    }
}
