export type { Calendar, CalendarSpec, HHMM, Interval, Weekday } from './types.ts';
export { parseCalendar, CalendarValidationError, WEEKDAYS, type CalendarIssue, type CalendarProblem } from './parseCalendar.ts';
export { compileCalendar, alwaysOpenSpec, CalendarNeverOpensError, MAX_TABLE_DAYS, NEXT_OPEN_HORIZON_DAYS } from './compileCalendar.ts';
export { isValidTimeZone } from './zone.ts';
