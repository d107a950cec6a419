import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isCountyCode } from '#domain/city/counties.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { type CountyLink } from './county-puller.ts';

const CountyLinks = z.array(
  z.object({
    code: z.string().refine(isCountyCode, '不是佳木斯市所辖县（市）的区划代码'),
    url: z.url({ protocol: /^https?$/ }),
    token: z.string().min(16),
    /** The county's database for logical replication, as the city's replication role connects to it. */
    replication: z.object({ url: z.string().regex(/^postgres(ql)?:\/\//, '应为 postgres:// 开头的数据库地址') }).optional(),
  }),
).min(1);

/** The city's list of county links (`--counties`), checked before the office starts. */
export function readCountyLinks(file: string): Result<CountyLink[], string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return err(`--counties ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = CountyLinks.safeParse(json);
  if (!parsed.success) return err(`--counties ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return ok(parsed.data.map(({ replication, ...l }) => ({ ...l, url: l.url.replace(/\/+$/, ''), ...(replication ? { replication } : {}) })));
}
