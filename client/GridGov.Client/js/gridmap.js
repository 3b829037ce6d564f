// The viewer's only map module: OpenLayers behind a narrow interface for Blazor.
// It draws what .NET gives it and reports what the user does; every rule (colours, validity,
// what a click means) lives in C#. Features carry their own style in properties:
// fill, stroke, width, radius, label, dash (points, angle, radius2: a regular shape instead of a
// circle). Data and drawings are GeoJSON in EPSG:4326.
// Vector-tile layers get their styles from .NET too: one style per value of one attribute.
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import VectorLayer from 'ol/layer/Vector.js';
import TileLayer from 'ol/layer/Tile.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import VectorSource from 'ol/source/Vector.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import XYZ from 'ol/source/XYZ.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import MVT from 'ol/format/MVT.js';
import TileState from 'ol/TileState.js';
import { createXYZ } from 'ol/tilegrid.js';
import { Style, Fill, Stroke, Circle as CircleStyle, RegularShape, Text } from 'ol/style.js';
import Draw from 'ol/interaction/Draw.js';
import Modify from 'ol/interaction/Modify.js';
import Snap from 'ol/interaction/Snap.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import MousePosition from 'ol/control/MousePosition.js';
import Zoom from 'ol/control/Zoom.js';
import { createStringXY } from 'ol/coordinate.js';
import { transformExtent, toLonLat } from 'ol/proj.js';
import 'ol/ol.css';

const format = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
const maps = new globalThis.Map();

// Labels never pile up: every layer's labels declutter in one group, where a higher layer's label wins.
// An area's label (township, village, cell) is drawn by a label layer above all data (LABELS_Z), so it wins
// over a house's: houses are labelled only where their label fits.
const LABELS_Z = 95;
const isArea = (type) => type === 'Polygon' || type === 'MultiPolygon';

function textFrom(p, type, resolution) {
  if (!p.label || (p.labelMaxRes != null && resolution > p.labelMaxRes)) return undefined;
  return new Text({
    text: String(p.label), font: p.font ?? '12px "Noto Sans CJK SC", sans-serif', overflow: isArea(type),
    fill: new Fill({ color: p.labelColor ?? '#111' }), stroke: new Stroke({ color: '#fff', width: 3 }),
    offsetY: type === 'Point' ? -12 : 0, padding: [1, 2, 1, 2],
  });
}

/** Builds an OpenLayers style from style properties (the names FeatureStyle uses in C#); an area's text only with withAreaText. */
function styleFrom(p, type, resolution, withAreaText) {
  const stroke = new Stroke({ color: p.stroke ?? '#333', width: p.width ?? 1, lineDash: p.dash ?? undefined });
  const fill = p.fill ? new Fill({ color: p.fill }) : undefined;
  const text = isArea(type) && !withAreaText ? undefined : textFrom(p, type, resolution);
  if (type === 'Point' || type === 'MultiPoint') {
    return new Style({
      image: pointImage(p),
      text,
    });
  }
  return new Style({ stroke, fill, text });
}

function styleOf(feature, resolution) {
  // minRes: the feature is drawn only this far out (e.g. a per-village summary that houses replace closer in).
  if (resolution < (feature.get('minRes') ?? 0)) return null;
  return styleFrom(feature.getProperties(), feature.getGeometry()?.getType(), resolution, false);
}

/** The label layer's style: an area's label alone. */
function areaLabelOf(feature, resolution) {
  const type = feature.getGeometry()?.getType();
  if (resolution < (feature.get('minRes') ?? 0)) return null;
  const text = isArea(type) ? textFrom(feature.getProperties(), type, resolution) : undefined;
  return text ? new Style({ text }) : null;
}

/**
 * The style function of a vector-tile layer: the value of one attribute picks one of the styles
 * .NET gave (`styles[String(value)]`, else `fallback`); no style means the feature is not drawn.
 */
function ruleStyle(options) {
  const cache = new globalThis.Map();
  return (feature) => {
    const key = options.styleBy ? String(feature.get(options.styleBy)) : '';
    const props = options.styles?.[key] ?? options.fallback ?? null;
    if (!props) return null;
    const type = feature.getType ? feature.getType() : feature.getGeometry()?.getType();
    const k = key + '|' + type;
    let style = cache.get(k);
    if (!style) { style = styleFrom(props, type, 0, true); cache.set(k, style); }
    return style;
  };
}

function get(id) {
  const m = maps.get(id);
  if (!m) throw new Error(`no map ${id}`);
  return m;
}

function layerOf(m, name, zIndex) {
  let layer = m.layers.get(name);
  if (!layer) {
    layer = new VectorLayer({ source: new VectorSource(), style: styleOf, zIndex: zIndex ?? m.layers.size + 1, declutter: true, properties: { name } });
    // Same source, areas' labels only; among label layers the higher data layer still wins.
    const labels = new VectorLayer({ source: layer.getSource(), style: areaLabelOf, declutter: true, zIndex: LABELS_Z, properties: { labelsOf: name } });
    layer.set('labels', labels);
    layer.on('change:zIndex', () => labels.setZIndex(LABELS_Z + layer.getZIndex() / 1000));
    layer.on('change:visible', () => labels.setVisible(layer.getVisible()));
    labels.setZIndex(LABELS_Z + layer.getZIndex() / 1000);
    m.layers.set(name, layer);
    addWithLabels(m.map, layer);
  }
  return layer;
}

function addWithLabels(map, layer) {
  map.addLayer(layer);
  if (layer.get('labels')) map.addLayer(layer.get('labels'));
}

function removeWithLabels(map, layer) {
  map.removeLayer(layer);
  if (layer.get('labels')) map.removeLayer(layer.get('labels'));
}

/** Features of clickable layers at a pixel, top layer first: {layer, id} (id, else the `id` attribute of a tile feature). */
function hitsAt(m, pixel) {
  const hits = [];
  m.map.forEachFeatureAtPixel(pixel, (f, layer) => {
    if (layer?.get('name') && layer.get('clickable') !== false) hits.push({ layer: layer.get('name'), id: String(f.getId() ?? f.get('id') ?? '') });
  }, { hitTolerance: 4 });
  return hits;
}

/** What a click at this pixel (relative to the map element) would hit, top first: for tests and tools. */
export function hitsAtPixel(elementId, x, y) {
  return hitsAt(get(elementId), [x, y]);
}

function geometryOut(geometry) {
  return format.writeGeometryObject(geometry, { decimals: 8 });
}

/** Creates the map in the element with this id; events go to dotnet (OnMapClick, OnDrawEnd, OnModifyEnd). */
export function createMap(elementId, dotnet, options) {
  dispose(elementId);
  const target = document.getElementById(elementId);
  const adopted = adoptFirstMap(elementId, target);
  const layers = [];
  if (options?.xyzUrl) layers.push(new TileLayer({ source: new XYZ({ url: options.xyzUrl, crossOrigin: 'anonymous' }), zIndex: 0 }));
  const coords = document.createElement('div');
  coords.className = 'gg-coords';
  const map = new Map({
    target,
    layers,
    // A static map (options.static: a preview) has a scale bar and nothing to click, drag or zoom.
    controls: options?.static ? [new ScaleLine({ units: 'metric' })] : [new Zoom(), new ScaleLine({ units: 'metric' }),
      new MousePosition({ coordinateFormat: createStringXY(5), projection: 'EPSG:4326', className: 'gg-mouse-position', placeholder: '' })],
    interactions: options?.static ? [] : undefined,
    view: adopted?.view ?? new View({ center: [12068000, 3248000], zoom: 10, maxZoom: 20 }),
  });
  const m = { map, dotnet, layers: new globalThis.Map(), tileSources: new globalThis.Map(), interactions: [], renders: 0 };
  for (const [name, layer] of adopted?.layers ?? []) { m.layers.set(name, layer); addWithLabels(map, layer); }
  // For tests: whether this map took over the first map (it did not when the app rendered the page before the first
  // map's answer came — then the page sets its layers itself, once).
  if (adopted) target.dataset.adoptedFirstMap = '1';
  maps.set(elementId, m);
  map.on('singleclick', (e) => {
    if (m.interactions.length) return;
    const hit = hitsAt(m, e.pixel)[0];
    dotnet.invokeMethodAsync('OnMapClick', hit?.layer ?? null, hit?.id ?? null);
  });
  // The zoom after each pan or zoom: pages show hints for layers that only appear closer in.
  map.on('moveend', () => {
    const zoom = map.getView().getZoom();
    target.dataset.zoom = String(zoom);
    dotnet.invokeMethodAsync('OnMoveEnd', zoom ?? 0);
  });
  countRenders(map, m);
  return true;
}

// rendercomplete fires once tiles and vectors are drawn: tests and the benchmark wait for it
// (an attribute, not a call into .NET: nothing in C# needs it).
function countRenders(map, m) {
  map.on('rendercomplete', (e) => {
    // The labels drawn in this frame (what decluttering kept), for tests: renderedLabels.
    m.labels = Object.values(e.frameState?.declutter ?? {}).flatMap((tree) => tree.all())
      .filter((item) => item.value?.get?.('label') != null)
      .map((item) => ({ label: String(item.value.get('label')), box: [item.minX, item.minY, item.maxX, item.maxY] }));
    m.renders += 1;
    map.getTargetElement().dataset.renders = String(m.renders);
  });
}

export function dispose(elementId) {
  const m = maps.get(elementId);
  if (!m) return;
  m.map.setTarget(undefined);
  maps.delete(elementId);
}

/** Replaces a layer's features with a GeoJSON FeatureCollection (features need ids for clicks and edits). */
export function setLayer(elementId, name, featureCollection, zIndex, clickable) {
  return putLayer(get(elementId), name, featureCollection, zIndex, clickable);
}

function putLayer(m, name, featureCollection, zIndex, clickable) {
  const layer = layerOf(m, name, zIndex);
  if (zIndex != null) layer.setZIndex(zIndex);
  layer.set('clickable', clickable !== false);
  const source = layer.getSource();
  source.clear(true);
  // GeoJSON as an object, or its UTF-8 bytes (what .NET sends: see FeatureCollection.ToUtf8Json).
  if (featureCollection instanceof Uint8Array) featureCollection = JSON.parse(new TextDecoder().decode(featureCollection));
  const features = featureCollection ? format.readFeatures(featureCollection) : [];
  source.addFeatures(features);
  // The features' ids in order: restyleLayer restyles in place only a layer that holds exactly these.
  layer.set('ids', features.map((f) => String(f.getId() ?? '')).join('\n'));
  const data = m.map.getTargetElement().dataset, suffix = name[0].toUpperCase() + name.slice(1);
  data[`layer${suffix}`] = String(features.length);
  countNoData(layer, data, suffix);
  // How often the layer's features were replaced (restyleLayer does not count): tests pin repaints to recolouring.
  data[`sets${suffix}`] = String(Number(data[`sets${suffix}`] ?? 0) + 1);
  return features.length;
}

/**
 * Gives a layer's features new style properties ({ids, props}: ids joined by newlines, props in the same order) when
 * the layer holds exactly those features, in that order; returns false otherwise (the caller then sends the layer).
 * A repaint of the coverage map changes colours, not boundaries: 0.7 MB of geometry need not cross and be parsed again.
 */
export function restyleLayer(elementId, name, styles, zIndex, clickable) {
  const m = get(elementId);
  const layer = m.layers.get(name);
  if (styles instanceof Uint8Array) styles = JSON.parse(new TextDecoder().decode(styles));
  if (!layer || layer.get('ids') !== styles.ids) return false;
  const source = layer.getSource();
  const ids = styles.ids.split('\n');
  for (let i = 0; i < ids.length; i++) {
    const f = source.getFeatureById(ids[i]);
    if (!f) return false;
    const props = styles.props[i];
    if (props.keep) continue; // the feature keeps the style it has (e.g. the first map's colour until the page's figure comes)
    for (const key of f.getKeys()) if (key !== f.getGeometryName() && !(key in props)) f.unset(key, true);
    f.setProperties(props, true);
  }
  if (zIndex != null) layer.setZIndex(zIndex);
  layer.set('clickable', clickable !== false);
  source.changed();
  countNoData(layer, m.map.getTargetElement().dataset, name[0].toUpperCase() + name.slice(1));
  return true;
}

/** Features drawn without their figure yet (property noData): data-nodata-<layer>, for tests and the viewer bench. */
function countNoData(layer, data, suffix) {
  let n = 0;
  for (const f of layer.getSource().getFeatures()) if (f.get('noData')) n++;
  data[`nodata${suffix}`] = String(n);
}

/** A .pbf tile source, shared by the layers that read the same URL with the same headers. */
function tileSourceOf(m, url, headers, minZoom, maxZoom) {
  const key = JSON.stringify([url, headers ?? {}, minZoom ?? 0, maxZoom ?? 16]);
  let source = m.tileSources.get(key);
  if (source) return source;
  source = new VectorTileSource({
    format: new MVT(),
    url,
    tileGrid: createXYZ({ minZoom: minZoom ?? 0, maxZoom: maxZoom ?? 16, tileSize: 512 }),
    // fetch instead of an <img>-style load: the tiles need the Authorization header.
    tileLoadFunction: (tile, src) => {
      tile.setLoader(async (extent, resolution, projection) => {
        try {
          const res = await fetch(src, { headers: headers ?? {} });
          if (res.status === 204) { tile.setFeatures([]); return; }
          if (!res.ok) { tile.setState(TileState.ERROR); return; }
          const data = await res.arrayBuffer();
          tile.setFeatures(tile.getFormat().readFeatures(data, { extent, featureProjection: projection }));
        } catch {
          tile.setState(TileState.ERROR);
        }
      });
    },
  });
  m.tileSources.set(key, source);
  return source;
}

/**
 * Adds or restyles a vector-tile layer. options: url (with {z}/{x}/{y}), headers, tileMinZoom /
 * tileMaxZoom (zoom levels the server has), minZoom (the view zoom above which the layer shows),
 * zIndex, clickable, styleBy (an attribute), styles ({value: style properties}), fallback.
 */
export function setTileLayer(elementId, name, options) {
  const m = get(elementId);
  const source = tileSourceOf(m, options.url, options.headers, options.tileMinZoom, options.tileMaxZoom);
  let layer = m.layers.get(name);
  if (layer && !(layer instanceof VectorTileLayer)) {
    removeWithLabels(m.map, layer);
    layer = undefined;
  }
  if (!layer) {
    layer = new VectorTileLayer({ source, properties: { name } });
    m.layers.set(name, layer);
    m.map.addLayer(layer);
  } else if (layer.getSource() !== source) {
    layer.setSource(source);
  }
  layer.setZIndex(options.zIndex ?? m.layers.size + 1);
  layer.setMinZoom(options.minZoom ?? -Infinity);
  layer.set('clickable', options.clickable !== false);
  layer.setStyle(ruleStyle(options));
  return true;
}

/** The labels the last complete render drew, [{label, box}] in pixels (decluttering drops those that do not fit). For tests and tools. */
export function renderedLabels(elementId) {
  return get(elementId).labels ?? [];
}

/**
 * The map as drawn now as one PNG: its layer canvases merged (as OpenLayers' export example does), under a
 * title line; the browser downloads it as fileName. Returns [width, height] in pixels.
 */
export function downloadPng(elementId, title, fileName) {
  const m = get(elementId);
  m.map.renderSync();
  const [w, h] = m.map.getSize();
  const merged = document.createElement('canvas');
  merged.width = w; merged.height = h;
  const g = merged.getContext('2d');
  for (const canvas of m.map.getViewport().querySelectorAll('.ol-layer canvas, canvas.ol-layer')) {
    if (canvas.width === 0) continue;
    const opacity = canvas.parentNode.style.opacity || canvas.style.opacity;
    g.globalAlpha = opacity === '' ? 1 : Number(opacity);
    const t = canvas.style.transform;
    const matrix = t ? t.match(/^matrix\(([^(]*)\)$/)[1].split(',').map(Number)
      : [parseFloat(canvas.style.width) / canvas.width, 0, 0, parseFloat(canvas.style.height) / canvas.height, 0, 0];
    g.setTransform(...matrix);
    g.drawImage(canvas, 0, 0);
  }
  const head = 30;
  const out = document.createElement('canvas');
  out.width = w; out.height = h + head;
  const o = out.getContext('2d');
  o.fillStyle = getComputedStyle(m.map.getTargetElement()).backgroundColor || '#fff';
  o.fillRect(0, 0, w, h + head);
  o.fillStyle = '#fff';
  o.fillRect(0, 0, w, head);
  o.fillStyle = '#111';
  o.font = 'bold 16px "Noto Sans CJK SC", sans-serif';
  o.fillText(title ?? '', 8, 21);
  o.drawImage(merged, 0, head);
  const a = document.createElement('a');
  a.href = out.toDataURL('image/png');
  a.download = fileName;
  a.click();
  return [out.width, out.height];
}

/**
 * Prints the map page: body.gg-printing lays it out as a landscape A4 sheet (app.css), the map is redrawn at
 * that size, then the browser's print dialog (print to PDF); after printing the page is as before.
 */
export function printMap(elementId) {
  const m = get(elementId);
  document.body.classList.add('gg-printing');
  m.map.updateSize();
  m.map.renderSync();
  window.addEventListener('afterprint', () => {
    document.body.classList.remove('gg-printing');
    m.map.updateSize();
  }, { once: true });
  window.print();
}

/** Removes a layer of any kind. */
export function removeLayer(elementId, name) {
  const m = get(elementId);
  const layer = m.layers.get(name);
  if (!layer) return;
  removeWithLabels(m.map, layer);
  m.layers.delete(name);
}

/**
 * How many features of a layer are drawn in the current view: visible layer, zoom in range,
 * and a style for the feature (vector tiles: of the tiles loaded for this view). For tests and tools.
 */
export function renderedCount(elementId, name) {
  const m = get(elementId);
  const layer = m.layers.get(name);
  const view = m.map.getView();
  if (!layer || !layer.isVisible(view)) return 0;
  const extent = view.calculateExtent(m.map.getSize());
  const features = layer instanceof VectorTileLayer ? layer.getFeaturesInExtent(extent) : layer.getSource().getFeaturesInExtent(extent);
  const style = layer.getStyleFunction();
  const resolution = view.getResolution();
  return features.filter((f) => {
    const s = style ? style(f, resolution) : true;
    return Array.isArray(s) ? s.length > 0 : !!s;
  }).length;
}

/** The view: zoom, centre [lon, lat] and extent [minLon, minLat, maxLon, maxLat]. */
export function viewState(elementId) {
  const m = get(elementId);
  const view = m.map.getView();
  const e = transformExtent(view.calculateExtent(m.map.getSize()), 'EPSG:3857', 'EPSG:4326');
  return { zoom: view.getZoom(), center: toLonLat(view.getCenter()), extent: e };
}

export function setLayerVisible(elementId, name, visible) {
  const layer = get(elementId).layers.get(name);
  if (layer) layer.setVisible(!!visible);
}

export function featureCount(elementId, name) {
  const layer = get(elementId).layers.get(name);
  return layer && !(layer instanceof VectorTileLayer) ? layer.getSource().getFeatures().length : 0;
}

/** Fits the view to [minLon, minLat, maxLon, maxLat], or to the features of a layer when extent is null. */
export function fit(elementId, extent, layerName, maxZoom) {
  const m = get(elementId);
  let e;
  if (extent) e = transformExtent(extent, 'EPSG:4326', 'EPSG:3857');
  else {
    const source = m.layers.get(layerName)?.getSource();
    if (!source || source.isEmpty()) return false;
    e = source.getExtent();
  }
  m.map.getView().fit(e, { padding: [24, 24, 24, 24], maxZoom: maxZoom ?? 18, duration: 0 });
  return true;
}

/** Pixel position (relative to the map element) of a lon/lat: lets tests and tools aim the mouse. */
export function pixelOf(elementId, lon, lat) {
  const m = get(elementId);
  m.map.renderSync();
  const p = m.map.getPixelFromCoordinate(format.readGeometry({ type: 'Point', coordinates: [lon, lat] }).getCoordinates());
  return p ? [p[0], p[1]] : null;
}

export function stopInteractions(elementId) {
  const m = get(elementId);
  for (const i of m.interactions) m.map.removeInteraction(i);
  m.interactions = [];
}

function addSnaps(m, snapLayers) {
  for (const name of snapLayers ?? []) {
    const layer = m.layers.get(name);
    if (!layer) continue;
    // Edges as well as vertices: a neighbour's vertex too close to see at this zoom still catches the pointer
    // anywhere along its edges (the server trims what is left along the edge, see CellRuleOptions).
    const snap = new Snap({ source: layer.getSource(), pixelTolerance: 12, edge: true, vertex: true });
    m.map.addInteraction(snap);
    m.interactions.push(snap);
  }
}

/** Draws one Polygon or LineString, snapping to the given layers; OnDrawEnd gets the GeoJSON geometry. */
export function startDraw(elementId, kind, snapLayers, traceLayer) {
  const m = get(elementId);
  stopInteractions(elementId);
  const source = layerOf(m, 'sketch', 90).getSource();
  source.clear();
  // Tracing (a layer given): a click on a feature's edge, then the pointer along it, follows that edge's vertices
  // until the next click — a shared boundary drawn exactly, however many vertices it has.
  const traceSource = traceLayer ? m.layers.get(traceLayer)?.getSource() : undefined;
  const draw = new Draw(traceSource ? { source, type: kind, trace: true, traceSource } : { source, type: kind });
  draw.on('drawend', (e) => {
    const g = geometryOut(e.feature.getGeometry());
    // The sketch stays visible until .NET clears it with the server's answer.
    setTimeout(() => { stopInteractions(elementId); m.dotnet.invokeMethodAsync('OnDrawEnd', JSON.stringify(g)); }, 0);
  });
  m.map.addInteraction(draw);
  m.interactions.push(draw);
  addSnaps(m, snapLayers);
}

/**
 * Lets the user move vertices of a layer's features. Vertices shared by neighbouring features
 * move together (one Modify on the whole source). OnModifyEnd gets [{id, geometry}] of all changed features.
 */
export function startModify(elementId, layerName, snapLayers) {
  const m = get(elementId);
  stopInteractions(elementId);
  const layer = m.layers.get(layerName);
  if (!layer) return;
  const modify = new Modify({ source: layer.getSource(), pixelTolerance: 10 });
  modify.on('modifyend', (e) => {
    const changed = e.features.getArray().map((f) => ({ id: String(f.getId()), geometry: JSON.stringify(geometryOut(f.getGeometry())) }));
    m.dotnet.invokeMethodAsync('OnModifyEnd', changed);
  });
  m.map.addInteraction(modify);
  m.interactions.push(modify);
  addSnaps(m, snapLayers);
}

/** A point's symbol: a circle, or with `points` a regular shape (radius, radius2 for a star, angle); `displacement` [dx, dy] in pixels. */
function pointImage(p) {
  const fill = new Fill({ color: p.fill ?? '#1565c0' });
  const stroke = new Stroke({ color: p.stroke ?? '#fff', width: p.width ?? 1.5 });
  const displacement = p.displacement ?? [0, 0];
  // declutterMode 'none': no layer declutters, and vector-tile hit detection skips points otherwise.
  if (p.points >= 3) return new RegularShape({ points: p.points, radius: p.radius ?? 5, radius2: p.radius2 ?? undefined, angle: p.angle ?? 0, fill, stroke, displacement, declutterMode: 'none' });
  return new CircleStyle({ radius: p.radius ?? 5, fill, stroke, displacement, declutterMode: 'none' });
}

/** How many features of a layer have each value of a property: { value: count }. */
export function countBy(elementId, layerName, property) {
  const counts = {};
  for (const f of get(elementId).layers.get(layerName)?.getSource().getFeatures() ?? []) {
    const k = String(f.get(property));
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** Re-reads the map element's size and draws at once (after a layout change such as the print sheet). */
export function refreshSize(elementId) {
  const m = get(elementId);
  m.map.updateSize();
  m.map.renderSync();
}

// ---- The first map, before .NET has started ----
// index.html asks the server for the page's first map as soon as it loads (GET viewer/first-map with the stored
// token; the server composes it in C#: the page's own query, layers and styles) and hands the request to boot().
// The map is drawn where the page's map will be, and the page's createMap adopts its layers and view. A page
// without one answers 204: nothing here decides what a page shows.
let first = null; // { elementId, map, layers, overlay, observer }

export async function boot(request) {
  const res = await request?.catch(() => null);
  if (res?.status !== 200) return;
  const spec = await res.json();
  if (maps.has(spec.elementId)) return; // the page made its map first
  // Until the page has rendered its map element: an overlay where that element will be (app.css: .gg-first-map).
  let target = document.getElementById(spec.elementId), overlay = null;
  if (!target) {
    overlay = target = document.createElement('div');
    overlay.className = 'gg-first-map';
    document.body.appendChild(overlay);
  }
  const map = new Map({ target, layers: [], controls: [new ScaleLine({ units: 'metric' })], view: new View({ center: [12068000, 3248000], zoom: 10, maxZoom: 20 }) });
  const m = { map, layers: new globalThis.Map(), renders: 0 };
  countRenders(map, m);
  for (const l of spec.layers) putLayer(m, l.name, l.features, l.zIndex, l.clickable);
  if (spec.fit) map.getView().fit(transformExtent(spec.fit, 'EPSG:4326', 'EPSG:3857'), { padding: [24, 24, 24, 24], maxZoom: spec.maxZoom ?? 18, duration: 0 });
  // Once the app shows a page without this map element (another page, logged out), the first map goes.
  const observer = new MutationObserver(() => {
    if (!document.querySelector('#app > .boot') && !document.getElementById(spec.elementId)) discardFirstMap();
  });
  observer.observe(document.getElementById('app') ?? document.body, { childList: true, subtree: true });
  first = { elementId: spec.elementId, map, layers: m.layers, overlay, observer };
}

/** The first map's layers and view for the page's map in this element (taken out of the first map), or null. */
function adoptFirstMap(elementId, target) {
  if (first?.elementId !== elementId) return null;
  const { map, layers } = first;
  const view = map.getView();
  for (const layer of layers.values()) removeWithLabels(map, layer);
  for (const [k, v] of Object.entries(map.getTargetElement().dataset)) if (k.startsWith('layer') || k.startsWith('nodata')) target.dataset[k] = v;
  discardFirstMap();
  return { view, layers };
}

function discardFirstMap() {
  if (!first) return;
  first.observer.disconnect();
  first.map.setTarget(undefined);
  first.overlay?.remove();
  first = null;
}
