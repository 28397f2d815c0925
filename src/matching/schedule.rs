//! Times of the week: a measure's sessions against the person's working hours and
//! the hours when someone else can care for their dependants (para 31).

use std::fmt;

use serde::Serialize;

use crate::model::catalogue::Measure;
use crate::model::{Case, ScheduleBlock, Weekday};

/// A week as minutes from Monday 00:00, half-open intervals.
type Interval = (u32, u32);
const WEEK: u32 = 7 * 1440;

/// The weekly intervals of schedule blocks; a block whose end is not after its start
/// runs past midnight (22:00–06:00).
pub fn intervals(blocks: &[ScheduleBlock]) -> Vec<Interval> {
    let mut out = Vec::new();
    for block in blocks {
        let from = u32::from(block.from.minutes);
        let to = u32::from(block.to.minutes);
        let length = if to > from {
            to - from
        } else {
            1440 - from + to
        };
        for day in &block.days {
            let start = day.index() as u32 * 1440 + from;
            let end = start + length;
            if end <= WEEK {
                out.push((start, end));
            } else {
                // Sunday night into Monday morning.
                out.push((start, WEEK));
                out.push((0, end - WEEK));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Where two schedules overlap; touching intervals (14:00–15:00 after 06:00–14:00) do not.
pub fn overlaps(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (start, end) = (a0.max(b0), a1.min(b1));
            if start < end {
                out.push((start, end));
            }
        }
    }
    merge(out)
}

/// The parts of `a` not covered by `b`.
pub fn uncovered(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let covers = merge(b.to_vec());
    let mut out = Vec::new();
    for &(start, end) in a {
        let mut cursor = start;
        for &(c0, c1) in &covers {
            if c1 <= cursor || c0 >= end {
                continue;
            }
            if c0 > cursor {
                out.push((cursor, c0));
            }
            cursor = cursor.max(c1);
        }
        if cursor < end {
            out.push((cursor, end));
        }
    }
    merge(out)
}

fn merge(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.sort_unstable();
    let mut out: Vec<Interval> = Vec::new();
    for (start, end) in intervals {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// "Tue 10:00–12:00, Thu 10:00–12:00".
pub fn describe(intervals: &[Interval]) -> String {
    describe_with(
        intervals,
        |day| day_name(day).to_string(),
        |m| format!("{:02}:{:02}", m / 60, m % 60),
    )
}

/// The intervals with day names and times of a language (`clock` is given minutes
/// after midnight, 0 to 1440). An interval that runs into another day names both
/// ends: "Fri 18:00–Sun 18:00".
pub fn describe_with(
    intervals: &[Interval],
    day_name: impl Fn(Weekday) -> String,
    clock: impl Fn(u32) -> String,
) -> String {
    let day_of = |m: u32| Weekday::ALL[(m / 1440) as usize % 7];
    let clock = |m: u32| clock(m % 1440);
    intervals
        .iter()
        .map(|&(start, end)| {
            // Up to a day (a night shift included) reads "Mon 22:00–06:00".
            if end - start <= 1440 {
                let end_text = if end % 1440 == 0 {
                    // The end of a day, not its start.
                    clock_end_of_day(&clock)
                } else {
                    clock(end)
                };
                format!("{} {}–{}", day_name(day_of(start)), clock(start), end_text)
            } else {
                format!(
                    "{} {}–{} {}",
                    day_name(day_of(start)),
                    clock(start),
                    day_name(day_of(end % WEEK)),
                    clock(end)
                )
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "24:00" in the clock's own style: "00:00" with the hour made 24.
fn clock_end_of_day(clock: &impl Fn(u32) -> String) -> String {
    clock(0).replacen("00", "24", 1)
}

fn day_name(day: Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.index()]
}

/// A conflict of a measure's schedule with the person's work or care (para 31).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "conflict", rename_all = "snake_case")]
pub enum Conflict {
    /// Sessions overlap working hours, at these times.
    WorkingHours {
        /// Minutes of the week, half-open.
        times: Vec<(u32, u32)>,
    },
    /// A primary caregiver, no childcare, and no alternative care hours recorded.
    NoChildcare,
    /// A primary caregiver, no childcare, and sessions outside alternative care hours.
    OutsideAlternativeCare {
        /// Minutes of the week, half-open.
        times: Vec<(u32, u32)>,
    },
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WorkingHours { times } => write!(
                f,
                "its sessions overlap the person's working hours: {}",
                describe(times)
            ),
            Self::NoChildcare => f.write_str(
                "the person is a primary caregiver, the measure offers no childcare and no hours of alternative care are recorded (`alternative_care_schedule`)",
            ),
            Self::OutsideAlternativeCare { times } => write!(
                f,
                "the person is a primary caregiver, the measure offers no childcare and its sessions fall outside the hours of alternative care: {}",
                describe(times)
            ),
        }
    }
}

/// Conflicts of a measure's schedule with the person's work and care (para 31).
pub fn conflicts(case: &Case, measure: &Measure) -> Vec<Conflict> {
    let mut out = Vec::new();
    if measure.schedule.is_empty() {
        return out;
    }
    let sessions = intervals(&measure.schedule);
    if let Some(employment) = &case.circumstances.employment {
        let clash = overlaps(&sessions, &intervals(&employment.schedule));
        if !clash.is_empty() {
            out.push(Conflict::WorkingHours { times: clash });
        }
    }
    if let Some(care) = &case.circumstances.caretaking
        && care.primary_caregiver == Some(true)
        && measure.childcare != Some(true)
    {
        if care.alternative_care_schedule.is_empty() {
            out.push(Conflict::NoChildcare);
        } else {
            let gap = uncovered(&sessions, &intervals(&care.alternative_care_schedule));
            if !gap.is_empty() {
                out.push(Conflict::OutsideAlternativeCare { times: gap });
            }
        }
    }
    out
}
