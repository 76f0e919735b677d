import type { LeadIntakeStats } from '@/api/insights';

/** ECharts option for "leads per channel" (pure, so it is unit-tested without a canvas). */
export function channelChartOption(stats: LeadIntakeStats, label: (channel: string) => string, seriesName: string) {
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    // Horizontal bars: eight channel names stay readable on a 375 px phone.
    xAxis: { type: 'value' as const, minInterval: 1 },
    yAxis: { type: 'category' as const, inverse: true, data: stats.channels.map((c) => label(c.channel)) },
    series: [
      {
        name: seriesName,
        type: 'bar' as const,
        data: stats.channels.map((c) => c.count),
        label: { show: true, position: 'right' as const },
        barMaxWidth: 24,
      },
    ],
  };
}
