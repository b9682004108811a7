/** Injection token for the `UnitDirectory` the guard checks token units against. */
export const UNIT_DIRECTORY = Symbol('UNIT_DIRECTORY');
