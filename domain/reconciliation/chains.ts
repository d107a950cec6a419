import { assertNever } from '#domain/assert.ts';
import { discrepancy, type Discrepancy } from './discrepancy.ts';

/** The verdict on one device's event chain, as the office computed it when the events arrived. */
export type DeviceChain = { deviceId: string; state: 'ok' | 'gap' | 'broken'; detail: string | null };

export function reconcileChains(chains: readonly DeviceChain[]): { intact: number; findings: Discrepancy[] } {
  const findings: Discrepancy[] = [];
  let intact = 0;
  for (const c of chains) {
    switch (c.state) {
      case 'ok':
        intact += 1;
        break;
      case 'gap':
        findings.push(discrepancy('chain-gap', c.deviceId, c.detail ?? '事件序号不连续。'));
        break;
      case 'broken':
        findings.push(discrepancy('chain-broken', c.deviceId, c.detail ?? '哈希链校验失败。'));
        break;
      default:
        assertNever(c.state);
    }
  }
  return { intact, findings };
}
