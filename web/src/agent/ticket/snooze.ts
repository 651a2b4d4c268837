/**
 * Snooze choices in the agent's own time zone: in an hour, tomorrow 09:00, next Monday 09:00 (on a
 * Sunday, tomorrow is next Monday: offered once).
 */
export function snoozePresets(now: Date): Array<{ key: 'hour' | 'tomorrow' | 'monday'; at: Date }> {
  const hour = new Date(now.getTime() + 3600_000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, 9, 0, 0, 0);
  const presets: Array<{ key: 'hour' | 'tomorrow' | 'monday'; at: Date }> = [
    { key: 'hour', at: hour },
    { key: 'tomorrow', at: tomorrow },
  ];
  if (monday.getTime() !== tomorrow.getTime()) presets.push({ key: 'monday', at: monday });
  return presets;
}

/** A Date as the value of an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
