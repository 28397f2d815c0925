// Values as the browser's controls give and show them: dates and times in the
// format of the reader's locale, whole numbers.

const SAMPLE = new Date(2026, 10, 28, 9, 30);

/**
 * The format a date control shows in `locale`, as a person reads it: "dd/mm/yyyy"
 * (en-GB), "mm/dd/yyyy" (en-US), "dd.mm.yyyy" (ru), "yyyy/mm/dd" (zh).
 */
export function dateFormat(locale) {
  try {
    const parts = new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(SAMPLE);
    const out = parts
      .map((p) => ({ day: "dd", month: "mm", year: "yyyy", literal: p.value.replace(/[\u200e\u200f\u061c]/g, "") })[p.type] || "")
      .join("");
    return out.includes("dd") && out.includes("mm") && out.includes("yyyy") ? out : "yyyy-mm-dd";
  } catch (_) {
    return "yyyy-mm-dd";
  }
}

/** The format a time control shows in `locale`: "hh:mm", or "hh:mm AM" on a 12-hour clock. */
export function timeFormat(locale) {
  try {
    const parts = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).formatToParts(SAMPLE);
    return parts
      .map((p) => ({ hour: "hh", minute: "mm", dayPeriod: "AM", literal: p.value.replace(/[\u200e\u200f\u202f]/g, " ") })[p.type] || "")
      .join("")
      .trim();
  } catch (_) {
    return "hh:mm";
  }
}

/** A date as the control shows it in `locale`: "2026-11-28" → "28/11/2026" (en-GB). */
export function showDate(iso, locale) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!match) return iso;
  return dateFormat(locale).replace("yyyy", match[1]).replace("mm", match[2]).replace("dd", match[3]);
}

/**
 * What a number field holds: a whole number, nothing (an empty field), or the text
 * as typed when it is not a whole number, so that the check names it rather than the
 * form dropping it.
 */
export function readWhole(text) {
  const t = String(text).trim();
  if (t === "") return undefined;
  return /^[-+]?\d+$/.test(t) ? parseInt(t, 10) : t;
}
