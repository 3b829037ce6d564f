// GridGov's service worker: keeps the app shell (the .NET runtime, the app, styles, the map module) so the member's
// phone page starts without a connection. Network first, the cache when offline; API calls are never cached here
// (the page keeps the member's own data and queue itself, see js/field.js).
const CACHE = 'gridgov-shell-v1';
const SHELL = ['./', 'index.html', 'css/app.css', 'css/field.css', 'lib/gridmap.js', 'lib/gridmap.css', 'js/field.js', 'js/cadre.js', 'js/phone.js', 'js/pwa.js', 'manifest.json', 'icons/icon-192.png'];
const API = /^\/(graphql|auth|tiles|viewer|declarations|check-ins|imports|healthz|exports|ogc)/;

self.addEventListener('install', e => {
  self.skipWaiting();
  e.waitUntil(caches.open(CACHE).then(c => c.addAll(SHELL)).catch(() => { }));
});

self.addEventListener('activate', e => e.waitUntil(self.clients.claim()));

// The page lists what it loaded before this worker controlled it (the first visit): fetch and keep those too.
self.addEventListener('message', e => {
  if (e.data?.type !== 'cache-urls') return;
  const work = caches.open(CACHE).then(async c => {
    let n = 0;
    for (const url of e.data.urls) {
      if (await c.match(url)) { n++; continue; }
      try { const res = await fetch(url, { cache: 'no-cache' }); if (res.ok) { await c.put(url, res); n++; } } catch { }
    }
    return n;
  });
  e.waitUntil(work.then(n => e.ports[0]?.postMessage(n)));
});

self.addEventListener('fetch', e => {
  const req = e.request, url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || API.test(url.pathname)) return;
  e.respondWith(networkFirst(req, url));
});

async function networkFirst(req, url) {
  const cache = await caches.open(CACHE);
  // Every page of the viewer is index.html (Blazor routes in the browser).
  const key = req.mode === 'navigate' ? 'index.html' : url.origin + url.pathname;
  try {
    const res = await fetch(req);
    if (res.ok && res.type === 'basic') await cache.put(key, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw err;
  }
}
