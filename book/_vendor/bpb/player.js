// Step-through players on the static site (markup made by backprop_core.figures.player).
// A player is ONE drawing: every label carries the steps in which it shows or is
// highlighted (player/steps.js). This module applies a step to the drawing, shows that
// step's caption, and wires the controls: buttons, a slider, and the arrow / Home / End
// keys while the player has focus. As written in the page (no JavaScript, print) the
// drawing shows the last step.

import { onReady, storage } from "./dom.js";
import { clampStep, parseSteps, showsAt, span, stepForKey, stepStatus } from "./player/steps.js";
import { judge, pendingAt, predictionScore } from "./player/predict.js";
import { feedback } from "./quiz/messages.js";
import { numberReader } from "./quiz/numbers.js";
import { readRules, sentences } from "./quiz/rules.js";
import { restored } from "./quiz/scoring.js";
import { merged, readStored, storageKey, writeStored } from "./quiz/store.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/* "Predict, then see" (player/predict.js): the box under the caption asks for the value
 * the next step will show; Next, the right arrow and Play wait until it is predicted right
 * or shown without points. Each prediction is kept with the chapter's quiz progress. */
const predictor = (root, data, rules) => {
  const box = root.querySelector(".bpb-player-predict");
  const question = box.querySelector(".bpb-player-question");
  const input = box.querySelector(".bpb-player-answer");
  const said = box.querySelector(".bpb-player-feedback");
  const scoreLine = box.querySelector(".bpb-player-score");
  const say = sentences(rules.text);
  const reader = numberReader(rules.number, say);
  const key = storageKey(data.chapter);
  const keys = data.items.map((item) => item.key);
  const stored = readStored(storage(), key);
  const states = Object.fromEntries(data.items.map((item) => [item.key, restored({}, stored[item.key])]));
  const answered = new Set(data.items.filter((item) => states[item.key].solved).map((item) => item.step));
  let current = 0;
  let move = () => {};

  const save = () => {
    const mine = Object.fromEntries(Object.entries(states)
      .filter(([, st]) => st.solved || st.tried.length)
      .map(([k, st]) => [k, { tried: [...st.tried], solved: st.solved }]));
    writeStored(storage(), key, merged(readStored(storage(), key), keys, mine));
  };
  const tally = () => {
    const { score, solved, count } = predictionScore(data, states);
    scoreLine.textContent = data.text.score.replace("{score}", String(score))
      .replace("{total}", say.points(data.points * count)).replace("{solved}", String(solved))
      .replace("{count}", String(count));
  };
  const pending = () => pendingAt(data.items, current, answered);
  const ask = () => {
    const item = pending();
    question.textContent = item ? item.question : data.text.ready;
    input.disabled = !item;
    box.querySelectorAll("button").forEach((b) => { b.disabled = !item; });
  };
  const check = () => {
    const item = pending();
    if (!item) {
      return;
    }
    const result = judge(data, item, states[item.key], input.value, reader);
    states[item.key] = result.state;
    const quiz = { numeric: true, multiple: false, points: data.points, penalty: data.penalty, shown: item.shown };
    let text = feedback(say, quiz, result.state, result.outcome, { problem: result.problem });
    if (result.hint) {
      text = text.replace(say.text.wrong, `${say.text.wrong} ${result.hint}`);
    }
    said.textContent = text;
    said.dataset.tone = result.outcome;
    save();
    tally();
    if (result.outcome === "right") {
      answered.add(item.step);
      input.value = "";
      move(item.step);
    }
  };
  box.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-predict]");
    if (!button) {
      return;
    }
    if (button.dataset.predict === "check") {
      check();
    } else {
      const item = pending();
      if (item) {
        answered.add(item.step);
        said.textContent = "";
        move(item.step);
      }
    }
  });
  input.addEventListener("keydown", (event) => {
    event.stopPropagation(); // the arrow keys edit the number, not the step
    if (event.key === "Enter") {
      event.preventDefault();
      check();
    }
  });
  box.hidden = false;
  tally();
  return {
    /** Whether stepping on from `step` must wait for a prediction (and say so). */
    blocks: (step) => {
      current = step;
      if (!pending()) {
        return false;
      }
      said.textContent = data.text.wait;
      input.focus();
      return true;
    },
    shown: (step) => {
      current = step;
      ask();
    },
    onMove: (fn) => { move = fn; },
  };
};

const setup = (root) => {
  const count = Number(root.dataset.steps);
  const svg = root.querySelector("svg.bpb-graph");
  const stage = root.querySelector(".bpb-player-stage");
  const captions = [...root.querySelectorAll(".bpb-player-caption")];
  const controls = root.querySelector(".bpb-player-controls");
  const slider = root.querySelector("input[type=range]");
  const status = root.querySelector(".bpb-player-status");
  const playButton = root.querySelector("[data-act=play]");
  // the drawing's labels, and the list of ∂C/∂w and ∂C/∂b under it
  const spans = [...root.querySelectorAll("[data-from]")].map((el) => ({
    el, ...span(el.getAttribute("data-from"), el.getAttribute("data-to")),
  }));
  const marks = [...svg.querySelectorAll("[data-on]")].map((el) => ({ el, on: parseSteps(el.getAttribute("data-on")) }));
  let current = count - 1;
  let timer = null;
  const data = root.querySelector("script.bpb-player-predictions");
  const rules = data ? readRules(root) : null;
  const predict = data && rules ? predictor(root, JSON.parse(data.textContent), rules) : null;

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
      if (s.el.namespaceURI !== SVG_NS) {
        s.el.style.visibility = showsAt(s, current) ? "" : "hidden"; // keeps its room
      } else if (showsAt(s, current)) {
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
    status.textContent = stepStatus(current, count, captions[current].dataset.phase);
    if (predict) {
      predict.shown(current);
    }
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

  // one step on, unless the next step waits for a prediction
  const forward = () => {
    if (predict && predict.blocks(current)) {
      stop();
      return;
    }
    show(current + 1);
  };

  const play = () => {
    if (current === count - 1) {
      show(0);
    }
    timer = setInterval(forward, 1100);
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
    if (act === "next") {
      forward();
      return;
    }
    const to = { first: 0, prev: current - 1, last: count - 1 }[act];
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
    event.preventDefault();
    if (event.key === "ArrowRight") {
      forward();
      return;
    }
    show(to);
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
  if (predict) {
    predict.onMove((step) => show(step));
  }
  root.bpbPlayer = { show, get current() { return current; }, count };
  show(0);
};

onReady(() => document.querySelectorAll(".bpb-player").forEach(setup));
