//! A proposed measure's parameters against the catalogue's definitions, and its
//! condition filled in.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior, Value};

use crate::diagnostic::{Diagnostic, closest, codes, leading_zero_hint};
use crate::load::SourceMap;
use crate::model::ParamValue;
use crate::model::case::{Gender, Language};
use crate::model::catalogue::{Currency, Measure, ParamSpec, ParamType};

/// How money is written, wherever it is: a parameter, an income.
pub const MONEY_HINT: &str =
    "write money in quotes with two decimals, e.g. \"180.00\": unquoted numbers may lose cents";

/// E062–E065: a proposed measure's parameters against the catalogue's definitions.
pub fn check_parameters(
    measure: &Measure,
    given: &BTreeMap<String, ParamValue>,
    path: &str,
    map: &SourceMap,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, value) in given {
        let at = format!("{path}.parameters.{name}");
        let finding = match measure.parameters.get(name) {
            None => Some(unknown_parameter(measure, name, &at, map)),
            Some(spec) => wrong_value(measure, name, spec, value, &at, map),
        };
        out.extend(finding);
    }
    out.extend(missing_parameters(measure, given, path, map));
    out
}

/// E063: a parameter the measure does not take.
fn unknown_parameter(measure: &Measure, name: &str, at: &str, map: &SourceMap) -> Diagnostic {
    let names: Vec<&str> = measure.parameters.keys().map(String::as_str).collect();
    let takes = if names.is_empty() {
        "no parameters".to_string()
    } else {
        names.join(", ")
    };
    let mut hint = format!("`{}` takes: {takes}", measure.id);
    if let Some(best) = closest(name, names.iter().copied()) {
        hint = format!("did you mean `{best}`? {hint}");
    }
    Diagnostic::new(
        codes::E063,
        at,
        format!("unknown parameter `{name}` for `{}`", measure.id),
    )
    .with_hint(hint)
    .at(map.key(at))
}

/// E064, E065: a value of the parameter's type, within its range (para 31).
fn wrong_value(
    measure: &Measure,
    name: &str,
    spec: &ParamSpec,
    value: &ParamValue,
    at: &str,
    map: &SourceMap,
) -> Option<Diagnostic> {
    let wrong = |expected: &str, hint: &str| {
        Diagnostic::new(codes::E064, at, format!("`{name}` must be {expected}"))
            .with_hint(hint)
            .at(map.value(at))
    };
    Some(match (spec.kind, value) {
        (ParamType::Integer, ParamValue::Integer(n)) => {
            let range = outside_range(spec, *n)?;
            Diagnostic::new(
                codes::E065,
                at,
                format!("`{name}` is {n}, outside the catalogue's range: {range}"),
            )
            .with_hint(format!(
                "the catalogue's range is the measure as really offered, and a ceiling against excess: `{}` allows {range}",
                measure.id
            ))
            .at(map.value(at))
        }
        (ParamType::Integer, value) => {
            let leading_zero = match value {
                ParamValue::Text(text) => leading_zero_hint(text),
                _ => None,
            };
            let hint = leading_zero
                .unwrap_or_else(|| "write the number without quotes, e.g. 12".to_string());
            wrong("a whole number", &hint)
        }
        (ParamType::Money, ParamValue::Text(text)) if is_money(text) => return None,
        (ParamType::Money, ParamValue::Float(_) | ParamValue::Integer(_)) => {
            wrong("an amount written as a decimal string", MONEY_HINT)
        }
        (ParamType::Money, _) => wrong(
            "an amount such as \"180.00\"",
            "write digits, a point and two decimals, in quotes",
        ),
        (ParamType::Text, ParamValue::Text(_)) | (ParamType::Boolean, ParamValue::Boolean(_)) => {
            return None;
        }
        (ParamType::Text, _) => wrong("a text", "put the value in double quotes"),
        (ParamType::Boolean, _) => wrong("true or false", "write true or false"),
    })
}

/// The catalogue's range in words when `n` is outside it: "between 40 and 300".
fn outside_range(spec: &ParamSpec, n: i64) -> Option<String> {
    let below = spec.min.is_some_and(|min| n < min);
    let above = spec.max.is_some_and(|max| n > max);
    if !below && !above {
        return None;
    }
    Some(match (spec.min, spec.max) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => String::new(),
    })
}

/// E062: every required parameter is given (para 31).
fn missing_parameters(
    measure: &Measure,
    given: &BTreeMap<String, ParamValue>,
    path: &str,
    map: &SourceMap,
) -> Vec<Diagnostic> {
    let at = format!("{path}.parameters");
    measure
        .parameters
        .iter()
        .filter(|(name, spec)| spec.required && !given.contains_key(*name))
        .map(|(name, _)| {
            Diagnostic::new(
                codes::E062,
                format!("{at}.{name}"),
                format!("missing parameter `{name}` for `{}`", measure.id),
            )
            .with_hint(format!(
                "add `{name}` under `parameters`; the condition cannot be written without it"
            ))
            .at(map.value(&at))
        })
        .collect()
}

/// `"180"`, `"180.5"`, `"180.00"`: digits, optionally a point and one or two decimals.
pub fn is_money(text: &str) -> bool {
    let (whole, cents) = text.split_once('.').unwrap_or((text, "00"));
    !whole.is_empty()
        && whole.len() <= 12
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&cents.len())
        && cents.bytes().all(|b| b.is_ascii_digit())
}

/// What a condition is filled with besides its parameters.
#[derive(Debug, Clone, Copy)]
pub struct Filling<'a> {
    /// The measure's name in the report's language (`{{ name }}`).
    pub name: &'a str,
    /// The report's language: how numbers and money are written.
    pub language: Language,
    /// The catalogue's currency, written with every amount.
    pub currency: Option<&'a Currency>,
    /// The person's gender: `{{ gender }}` is `female`, `male` or empty (not
    /// recorded, non-binary), for the languages whose words agree with the person
    /// (`{% if gender == "female" %}تدفعين{% else %}…{% endif %}`).
    pub gender: Gender,
}

/// Fills one of a measure's templates (its condition, the person's condition, its
/// summary) with minijinja in strict mode: an undefined variable is an error, never
/// an empty string (para 31: conditions must be unambiguous). The result is plain
/// text, laid out by the templates as data.
pub fn fill_condition(
    template: &str,
    measure: &Measure,
    given: &BTreeMap<String, ParamValue>,
    filling: &Filling<'_>,
) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_recursion_limit(16);
    // A condition is a sentence, not a program: bound the work a template may do.
    env.set_fuel(Some(50_000));
    // Counted phrases as the language says them: `{{ months | months }}`.
    for unit in super::counted::UNITS {
        let language = filling.language;
        env.add_filter(*unit, move |n: i64| {
            super::counted::counted(language, unit, n).unwrap_or_else(|| n.to_string())
        });
    }
    // In a right-to-left language a value in a left-to-right script keeps its
    // direction, its number before the street, and the sentence's full stop after it
    // (`view::bidi::isolated_value`).
    if filling.language.is_rtl() {
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(text) => write!(out, "{}", crate::view::isolated_value(text))
                .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write")),
            None => minijinja::escape_formatter(out, state, value),
        });
    }
    let mut context = BTreeMap::new();
    context.insert("name".to_string(), Value::from(filling.name));
    let gender = match filling.gender {
        Gender::Female => "female",
        Gender::Male => "male",
        Gender::NonBinary | Gender::NotStated => "",
    };
    context.insert("gender".to_string(), Value::from(gender));
    if let Some(location) = &measure.location {
        context.insert("location".to_string(), Value::from(location.clone()));
    }
    if let Some(provider) = &measure.provider {
        context.insert("provider".to_string(), Value::from(provider.name.clone()));
    }
    for (name, value) in given {
        let value = match value {
            ParamValue::Integer(n) => Value::from(*n),
            ParamValue::Boolean(b) => Value::from(*b),
            ParamValue::Text(t) if is_money_param(measure, name) => {
                Value::from(money(t, filling.language, filling.currency))
            }
            ParamValue::Text(t) => Value::from(t.clone()),
            ParamValue::Float(x) => Value::from(*x),
        };
        context.insert(name.clone(), value);
    }
    env.render_str(template, context)
        .map(|text| text.trim().to_string())
        .map_err(|e| {
            let mut message = e.kind().to_string();
            if let Some(detail) = e.detail() {
                message = format!("{message}: {detail}");
            }
            message
        })
}

/// An amount in the report's language with the catalogue's currency: "£180.00" in
/// English and Chinese, "180,00 £" in French, Spanish and Russian; with the code when there is no symbol
/// ("180.00 GBP"), and alone when the catalogue names no currency.
pub fn money(amount: &str, language: Language, currency: Option<&Currency>) -> String {
    let amount = amount.replace('.', &language.decimal_separator().to_string());
    match currency {
        None => amount,
        Some(Currency {
            symbol: Some(symbol),
            ..
        }) if matches!(language, Language::En | Language::Zh) => format!("{symbol}{amount}"),
        // A no-break space keeps the amount and its currency on one line.
        Some(Currency { symbol, code }) => {
            format!("{amount}\u{a0}{}", symbol.as_deref().unwrap_or(code))
        }
    }
}

fn is_money_param(measure: &Measure, name: &str) -> bool {
    measure
        .parameters
        .get(name)
        .is_some_and(|spec| spec.kind == ParamType::Money)
}
