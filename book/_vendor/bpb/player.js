// Step-through players on the static site (markup made by backprop_core.player).
// Every frame is already in the page; this script only shows one at a time and wires the
// controls: buttons, a slider, and the arrow / Home / End keys while the player has focus.
(function () {
  "use strict";

  function setup(root) {
    const frames = Array.from(root.querySelectorAll(".bpb-player-frame"));
    const controls = root.querySelector(".bpb-player-controls");
    const slider = root.querySelector("input[type=range]");
    const status = root.querySelector(".bpb-player-status");
    const playButton = root.querySelector("[data-act=play]");
    let current = 0;
    let timer = null;

    function show(i) {
      current = Math.max(0, Math.min(frames.length - 1, i));
      frames.forEach(function (f, k) { f.hidden = k !== current; });
      slider.value = String(current);
      const phase = frames[current].classList.contains("bpb-backward") ? "backward" : "forward";
      status.textContent = (current + 1) + " / " + frames.length + " (" + phase + ")";
      if (current === frames.length - 1) stop();
    }
    function stop() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      playButton.textContent = "▶ Play";
      playButton.setAttribute("aria-label", "Play");
      playButton.setAttribute("aria-pressed", "false");
    }
    function play() {
      if (current === frames.length - 1) show(0);
      timer = setInterval(function () { show(current + 1); }, 1100);
      playButton.textContent = "⏸ Pause";
      playButton.setAttribute("aria-label", "Pause");
      playButton.setAttribute("aria-pressed", "true");
    }

    controls.hidden = false;
    root.tabIndex = 0;
    controls.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-act]");
      if (!button) return;
      const act = button.dataset.act;
      if (act !== "play") stop();
      if (act === "first") show(0);
      else if (act === "prev") show(current - 1);
      else if (act === "next") show(current + 1);
      else if (act === "last") show(frames.length - 1);
      else if (act === "play") (timer === null ? play : stop)();
    });
    slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
    root.addEventListener("keydown", function (event) {
      if (event.target === slider) return;  // the slider handles its own arrow keys
      const moves = { ArrowRight: 1, ArrowLeft: -1 };
      if (event.key in moves) { stop(); show(current + moves[event.key]); }
      else if (event.key === "Home") { stop(); show(0); }
      else if (event.key === "End") { stop(); show(frames.length - 1); }
      else return;
      event.preventDefault();
    });
    root.bpbPlayer = { show: show, get current() { return current; } };
    show(0);
  }

  function init() {
    document.querySelectorAll(".bpb-player").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
