//! Writes varied, realistic, entirely fictional case files for benchmarks and load
//! tests: `cargo run --release --example generate_cases -- OUTDIR [COUNT] [SEED]`.
//!
//! The same seed gives the same files. Cases are valid against
//! `fixtures/catalogue.example.yaml`: people of every gender, age and risk level, with
//! and without children, work, history and victimization, and proposals the catalogue
//! allows for them. Every tenth case is a draft.

use std::fmt::Write as _;
use std::path::PathBuf;

/// A small deterministic generator (SplitMix64): no dependency, same output everywhere.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const GIVEN_F: &[&str] = &[
    "Amina", "Grace", "Sofia", "Chloé", "Lucía", "Mary", "Fatima", "Ana", "Ewa", "Leila",
];
const GIVEN_M: &[&str] = &[
    "Daniel", "Samuel", "Mateo", "Louis", "Kwame", "Omar", "Piotr", "Tomás", "Ali", "John",
];
const FAMILY: &[&str] = &[
    "Mensah", "Okafor", "García", "Dubois", "Nowak", "Haddad", "Wanjiru", "Smith", "Silva",
    "Kowalski",
];
const AREAS: &[&str] = &[
    "Eastfield",
    "Northgate",
    "Millbrook",
    "Riverside",
    "Old Town",
];

struct Offence {
    text: &'static str,
    category: &'static str,
    law: &'static str,
}

const OFFENCES: &[Offence] = &[
    Offence {
        text: "Theft of goods from a supermarket",
        category: "property",
        law: "Theft Act 1968 s.1",
    },
    Offence {
        text: "Criminal damage to a bus shelter",
        category: "property",
        law: "Criminal Damage Act 1971 s.1",
    },
    Offence {
        text: "Possession of a controlled drug",
        category: "drugs",
        law: "Misuse of Drugs Act 1971 s.5",
    },
    Offence {
        text: "Using threatening words in a public place",
        category: "public_order",
        law: "Public Order Act 1986 s.4",
    },
    Offence {
        text: "Driving without insurance",
        category: "traffic",
        law: "Road Traffic Act 1988 s.143",
    },
    Offence {
        text: "Benefit fraud by failing to report a change of circumstances",
        category: "fraud",
        law: "Social Security Administration Act 1992 s.111A",
    },
    Offence {
        text: "Common assault in a dispute with a neighbour",
        category: "violence",
        law: "Criminal Justice Act 1988 s.39",
    },
];

const NEEDS: &[&str] = &[
    "accommodation",
    "education_employment",
    "finances",
    "relationships",
    "lifestyle",
    "emotional_wellbeing",
    "thinking_behaviour",
    "attitudes",
];

pub fn case(i: usize, rng: &mut Rng) -> String {
    let female = rng.chance(45);
    let given = if female {
        rng.pick(GIVEN_F)
    } else {
        rng.pick(GIVEN_M)
    };
    let family = rng.pick(FAMILY);
    let gender = if female {
        "female"
    } else if rng.chance(3) {
        "non_binary"
    } else {
        "male"
    };
    let birth_year = 1960 + rng.below(46); // 20 to 66 at the hearing
    let birth = format!(
        "{birth_year}-{:02}-{:02}",
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let offence = &OFFENCES[rng.below(OFFENCES.len() as u64) as usize];
    let offence_day = 1 + rng.below(28);
    let risk = ["low", "low", "medium", "medium", "high"][rng.below(5) as usize];
    let caregiver = rng.chance(35);
    let employed = rng.chance(55);
    let draft = i % 10 == 9;
    let mut needs: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let need = rng.pick(NEEDS);
        if !needs.contains(&need) {
            needs.push(need);
        }
    }

    let mut y = String::new();
    let _ = writeln!(y, "# Generated case {i} (fictional).\nschema_version: 1\n");
    let _ = writeln!(
        y,
        "report:\n  kind: {kind}\n  language: {lang}\n  status: {status}\n  court: \"Riverside Magistrates' Court\"\n  court_reference: \"GEN/2026/{i:05}\"\n  hearing_date: 2026-12-{day:02}\n  requested_by: \"District Judge A. Mensah\"\n  requested_on: 2026-11-05\n  author:\n    name: \"Officer {n}\"\n    role: probation_officer\n    organisation: \"Riverside Probation Service\"\n  distribution: [court, defence, prosecution, probation]\n",
        kind = [
            "full",
            "full",
            "full",
            "short",
            "diversion",
            "bail",
            "pre_release"
        ][rng.below(7) as usize],
        lang = ["en", "en", "en", "fr", "es"][rng.below(5) as usize],
        status = if draft { "draft" } else { "final" },
        day = 1 + rng.below(20),
        n = 1 + rng.below(40),
    );
    let _ = writeln!(
        y,
        "person:\n  given_name: \"{given}\"\n  family_name: \"{family}\"\n  date_of_birth: {birth}\n  gender: {gender}\n  pregnant: {pregnant}\n  languages: [en]\n  address_area: \"{area}\"\n",
        pregnant = female && rng.chance(5),
        area = rng.pick(AREAS),
    );
    let _ = writeln!(
        y,
        "offences:\n  - description: \"{}\"\n    legal_reference: \"{}\"\n    date: 2026-09-{offence_day:02}\n    plea: guilty\n    category: {}\n    person_account: \"{given} accepts responsibility and regrets what happened.\"\n    victim_impact: \"No lasting harm was reported.\"\n",
        offence.text, offence.law, offence.category
    );
    if rng.chance(40) {
        let _ = writeln!(
            y,
            "criminal_history:\n  - date: 20{:02}-0{}-15\n    offence: \"Theft from a shop\"\n    outcome: \"Fine\"\n    compliance: {}\n",
            15 + rng.below(10),
            1 + rng.below(9),
            rng.pick(&["completed", "breached", "unknown"])
        );
    } else {
        y.push_str("criminal_history: []\n\n");
    }
    y.push_str("sources:\n  - kind: interview\n    description: \"Interview at the probation office\"\n    date: 2026-11-12\n  - kind: records_check\n    description: \"Police national computer check\"\n\n");
    y.push_str("circumstances:\n");
    let _ = writeln!(
        y,
        "  family:\n    relationships: \"Lives near family who are supportive.\"\n    domestic_abuse_concerns: {}",
        rng.chance(15)
    );
    if caregiver || female {
        let _ = writeln!(
            y,
            "  caretaking:\n    primary_caregiver: {caregiver}\n    dependants: [{}]\n    alternative_care: \"A relative helps on weekday evenings.\"\n    alternative_care_schedule:\n      - {{ days: [mon, tue, wed, thu, fri], from: \"17:00\", to: \"21:00\" }}",
            if caregiver {
                "{ relation: son, age: 7 }"
            } else {
                ""
            }
        );
        let _ = writeln!(
            y,
            "  victimization:\n    history: {}\n    kinds: []\n    notes: \"\"",
            rng.chance(30)
        );
    }
    let _ = writeln!(y, "  adverse_childhood_experiences: \"None reported.\"");
    let _ = writeln!(
        y,
        "  health:\n    physical: \"No significant problems.\"\n    mental_health:\n      concerns: {}\n    substance_use:\n      concerns: false\n    self_harm_risk: {}",
        rng.chance(30),
        rng.pick(&["none", "none", "low", "low", "medium"])
    );
    let _ = writeln!(y, "  education:\n    highest_level: \"Secondary\"");
    if employed {
        let _ = writeln!(
            y,
            "  employment:\n    status: employed\n    occupation: \"{}\"\n    schedule:\n      - {{ days: [mon, tue, wed, thu, fri], from: \"{:02}:00\", to: \"{:02}:00\" }}",
            rng.pick(&["Cleaner", "Driver", "Warehouse worker", "Cook", "Carer"]),
            6 + rng.below(4),
            14 + rng.below(4)
        );
    } else {
        y.push_str("  employment:\n    status: unemployed\n");
    }
    let _ = writeln!(
        y,
        "  housing:\n    status: {}\n  finances:\n    notes: \"Some debts.\"\n  peers: \"No negative associations.\"\n",
        rng.pick(&["stable", "stable", "temporary", "supported"])
    );
    let _ = writeln!(
        y,
        "assessment:\n  risk_of_reoffending: {risk}\n  risk_of_serious_harm: low\n  criminogenic_needs: [{}]\n  protective_factors: [\"Family support\"]\n  responsivity: \"Prefers written material.\"\n  goals: \"Keep out of trouble and find steady work.\"\n  views: \"Willing to comply with a community order.\"\n",
        needs.join(", ")
    );
    y.push_str("victim:\n  consulted: true\n  views: \"Wants the matter dealt with quickly.\"\n  restorative_justice_consent: false\n\n");

    // A proposal the example catalogue allows for this person.
    let mut measures = vec![format!(
        "    - {{ id: discharge, parameters: {{ months: {} }} }}",
        6 + rng.below(19)
    )];
    if offence.category == "property" || offence.category == "fraud" {
        measures.push(format!(
            "    - {{ id: restitution, parameters: {{ amount: \"{}.{:02}\", months: {} }} }}",
            50 + rng.below(900),
            rng.below(100),
            3 + rng.below(10)
        ));
    }
    if female && rng.chance(60) {
        measures = vec![format!(
            "    - {{ id: womens-centre, parameters: {{ sessions: {} }}, consent: true }}",
            6 + rng.below(25)
        )];
    } else if risk != "low" {
        measures = vec![format!(
            "    - {{ id: supervision, parameters: {{ months: {} }} }}",
            6 + rng.below(18)
        )];
    }
    let _ = writeln!(
        y,
        "proposal:\n  custody_considered: false\n  measures:\n{}\n  rationale: \"A community response addresses the assessed needs and keeps {given} in work and with family.\"",
        measures.join("\n")
    );
    y
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: generate_cases OUTDIR [COUNT] [SEED]");
        std::process::exit(2);
    };
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(500);
    let seed: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(42);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: {}: {e}", out.display());
        std::process::exit(2);
    }
    let mut rng = Rng(seed);
    for i in 0..count {
        let path = out.join(format!("case-{i:05}.yaml"));
        if let Err(e) = std::fs::write(&path, case(i, &mut rng)) {
            eprintln!("error: {}: {e}", path.display());
            std::process::exit(2);
        }
    }
    eprintln!("wrote {count} cases to {} (seed {seed})", out.display());
}
