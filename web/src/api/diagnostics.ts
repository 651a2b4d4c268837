import type { ApiResponse } from './types.ts';

/** A diagnostics run as the API answers it (POST /diagnostics, GET /tickets/{id}/diagnostics), in the reader's language. */
export type Diagnostic = ApiResponse<'/api/v1/diagnostics', 'post', 201>['data'];
export type DiagnosticCheck = Diagnostic['checks'][number];

/** The checks every run makes, in the order they are shown (the server answers them in this order). */
export const CHECK_KEYS = ['dns', 'https', 'http', 'http_status', 'tls', 'redirects', 'latency'] as const;

/** The cached run for an asset in the guided form; the ticket is created with its id. */
export const assetRunKey = (assetId: number) => ['diagnostics', 'asset', assetId] as const;
