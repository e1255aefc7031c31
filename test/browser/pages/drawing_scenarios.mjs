// Scenarios for issue-3 drawing and conversion: VideoFrame.copyTo() to RGB, drawing frames on
// canvases and WebGL textures, and frames from image sources. Each runs one list of cases through
// `impl` (the polyfill's classes, or the browser's own) and returns raw observations: bytes,
// attributes, exception names. The runner (test/browser/drawing.test.mjs) compares the polyfill's
// observations with native Chromium's.

function describeError(e) {
  return { error: e?.name ?? String(e) };
}

function attempt(fn) {
  try {
    return fn();
  } catch (e) {
    return describeError(e);
  }
}

async function attemptAsync(fn) {
  try {
    return await fn();
  } catch (e) {
    return describeError(e);
  }
}

function seeded(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

const LAYOUT = {
  I420: [2, 2, 8, 3], I420P10: [2, 2, 10, 3], I420P12: [2, 2, 12, 3], I420A: [2, 2, 8, 4], I420AP10: [2, 2, 10, 4],
  I422: [2, 1, 8, 3], I422P10: [2, 1, 10, 3], I444: [1, 1, 8, 3], I444P12: [1, 1, 12, 3], I444A: [1, 1, 8, 4],
  NV12: [2, 2, 8, 2], RGBA: [1, 1, 8, 1], RGBX: [1, 1, 8, 1], BGRA: [1, 1, 8, 1], BGRX: [1, 1, 8, 1],
};

/**
 * Pixel data for `format`: random samples, except alpha (and RGB's fourth byte), which is 0, 255
 * or near 255. Chromium premultiplies alpha when converting, so translucent pixels lose precision
 * there; the comparison keeps to the alpha values both sides represent exactly.
 */
export function makeFrameData(format, width, height, seed) {
  const [sx, sy, bits, planes] = LAYOUT[format];
  const rnd = seeded(seed);
  const max = 2 ** bits;
  const cw = Math.ceil(width / sx), ch = Math.ceil(height / sy);
  const alpha = () => (rnd() < 0.2 ? 0 : 255);
  if (format.startsWith('RGB') || format.startsWith('BGR')) {
    const data = new Uint8Array(width * height * 4);
    for (let i = 0; i < data.length; i++) data[i] = i % 4 === 3 ? (format.endsWith('A') ? alpha() : 255) : Math.floor(rnd() * 256);
    return data;
  }
  const sizes = planes === 2 ? [width * height, cw * ch * 2] : [width * height, cw * ch, cw * ch, width * height].slice(0, planes);
  const total = sizes.reduce((a, b) => a + b, 0);
  const data = bits > 8 ? new Uint16Array(total) : new Uint8Array(total);
  let at = 0;
  sizes.forEach((size, plane) => {
    for (let i = 0; i < size; i++) data[at + i] = plane === 3 ? (alpha() ? max - 1 : 0) : Math.floor(rnd() * max);
    at += size;
  });
  return data;
}

/** copyTo() with RGB formats: bytes and layouts for a grid of formats, colour spaces, rects and targets. */
export async function copyToRgb({ api }, { cases }) {
  const results = [];
  for (const c of cases) {
    const data = makeFrameData(c.format, c.width, c.height, c.seed);
    results.push(
      await attemptAsync(async () => {
        const frame = new api.VideoFrame(data, { format: c.format, codedWidth: c.width, codedHeight: c.height, timestamp: 0, colorSpace: c.colorSpace });
        try {
          const options = { format: c.target, colorSpace: c.pcs, rect: c.rect, layout: c.layout };
          const size = frame.allocationSize(options);
          const bytes = new Uint8Array(size);
          const layout = await frame.copyTo(bytes, options);
          return { size, layout, bytes: Array.from(bytes) };
        } finally {
          frame.close();
        }
      }),
    );
  }
  return results;
}

function readCanvas(canvas) {
  const context = canvas.getContext('2d');
  return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data);
}

const DRAW_FORMS = {
  at: (ctx, f) => ctx.drawImage(f, 3, 2),
  scaled: (ctx, f) => ctx.drawImage(f, 1, 2, 27, 19),
  source: (ctx, f) => ctx.drawImage(f, 1, 1, 5, 4, 2, 3, 20, 13),
};

/**
 * A frame drawn every way a native one can be: 2D drawImage forms, OffscreenCanvas, createImageBitmap,
 * WebGL. `path`: the polyfill's way of converting, forced through its test hooks (and reported as
 * `path` of each case), or its own choice.
 */
export async function drawFrames({ api, testHooks }, { cases, path }) {
  if (path) testHooks.useFrameDrawingPath(path);
  try {
    return await drawFramesOnce(api, cases, path ? () => testHooks.lastFrameDrawingPath() : () => undefined);
  } finally {
    if (path) testHooks.useFrameDrawingPath('auto');
  }
}

async function drawFramesOnce(api, cases, takenPath) {
  const results = [];
  for (const c of cases) {
    const data = makeFrameData(c.format, c.width, c.height, c.seed);
    const init = { format: c.format, codedWidth: c.width, codedHeight: c.height, timestamp: 0, ...c.init };
    const frame = new api.VideoFrame(data, init);
    const r = { displayWidth: frame.displayWidth, displayHeight: frame.displayHeight };
    for (const [name, draw] of Object.entries(DRAW_FORMS)) {
      const canvas = document.createElement('canvas');
      canvas.width = 32;
      canvas.height = 24;
      r[name] = attempt(() => {
        draw(canvas.getContext('2d'), frame);
        return readCanvas(canvas);
      });
    }
    r.path = takenPath();
    r.offscreen = attempt(() => {
      const canvas = new OffscreenCanvas(32, 24);
      const context = canvas.getContext('2d');
      context.drawImage(frame, 0, 0);
      return Array.from(context.getImageData(0, 0, 32, 24).data);
    });
    if (c.bitmap) {
      r.bitmap = await attemptAsync(async () => {
        const bitmap = await createImageBitmap(frame);
        const canvas = document.createElement('canvas');
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        canvas.getContext('2d').drawImage(bitmap, 0, 0);
        return { width: bitmap.width, height: bitmap.height, pixels: readCanvas(canvas) };
      });
    }
    for (const version of ['webgl', 'webgl2']) r[version] = attempt(() => textureUpload(frame, version));
    frame.close();
    r.closed = {
      draw: attempt(() => document.createElement('canvas').getContext('2d').drawImage(frame, 0, 0)),
      bitmap: await attemptAsync(() => createImageBitmap(frame)),
      webgl: attempt(() => textureUpload(frame, 'webgl')),
    };
    results.push(r);
  }
  return results;
}

/** Uploads `frame` with texImage2D (and a texSubImage2D of the same), draws it, reads it back. */
function textureUpload(frame, version) {
  const width = frame.displayWidth, height = frame.displayHeight;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const gl = canvas.getContext(version, { preserveDrawingBuffer: true, premultipliedAlpha: false });
  if (!gl) return { unavailable: version };
  const texture = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, frame);
  const error = gl.getError();
  if (error) return { glError: error };
  gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, gl.RGBA, gl.UNSIGNED_BYTE, frame);
  const framebuffer = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
  const pixels = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  return { glError: gl.getError(), pixels: Array.from(pixels) };
}

/** `frame` drawn at (0, 0) on a 2D canvas of its size, read back. */
function drawnPixels(frame) {
  const canvas = document.createElement('canvas');
  canvas.width = frame.displayWidth;
  canvas.height = frame.displayHeight;
  canvas.getContext('2d').drawImage(frame, 0, 0);
  return readCanvas(canvas);
}

async function bitmapPixels(bitmap) {
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
  return readCanvas(canvas);
}

/**
 * Frames drawn through each way the polyfill converts them (`paths`, forced through its test
 * hooks: 'wasm', 'webgl2', 'webgl'; native frames once): drawImage, createImageBitmap and a WebGL2
 * texture, with the way each call took. `bitmapPair`: two bitmaps asked for before either
 * resolves (the GPU path reuses one canvas), as [case 0, case 1].
 */
export async function drawingPaths({ api, testHooks }, { cases, paths, impl }) {
  // `dataWidth`: rows wider than the picture, for a case with padded strides in `init.layout`.
  const frames = cases.map((c) => new api.VideoFrame(makeFrameData(c.format, c.dataWidth ?? c.width, c.height, c.seed), {
    format: c.format, codedWidth: c.width, codedHeight: c.height, timestamp: 0, ...c.init,
  }));
  const results = {};
  try {
    for (const path of impl === 'native' ? ['native'] : paths) {
      testHooks?.useFrameDrawingPath(path);
      const taken = () => (impl === 'native' ? 'native' : testHooks.lastFrameDrawingPath());
      const byCase = [];
      for (const frame of frames) {
        const r = {};
        r.draw = drawnPixels(frame);
        r.drawPath = taken();
        r.bitmap = await bitmapPixels(await createImageBitmap(frame));
        r.bitmapPath = taken();
        r.texture = textureUpload(frame, 'webgl2');
        r.texturePath = r.texture.unavailable ? null : taken();
        byCase.push(r);
      }
      const pair = await Promise.all([createImageBitmap(frames[0]), createImageBitmap(frames[1])]);
      results[path] = { cases: byCase, bitmapPair: [await bitmapPixels(pair[0]), await bitmapPixels(pair[1])] };
    }
  } finally {
    testHooks?.useFrameDrawingPath('auto');
    for (const frame of frames) frame.close();
  }
  return results;
}

/**
 * The GPU path's context lost (WEBGL_lose_context) between two draws of one frame: the draw after
 * the loss, and the one after that, with the way each took.
 */
export async function drawingContextLoss({ api, testHooks }, { testCase }) {
  const c = testCase;
  const frame = new api.VideoFrame(makeFrameData(c.format, c.width, c.height, c.seed), {
    format: c.format, codedWidth: c.width, codedHeight: c.height, timestamp: 0, ...c.init,
  });
  testHooks.useFrameDrawingPath('webgl2');
  try {
    const before = { pixels: drawnPixels(frame), path: testHooks.lastFrameDrawingPath() };
    const gl = testHooks.frameDrawingContext();
    if (!gl) return { before, unavailable: true };
    gl.getExtension('WEBGL_lose_context').loseContext();
    const lost = { pixels: drawnPixels(frame), path: testHooks.lastFrameDrawingPath() };
    const after = { pixels: drawnPixels(frame), path: testHooks.lastFrameDrawingPath() };
    return { before, lost, after, newContext: testHooks.frameDrawingContext() !== gl };
  } finally {
    testHooks.useFrameDrawingPath('auto');
    frame.close();
  }
}

/** Frames from image sources: attributes, copyTo() bytes, and the exceptions of unusable sources. */
export async function framesFromImages({ api }, { taintedUrl }) {
  const canvas = document.createElement('canvas');
  canvas.width = 7;
  canvas.height = 5;
  const g = canvas.getContext('2d');
  for (let x = 0; x < 7; x++) {
    g.fillStyle = `rgb(${x * 30},${255 - x * 30},${x * 10 + 5})`;
    g.fillRect(x, 0, 1, 5);
  }
  const offscreen = new OffscreenCanvas(6, 4);
  offscreen.getContext('2d').drawImage(canvas, 0, 0);
  const bitmap = await createImageBitmap(canvas);
  const image = new Image();
  image.src = canvas.toDataURL();
  await image.decode();
  const sources = { canvas, offscreen, bitmap, image };
  const inits = [
    { timestamp: 3 },
    { timestamp: -7, duration: 40, alpha: 'discard' },
    { timestamp: 3, visibleRect: { x: 1, y: 1, width: 4, height: 3 }, displayWidth: 8, displayHeight: 6, rotation: 90, flip: true },
    { timestamp: 3, visibleRect: { x: 5, y: 0, width: 4, height: 3 } },
    { timestamp: 3, displayWidth: 0, displayHeight: 6 },
    { duration: 5 },
  ];
  const describeFrame = async (frame) => {
    const bytes = new Uint8Array(frame.allocationSize());
    await frame.copyTo(bytes);
    const rect = frame.visibleRect;
    return {
      format: frame.format, codedWidth: frame.codedWidth, codedHeight: frame.codedHeight,
      visibleRect: [rect.x, rect.y, rect.width, rect.height], displayWidth: frame.displayWidth, displayHeight: frame.displayHeight,
      timestamp: frame.timestamp, duration: frame.duration, rotation: frame.rotation, flip: frame.flip,
      colorSpace: frame.colorSpace.toJSON(), bytes: Array.from(bytes),
    };
  };
  const results = {};
  for (const [name, source] of Object.entries(sources)) {
    for (const [i, init] of inits.entries()) {
      results[`${name} init ${i}`] = await attemptAsync(async () => {
        const frame = new api.VideoFrame(source, init);
        try {
          return await describeFrame(frame);
        } finally {
          frame.close();
        }
      });
    }
  }
  const closedBitmap = await createImageBitmap(canvas);
  closedBitmap.close();
  const emptyCanvas = document.createElement('canvas');
  emptyCanvas.width = 0;
  const unusable = {
    'undecoded image': new Image(),
    'closed ImageBitmap': closedBitmap,
    'canvas of width 0': emptyCanvas,
    'video element without data': document.createElement('video'),
    'plain object': {},
    'ImageData': g.getImageData(0, 0, 2, 2),
    'null': null,
  };
  for (const [name, source] of Object.entries(unusable)) {
    results[`unusable: ${name}`] = attempt(() => new api.VideoFrame(source, { timestamp: 0 }));
  }
  if (taintedUrl) {
    const tainted = new Image();
    tainted.src = taintedUrl;
    await tainted.decode();
    results['tainted image'] = attempt(() => new api.VideoFrame(tainted, { timestamp: 0 }));
    const taintedCanvas = document.createElement('canvas');
    taintedCanvas.width = tainted.naturalWidth;
    taintedCanvas.height = tainted.naturalHeight;
    taintedCanvas.getContext('2d').drawImage(tainted, 0, 0);
    results['tainted canvas'] = attempt(() => new api.VideoFrame(taintedCanvas, { timestamp: 0 }));
  }
  // A frame of a frame: the polyfill's frames are valid sources for its constructor.
  results['frame of a frame'] = await attemptAsync(async () => {
    const first = new api.VideoFrame(canvas, { timestamp: 1, rotation: 90 });
    const second = new api.VideoFrame(first, { timestamp: 2, rotation: 90, flip: true });
    first.close();
    try {
      return await describeFrame(second);
    } finally {
      second.close();
    }
  });
  return results;
}

export const drawingScenarios = { copyToRgb, drawFrames, drawingPaths, drawingContextLoss, framesFromImages };
