// The dashboard's stacked bars as PNG images, for the official documents — drawn here, pixel by
// pixel, so the CLI (Node, no canvas, no native modules) and the app (browser) make the same bytes.
// A bar is coloured segments on a light track, each wide enough segment carrying its figure in a
// small built-in digit font; the words (row label, legend, title) are set as document text beside
// the image, in the document's own fonts, because a PNG cannot borrow fonts and this module has none.
// The PNG is 8-bit RGB, one IDAT, compressed with fflate's zlib; the checksum is the zip code's CRC-32.

import { zlibSync } from 'fflate';
import { LIGHT_SEGMENT_COLORS, type ChartRow } from '../dashboard-charts.ts';
import { crc32 } from '../zip/crc32.ts';

/** An RGB raster. */
export class Raster {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: string,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }

  fill(x0: number, y0: number, w: number, h: number, color: string): void {
    const [r, g, b] = rgb(color);
    const x1 = Math.min(this.width, Math.round(x0 + w));
    const y1 = Math.min(this.height, Math.round(y0 + h));
    for (let y = Math.max(0, Math.round(y0)); y < y1; y++)
      for (let x = Math.max(0, Math.round(x0)); x < x1; x++) {
        const i = (y * this.width + x) * 3;
        this.pixels[i] = r;
        this.pixels[i + 1] = g;
        this.pixels[i + 2] = b;
      }
  }

  /** The colour at (x, y) as #rrggbb. */
  at(x: number, y: number): string {
    const i = (y * this.width + x) * 3;
    return `#${[0, 1, 2].map((k) => (this.pixels[i + k] as number).toString(16).padStart(2, '0')).join('')}`;
  }
}

function rgb(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new Error(`not a #rrggbb colour: ${color}`);
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}

/** A 5 × 7 pixel font for the figures on the bars: digits, the decimal point and the percent sign. */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
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
  '%': ['11000', '11001', '00010', '00100', '01000', '10011', '00011'],
};

/** Width in pixels of `text` drawn at `scale` (one blank column between glyphs). */
export function textWidth(text: string, scale: number): number {
  return text.length ? (text.length * 6 - 1) * scale : 0;
}

/** Draw `text` (digits, '.', '%') with its top-left corner at (x, y). */
export function drawText(r: Raster, text: string, x: number, y: number, scale: number, color: string): void {
  let cx = x;
  for (const ch of text) {
    const glyph = GLYPHS[ch];
    if (!glyph) throw new Error(`no glyph for ${JSON.stringify(ch)}`);
    glyph.forEach((row, gy) => {
      for (let gx = 0; gx < 5; gx++)
        if (row[gx] === '1') r.fill(cx + gx * scale, y + gy * scale, scale, scale, color);
    });
    cx += 6 * scale;
  }
}

export const TRACK_COLOR = '#f3f5f8';
const DARK = '#1c232d';
const WHITE = '#ffffff';

/**
 * One bar of a stacked chart: segments in proportion to the row's total (as the dashboard's SVG), each
 * carrying its figure when the figure fits with a margin. Segment edges are rounded to whole pixels
 * so the segments tile the bar exactly.
 */
export function drawBar(row: ChartRow, width: number, height: number): Raster {
  const r = new Raster(width, height, TRACK_COLOR);
  const total = row.segments.reduce((n, s) => n + s.value, 0);
  if (!total) return r;
  const scale = Math.max(1, Math.floor((height * 0.5) / 7));
  let acc = 0;
  for (const s of row.segments) {
    const x0 = Math.round((acc / total) * width);
    acc += s.value;
    const x1 = Math.round((acc / total) * width);
    if (!s.value) continue;
    r.fill(x0, 0, x1 - x0, height, s.color);
    const label = String(s.value);
    const w = textWidth(label, scale);
    if (w + 4 * scale <= x1 - x0)
      drawText(
        r,
        label,
        Math.round((x0 + x1 - w) / 2),
        Math.round((height - 7 * scale) / 2),
        scale,
        LIGHT_SEGMENT_COLORS.has(s.color) ? DARK : WHITE,
      );
  }
  return r;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Encode a raster as PNG: 8-bit RGB, no interlace, filter 0 on every scanline. */
export function encodePng(r: Raster): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, r.width);
  hv.setUint32(4, r.height);
  header.set([8, 2, 0, 0, 0], 8);
  const stride = r.width * 3;
  const raw = new Uint8Array((stride + 1) * r.height);
  for (let y = 0; y < r.height; y++)
    raw.set(r.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const parts = [
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
