import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import { isJsonObject } from './is-json-object.js';

/** The keyword on every date, dateTime and instant (definitions and the inline copies in choice elements). */
export const CALENDAR_DATE_KEYWORD = 'fhirCalendarDate';

/** The year group all three R4 patterns open with (https://hl7.org/fhir/R4/datatypes.html#date). */
const DATE_PATTERN_START = '^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const YEAR_MONTH_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The R4 regexes allow any day up to 31 in any month, but dates "SHALL be valid dates"
 * (https://hl7.org/fhir/R4/datatypes.html#date, #dateTime, #instant): 2019-02-29 and 2021-04-31
 * are refused. Partial dates (a year, a year and month) have no day to check.
 */
export function isCalendarDate(value: string): boolean {
  const match = YEAR_MONTH_DAY.exec(value);
  if (!match) return true;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const days = DAYS_IN_MONTH[month - 1];
  // An impossible month is the pattern's to report.
  if (days === undefined) return true;
  return day <= (month === 2 && isLeapYear(year) ? 29 : days);
}

/** Gregorian leap years (https://www.w3.org/TR/xmlschema-2/#dateTime): 2000 and 2024 are, 1900 is not. */
function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function calendarDateKeyword(): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (_schema, data) => typeof data !== 'string' || isCalendarDate(data);
  return { keyword: CALENDAR_DATE_KEYWORD, schemaType: 'boolean', validate };
}

/** A copy of a schema node with the keyword next to every date, dateTime and instant pattern. */
export function withCalendarDates(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withCalendarDates);
  if (!isJsonObject(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = withCalendarDates(value);
  if (typeof node.pattern === 'string' && node.pattern.startsWith(DATE_PATTERN_START)) {
    copy[CALENDAR_DATE_KEYWORD] = true;
  }
  return copy;
}
