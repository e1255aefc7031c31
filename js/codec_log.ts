/**
 * The codec libraries' own log (FFmpeg's, and libvpx's, libaom's, openh264's... through it):
 * silent by default, as native WebCodecs is. Every failure reaches the page as a DOMException
 * whose message carries the library's last error line; these lines are for debugging the
 * libraries themselves:
 *
 *   import { setCodecLogLevel } from 'webcodecs-wasm';
 *   setCodecLogLevel('debug');   // FFmpeg's lines on the console, e.g. "[h264 @ 0x…] …"
 */

export type CodecLogLevel = 'quiet' | 'error' | 'warning' | 'info' | 'verbose' | 'debug';

/** FFmpeg's AV_LOG_* value of each level (libavutil/log.h). */
const AV_LOG_LEVEL: Record<CodecLogLevel, number> = { quiet: -8, error: 16, warning: 24, info: 32, verbose: 40, debug: 48 };

let level: CodecLogLevel = 'quiet';
const watchers = new Set<(avLogLevel: number) => void>();

/** Which lines of the codec libraries' log reach the console, from now on, in every core of this realm. */
export function setCodecLogLevel(value: CodecLogLevel): void {
  if (!Object.prototype.hasOwnProperty.call(AV_LOG_LEVEL, value)) {
    throw new TypeError(`setCodecLogLevel: '${String(value)}' is not one of ${Object.keys(AV_LOG_LEVEL).join(', ')}`);
  }
  level = value;
  for (const watcher of watchers) watcher(AV_LOG_LEVEL[level]);
}

/**
 * Calls `apply` with the current level (as an AV_LOG_* value) now and on every change, until the
 * returned function is called. A core calls it once loaded.
 */
export function watchCodecLogLevel(apply: (avLogLevel: number) => void): () => void {
  watchers.add(apply);
  apply(AV_LOG_LEVEL[level]);
  return () => watchers.delete(apply);
}
