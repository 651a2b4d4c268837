/** Where a command writes: results to `out` (stdout), messages for people to `err` (stderr). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  outStream: NodeJS.WritableStream;
}

export const processIo: Io = {
  outStream: process.stdout,
  out: (t) => {
    process.stdout.write(t);
  },
  err: (t) => {
    process.stderr.write(t);
  },
};

export const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
