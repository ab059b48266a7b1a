// The fingerprint of the seed files (the plan and the unit registry): stored with the seeded data,
// compared at start-up (against the same fingerprint computed at build time, see vite.config.ts)
// so the app parses its bundled seeds only when the database does not hold them yet.

import type { PlanDocument, Unit } from './model.ts';

/** JSON with object keys sorted, so a fingerprint does not depend on key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * A short, stable fingerprint of the seed content (FNV-1a, 32 bit): changes when the seeds change,
 * not when the same content comes back with its keys in another order (a restored ledger file).
 */
export function seedVersion(plan: PlanDocument, units: readonly Unit[]): string {
  const text = canonicalJson([plan, units]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${plan.id}@${(hash >>> 0).toString(16).padStart(8, '0')}`;
}
