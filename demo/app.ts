// The demo page: a switch between this package and the browser's own WebCodecs, then four parts
// (player, transcoder, recorder, images) that use whichever the page installed through the
// globals, as an application would. The build panel and the live chart show what runs.
import { ALL_FORMATS, BlobSource, Input, UrlSource } from 'mediabunny';
import { install } from '/dist/webcodecs-wasm.js';
import { buildPanelRows } from './build_panel';
import type { Installed } from './build_panel';
import { LiveChart } from './live_chart';
import { Player } from './player';
import type { PlayerState } from './player';
import { record, RecordingSourceName } from './recorder';
import { transcode, TARGETS } from './transcoder';
import type { Transcoding } from './transcoder';
import { imageType, openImage } from './image_viewer';
import type { ImageView } from './image_viewer';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// `?impl=native` keeps the browser's interfaces and fills only the missing ones; the default
// replaces them all, so the page runs on this package even where the browser has WebCodecs.
const mode: Installed['mode'] = new URLSearchParams(location.search).get('impl') === 'native' ? 'native' : 'polyfill';
const installed: Installed = { mode, polyfilled: install({ force: mode === 'polyfill' }).installed };
$<HTMLSelectElement>('implementation').value = mode;
$<HTMLSelectElement>('implementation').addEventListener('change', (e) => {
  const url = new URL(location.href);
  url.searchParams.set('impl', (e.target as HTMLSelectElement).value);
  location.href = url.href;
});

function show(values: Record<string, string | number>, into: HTMLElement): void {
  into.replaceChildren(
    ...Object.entries(values).flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = k;
      dd.textContent = String(v);
      return [dt, dd];
    }),
  );
}

function report(element: HTMLElement, text: string | (Node | string)[], error = false): void {
  element.className = error ? 'error' : '';
  if (typeof text === 'string') element.textContent = text;
  else element.replaceChildren(...text);
}

/** The samples `make demo` makes (demo/serve.mjs); the transcoder's list leaves out audio only. */
const SAMPLES: [file: string, label: string][] = [
  ['h264-aac.mp4', 'H.264 + AAC (MP4)'],
  ['vp9-opus.webm', 'VP9 + Opus (WebM)'],
  ['av1-flac.mkv', 'AV1 + FLAC (Matroska)'],
  ['vorbis.ogg', 'Vorbis (Ogg, audio only)'],
];
for (const [id, samples] of [['sample', SAMPLES], ['transcode-sample', SAMPLES.slice(0, 3)]] as const) {
  $(id).replaceChildren(...samples.map(([file, label]) => new Option(label, `/build/demo/media/${file}`)));
}

const sourceOf = (fileInput: string, sample: string) => {
  const file = $<HTMLInputElement>(fileInput).files?.[0];
  return file ? new BlobSource(file) : new UrlSource($<HTMLSelectElement>(sample).value);
};

// The build panel and the chart.
const chart = new LiveChart($<HTMLCanvasElement>('chart'));
(globalThis as { demoChart?: LiveChart }).demoChart = chart;
const refreshPanel = () => buildPanelRows(installed).then((rows) => show(rows, $('build')));
void refreshPanel();
setInterval(() => void refreshPanel(), 1000);

// Player.
const status = $('status');
const seekBar = $<HTMLInputElement>('seek');
let seeking = false;
const player = new Player($<HTMLCanvasElement>('screen'), (s: PlayerState) => {
  $('play').textContent = s.playing ? '❚❚ Pause' : '▶ Play';
  if (!seeking) seekBar.value = String(s.position);
  seekBar.max = String(s.duration || 1);
  $('time').textContent = `${s.position.toFixed(2)} / ${s.duration.toFixed(2)} s`;
  show(
    {
      video: s.videoCodec ?? 'none',
      audio: s.audioCodec ?? 'none',
      size: s.size,
      'frame shown': s.frameTimestamp === null ? '–' : `${(s.frameTimestamp / 1e6).toFixed(3)} s`,
      'frames decoded': s.framesDecoded,
      'frames shown': s.framesShown,
      'frames dropped': s.framesDropped,
      'first frame': s.firstFrameMs === null ? '–' : `${s.firstFrameMs} ms after configure()`,
    },
    $('stats'),
  );
  if (s.error) report(status, s.error, true);
  else if (s.ended) report(status, `Done: ${s.framesDecoded} frames decoded, ${s.framesShown} shown.`);
  else if (s.playing) report(status, 'Playing.');
  else report(status, 'Paused.');
});
const playerButtons = ['play', 'step', 'step-back', 'seek'].map((id) => $<HTMLButtonElement>(id));
$('open').addEventListener('click', () => {
  report(status, 'Opening…');
  playerButtons.forEach((b) => (b.disabled = true));
  player
    .open(new Input({ source: sourceOf('file', 'sample'), formats: ALL_FORMATS }))
    .then(() => playerButtons.forEach((b) => (b.disabled = false)))
    .catch((e: unknown) => report(status, String(e), true));
});
$('play').addEventListener('click', () => (player.state.playing ? player.pause() : player.play()));
$('step').addEventListener('click', () => void player.stepForward());
$('step-back').addEventListener('click', () => void player.stepBack());
seekBar.addEventListener('input', () => (seeking = true));
seekBar.addEventListener('change', () => {
  seeking = false;
  void player.seek(Number(seekBar.value));
});

// Transcoder.
const transcodeStatus = $('transcode-status');
let transcoding: Transcoding | undefined;
$('transcode').addEventListener('click', () => {
  const target = $<HTMLSelectElement>('transcode-target').value;
  const progress = $<HTMLProgressElement>('transcode-progress');
  const t0 = performance.now();
  report(transcodeStatus, 'Converting…');
  $<HTMLButtonElement>('transcode').disabled = true;
  $<HTMLButtonElement>('transcode-cancel').disabled = false;
  transcode(sourceOf('transcode-file', 'transcode-sample'), target, (fraction) => (progress.value = fraction))
    .then((job) => {
      transcoding = job;
      return job.done;
    })
    .then((file) => {
      const url = URL.createObjectURL(file);
      $<HTMLVideoElement>('transcoded').src = url;
      const link = document.createElement('a');
      link.href = url;
      link.download = `converted.${TARGETS[target]!.extension}`;
      link.textContent = `Download ${link.download} (${(file.size / 1024).toFixed(0)} KiB)`;
      report(transcodeStatus, [`Converted in ${((performance.now() - t0) / 1000).toFixed(1)} s. `, link]);
    })
    .catch((e: unknown) => report(transcodeStatus, `Conversion failed: ${String(e)}`, true))
    .finally(() => {
      transcoding = undefined;
      $<HTMLButtonElement>('transcode').disabled = false;
      $<HTMLButtonElement>('transcode-cancel').disabled = true;
    });
});
$('transcode-cancel').addEventListener('click', () => transcoding?.cancel());

// Recorder. The camera and microphone are offered where the browser has getUserMedia().
if (!navigator.mediaDevices?.getUserMedia) $<HTMLOptionElement>('record-source-camera').disabled = true;
$('record').addEventListener('click', () => {
  const recordStatus = $('record-status');
  report(recordStatus, 'Recording…');
  const t0 = performance.now();
  const format = $<HTMLSelectElement>('record-format').value;
  const source = $<HTMLSelectElement>('record-source').value as RecordingSourceName;
  record(format, source, 3, (s) => show(s as unknown as Record<string, number>, $('record-stats'))).then(
    (file) => {
      const video = $<HTMLVideoElement>('recording');
      video.src = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = video.src;
      link.download = `recording.${file.type === 'video/mp4' ? 'mp4' : 'webm'}`;
      link.textContent = `Download ${link.download} (${(file.size / 1024).toFixed(0)} KiB)`;
      report(recordStatus, [`Recorded in ${((performance.now() - t0) / 1000).toFixed(1)} s. `, link]);
    },
    (e: unknown) => report(recordStatus, `Recording failed: ${String(e)}`, true),
  );
});

// Images: step through the frames of an animated GIF/APNG/WebP/AVIF with ImageDecoder.
let image: ImageView | undefined;
let imageFrame = 0;
const imageStatus = $('image-status');
async function showImageFrame(step: number): Promise<void> {
  if (!image) return;
  imageFrame = (imageFrame + step + image.frameCount) % image.frameCount;
  report(imageStatus, await image.show(imageFrame));
}
const reportImageError = (e: unknown) => report(imageStatus, String(e), true);
$('image-open').addEventListener('click', () => {
  const file = $<HTMLInputElement>('image-file').files?.[0];
  report(imageStatus, '');
  image?.close();
  image = undefined;
  const bytes = file ? file.arrayBuffer() : fetch('/build/demo/media/anim.gif').then((r) => r.arrayBuffer());
  const type = file ? imageType(file) : 'image/gif';
  bytes
    .then((b) => openImage(b, type, $<HTMLCanvasElement>('image-canvas')))
    .then((view) => {
      image = view;
      imageFrame = 0;
      return showImageFrame(0);
    })
    .catch(reportImageError);
});
$('image-prev').addEventListener('click', () => void showImageFrame(-1).catch(reportImageError));
$('image-next').addEventListener('click', () => void showImageFrame(1).catch(reportImageError));
