// Every htmx request carries this session's CSRF token, read from <meta name="csrf-token">.
const meta = document.querySelector('meta[name="csrf-token"]');

if (meta) {
  document.body.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRF-Token"] = meta.content;
  });
}
