import { describe, expect, it } from 'vitest';
import { PRESETS } from './applyPreset.ts';
import { presetHelpArticles } from './helpArticles.ts';

const notCovered = (name: string) => presetHelpArticles(PRESETS[name]).find((a) => a.slug === 'what-support-does-not-do')!.body;

describe('"What support does not do" sends a plan without human support where its plan does', () => {
  it('business hours: free-product users are sent to GitHub issues, not to a "community"', () => {
    const b = notCovered('business-hours');
    expect(b.en).toContain('open an issue on GitHub (<https://github.com/Websoft9>)');
    expect(b.en).not.toContain('ask in the community');
    expect(b['zh-CN']).toContain('请在 GitHub 提交 issue（<https://github.com/Websoft9>）');
    expect(b['zh-CN']).not.toContain('社区');
  });
});
