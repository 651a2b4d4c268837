export * from './types.ts';
export { selectPolicy } from './selectPolicy.ts';
export type { SelectPolicyOptions } from './selectPolicy.ts';
export { computeSla } from './computeSla.ts';
export { queueExplanation } from './queueExplanation.ts';
export type { QueueExplanationOptions, QueueReason, QueueTimedParams, QueuePausedParams, QueueBaseParams } from './queueExplanation.ts';
export { escalationsDue, nextEscalationCheckAt, escalationKey } from './escalation.ts';
export type { EscalationsDueOptions, NextEscalationCheckOptions } from './escalation.ts';
