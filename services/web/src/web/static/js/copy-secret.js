// A "Copy" button beside a shown-once secret: copies the named field and says so to screen
// readers. Without JavaScript the button stays hidden and the text can be selected as usual.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById("copy-status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = "Copied to the clipboard";
      button.textContent = "Copied";
    } catch {
      field.select();
      status.textContent = "Select the key and copy it";
    }
  });
}
