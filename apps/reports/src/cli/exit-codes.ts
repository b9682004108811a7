/** Exit codes a scheduler can act on. */
export const EXIT = {
  ok: 0,
  drift: 1,
  usage: 2,
  eventStoreUnavailable: 3,
  mongoUnavailable: 4,
  failure: 70,
  interrupted: 130,
} as const;
