import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../domain/calendar/index.ts';
import { businessHours } from './businessHours.ts';

/**
 * The business-hours preset's phone card says when it may be called for an urgent fault. Its
 * hours (7×8, read as 09:00–17:00 every day) lie inside the standard hours except on Sunday, so
 * "call outside standard hours" in general would send a customer at 20:00 to a closed line.
 */
const cal = (name: string) => compileCalendar(businessHours.calendars.find((c) => c.name === name)!.spec);
const phone = businessHours.channels.find((c) => c.key === 'phone')!;
const at = (iso: string) => Date.parse(iso);

describe('the phone channel promises only hours it keeps', () => {
  it('its calendar: closed on a weekday evening, open on Sunday while standard hours are closed', () => {
    expect(cal('Standard hours').isOpen(at('2026-12-07T12:00:00Z'))).toBe(false); // Monday 20:00 Beijing
    expect(cal(phone.calendar!).isOpen(at('2026-12-07T12:00:00Z'))).toBe(false);
    expect(cal('Standard hours').isOpen(at('2026-12-06T03:00:00Z'))).toBe(false); // Sunday 11:00 Beijing
    expect(cal(phone.calendar!).isOpen(at('2026-12-06T03:00:00Z'))).toBe(true);
  });
  it('so its purpose names Sunday, not "outside standard hours" in general', () => {
    expect(phone.purpose!.en).not.toMatch(/outside standard hours\.?$/);
    expect(phone.purpose!.en).toContain('Sunday');
    expect(phone.purpose!['zh-CN']).not.toContain('非工作时间情况紧急也可拨打');
    expect(phone.purpose!['zh-CN']).toContain('周日');
  });
});
