/**
 * Counts the records of a CSV stream as its chunks arrive: line ends outside quotes (a quoted field may hold
 * line breaks). The first record is the header.
 */
export function recordCounter() {
  let quoted = false;
  let lines = 0;
  return {
    push(text: string) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 34) quoted = !quoted;
        else if (c === 10 && !quoted) lines++;
      }
      return Math.max(0, lines - 1);
    },
  };
}
