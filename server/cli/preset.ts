import type { ApiClient } from './apiClient.ts';
import { check, parseCommand } from './args.ts';
import { json, type Io } from './io.ts';

/** `kefu preset apply NAME` */
export function parsePresetApply(args: string[]) {
  const { positionals } = parseCommand('preset apply', args, {}, { min: 1, max: 1, names: 'the preset NAME' });
  return { name: positionals[0] };
}

export async function presetApply(api: ApiClient, o: ReturnType<typeof parsePresetApply>, io: Io): Promise<number> {
  io.out(json(check(await api.request('POST', `/api/v1/presets/${encodeURIComponent(o.name)}/apply`, {}))));
  return 0;
}
