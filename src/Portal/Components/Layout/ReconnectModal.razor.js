// Drives the reconnection dialog from the states blazor.web.js reports.
const dialog = document.getElementById("components-reconnect-modal");
dialog.addEventListener("components-reconnect-state-changed", onStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);
document.getElementById("components-reload-button").addEventListener("click", () => location.reload());

function onStateChanged(event) {
  const state = event.detail.state;
  if (state === "show") {
    if (!dialog.open) dialog.showModal();
  } else if (state === "hide") {
    dialog.close();
  } else if (state === "failed") {
    document.addEventListener("visibilitychange", retryWhenVisible);
  } else if (state === "rejected") {
    // The server no longer knows this circuit (restarted, or the session ended): a fresh load signs in if needed.
    location.reload();
  }
}

async function retry() {
  document.removeEventListener("visibilitychange", retryWhenVisible);
  try {
    if (await Blazor.reconnect()) return;
    if (await Blazor.resumeCircuit()) { dialog.close(); return; }
    location.reload();
  } catch {
    document.addEventListener("visibilitychange", retryWhenVisible);
  }
}

async function resume() {
  try {
    if (!(await Blazor.resumeCircuit())) location.reload();
  } catch {
    location.reload();
  }
}

async function retryWhenVisible() {
  if (document.visibilityState === "visible") await retry();
}
