// While an engine run works, refresh its progress box every 2 seconds (announced politely by
// role="status"); when the run has finished, load the result. Without JavaScript the page's
// "Refresh" link does the same.
const box = document.querySelector("[data-engine-progress]");
if (box) {
  const poll = async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      const next = new DOMParser()
        .parseFromString(await response.text(), "text/html")
        .querySelector("[data-engine-progress]");
      if (!next) {
        window.location.reload();
        return;
      }
      box.innerHTML = next.innerHTML;
    } catch (error) {
      // A lost connection: try again on the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
