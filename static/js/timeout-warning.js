// WCAG 2.2.1 Timing adjustable: warn before the idle sign-out and let people stay signed in
// without leaving the page, so nothing they typed is lost.
const dialog = document.getElementById("timeout-warning");

if (dialog && typeof dialog.showModal === "function") {
  const timeout = Number(dialog.dataset.timeoutSeconds) * 1000;
  const warning = Number(dialog.dataset.warningSeconds) * 1000;
  const form = dialog.querySelector("form");
  const time = dialog.querySelector(".app-timeout-dialog__time");
  const live = document.getElementById("timeout-warning-live");
  let warnTimer;
  let signOutTimer;
  let tick;
  let signOutAt;

  const words = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const signOut = () => {
    window.location.assign(dialog.dataset.signInUrl);
  };

  const warn = () => {
    time.textContent = words(signOutAt - Date.now());
    dialog.showModal();
    dialog.querySelector("h2").focus();
    live.textContent = `You will be signed out in ${words(signOutAt - Date.now())}.`;
    tick = window.setInterval(() => {
      time.textContent = words(signOutAt - Date.now());
    }, 1000);
  };

  const start = () => {
    window.clearTimeout(warnTimer);
    window.clearTimeout(signOutTimer);
    window.clearInterval(tick);
    signOutAt = Date.now() + timeout;
    warnTimer = window.setTimeout(warn, Math.max(0, timeout - warning));
    // A little after the server's own limit, so the sign-in page finds the session ended.
    signOutTimer = window.setTimeout(signOut, timeout + 2000);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new FormData(form);
    body.delete("next"); // stay on this page: an answer of 204, not a redirect
    const response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
    if (!response.ok) {
      signOut();
      return;
    }
    dialog.close();
    live.textContent = "You are still signed in.";
    start();
  });

  // Escape would close the dialog without keeping the session alive: treat it as "stay".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    form.requestSubmit();
  });

  start();
}
