//! The rules about a catalogue: what its administrators must fix before any report
//! can rely on it. One function per code or family of codes.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, codes};
use crate::load::SourceMap;
use crate::model::catalogue::{DEFAULT_MAJORITY, Measure, ParamType};
use crate::model::{Catalogue, words};

const UNDEFINED_VALUE_HINT: &str = "conditions must be unambiguous; the condition can use";

/// Runs `rule` on every measure with its path (`measures[3]`).
fn each_measure(
    catalogue: &Catalogue,
    map: &SourceMap,
    rule: impl Fn(&Measure, &str, &SourceMap, &mut Vec<Diagnostic>),
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, measure) in catalogue.measures.iter().enumerate() {
        rule(measure, &format!("measures[{i}]"), map, &mut out);
    }
    out
}

/// E081: proposals name measures by id, so each id is used once.
pub fn unique_ids(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, measure) in catalogue.measures.iter().enumerate() {
        if let Some(first) = seen.insert(measure.id.as_str(), i) {
            let path = format!("measures[{i}].id");
            out.push(
                Diagnostic::new(
                    codes::E081,
                    &path,
                    format!(
                        "duplicate measure id `{}` (also measures[{first}])",
                        measure.id
                    ),
                )
                .with_hint("each measure needs its own id: proposals refer to measures by id")
                .at(map.value(&path)),
            );
        }
    }
    out
}

/// E082: restrictiveness runs from 1 to 5 (para 15).
pub fn restrictiveness(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    each_measure(catalogue, map, |measure, path, map, out| {
        if (1..=5).contains(&measure.restrictiveness) {
            return;
        }
        let path = format!("{path}.restrictiveness");
        out.push(
            Diagnostic::new(
                codes::E082,
                &path,
                format!("restrictiveness {} is outside 1–5", measure.restrictiveness),
            )
            .with_hint("1 is the least and 5 the most restrictive measure")
            .at(map.value(&path)),
        );
    })
}

/// E083: a parameter's range can be satisfied, and applies to whole numbers only.
pub fn parameter_ranges(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    each_measure(catalogue, map, |measure, path, map, out| {
        for (name, spec) in &measure.parameters {
            let problem = match (spec.kind, spec.min, spec.max) {
                (ParamType::Integer, Some(min), Some(max)) if min > max => {
                    format!("`min` {min} is greater than `max` {max}")
                }
                (ParamType::Integer, _, _) | (_, None, None) => continue,
                (kind, _, _) => {
                    format!("`min` and `max` apply to integers, not to {}", words(&kind))
                }
            };
            let path = format!("{path}.parameters.{name}");
            out.push(
                Diagnostic::new(codes::E083, &path, format!("parameter `{name}`: {problem}"))
                    .with_hint("fix the parameter's range so that a proposal can satisfy it")
                    .at(map.value(&path)),
            );
        }
    })
}

/// E084, E085: each template of a measure (its condition, the person's condition,
/// its summary, in every language) parses, and uses only the values the measure
/// defines.
pub fn conditions(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    each_measure(catalogue, map, |measure, path, map, out| {
        let known = condition_values(measure);
        let templates = [
            ("condition", Some(&measure.condition)),
            ("condition_person", measure.condition_person.as_ref()),
            ("summary", measure.summary.as_ref()),
        ];
        for (field, text) in templates {
            let Some(text) = text else { continue };
            for (language, template) in text.all() {
                let path = match language {
                    Some(language) => format!("{path}.{field}.{}", language.code()),
                    None => format!("{path}.{field}"),
                };
                check_template(template, &known, &path, map, out);
            }
        }
    })
}

fn check_template(
    template: &str,
    known: &[&str],
    path: &str,
    map: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    let variables = match condition_variables(template) {
        Ok(variables) => variables,
        Err(message) => {
            out.push(
                Diagnostic::new(
                    codes::E084,
                    path,
                    format!("the condition template does not parse: {message}"),
                )
                .with_hint(
                    "conditions are minijinja templates: write values as {{ name }}; check braces and tags",
                )
                .at(map.value(path)),
            );
            return;
        }
    };
    for variable in variables.iter().filter(|v| !known.contains(&v.as_str())) {
        out.push(
            Diagnostic::new(
                codes::E085,
                path,
                format!("the condition uses `{variable}`, which the measure does not define"),
            )
            .with_hint(format!("{UNDEFINED_VALUE_HINT}: {}", known.join(", ")))
            .at(map.value(path)),
        );
    }
}

/// W089: amounts of money are printed with the catalogue's currency, and a court
/// order that says "pay 180.00" does not say what.
pub fn currency(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    if catalogue.currency.is_some() {
        return Vec::new();
    }
    let uses_money = catalogue
        .measures
        .iter()
        .flat_map(|m| m.parameters.values())
        .any(|spec| spec.kind == ParamType::Money);
    if !uses_money {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            codes::W089,
            "currency",
            "measures take amounts of money, and the catalogue names no currency",
        )
        .with_hint("add `currency: { code: GBP, symbol: \"£\" }` at the top level: amounts are printed with it")
        .at(map.value("")),
    ]
}

/// E089: the area's settings are ones psr can apply: an age of majority of at most
/// 18 (para 4, footnote 3: majority may come earlier, never later, for the model
/// strategies) and more than 0; supervisors from the competent authorities, never the
/// NGO workers and volunteers they supervise (para 56).
pub fn jurisdiction(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(age) = catalogue.age_of_majority
        && !(1..=DEFAULT_MAJORITY).contains(&age)
    {
        out.push(
            Diagnostic::new(
                codes::E089,
                "age_of_majority",
                format!("an age of majority of {age}: it is at most 18"),
            )
            .with_hint("the model strategies count everyone under 18 as a child unless majority comes earlier under the law that applies (para 4, footnote 3): give that earlier age, or leave the field out for 18")
            .at(map.value("age_of_majority")),
        );
    }
    for (i, role) in catalogue.supervisor_roles.iter().enumerate() {
        if role.needs_supervision() {
            let path = format!("supervisor_roles[{i}]");
            out.push(
                Diagnostic::new(
                    codes::E089,
                    &path,
                    format!("`{}` cannot approve reports: that role's reports need approval", role.as_str()),
                )
                .with_hint("name the roles of the competent authorities that supervise reports (probation_officer, social_worker, prison_officer)")
                .at(map.value(&path)),
            );
        }
    }
    out
}

/// The values a measure's condition may use: its parameters, its name, the person's
/// gender, and its location and provider when it has them.
fn condition_values(measure: &Measure) -> Vec<&str> {
    let mut known: Vec<&str> = measure.parameters.keys().map(String::as_str).collect();
    known.push("name");
    known.push("gender");
    if measure.location.is_some() {
        known.push("location");
    }
    if measure.provider.is_some() {
        known.push("provider");
    }
    known
}

/// E086, E087: each session runs within a day, on some days.
pub fn schedules(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    each_measure(catalogue, map, |measure, path, map, out| {
        for (j, block) in measure.schedule.iter().enumerate() {
            let path = format!("{path}.schedule[{j}]");
            if block.from >= block.to {
                let from = format!("{path}.from");
                out.push(
                    Diagnostic::new(
                        codes::E086,
                        &from,
                        format!(
                            "the session starts at {} and ends at {}: `from` is not before `to`",
                            block.from, block.to
                        ),
                    )
                    .with_hint(
                        "sessions of a measure run within a day: check the times (24-hour HH:MM)",
                    )
                    .at(map.value(&from)),
                );
            }
            if block.days.is_empty() {
                let days = format!("{path}.days");
                out.push(
                    Diagnostic::new(codes::E087, &days, "a schedule block has no days")
                        .with_hint("list the days, e.g. days: [tue, thu]")
                        .at(map.value(&days)),
                );
            }
        }
    })
}

/// E088: somebody fits the age range.
pub fn age_range(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    each_measure(catalogue, map, |measure, path, map, out| {
        let rules = &measure.eligibility;
        let (Some(min), Some(max)) = (rules.min_age, rules.max_age) else {
            return;
        };
        if min <= max {
            return;
        }
        let path = format!("{path}.eligibility.min_age");
        out.push(
            Diagnostic::new(
                codes::E088,
                &path,
                format!("`min_age` {min} is greater than `max_age` {max}: nobody is eligible"),
            )
            .with_hint("fix the age range")
            .at(map.value(&path)),
        );
    })
}

/// The variables a condition template uses, or why it does not parse.
pub fn condition_variables(template: &str) -> Result<Vec<String>, String> {
    // A catalogue's templates are text with values in it (`{{ sessions }}`): those are
    // read here, in one pass. minijinja parses the rest (tags, filters, errors) —
    // twice, to compile and to find the variables: 20 000 instructions a template,
    // two thirds of checking a catalogue in six languages.
    match plain_values(template) {
        Some(variables) => Ok(variables),
        None => minijinja_variables(template),
    }
}

/// The variables of a template as minijinja finds them, or why it does not parse.
fn minijinja_variables(template: &str) -> Result<Vec<String>, String> {
    let env = minijinja::Environment::new();
    let parsed = env
        .template_from_str(template)
        .map_err(|e| match e.detail() {
            Some(detail) => format!("{}: {detail}", e.kind()),
            None => e.kind().to_string(),
        })?;
    let mut variables: Vec<String> = parsed.undeclared_variables(false).into_iter().collect();
    variables.sort();
    Ok(variables)
}

/// The variables of a template that is text and `{{ name }}` alone (with filters
/// without arguments: `{{ name | filter }}`), sorted, each once; `None` for anything
/// else, left to minijinja: another tag (`{%`, `{#`), a `{` not opening `{{`,
/// whitespace control (`{{-`), an expression that is not a plain name (`{{ a.b }}`,
/// `{{ x | f(y) }}`), or a name minijinja reads as something else (`{{ true }}`,
/// `{{ loop }}`). Every tag of minijinja's syntax
/// begins with `{`, so a text without one has no variable.
fn plain_values(template: &str) -> Option<Vec<String>> {
    let mut variables: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let inner = rest[at..].strip_prefix("{{")?;
        let end = inner.find("}}")?;
        // A name, then any filters without arguments (`{{ months | months }}`).
        let mut parts = inner[..end].split('|').map(|part| part.trim_matches(' '));
        let name = parts.next()?;
        if !std::iter::once(name).chain(parts).all(plain_name) {
            return None;
        }
        if !variables.iter().any(|v| v == name) {
            variables.push(name.to_string());
        }
        rest = &inner[end + 2..];
    }
    variables.sort();
    Some(variables)
}

/// A name minijinja reads as a variable (or a filter, after `|`): ASCII letters,
/// digits and `_`, not a literal, an operator or a special variable.
fn plain_name(name: &str) -> bool {
    /// Names that are literals, operators or special variables in minijinja.
    const RESERVED: &[&str] = &[
        "true",
        "false",
        "none",
        "True",
        "False",
        "None",
        "and",
        "or",
        "not",
        "in",
        "is",
        "if",
        "else",
        "loop",
        "self",
        "super",
        "caller",
        "varargs",
        "kwargs",
        "namespace",
    ];
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::{minijinja_variables, plain_values};
    use crate::load::load;
    use crate::model::Catalogue;

    /// What is read without minijinja is what minijinja reads.
    #[test]
    fn plain_values_are_the_variables_minijinja_finds() {
        let mut templates: Vec<String> = [
            "",
            "text alone, with } and }} and %} and #}",
            "{{ a }}",
            "{{a}} and {{  b  }} then {{ a }}",
            "{{ _x1 }}{{ Z }}",
            "12 sessions}} {{ months }}}",
            "{{ true }}",
            "{{ none }} {{ loop }}",
            "{{ a.b }}",
            "{{ a | upper }}",
            "{{ a|upper|lower }} {{ b | c }}",
            "{{ a | f(b) }}",
            "{{ a || b }}",
            "{{ a | }}",
            "{{ a | not }}",
            "{{- a }}",
            "{{ a -}}",
            "{{\ta }}",
            "{% if a %}{{ b }}{% endif %}",
            "{# note #}{{ a }}",
            "{ a }",
            "{{ a }",
            "{{ 1a }}",
            "{{ }}",
            "{{ é }}",
        ]
        .map(String::from)
        .to_vec();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for file in ["catalogue.example.yaml", "catalogue.large.yaml"] {
            let catalogue = load::<Catalogue>(&fixtures.join(file)).expect("catalogue");
            for measure in &catalogue.value.measures {
                let texts = [
                    Some(&measure.condition),
                    measure.condition_person.as_ref(),
                    measure.summary.as_ref(),
                ];
                for text in texts.into_iter().flatten() {
                    templates.extend(text.all().into_iter().map(|(_, t)| t.to_string()));
                }
            }
        }
        let mut read = 0;
        for template in &templates {
            if let Some(variables) = plain_values(template) {
                assert_eq!(Ok(variables), minijinja_variables(template), "{template:?}");
                read += 1;
            }
        }
        assert!(
            read > 200,
            "most templates are read without minijinja: {read}"
        );
        for left in [
            "{{ true }}",
            "{{ a.b }}",
            "{{ a | f(b) }}",
            "{{- a }}",
            "{% if a %}{% endif %}",
            "{ a }",
            "{{ a }",
        ] {
            assert_eq!(plain_values(left), None, "{left:?}");
        }
    }
}
