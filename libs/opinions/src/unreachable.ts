/** Closes a switch over a union: the compiler proves it exhaustive; reaching it at run time is a bug. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
