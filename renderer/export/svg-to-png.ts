/** Chromium's canvas limits: a side of 32,767 px and about 268 M pixels in all. */
const MAX_SIDE = 32_767;
const MAX_AREA = 268_000_000;

/**
 * An SVG drawn to a PNG at `ratio` image pixels per CSS pixel (the device pixel ratio), scaled
 * down only where the canvas could not hold it. The SVG goes in as a data: URL: the page's CSP
 * allows images from 'self' and data:, not blob:.
 */
export async function graphPng(svgText: string, cssWidth: number, cssHeight: number, ratio: number): Promise<Blob> {
  const scale = Math.min(ratio, MAX_SIDE / cssWidth, MAX_SIDE / cssHeight, Math.sqrt(MAX_AREA / (cssWidth * cssHeight)));
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(cssWidth * scale));
  canvas.height = Math.max(1, Math.round(cssHeight * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The browser gave no 2D canvas to draw the image on.');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG (the image may be too large).'))), 'image/png'),
  );
}
