// Decodes a corrupt AAC chunk in a process of its own, so that codec_log.test.mjs sees exactly
// what reaches stdout and stderr.
//   node codec_log_child.mjs <dist entry> [log level]
// Prints one JSON line: the error the decoder reported.
import { pathToFileURL } from 'node:url';

const [entry, level] = process.argv.slice(2);
const { AudioDecoder, EncodedAudioChunk, setCodecLogLevel } = await import(pathToFileURL(entry).href);
if (level) setCodecLogLevel(level);

const error = await new Promise((resolve) => {
  const decoder = new AudioDecoder({ output: (data) => data.close(), error: resolve });
  // AAC-LC, 44.1 kHz, stereo (AudioSpecificConfig 0x1210), then a chunk that is no AAC frame.
  decoder.configure({ codec: 'mp4a.40.2', sampleRate: 44100, numberOfChannels: 2, description: new Uint8Array([0x12, 0x10]) });
  const garbage = new Uint8Array(64).map((_, i) => (i * 73 + 41) & 0xff);
  decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: 0, data: garbage }));
  decoder.flush().catch(() => {});
});
// Lines logged on a codec thread reach stderr through the main thread: give them a moment.
await new Promise((resolve) => setTimeout(resolve, 500));
process.stdout.write(`${JSON.stringify({ name: error.name, message: error.message })}\n`);
