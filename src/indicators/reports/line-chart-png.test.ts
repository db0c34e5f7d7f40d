import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngSignature, renderLineChartPng } from './line-chart-png.ts';

/** Width, height and RGB rows of an 8-bit RGB PNG with filter type 0, as the renderer writes it. */
function decode(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => [number, number, number] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixel = (x: number, y: number): [number, number, number] => {
    const at = y * (width * 3 + 1) + 1 + x * 3;
    return [raw[at]!, raw[at + 1]!, raw[at + 2]!];
  };
  return { width, height, pixel };
}

function countPixels(png: Buffer, test: (rgb: [number, number, number]) => boolean): number {
  const { width, height, pixel } = decode(png);
  let count = 0;
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) if (test(pixel(x, y))) count += 1;
  return count;
}

const series = [
  { x: 2020, y: 289 },
  { x: 2021, y: 351 },
  { x: 2023, y: 595 },
];
const isSeriesBlue = ([r, g, b]: [number, number, number]) => r === 31 && g === 78 && b === 156;
const isTargetRed = ([r, g, b]: [number, number, number]) => r === 192 && g === 57 && b === 43;

describe('renderLineChartPng', () => {
  it('writes a valid PNG of the logical size times the scale', () => {
    const png = renderLineChartPng({ points: series, width: 640, height: 300, scale: 2 });
    expect(png.subarray(0, 8).equals(pngSignature)).toBe(true);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(decode(png)).toMatchObject({ width: 1280, height: 600 });
    expect(png.toString('ascii', png.length - 8, png.length - 4)).toBe('IEND');
  });

  it('draws the series in blue and the target as a red horizontal line', () => {
    const png = renderLineChartPng({ points: series, target: 500, xRange: [2020, 2025], scale: 1 });
    expect(countPixels(png, isSeriesBlue)).toBeGreaterThan(100);
    const { width, height, pixel } = decode(png);
    const redRows = new Set<number>();
    for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) if (isTargetRed(pixel(x, y))) redRows.add(y);
    // A 2 px line: two or three rows at most, across the plot.
    expect(redRows.size).toBeGreaterThan(0);
    expect(Math.max(...redRows) - Math.min(...redRows)).toBeLessThanOrEqual(3);
  });

  it('draws no target line without a target', () => {
    expect(countPixels(renderLineChartPng({ points: series, scale: 1 }), isTargetRed)).toBe(0);
  });

  it('renders a single point and an empty series without failing', () => {
    expect(renderLineChartPng({ points: [{ x: 2023, y: 700, hollow: true }], target: 700, scale: 1 }).subarray(0, 8).equals(pngSignature)).toBe(true);
    expect(renderLineChartPng({ points: [], scale: 1 }).subarray(0, 8).equals(pngSignature)).toBe(true);
  });
});
