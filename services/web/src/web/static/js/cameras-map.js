// The camera list's map view (Leaflet, vendored): each listed camera a marker, with what it
// sees drawn as a wedge when its heading and field of view are known; a marker's popup links
// to the camera. The same cameras are listed under the map for the keyboard.

import { baseMap, wedgePoints } from "./camera-wedge.js";

const L = window.L;
const WEDGE_M = 60;

function popup(place) {
  const link = document.createElement("a");
  link.href = place.dataset.href;
  link.textContent = place.dataset.name;
  return link;
}

function start() {
  const canvas = document.getElementById("cameras-map");
  if (!L || !canvas) return;
  const places = [...document.querySelectorAll("#cameras-places li")];
  const map = baseMap(L, canvas, [45.5017, -73.5673], 12);
  const drawn = L.featureGroup().addTo(map);
  for (const place of places) {
    const { lat, lon, heading, fov, status } = place.dataset;
    const where = [Number(lat), Number(lon)];
    if (heading !== undefined && fov !== undefined) {
      const points = wedgePoints(where[0], where[1], Number(heading), Number(fov), WEDGE_M);
      drawn.addLayer(L.polygon(points, { className: "web-cameras__wedge", interactive: false }));
    }
    const marker = L.circleMarker(where, { radius: 7, className: `web-cameras__dot web-cameras__dot--${status}` });
    drawn.addLayer(marker.bindPopup(() => popup(place)));
  }
  const fit = () => map.fitBounds(drawn.getBounds(), { maxZoom: 17, padding: [24, 24] });
  if (places.length) {
    fit();
    map.on("resize", fit); // a phone turned, a window narrowed: every camera stays in view
  }
  canvas.dataset.drawn = String(places.length);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
