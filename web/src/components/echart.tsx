import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type CSSProperties } from 'react';

// Only what the charts use is registered: the full build would add ~600 kB to the bundle.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

export type EChartOption = echarts.ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | MarkLineComponentOption
>;

interface EChartProps {
  option: EChartOption;
  /** Height of the chart; the width follows the container. */
  height: number;
  className?: string;
  style?: CSSProperties;
  /** The chart's meaning for screen readers (a canvas says nothing by itself). */
  ariaLabel: string;
  testId?: string;
}

/**
 * An ECharts chart that follows its container's width, takes a new option as a whole (no merge
 * with the previous one, so that a removed series disappears), and is disposed with the component.
 */
export function EChart({ option, height, className, style, ariaLabel, testId }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={container} className={className} style={{ ...style, height, width: '100%' }} role="img" aria-label={ariaLabel} data-testid={testId} />;
}
