import { describe, expect, it } from 'vitest';
import { splitQuotedHistory } from './quotedHistory.ts';

/** Both halves stay balanced: every element opened is closed. */
function balanced(html: string) {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/gi)) {
    const name = m[2].toLowerCase();
    if (['br', 'img', 'hr'].includes(name)) continue;
    if (m[1]) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0;
}

describe('splitQuotedHistory', () => {
  const cases: Array<[string, string, string | null]> = [
    [
      'Gmail English',
      '<div dir="ltr">Thanks, that fixed it.</div><br /><div><div dir="ltr">On Mon, Dec 1, 2026 at 10:00 AM Ann &lt;<a href="mailto:ann@x.test">ann@x.test</a>&gt; wrote:<br /></div><blockquote>Try restarting.</blockquote></div>',
      'On Mon, Dec 1',
    ],
    [
      'Gmail 中文 (…写道：)',
      '<div>好的，谢谢！</div><div><div>2026年12月1日周一 10:00，张三 &lt;<a href="mailto:z@x.test">z@x.test</a>&gt; 写道：<br /></div><blockquote>请重启。</blockquote></div>',
      '2026年12月1日周一',
    ],
    ['在…写道：', '<p>收到</p><p>在 2026-12-01 10:00, 李四 写道：</p><p>旧的内容</p>', '在 2026-12-01'],
    ['Outlook English', '<p>See below.</p><p><b>From:</b> Ann<br /><b>Sent:</b> Monday<br /><b>To:</b> Kefu</p><p>old</p>', 'From:'],
    [
      'Outlook 中文',
      '<p>见下文。</p><div><p><b>发件人:</b> 张三<br /><b>发送时间:</b> 2026年12月1日<br /><b>收件人:</b> 客服</p></div><p>旧</p>',
      '发件人:',
    ],
    ['Original Message', '<p>Yes.</p><p>-----Original Message-----<br />From: a</p><p>old</p>', '-----Original Message-----'],
    ['原始邮件', '<p>好的</p><div>---- 原始邮件 ----</div><div>旧</div>', '---- 原始邮件 ----'],
    ['trailing blockquote', '<p>Agreed.</p><blockquote><p>Shall we?</p></blockquote>', 'Shall we?'],
    ['plain text > lines', '<p>Done.</p><p>&gt; old line one<br />&gt; old line two</p>', '&gt; old line one'],
    ['two-line On … wrote:', '<p>Ok</p><p>On Mon, Dec 1, 2026 at 10:00 AM Ann Lee<br />&lt;ann@x.test&gt; wrote:</p><p>old</p>', 'On Mon'],
  ];
  it.each(cases)('%s', (_name, html, quotedStart) => {
    const r = splitQuotedHistory(html);
    expect(r).not.toBeNull();
    expect(r!.main + r!.quoted).not.toBe('');
    expect(balanced(r!.main)).toBe(true);
    expect(balanced(r!.quoted)).toBe(true);
    expect(r!.quoted).toContain(quotedStart!);
    expect(r!.main).not.toContain(quotedStart!);
  });

  it('folds whole blocks and keeps every token of the original', () => {
    const html = '<div><p>Hi</p><div>On Tue, Ann wrote:</div><blockquote>old</blockquote></div>';
    const r = splitQuotedHistory(html)!;
    expect(r.main).toBe('<div><p>Hi</p></div>');
    expect(r.quoted).toBe('<div><div>On Tue, Ann wrote:</div><blockquote>old</blockquote></div>');
  });

  it('keeps attributes of reopened elements exactly as written', () => {
    const html = '<div dir="ltr"><p>Hi</p>On Tue, Ann wrote:<br />old</div>';
    const r = splitQuotedHistory(html)!;
    expect(r.main).toBe('<div dir="ltr"><p>Hi</p></div>');
    expect(r.quoted).toBe('<div dir="ltr">On Tue, Ann wrote:<br />old</div>');
  });

  const untouched: Array<[string, string]> = [
    ['no history', '<p>Hello, my printer is broken.</p>'],
    ['a quote in the middle is an answer, not history', '<p>You said:</p><blockquote>reboot</blockquote><p>I did, it still fails.</p>'],
    ['all of it is quoted: nothing to show before', '<blockquote>only a quote</blockquote>'],
    ['"from:" in prose without a header block', '<p>From: the sales team, we heard nothing.</p><p>Please help.</p>'],
    ['"wrote" in the middle of a sentence', '<p>On Monday I wrote: the server is down. Still down.</p><p>Help!</p>'],
    ['a > in the middle is not trailing', '<p>&gt; quoted</p><p>my answer</p>'],
    ['empty', ''],
  ];
  it.each(untouched)('%s', (_name, html) => {
    expect(splitQuotedHistory(html)).toBeNull();
  });

  it('stays fast on hostile input', () => {
    const deep = '<div>'.repeat(200_000) + 'On x wrote:' + '</div>'.repeat(200_000);
    const wide = '<p>a</p><br />'.repeat(50_000) + '<p>On x wrote:</p>' + '<blockquote>q</blockquote>'.repeat(20_000);
    const t0 = performance.now();
    expect(splitQuotedHistory(deep)).toBeNull();
    expect(splitQuotedHistory(wide)).not.toBeNull();
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
