// Issue 8 §1: the polyfill's VideoFrame, AudioData, EncodedVideoChunk and EncodedAudioChunk go
// through plain postMessage() and structuredClone() as native ones do (WebCodecs: [Serializable],
// frames and audio [Transferable]; HTML structured clone), with install() on both sides: to and
// from a classic worker, a module worker, MessagePorts (to a same-origin iframe, to a worker,
// within the page) and a BroadcastChannel. Window postMessage() stays the platform's (see
// js/media_posting.ts): a test checks that event.source still names the sender.
// Chromium (native WebCodecs hidden in every realm) and Firefox ESR (no WebCodecs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './driver.mjs';
import { startServer } from '../../scripts/static_server.mjs';

const TARGETS = ['classicWorker', 'moduleWorker', 'iframeChannel', 'workerChannel', 'localChannel', 'broadcastChannel'];
const KINDS = ['videoFrame', 'rgbaFrame', 'decodedFrame', 'audio', 'interleavedAudio', 'videoChunk', 'audioChunk', 'nested', 'plain'];

/** Frames and audio a value of each kind holds (what a transfer closes), as the echo page counts them. */
const TRANSFERABLE_COUNT = { videoFrame: 1, rgbaFrame: 1, decodedFrame: 1, audio: 1, interleavedAudio: 1, videoChunk: 0, audioChunk: 0, nested: 3, plain: 0 };

function assertEcho(result, { kind, transfer, transferBack = transfer }) {
  // The receiver's objects are its own package's classes, with the same attributes and bytes.
  assert.deepEqual(result.remote, result.expected, 'what the receiver got');
  assert.deepEqual(result.echoed, result.expected, 'what came back');
  const count = TRANSFERABLE_COUNT[kind];
  assert.deepEqual(result.senderClosed, Array(count).fill(Boolean(transfer)), 'sender closed by transfer only');
  assert.deepEqual(result.remoteClosedAfter, Array(transferBack ? count : 0).fill(true), 'receiver closed by transferring back');
  assert.equal(result.rawWasEnvelope, kind !== 'plain', 'a message without media objects is posted untouched');
  assert.ok(result.sameDataTwice, 'event.data is revived once');
}

/** Every media object in a description is this realm's package class. */
function assertOurs(description) {
  const walk = (d) => {
    if (typeof d !== 'object' || d === null) return;
    if ('class' in d) assert.equal(d.ours, true, `${d.class} is an instance of the receiver's global`);
    else Object.values(d).forEach(walk);
  };
  walk(description);
}

const dataCloneError = (message) => ({ name: 'DataCloneError', isDOMException: true, message });

for (const browserName of ['chromium', 'firefox']) {
  describe(`${browserName}: media objects through postMessage() and structuredClone()`, () => {
    let browser;
    let server;
    let page;
    before(async () => {
      browser = await launchBrowser(browserName);
      server = await startServer({ isolated: false });
      page = await browser.openHarness(`${server.url}/test/browser/pages/media_posting.html`);
    });
    after(async () => {
      await page?.close();
      await browser?.close();
      await server?.close();
    });

    for (const target of TARGETS) {
      test(`${target}: every kind, cloned${target === 'broadcastChannel' ? '' : ' and transferred'}, there and back`, async () => {
        for (const kind of KINDS) {
          const modes = target === 'broadcastChannel' ? [{ transfer: false }] : [{ transfer: false }, { transfer: true, form: 'options' }, { transfer: false, transferBack: true }];
          for (const mode of modes) {
            const result = await page.run('echo', { target, kind, ...mode });
            try {
              assertEcho(result, { kind, ...mode });
              assertOurs(result.remote);
              assertOurs(result.echoed);
            } catch (e) {
              e.message = `${kind} ${JSON.stringify(mode)}: ${e.message}`;
              throw e;
            }
          }
        }
      });

      test(`${target}: closed frames and audio, chunks in the transfer list and duplicates throw DataCloneError`, async () => {
        const r = await page.run('refused', { target });
        assert.deepEqual(r.closedFrame, dataCloneError('A VideoFrame could not be cloned because it was closed.'));
        assert.deepEqual(r.closedFrameTransferred, dataCloneError('A VideoFrame could not be cloned because it was closed.'));
        assert.deepEqual(r.closedAudio, dataCloneError('AudioData could not be cloned because it was closed.'));
        if (target === 'broadcastChannel') return;
        assert.deepEqual(r.chunkTransferred, dataCloneError('Value at index 0 does not have a transferable type.'));
        assert.deepEqual(r.frameListedTwice, dataCloneError('VideoFrame at index 1 is a duplicate of an earlier VideoFrame.'));
        assert.equal(r.uncloneableWithFrame?.name, 'DataCloneError', 'the platform refuses the function');
        assert.equal(r.frameOpenAfterRefusals, true, 'a refused message closes nothing');
        assert.equal(r.transferredOnly, null);
        assert.equal(r.frameClosedAfterTransferOnly, true, 'a transferred frame is closed even when the message does not hold it');
        assert.equal(r.generatorList, null);
        assert.equal(r.bufferMovedByGenerator, true, 'a generator transfer list reaches the platform');
      });
    }

    test('IndexedDB and history state refuse media objects with DataCloneError, after their own checks', async () => {
      const r = await page.run('storage');
      const refused = dataCloneError('VideoFrame, AudioData and encoded chunks cannot be serialized for storage.');
      for (const key of ['putFrame', 'addNestedChunk', 'putAudioKeyed', 'putClosedFrame', 'pushState', 'replaceState', 'cursorUpdate']) assert.deepEqual(r[key], refused, key);
      assert.equal(r.readOnlyFirst?.name, 'ReadOnlyError');
      assert.deepEqual(r.storedPlain, { n: 1, bytes: [17, 48, 79] });
      assert.equal(r.frameStillOpen, true);
    });

    test('structuredClone() clones and transfers media objects within the realm', async () => {
      const r = await page.run('structuredClone');
      assert.deepEqual(r.clone, r.expected);
      assert.ok(r.cloneIsPackageClass && r.chunkIsPackageClass);
      assert.equal(r.sourceOpenAfterClone, true);
      assert.equal(r.cloneClosedAfterTransfer, true);
      assert.equal(r.plainUntouched, true);
      assert.deepEqual(r.closedFrame, dataCloneError('A VideoFrame could not be cloned because it was closed.'));
    });

    test('a worker without the polyfill gets plain records, which reviveMedia() revives', async () => {
      const r = await page.run('bareWorker');
      assert.deepEqual(r.summary.keys, ['__webcodecsWasmMedia', 'message']);
      assert.deepEqual(r.summary.records, [{ keys: ['codedHeight', 'codedWidth', 'colorSpace', 'data', 'displayHeight', 'displayWidth', 'duration', 'flip', 'format', 'kind', 'metadata', 'rotation', 'timestamp', 'visibleRect'], kind: 'VideoFrame', bytes: 5 * 3 * 4 }]);
      assert.deepEqual(r.summary.messageKeys, ['frame']);
      assert.equal(r.summary.sameObject, true, 'the record in the message is the one listed');
      assert.equal(r.frameClosed, true);
      assert.deepEqual(r.revived, r.expected);
      assert.equal(r.revivedIsPackageClass, true);
    });

    test('window postMessage() is left to the platform: event.source names the sender both ways', async () => {
      const r = await page.run('windowPostMessage');
      assert.deepEqual(r, { sameFunction: true, sourceIsIframe: true, iframeSawParent: true });
    });

    test('posting a message without media objects costs little more than the platform', async () => {
      const r = await page.run('overhead', { count: 100 });
      assert.equal(r.isWrapped, true);
      console.log(`${browserName}: 100 posts without media (best of 5): wrapped ${r.wrapped.toFixed(1)} ms, platform ${r.unwrapped.toFixed(1)} ms`);
      assert.ok(r.wrapped < r.unwrapped * 1.5 + 5, `wrapped ${r.wrapped} ms vs platform ${r.unwrapped} ms`);
    });
  });
}
