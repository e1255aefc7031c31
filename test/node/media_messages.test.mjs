// serializeMedia()/reviveMedia(): polyfilled frames, audio and chunks survive a real postMessage()
// (structured clone with the buffer transferred) with the same attributes and bytes.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { importPackage } from './context.mjs';

let mod;

/** Posts `message` through a MessageChannel, transferring `transfer`; resolves with what arrives. */
function roundTrip(message, transfer) {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (received) => {
      port1.close();
      port2.close();
      resolve(received);
    });
    port1.postMessage(message, transfer);
  });
}

async function frameBytes(frame) {
  const out = new Uint8Array(frame.allocationSize());
  await frame.copyTo(out);
  return out;
}

describe('serializeMedia() and reviveMedia()', () => {
  before(async () => {
    mod = await importPackage();
  });

  test('a VideoFrame keeps its visible pixels and every attribute; the buffer is moved, not copied', async () => {
    const data = Uint8Array.from({ length: 8 * 6 * 3 / 2 }, (_, i) => (i * 7) % 256);
    const frame = new mod.VideoFrame(data, {
      format: 'I420', codedWidth: 8, codedHeight: 6, timestamp: -40, duration: 33,
      visibleRect: { x: 2, y: 2, width: 4, height: 4 }, displayWidth: 12, displayHeight: 4,
      rotation: 90, flip: true, colorSpace: { matrix: 'smpte170m', fullRange: true }, metadata: { captureTime: 5 },
    });
    const { message, transfer } = await mod.serializeMedia(frame);
    const received = await roundTrip(message, transfer);
    assert.equal(message.data.byteLength, 0, 'the sent buffer was transferred');
    const copy = mod.reviveMedia(received);
    assert.equal(received.data.byteLength, 0, 'reviving moves the buffer into the frame');
    for (const k of ['format', 'timestamp', 'duration', 'displayWidth', 'displayHeight', 'rotation', 'flip']) assert.equal(copy[k], frame[k], k);
    assert.deepEqual(copy.colorSpace.toJSON(), frame.colorSpace.toJSON());
    assert.deepEqual(copy.metadata(), frame.metadata());
    assert.deepEqual([copy.visibleRect.width, copy.visibleRect.height], [4, 4]);
    assert.deepEqual(await frameBytes(copy), await frameBytes(frame));
    copy.close();
    await mod.serializeMedia(frame, { close: true });
    assert.equal(frame.format, null, 'close: true closes the source');
    await assert.rejects(mod.serializeMedia(frame), { name: 'InvalidStateError' });
  });

  test('AudioData in planar and interleaved formats', async () => {
    for (const format of ['f32-planar', 's16']) {
      const samples = format === 's16' ? Int16Array.from({ length: 2 * 5 }, (_, i) => i * 1000 - 4000) : Float32Array.from({ length: 2 * 5 }, (_, i) => i / 10 - 0.5);
      const audio = new mod.AudioData({ format, sampleRate: 44100, numberOfFrames: 5, numberOfChannels: 2, timestamp: 7, data: samples });
      const { message, transfer } = await mod.serializeMedia(audio);
      const copy = mod.reviveMedia(await roundTrip(message, transfer));
      for (const k of ['format', 'sampleRate', 'numberOfFrames', 'numberOfChannels', 'timestamp', 'duration']) assert.equal(copy[k], audio[k], `${format} ${k}`);
      for (let plane = 0; plane < (format.endsWith('planar') ? 2 : 1); plane++) {
        const a = new Uint8Array(audio.allocationSize({ planeIndex: plane }));
        const b = new Uint8Array(copy.allocationSize({ planeIndex: plane }));
        audio.copyTo(a, { planeIndex: plane });
        copy.copyTo(b, { planeIndex: plane });
        assert.deepEqual(b, a, `${format} plane ${plane}`);
      }
      audio.close();
      copy.close();
    }
  });

  test('encoded chunks', async () => {
    for (const Chunk of [mod.EncodedVideoChunk, mod.EncodedAudioChunk]) {
      const chunk = new Chunk({ type: 'delta', timestamp: 90, duration: 10, data: new Uint8Array([1, 2, 3, 250]) });
      const { message, transfer } = await mod.serializeMedia(chunk);
      const copy = mod.reviveMedia(await roundTrip(message, transfer));
      assert.ok(copy instanceof Chunk);
      for (const k of ['type', 'timestamp', 'duration', 'byteLength']) assert.equal(copy[k], chunk[k], k);
      const bytes = new Uint8Array(copy.byteLength);
      copy.copyTo(bytes);
      assert.deepEqual([...bytes], [1, 2, 3, 250]);
    }
    assert.throws(() => mod.reviveMedia({ kind: 'Nope' }), TypeError);
    await assert.rejects(mod.serializeMedia({}), TypeError);
  });
});
