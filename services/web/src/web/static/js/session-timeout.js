// Warns before the idle sign-out (CJIS session lock): a dialog two minutes before the limit,
// "Stay signed in" touches the session, and at the limit the page signs out (the screen may
// show records: it must not stay up) and offers to sign in again and come back.
// Only page loads and htmx requests count as activity: they are what the server sees.
const idleMeta = document.querySelector('meta[name="session-idle-seconds"]');
const csrfMeta = document.querySelector('meta[name="csrf-token"]');
const dialog = document.getElementById("session-timeout");

if (idleMeta && csrfMeta && dialog) {
  const idle = Number(idleMeta.content) * 1000;
  const warnBefore = Math.min(120_000, idle / 4);
  let timers = [];

  const signOut = dialog.querySelector("form");
  const signIn = () => {
    signOut.elements.reason.value = "idle";
    signOut.elements.next.value = location.pathname + location.search;
    signOut.submit();
  };

  const schedule = () => {
    timers.forEach(clearTimeout);
    timers = [setTimeout(() => dialog.showModal(), idle - warnBefore), setTimeout(signIn, idle)];
  };

  dialog.querySelector("[data-stay-signed-in]").addEventListener("click", async () => {
    const answer = await fetch("/session/keep-alive", {
      method: "POST",
      headers: { "X-CSRF-Token": csrfMeta.content },
    });
    dialog.close();
    if (answer.ok) schedule();
    else signIn();
  });
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
}
