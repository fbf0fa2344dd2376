// The resident's position from the browser, with errors a resident can act on.

export interface Fix {
  lon: number;
  lat: number;
  accuracyM: number; // radius of 68 % confidence, as the browser reports it
}

export const poorFixM = 100; // beyond this the pin could sit on the wrong block: ask before using it

const locateTimeoutMs = 20_000; // a cold GPS start indoors can take this long
const maxFixAgeMs = 5_000; // ms: an older fix may be a block behind a resident who walked on, beyond the 50 m "me too" radius

export function canLocate(): boolean {
  return 'geolocation' in navigator;
}

export function locate(): Promise<Fix> {
  return new Promise((resolve, reject) => {
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({ lon: position.coords.longitude, lat: position.coords.latitude, accuracyM: position.coords.accuracy }),
      (error) => reject(new Error(locateErrorMessage(error))),
      { enableHighAccuracy: true, timeout: locateTimeoutMs, maximumAge: maxFixAgeMs },
    );
  });
}

function locateErrorMessage(error: GeolocationPositionError): string {
  switch (error.code) {
    case error.PERMISSION_DENIED:
      return 'Location permission is off. Tap the map where the problem is instead.';
    case error.TIMEOUT:
      return 'Finding your location took too long. Tap the map where the problem is instead.';
    default:
      return 'Your location is not available right now. Tap the map where the problem is instead.';
  }
}
