import { isValidTimeZone } from '../domain/calendar/zone.ts';
import { z } from 'zod';

export const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const pageQuery = {
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
};
export const idRef = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const email = z.string().trim().email().max(254);
export const shortText = (max = 200) => z.string().trim().min(1).max(max);
/** Comma-separated list in a query string: `status=open,pending`. */
export const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));
export const attachment = z.object({
  filename: shortText(255),
  content_type: z.string().max(200).optional(),
  data_base64: z.string(),
  content_id: z.string().max(300).optional(),
});
export const isoDateTime = z.string().datetime({ offset: true });

/** A time zone by its IANA name (Asia/Shanghai, Europe/London, UTC) that this runtime knows. */
export const timeZoneName = z
  .string()
  .max(64)
  .refine(isValidTimeZone, { message: 'Unknown time zone: use an IANA name such as Asia/Shanghai or Europe/London' });
