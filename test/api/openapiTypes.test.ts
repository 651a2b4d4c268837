import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generateApiTypes, openApiDocument } from '../../scripts/gen-api-types.ts';

/** The web app's API types are generated from the OpenAPI document (scripts/gen-api-types.ts). */
describe('web/src/api/openapi.gen.ts', () => {
  it('is what `npm run gen:api` writes from the current route schemas', async () => {
    const doc = await openApiDocument();

    // The answers the web app's types are named from are described (a JSON body per success status).
    const json = (path: string, method: string, status: string) =>
      (doc.paths?.[path] as Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }> | undefined)?.[method]
        ?.responses?.[status]?.content?.['application/json'];
    for (const [path, method, status] of [
      ['/api/v1/tickets', 'get', '200'],
      ['/api/v1/tickets', 'post', '201'],
      ['/api/v1/tickets/{id}', 'get', '200'],
      ['/api/v1/tickets/{id}/messages', 'post', '201'],
      ['/api/v1/tickets/{id}/events', 'get', '200'],
      ['/api/v1/people/{id}', 'get', '200'],
      ['/api/v1/me', 'get', '200'],
      ['/api/v1/organizations/{id}', 'get', '200'],
      ['/api/v1/groups/{id}', 'get', '200'],
      ['/api/v1/tokens', 'post', '201'],
    ])
      expect(json(path, method, status), `${method.toUpperCase()} ${path} ${status}`).toBeDefined();

    const fresh = await generateApiTypes(doc);
    const onDisk = readFileSync(GENERATED_FILE, 'utf8');
    if (onDisk !== fresh) {
      expect.fail(
        'web/src/api/openapi.gen.ts is stale: a route schema changed since it was generated. Run `npm run gen:api` and commit the result.',
      );
    }
  }, 120_000);
});
