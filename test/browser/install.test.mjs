// install() per interface (issue #10 §2): in a browser that has video WebCodecs but no audio
// (Safari 16.4 to 18), only the audio interfaces are installed, and both halves work side by
// side: audio through this package, video through the browser's own. Chromium with just the
// audio interfaces hidden, both page kinds. (ImageDecoder alone: test/browser/image_decoder.test.mjs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './driver.mjs';
import { describePageKinds } from './page_kinds.mjs';

const AUDIO = ['AudioDecoder', 'AudioEncoder', 'EncodedAudioChunk', 'AudioData'];

let browser;
before(async () => {
  browser = await launchBrowser('chromium');
});
after(() => browser?.close());

describePageKinds(() => browser, `/test/browser/pages/index.html?impl=polyfill&hide=${AUDIO.join(',')}`, (kind) => {
  test('install() adds the audio interfaces only; audio decodes through them, video through the browser', async () => {
    assert.equal(kind.page.info.loadError, null);
    assert.deepEqual(kind.page.info.polyfilledGlobals, ['AudioDecoder', 'AudioEncoder', 'EncodedAudioChunk', 'AudioData']);
    const audio = await kind.page.run('decodeAudio', { fixture: 'opus-stereo' });
    assert.equal(audio.error, null);
    assert.ok(audio.outputs > 0 && audio.vsFfmpeg.ok !== false, JSON.stringify(audio).slice(0, 300));
    const video = await kind.page.run('decodeVideo', { fixture: 'vp9-profile0', hash: false });
    assert.equal(video.error, null);
    assert.equal(video.frames.length, 30);
  });
});
