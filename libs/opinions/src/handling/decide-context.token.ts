/** Injection token for the `DecideContext` (directory and working calendar) handed to every decision. */
export const DECIDE_CONTEXT = Symbol('DECIDE_CONTEXT');
