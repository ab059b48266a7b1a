// Columns of the plan view: 编号, 类别, 重点任务, 工作措施, 完成时限, 牵头领导, 主责单位, 协办单位.
import { createColumnHelper } from '@tanstack/react-table';
import type { TaskRowView } from '../../../shared/task-view.ts';

const col = createColumnHelper<TaskRowView>();

export const planColumns = [
  col.accessor('label', { id: 'label', header: '编号', size: 84 }),
  col.accessor('section', {
    id: 'category',
    header: '类别',
    size: 200,
    cell: (ctx) => (
      <>
        <span className="cell-plan">{ctx.row.original.planName}</span>
        <span className="cell-section">{ctx.getValue()}</span>
      </>
    ),
  }),
  col.accessor('keyTask', {
    id: 'keyTask',
    header: '重点任务',
    size: 180,
    cell: (ctx) => (
      <span
        className={ctx.row.original.keyTaskInherited ? 'cell-text inherited' : 'cell-text'}
        title={ctx.row.original.keyTaskInherited ? '原表此格为空，沿用上一行的重点任务' : undefined}
      >
        {ctx.getValue()}
      </span>
    ),
  }),
  col.accessor('measures', { id: 'measures', header: '工作措施', size: 520 }),
  col.accessor('deadline', { id: 'deadline', header: '完成时限', size: 110 }),
  col.accessor('leaders', { id: 'leaders', header: '牵头领导', size: 104 }),
  col.accessor('leadUnits', { id: 'leadUnits', header: '主责单位', size: 180 }),
  col.accessor('coUnits', { id: 'coUnits', header: '协办单位', size: 220 }),
];
