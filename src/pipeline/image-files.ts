import { MappedImage } from './image-mapping';

/** `dist/<cluster>/images.txt`: every image the manifests use, one per line, sorted; the same list `hanok images` prints. */
export function renderImagesTxt(images: readonly MappedImage[]): string {
  return images.map((image) => `${image.image}\n`).join('');
}

/**
 * `dist/<cluster>/image-sources.txt`: `<image> <source>` per image, where scripts/node/mirror-images.sh copies each
 * image from. When the two are equal the image is pulled from where it is and needs no copy.
 */
export function renderImageSources(header: string, images: readonly MappedImage[]): string {
  const lines = [
    '# <image as the manifests name it> <where scripts/node/mirror-images.sh copies it from>; equal when nothing is copied.',
    ...images.map((image) => `${image.image} ${image.source}`),
  ];
  return `${header}${lines.join('\n')}\n`;
}
