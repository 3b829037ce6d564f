// Installs the service worker (sw.js) so the viewer starts offline; see js/field.js for the phone page's queue.
performance.setResourceTimingBufferSize?.(2000);
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => { });
