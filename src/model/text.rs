//! A catalogue text in one language or several: `name: "Community service order"`,
//! or `name: { en: "Community service order", fr: "Travail d'intérêt général" }`.
//!
//! A plain string is in the catalogue's own `language` (English when not given), so
//! that a catalogue written before texts could be translated keeps its meaning.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::case::Language;

/// A text of the catalogue, in its own language or in several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Text {
    /// A text in the catalogue's own language.
    Plain(String),
    /// A text per language.
    Translated(BTreeMap<Language, String>),
}

impl Text {
    /// The text in `language`, if the catalogue has it; `own` is the catalogue's
    /// language, the language of a plain text.
    pub fn get(&self, language: Language, own: Language) -> Option<&str> {
        match self {
            Text::Plain(text) => (language == own).then_some(text.as_str()),
            Text::Translated(texts) => texts.get(&language).map(String::as_str),
        }
    }

    /// The text in `language`, or else in the catalogue's own language, or else in
    /// any language it has: something to print, with whether it is the one asked for.
    pub fn best(&self, language: Language, own: Language) -> (&str, bool) {
        if let Some(text) = self.get(language, own) {
            return (text, true);
        }
        let fallback = match self {
            Text::Plain(text) => Some(text.as_str()),
            Text::Translated(texts) => texts
                .get(&own)
                .or_else(|| texts.values().next())
                .map(String::as_str),
        };
        (fallback.unwrap_or(""), false)
    }

    /// Every text with its language (`None`: the catalogue's own), for checks that
    /// read them all.
    pub fn all(&self) -> Vec<(Option<Language>, &str)> {
        match self {
            Text::Plain(text) => vec![(None, text.as_str())],
            Text::Translated(texts) => texts.iter().map(|(l, t)| (Some(*l), t.as_str())).collect(),
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_string())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a text per language such as { en: \"…\", fr: \"…\" }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text::Plain(text.to_string()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Text, E> {
                Ok(Text::Plain(text))
            }

            // A map's own errors (an unknown language) keep their words and path.
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                let texts: BTreeMap<Language, String> =
                    Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if texts.is_empty() {
                    return Err(de::Error::custom(
                        "expected a text, or a text per language such as { en: \"…\" }, not an empty mapping",
                    ));
                }
                Ok(Text::Translated(texts))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let languages = generator.subschema_for::<Language>();
        schemars::json_schema!({
            "description": "A text in the catalogue's language, or a text per language.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": languages,
                    "additionalProperties": { "type": "string" }
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Language, Text};

    fn text(yaml: &str) -> Result<Text, String> {
        let value: serde_json::Value = serde_saphyr::from_str(yaml).map_err(|e| e.to_string())?;
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn a_plain_text_is_in_the_catalogue_s_language() {
        let plain = text("\"Community service\"").expect("a text");
        assert_eq!(
            plain.get(Language::En, Language::En),
            Some("Community service")
        );
        assert_eq!(plain.get(Language::Fr, Language::En), None);
        assert_eq!(
            plain.best(Language::Fr, Language::En),
            ("Community service", false)
        );
    }

    #[test]
    fn a_text_per_language_gives_each_and_refuses_an_unknown_language() {
        let both = text("{ en: \"Fine\", fr: \"Amende\" }").expect("texts");
        assert_eq!(both.get(Language::Fr, Language::En), Some("Amende"));
        assert_eq!(both.best(Language::Es, Language::En), ("Fine", false));
        let unknown = text("{ de: \"Geldstrafe\" }").expect_err("unknown language");
        assert!(unknown.contains("unknown variant `de`"), "{unknown}");
        assert!(text("{}").is_err());
    }
}
