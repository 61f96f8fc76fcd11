// Step-through players on the static site (markup made by backprop_core.figures.player).
// A player is ONE drawing: every label carries the steps in which it shows or is
// highlighted (player/steps.js). This module applies a step to the drawing, shows that
// step's caption, and wires the controls: buttons, a slider, and the arrow / Home / End
// keys while the player has focus. As written in the page (no JavaScript, print) the
// drawing shows the last step.

import { onReady } from "./dom.js";
import { clampStep, parseSteps, showsAt, span, stepForKey, stepStatus } from "./player/steps.js";

const setup = (root) => {
  const count = Number(root.dataset.steps);
  const svg = root.querySelector("svg.bpb-graph");
  const stage = root.querySelector(".bpb-player-stage");
  const captions = [...root.querySelectorAll(".bpb-player-caption")];
  const controls = root.querySelector(".bpb-player-controls");
  const slider = root.querySelector("input[type=range]");
  const status = root.querySelector(".bpb-player-status");
  const playButton = root.querySelector("[data-act=play]");
  const spans = [...svg.querySelectorAll("[data-from]")].map((el) => ({
    el, ...span(el.getAttribute("data-from"), el.getAttribute("data-to")),
  }));
  const marks = [...svg.querySelectorAll("[data-on]")].map((el) => ({ el, on: parseSteps(el.getAttribute("data-on")) }));
  let current = count - 1;
  let timer = null;

  const stop = () => {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    playButton.textContent = "▶ Play";
    playButton.setAttribute("aria-label", "Play");
    playButton.setAttribute("aria-pressed", "false");
  };

  const show = (i) => {
    current = clampStep(i, count);
    for (const s of spans) {
      if (showsAt(s, current)) {
        s.el.removeAttribute("visibility");
      } else {
        s.el.setAttribute("visibility", "hidden");
      }
    }
    let active = null;
    for (const m of marks) {
      const on = m.on.includes(current);
      m.el.classList.toggle("bpb-active", on);
      if (on && m.el.classList.contains("bpb-node")) {
        active = m.el;
      }
    }
    captions.forEach((c, k) => {
      c.classList.toggle("bpb-on", k === current);
      c.setAttribute("aria-hidden", k === current ? "false" : "true");
    });
    slider.value = String(current);
    status.textContent = stepStatus(current, count, captions[current].classList.contains("bpb-backward"));
    // a drawing wider than the screen scrolls: keep the active node in view
    if (active && stage.scrollWidth > stage.clientWidth + 1) {
      const box = active.getBoundingClientRect();
      const view = stage.getBoundingClientRect();
      if (box.left < view.left || box.right > view.right) {
        stage.scrollLeft += box.left - view.left - (view.width - box.width) / 2;
      }
    }
    if (current === count - 1) {
      stop();
    }
  };

  const play = () => {
    if (current === count - 1) {
      show(0);
    }
    timer = setInterval(() => show(current + 1), 1100);
    playButton.textContent = "⏸ Pause";
    playButton.setAttribute("aria-label", "Pause");
    playButton.setAttribute("aria-pressed", "true");
  };

  controls.hidden = false;
  root.tabIndex = 0;
  controls.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-act]");
    if (!button) {
      return;
    }
    const act = button.dataset.act;
    if (act === "play") {
      (timer === null ? play : stop)();
      return;
    }
    stop();
    const to = { first: 0, prev: current - 1, next: current + 1, last: count - 1 }[act];
    if (to !== undefined) {
      show(to);
    }
  });
  slider.addEventListener("input", () => {
    stop();
    show(Number(slider.value));
  });
  root.addEventListener("keydown", (event) => {
    if (event.target === slider) {
      return; // the slider handles its own arrow keys
    }
    const to = stepForKey(event.key, current, count);
    if (to === null) {
      return;
    }
    stop();
    show(to);
    event.preventDefault();
  });
  // printing shows the whole computation: the last step
  let before = null;
  window.addEventListener("beforeprint", () => {
    stop();
    before = current;
    show(count - 1);
  });
  window.addEventListener("afterprint", () => {
    if (before !== null) {
      show(before);
    }
    before = null;
  });
  root.bpbPlayer = { show, get current() { return current; }, count };
  show(0);
};

onReady(() => document.querySelectorAll(".bpb-player").forEach(setup));
