import 'ol/ol.css';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { type Polygon as OlPolygon } from 'ol/geom.js';
import Draw from 'ol/interaction/Draw.js';
import VectorLayer from 'ol/layer/Vector.js';
import { bbox as bboxStrategy } from 'ol/loadingstrategy.js';
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { Fill, Stroke, Style, Text } from 'ol/style.js';
import { type FeatureLike } from 'ol/Feature.js';

/**
 * The map page, at the office and on the 拆迁、开发、建设单位 portal: districts, streets and buildings drawn from the
 * office's own data on canvas vector layers (no tile server, no internet, no WebGL). Drawing a polygon or picking a
 * district asks the office for the region's counts, lists and estimate, rendered by the server as a fragment (its
 * text stays in one place). At the office a click on a building shows its panel, where a status decision is recorded.
 */
const mapElement = document.getElementById('map') as HTMLDivElement;
// Where this page reads (the office's or the portal's routes, each behind its own session cookie).
const BASE = mapElement.dataset['base'] ?? '/office/map';
const API = `${BASE}/data`;
const PANEL = mapElement.dataset['panel'] === '1';
// The session's CSRF token, which the office puts into the page's forms; sent with the page's own POST.
const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
const geojson = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
const COLOURS: Record<string, string> = {
  registered: '#2e7d32',
  'temporary-valid': '#1565c0',
  unregistered: '#f9a825',
  'temporary-expired': '#8e24aa',
  illegal: '#c62828',
};

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const dayInput = el<HTMLInputElement>('map-day');
const districtSelect = el<HTMLSelectElement>('map-district');
const result = el<HTMLDivElement>('map-result');
const buildingPanel = el<HTMLDivElement>('map-building');
const exportField = el<HTMLInputElement>('map-export-query');
const exportButtons = document.querySelectorAll<HTMLButtonElement>('#map-export button');

const districtSource = new VectorSource({ url: `${API}/districts`, format: geojson });
const streetSource = new VectorSource({ url: `${API}/streets`, format: geojson });
const buildingSource = new VectorSource({
  format: geojson,
  strategy: bboxStrategy,
  loader(extent, _resolution, projection, success, failure) {
    const [x0, y0, x1, y1] = transformExtent(extent, projection, 'EPSG:4326');
    fetch(`${API}/buildings?bbox=${[x0, y0, x1, y1].join(',')}&day=${dayInput.value}`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((body: unknown) => {
        const features = geojson.readFeatures(body);
        buildingSource.addFeatures(features);
        success?.(features);
      })
      .catch(() => {
        buildingSource.removeLoadedExtent(extent);
        failure?.();
      });
  },
});
const regionSource = new VectorSource();

const buildingStyles = new globalThis.Map(Object.entries(COLOURS).map(([k, c]) => [k, new Style({ fill: new Fill({ color: `${c}99` }), stroke: new Stroke({ color: c, width: 1 }) })]));
const districtStyle = (f: FeatureLike) =>
  new Style({
    stroke: new Stroke({ color: '#0b4f8a', width: 2, lineDash: [8, 6] }),
    fill: new Fill({ color: 'rgba(11,79,138,0.03)' }),
    text: new Text({ text: String(f.get('name') ?? ''), font: '600 15px sans-serif', fill: new Fill({ color: '#0b4f8a' }), overflow: true }),
  });
const streetStyle = (f: FeatureLike) =>
  new Style({ stroke: new Stroke({ color: '#9aa7b4', width: f.get('streetClass') === 'arterial' ? 4 : f.get('streetClass') === 'secondary' ? 2.5 : 1.5 }) });

const map = new Map({
  target: 'map',
  layers: [
    new VectorLayer({ source: districtSource, style: districtStyle }),
    new VectorLayer({ source: streetSource, style: streetStyle, minZoom: 13 }),
    new VectorLayer({ source: buildingSource, style: (f) => buildingStyles.get(String(f.get('category'))), minZoom: 14.5 }),
    new VectorLayer({ source: regionSource, style: new Style({ stroke: new Stroke({ color: '#e65100', width: 3 }), fill: new Fill({ color: 'rgba(230,81,0,0.08)' }) }) }),
  ],
  view: new View({ center: fromLonLat([130.345, 46.795]), zoom: 12.5, minZoom: 10, maxZoom: 20 }),
});

// Start on the whole layer, wherever the office's districts lie.
districtSource.once('featuresloadend', () => {
  const extent = districtSource.getExtent();
  if (extent) map.getView().fit(extent, { padding: [20, 20, 20, 20] });
});

type Region = { kind: 'polygon'; ring: number[][] } | { kind: 'district'; code: string };
let region: Region | null = null;

async function ask(): Promise<void> {
  if (!region) return;
  const query = { region, day: dayInput.value };
  exportField.value = JSON.stringify(query);
  result.setAttribute('aria-busy', 'true');
  // The token goes as the header (the office's check) and as the body's `_csrf` (the portal's).
  const res = await fetch(`${BASE}/result`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ ...query, _csrf: csrf }) });
  result.innerHTML = await res.text();
  result.setAttribute('aria-busy', 'false');
  for (const b of exportButtons) b.disabled = !res.ok;
}

const draw = new Draw({ source: regionSource, type: 'Polygon' });
draw.setActive(false);
map.addInteraction(draw);
draw.on('drawstart', () => regionSource.clear());
draw.on('drawend', (e) => {
  draw.setActive(false);
  districtSelect.value = '';
  const ring = (e.feature.getGeometry() as OlPolygon).getCoordinates()[0] ?? [];
  region = { kind: 'polygon', ring: ring.map((c) => toLonLat(c)) };
  void ask();
});

el<HTMLButtonElement>('map-draw').addEventListener('click', () => {
  regionSource.clear();
  draw.setActive(true);
});
el<HTMLButtonElement>('map-clear').addEventListener('click', () => {
  regionSource.clear();
  draw.setActive(false);
  region = null;
  districtSelect.value = '';
  result.innerHTML = '';
  for (const b of exportButtons) b.disabled = true;
});
districtSelect.addEventListener('change', () => {
  regionSource.clear();
  const code = districtSelect.value;
  if (!code) return;
  const f = districtSource.getFeatureById(code);
  if (f) {
    regionSource.addFeature(f.clone());
    const extent = f.getGeometry()?.getExtent();
    if (extent) map.getView().fit(extent, { padding: [20, 20, 20, 20], duration: 0 });
  }
  region = { kind: 'district', code };
  void ask();
});
dayInput.addEventListener('change', () => {
  buildingSource.refresh();
  void ask();
});

async function showBuilding(id: string, init?: RequestInit): Promise<void> {
  buildingPanel.setAttribute('aria-busy', 'true');
  const path = `/office/map/building/${encodeURIComponent(id)}`;
  const res = await fetch(init ? `${path}/decisions` : `${path}?day=${dayInput.value}`, { credentials: 'same-origin', ...init });
  buildingPanel.innerHTML = await res.text();
  buildingPanel.setAttribute('aria-busy', 'false');
  if (init && res.status === 201) {
    // The new status shows on the map and counts in the region's answer at once.
    buildingSource.refresh();
    await ask();
  }
}

if (PANEL) {
  map.on('singleclick', (e) => {
    const hit = map.forEachFeatureAtPixel(e.pixel, (f) => (f.get('category') === undefined ? undefined : f));
    const id = hit?.getId();
    if (id !== undefined && !draw.getActive()) void showBuilding(String(id));
  });
  buildingPanel.addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement;
    if (form.id !== 'map-decide') return;
    e.preventDefault();
    const body = Object.fromEntries(new FormData(form).entries());
    const id = form.dataset['building'] ?? '';
    void showBuilding(id, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
  });
}

// For the end-to-end test and for staff who type coordinates: draw a polygon given in longitude/latitude.
Object.assign(window, {
  mapQuery: {
    map,
    drawLonLat(ring: number[][]) {
      regionSource.clear();
      region = { kind: 'polygon', ring };
      regionSource.addFeature(geojson.readFeature({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] }, properties: {} }) as never);
      return ask();
    },
  },
});
