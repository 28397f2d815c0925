//! Hints shared by every stage: "did you mean" for typos, and what to write for a
//! number that YAML read as text.

/// The allowed word closest to a typo (edit distance ≤ 2), as `just` does.
pub fn closest<'a>(word: &str, allowed: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    allowed
        .map(|candidate| (strsim::levenshtein(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The hint for a whole number written with a leading zero (`010`), which psr keeps
/// as text (see [`crate::load::parse_yaml`]); `None` for any other text.
pub fn leading_zero_hint(text: &str) -> Option<String> {
    let is_leading_zero =
        text.len() > 1 && text.starts_with('0') && text.bytes().all(|b| b.is_ascii_digit());
    if !is_leading_zero {
        return None;
    }
    let plain = text.trim_start_matches('0');
    let plain = if plain.is_empty() { "0" } else { plain };
    Some(format!(
        "a number written with a leading zero is read as text (older YAML read `{text}` as octal): write `{plain}`"
    ))
}

#[cfg(test)]
mod tests {
    use super::{closest, leading_zero_hint};

    #[test]
    fn closest_finds_a_typo_within_two_edits() {
        let allowed = ["family_name", "given_name", "gender"];
        assert_eq!(
            closest("famly_name", allowed.into_iter()),
            Some("family_name")
        );
        assert_eq!(closest("gendre", allowed.into_iter()), Some("gender"));
        assert_eq!(closest("nationality", allowed.into_iter()), None);
    }

    #[test]
    fn leading_zero_hint_says_which_number_to_write() {
        let hint = leading_zero_hint("010").expect("a leading zero");
        assert!(hint.ends_with("write `10`"), "{hint}");
        assert!(
            leading_zero_hint("000")
                .expect("zeros")
                .ends_with("write `0`")
        );
        assert_eq!(leading_zero_hint("10"), None);
        assert_eq!(leading_zero_hint("0"), None);
        assert_eq!(leading_zero_hint("0x1"), None);
    }
}
