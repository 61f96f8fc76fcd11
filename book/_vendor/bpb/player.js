// Step-through players on the static site (markup made by backprop_core.player).
// A player is ONE drawing: every label carries the steps in which it shows (data-from /
// data-to) or is highlighted (data-on). This script applies a step to the drawing, shows
// that step's caption, and wires the controls: buttons, a slider, and the arrow / Home /
// End keys while the player has focus. As written in the page (no JavaScript, print) the
// drawing shows the last step.
(function () {
  "use strict";

  function steps(el, name) {
    return (el.getAttribute(name) || "").split(" ").filter(Boolean).map(Number);
  }

  function setup(root) {
    const count = Number(root.dataset.steps);
    const svg = root.querySelector("svg.bpb-graph");
    const stage = root.querySelector(".bpb-player-stage");
    const captions = Array.from(root.querySelectorAll(".bpb-player-caption"));
    const controls = root.querySelector(".bpb-player-controls");
    const slider = root.querySelector("input[type=range]");
    const status = root.querySelector(".bpb-player-status");
    const playButton = root.querySelector("[data-act=play]");
    const spans = Array.from(svg.querySelectorAll("[data-from]")).map(function (el) {
      const to = el.getAttribute("data-to");
      return { el: el, from: Number(el.getAttribute("data-from")), to: to === null ? Infinity : Number(to) };
    });
    const marks = Array.from(svg.querySelectorAll("[data-on]")).map(function (el) {
      return { el: el, on: steps(el, "data-on") };
    });
    let current = count - 1;
    let timer = null;

    function show(i) {
      current = Math.max(0, Math.min(count - 1, i));
      spans.forEach(function (s) {
        if (current >= s.from && current <= s.to) s.el.removeAttribute("visibility");
        else s.el.setAttribute("visibility", "hidden");
      });
      let active = null;
      marks.forEach(function (m) {
        const on = m.on.indexOf(current) >= 0;
        m.el.classList.toggle("bpb-active", on);
        if (on && m.el.classList.contains("bpb-node")) active = m.el;
      });
      captions.forEach(function (c, k) {
        c.classList.toggle("bpb-on", k === current);
        c.setAttribute("aria-hidden", k === current ? "false" : "true");
      });
      slider.value = String(current);
      const phase = captions[current].classList.contains("bpb-backward") ? "backward" : "forward";
      status.textContent = (current + 1) + " / " + count + " (" + phase + ")";
      // a drawing wider than the screen scrolls: keep the active node in view
      if (active && stage.scrollWidth > stage.clientWidth + 1) {
        const box = active.getBoundingClientRect();
        const view = stage.getBoundingClientRect();
        if (box.left < view.left || box.right > view.right) {
          stage.scrollLeft += box.left - view.left - (view.width - box.width) / 2;
        }
      }
      if (current === count - 1) stop();
    }
    function stop() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      playButton.textContent = "▶ Play";
      playButton.setAttribute("aria-label", "Play");
      playButton.setAttribute("aria-pressed", "false");
    }
    function play() {
      if (current === count - 1) show(0);
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
      else if (act === "last") show(count - 1);
      else if (act === "play") (timer === null ? play : stop)();
    });
    slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
    root.addEventListener("keydown", function (event) {
      if (event.target === slider) return;  // the slider handles its own arrow keys
      const moves = { ArrowRight: 1, ArrowLeft: -1 };
      if (event.key in moves) { stop(); show(current + moves[event.key]); }
      else if (event.key === "Home") { stop(); show(0); }
      else if (event.key === "End") { stop(); show(count - 1); }
      else return;
      event.preventDefault();
    });
    // printing shows the whole computation: the last step
    let before = null;
    window.addEventListener("beforeprint", function () { stop(); before = current; show(count - 1); });
    window.addEventListener("afterprint", function () { if (before !== null) show(before); before = null; });
    root.bpbPlayer = { show: show, get current() { return current; }, count: count };
    show(0);
  }

  function init() {
    document.querySelectorAll(".bpb-player").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
