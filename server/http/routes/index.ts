import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

/** Routes of later areas (calendars, SLA, channels, …) register here. */
export async function extraRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
