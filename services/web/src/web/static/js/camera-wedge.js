// What a camera sees, as map points: a wedge from its position, `heading` degrees clockwise
// from north and `fov` degrees wide, `metres` long (a full circle at 360°). Plain geometry
// on a sphere's tangent plane: good to a few centimetres at the distances drawn.

const EARTH_RADIUS_M = 6371008.8;
const STEP_DEG = 5;

function offset(lat, lon, bearingDeg, metres) {
  const bearing = (bearingDeg * Math.PI) / 180;
  const dLat = (metres * Math.cos(bearing)) / EARTH_RADIUS_M;
  const dLon = (metres * Math.sin(bearing)) / (EARTH_RADIUS_M * Math.cos((lat * Math.PI) / 180));
  return [lat + (dLat * 180) / Math.PI, lon + (dLon * 180) / Math.PI];
}

export function wedgePoints(lat, lon, heading, fov, metres) {
  const width = Math.min(Math.max(fov, 0), 360);
  const steps = Math.max(2, Math.ceil(width / STEP_DEG));
  const start = heading - width / 2;
  const arc = [];
  for (let i = 0; i <= steps; i += 1) arc.push(offset(lat, lon, start + (width * i) / steps, metres));
  return width >= 360 ? arc : [[lat, lon], ...arc];
}

// A number typed in a field, or null when empty or not a number in `min`..`max`.
export function reading(input, min, max) {
  if (!input || input.value.trim() === "") return null;
  const value = Number(input.value.trim());
  return Number.isFinite(value) && value >= min && value <= max ? value : null;
}

// The tile layer every map of these pages uses (MAP_TILE_URL, decision 0019), and a scale:
// without tiles (offline) the markers, wedges and scale still draw.
export function baseMap(L, canvas, centre, zoom) {
  const map = L.map(canvas).setView(centre, zoom);
  L.tileLayer(canvas.dataset.tileUrl, { attribution: canvas.dataset.attribution, maxZoom: 19 }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}
