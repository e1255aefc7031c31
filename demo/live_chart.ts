// The demo's live chart: the meter's rates (per second) and levels over the last 30 seconds, one
// line per series, drawn on a 2D canvas four times a second.
import { meter } from './meter';

const PERIOD_MS = 250;
const SAMPLES = 120;
const COLOURS = ['#2f80ed', '#eb5757', '#27ae60', '#f2994a', '#9b51e0', '#56ccf2'];

export class LiveChart {
  readonly #canvas: HTMLCanvasElement;
  readonly #series = new Map<string, number[]>();
  #last = performance.now();

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas;
    setInterval(() => this.#sample(), PERIOD_MS);
  }

  /** The latest value of each series (the page's tests read it). */
  latest(): Record<string, number> {
    return Object.fromEntries([...this.#series].map(([name, values]) => [name, values[values.length - 1] ?? 0]));
  }

  #sample(): void {
    const now = performance.now();
    const seconds = (now - this.#last) / 1000;
    this.#last = now;
    const { counts, levels } = meter.take();
    const values = new Map<string, number>();
    for (const [name, n] of counts) values.set(name, n / seconds);
    for (const [name, level] of levels) values.set(name, level);
    // A series seen once stays on the chart (at 0 while nothing reports it).
    for (const name of new Set([...this.#series.keys(), ...values.keys()])) {
      const line = this.#series.get(name) ?? new Array<number>(SAMPLES).fill(0);
      line.push(values.get(name) ?? 0);
      if (line.length > SAMPLES) line.shift();
      this.#series.set(name, line);
    }
    this.#draw();
  }

  #draw(): void {
    const canvas = this.#canvas;
    const g = canvas.getContext('2d')!;
    const { width, height } = canvas;
    g.font = '11px system-ui, sans-serif';
    // The legend: one entry per series, wrapped into rows under the plot.
    const labels = [...this.#series].map(([name, line]) => `${name} ${+(line[line.length - 1] ?? 0).toFixed(1)}`);
    const rows: number[] = [];
    let x = 4;
    for (const label of labels) {
      const w = g.measureText(label).width + 14;
      if (x + w > width && x > 4) x = 4;
      rows.push(x === 4 ? (rows.length ? rows[rows.length - 1]! + 1 : 0) : rows[rows.length - 1]!);
      x += w;
    }
    const legendRows = rows.length ? rows[rows.length - 1]! + 1 : 0;
    const top = 8;
    const bottom = height - 6 - legendRows * 14;
    g.clearRect(0, 0, width, height);
    const max = Math.max(1, ...[...this.#series.values()].flat());
    const scale = niceCeiling(max);
    g.strokeStyle = '#ddd';
    g.fillStyle = '#888';
    for (const f of [0, 0.5, 1]) {
      const y = bottom - f * (bottom - top);
      g.beginPath();
      g.moveTo(0, y);
      g.lineTo(width, y);
      g.stroke();
      g.fillText(String(+(scale * f).toFixed(1)), 2, y - 2);
    }
    x = 4;
    [...this.#series.values()].forEach((line, i) => {
      g.strokeStyle = g.fillStyle = COLOURS[i % COLOURS.length]!;
      g.lineWidth = 2;
      g.beginPath();
      line.forEach((v, k) => {
        const px = (k / (SAMPLES - 1)) * width;
        const py = bottom - (v / scale) * (bottom - top);
        if (k === 0) g.moveTo(px, py);
        else g.lineTo(px, py);
      });
      g.stroke();
      g.lineWidth = 1;
      if (i > 0 && rows[i] !== rows[i - 1]) x = 4;
      g.fillText(labels[i]!, x, bottom + 16 + rows[i]! * 14);
      x += g.measureText(labels[i]!).width + 14;
    });
  }
}

/** 1, 2 or 5 times a power of ten, at least `v`. */
function niceCeiling(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * power).find((c) => c >= v)!;
}
