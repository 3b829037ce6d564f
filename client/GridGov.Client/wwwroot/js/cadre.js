// The cadre's check-in phone page (定点签到): its own offline queue (IndexedDB, apart from the member's in js/field.js),
// geolocation, and the app-shell hand-over to the service worker. A queued check-in keeps the instant it was made and
// a client id, so the server stores it once however often it is sent.
import { reencodePhoto, locate as locateAny } from './phone.js';
export { online, watchOnline, cacheShell } from './phone.js';

const DB = 'gridgov-cadre', QUEUE = 'queue';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(QUEUE, { keyPath: 'clientId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(QUEUE, mode);
    const result = fn(t.objectStore(QUEUE));
    t.oncomplete = () => { db.close(); resolve(result?.result); };
    t.onerror = () => { db.close(); reject(t.error); };
  });
}

/** A UUID for a new check-in (its idempotency key on the server). */
export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Queued check-ins of this account, oldest first. */
export async function queued(user) {
  const all = (await tx('readonly', s => s.getAll())) ?? [];
  return all.filter(i => i.user === user).sort((a, b) => a.createdAt - b.createdAt);
}

/** The queue for the page: plain JSON, a photo only flagged. */
export async function listed(user) { return (await queued(user)).map(({ photo, ...rest }) => ({ ...rest, hasPhoto: !!photo })); }


export function dequeue(clientId) { return tx('readwrite', s => s.delete(clientId)); }


// Worth trying again later rather than showing the cadre an error.
const transient = code => code === 'UNAVAILABLE' || code === 'INTERNAL' || /^HTTP_5/.test(code);

/** Sends one item (a check-in or a work log entry) and then its photo: { ok, data } or { ok: false, offline } or { ok: false, code, message }. */
async function send(item, token) {
  if (!item.sentId) {
    const r = await sendMutation(item, token);
    if (!r.ok || !item.photo) return r;
    item.sentId = r.data?.id;
  }
  // The photo after the check-in it belongs to; a photo the server already has is accepted again (a retry).
  let res;
  try {
    res = await fetch(`check-ins/${item.sentId}/photo`, { method: 'PUT', headers: { 'Content-Type': 'image/jpeg', Authorization: 'Bearer ' + token }, body: item.photo });
  } catch {
    return { ok: false, offline: true, sentId: item.sentId };
  }
  if (res.ok) return { ok: true, data: { id: item.sentId } };
  const body = await res.json().catch(() => null);
  const x = body?.errors?.[0]?.extensions ?? {};
  const e = { code: x.code ?? 'HTTP_' + res.status, message: x.zh ?? 'HTTP ' + res.status };
  return transient(e.code) || res.status >= 500 ? { ok: false, offline: true, sentId: item.sentId } : { ok: false, ...e, sentId: item.sentId };
}

async function sendMutation(item, token) {
  let res;
  try {
    res = await fetch('graphql', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify({ query: item.query, variables: item.variables }),
    });
  } catch {
    return { ok: false, offline: true };
  }
  const body = await res.json().catch(() => null);
  if (!body || body.errors?.length) {
    const x = body?.errors?.[0];
    const e = x ? { code: x.extensions?.code ?? 'ERROR', message: x.extensions?.zh ?? x.message } : { code: 'HTTP_' + res.status, message: 'HTTP ' + res.status };
    return transient(e.code) ? { ok: false, offline: true } : { ok: false, ...e };
  }
  return { ok: true, data: Object.values(body.data)[0] };
}

/** Sends an item at once (not queued), with the draft photo if asked; the item keeps the photo if it must be queued. */
export async function sendNow(item, token, withPhoto) {
  if (withPhoto && draft) item.photo = draft;
  const r = await send(item, token);
  if (r.sentId) item.sentId = r.sentId;
  if (!r.ok && r.offline) pending = item;
  return r;
}

let pending = null;

/** Queues an item; the one sendNow could not finish keeps its photo and the id the server gave it. */
export async function enqueue(item, withPhoto) {
  const full = pending?.clientId === item.clientId ? { ...item, ...pending } : { ...item, photo: withPhoto ? draft : null };
  pending = null;
  await tx('readwrite', s => s.put({ ...full, createdAt: full.createdAt ?? Date.now() }));
}

// ---- the photo taken with a check-in ---------------------------------------------------------------------

let draft = null;

/** Reads the chosen photo and re-encodes it through a canvas (which drops EXIF): ≤ 1600 px, ≤ 2 MB. */
export async function takePhoto(inputId) {
  const file = document.getElementById(inputId)?.files?.[0];
  if (!file) { draft = null; return null; }
  const { blob, width, height } = await reencodePhoto(file);
  draft = blob;
  return { width, height, bytes: blob.size };
}

export function dropPhoto() { draft = null; const i = document.getElementById('checkin-photo'); if (i) i.value = ''; }

let syncing = null;

/** Sends the account's queue in order; stops at the first lost connection. Items the server refused keep their error. */
export function sync(user, token) {
  syncing ??= (async () => {
    const results = [];
    try {
      for (const item of await queued(user)) {
        if (item.error) continue;
        const r = await send(item, token);
        if (r.ok) { await dequeue(item.clientId); results.push({ clientId: item.clientId, ok: true }); continue; }
        if (r.sentId) item.sentId = r.sentId;
        if (r.offline) { await tx('readwrite', s => s.put(item)); break; }
        item.error = { code: r.code, message: r.message };
        await tx('readwrite', s => s.put(item));
        results.push({ clientId: item.clientId, ok: false, code: r.code, message: r.message });
      }
    } finally {
      syncing = null;
    }
    return results;
  })();
  return syncing;
}

/** A fresh position for a check-in (not one the phone remembers). */
export function locate() { return locateAny(true); }
