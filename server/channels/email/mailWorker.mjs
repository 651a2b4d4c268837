// Entry of a mail worker thread. Plain JavaScript, so it starts the same under `node --import tsx`,
// `tsx`, the `kefu` command and vitest: it registers tsx itself, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./mailWorkerMain.ts');
