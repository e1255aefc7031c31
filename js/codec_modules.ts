/**
 * Codec modules (docs/MODULE_SPLIT.md): the core holds no codec; FFmpeg's decoders and encoders
 * and the libraries behind them come in wasm side modules that the core links in on demand, so
 * a page fetches only the codecs it uses. A channel's configure() waits (returns false, then a
 * 'space' output) until the modules its codec needs are in; every later codec of the realm finds
 * them loaded.
 */
import { coreSupport, codecModuleUrls } from 'wcw:core-support';
import type { ChannelOutput, CodecKind } from './transport/transport';
import { assetUrl } from './asset_url';
import { wasmSimdSupported } from './wasm_simd';

/**
 * The FFmpeg decoders each image container's frames go through (src/image/*_frames.h,
 * decoderName()); JPEG and WebP are decoded by libjpeg-turbo and libwebp (the "image" module).
 */
const imageContainerDecoders: Record<string, string[]> = {
  gif: ['gif'],
  png: ['png', 'apng'],
  bmp: ['bmp'],
  avif: ['libdav1d'],
  jpeg: [],
  webp: [],
};

/** The modules a codec of `kind` named `codec` (FFmpeg name, or an image container) needs. */
export function codecModulesFor(variant: 'mt' | 'st', kind: CodecKind, codec: string): string[] {
  const modules = coreSupport[variant].modules;
  const moduleWith = (role: 'decoders' | 'encoders', name: string): string[] =>
    Object.keys(modules).filter((module) => modules[module]![role].includes(name));
  // Video codecs and images convert pictures with swscale ("video"); ImageDecoder's own readers
  // use libwebp and libjpeg-turbo ("image").
  switch (kind) {
    case 'video-encoder':
      return [...moduleWith('encoders', codec), 'video'];
    case 'audio-encoder':
      return moduleWith('encoders', codec);
    case 'image-decoder':
      return [...new Set(['image', 'video', ...(imageContainerDecoders[codec] ?? []).flatMap((decoder) => moduleWith('decoders', decoder))])];
    case 'video-decoder':
      return [...moduleWith('decoders', codec), 'video'];
    default:
      return moduleWith('decoders', codec);
  }
}

let moduleBuild: 'simd' | 'scalar' | null = null;

/**
 * Which build of the modules that have a SIMD variant (their codec library's wasm SIMD kernels,
 * docs/SIMD.md) this realm loads: 'simd' where the engine has wasm SIMD, decided at the first
 * module load. Both variants register the same codecs and encode the same bytes.
 */
export function codecModuleBuild(): 'simd' | 'scalar' {
  return (moduleBuild ??= wasmSimdSupported() ? 'simd' : 'scalar');
}

/** Forces the build of the modules loaded from now on (tests and the bench compare the two). */
export function useCodecModuleBuild(build: 'simd' | 'scalar'): void {
  moduleBuild = build;
}

/** A module's file in this realm's build. */
function codecModuleFile(variant: 'mt' | 'st', module: string): string {
  const { file, simdFile } = coreSupport[variant].modules[module]!;
  return simdFile && codecModuleBuild() === 'simd' ? simdFile : file;
}

/** Where a module's file is: beside this script, found as bundlers expect (js/asset_url.ts). */
function codecModuleUrl(variant: 'mt' | 'st', file: string): URL {
  return assetUrl(codecModuleUrls[variant][file]!, `./${file}`);
}

/**
 * The modules one core has loaded or is loading. Every module a codec needs is fetched at once;
 * they are linked one at a time: Emscripten 3.1.6's dlopen holds its loader lock until a module
 * is in, and a second link started meanwhile on the same thread would wait on it forever.
 */
export class CodecModuleSet {
  readonly #loads = new Map<string, Promise<void>>();
  readonly #loaded = new Set<string>();
  readonly #linkedFiles: string[] = [];
  #lastLink: Promise<unknown> = Promise.resolve();

  /**
   * @param fetchModule a module's bytes, from its URL.
   * @param link links one module (its file name, its bytes) into the core, registering its codecs.
   */
  constructor(
    private readonly variant: 'mt' | 'st',
    private readonly fetchModule: (url: URL) => Promise<Uint8Array>,
    private readonly link: (file: string, bytes: Uint8Array) => Promise<void>,
  ) {}

  /** undefined when everything `kind`/`codec` needs is loaded; otherwise when it will be. */
  pendingFor(kind: CodecKind, codec: string): Promise<void> | undefined {
    const missing = codecModulesFor(this.variant, kind, codec).filter((module) => !this.#loaded.has(module));
    if (missing.length === 0) return undefined;
    return Promise.all(missing.map((module) => this.#ensure(module))).then(() => undefined);
  }

  /**
   * A channel's configure(): true when everything its codec needs is loaded. Otherwise false,
   * then `loaded()` once it is, or `failed(output)` (NotSupportedError) if a module cannot load.
   */
  readyFor(kind: CodecKind, codec: string, seq: number, loaded: () => void, failed: (output: ChannelOutput) => void): boolean {
    const loading = this.pendingFor(kind, codec);
    if (!loading) return true;
    loading.then(loaded, (e: unknown) => failed(moduleLoadError(seq, e)));
    return false;
  }

  /** The files linked so far, in link order. */
  linkedFiles(): string[] {
    return [...this.#linkedFiles];
  }

  #ensure(module: string): Promise<void> {
    let load = this.#loads.get(module);
    if (!load) {
      const file = codecModuleFile(this.variant, module);
      const bytes = this.fetchModule(codecModuleUrl(this.variant, file));
      bytes.catch(() => {}); // reported by the link below
      const linkNext = () => bytes.then((b) => this.link(file, b)).then(() => { this.#linkedFiles.push(file); });
      load = this.#lastLink.then(linkNext, linkNext);
      load.then(
        () => this.#loaded.add(module),
        () => this.#loads.delete(module), // a later configure() tries again
      );
      this.#loads.set(module, load);
      this.#lastLink = load;
    }
    return load;
  }
}

/** The output a configure() gets when a module it needs cannot load (a network error): the codec
 *  closes with NotSupportedError, as for a codec the build lacks (ImageDecoder: EncodingError). */
function moduleLoadError(seq: number, e: unknown): ChannelOutput {
  return { type: 'error', seq, name: 'NotSupportedError', message: `webcodecs-wasm: a codec module did not load: ${String(e)}` };
}

/** A module's bytes, fetched (the core's loader takes bytes: src/codec_modules.cc). */
export async function fetchCodecModule(url: URL): Promise<Uint8Array> {
  const response = await fetch(url.href, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${url.href}`);
  return new Uint8Array(await response.arrayBuffer());
}
