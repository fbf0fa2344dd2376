// Which clock a WiGLE file's FirstSeen times were written on. The WiGLE Android app wrote the phone's
// local time, without an offset, until release 2.78 (10 August 2023: "obey our own file spec times",
// wiglenet/wigle-wifi-wardriving #612, which set its date format to UTC); 2.78 and later write UTC,
// as the file format says. The phone's zone is not in the file, so the City's is assumed.
import { CITY } from '../city';

export const FIRST_UTC_RELEASE = { major: 2, minor: 78 }; // WiGLE app release that first wrote UTC (minor numbers count on: 2.9 < 2.78 < 2.100)

/** The IANA zone of a file's wall-clock times, from its pre-header's appRelease (e.g. "2.70", "2.87-FOSS"). */
export function fileTimeZone(appRelease: string | null): string {
  const version = /^(\d+)\.(\d+)/.exec(appRelease?.trim() ?? '');
  if (!version) return 'UTC'; // no pre-header, or a tool other than the app: the format's own zone
  const [major, minor] = [Number(version[1]), Number(version[2])];
  const local = major < FIRST_UTC_RELEASE.major || (major === FIRST_UTC_RELEASE.major && minor < FIRST_UTC_RELEASE.minor);
  return local ? CITY.timeZone : 'UTC';
}
