import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { embeddedBackup } from '../../db/backup.ts';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, fileResponse } from '../responseSchemas.ts';

export const BACKUP_TYPE = 'application/x-tar';

/**
 * A consistent snapshot of the embedded database as a Kefu backup file (docs/operations.md, Backup),
 * for `kefu backup FILE` while the server runs. Only the local operator (the CLI, with the secret from
 * the lock file) may take one: the file holds every password hash and the secret key, more than any
 * API caller, admins included, can otherwise read. On PostgreSQL the command runs pg_dump instead.
 */
export function backupRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/backup',
    {
      schema: {
        tags: ['system'],
        summary:
          'A consistent backup of the embedded database, attachments and generated secret key included (the local operator only: `kefu backup FILE`)',
        produces: [BACKUP_TYPE],
        response: { 200: fileResponse('The backup file (a tar with a manifest, docs/operations.md)', BACKUP_TYPE), '4xx': errorResponse },
      },
    },
    async (req, reply) => {
      const actor = who(req);
      if (actor.via !== 'local') throw new AppError('forbidden', t(actor.locale, 'backup.local_only'));
      if (ctx.db.kind !== 'pglite') throw new AppError('conflict', t(actor.locale, 'backup.embedded_only'));
      const { manifest, chunks } = await embeddedBackup(ctx.db);
      const size = chunks.reduce((n, c) => n + c.length, 0);
      return reply
        .type(BACKUP_TYPE)
        .header('content-length', String(size))
        .header('content-disposition', `attachment; filename="kefu-backup-${manifest.created_at.replace(/[:.]/g, '-')}.tar"`)
        .send(Readable.from(chunks));
    },
  );
}
