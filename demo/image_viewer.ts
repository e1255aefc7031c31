// The demo's image section: an image (a dropped file or the bundled animated GIF) decoded frame
// by frame with the page's ImageDecoder (this package's or the browser's own), drawn to a canvas.

const TYPES: Record<string, string> = {
  gif: 'image/gif', png: 'image/png', apng: 'image/apng', jpg: 'image/jpeg', jpeg: 'image/jpeg',
  bmp: 'image/bmp', webp: 'image/webp', avif: 'image/avif',
};

/** The MIME type of a file, from its own type or its name's extension. */
export function imageType(file: { name: string; type: string }): string {
  return file.type || TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''] || 'application/octet-stream';
}

export interface ImageView {
  frameCount: number;
  repetitionCount: number;
  /** Draws frame `index` and says what it is. */
  show(index: number): Promise<string>;
  close(): void;
}

/** Opens `bytes` of `type` with the page's ImageDecoder. */
export async function openImage(bytes: ArrayBuffer, type: string, canvas: HTMLCanvasElement): Promise<ImageView> {
  if (!(await ImageDecoder.isTypeSupported(type))) throw new Error(`This ImageDecoder cannot decode ${type}.`);
  const decoder = new ImageDecoder({ type, data: bytes });
  await decoder.tracks.ready;
  const track = decoder.tracks.selectedTrack!;
  const g = canvas.getContext('2d')!;
  return {
    frameCount: track.frameCount,
    repetitionCount: track.repetitionCount,
    async show(index) {
      const { image } = await decoder.decode({ frameIndex: index });
      canvas.width = image.displayWidth;
      canvas.height = image.displayHeight;
      g.drawImage(image, 0, 0);
      const what = `frame ${index + 1}/${track.frameCount}: ${image.format} ${image.displayWidth}×${image.displayHeight}, ` +
        `at ${(image.timestamp / 1000).toFixed(0)} ms for ${image.duration === null ? '–' : (image.duration / 1000).toFixed(0) + ' ms'}`;
      image.close();
      return what;
    },
    close: () => decoder.close(),
  };
}
