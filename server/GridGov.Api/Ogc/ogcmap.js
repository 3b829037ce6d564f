// The map of an /ogc HTML page: the page's own features (CRS84, in a JSON data block) drawn with the viewer's
// OpenLayers module. The viewer's .NET callbacks are not here, so the map gets a stand-in that ignores them.
import * as gridmap from '/lib/gridmap.js';

const data = JSON.parse(document.getElementById('ogc-features').textContent);
const quiet = { invokeMethodAsync: () => Promise.resolve() };
gridmap.createMap('ogc-map', quiet, {});
const count = gridmap.setLayer('ogc-map', 'features', data, 1, false);
if (count > 0) gridmap.fit('ogc-map', null, 'features', 17);
document.getElementById('ogc-map').dataset.ready = String(count);
