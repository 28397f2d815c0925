//! Counted phrases as people say them: "6 months", "6 месяцев", "لمدة 6 أشهر",
//! "مرتين في الأسبوع". A condition template counts with a filter named for the
//! unit, `{{ months | months }}`, and each language writes the number with its noun
//! in the form its grammar gives that number (Russian 1 / 2–4 / 5–20; Arabic 1, the
//! dual, 3–10, 11–99 and 100), so that a plain condition never reads "6 мес." or
//! "مدةً بالأشهر قدرها 6" (para 31: conditions the person can understand).

use crate::model::case::Language;

/// The units a condition may count, each a filter of the condition templates.
pub const UNITS: &[&str] = &["months", "weeks", "days", "hours", "times", "sessions"];

/// The forms of a unit's noun in one language: singular, few (Russian 2–4), many
/// (Russian 5–20), and for Arabic the dual, 3–10 and 11–99 (100 and more take the
/// singular).
struct Forms {
    one: &'static str,
    few: &'static str,
    many: &'static str,
    /// Arabic: the dual ("شهرين"), the whole phrase without a number.
    two: &'static str,
    /// Arabic 11–99 ("شهراً").
    tens: &'static str,
}

const fn forms(one: &'static str, few: &'static str, many: &'static str) -> Forms {
    Forms {
        one,
        few,
        many,
        two: "",
        tens: "",
    }
}

fn forms_of(language: Language, unit: &str) -> Option<Forms> {
    use Language::*;
    Some(match (language, unit) {
        (En, "months") => forms("month", "months", "months"),
        (En, "weeks") => forms("week", "weeks", "weeks"),
        (En, "days") => forms("day", "days", "days"),
        (En, "hours") => forms("hour", "hours", "hours"),
        (En, "times") => forms("time", "times", "times"),
        (En, "sessions") => forms("session", "sessions", "sessions"),
        (Fr, "months") => forms("mois", "mois", "mois"),
        (Fr, "weeks") => forms("semaine", "semaines", "semaines"),
        (Fr, "days") => forms("jour", "jours", "jours"),
        (Fr, "hours") => forms("heure", "heures", "heures"),
        (Fr, "times") => forms("fois", "fois", "fois"),
        (Fr, "sessions") => forms("séance", "séances", "séances"),
        (Es, "months") => forms("mes", "meses", "meses"),
        (Es, "weeks") => forms("semana", "semanas", "semanas"),
        (Es, "days") => forms("día", "días", "días"),
        (Es, "hours") => forms("hora", "horas", "horas"),
        (Es, "times") => forms("vez", "veces", "veces"),
        (Es, "sessions") => forms("sesión", "sesiones", "sesiones"),
        (Ru, "months") => forms("месяц", "месяца", "месяцев"),
        (Ru, "weeks") => forms("неделя", "недели", "недель"),
        (Ru, "days") => forms("день", "дня", "дней"),
        (Ru, "hours") => forms("час", "часа", "часов"),
        (Ru, "times") => forms("раз", "раза", "раз"),
        (Ru, "sessions") => forms("встреча", "встречи", "встреч"),
        (Zh, "months") => forms("个月", "个月", "个月"),
        (Zh, "weeks") => forms("周", "周", "周"),
        (Zh, "days") => forms("天", "天", "天"),
        (Zh, "hours") => forms("小时", "小时", "小时"),
        (Zh, "times") => forms("次", "次", "次"),
        (Zh, "sessions") => forms("次", "次", "次"),
        (Ar, "months") => Forms {
            one: "شهر واحد",
            two: "شهرين",
            few: "أشهر",
            tens: "شهراً",
            many: "شهر",
        },
        (Ar, "weeks") => Forms {
            one: "أسبوع واحد",
            two: "أسبوعين",
            few: "أسابيع",
            tens: "أسبوعاً",
            many: "أسبوع",
        },
        (Ar, "days") => Forms {
            one: "يوم واحد",
            two: "يومين",
            few: "أيام",
            tens: "يوماً",
            many: "يوم",
        },
        (Ar, "hours") => Forms {
            one: "ساعة واحدة",
            two: "ساعتين",
            few: "ساعات",
            tens: "ساعةً",
            many: "ساعة",
        },
        (Ar, "times") => Forms {
            one: "مرة واحدة",
            two: "مرتين",
            few: "مرات",
            tens: "مرةً",
            many: "مرة",
        },
        (Ar, "sessions") => Forms {
            one: "لقاء واحد",
            two: "لقاءين",
            few: "لقاءات",
            tens: "لقاءً",
            many: "لقاء",
        },
        _ => return None,
    })
}

/// `n` of `unit` in `language` ("6 months", "6 месяцев", "6 أشهر", "مرتين", "once"
/// is "1 time"): the number and its noun joined by a no-break space, so that a line
/// never ends between them. `None` for a unit psr does not know.
pub fn counted(language: Language, unit: &str, n: i64) -> Option<String> {
    let f = forms_of(language, unit)?;
    let nb = '\u{a0}';
    let abs = n.unsigned_abs();
    Some(match language {
        Language::Zh => format!("{n}{}", f.one),
        Language::Ru => {
            let (ten, hundred) = (abs % 10, abs % 100);
            let noun = if (11..=14).contains(&hundred) {
                f.many
            } else if ten == 1 {
                f.one
            } else if (2..=4).contains(&ten) {
                f.few
            } else {
                f.many
            };
            format!("{n}{nb}{noun}")
        }
        Language::Ar => match abs {
            1 => f.one.replace(' ', "\u{a0}"),
            2 => f.two.to_string(),
            3..=10 => format!("{n}{nb}{}", f.few),
            11..=99 => format!("{n}{nb}{}", f.tens),
            _ => format!("{n}{nb}{}", f.many),
        },
        // French counts 0 and 1 in the singular.
        Language::Fr if abs <= 1 => format!("{n}{nb}{}", f.one),
        _ if abs == 1 => format!("{n}{nb}{}", f.one),
        _ => format!("{n}{nb}{}", f.many),
    })
}

#[cfg(test)]
mod tests {
    use super::counted;
    use crate::model::case::Language::*;

    fn c(language: crate::model::case::Language, unit: &str, n: i64) -> String {
        counted(language, unit, n)
            .unwrap_or_default()
            .replace('\u{a0}', " ")
    }

    #[test]
    fn russian_counts_one_few_and_many() {
        assert_eq!(c(Ru, "months", 1), "1 месяц");
        assert_eq!(c(Ru, "months", 3), "3 месяца");
        assert_eq!(c(Ru, "months", 6), "6 месяцев");
        assert_eq!(c(Ru, "months", 12), "12 месяцев");
        assert_eq!(c(Ru, "months", 21), "21 месяц");
        assert_eq!(c(Ru, "times", 2), "2 раза");
        assert_eq!(c(Ru, "weeks", 8), "8 недель");
    }

    #[test]
    fn arabic_counts_as_people_say_it() {
        assert_eq!(c(Ar, "months", 6), "6 أشهر");
        assert_eq!(c(Ar, "months", 12), "12 شهراً");
        assert_eq!(c(Ar, "months", 1), "شهر واحد");
        assert_eq!(c(Ar, "months", 2), "شهرين");
        assert_eq!(c(Ar, "times", 2), "مرتين");
        assert_eq!(c(Ar, "hours", 150), "150 ساعة");
    }

    #[test]
    fn other_languages_count_singular_and_plural() {
        assert_eq!(c(En, "months", 1), "1 month");
        assert_eq!(c(En, "months", 6), "6 months");
        assert_eq!(c(Fr, "weeks", 1), "1 semaine");
        assert_eq!(c(Es, "times", 2), "2 veces");
        assert_eq!(c(Zh, "months", 6), "6个月");
        assert_eq!(counted(En, "fortnights", 2), None);
    }
}
