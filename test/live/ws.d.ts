// The few parts of the `ws` client the live tests use (the package ships no types; @types/ws is not a dependency).
declare module 'ws' {
  import { EventEmitter } from 'node:events';
  export default class WebSocket extends EventEmitter {
    static readonly OPEN: number;
    constructor(url: string, opts?: { headers?: Record<string, string>; origin?: string });
    readonly readyState: number;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
  }
}
