// The workbook codec's public surface: export a unit's return workbook, read one back.
export * from './columns.ts';
export * from './issues.ts';
export * from './manifest.ts';
export * from './normalise-cell.ts';
export * from './validate-fields.ts';
export * from './container.ts';
export * from './export-workbook.ts';
export * from './read-workbook.ts';
