//! The checked data model: what a case and a catalogue mean once loaded.
//!
//! These types are deserialized from the YAML through [`crate::load`], which keeps
//! every node's position aside in a [`crate::load::SourceMap`] so that later checks
//! can point at a line without the model carrying spans.

pub mod case;
pub mod catalogue;
pub mod limits;
mod text;

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use case::Case;
pub use catalogue::Catalogue;
pub use text::Text;

/// A new case file with a comment on every field: what `psr init` writes, valid as a
/// draft. Its values also stand in for a field that fails to load, so that the rules
/// that do not read that field still run.
pub const CASE_SKELETON: &str = include_str!("case_skeleton.yaml");

/// The case format version this psr writes (`schema_version`): what `psr init` and
/// the studio's new cases carry. Version 2 refuses a final report by an NGO worker or
/// volunteer whose approval has no fingerprint (E038, para 56); version 1 warns
/// (W030). Nothing else differs (docs/supervision.md, "schema_version 2").
pub const SCHEMA_VERSION: u32 = 2;

/// Every case format version this psr reads, oldest first: a file valid under one
/// stays valid.
pub const SCHEMA_VERSIONS: &[u32] = &[1, 2];

/// The catalogue format version this psr reads (`catalogue_version`).
pub const CATALOGUE_VERSION: u32 = 1;

/// Every catalogue format version this psr reads.
pub const CATALOGUE_VERSIONS: &[u32] = &[CATALOGUE_VERSION];

/// Whole years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// An enumeration value in plain words, as written in the file with spaces for
/// underscores: `very_high` → "very high". For English messages and hints; reports
/// word values in their own language.
pub fn words<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text.replace('_', " "),
        // Not an enumeration: its JSON, rather than nothing.
        Ok(other) => other.to_string(),
        Err(e) => format!("(a value psr cannot name: {e})"),
    }
}

/// A day of the week, written `mon` … `sun`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// Every day, Monday first.
    pub const ALL: [Weekday; 7] = [
        Self::Mon,
        Self::Tue,
        Self::Wed,
        Self::Thu,
        Self::Fri,
        Self::Sat,
        Self::Sun,
    ];

    /// Monday = 0 … Sunday = 6.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The next day (Sunday → Monday).
    pub fn next(self) -> Weekday {
        Self::ALL[(self.index() + 1) % 7]
    }
}

/// A time of day written `"HH:MM"` (24 h). `24:00` is accepted as the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    /// Minutes since midnight, 0..=1440.
    pub minutes: u16,
}

impl ClockTime {
    /// Parses `HH:MM`.
    pub fn parse(text: &str) -> Option<ClockTime> {
        if text == "24:00" {
            return Some(ClockTime { minutes: 1440 });
        }
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let time = NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)?;
        let minutes = chrono::Timelike::hour(&time) * 60 + chrono::Timelike::minute(&time);
        Some(ClockTime {
            minutes: minutes as u16,
        })
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ClockTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid time \"{text}\": expected 24-hour \"HH:MM\""
            ))
        })
    }
}

impl JsonSchema for ClockTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ClockTime".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$",
            "description": "A time of day, 24-hour \"HH:MM\" in quotes."
        })
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Hours on some days of the week: working hours, a measure's sessions, childcare.
/// `to` before `from` means the block runs past midnight (a 22:00–06:00 night shift).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleBlock {
    /// The days on which the block starts.
    pub days: Vec<Weekday>,
    /// Start time.
    pub from: ClockTime,
    /// End time.
    pub to: ClockTime,
}

/// A value given for a measure's parameter: an integer, a text (money is written as a
/// decimal string such as `"180.00"`, never a float), or a yes/no.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ParamValue {
    /// A whole number.
    Integer(i64),
    /// Yes or no.
    Boolean(bool),
    /// A text, or an amount of money as a decimal string.
    Text(String),
    /// A number with a fraction: accepted by the parser only to be refused with a hint.
    Float(f64),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Integer(n) => write!(f, "{n}"),
            Self::Boolean(b) => write!(f, "{b}"),
            Self::Text(t) => f.write_str(t),
            Self::Float(x) => write!(f, "{x}"),
        }
    }
}

/// The JSON Schema (draft-07) of the case format, for editors (`psr schema case`).
pub fn case_schema() -> serde_json::Value {
    let mut schema = schema_of::<Case>("psr case file");
    limits::write_into_schema(&mut schema, limits::CASE);
    // What E020 and E031 refuse, an editor refuses too.
    schema["properties"]["schema_version"]["enum"] = SCHEMA_VERSIONS.into();
    schema["properties"]["sources"]["minItems"] = 1.into();
    schema
}

/// The JSON Schema (draft-07) of the catalogue format (`psr schema catalogue`).
pub fn catalogue_schema() -> serde_json::Value {
    let mut schema = schema_of::<Catalogue>("psr catalogue of measures");
    limits::write_into_schema(&mut schema, limits::CATALOGUE);
    schema["properties"]["catalogue_version"]["const"] = CATALOGUE_VERSION.into();
    schema
}

fn schema_of<T: JsonSchema>(title: &str) -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("title".into(), title.into());
    }
    value
}
