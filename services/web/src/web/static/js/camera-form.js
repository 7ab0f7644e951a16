// The camera form's map (Leaflet, vendored): a click or a dragged marker fills in latitude and
// longitude; typing them moves the marker; heading and field of view draw the camera's view as
// a wedge that follows every change. The typed numbers are what the form sends: without
// JavaScript the form works the same, with no map.

import { baseMap, reading, wedgePoints } from "./camera-wedge.js";

const L = window.L;
const WEDGE_M = 60;
const DEFAULT_CENTRE = [45.5017, -73.5673];
const CLOSE_ZOOM = 17; // a street's scale: the wedge (WEDGE_M long) shows at about 70 px

function start() {
  const canvas = document.getElementById("camera-map");
  if (!L || !canvas) return;
  const field = (id) => document.getElementById(id);
  const [lat, lon, heading, fov] = ["latitude", "longitude", "heading", "field_of_view"].map(field);
  const status = field("camera-map-status");
  const placed = () => {
    const y = reading(lat, -90, 90);
    const x = reading(lon, -180, 180);
    return y === null || x === null ? null : [y, x];
  };
  const map = baseMap(L, canvas, placed() || DEFAULT_CENTRE, placed() ? CLOSE_ZOOM : 12);
  const pin = L.marker(placed() || DEFAULT_CENTRE, {
    draggable: true,
    keyboard: false, // the latitude and longitude fields are the keyboard's way
    title: "Camera position",
    icon: L.divIcon({ className: "web-cameras__pin", iconSize: [18, 18] }),
  });
  const view = L.polygon([], { className: "web-cameras__wedge", interactive: false });

  function draw() {
    const where = placed();
    if (!where) {
      pin.remove();
      view.remove();
      status.textContent = "Type a latitude and a longitude, or click the map, to place the camera.";
      return;
    }
    pin.setLatLng(where).addTo(map);
    const facing = reading(heading, 0, 360);
    const width = reading(fov, Number.MIN_VALUE, 360);
    if (facing === null || width === null) {
      view.remove();
      status.textContent = "Camera placed. Type its heading and field of view to draw what it sees.";
      return;
    }
    view.setLatLngs(wedgePoints(where[0], where[1], facing, width, WEDGE_M)).addTo(map);
    status.textContent = `Camera placed, facing ${facing}° with a ${width}° field of view.`;
  }

  function place(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = (((((latlng.lng + 180) % 360) + 360) % 360) - 180).toFixed(6);
    draw();
  }

  map.on("click", (event) => {
    place(event.latlng);
    if (map.getZoom() < CLOSE_ZOOM - 1) map.setView(event.latlng, CLOSE_ZOOM);
  });
  pin.on("dragend", () => place(pin.getLatLng()));
  for (const input of [heading, fov]) input.addEventListener("input", draw);
  for (const input of [lat, lon]) {
    input.addEventListener("input", () => {
      draw();
      if (placed()) map.panTo(placed());
    });
  }
  draw();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
