import { crc32, deflateSync } from 'node:zlib';
import { exact } from '../exact-number.ts';

export interface LineChartPoint {
  /** The year (or any evenly spaced position) on the x axis. */
  x: number;
  y: number;
  /** Drawn as an open circle: the value is a bound ("突破700家"), not an exact figure. */
  hollow?: boolean;
}

export interface LineChartOptions {
  points: readonly LineChartPoint[];
  /** A horizontal dashed line: the target. */
  target?: number | null;
  /** A dashed continuation from the last point: the forecast at the target year. */
  forecast?: { x: number; y: number } | null;
  /** The x range to show, widened to the points; e.g. the baseline year to the target year. */
  xRange?: readonly [number, number];
  /** Logical size; the image is `scale` times larger so that it stays sharp when printed. */
  width?: number;
  height?: number;
  scale?: number;
}

type Rgb = readonly [number, number, number];

const colors = {
  background: [255, 255, 255],
  grid: [226, 229, 234],
  axis: [90, 96, 105],
  label: [70, 76, 85],
  series: [31, 78, 156],
  target: [192, 57, 43],
  forecast: [127, 140, 141],
} as const satisfies Record<string, Rgb>;

/**
 * Renders a line chart as a PNG, in pure Node: a report must be producible on a server with no
 * browser and no native canvas. Axes carry numbers only (a 5×7 bitmap font of digits); the
 * indicator name and unit go in the document's caption, where the document's own font sets them.
 */
export function renderLineChartPng(options: LineChartOptions): Buffer {
  const scale = options.scale ?? 2;
  const canvas = new Canvas(Math.round((options.width ?? 640) * scale), Math.round((options.height ?? 300) * scale));
  const points = [...options.points].sort((a, b) => a.x - b.x);
  const target = options.target ?? null;
  const forecast = options.forecast && points.length > 0 ? options.forecast : null;

  const xs = [...points.map((point) => point.x), ...(forecast ? [forecast.x] : []), ...(options.xRange ?? [])];
  const ys = [...points.map((point) => point.y), ...(target !== null ? [target] : []), ...(forecast ? [forecast.y] : [])].filter(Number.isFinite);
  const xMin = xs.length > 0 ? Math.min(...xs) : 0;
  const xMax = xs.length > 0 ? Math.max(...xs) : 1;
  const yAxis = niceAxis(ys);

  const glyph = Math.max(1, Math.round(1.5 * scale));
  const tickLabels = yAxis.ticks.map((tick) => formatTick(tick, yAxis.step));
  const plot = {
    left: Math.round(12 * scale) + Math.max(...tickLabels.map((label) => textWidth(label, glyph))),
    right: canvas.width - Math.round(20 * scale),
    top: Math.round(14 * scale),
    bottom: canvas.height - Math.round(12 * scale) - 7 * glyph - Math.round(6 * scale),
  };
  // Half a year of padding at either end, so that the first and last points are not on the frame.
  const xSpan = xMax - xMin;
  const xPad = 0.5;
  const toX = (x: number) => plot.left + ((x - xMin + xPad) / (xSpan + 2 * xPad)) * (plot.right - plot.left);
  const toY = (y: number) => plot.bottom - ((y - yAxis.min) / (yAxis.max - yAxis.min)) * (plot.bottom - plot.top);

  canvas.fillRect(0, 0, canvas.width, canvas.height, colors.background);
  yAxis.ticks.forEach((tick, index) => {
    const y = Math.round(toY(tick));
    if (index > 0) canvas.fillRect(plot.left, y, plot.right - plot.left, Math.max(1, Math.round(scale / 2)), colors.grid);
    const label = tickLabels[index] ?? '';
    canvas.text(label, plot.left - Math.round(6 * scale) - textWidth(label, glyph), y - Math.floor((7 * glyph) / 2), glyph, colors.label);
  });
  const axisWidth = Math.max(1, Math.round(scale));
  canvas.fillRect(plot.left, plot.top, axisWidth, plot.bottom - plot.top + axisWidth, colors.axis);
  canvas.fillRect(plot.left, plot.bottom, plot.right - plot.left, axisWidth, colors.axis);
  const years = xTicks(xMin, xMax, Math.floor((plot.right - plot.left) / (textWidth('0000', glyph) + 8 * scale)));
  for (const year of years) {
    const x = Math.round(toX(year));
    canvas.fillRect(x, plot.bottom, axisWidth, Math.round(4 * scale), colors.axis);
    const label = formatTick(year, 1);
    canvas.text(label, x - Math.floor(textWidth(label, glyph) / 2), plot.bottom + Math.round(8 * scale), glyph, colors.label);
  }

  if (target !== null && Number.isFinite(target)) {
    canvas.dashedLine(plot.left, toY(target), plot.right, toY(target), 2 * scale, 10 * scale, 6 * scale, colors.target);
  }
  const last = points.at(-1);
  if (forecast && last) canvas.dashedLine(toX(last.x), toY(last.y), toX(forecast.x), toY(forecast.y), 2 * scale, 4 * scale, 4 * scale, colors.forecast);
  for (let index = 1; index < points.length; index += 1) {
    const from = points[index - 1]!;
    const to = points[index]!;
    canvas.line(toX(from.x), toY(from.y), toX(to.x), toY(to.y), 2.5 * scale, colors.series);
  }
  for (const point of points) {
    if (point.hollow) {
      canvas.disc(toX(point.x), toY(point.y), 4.5 * scale, colors.background);
      canvas.ring(toX(point.x), toY(point.y), 4.5 * scale, 2 * scale, colors.series);
    } else {
      canvas.disc(toX(point.x), toY(point.y), 4.5 * scale, colors.series);
    }
  }
  if (forecast) canvas.ring(toX(forecast.x), toY(forecast.y), 4 * scale, 2 * scale, colors.forecast);
  return canvas.toPng();
}

/** Round tick values (1, 2 or 5 × 10ⁿ) covering the values, from 0 when every value is positive. */
function niceAxis(values: readonly number[]): { min: number; max: number; step: number; ticks: number[] } {
  let low = values.length > 0 ? Math.min(...values) : 0;
  let high = values.length > 0 ? Math.max(...values) : 1;
  // A zero baseline keeps proportions honest: a rise from 289 to 595 looks like the doubling it is.
  if (low >= 0) low = 0;
  if (high <= 0 && low < 0) high = 0;
  if (high === low) high = low + 1;
  const rough = (high - low) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
  const min = Math.floor(low / step) * step;
  const max = Math.ceil((high * 1.05) / step) * step;
  // Counted as decimals, so that a step of 0.1 gives 0.3, not 0.30000000000000004.
  const ticks: number[] = [];
  const count = Math.round((max - min) / step);
  for (let index = 0; index <= count; index += 1) ticks.push(exact(min).plus(exact(step).times(index)).toNumber());
  return { min, max: Math.max(max, min + step), step, ticks };
}

function xTicks(min: number, max: number, room: number): number[] {
  const every = Math.max(1, Math.ceil((max - min + 1) / Math.max(room, 1)));
  const ticks: number[] = [];
  for (let x = Math.ceil(min); x <= max; x += every) ticks.push(x);
  return ticks;
}

function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(4, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(Number.isInteger(step) ? 0 : decimals);
}

/** A 5×7 bitmap font of the characters tick labels use. */
const font: Record<string, readonly string[]> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  '.': ['00000', '00000', '00000', '00000', '00000', '01100', '01100'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
};

function textWidth(text: string, glyph: number): number {
  return text.length > 0 ? text.length * 6 * glyph - glyph : 0;
}

class Canvas {
  private readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
  }

  private blend(x: number, y: number, color: Rgb, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const offset = (y * this.width + x) * 3;
    const a = Math.min(alpha, 1);
    for (let channel = 0; channel < 3; channel += 1) {
      const current = this.pixels[offset + channel]!;
      this.pixels[offset + channel] = Math.round(current + (color[channel]! - current) * a);
    }
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row += 1) {
      for (let column = Math.max(0, x); column < Math.min(this.width, x + width); column += 1) this.blend(column, row, color, 1);
    }
  }

  /** A segment of the given width, anti-aliased by each pixel's distance to it. */
  line(x1: number, y1: number, x2: number, y2: number, width: number, color: Rgb): void {
    const half = width / 2;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const lengthSquared = dx * dx + dy * dy;
    for (let y = Math.floor(Math.min(y1, y2) - half - 1); y <= Math.ceil(Math.max(y1, y2) + half + 1); y += 1) {
      for (let x = Math.floor(Math.min(x1, x2) - half - 1); x <= Math.ceil(Math.max(x1, x2) + half + 1); x += 1) {
        const px = x + 0.5;
        const py = y + 0.5;
        const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / lengthSquared));
        const distance = Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
        this.blend(x, y, color, half + 0.5 - distance);
      }
    }
  }

  dashedLine(x1: number, y1: number, x2: number, y2: number, width: number, dash: number, gap: number, color: Rgb): void {
    const length = Math.hypot(x2 - x1, y2 - y1);
    if (length === 0) return;
    for (let start = 0; start < length; start += dash + gap) {
      const end = Math.min(start + dash, length);
      this.line(x1 + ((x2 - x1) * start) / length, y1 + ((y2 - y1) * start) / length, x1 + ((x2 - x1) * end) / length, y1 + ((y2 - y1) * end) / length, width, color);
    }
  }

  disc(cx: number, cy: number, radius: number, color: Rgb): void {
    for (let y = Math.floor(cy - radius - 1); y <= Math.ceil(cy + radius + 1); y += 1) {
      for (let x = Math.floor(cx - radius - 1); x <= Math.ceil(cx + radius + 1); x += 1) this.blend(x, y, color, radius + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy));
    }
  }

  ring(cx: number, cy: number, radius: number, width: number, color: Rgb): void {
    for (let y = Math.floor(cy - radius - width); y <= Math.ceil(cy + radius + width); y += 1) {
      for (let x = Math.floor(cx - radius - width); x <= Math.ceil(cx + radius + width); x += 1) {
        this.blend(x, y, color, width / 2 + 0.5 - Math.abs(Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - radius));
      }
    }
  }

  text(text: string, x: number, y: number, glyph: number, color: Rgb): void {
    [...text].forEach((character, index) => {
      const rows = font[character];
      if (!rows) return;
      rows.forEach((bits, row) => {
        for (let column = 0; column < bits.length; column += 1) {
          if (bits[column] === '1') this.fillRect(x + (index * 6 + column) * glyph, y + row * glyph, glyph, glyph, color);
        }
      });
    });
  }

  /** PNG (ISO/IEC 15948): 8-bit RGB, no interlace, filter type 0 on every scanline. */
  toPng(): Buffer {
    const stride = this.width * 3;
    const raw = Buffer.alloc((stride + 1) * this.height);
    for (let row = 0; row < this.height; row += 1) {
      raw[row * (stride + 1)] = 0;
      raw.set(this.pixels.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 2, 0, 0, 0], 8);
    return Buffer.concat([pngSignature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
  }
}

export const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, tail]);
}
