/**
 * The methods and attributes VideoEncoder (§6) and AudioEncoder (§5) share, over the same
 * CodecCore as the decoders (codec_base.ts). Each subclass adds its constructor, its encode()
 * (which turns a frame or audio into a QueuedInput) and the static isConfigSupported().
 */
import { CODEC, CodecBase, ConfigureRequest, MediaOutput, QueuedInput } from './codec_base';
import type { CodecKind } from './transport/transport';

/** What distinguishes VideoEncoder from AudioEncoder for EncoderBase. */
export interface EncoderSpec<Tag, Chunk, Metadata> {
  kind: CodecKind;
  /** 'VideoEncoderInit' / 'AudioEncoderInit'. */
  initName: string;
  /** configure() step 1 (TypeError for an invalid config) and the synchronous support checks. */
  prepareConfigure(config: unknown): ConfigureRequest<Tag>;
  /** "Output EncodedVideoChunks" / "Output EncodedAudioChunks" (§6.6, §5.6) for one core output. */
  makeOutput(output: MediaOutput, activeConfig: Tag): [Chunk, Metadata];
}

export abstract class EncoderBase<Config, Tag, Chunk, Metadata> extends CodecBase<Tag, [Chunk, Metadata]> {
  readonly #spec: EncoderSpec<Tag, Chunk, Metadata>;

  protected constructor(init: unknown, spec: EncoderSpec<Tag, Chunk, Metadata>) {
    super(init, spec.initName, spec.kind, spec.makeOutput);
    this.#spec = spec;
  }

  /** Pending encode requests the codec has not taken yet. */
  get encodeQueueSize(): number {
    return this[CODEC].queueSize;
  }

  /**
   * configure(): TypeError for an invalid config, InvalidStateError when closed; an unsupported
   * config closes the encoder with NotSupportedError through the error callback, asynchronously.
   */
  configure(config: Config): void {
    const request = this.#spec.prepareConfigure(config);
    this[CODEC].configure(request);
    this.configured(request.activeConfig);
  }

  /** Called after a configure() that queued `activeConfig`: the tag encode() calls now belong to. */
  protected abstract configured(activeConfig: Tag): void;

  /** Throws InvalidStateError unless configured (encode() step 2, before anything is cloned). */
  protected requireConfigured(): void {
    this[CODEC].requireConfigured('encode');
  }

  /** Queues an encode control message holding `input` (encode() steps 3–6). */
  protected queueEncode(input: QueuedInput): void {
    this[CODEC].encode(input);
  }
}
