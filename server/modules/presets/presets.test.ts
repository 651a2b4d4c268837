import { describe, expect, it } from 'vitest';
import { PRESETS } from './applyPreset.ts';
import { businessHours } from './businessHours.ts';
import { tieredSupport } from './tieredSupport.ts';

type Names = { en: string; 'zh-CN': string };
const displayName = (p: { settings: Record<string, unknown> }) => p.settings.display_name as Names;

describe('what a preset says about itself matches what it sets up', () => {
  it('every plan has a display name in both languages, and the description names every plan', () => {
    for (const preset of Object.values(PRESETS)) {
      for (const p of preset.plans) {
        const n = displayName(p);
        expect(n?.en, `${preset.name}/${p.key}`).toBe(p.name);
        expect(n?.['zh-CN'], `${preset.name}/${p.key}`).toBeTruthy();
        expect(preset.description.en, `${preset.name} names ${p.name}`).toContain(n.en);
        expect(preset.description['zh-CN'], `${preset.name} names ${n['zh-CN']}`).toContain(n['zh-CN']);
      }
    }
  });

  it('every channel says what it is for, in both languages (the contact page shows it under the channel)', () => {
    for (const preset of Object.values(PRESETS))
      for (const c of preset.channels) {
        expect(c.purpose?.en, `${preset.name}/${c.key}`).toBeTruthy();
        expect(c.purpose?.['zh-CN'], `${preset.name}/${c.key}`).toBeTruthy();
      }
  });

  it('business hours: two plans, Monday to Saturday, no claim of one plan, Monday to Friday or holidays', () => {
    const d = businessHours.description;
    expect(businessHours.plans).toHaveLength(2);
    expect(
      Object.entries(businessHours.calendars[0].spec.weekly)
        .filter(([, h]) => h.length)
        .map(([k]) => k),
    ).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
    expect(d.en).toMatch(/^Two plans/);
    expect(d['zh-CN']).toMatch(/^两个计划/);
    expect(d.en).toContain('Monday to Saturday 08:00–17:30');
    expect(d['zh-CN']).toContain('周一至周六 08:00–17:30');
    for (const s of [d.en, d['zh-CN']]) expect(s).not.toMatch(/one plan|Friday|holiday|单一|周五|节假日/i);
  });

  it('tiered support: four plans and the Premium add-on, counted 24×7, Free without a target', () => {
    const d = tieredSupport.description;
    expect(tieredSupport.plans).toHaveLength(4);
    expect(d.en).toMatch(/^Four plans/);
    expect(d['zh-CN']).toMatch(/四种计划/);
    expect(d.en).toContain('Premium add-on');
    expect(d['zh-CN']).toContain('Premium 增值服务');
    expect(tieredSupport.policies.some((p) => p.match.plan_keys?.includes('free'))).toBe(false);
    expect(d.en).toContain('Free has no target of its own');
  });

  it('custom ticket fields: tiered support asks technical categories for the details of seed 000; business hours asks nothing of the kind', () => {
    expect(businessHours.ticketFields ?? []).toEqual([]);
    const fields = tieredSupport.ticketFields ?? [];
    expect(fields.map((f) => f.key)).toEqual(expect.arrayContaining(['domain', 'frequency', 'steps_to_reproduce', 'tool_output']));
    for (const f of fields) {
      expect(f.label.en, f.key).toBeTruthy();
      expect(f.label['zh-CN'], f.key).toBeTruthy();
      expect(f.categories, f.key).toEqual(['availability', 'dns', 'ssl', 'performance', 'security', 'configuration']);
      expect(f.visible_to_customers).toBe(true);
      for (const o of f.options ?? []) expect(f.option_labels?.[o]?.['zh-CN'], `${f.key}.${o}`).toBeTruthy();
    }
  });
});
