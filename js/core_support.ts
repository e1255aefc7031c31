/**
 * Whether the core has an FFmpeg decoder or encoder, or reads an image container: the last step
 * of "Check Configuration Support" (§7.1) and "Check Type Support" (§10.2.5), after everything
 * the config says was checked in JS.
 *
 * isConfigSupported() and isTypeSupported() answer from the build (`coreSupport`, written into
 * the bundle by scripts/build-dist.mjs, which asks the built cores), so they load nothing.
 * configure() and the ImageDecoder constructor, which need the core anyway, ask the loaded core.
 * Both answers are the same (test/browser/pages/support_scenarios.mjs compares them), except
 * when the core then fails to load (a network error): configure() reports that.
 */
import { coreSupport } from 'wcw:core-support';
import { coreVariant, getTransport } from './core_loader';
import type { CodecKind, CoreCodecConfig } from './transport/transport';

/** What the core is asked about: an FFmpeg decoder or encoder, or an image container. */
export type CoreCapability = 'decoder' | 'encoder' | 'image-container';

let askLoadedCore = false;

/** Tests: answer isConfigSupported()/isTypeSupported() from the loaded core instead (true). */
export function answerSupportFromLoadedCore(on: boolean): void {
  askLoadedCore = on;
}

/** Whether this realm can run its core at all: a core that cannot load supports nothing. */
function canRunCore(): boolean {
  if (typeof WebAssembly !== 'object') return false;
  return coreVariant() === 'mt' || typeof Worker === 'function';
}

/** The answer for isConfigSupported()/isTypeSupported(): from the build, without loading the core. */
export function coreHas(capability: CoreCapability, name: string, kind?: CodecKind): Promise<boolean> {
  if (askLoadedCore) return loadedCoreHas(capability, name, kind);
  return Promise.resolve(buildHas(capability, name));
}

/** From the build's description of the core this realm would load. */
function buildHas(capability: CoreCapability, name: string): boolean {
  if (!canRunCore()) return false;
  const build = coreSupport[coreVariant()];
  const names = capability === 'decoder' ? build.decoders : capability === 'encoder' ? build.encoders : build.imageContainers;
  return names.includes(name);
}

/**
 * Asks the core itself, loading it first, and the modules a codec of `kind` needs (only those
 * that register `name` when no kind is given); false when it cannot load. `opening`: the
 * configuration of a codec about to open (its threads start loading too).
 */
export async function loadedCoreHas(capability: CoreCapability, name: string, kind?: CodecKind, opening?: CoreCodecConfig): Promise<boolean> {
  try {
    const transport = getTransport();
    kind ??= capability === 'decoder' ? 'audio-decoder' : capability === 'encoder' ? 'audio-encoder' : 'image-decoder';
    // The codec's modules download while the core loads.
    await Promise.all([transport.ready, transport.prepareCodec(kind, name, opening)]);
    if (capability === 'decoder') return transport.hasDecoder(name);
    if (capability === 'encoder') return transport.hasEncoder(name);
    return transport.hasImageContainer(name);
  } catch {
    return false;
  }
}
