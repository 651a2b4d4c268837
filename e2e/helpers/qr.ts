import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { Locator } from 'playwright-core';

// jsqr is CommonJS whose typings declare an ES default export; under NodeNext the default import is the module.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

/** What a phone's camera reads from the QR code on screen: the element's pixels, decoded. */
export async function scanQr(code: Locator): Promise<string | undefined> {
  const png = PNG.sync.read(await code.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}
