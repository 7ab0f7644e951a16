// The upload grant for a case, from the web app (POST with this session's CSRF token): the
// device gateway's tus endpoint and a token scoped to uploading into that case. The web app
// keeps the grant in the session and hands out the same one while it is good, so an upload
// interrupted by a reload resumes with the token that started it.
const csrf = document.querySelector('meta[name="csrf-token"]');

export async function uploadGrant(caseId, source = "browser") {
  const response = await fetch(`/cases/${caseId}/upload/grant?source=${source}`, {
    method: "POST",
    headers: { "X-CSRF-Token": csrf ? csrf.content : "" },
    credentials: "same-origin",
  });
  if (!response.ok) {
    const error = new Error(response.status === 403 ? "refused" : "grant");
    error.status = response.status;
    throw error;
  }
  return response.json();
}
