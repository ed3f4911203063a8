// The set-up page's countdown: seconds until the code in the authenticator app changes. The server's time is on
// the page (data-server-ms), so a wrong clock on this computer does not move the countdown.
(function () {
  var box = document.getElementById('countdown');
  var out = document.getElementById('seconds-left');
  if (!box || !out) { return; }
  var offset = Number(box.dataset.serverMs) - Date.now();
  var period = Number(box.dataset.period) * 1000;
  function tick() {
    var now = Date.now() + offset;
    out.textContent = String(Math.ceil((period - (now % period)) / 1000));
  }
  tick();
  setInterval(tick, 250);
})();
