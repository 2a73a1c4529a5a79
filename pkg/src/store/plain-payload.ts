/**
 * Copies a remote payload into plain data before it enters wasm. A getter
 * or Proxy that throws while the core walks an object would unwind through
 * wasm frames and leave the store borrowed (every later call would fail);
 * here the throw is caught and the payload becomes "no entity" (rejected
 * and counted). Only primitives survive, plus the one nested `updates` object.
 */
type Plain = string | number | boolean | null | undefined | Record<string, unknown>;

function primitive(v: unknown): Plain {
  const t = typeof v;
  return t === 'number' || t === 'string' || t === 'boolean' || v === undefined ? (v as Plain) : null;
}

function copy(source: object, nested: boolean): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[key];
    out[key] = nested && key === 'updates' && typeof value === 'object' && value !== null ? copy(value, false) : primitive(value);
  }
  return out;
}

export function toPlainPayload(payload: unknown): Plain {
  if (typeof payload !== 'object' || payload === null) return primitive(payload);
  try {
    return copy(payload, true);
  } catch {
    return undefined;
  }
}
