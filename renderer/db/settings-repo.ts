// The user's own settings, kept in the settings table (key/value rows): who is using the app (the
// name stamped on audit entries) and in which mode — district coordinator (all units) or one unit's
// clerk — and the grid's layout (hidden columns, column widths). Missing rows read as defaults.
import type { SettingRow, TaizhangDB } from './schema.ts';

export const SETTING_PROFILE = 'profile';
export const SETTING_GRID_LAYOUT = 'gridLayout';

export type UserMode = 'coordinator' | 'unit';

export interface UserProfile {
  /** The user's name: recorded as `who` on every audit entry. Empty until asked for. */
  name: string;
  mode: UserMode;
  /** The clerk's unit (canonical name) in unit mode; null for the coordinator. */
  unit: string | null;
}

export const DEFAULT_PROFILE: UserProfile = { name: '', mode: 'coordinator', unit: null };

export interface GridLayout {
  /** Column ids the user hid. */
  hidden: string[];
  /** Column id → width in px, for columns the user resized. */
  widths: Record<string, number>;
}

export const DEFAULT_GRID_LAYOUT: GridLayout = { hidden: ['leaders'], widths: {} };

export async function getProfile(db: TaizhangDB): Promise<UserProfile> {
  const row = (await db.settings.get(SETTING_PROFILE)) as SettingRow<Partial<UserProfile>> | undefined;
  return { ...DEFAULT_PROFILE, ...(row?.value ?? {}) };
}

/** Merge `patch` into the stored profile. Unit mode without a unit is refused. */
export async function saveProfile(db: TaizhangDB, patch: Partial<UserProfile>): Promise<UserProfile> {
  return db.transaction('rw', db.settings, async () => {
    const next = { ...(await getProfile(db)), ...patch };
    next.name = next.name.trim();
    if (next.mode === 'unit' && !next.unit) throw new Error('unit mode needs a unit');
    if (next.mode === 'coordinator') next.unit = null;
    await db.settings.put({ key: SETTING_PROFILE, value: next });
    return next;
  });
}

export async function getGridLayout(db: TaizhangDB): Promise<GridLayout> {
  const row = (await db.settings.get(SETTING_GRID_LAYOUT)) as SettingRow<Partial<GridLayout>> | undefined;
  return { ...DEFAULT_GRID_LAYOUT, ...(row?.value ?? {}) };
}

export async function saveGridLayout(db: TaizhangDB, layout: GridLayout): Promise<void> {
  await db.settings.put({ key: SETTING_GRID_LAYOUT, value: layout });
}
