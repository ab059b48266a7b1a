// The `taizhang` command: parses arguments and dispatches to one module per command. Every failure
// ends as one line (Chinese + English) and an exit code: 0 ok, 1 rejected/conflicted, 2 bad usage or
// unreadable input. Never a stack trace.
//
// Each command's module is imported only when that command runs (a dynamic import in its `run`), so
// the bundle (scripts/build-cli.mjs) splits it into its own chunk: `taizhang units` loads neither the
// ledger code nor exceljs. This file imports nothing heavy either — the ledger error classes are
// loaded only on the failure path that needs them.

import { parseArgs } from 'node:util';
import { CliError, EXIT, termSafe, type Output } from './errors.ts';

const HELP = `台账 taizhang — 污染防治攻坚战行动计划台账 (offline action-plan ledger)

用法 Usage:
  taizhang tasks [--plan air|water|soil] [--unit 单位] [--ledger F [--plan-id 计划编号]] [--json]
                                                           列出任务 / list tasks
  taizhang units [--json]                                       单位名录 / unit registry
  taizhang init -o 台账.json [--force]                          新建台账 / new ledger from the seeds
  taizhang export --unit 单位 --period YYYY-MM [--ledger F] -o 文件.xlsx
  taizhang export --all --period YYYY-MM [--ledger F] -o 目录
  taizhang import 文件|回报包.zip|文件夹... --ledger F [--dry-run] [--json] [--unit 单位 --period YYYY-MM] [--who 姓名]
                 [--take theirs|ours] [--resolve 大气-03.完成状态=theirs]...   处理冲突 / decide conflicts
                 [--map 映射.json] [--password 密码]       单位自己的台账 / a unit's own ledger; protected files
  taizhang import --history 总台账.xlsx --ledger F [--dry-run] [--json] [--take theirs|ours] [--map 映射.json]
                                                           区级总台账作为历史导入 / master ledger as history
  taizhang map 文件 [--unit 单位] [--ledger F] [--password 密码] [--history]
                                                           识别表、列、行的对应关系（JSON，含把握） / detect a mapping
  支持 Formats: .xlsx .xls .et .ods .csv（UTF-8/GBK）
  taizhang plan list [--ledger F] [--json]                     台账中的计划 / the plans a ledger runs
  taizhang plan import 计划.docx|计划.xlsx --ledger F [--map 单位对应.json] [--id 计划编号]
                 [--link-suggested] [--dry-run] [--json] [--who 姓名]
                                                           导入新一年的行动计划 / a new plan from its document
  taizhang plan reissue 计划编号 修订版.docx --ledger F [--map 单位对应.json] [--dry-run] [--json]
                                                           修订版：替换任务文字并留痕 / a corrected reissue
  taizhang plan link 后续任务 被接续任务 --ledger F | plan link 后续任务 --remove --ledger F
                                                           确认或取消接续上年任务 / continuity by hand
  其他命令 --plan-id 计划编号：按哪份计划导出、导入、汇总（默认：月份所在年度的计划） / which plan
  taizhang report --ledger F --period YYYY-MM -o 汇总.xlsx
  taizhang doc tongbao|cuibao|annex --period YYYY-MM --ledger F -o 文件.docx
                 通报 / 催报通知 / 进展情况附件（公文格式 Word 文档） official documents (.docx)

退出码 Exit codes: 0 成功 ok · 1 有被拒绝或冲突的行 rejected/conflicts · 2 用法错误或无法读取 bad usage/unreadable input
`;

type Command = (
  values: Record<string, unknown>,
  positionals: string[],
  io: Output,
) => number | Promise<number>;

const COMMANDS: Record<
  string,
  { options: NonNullable<Parameters<typeof parseArgs>[0]>['options']; run: Command }
> = {
  tasks: {
    options: {
      plan: { type: 'string' },
      unit: { type: 'string' },
      json: { type: 'boolean' },
      ledger: { type: 'string' },
      'plan-id': { type: 'string' },
    },
    run: async (v, _p, io) =>
      (await import('./commands/tasks.ts')).tasksCommand(
        v as { plan?: string; unit?: string; json?: boolean; ledger?: string; 'plan-id'?: string },
        io,
      ),
  },
  units: {
    options: { json: { type: 'boolean' } },
    run: async (v, _p, io) => (await import('./commands/units.ts')).unitsCommand(v as { json?: boolean }, io),
  },
  init: {
    options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
    run: async (v, _p, io) =>
      (await import('./commands/init.ts')).initCommand(v as { output?: string; force?: boolean }, io),
  },
  export: {
    options: {
      unit: { type: 'string' },
      all: { type: 'boolean' },
      period: { type: 'string' },
      ledger: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'plan-id': { type: 'string' },
    },
    run: async (v, _p, io) => (await import('./commands/export.ts')).exportCommand(v, io),
  },
  import: {
    options: {
      ledger: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      unit: { type: 'string' },
      period: { type: 'string' },
      who: { type: 'string' },
      take: { type: 'string' },
      resolve: { type: 'string', multiple: true },
      map: { type: 'string' },
      password: { type: 'string' },
      history: { type: 'boolean' },
      'plan-id': { type: 'string' },
    },
    run: async (v, p, io) =>
      (await import('./commands/import.ts')).importCommand(
        p,
        { ...v, dryRun: v['dry-run'] as boolean | undefined, planId: v['plan-id'] as string | undefined },
        io,
      ),
  },
  map: {
    options: {
      unit: { type: 'string' },
      ledger: { type: 'string' },
      password: { type: 'string' },
      history: { type: 'boolean' },
      'plan-id': { type: 'string' },
    },
    run: async (v, p, io) =>
      (await import('./commands/map.ts')).mapCommand(
        p,
        v as { unit?: string; ledger?: string; password?: string; history?: boolean; 'plan-id'?: string },
        io,
      ),
  },
  report: {
    options: {
      ledger: { type: 'string' },
      period: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'plan-id': { type: 'string' },
    },
    run: async (v, _p, io) =>
      (await import('./commands/report.ts')).reportCommand(
        v as { ledger?: string; period?: string; output?: string; 'plan-id'?: string },
        io,
      ),
  },
  plan: {
    options: {
      ledger: { type: 'string' },
      map: { type: 'string' },
      id: { type: 'string' },
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'link-suggested': { type: 'boolean' },
      who: { type: 'string' },
      remove: { type: 'boolean' },
    },
    run: async (v, p, io) =>
      (await import('./commands/plan.ts')).planCommand(
        p,
        {
          ...(v as {
            ledger?: string;
            map?: string;
            id?: string;
            json?: boolean;
            who?: string;
            remove?: boolean;
          }),
          dryRun: v['dry-run'] as boolean | undefined,
          linkSuggested: v['link-suggested'] as boolean | undefined,
        },
        io,
      ),
  },
  doc: {
    options: {
      ledger: { type: 'string' },
      period: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'plan-id': { type: 'string' },
    },
    run: async (v, p, io) =>
      (await import('./commands/doc.ts')).docCommand(
        p,
        v as { ledger?: string; period?: string; output?: string; 'plan-id'?: string },
        io,
      ),
  },
};

/** Whether a failure is the ledger file's own error (its module is loaded only to ask). */
async function isLedgerFileError(err: unknown): Promise<boolean> {
  if (!(err instanceof Error) || err.name !== 'LedgerFileError') return false;
  const { LedgerFileError } = await import('../shared/ledger-file.ts');
  return err instanceof LedgerFileError;
}

const defaultIo: Output = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

export async function main(argv: string[], io: Output = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`未知命令"${name}"，请运行 taizhang --help (unknown command "${name}"; see taizhang --help)`);
    return EXIT.usage;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(HELP);
      return EXIT.ok;
    }
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    return await command.run(values, positionals, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(termSafe(err.message));
      return err.exitCode;
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`参数有误：${(err as Error).message} (bad arguments; see taizhang --help)`);
      return EXIT.usage;
    }
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      io.err('输入的结构嵌套过深，无法处理 (input nested too deeply: maximum call stack exceeded)');
      return EXIT.usage;
    }
    if ((err as NodeJS.ErrnoException).code || (await isLedgerFileError(err))) {
      // A file-system error no command described: whether it was reading goes by the call that failed.
      const { ledgerFailure } = await import('./context.ts');
      const { path, syscall } = err as NodeJS.ErrnoException;
      const reading = ['open', 'read', 'scandir', 'stat', 'lstat', 'realpath', 'readlink'].includes(
        syscall ?? '',
      );
      const failure = ledgerFailure(err, path ?? '文件', reading ? 'read' : 'write');
      io.err(termSafe(failure.message));
      return failure.exitCode;
    }
    io.err(termSafe(`内部错误，请把这条信息告诉维护人员 (internal error): ${(err as Error).message}`, 300));
    return EXIT.usage;
  }
}
