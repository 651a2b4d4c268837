import { useFormat } from './format.ts';

/** A date in the viewer's zone, machine-readable, with the zone in its tooltip. */
export function Time({ value, relative }: { value: string | number | null | undefined; relative?: boolean }) {
  const f = useFormat();
  if (value === null || value === undefined) return null;
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} title={`${f.dateTime(value)} (${f.zone})`}>
      {relative ? f.relative(value) : f.dateTime(value)}
    </time>
  );
}
