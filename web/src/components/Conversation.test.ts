import { describe, expect, it } from 'vitest';
import { splitFences } from './Conversation.tsx';

describe('message bodies with tool output', () => {
  it('shows fenced output as a block without the fences', () => {
    expect(splitFences('Checkout 502\n\n--- cURL ---\n```\nHTTP/2 502\nserver: edge\n```\n\nThanks')).toEqual([
      { code: false, text: 'Checkout 502\n\n--- cURL ---' },
      { code: true, text: 'HTTP/2 502\nserver: edge' },
      { code: false, text: '\nThanks' },
    ]);
  });
  it('keeps a body without fences as it is, and runs an unclosed fence to the end', () => {
    expect(splitFences('just text')).toEqual([{ code: false, text: 'just text' }]);
    expect(splitFences('dig:\n```text\n;; ANSWER SECTION:\na.test. 300 IN A 192.0.2.1')).toEqual([
      { code: false, text: 'dig:' },
      { code: true, text: ';; ANSWER SECTION:\na.test. 300 IN A 192.0.2.1' },
    ]);
    expect(splitFences('two\n```\na\n```\n```\nb\n```')).toEqual([
      { code: false, text: 'two' },
      { code: true, text: 'a' },
      { code: true, text: 'b' },
    ]);
  });
});
