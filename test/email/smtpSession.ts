import { connect } from 'node:net';

/**
 * A bare SMTP conversation over a socket, for checking exactly which command gets which reply
 * (nodemailer would declare SIZE and be refused at MAIL FROM before DATA is ever tried).
 */
export async function smtpConversation(port: number, steps: Array<string | Buffer>): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  let buffer = '';
  const replies: string[] = [];
  let waiting: (() => void) | null = null;
  socket.on('data', (d) => {
    buffer += d.toString('latin1');
    // A complete reply ends with a line "NNN text" (no dash after the code).
    for (;;) {
      const m = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\r?\n/.exec(buffer);
      if (!m) break;
      replies.push(m[0].trim());
      buffer = buffer.slice(m[0].length);
      waiting?.();
    }
  });
  const next = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no SMTP reply; got ${JSON.stringify(replies)}`)), 10_000);
      const check = () => {
        if (replies.length >= count) {
          clearTimeout(timer);
          waiting = null;
          resolve();
        }
      };
      waiting = check;
      check();
    });
  await next(1);
  for (const step of steps) {
    const before = replies.length;
    socket.write(step);
    await next(before + 1);
  }
  socket.end('QUIT\r\n');
  return replies.slice(1);
}
