import { type SendSchedule } from '#domain/province/send-schedule.ts';

/** How the office reaches the province platform (`npm run office -- --province-url …`). */
export type ProvinceOptions = {
  /** The platform's receiving address: each 接入 message is POSTed there as XML. */
  url: string;
  /** How long one delivery may take before it counts as failed (default 15 s). */
  timeoutMs?: number;
  /** 登记机构代码 the messages name (default the city's 行政区划代码 230800). */
  regOrgId?: string;
  /** Back-off of failed deliveries (default domain/province/send-schedule.ts). */
  schedule?: SendSchedule;
  /** How often the queue is looked at (default 5 s). */
  intervalMs?: number;
};
