import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ChartRow } from '../dashboard-charts.ts';
import { crc32 } from '../zip/crc32.ts';
import { drawBar, drawText, encodePng, Raster, textWidth, TRACK_COLOR } from './chart-png.ts';

/** Decode our own PNGs (8-bit RGB, filter 0) back to a raster, checking every chunk's CRC. */
function decodePng(png: Uint8Array): Raster {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    types.push(type);
    const data = png.subarray(at + 8, at + 8 + len);
    expect(view.getUint32(at + 8 + len), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + len)) >>> 0);
    if (type === 'IHDR') {
      const h = new DataView(data.buffer, data.byteOffset, data.byteLength);
      width = h.getUint32(0);
      height = h.getUint32(4);
      expect([...data.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  const raw = unzlibSync(idat[0] as Uint8Array);
  expect(raw.length).toBe((width * 3 + 1) * height);
  const r = new Raster(width, height, '#000000');
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 3 + 1)]).toBe(0);
    r.pixels.set(raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1)), y * width * 3);
  }
  return r;
}

const row = (values: number[]): ChartRow => ({
  key: 'air',
  label: '大气',
  segments: [
    { key: 'done', label: '已完成', value: values[0] ?? 0, color: '#2e7d32' },
    { key: 'late', label: '滞后', value: values[1] ?? 0, color: '#c62828' },
    { key: 'notStarted', label: '未启动', value: values[2] ?? 0, color: '#9aa5b1' },
  ],
});

/** The share of a scanline each colour covers. */
function shares(r: Raster, y: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let x = 0; x < r.width; x++) out.set(r.at(x, y), (out.get(r.at(x, y)) ?? 0) + 1);
  return out;
}

describe('chart bars as PNG', () => {
  it.each([
    [[5, 23, 670], 1200],
    [[1, 1, 1], 300],
    [[0, 0, 9], 600],
    [[54, 0, 0], 450],
  ])(
    'segments %j are in proportion along a %i px bar, and the PNG decodes to the same pixels',
    (values, width) => {
      const raster = drawBar(row(values), width, 60);
      const decoded = decodePng(encodePng(raster));
      expect(decoded.width).toBe(width);
      expect(decoded.height).toBe(60);
      expect(Buffer.compare(decoded.pixels, raster.pixels)).toBe(0);
      // The top scanline has no figures on it: only the segment colours, each in proportion.
      const top = shares(decoded, 0);
      const total = values.reduce((a, b) => a + b, 0);
      ['#2e7d32', '#c62828', '#9aa5b1'].forEach((color, i) => {
        const px = top.get(color) ?? 0;
        expect(Math.abs(px - ((values[i] as number) / total) * width), color).toBeLessThanOrEqual(1);
      });
    },
  );

  it('an empty row is only the track', () => {
    const r = drawBar(row([0, 0, 0]), 100, 20);
    expect([...shares(r, 10).keys()]).toEqual([TRACK_COLOR]);
  });

  it('a segment wide enough carries its figure (white on dark, dark on light); a narrow one does not', () => {
    const r = drawBar(row([500, 3, 500]), 1003, 60);
    const middle = shares(r, 30);
    expect(middle.get('#ffffff')).toBeGreaterThan(0); // "500" on the green
    expect(middle.get('#1c232d')).toBeGreaterThan(0); // "500" on the light grey
    // the 3 px red segment has no room for "3": it stays plain red on every scanline
    for (let y = 0; y < 60; y++) for (let x = 501; x < 503; x++) expect(r.at(x, y)).toBe('#c62828');
  });

  it('draws the digits of the 5 × 7 font at the scale asked', () => {
    const r = new Raster(textWidth('10', 2), 14, '#ffffff');
    drawText(r, '10', 0, 0, 2, '#000000');
    // "1": its stem is the glyph's middle column, two pixels wide at scale 2, top to bottom.
    for (let y = 2; y < 14; y++) expect(r.at(4, y)).toBe('#000000');
    expect(r.at(0, 13)).toBe('#ffffff');
    expect(() => drawText(r, 'x', 0, 0, 1, '#000000')).toThrow(/no glyph/);
  });
});
