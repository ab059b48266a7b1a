// The merge engine's public surface: plan a returned workbook against the ledger, then apply.
export * from './plan-merge.ts';
export * from './apply-merge.ts';
