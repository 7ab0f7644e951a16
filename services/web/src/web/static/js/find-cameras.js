// The "Find cameras" map (Leaflet, vendored). It adds to the server-rendered form and list:
// a click on the map fills in the coordinates and searches; the search circle and a scale
// show where; markers come from /cameras/find/map for the box in view, as cameras when few
// (clustered here) or as the registry's grid cells when many, so the browser never holds a
// dense region's every camera. Without tiles (offline) all of this still draws.

const L = window.L;
const canvas = document.getElementById("find-map");
const status = document.getElementById("find-map-status");

function wrap(lon) {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

// The box in view as the API wants it: west > east when it crosses the antimeridian.
function viewBox(map) {
  const b = map.getBounds();
  const span = b.getEast() - b.getWest();
  const south = Math.max(-90, b.getSouth());
  const north = Math.min(90, b.getNorth());
  if (span >= 360) return { south, north, west: -180, east: 180 };
  return { south, north, west: wrap(b.getWest()), east: wrap(b.getEast()) };
}

function searchState() {
  const results = document.getElementById("find-results");
  return results ? results.dataset : {};
}

function cameraMarker(camera) {
  const marker = L.marker([camera.lat, camera.lon], {
    icon: L.divIcon({ className: "web-find__marker", iconSize: [14, 14] }),
    keyboard: false, // the list is the keyboard's way to cameras
    title: camera.name,
  });
  const owner = camera.owner ? ` · ${camera.owner}` : "";
  marker.bindPopup(() => {
    const text = document.createElement("span");
    text.textContent = `${camera.name} (${camera.kind})${owner}`;
    return text;
  });
  return marker;
}

function cellMarker(map, cell) {
  const label = cell.count > 999 ? `${Math.round(cell.count / 1000)}k` : String(cell.count);
  const size = cell.count < 100 ? 36 : cell.count < 1000 ? 44 : 52;
  const marker = L.marker([cell.lat, cell.lon], {
    icon: L.divIcon({ className: "web-find__cell", html: "", iconSize: [size, size] }),
    keyboard: false,
    title: `${cell.count} cameras`,
  });
  marker.on("add", () => {
    marker.getElement().textContent = label;
  });
  const b = cell.bounds;
  marker.on("click", () => map.fitBounds([[b.south, b.west], [b.north, b.east]]));
  return marker;
}

function start() {
  if (!L || !canvas) return;
  const map = L.map(canvas, { zoomControl: true }).setView([45.5017, -73.5673], 12);
  L.tileLayer(canvas.dataset.tileUrl, {
    attribution: canvas.dataset.attribution,
    maxZoom: 19,
  }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  const cameras = L.markerClusterGroup({ showCoverageOnHover: false });
  const cells = L.layerGroup();
  const searchArea = L.layerGroup().addTo(map);
  map.addLayer(cameras).addLayer(cells);
  let asked = 0;

  async function refresh() {
    const ticket = ++asked;
    const box = viewBox(map);
    const state = searchState();
    const query = new URLSearchParams({ ...box, zoom: String(Math.round(map.getZoom())) });
    for (const [name, key] of [["kind", "kind"], ["owner_org_id", "ownerOrgId"], ["text", "text"]]) {
      if (state[key]) query.set(name, state[key]);
    }
    const started = performance.now();
    const answer = await fetch(`${canvas.dataset.mapUrl}?${query}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (ticket !== asked) return; // a later pan's answer wins
    if (!answer.ok) {
      status.textContent = "The map could not show cameras here. The list still works.";
      return;
    }
    const view = await answer.json();
    if (ticket !== asked) return;
    cameras.clearLayers();
    cells.clearLayers();
    cameras.addLayers(view.cameras.map(cameraMarker));
    view.cells.forEach((cell) => cells.addLayer(cellMarker(map, cell)));
    status.textContent = `${view.count} camera${view.count === 1 ? "" : "s"} in this part of the map.`;
    canvas.dataset.drawnMs = String(Math.round(performance.now() - started));
    canvas.dataset.drawn = String(ticket); // for the benchmark: markers of this pan are drawn
  }

  function showSearch(recentre) {
    const state = searchState();
    searchArea.clearLayers();
    if (state.searched !== "yes") return;
    const centre = [Number(state.latitude), Number(state.longitude)];
    const circle = L.circle(centre, {
      radius: Number(state.radius),
      className: "web-find__circle",
      interactive: false,
    });
    searchArea.addLayer(circle);
    searchArea.addLayer(L.circleMarker(centre, { radius: 5, className: "web-find__centre", interactive: false }));
    if (recentre) map.fitBounds(circle.getBounds(), { maxZoom: 17 });
  }

  map.on("moveend", refresh);
  map.on("click", (event) => {
    const form = document.querySelector("#find-search form[role=search]");
    form.elements.latitude.value = event.latlng.lat.toFixed(6);
    form.elements.longitude.value = wrap(event.latlng.lng).toFixed(6);
    form.requestSubmit();
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    if (!event.detail.target || event.detail.target.id !== "find-search") return;
    showSearch(true);
    refresh(); // the filters may have changed where the view did not
    // The form was replaced: take focus to what changed, the error summary or the results.
    const summary = document.querySelector("#find-search .web-error-summary");
    const heading = document.getElementById("find-results-heading");
    (summary ? summary.querySelector("a") || summary : heading).focus();
  });
  showSearch(true);
  refresh();
  window.findCamerasMap = map; // the benchmark pans it
}

// "Request video from N cameras": the button says how many are ticked.
function countSelected(event) {
  const form = event.target.closest(".web-find__pick");
  if (!form) return;
  const ticked = form.querySelectorAll("input[name=camera]:checked").length;
  const button = form.querySelector("[data-request-button]");
  button.textContent =
    ticked === 0
      ? "Request video from the selected cameras"
      : `Request video from ${ticked} camera${ticked === 1 ? "" : "s"}`;
}

document.addEventListener("change", countSelected);
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
