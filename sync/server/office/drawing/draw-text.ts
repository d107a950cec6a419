/** The drawing threads' messages (draw-pool.ts): shown on a page whose charts could not be drawn, and logged. */
export const D = {
  failed: (why: string) => `图表或报表绘制失败：${why}`,
  crashed: (why: string) => `绘制线程意外退出（${why}），已另起线程，请重试`,
  closed: '服务器正在关闭，未能绘制',
} as const;
