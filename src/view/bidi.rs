//! Right-to-left reports (Arabic): text in a left-to-right script keeps its own
//! direction.
//!
//! Typst lays out an Arabic report right to left, mirroring the page, and applies the
//! Unicode bidirectional algorithm inside each paragraph. Left to itself, the algorithm
//! tears apart a left-to-right text set among Arabic words: "14 Mill Lane, Eastfield"
//! would print its number after the street, and an English account would end with its
//! full stop on the wrong side (".Cleaner"). Each run of left-to-right text — a name,
//! an address, a reference, a sentence the officer wrote in English — is therefore
//! isolated as left to right (LRI … PDI, Unicode Annex 9): the run reads as written,
//! and the Arabic around it in Arabic order. Typst's bidi resolution honours isolates,
//! and its shaping removes them from the page and from the text layer.

use unicode_bidi::{BidiClass, bidi_class};

use super::ReportView;

/// Left-to-right isolate.
pub const LRI: char = '\u{2066}';
/// Pop directional isolate.
pub const PDI: char = '\u{2069}';
/// Right-to-left mark: after a value psr isolated, so that the punctuation after it
/// is the Arabic sentence's.
pub const RLM: char = '\u{200F}';

/// `value` isolated as left to right when it holds a left-to-right letter, numbers
/// and all ("في ⟨14 Mill Lane⟩." with a mark before the stop): for a value set into a right-to-left sentence by a
/// template, whose number would otherwise follow the street. The mark after it keeps
/// the sentence's own punctuation on its side.
pub fn isolated_value(value: &str) -> String {
    if value.chars().any(|c| bidi_class(c) == BidiClass::L) {
        format!("{LRI}{value}{PDI}{RLM}")
    } else {
        value.to_string()
    }
}

/// A time range ("06:00–14:00") isolated as left to right: among Arabic words its
/// two times would otherwise read from the end.
pub fn isolated_range(range: &str) -> String {
    format!("{LRI}{range}{PDI}")
}

/// The index just past the isolate opened at `at` (its PDI, or the end).
fn past_isolate(chars: &[char], at: usize) -> usize {
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate().skip(at) {
        match c {
            '\u{2066}'..='\u{2068}' => depth += 1,
            PDI => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    chars.len()
}

/// Where in `run` a bracket closes that the run did not open: from there on the text
/// is the Arabic around the run's ("(موظف، Second Chance Trust)").
fn first_unopened_close(run: &[char]) -> Option<usize> {
    let (mut round, mut square) = (0usize, 0usize);
    for (i, &c) in run.iter().enumerate() {
        match c {
            '(' => round += 1,
            '[' => square += 1,
            ')' if round == 0 => return Some(i),
            ']' if square == 0 => return Some(i),
            ')' => round -= 1,
            ']' => square -= 1,
            _ => {}
        }
    }
    None
}

/// An Arabic letter or the Arabic comma, semicolon or question mark: where a run of
/// left-to-right text ends.
fn ends_a_run(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL) || matches!(c, '،' | '؛' | '؟')
}

/// An opening bracket or quotation mark, which belongs to the run it opens.
fn opens(c: char) -> bool {
    matches!(c, '(' | '[' | '"' | '“' | '\'')
}

/// `text` with each run of left-to-right text isolated: a run starts at a
/// left-to-right letter (with the number or bracket that opens its field) and ends
/// before the next Arabic letter or Arabic punctuation, spaces left outside.
pub fn isolate_ltr_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let (mut done, mut i) = (0, 0);
    while i < chars.len() {
        // What is isolated already (a value a template set) stays as it is.
        if matches!(chars[i], '\u{2066}'..='\u{2068}') {
            i = past_isolate(&chars, i);
            continue;
        }
        if bidi_class(chars[i]) != BidiClass::L {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > done && opens(chars[start - 1]) {
            start -= 1;
        }
        // A number before the letter belongs to the run when it opens its field: at the
        // start of the text or after a colon, comma or semicolon ("العنوان: 14 Mill Lane"),
        // not when it ends an Arabic date ("نوفمبر 2026 Grace").
        let mut number = start;
        while number > done && (chars[number - 1].is_ascii_digit() || chars[number - 1] == ' ') {
            number -= 1;
        }
        let opens_field = chars[..number]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_none_or(|&c| matches!(c, ':' | '،' | '؛' | ',' | ';' | '('));
        if opens_field {
            start = number;
        }
        while chars[start].is_whitespace() {
            start += 1;
        }
        let mut end = i;
        while end < chars.len() && !ends_a_run(chars[end]) {
            end += 1;
        }
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        // A bracket the run does not open closes the Arabic around it, and one it
        // opens last opens the Arabic after it.
        if let Some(at) = first_unopened_close(&chars[start..end]) {
            end = start + at;
        }
        while end > start && (chars[end - 1].is_whitespace() || matches!(chars[end - 1], '(' | '['))
        {
            end -= 1;
        }
        out.extend(&chars[done..start]);
        out.push(LRI);
        out.extend(&chars[start..end]);
        out.push(PDI);
        (done, i) = (end, end);
    }
    out.extend(&chars[done..]);
    out
}

impl ReportView {
    /// Every text a reader sees, with its left-to-right runs isolated
    /// ([`isolate_ltr_runs`]): for a report in a right-to-left language.
    pub fn keep_ltr_text_in_its_direction(&mut self) {
        self.each_text(|s| *s = isolate_ltr_runs(s));
    }
}

#[cfg(test)]
mod tests {
    use super::isolate_ltr_runs as isolate;

    /// The text with its isolates written as ⟨ and ⟩.
    fn shown(text: &str) -> String {
        isolate(text)
            .replace('\u{2066}', "⟨")
            .replace('\u{2069}', "⟩")
    }

    #[test]
    fn a_text_wholly_left_to_right_is_one_run() {
        assert_eq!(shown("Cleaner."), "⟨Cleaner.⟩");
        assert_eq!(shown("RMC/CR/2026/0417"), "⟨RMC/CR/2026/0417⟩");
        // Isolated once.
        assert_eq!(isolate(&isolate("Cleaner.")), isolate("Cleaner."));
    }

    #[test]
    fn left_to_right_runs_among_arabic_words_are_isolated_whole() {
        assert_eq!(
            shown("14 Mill Lane, Eastfield؛ جرى التحقق من العنوان."),
            "⟨14 Mill Lane, Eastfield⟩؛ جرى التحقق من العنوان."
        );
        assert_eq!(
            shown("Daniel Osei، موظف مراقبة السلوك، Riverside Probation Service"),
            "⟨Daniel Osei⟩، موظف مراقبة السلوك، ⟨Riverside Probation Service⟩"
        );
        assert_eq!(
            shown("النتيجة: OGRS3 12% (low)."),
            "النتيجة: ⟨OGRS3 12% (low).⟩"
        );
        // A bracket opens the run; the year of an Arabic date stays with the date.
        assert_eq!(
            shown("الآراء (Willing to attend)."),
            "الآراء ⟨(Willing to attend).⟩"
        );
        assert_eq!(
            shown("بتاريخ 5 تشرين الثاني/نوفمبر 2026 Grace"),
            "بتاريخ 5 تشرين الثاني/نوفمبر 2026 ⟨Grace⟩"
        );
    }

    #[test]
    fn a_value_isolated_already_stays_whole_and_a_bracket_closes_its_own_side() {
        let value = super::isolated_value("14 Mill Lane, Eastfield");
        assert_eq!(
            shown(&format!("تسكنين في {value}.")).replace('\u{200F}', "‹RLM›"),
            "تسكنين في ⟨14 Mill Lane, Eastfield⟩‹RLM›."
        );
        assert_eq!(super::isolated_value("١٢"), "١٢");
        assert_eq!(
            shown("مع Grace Achieng (موظف في منظمة غير حكومية، Second Chance Trust)."),
            "مع ⟨Grace Achieng⟩ (موظف في منظمة غير حكومية، ⟨Second Chance Trust⟩)."
        );
        assert_eq!(
            shown("(الفقرة 46، المبدأ الأساسي IV)."),
            "(الفقرة 46، المبدأ الأساسي ⟨IV⟩)."
        );
        // Brackets the run opens stay in it.
        assert_eq!(
            shown("الآراء (Willing to attend)."),
            "الآراء ⟨(Willing to attend).⟩"
        );
        // Isolated once, whatever is isolated already.
        let once = isolate(&format!("أ {value} ب Grace."));
        assert_eq!(isolate(&once), once);
    }

    #[test]
    fn arabic_numbers_and_punctuation_are_left_alone() {
        assert_eq!(shown("يعمل بأجر"), "يعمل بأجر");
        assert_eq!(shown("العمر: 23"), "العمر: 23");
        assert_eq!(shown("4.1"), "4.1");
        assert_eq!(shown(""), "");
    }
}
