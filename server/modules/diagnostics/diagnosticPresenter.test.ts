import { describe, expect, it } from 'vitest';
import { CHECK_KEYS, COMMON_CODES } from '../../domain/diagnostics/findings.ts';
import { renderFinding } from './diagnosticPresenter.ts';

describe('a check that did not run', () => {
  // Before: "Redirects was not checked because…" and "未检查HTTPS" / "未检查TLS 证书" (the name run into the sentence).
  it.each(COMMON_CODES)('%s names the check as a check, in English and in 简体中文', (code) => {
    for (const key of CHECK_KEYS) {
      const en = renderFinding('en', { key, status: 'error', code, params: {} });
      expect(en.detail).toMatch(new RegExp(`^The ${en.name} check did not`));
      const zh = renderFinding('zh-CN', { key, status: 'error', code, params: {} });
      expect(zh.detail).toContain(`“${zh.name}”`);
    }
  });
});
