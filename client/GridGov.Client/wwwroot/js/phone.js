// What the phone pages share (the member's js/field.js and the cadre's js/cadre.js): the connection, the position,
// the photo re-encode and the hand-over of the app shell to the service worker (sw.js). Each page keeps its own queue.

/** Whether the browser believes it is online. */
export function online() { return navigator.onLine; }

/** Tells the page (its [JSInvokable] OnlineChanged) when the connection comes and goes. */
export function watchOnline(dotnet) {
  const tell = () => dotnet.invokeMethodAsync('OnlineChanged', navigator.onLine).catch(() => { });
  addEventListener('online', tell);
  addEventListener('offline', tell);
}

/**
 * The phone's position (WGS84) with its accuracy in metres, or { error } when refused or unavailable.
 * `fresh`: a check-in wants a new fix, not one the phone remembers; sorting a list may use a minute-old one.
 */
export function locate(fresh = false) {
  return new Promise(resolve => {
    if (!navigator.geolocation) { resolve({ error: 'unsupported' }); return; }
    navigator.geolocation.getCurrentPosition(
      p => resolve({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
      e => resolve({ error: e.code === 1 ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: true, timeout: fresh ? 20000 : 15000, maximumAge: fresh ? 0 : 60000 });
  });
}

export const MAX_SIDE = 1600, MAX_BYTES = 2 * 1024 * 1024;

/** A photo re-encoded through a canvas, which drops every EXIF field: at most 1600 px on the long side and 2 MB. */
export async function reencodePhoto(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close?.();
  let blob = null;
  for (const q of [0.85, 0.7, 0.55, 0.4]) {
    blob = await new Promise(r => canvas.toBlob(r, 'image/jpeg', q));
    if (blob.size <= MAX_BYTES) break;
  }
  return { blob, width: canvas.width, height: canvas.height };
}

// Paths the service worker never keeps (sw.js has the same list): answers of the API are the pages' own business.
const API = /^\/(graphql|auth|tiles|viewer|declarations|check-ins|imports|healthz|exports|ogc)/;

/**
 * Hands the files this page loaded (the .NET runtime, the app, styles) to the service worker to keep for offline
 * starts; resolves to how many of them the worker holds, so a page says 「可离线使用」 only when it is true.
 */
export async function cacheShell() {
  if (!('serviceWorker' in navigator)) return { cached: 0, total: 0 };
  const reg = await navigator.serviceWorker.ready;
  // Only what loaded (a 404 such as a missing favicon would otherwise keep the page from ever saying it is ready).
  const loaded = e => e.responseStatus === undefined || (e.responseStatus >= 200 && e.responseStatus < 300);
  const urls = [...new Set(performance.getEntriesByType('resource').filter(loaded).map(e => e.name)
    .filter(u => u.startsWith(location.origin) && !API.test(new URL(u).pathname)))];
  const done = new Promise(resolve => {
    const ch = new MessageChannel();
    ch.port1.onmessage = e => resolve(e.data);
    reg.active.postMessage({ type: 'cache-urls', urls }, [ch.port2]);
  });
  return { cached: await done, total: urls.length };
}
