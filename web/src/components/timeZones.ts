/** The IANA time zones this browser knows (Asia/Shanghai, Europe/London …), for pickers; empty if it cannot list them. */
export const timeZones: readonly string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();
