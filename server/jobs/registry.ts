import type { Db } from '../db/client.ts';
import type { EventName } from './events.ts';

export interface JobContext { db: Db; now: () => Date; log: { info: (o: object, m?: string) => void; error: (o: object, m?: string) => void } }

/** A job is data: a name, a handler, and the events it reacts to (if any). */
export interface JobDefinition {
  name: string;
  handles?: EventName[];
  handler(payload: Record<string, unknown>, ctx: JobContext): Promise<void>;
}

const definitions = new Map<string, JobDefinition>();

export function defineJob(def: JobDefinition): JobDefinition {
  definitions.set(def.name, def);
  return def;
}

export const jobDefinition = (name: string) => definitions.get(name);

/** Job names to enqueue when `event` is recorded. */
export function processorsFor(event: EventName): string[] {
  const out: string[] = [];
  for (const d of definitions.values()) if (d.handles?.includes(event)) out.push(d.name);
  return out;
}
