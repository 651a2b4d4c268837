/**
 * Where a server's CPU went: `npx tsx bench/cpuProfileTop.ts FILE.cpuprofile [--top N]` reads a
 * profile written by `node --cpu-prof` (`npm run bench -- --cpu-prof DIR`) and prints the functions
 * with the most self time, and the same time summed by package or source file, as shares of the
 * time the process was busy (idle time left out).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script lives: `pg` for node_modules/pg/…, `server/modules/tickets/createTicket.ts`, `node:internal/…`. */
export function areaOf(url: string): string {
  if (!url) return '(native or VM)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const m = /\/(server|web|bench)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

export function selfTimes(p: Profile) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const name = `${f.functionName || '(anonymous)'} ${areaOf(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    const area = f.url ? areaOf(f.url) : f.functionName;
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { busyMs: busy / 1000, idleMs: idle / 1000, functions: sorted(fns), areas: sorted(areas) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  if (!positionals[0]) {
    console.log('usage: npx tsx bench/cpuProfileTop.ts FILE.cpuprofile [--top N]');
    process.exit(2);
  }
  const r = selfTimes(JSON.parse(readFileSync(positionals[0], 'utf8')) as Profile);
  const top = Number(values.top);
  const pct = (us: number) => `${((us / 1000 / r.busyMs) * 100).toFixed(1).padStart(5)} %`;
  console.log(`busy ${Math.round(r.busyMs)} ms, idle ${Math.round(r.idleMs)} ms\n\nself time by function:`);
  for (const [name, us] of r.functions.slice(0, top)) console.log(`${pct(us)}  ${name}`);
  console.log('\nself time by package or file:');
  for (const [name, us] of r.areas.slice(0, top)) console.log(`${pct(us)}  ${name}`);
}
