import { parseArgs } from 'node:util';
import { type CliCommand, UsageError, argsProblem } from '../command.ts';
import { CLI_T, FEES_T } from '../cli-text.ts';
import { BUSINESS_KINDS, BUSINESS_KIND_KEYS, findBusinessKind, PROPERTY_USE_TEXT, type PropertyUse } from '#domain/business/business-kinds.ts';
import { chinaDate } from '#domain/calendar/china-time.ts';
import { FEE_TREATMENT_TEXT } from '#domain/fees/fee-table.ts';
import { quoteErrorText } from '#domain/fees/fees-text.ts';
import { quote } from '#domain/fees/quote.ts';
import { BUILTIN_FEE_TABLES, feeTableInForce, findFeeTable } from '#domain/fees/tables.ts';

const USES = Object.keys(PROPERTY_USE_TEXT) as PropertyUse[];

function today(): string {
  // The CLI is a shell: the real time is read here and passed into the pure domain, as a China-time date.
  return chinaDate(new Date().toISOString());
}

function tableFor(ref: string | undefined, date?: string) {
  if (ref !== undefined && date !== undefined) throw new UsageError('--rules 与 --date 只能指定一个');
  if (ref === undefined) {
    const day = date ?? today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new UsageError(`日期格式应为 YYYY-MM-DD: ${day}`);
    const t = feeTableInForce(day);
    if (!t) throw new UsageError(`${day} 没有生效的收费标准`);
    return t;
  }
  const t = findFeeTable(ref);
  if (!t) throw new UsageError(`未知的收费标准: ${ref}（可用: 2008, 2016, ${BUILTIN_FEE_TABLES.map((x) => `${x.id}@${x.version}`).join(', ')}）`);
  return t;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        type: { type: 'string' },
        use: { type: 'string' },
        certificates: { type: 'string' },
        rules: { type: 'string' },
        case: { type: 'string' },
        date: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(argsProblem(error) ?? CLI_T.argsError(String(error)));
  }
}

/** `van fees …`: the domain fee engine from the command line, for IT staff checking a receipt. */
export const feesCommand: CliCommand = {
  name: 'fees',
  summary: FEES_T.summary,
  run(argv, io) {
    const { values, positionals } = parse(argv);
    const [sub, ...extra] = positionals;
    if (values.help || sub === undefined || sub === 'help') {
      io.out(FEES_T.help);
      return Promise.resolve(sub === undefined && !values.help ? 2 : 0);
    }
    if (extra.length > 0) throw new UsageError(`多余的参数: ${extra.join(' ')}`);
    switch (sub) {
      case 'quote': {
        if (!values.type) throw new UsageError('缺少参数 --type（登记类型代码或名称，例如 200 或 转移登记）');
        if (!values.use) throw new UsageError('缺少参数 --use（residential 住宅 | non-residential 非住宅 | parking 车库车位）');
        const kind = findBusinessKind(values.type);
        if (!kind) throw new UsageError(`未知的登记类型: ${values.type}（运行 fees types 查看）`);
        const use = USES.find((u) => u === values.use);
        if (!use) throw new UsageError(`未知的用途: ${values.use}（可用: ${USES.join(' | ')}）`);
        let certificates: number | undefined;
        if (values.certificates !== undefined) {
          if (!/^\d+$/.test(values.certificates)) throw new UsageError('--certificates 必须是非负整数');
          certificates = Number(values.certificates);
        }
        const r = quote({ kind, use, certificates, specialCase: values.case, rules: tableFor(values.rules, values.date) });
        if (!r.ok) throw new UsageError(quoteErrorText(r.error));
        const { rules, items, totalFen } = r.value;
        io.out(JSON.stringify({ rules, items: items.map((i) => ({ name: i.name, amountFen: i.amountFen })), totalFen }));
        return Promise.resolve(0);
      }
      case 'cases': {
        const table = tableFor(values.rules, values.date);
        io.out(`${table.title}（${table.id}@${table.version}，自 ${table.effectiveFrom} 起）`);
        for (const c of table.specialCases) {
          const kinds = c.kinds ? `，限${c.kinds.map((k) => BUSINESS_KINDS[k].name).join('、')}` : '';
          io.out(`  ${c.key.padEnd(26)} ${c.name}（${FEE_TREATMENT_TEXT[c.treatment]}${kinds}）`);
        }
        return Promise.resolve(0);
      }
      case 'types':
        for (const k of BUSINESS_KIND_KEYS) {
          const info = BUSINESS_KINDS[k];
          io.out(`  ${info.code}  ${k.padEnd(18)} ${info.name}（2008：${info.name2008}）`);
        }
        return Promise.resolve(0);
      default:
        throw new UsageError(`未知的 fees 命令: ${sub}（可用: quote, cases, types）`);
    }
  },
};
