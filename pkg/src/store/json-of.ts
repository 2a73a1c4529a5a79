/**
 * Remote payloads cross into wasm as JSON text, read by the core's own
 * parser. `JSON.stringify` also makes hostile input harmless: a throwing
 * getter, a Proxy, a cycle or a BigInt throws here, in JS, and the payload
 * becomes `null` (rejected and counted) — nothing can throw midway through
 * a wasm call and leave the store borrowed.
 */
export function jsonOf(payload: unknown): string {
  try {
    return JSON.stringify(payload) ?? 'null';
  } catch {
    return 'null';
  }
}
