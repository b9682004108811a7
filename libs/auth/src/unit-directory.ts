/** What authentication needs from the unit directory (satisfied by `Directory` from `@app/directory`). */
export interface UnitDirectory {
  has(code: string): boolean;
  /** True when `code` is `ancestor` itself or a unit below it. */
  isSameOrBelow(code: string, ancestor: string): boolean;
}
