/** True when the id is absent (the seed's hooks accept `undefined` and render the base). */
export function isMissingId(id: unknown): id is null | undefined {
  return id === undefined || id === null;
}
