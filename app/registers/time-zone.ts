// Registers keep their device's IANA zone: the FN speaks local time, the box stores UTC.

/** True for a zone the runtime's time-zone database knows (Intl throws a RangeError otherwise). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
