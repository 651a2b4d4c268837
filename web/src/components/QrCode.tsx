import { encode } from 'uqr';

/**
 * A QR code drawn as SVG from its text (an `otpauth://` setup link), for a phone's camera: dark modules
 * on white with the four-module quiet zone scanners expect, whatever the page's colour scheme.
 */
export function QrCode({ value, label, size = 192 }: { value: string; label: string; size?: number }) {
  const qr = encode(value, { ecc: 'M', border: 4 });
  let d = '';
  qr.data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      shapeRendering="crispEdges"
    >
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
