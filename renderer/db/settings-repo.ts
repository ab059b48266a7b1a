// The user's own settings, kept in the settings table (key/value rows): who is using the app (the
// name stamped on audit entries) and in which mode — district coordinator (all units) or one unit's
// clerk — and the grid's layout (which column preset, and per preset the columns shown or hidden and
// the widths set by hand). Missing rows read as defaults; a layout saved before presets existed (one
// list of hidden columns) becomes the full preset's.
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

/** The grid's column presets (renderer/features/ledger/layouts.ts): 填报视图 and 完整视图. */
export type LayoutPreset = 'clerk' | 'full';

export interface ColumnLayout {
  /** Column id → shown (true) or hidden (false), where the user changed the preset's default. */
  visibility: Record<string, boolean>;
  /** Column id → width in px, for columns the user resized. */
  widths: Record<string, number>;
}

export interface GridLayout {
  /** The preset the user picked; null = by mode (单位填报 → clerk, 区级统筹 → full). */
  preset: LayoutPreset | null;
  clerk: ColumnLayout;
  full: ColumnLayout;
}

export const DEFAULT_GRID_LAYOUT: GridLayout = {
  preset: null,
  clerk: { visibility: {}, widths: {} },
  full: { visibility: {}, widths: {} },
};

function columnLayout(value: unknown): ColumnLayout {
  const v = (value ?? {}) as Partial<ColumnLayout>;
  return { visibility: { ...(v.visibility ?? {}) }, widths: { ...(v.widths ?? {}) } };
}

/** A stored layout of any version as the current shape. */
export function readGridLayout(value: unknown): GridLayout {
  if (!value || typeof value !== 'object') return structuredClone(DEFAULT_GRID_LAYOUT);
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.hidden)) {
    // Before presets: one list of hidden columns and the widths, i.e. the full view's.
    const visibility = Object.fromEntries((v.hidden as unknown[]).map((id) => [String(id), false]));
    return {
      preset: null,
      clerk: columnLayout(null),
      full: { visibility, widths: { ...((v.widths as Record<string, number>) ?? {}) } },
    };
  }
  const preset = v.preset === 'clerk' || v.preset === 'full' ? v.preset : null;
  return { preset, clerk: columnLayout(v.clerk), full: columnLayout(v.full) };
}

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
  const row = (await db.settings.get(SETTING_GRID_LAYOUT)) as SettingRow<unknown> | undefined;
  return readGridLayout(row?.value);
}

export async function saveGridLayout(db: TaizhangDB, layout: GridLayout): Promise<void> {
  await db.settings.put({ key: SETTING_GRID_LAYOUT, value: layout });
}
