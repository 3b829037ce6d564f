// The member's phone page (我的网格): the offline queue (IndexedDB), the draft photo, geolocation, the photo's
// resizing and EXIF, and the app-shell cache hand-over to the service worker. No map code: maps go through lib/gridmap.js.
import { reencodePhoto } from './phone.js';
export { online, watchOnline, locate, cacheShell } from './phone.js';

const DB = 'gridgov-field', QUEUE = 'queue', BLOBS = 'blobs';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(QUEUE, { keyPath: 'clientId' });
      req.result.createObjectStore(BLOBS);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(store, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(store, mode);
    const result = fn(t.objectStore(store));
    t.oncomplete = () => { db.close(); resolve(result?.result); };
    t.onerror = () => { db.close(); reject(t.error); };
  });
}

/** Queued items, oldest first, without their photos (Blazor gets plain JSON). */
export async function queued() {
  const all = (await tx(QUEUE, 'readonly', s => s.getAll())) ?? [];
  return all.sort((a, b) => a.createdAt - b.createdAt).map(({ photo, ...rest }) => ({ ...rest, hasPhoto: !!photo }));
}

/** Puts an item in the queue; with the draft photo attached when asked (a copy per household). */
export async function enqueue(item, withDraftPhoto) {
  const photo = withDraftPhoto ? await tx(BLOBS, 'readonly', s => s.get('draft')) : null;
  await tx(QUEUE, 'readwrite', s => s.put({ ...item, createdAt: item.createdAt ?? Date.now(), photo: photo ?? null }));
}

export function dequeue(clientId) { return tx(QUEUE, 'readwrite', s => s.delete(clientId)); }

/** Clears an item's error so the next sync tries it again. */
export async function retry(clientId) {
  const item = await tx(QUEUE, 'readonly', s => s.get(clientId));
  if (item) { delete item.error; await tx(QUEUE, 'readwrite', s => s.put(item)); }
}

/** Brings a part of the page into view (the map, from a household's 「地图」). */
export function scrollToId(id) { document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' }); }


class Offline extends Error { }

async function post(path, token, init) {
  try {
    return await fetch(path, { ...init, headers: { ...(init.headers ?? {}), Authorization: 'Bearer ' + token } });
  } catch {
    throw new Offline('offline');
  }
}

async function errorOf(res) {
  const body = await res.json().catch(() => null);
  const e = body?.errors?.[0];
  const x = e?.extensions ?? {};
  return { code: x.code ?? 'HTTP_' + res.status, message: x.zh ?? e?.message ?? 'HTTP ' + res.status, reason: x.reason ?? null };
}

// Worth trying again later rather than showing the member an error.
const transient = code => code === 'UNAVAILABLE' || code === 'INTERNAL' || /^HTTP_5/.test(code);

/**
 * Sends one item: the mutation, then its photo. Returns { ok, declarationId } or { ok: false, offline } or
 * { ok: false, code, message, reason }. The declaration id is kept on a queued item, so a photo that failed is
 * sent alone next time; resending the mutation would be harmless anyway (the client id is an idempotency key).
 */
async function send(item, token, photo) {
  let id = item.declarationId ?? null;
  try {
    if (!id || item.kind !== 'submit') {
      const res = await post('graphql', token, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: item.query, variables: item.variables }),
      });
      const body = await res.json().catch(() => null);
      if (!body || body.errors?.length) {
        const e = body ? { code: body.errors[0].extensions?.code ?? 'ERROR', message: body.errors[0].extensions?.zh ?? body.errors[0].message, reason: body.errors[0].extensions?.reason ?? null }
          : { code: 'HTTP_' + res.status, message: 'HTTP ' + res.status };
        return transient(e.code) ? { ok: false, offline: true } : { ok: false, ...e };
      }
      id = Object.values(body.data)[0]?.id ?? null;
    }
    if (photo && id && item.kind !== 'withdraw') {
      item.declarationId = id;
      const res = await post(`declarations/${id}/photo`, token, { method: 'PUT', headers: { 'Content-Type': 'image/jpeg' }, body: photo });
      if (!res.ok) {
        const e = await errorOf(res);
        return transient(e.code) ? { ok: false, offline: true, declarationId: id } : { ok: false, ...e, declarationId: id };
      }
    }
    return { ok: true, declarationId: id };
  } catch (e) {
    if (e instanceof Offline) return { ok: false, offline: true, declarationId: id };
    throw e;
  }
}

/** Sends a form's item at once (not queued), with the draft photo if asked. */
export async function sendNow(item, token, withDraftPhoto) {
  const photo = withDraftPhoto ? await tx(BLOBS, 'readonly', s => s.get('draft')) : null;
  return send(item, token, photo);
}

let syncing = null;

/** Sends the queue in order; stops at the first lost connection. Items the server refused keep their error. */
export function sync(token) {
  syncing ??= (async () => {
    const results = [];
    try {
      const items = (await tx(QUEUE, 'readonly', s => s.getAll())).sort((a, b) => a.createdAt - b.createdAt);
      for (const item of items) {
        if (item.error) continue;
        const r = await send(item, token, item.photo);
        if (r.ok) { await dequeue(item.clientId); results.push({ clientId: item.clientId, ok: true }); continue; }
        if (r.offline) {
          if (r.declarationId) { item.declarationId = r.declarationId; await tx(QUEUE, 'readwrite', s => s.put(item)); }
          break;
        }
        item.error = { code: r.code, message: r.message, reason: r.reason ?? null };
        if (r.declarationId) item.declarationId = r.declarationId;
        await tx(QUEUE, 'readwrite', s => s.put(item));
        results.push({ clientId: item.clientId, ok: false, code: r.code, message: r.message });
      }
    } finally {
      syncing = null;
    }
    return results;
  })();
  return syncing;
}

// ---- the draft photo --------------------------------------------------------------------------------------

/**
 * Reads the chosen photo: its EXIF GPS position (shown to the member), then a re-encode through a canvas, which
 * drops every EXIF field, at most 1600 px on the long side and 2 MB. Kept in IndexedDB as the draft's photo.
 */
export async function takePhoto(inputId) {
  const file = document.getElementById(inputId)?.files?.[0];
  if (!file) return null;
  const gps = exifGps(await file.slice(0, 256 * 1024).arrayBuffer());
  const { blob, width, height } = await reencodePhoto(file);
  await tx(BLOBS, 'readwrite', s => s.put(blob, 'draft'));
  return { width, height, bytes: blob.size, lat: gps?.lat ?? null, lon: gps?.lon ?? null, url: URL.createObjectURL(blob) };
}

/** The draft's photo after a reload, or null. */
export async function draftPhoto() {
  const blob = await tx(BLOBS, 'readonly', s => s.get('draft'));
  return blob ? { bytes: blob.size, url: URL.createObjectURL(blob) } : null;
}

export function dropDraftPhoto() { return tx(BLOBS, 'readwrite', s => s.delete('draft')); }

/** A declaration's stored photo (the GET needs the token, so an <img> cannot load it by itself). */
export async function photoUrl(path, token) {
  const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token } }).catch(() => null);
  return res?.ok ? URL.createObjectURL(await res.blob()) : null;
}

/** The EXIF GPS position of a JPEG (WGS84 degrees), or null. */
export function exifGps(buffer) {
  const v = new DataView(buffer);
  if (v.byteLength < 4 || v.getUint16(0) !== 0xFFD8) return null;
  let p = 2;
  while (p + 4 <= v.byteLength) {
    const marker = v.getUint16(p), len = v.getUint16(p + 2);
    if (marker === 0xFFE1 && v.getUint32(p + 4) === 0x45786966) return tiffGps(v, p + 10);
    if (marker === 0xFFDA || (marker & 0xFF00) !== 0xFF00) return null;
    p += 2 + len;
  }
  return null;
}

function tiffGps(v, t) {
  const le = v.getUint16(t) === 0x4949;
  const u16 = o => v.getUint16(t + o, le), u32 = o => v.getUint32(t + o, le);
  const entries = (ifd) => Array.from({ length: u16(ifd) }, (_, i) => ifd + 2 + i * 12);
  const gpsEntry = entries(u32(4)).find(e => u16(e) === 0x8825);
  if (gpsEntry === undefined) return null;
  const tags = {};
  for (const e of entries(u32(gpsEntry + 8))) tags[u16(e)] = e;
  const ref = tag => tags[tag] === undefined ? null : String.fromCharCode(v.getUint8(t + tags[tag] + 8));
  const deg = tag => {
    if (tags[tag] === undefined) return null;
    const o = u32(tags[tag] + 8);
    const r = i => u32(o + i * 8) / u32(o + i * 8 + 4);
    return r(0) + r(1) / 60 + r(2) / 3600;
  };
  const lat = deg(2), lon = deg(4);
  if (lat === null || lon === null || !isFinite(lat) || !isFinite(lon)) return null;
  return { lat: ref(1) === 'S' ? -lat : lat, lon: ref(3) === 'W' ? -lon : lon };
}
