import { describe, expect, it } from 'vitest';
import { hasFormatting, markdownToHtml } from './markdown.ts';

describe('markdownToHtml', () => {
  it.each([
    ['**bold** and *italic* and _also_', '<p><strong>bold</strong> and <em>italic</em> and <em>also</em></p>'],
    ['a `x < y` b', '<p>a <code>x &lt; y</code> b</p>'],
    ['line one\nline two\n\nnext', '<p>line one<br>line two</p><p>next</p>'],
    ['- one\n- **two**\n\n1. first\n2. second', '<ul><li>one</li><li><strong>two</strong></li></ul><ol><li>first</li><li>second</li></ol>'],
    ['see [docs](https://kefu.test/a?b=1&c=2)', '<p>see <a href="https://kefu.test/a?b=1&amp;c=2">docs</a></p>'],
    ['```\n<b>raw</b>\n**no**\n```', '<pre><code>&lt;b&gt;raw&lt;/b&gt;\n**no**</code></pre>'],
    ['![shot.png](cid:paste-1@kefu)', '<p><img src="cid:paste-1@kefu" alt="shot.png"></p>'],
    ['2 * 3 * 4 and snake_case_name', '<p>2 * 3 * 4 and snake_case_name</p>'],
  ])('%j', (src, html) => {
    expect(markdownToHtml(src)).toBe(html);
  });

  it('never lets markup or odd links through', () => {
    const html = markdownToHtml(
      '<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![a](https://t.example/p.gif) [y](https://a.test/"onmouseover=x)',
    );
    expect(html).not.toMatch(/<img src=x|href="javascript|src="https|"onmouseover/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('says whether a text is formatted', () => {
    expect(hasFormatting('Hello, the fix is live.')).toBe(false);
    expect(hasFormatting('It is **done**')).toBe(true);
    expect(hasFormatting('- a\n- b')).toBe(true);
  });
});
