import { describe, expect, it } from 'vitest';
import { PRESETS } from './applyPreset.ts';
import { presetHelpArticles } from './helpArticles.ts';

const hours = (name: string) => presetHelpArticles(PRESETS[name]).find((a) => a.slug === 'service-hours')!.body;
const line = (body: string, channel: string) => body.split('\n').find((l) => l.startsWith(`- **${channel}**`)) ?? '';

describe('the "Service hours" help article says which plans a channel is for', () => {
  it('tiered support: chat is for Enterprise and Business, the emergency phone for Enterprise only', () => {
    const b = hours('tiered-support');
    expect(line(b.en, 'Chat')).toContain('Enterprise and Business plans only');
    expect(line(b['zh-CN'], '聊天')).toContain('仅限企业、Business 计划');
    expect(line(b.en, 'Emergency phone')).toContain('Enterprise plan only');
    expect(line(b['zh-CN'], '紧急电话')).toContain('仅限企业计划');
    // Channels every plan has carry no such note.
    expect(line(b.en, 'Support tickets')).not.toContain('only');
    expect(line(b['zh-CN'], '支持工单')).not.toContain('仅限');
  });
  it('business hours: chat groups and phone are for the paid product', () => {
    const b = hours('business-hours');
    expect(line(b.en, 'Chat groups')).toContain('Paid product plan only');
    expect(line(b['zh-CN'], '微信群')).toContain('仅限付费产品计划');
    expect(line(b.en, 'Phone (pre-sales or urgent faults)')).toContain('Paid product plan only');
    expect(line(b.en, 'Tickets (recommended)')).not.toContain('only');
  });
});
