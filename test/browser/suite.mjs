// The browser test cases, defined once and run by two drivers: chromium.test.mjs (playwright-core)
// and firefox.test.mjs (puppeteer-core). Each case runs on pages served with COOP/COEP (the polyfill's
// pthreads build) and without (its single-threaded build in a Worker).
//
// WEBCODECS_TEST_IMPL=native runs every case on Chromium's own WebCodecs instead of the polyfill: a
// check of the fixtures, the oracles and the expectations themselves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './driver.mjs';
import { annexB, assertChunkSequence, assertEncoderApi, assertEncodersAtOnce, decodedFrameHashes, ivf } from '../encode_oracle.mjs';
import { describePageKinds } from './page_kinds.mjs';
import {
  assertApiBehaviour, assertAudioMatchesOracle, assertFlushMidStream, assertQueue, assertResetAndClose,
  assertCoreFailure, assertSameFrameAttributes, assertThreadUse, assertVideoMatchesOracle, concurrentJobs, isHevc, loadManifest,
} from './checks.mjs';

const impl = process.env.WEBCODECS_TEST_IMPL ?? 'polyfill';

// One case per video encoder; `native`: Debian's Chromium has a software encoder for it too.
const BROWSER_ENCODE_CASES = [
  { label: 'VP8 realtime from RGBA', config: { codec: 'vp8', width: 160, height: 120, latencyMode: 'realtime', bitrate: 600_000 }, format: 'RGBA', native: true },
  { label: 'VP9 profile 0 from I420', config: { codec: 'vp09.00.10.08', width: 160, height: 120, bitrate: 600_000 }, format: 'I420', native: true },
  { label: 'AV1 realtime from NV12', config: { codec: 'av01.0.04M.08', width: 160, height: 120, latencyMode: 'realtime', bitrate: 600_000 }, format: 'NV12', native: true },
  { label: 'H.264 baseline from I420', config: { codec: 'avc1.42001e', width: 160, height: 120, bitrate: 600_000 }, format: 'I420', native: true },
];

export function defineBrowserSuite(browserName) {
  const manifest = loadManifest();
  const fixtures = manifest.fixtures;
  const byName = Object.fromEntries(fixtures.map((f) => [f.name, f.index]));
  const nativeRun = impl === 'native';
  const isChromium = browserName === 'chromium';
  // The native decoders exist in Chromium only; HEVC has none in Debian's Chromium.
  const hasCodec = (codec) => !nativeRun || !isHevc(codec);

  describe(`${browserName} (${nativeRun ? 'native WebCodecs' : 'polyfill'})`, { skip: nativeRun && !isChromium && 'Firefox has no native WebCodecs' }, () => {
    let browser;
    before(async () => {
      browser = await launchBrowser(browserName);
    });
    after(() => browser?.close());

    const pagePath = `/test/browser/pages/index.html?impl=${impl}`;
    describePageKinds(() => browser, pagePath, (kind) => {
      const { isolated } = kind;

      test('page loads the implementation', () => {
        assert.equal(kind.page.info.loadError, null, `loading failed: ${kind.page.info.loadError?.message}\n${kind.page.info.loadError?.stack}`);
        assert.equal(kind.page.info.crossOriginIsolated, isolated, 'crossOriginIsolated');
        if (!nativeRun) {
          for (const k of ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData', 'VideoColorSpace']) {
            assert.ok(kind.page.info.installedGlobals.includes(k), `install() defined ${k}`);
          }
        }
      });

      if (browserName === 'firefox') {
        test('no WebCodecs in Firefox, in workers either', async () => {
          assert.deepEqual(kind.page.info.presentBeforeInstall, [], 'WebCodecs globals before install()');
          const r = await kind.page.run('webCodecsPresence', { workerUrl: '/test/browser/pages/presence_worker.js' });
          assert.deepEqual(r.inWorker, [], 'WebCodecs globals in a dedicated worker');
        });
      }

      for (const f of fixtures.filter((x) => x.type === 'video' && !x.large)) {
        test(`video ${f.name} (${f.codec}) matches ffmpeg`, { skip: !hasCodec(f.codec) && 'no native decoder' }, async () => {
          assertVideoMatchesOracle(await kind.page.run('decodeVideo', { fixture: f.name }), f.index);
        });
      }
      if (isChromium && !nativeRun && isolated) {
        // The oracle's second witness: Chromium's own decoders on the same chunks.
        for (const f of fixtures.filter((x) => x.type === 'video' && !x.large && !isHevc(x.codec))) {
          test(`video ${f.name}: native Chromium agrees with ffmpeg`, async () => {
            assertVideoMatchesOracle(await kind.page.run('decodeVideo', { fixture: f.name, impl: 'native' }), f.index, 'native: ');
          });
          test(`video ${f.name}: frame attributes equal native Chromium's`, async () => {
            const ours = await kind.page.run('decodeVideo', { fixture: f.name, hash: false });
            const native = await kind.page.run('decodeVideo', { fixture: f.name, hash: false, impl: 'native' });
            assertSameFrameAttributes(ours, native, f.name);
          });
        }
      }
      if (isolated) {
        test('video h264-1080p matches ffmpeg', async () => {
          assertVideoMatchesOracle(await kind.page.run('decodeVideo', { fixture: 'h264-1080p' }), byName['h264-1080p']);
        });
      }

      for (const f of fixtures.filter((x) => x.type === 'audio')) {
        // Chromium 156 crashes its renderer in AudioData.copyTo() of its own pcm-s24 output; the
        // native side then only reports the format.
        const againstNative = isChromium && !nativeRun ? (f.codec === 'pcm-s24' ? 'formatOnly' : true) : false;
        test(`audio ${f.name} (${f.codec}) matches ffmpeg${againstNative ? ' and native' : ''}`,
          { skip: nativeRun && f.codec === 'pcm-s24' && 'Chromium crashes copying its own pcm-s24 output' }, async () => {
            assertAudioMatchesOracle(await kind.page.run('decodeAudio', { fixture: f.name, againstNative }), f.index);
          });
      }

      // §7.6 VideoDecoderConfig rotation (a double) and flip; "Output VideoFrames" step 6.
      test('VideoDecoderConfig rotation and flip reach every frame', async () => {
        const r = await kind.page.run('decoderOrientation', { fixture: 'vp8', rotations: [90, -90, 89.9, 1e9, 'abc', Infinity] });
        assert.deepEqual(r['90/true'].support, { supported: true, rotation: 90, flip: true });
        assert.equal(r['90/true'].frames.length, 2);
        for (const f of r['90/true'].frames) assert.deepEqual([f.rotation, f.flip], [90, true]);
        const { codedWidth } = r['90/false'].frames[0];
        assert.equal(r['90/false'].frames[0].displayHeight, codedWidth, 'display size swapped for 90 degrees');
        if (nativeRun) return;
        // The spec's double, not Chromium 156's unsigned long (which makes -90 4294967206 and 89.9 89):
        assert.deepEqual(r['-90/false'].support, { supported: true, rotation: -90, flip: false });
        assert.deepEqual(r['-90/false'].frames.map((f) => f.rotation), [270, 270]);
        assert.deepEqual(r['89.9/false'].support, { supported: true, rotation: 89.9, flip: false });
        assert.deepEqual(r['89.9/false'].frames.map((f) => f.rotation), [90, 90]);
        assert.deepEqual(r['1000000000/false'].frames.map((f) => f.rotation), [270, 270]); // 11111111 quarter turns
        // A restricted double: NaN (from 'abc') and Infinity are a TypeError (Chromium: 0).
        for (const key of ['abc/false', 'Infinity/true']) {
          assert.equal(r[key].support.name, 'TypeError', key);
          assert.equal(r[key].error.name, 'TypeError', key);
          assert.deepEqual(r[key].frames, [], key);
        }
      });
      if (isChromium && !nativeRun) {
        test('VideoDecoderConfig rotation and flip: frames as native Chromium\'s', async () => {
          const params = { fixture: 'vp8', rotations: [0, 90, 180, 270, 45, 135, 450] };
          assert.deepEqual(await kind.page.run('decoderOrientation', params), await kind.page.run('decoderOrientation', { ...params, impl: 'native' }));
        });
      }
      // Native Chromium 156's answers, measured side by side (the test below keeps checking
      // them in Chromium): a missing or unreadable description is NotSupportedError, one that
      // reads but contradicts the config OperationError; H.264/HEVC records are parsed by
      // isConfigSupported() already.
      test('missing and malformed descriptions get native Chromium\'s errors', async () => {
        const ok = { supported: true, configure: null, flush: 'resolved', error: null, state: 'configured' };
        const fails = (name, supported = true) => ({ supported, configure: null, flush: name, error: name, state: 'closed' });
        assert.deepEqual(await kind.page.run('descriptionErrors'), {
          'opus, stereo, no description': ok,
          'opus, 3 channels, no description': fails('NotSupportedError'),
          'opus, 6 channels, no description': fails('NotSupportedError'),
          'opus, 6 channels, OpusHead': ok,
          'opus, 6 channels, OpusHead of mapping family 0': fails('OperationError'),
          'opus, OpusHead of 1 channel for 2': fails('OperationError'),
          'opus, 19 bytes that are no OpusHead': fails('OperationError'),
          'opus, a truncated OpusHead': fails('NotSupportedError'),
          'flac, no description': fails('NotSupportedError'),
          'flac, its description': ok,
          'flac, 42 zero bytes': fails('OperationError'),
          'flac, a truncated description': fails('OperationError'),
          'vorbis, no description': fails('NotSupportedError'),
          'aac, one byte': fails('OperationError'),
          'h264, an avcC that ends early': fails('NotSupportedError', false),
          'h264, an empty description (Annex B)': ok,
          'hevc, 30 bytes that are no hvcC': fails('NotSupportedError', false),
          'vp9, a description it does not use': ok,
        });
      });
      // §4.5 decode() step 3.2, as native Chromium 156 answers (measured side by side, and
      // compared again below): VP8, VP9 and AV1 read the frame header, so a delta frame, bytes
      // that are no frame, one byte and an empty frame marked 'key' are a DataError; H.264 looks
      // for the first slice, so only a delta frame is, and bytes without a slice go on to the
      // decoder (EncodingError). After a DataError the decoder still waits for a key frame.
      for (const fixture of ['vp8', 'vp9-profile0', 'av1-8bit', 'h264-baseline']) {
        test(`${fixture}: chunks marked key that are not key frames`, async () => {
          const dataError = { marked: 'DataError', real: null, frames: 1, error: null, state: 'configured' };
          const decoderError = { marked: null, real: null, frames: 0, error: 'EncodingError', state: 'closed' };
          const headerRead = fixture !== 'h264-baseline';
          const r = await kind.page.run('keyChunkChecks', { fixture });
          assert.deepEqual(r, {
            'a delta frame': dataError,
            'bytes that are no frame': headerRead ? dataError : decoderError,
            'one byte': headerRead ? dataError : decoderError,
            'a zero byte': headerRead ? dataError : decoderError,
          });
          if (isChromium && !nativeRun) assert.deepEqual(r, await kind.page.run('keyChunkChecks', { fixture, impl: 'native' }), 'native Chromium');
        });
      }
      // HEVC as H.264 (native Chromium agrees on the DataError; Debian's build decodes no HEVC).
      test('hevc: a delta frame marked key is a DataError', { skip: nativeRun && 'no HEVC decoder in Debian\'s Chromium' }, async () => {
        const r = await kind.page.run('keyChunkChecks', { fixture: 'hevc-main' });
        assert.deepEqual(r['a delta frame'], { marked: 'DataError', real: null, frames: 1, error: null, state: 'configured' });
      });
      test('configure() mid-stream without flush() outputs every frame', async () => {
        const r = await kind.page.run('reconfigureWithoutFlush', { fixture: 'h264-high-bframes' });
        assert.deepEqual(r, { outputs: byName['h264-high-bframes'].oracle.frames.length, error: null });
      });
      test('a core that fails closes its codecs with EncodingError; new codecs get a fresh core', { skip: nativeRun && 'the wasm core and its failure exist only in the polyfill' }, async () => {
        assertCoreFailure(await kind.page.run('coreFailure', { fixture: 'vp8' }), byName['vp8']);
      });
      // In Firefox these run in a Firefox of their own that no WebDriver session drives: with one
      // open, Firefox's `new Worker()` inside a Worker can block forever (driver.mjs,
      // runUnattended), and the polyfill in a Worker starts its core's Workers there.
      const runInWorker = (params) =>
        isChromium ? kind.page.run('runInWorker', params) : browser.runUnattended(`${kind.server.url}${pagePath}`, 'runInWorker', params);
      test('decodes inside a dedicated worker (the polyfill imported there)', async () => {
        const fixtures = ['h264-high-bframes', 'vp9-profile0'];
        const results = await runInWorker({ runs: fixtures.map((fixture) => ({ name: 'decodeVideo', params: { fixture } })) });
        results.forEach((r, i) => assertVideoMatchesOracle(r, byName[fixtures[i]]));
      });
      test('encodes inside a dedicated worker (the polyfill imported there)', async () => {
        const params = { config: { codec: 'vp09.00.10.08', width: 128, height: 96 }, frames: 8, format: 'I420', width: 128, height: 96 };
        const [r] = await runInWorker({ runs: [{ name: 'encodeVideo', params }] });
        assertChunkSequence(r, 8);
        assert.ok(r.decoded.frames.every((f) => f.psnr > 30));
      });
      test('queue: a whole 1080p stream queued before any output, owner thread never blocked', async () => {
        assertQueue(await kind.page.run('queueWholeStream', { fixture: 'h264-1080p' }), byName['h264-1080p']);
      });
      test('queue: several instances of different codecs and sizes at once', async () => {
        const jobs = concurrentJobs({ withHevc: !nativeRun });
        const results = await kind.page.run('concurrent', { jobs });
        results.forEach((r, i) => {
          const index = byName[jobs[i].params.fixture];
          if (jobs[i].kind === 'video') assertVideoMatchesOracle(r, index);
          else assertAudioMatchesOracle(r, index);
        });
      });
      test('queue: flush() while decoding', async () => {
        assertFlushMidStream(await kind.page.run('flushMidStream', { fixture: 'h264-high-bframes' }), byName['h264-high-bframes']);
      });
      test('queue: reset() and close() without flush', async () => {
        assertResetAndClose(await kind.page.run('resetAndCloseWithoutFlush', { fixture: 'h264-high-bframes' }));
      });
      test('queue: reset/close release every allocation in the core', { skip: nativeRun && 'no counters in native' }, async () => {
        const r = await kind.page.run('leakCheck', { fixture: 'vp9-profile0' });
        assert.ok(r.supported, 'the package exposes __testHooks.liveCounts()');
        assert.deepEqual(r.after, r.before);
      });
      // The thread policy, with navigator.hardwareConcurrency overridden in the page: the
      // pthreads build only (the Worker build has no threads, native its own).
      const threadCases = isolated && !nativeRun ? [[8, 1], [16, 2], [16, 8]] : [];
      for (const [cores, decoders] of threadCases) {
        test(`threads: hardwareConcurrency ${cores}, ${decoders} decoder(s) at once run the threads the policy granted`, async () => {
          const fixture = 'h264-high-bframes';
          assertThreadUse(await kind.page.run('threadUse', { fixture, cores, decoders }), { cores, decoders, index: byName[fixture] });
        });
      }
      test('API behaviour: states, exceptions, error order, dequeue', async () => {
        const obs = await kind.page.run('apiBehaviour', { videoFixture: 'h264-high-bframes', corruptFixture: 'vp9-profile0' });
        assertApiBehaviour(obs, { videoIndex: byName['h264-high-bframes'] });
      });

      // Encoders: each codec's stream decoded back by this package's decoder; in Chromium also by
      // the native decoders, and native encoders' streams by ours (the Node tests hold the ffmpeg oracle).
      for (const c of BROWSER_ENCODE_CASES) {
        const nativeCanEncode = !nativeRun || c.native;
        test(`encode ${c.label}: one chunk per frame, decoded back within 30 dB`, { skip: !nativeCanEncode && 'no native encoder' }, async () => {
          const r = await kind.page.run('encodeVideo', { config: c.config, frames: 10, format: c.format, width: c.config.width, height: c.config.height });
          assertChunkSequence(r, 10);
          assert.equal(r.decoded.error, null);
          assert.equal(r.decoded.frames.length, 10);
          const psnrs = r.decoded.frames.map((f) => f.psnr).filter((p) => p !== null);
          assert.ok(psnrs.length > 0 && psnrs.every((p) => p > 30), `PSNR ${psnrs.map((p) => p.toFixed(1))}`);
        });
        if (isChromium && !nativeRun && isolated && c.native) {
          test(`encode ${c.label}: native Chromium decodes our stream, we decode native's`, async () => {
            const ours = await kind.page.run('encodeVideo', { config: c.config, frames: 10, format: c.format, width: c.config.width, height: c.config.height, decodeWith: 'native' });
            assertChunkSequence(ours, 10);
            assert.equal(ours.decoded.error, null);
            assert.equal(ours.decoded.frames.length, 10);
            assert.ok(ours.decoded.frames.every((f) => f.psnr > 30), `native decode PSNR ${ours.decoded.frames.map((f) => f.psnr.toFixed(1))}`);
            // A conformant stream decodes alike everywhere: Debian's ffmpeg gives native
            // Chromium's pictures, bit for bit (the chunks muxed as IVF or Annex B).
            assert.ok(ours.decoded.frames.every((f) => f.sha256), 'native decodes to I420');
            {
              const bytes = Buffer.from(ours.stream, 'base64');
              let at = 0;
              const chunks = ours.chunks.map((ch) => ({ ...ch, data: bytes.subarray(at, (at += ch.size)) }));
              const avc = c.config.codec.startsWith('avc');
              const file = avc ? annexB(chunks, Buffer.from(ours.decoderConfig.description, 'base64')) : ivf(c.config.codec, c.config.width, c.config.height, chunks);
              const ffmpeg = decodedFrameHashes(file, avc ? 'ours.h264' : 'ours.ivf', c.config.width, c.config.height);
              const native = [...ours.decoded.frames].sort((a, b) => a.timestamp - b.timestamp).map((f) => f.sha256);
              assert.deepEqual(ffmpeg, native, 'ffmpeg decodes our stream to native Chromium\'s pictures');
            }
            const theirs = await kind.page.run('encodeVideo', { impl: 'native', config: c.config, frames: 10, format: c.format, width: c.config.width, height: c.config.height });
            assert.equal(theirs.error, null);
            assert.equal(theirs.decoded.error, null);
            assert.equal(theirs.decoded.frames.length, 10);
            assert.ok(theirs.decoded.frames.every((f) => f.psnr > 30), `our decode of native's stream: ${theirs.decoded.frames.map((f) => f.psnr.toFixed(1))}`);
            // The decoderConfig both describe: every member but the avcC bytes (each encoder's own SPS).
            const { description: ourDescription, ...ourConfig } = ours.decoderConfig;
            const { description: theirDescription, ...theirConfig } = theirs.decoderConfig;
            assert.deepEqual(ourConfig, theirConfig, 'decoderConfig');
            assert.equal(ourDescription === undefined, theirDescription === undefined, 'description present in both or neither');
          });
        }
      }
      test('several encoders at once; reset and close with frames queued leave nothing behind', { skip: nativeRun && 'counts the wasm core\'s allocations, which native does not have' }, async () => {
        assertEncodersAtOnce(await kind.page.run('encodersAtOnce', {}));
      });
      if (isChromium && !nativeRun) {
        // A VideoFrame of the browser's own implementation is copied by drawing it.
        test('encode the browser\'s own VideoFrames with the polyfill encoder', async () => {
          const c = BROWSER_ENCODE_CASES[0];
          const r = await kind.page.run('encodeVideo', { config: c.config, frames: 6, format: 'RGBA', width: c.config.width, height: c.config.height, frameImpl: 'native' });
          assertChunkSequence(r, 6);
          assert.equal(r.decoded.error, null);
          assert.equal(r.decoded.frames.length, 6);
          assert.ok(r.decoded.frames.every((f) => f.psnr > 30), `PSNR ${r.decoded.frames.map((f) => f.psnr?.toFixed(1))}`);
        });
      }
      // Decoded frames (here cropped by a VideoFrame sharing their pixels) reach the encoder by
      // handle in the pthreads build; the Worker build copies them out of its Worker and back.
      test('transcode: decoded frames go to the encoder without a copy through JavaScript', { skip: nativeRun && 'frames handed over by core handle exist only in the polyfill' }, async () => {
        const r = await kind.page.run('transcodeDecodedFrames', { from: 'vp8', to: 'vp09.00.10.08', width: 160, height: 120, frames: 8, crop: { x: 16, y: 8, width: 96, height: 64 } });
        assert.equal(r.error, null);
        assert.equal(r.chunks, 8);
        assert.equal(r.taken, isolated ? 8 : 0);
        assert.equal(r.psnrs.length, 8);
        assert.ok(Math.min(...r.psnrs) > 28, `PSNR ${r.psnrs.map((p) => p.toFixed(1))}`);
      });
      test('encode Opus: round trip through our decoder', async () => {
        const r = await kind.page.run('encodeAudio', { config: { codec: 'opus', sampleRate: 48000, numberOfChannels: 2 }, seconds: 0.5 });
        assert.equal(r.error, null);
        assert.equal(r.decoded.error, null);
        assert.ok(r.decoded.snr > 20, `SNR ${r.decoded.snr}`);
      });
      if (isChromium && !nativeRun && isolated) {
        test('encode Opus: native Chromium decodes our stream', async () => {
          const r = await kind.page.run('encodeAudio', { config: { codec: 'opus', sampleRate: 48000, numberOfChannels: 2 }, seconds: 0.5, decodeWith: 'native' });
          assert.equal(r.error, null);
          assert.equal(r.decoded.error, null);
          assert.ok(r.decoded.snr > 20, `SNR ${r.decoded.snr}`);
        });
        // Chromium's Opus encoder runs libopus' constrained VBR for 'variable' (the default) and
        // hard CBR for 'constant': the same stream size as ours for the same input (3 s here).
        for (const bitrateMode of ['variable', 'constant']) {
          test(`encode Opus ${bitrateMode}: as many bytes as native Chromium's`, async () => {
            const config = { codec: 'opus', sampleRate: 48000, numberOfChannels: 2, bitrate: 96_000, bitrateMode };
            const [ours, native] = await Promise.all(['polyfill', 'native'].map((impl) => kind.page.run('encodeAudio', { impl, config, seconds: 3, decodeWith: 'none' })));
            const bytes = (r) => r.chunks.reduce((n, c) => n + c.size, 0);
            assert.equal(ours.error, null);
            assert.equal(native.error, null);
            assert.equal(ours.chunks.length, native.chunks.length);
            assert.ok(Math.abs(bytes(ours) / bytes(native) - 1) < 0.03, `ours ${bytes(ours)} bytes, native ${bytes(native)}`);
          });
        }
        test('encoder API behaviour equals native Chromium\'s', async () => {
          const ours = await kind.page.run('encoderApiBehaviour', {});
          const native = await kind.page.run('encoderApiBehaviour', { impl: 'native' });
          assertEncoderApi(ours);
          // Native Chromium is the reference except where its build lacks an encoder we have
          // (AAC, FLAC, Vorbis, MP3, PCM and G.711 encoders are platform-only or absent there).
          const lacking = new Set(['aac', 'flac', 'vorbis', 'mp3', 'pcm', 'ulaw']);
          for (const [k, v] of Object.entries(native.audioSupport)) if (!lacking.has(k)) assert.equal(ours.audioSupport[k], v, `audio ${k}`);
          // av1_10: Chromium's libaom build is 8-bit only; ours encodes 10-bit AV1 (tested in Node).
          for (const [k, v] of Object.entries(native.videoSupport)) if (k !== 'av1_10') assert.equal(ours.videoSupport[k], v, `video ${k}`);
          // Not compared: unsupportedConfigure. For an HEVC config its isConfigSupported() rejects,
          // Chromium 156's configure() fails with OperationError; the spec's configure() steps
          // ("Check Configuration Support" false) give NotSupportedError, which this package follows.
          for (const k of ['configClone', 'encodeUnconfigured', 'flushUnconfigured', 'configureInvalid', 'encodeClosedFrame', 'encodeNotAFrame', 'queueAfterEncode',
            'encodeOtherOrientation', 'flushAfterReset', 'stateAfterReset', 'configureClosed', 'audioMismatch']) {
            assert.deepEqual(ours[k], native[k], k);
          }
        });
      } else {
        test('encoder API behaviour: exceptions, support answers, state machine', { skip: nativeRun && 'native is compared with these answers in the isolated polyfill run' }, async () => {
          assertEncoderApi(await kind.page.run('encoderApiBehaviour', {}));
        });
      }

      // Last in the page, after every decoder and encoder above has run (and failed where a
      // test feeds it bad data): FFmpeg's and the libraries' own lines, "[name @ 0x…] …",
      // never reach the console unless setCodecLogLevel() asks for them.
      test('the codec libraries log nothing to the console', { skip: nativeRun && 'the libraries are the polyfill\'s wasm core' }, () => {
        assert.deepEqual(kind.page.logs.filter((line) => /\[[\w-]+ @ 0x[0-9a-f]+\]/.test(line)), []);
      });

      if (!nativeRun && isolated) {
        test('the classic-script build installs the globals', async () => {
          const g = await browser.openHarness(`${kind.server.url}/test/browser/pages/index.html?impl=polyfill&load=global`);
          try {
            assert.equal(g.info.loadError, null, g.info.loadError?.message);
            assertVideoMatchesOracle(await g.run('decodeVideo', { fixture: 'vp8' }), byName.vp8);
          } finally {
            await g.close();
          }
        });
      }
    });
  });
}
