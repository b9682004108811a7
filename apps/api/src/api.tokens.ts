/** Injection token for the `Infrastructure` (connection targets) the app was started with. */
export const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');
