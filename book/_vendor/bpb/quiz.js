/*
 * backprop-book quizzes on the static site (no kernel).
 *
 * The HTML comes from backprop_core.quiz.static: every quiz is a
 * <section class="bpb-quiz" data-bpb-*> holding a <form>. This script finds them
 * all on the page, groups them by chapter (data-bpb-chapter, across cells) and
 * gives them the behaviour of the live widget (backprop_core.quiz.model):
 *
 *   score = max(0, points - penalty * wrong tries), earned when answered right;
 *   a try is a Check with a selection not found wrong before (an empty or
 *   repeated selection costs nothing);
 *   \shownext:true keeps the next quiz of the chapter hidden until this one is
 *   right; a reset hides (and resets) the quizzes its gate closes again.
 *
 * Every sentence and number comes from the rulebook (backprop_core.quiz.rulebook),
 * which the page carries as JSON in <script class="bpb-quiz-rules">; this file has
 * no sentence of its own. tests/browser/test_quiz_rules_site.py replays generated
 * sequences of actions here and in the Python model and compares what both show.
 *
 * A numeric quiz (data-bpb-kind="number") reads the typed text by the rules of
 * backprop_core.quiz.numbers (10.5, -0.25, 1e-3, 21/2; a comma is refused); an
 * entry that is not a number costs nothing; a try is a number not tried before.
 * A wrong answer with a \why: line has a hidden .bpb-quiz-whynot paragraph,
 * shown while that answer is picked and found wrong.
 *
 * Progress is kept per page in localStorage and cleared by Reset / "Clear my
 * answers". Quiz text is never inserted here: it is already in the page, escaped
 * by Python; this script only sets textContent, attributes and classes.
 */
(function () {
  "use strict";

  var STORE = "bpb-quiz:v1:";
  var RULES = null; // the rulebook, read from the page by loadRules()
  var TEXT = {};
  var NUM = {};
  var SPACE, NUMBER, FRACTION;

  function loadRules() {
    var block = document.querySelector("script.bpb-quiz-rules");
    if (!block) {
      return false;
    }
    RULES = JSON.parse(block.textContent);
    TEXT = RULES.text;
    NUM = RULES.number;
    SPACE = new RegExp("^" + NUM.space + "+|" + NUM.space + "+$", "g");
    NUMBER = new RegExp("^(?:" + NUM.decimal + ")$");
    FRACTION = new RegExp("^(?:" + NUM.fraction + ")$");
    return true;
  }

  /* backprop_core.quiz.rulebook.fill: the sentence `key` with each {name} replaced. */
  function fill(key, values) {
    return TEXT[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return String(values[name]);
    });
  }

  function plural(key, n) {
    return fill(n === 1 ? key + "_one" : key + "_many", { n: n });
  }

  function points(n) {
    return plural("points", n);
  }

  /* backprop_core.quiz.numbers.read_number: {value: number} or {problem: text}. */
  function readNumber(text) {
    var entry = text.replace(SPACE, "").split(NUM.minus).join("-");
    if (!entry) {
      return { problem: TEXT.number_empty };
    }
    var refused = Array.prototype.some.call(NUM.refused, function (c) {
      return entry.indexOf(c) >= 0;
    });
    if (refused) {
      return { problem: TEXT.number_refused };
    }
    var value = null;
    var m;
    if (NUMBER.test(entry)) {
      value = parseFloat(entry);
    } else if ((m = FRACTION.exec(entry)) && parseFloat(m[2]) !== 0) {
      value = parseFloat(m[1]) / parseFloat(m[2]);
    }
    if (value === null || !isFinite(value)) {
      var chars = Array.from(entry); // code points, as Python counts them
      var shown = chars.length <= NUM.shown_max ? entry : chars.slice(0, NUM.shown_max - 1).join("") + TEXT.ellipsis;
      return { problem: fill("number_invalid", { entry: shown, examples: TEXT.number_examples }) };
    }
    return { value: value + 0 };
  }

  function within(value, expected, tolerance, relative) {
    var bound = relative ? tolerance * Math.abs(expected) : tolerance;
    return Math.abs(value - expected) <= bound * (1 + NUM.slack_rel) + NUM.slack_abs * Math.abs(expected);
  }

  /* True when the double `abs` is exactly the decimal digits × 10^power. */
  function exactly(abs, digits, power) {
    var ten = BigInt(10);
    if (power >= 0) {
      return Number.isInteger(abs) && BigInt(abs) === BigInt(digits) * ten ** BigInt(power);
    }
    var x = abs;
    var k = 0;
    while (!Number.isInteger(x)) {
      x *= 2; // exact: a finite double has a finite binary fraction
      k += 1;
    }
    return BigInt(x) * ten ** BigInt(-power) === BigInt(digits) * BigInt(2) ** BigInt(k);
  }

  /* Python's format(value, ".6g"): p significant digits rounded half to even on the
   * exact binary value (JavaScript's toExponential rounds a tie away from zero). */
  function formatValue(value) {
    var p = NUM.significant_digits;
    var sign = value < 0 || Object.is(value, -0) ? "-" : "";
    var abs = Math.abs(value);
    var parts = abs.toExponential(p - 1).split("e");
    var digits = parts[0].replace(".", "");
    var exp = parseInt(parts[1], 10);
    var longer = abs.toExponential(p).split("e");
    var more = longer[0].replace(".", "");
    var moreExp = parseInt(longer[1], 10);
    if (abs !== 0 && more.charAt(p) === "5" && exactly(abs, more, moreExp - p) &&
        parseInt(more.charAt(p - 1), 10) % 2 === 0) {
      digits = more.slice(0, p); // a tie: round down to the even digit
      exp = moreExp;
    }
    var text;
    if (exp < -4 || exp >= p) {
      var mantissa = digits.charAt(0) + "." + digits.slice(1);
      mantissa = mantissa.replace(/\.?0+$/, "");
      var e = Math.abs(exp);
      text = mantissa + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
    } else if (exp >= 0) {
      text = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
      text = text.replace(/\.?0+$/, "").replace(/\.$/, "");
    } else {
      text = ("0." + "0".repeat(-exp - 1) + digits).replace(/0+$/, "").replace(/\.$/, "");
    }
    return sign + text;
  }

  function storageKey() {
    return STORE + window.location.pathname;
  }

  function loadStore() {
    try {
      var value = JSON.parse(window.localStorage.getItem(storageKey()) || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch {
      return {}; // storage blocked or corrupt: start afresh
    }
  }

  function typeset(el) {
    var mj = window.MathJax;
    if (!mj || typeof mj.typesetPromise !== "function") {
      return; // not loaded (yet): MathJax typesets the whole page when it starts
    }
    var ready = mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
    ready
      .then(function () {
        return mj.typesetPromise([el]);
      })
      .catch(function () {});
  }

  function Quiz(section) {
    var d = section.dataset;
    this.el = section;
    this.key = d.bpbKey;
    this.chapter = d.bpbChapter;
    this.index = parseInt(d.bpbIndex, 10);
    this.points = parseInt(d.bpbPoints, 10);
    this.penalty = parseInt(d.bpbPenalty, 10) || 0;
    this.shownext = d.bpbShownext === "true";
    this.multiple = d.bpbMultiple === "true";
    this.correct = d.bpbCorrect;
    this.numeric = d.bpbKind === "number";
    this.value = parseFloat(d.bpbValue);
    this.tolerance = parseFloat(d.bpbTolerance);
    this.relative = d.bpbRelative === "true";
    this.numberInput = section.querySelector(".bpb-quiz-number-input");
    this.whynots = Array.prototype.slice.call(section.querySelectorAll(".bpb-quiz-whynot"));
    this.problem = "";
    this.form = section.querySelector(".bpb-quiz-form");
    this.locked = section.querySelector(".bpb-quiz-locked");
    this.inputs = Array.prototype.slice.call(section.querySelectorAll(".bpb-quiz-answer input, .bpb-quiz-number-input"));
    this.checkButton = section.querySelector(".bpb-quiz-check");
    this.resetButton = section.querySelector(".bpb-quiz-reset");
    this.status = section.querySelector(".bpb-quiz-status");
    this.feedback = section.querySelector(".bpb-quiz-feedback");
    this.explain = section.querySelector(".bpb-quiz-explain");
    this.tried = [];
    this.solved = false;
    this.shown = !this.form.hidden;
  }

  Quiz.prototype.worth = function () {
    return Math.max(0, this.points - this.penalty * this.tried.length);
  };

  Quiz.prototype.score = function () {
    return this.solved ? this.worth() : 0;
  };

  /* The checked answers' file indices, sorted, as "0,2" (the form of data-bpb-correct). */
  Quiz.prototype.selection = function () {
    return this.inputs
      .filter(function (input) {
        return input.checked;
      })
      .map(function (input) {
        return parseInt(input.value, 10);
      })
      .sort(function (a, b) {
        return a - b;
      })
      .join(",");
  };

  Quiz.prototype.judgeNumber = function () {
    var reading = readNumber(this.numberInput.value);
    this.problem = reading.problem || "";
    if (reading.problem) {
      return this.numberInput.value.replace(SPACE, "") ? "invalid" : "empty";
    }
    if (within(reading.value, this.value, this.tolerance, this.relative)) {
      this.solved = true;
      return "right";
    }
    var key = String(reading.value);
    if (this.tried.indexOf(key) >= 0) {
      return "repeated";
    }
    this.tried.push(key);
    return "wrong";
  };

  /* Show the \why: of each wrong answer picked (after a wrong Check), hide the others. */
  Quiz.prototype.showWhy = function (outcome) {
    var picked = outcome === "wrong" || outcome === "repeated" ? this.selection().split(",") : [];
    this.whynots.forEach(function (p) {
      p.hidden = picked.indexOf(p.dataset.bpbAnswer) < 0;
    });
  };

  /* One Check: "empty", "repeated", "wrong", "right" or "done". */
  Quiz.prototype.judge = function () {
    if (this.solved) {
      return "done";
    }
    if (this.numeric) {
      return this.judgeNumber();
    }
    var chosen = this.selection();
    if (!chosen) {
      return "empty";
    }
    if (chosen === this.correct) {
      this.solved = true;
      return "right";
    }
    if (this.tried.indexOf(chosen) >= 0) {
      return "repeated";
    }
    this.tried.push(chosen);
    return "wrong";
  };

  /* backprop_core.quiz.messages.feedback */
  Quiz.prototype.message = function (outcome, reveals) {
    if (outcome === "invalid" || (outcome === "empty" && this.numeric)) {
      return this.problem;
    }
    if (outcome === "empty") {
      return this.multiple ? TEXT.empty_several : TEXT.empty_one;
    }
    if (outcome === "repeated") {
      return this.numeric ? TEXT.repeated_number : TEXT.repeated_choice;
    }
    var text;
    if (outcome === "wrong") {
      text = TEXT.wrong;
      if (this.multiple) {
        text += TEXT.wrong_several;
      }
      if (this.penalty) {
        text += fill("wrong_penalty", { penalty: points(this.penalty), worth: this.worth() });
      } else {
        text += TEXT.wrong_free;
      }
      return text;
    }
    text = fill("right", { score: points(this.score()) });
    if (this.tried.length) {
      text += fill("right_after", { count: this.tried.length, tries: plural("try", this.tried.length) });
    }
    text += TEXT.right_end;
    if (this.numeric) {
      text += fill("right_value", { value: formatValue(this.value) });
    }
    if (reveals) {
      text += TEXT.right_reveals;
    }
    return text;
  };

  Quiz.prototype.say = function (text, tone) {
    this.feedback.textContent = text;
    this.feedback.className = "bpb-quiz-feedback" + (tone ? " bpb-quiz-feedback-" + tone : "");
  };

  Quiz.prototype.clear = function () {
    this.tried = [];
    this.solved = false;
    this.inputs.forEach(function (input) {
      input.checked = false;
    });
    if (this.numberInput) {
      this.numberInput.value = "";
    }
    this.showWhy("");
    this.say("", "");
  };

  Quiz.prototype.render = function (visible) {
    var revealed = visible && !this.shown;
    this.shown = visible;
    this.form.hidden = !visible;
    if (this.locked) {
      this.locked.hidden = visible;
    }
    var solved = this.solved;
    var correct = this.correct.split(",");
    this.el.classList.toggle("bpb-quiz-solved", solved);
    this.inputs.forEach(function (input) {
      input.disabled = solved;
      input.parentNode.classList.toggle("bpb-quiz-answer-right", solved && correct.indexOf(input.value) >= 0);
    });
    this.checkButton.disabled = solved;
    if (this.explain) {
      this.explain.hidden = !solved;
    }
    if (solved) {
      this.showWhy("");
    }
    var worth = { score: this.score(), worth: this.worth(), points: points(this.points) };
    if (solved) {
      this.status.textContent = fill("status_solved", worth);
    } else if (this.tried.length && this.penalty) {
      this.status.textContent = fill("status_worth_now", worth);
    } else {
      this.status.textContent = fill("status_worth", worth);
    }
    if (revealed) {
      typeset(this.el);
    }
  };

  Quiz.prototype.restore = function (saved) {
    if (!saved || typeof saved !== "object") {
      return;
    }
    var self = this;
    if (Array.isArray(saved.tried)) {
      saved.tried.forEach(function (sel) {
        if (typeof sel === "string" && sel && sel !== self.correct && self.tried.indexOf(sel) < 0) {
          self.tried.push(sel);
        }
      });
    }
    if (saved.solved === true) {
      this.solved = true;
      var correct = this.correct.split(",");
      this.inputs.forEach(function (input) {
        input.checked = correct.indexOf(input.value) >= 0;
      });
      if (this.numberInput) {
        this.numberInput.value = formatValue(this.value);
      }
      this.say(this.message("done", false), "right");
    }
  };

  function Chapter(name) {
    this.name = name;
    this.quizzes = [];
    this.byIndex = {};
    this.boards = [];
  }

  Chapter.prototype.visible = function (quiz) {
    var index = quiz.index;
    while (index > 0) {
      var before = this.byIndex[index - 1];
      if (!before || !before.shownext) {
        return true; // no gate, or its quiz is not on this page
      }
      if (!before.solved) {
        return false;
      }
      index -= 1;
    }
    return true;
  };

  Chapter.prototype.visibility = function () {
    var self = this;
    return this.quizzes.map(function (q) {
      return self.visible(q);
    });
  };

  /* A quiz hidden again by a closed gate starts over: a hidden quiz never holds points. */
  Chapter.prototype.resetHidden = function () {
    var self = this;
    this.quizzes.forEach(function (q) {
      if (!self.visible(q) && (q.solved || q.tried.length)) {
        q.clear();
      }
    });
  };

  Chapter.prototype.render = function () {
    var self = this;
    this.quizzes.forEach(function (q) {
      q.render(self.visible(q));
    });
    var score = 0;
    var solved = 0;
    this.quizzes.forEach(function (q) {
      score += q.score();
      solved += q.solved ? 1 : 0;
    });
    this.boards.forEach(function (board) {
      var total = parseInt(board.dataset.bpbTotal, 10);
      var count = parseInt(board.dataset.bpbCount, 10);
      board.querySelector(".bpb-scoreboard-text").textContent =
        fill("scoreboard", { score: score, total: points(total), solved: solved, count: count });
    });
  };

  var chapters = {};
  var order = [];

  function save() {
    var state = {};
    var any = false;
    order.forEach(function (chapter) {
      chapter.quizzes.forEach(function (q) {
        if (q.solved || q.tried.length) {
          state[q.key] = { tried: q.tried.slice(), solved: q.solved };
          any = true;
        }
      });
    });
    try {
      if (any) {
        window.localStorage.setItem(storageKey(), JSON.stringify(state));
      } else {
        window.localStorage.removeItem(storageKey());
      }
    } catch {
      /* storage blocked or full: progress lasts until the page is left */
    }
  }

  function onCheck(chapter, quiz) {
    var before = chapter.visibility();
    var outcome = quiz.judge();
    var after = chapter.visibility();
    var reveals = after.some(function (v, i) {
      return v && !before[i];
    });
    var tone = { right: "right", done: "right", wrong: "wrong" }[outcome] || "note";
    quiz.say(quiz.message(outcome, reveals), tone);
    quiz.showWhy(outcome);
    chapter.render();
    save();
    if (outcome === "right") {
      quiz.feedback.focus(); // the inputs and Check are now disabled
    }
  }

  function onReset(chapter, quizzes) {
    quizzes.forEach(function (q) {
      q.clear();
    });
    chapter.resetHidden();
    chapter.render();
    save();
  }

  function wire(chapter, quiz) {
    quiz.form.addEventListener("submit", function (event) {
      event.preventDefault();
      onCheck(chapter, quiz);
    });
    quiz.inputs.forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          onCheck(chapter, quiz);
        }
      });
    });
    quiz.resetButton.addEventListener("click", function () {
      onReset(chapter, [quiz]);
      (quiz.inputs[0] || quiz.resetButton).focus();
    });
  }

  function init() {
    var saved = loadStore();
    var sections = document.querySelectorAll("section.bpb-quiz[data-bpb-key]");
    Array.prototype.forEach.call(sections, function (section) {
      var form = section.querySelector(".bpb-quiz-form");
      if (!form || section.dataset.bpbReady) {
        return;
      }
      section.dataset.bpbReady = "true";
      var quiz = new Quiz(section);
      var chapter = chapters[quiz.chapter];
      if (!chapter) {
        chapter = chapters[quiz.chapter] = new Chapter(quiz.chapter);
        order.push(chapter);
      }
      if (chapter.byIndex[quiz.index]) {
        // The same quiz twice on one page: the first one counts, this one stays inert.
        form.addEventListener("submit", function (event) {
          event.preventDefault();
        });
        section.classList.add("bpb-quiz-duplicate");
        return;
      }
      chapter.byIndex[quiz.index] = quiz;
      chapter.quizzes.push(quiz);
      quiz.restore(saved[quiz.key]);
      wire(chapter, quiz);
    });
    var boards = document.querySelectorAll(".bpb-scoreboard[data-bpb-chapter]");
    Array.prototype.forEach.call(boards, function (board) {
      var name = board.dataset.bpbChapter;
      var chapter = chapters[name];
      if (!chapter) {
        chapter = chapters[name] = new Chapter(name);
        order.push(chapter);
      }
      chapter.boards.push(board);
      board.querySelector(".bpb-scoreboard-clear").addEventListener("click", function () {
        onReset(chapter, chapter.quizzes);
      });
    });
    order.forEach(function (chapter) {
      chapter.quizzes.sort(function (a, b) {
        return a.index - b.index;
      });
      chapter.resetHidden(); // saved progress on a quiz whose gate is closed is dropped
      chapter.render();
    });
    document.documentElement.classList.add("bpb-quiz-ready");
  }

  /* ---- The book-wide progress page (backprop_core.quiz.progress) ----------------
   * Reads the progress that every chapter page keeps under STORE + its path, scores it
   * by the same rules (a quiz behind a closed \shownext gate holds nothing, as on the
   * chapter page), and offers reset, "retry my mistakes" (forget every question that
   * had a wrong try), export to a JSON file and import from one. No quiz text here.
   */
  var EXPORT_FORMAT = "backprop-book-progress";

  function pageStoreKey(page) {
    return STORE + new URL(page, window.location.href).pathname;
  }

  function readPage(page) {
    try {
      var value = JSON.parse(window.localStorage.getItem(pageStoreKey(page)) || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch {
      return {};
    }
  }

  function writePage(page, state) {
    try {
      if (Object.keys(state).length) {
        window.localStorage.setItem(pageStoreKey(page), JSON.stringify(state));
      } else {
        window.localStorage.removeItem(pageStoreKey(page));
      }
    } catch {
      /* storage blocked: nothing to keep */
    }
  }

  /* {score, solved, count, total, left: [index], mistakes: [index]} of one chapter. */
  function chapterProgress(ch) {
    var state = readPage(ch.page);
    var out = { score: 0, solved: 0, count: ch.quizzes.length, total: ch.total, left: [], mistakes: [] };
    var open = true;
    ch.quizzes.forEach(function (q, i) {
      var saved = open ? state[q.key] : null;
      var tried = saved && Array.isArray(saved.tried) ? saved.tried.length : 0;
      var solved = !!(saved && saved.solved === true);
      if (solved) {
        out.score += Math.max(0, q.points - q.penalty * tried);
        out.solved += 1;
      } else {
        out.left.push(i);
      }
      if (tried) {
        out.mistakes.push(i);
      }
      // the next quiz's gate: open unless this quiz has \shownext and is not solved (a
      // quiz behind a closed gate holds nothing, so `solved` is false there)
      open = !q.shownext || solved;
    });
    return out;
  }

  function ProgressPage(root) {
    this.root = root;
    this.chapters = JSON.parse(root.querySelector(".bpb-progress-data").textContent);
    this.message = root.querySelector(".bpb-progress-message");
    this.reopened = root.querySelector(".bpb-progress-reopened");
  }

  ProgressPage.prototype.row = function (ch) {
    return this.root.querySelector('tr[data-bpb-chapter="' + ch.name + '"]');
  };

  ProgressPage.prototype.say = function (text) {
    this.message.textContent = text;
  };

  ProgressPage.prototype.link = function (ch, index) {
    var a = document.createElement("a");
    a.href = ch.page + "#bpb-" + ch.quizzes[index].key;
    a.textContent = String(index + 1);
    return a;
  };

  ProgressPage.prototype.render = function () {
    var self = this;
    var score = 0, total = 0, solved = 0, count = 0, mistakes = 0;
    this.chapters.forEach(function (ch) {
      var p = chapterProgress(ch);
      score += p.score;
      total += p.total;
      solved += p.solved;
      count += p.count;
      mistakes += p.mistakes.length;
      var row = self.row(ch);
      row.querySelector(".bpb-progress-score").textContent = fill("progress_score", { score: p.score, total: p.total });
      row.querySelector(".bpb-progress-answered").textContent = fill("progress_score", { score: p.solved, total: p.count });
      var left = row.querySelector(".bpb-progress-left");
      left.textContent = "";
      if (!p.left.length) {
        left.textContent = TEXT.progress_none_left;
      } else if (p.left.length === p.count) {
        left.textContent = fill("progress_all_left", { count: p.count });
      } else {
        left.appendChild(document.createTextNode(fill("progress_left", { questions: plural("question", p.left.length) })));
        p.left.forEach(function (i, n) {
          if (n) {
            left.appendChild(document.createTextNode(TEXT.progress_list_separator));
          }
          left.appendChild(self.link(ch, i));
        });
      }
      var retry = row.querySelector(".bpb-progress-retry");
      retry.disabled = !p.mistakes.length;
      row.dataset.bpbScore = String(p.score);
    });
    this.root.querySelector(".bpb-progress-retry-all").disabled = !mistakes;
    this.root.querySelector(".bpb-progress-total").textContent =
      fill("book_total", { score: score, total: points(total), solved: solved, count: count });
  };

  /* Forget the questions with a wrong try, so that they can be answered afresh. */
  ProgressPage.prototype.retry = function (list) {
    var self = this;
    var reopened = [];
    list.forEach(function (ch) {
      var p = chapterProgress(ch);
      if (!p.mistakes.length) {
        return;
      }
      var state = readPage(ch.page);
      p.mistakes.forEach(function (i) {
        delete state[ch.quizzes[i].key];
        reopened.push([ch, i]);
      });
      writePage(ch.page, state);
    });
    this.reopened.textContent = "";
    reopened.forEach(function (pair) {
      var li = document.createElement("li");
      var a = self.link(pair[0], pair[1]);
      a.textContent = fill("progress_reopened_item", {
        title: self.row(pair[0]).querySelector("th").textContent,
        number: pair[1] + 1,
      });
      li.appendChild(a);
      self.reopened.appendChild(li);
    });
    this.reopened.hidden = !reopened.length;
    this.say(reopened.length
      ? fill("progress_reopened", { count: reopened.length, questions: plural("question", reopened.length) })
      : TEXT.progress_no_mistakes);
    this.render();
  };

  ProgressPage.prototype.reset = function (list, what) {
    list.forEach(function (ch) {
      writePage(ch.page, {});
    });
    this.reopened.hidden = true;
    this.say(fill("progress_reset", { what: what }));
    this.render();
  };

  ProgressPage.prototype.exportData = function () {
    var data = { format: EXPORT_FORMAT, version: 1, chapters: {} };
    this.chapters.forEach(function (ch) {
      var state = readPage(ch.page);
      if (Object.keys(state).length) {
        data.chapters[ch.name] = state;
      }
    });
    return data;
  };

  ProgressPage.prototype.download = function () {
    var data = this.exportData();
    var blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = TEXT.progress_file;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () {
      URL.revokeObjectURL(a.href);
    }, 1000);
    var n = Object.keys(data.chapters).length;
    this.say(fill("progress_exported", { count: n, chapters: plural("chapter", n), file: TEXT.progress_file }));
  };

  /* Replace the book's progress by a file's; returns the number of questions restored. */
  ProgressPage.prototype.importData = function (data) {
    if (!data || data.format !== EXPORT_FORMAT || typeof data.chapters !== "object" || !data.chapters) {
      throw new Error("not an export");
    }
    var restored = 0;
    this.chapters.forEach(function (ch) {
      var given = data.chapters[ch.name];
      var state = {};
      ch.quizzes.forEach(function (q) {
        var s = given && typeof given === "object" ? given[q.key] : null;
        if (!s || typeof s !== "object") {
          return;
        }
        var tried = Array.isArray(s.tried) ? s.tried.filter(function (t) {
          return typeof t === "string" && t;
        }) : [];
        if (s.solved === true || tried.length) {
          state[q.key] = { tried: tried, solved: s.solved === true };
          restored += 1;
        }
      });
      writePage(ch.page, state);
    });
    return restored;
  };

  ProgressPage.prototype.load = function (file) {
    var self = this;
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var n = self.importData(JSON.parse(String(reader.result)));
        self.say(fill("progress_imported", { file: file.name, count: n, questions: plural("question", n) }));
      } catch {
        self.say(fill("progress_not_export", { file: file.name }));
      }
      self.render();
    };
    reader.readAsText(file);
  };

  ProgressPage.prototype.wire = function () {
    var self = this;
    this.chapters.forEach(function (ch) {
      var row = self.row(ch);
      var title = row.querySelector("th").textContent;
      row.querySelector(".bpb-progress-retry").addEventListener("click", function () {
        self.retry([ch]);
      });
      row.querySelector(".bpb-progress-reset").addEventListener("click", function () {
        self.reset([ch], fill("progress_quoted", { title: title }));
      });
    });
    this.root.querySelector(".bpb-progress-retry-all").addEventListener("click", function () {
      self.retry(self.chapters);
    });
    this.root.querySelector(".bpb-progress-reset-all").addEventListener("click", function () {
      self.reset(self.chapters, TEXT.progress_whole_book);
    });
    this.root.querySelector(".bpb-progress-export").addEventListener("click", function () {
      self.download();
    });
    var input = this.root.querySelector(".bpb-progress-import");
    input.addEventListener("change", function () {
      if (input.files && input.files[0]) {
        self.load(input.files[0]);
      }
      input.value = "";
    });
    window.addEventListener("storage", function () {
      self.render(); // another tab answered a quiz
    });
  };

  function initProgress() {
    var roots = document.querySelectorAll(".bpb-progress");
    Array.prototype.forEach.call(roots, function (root) {
      if (root.dataset.bpbReady) {
        return;
      }
      root.dataset.bpbReady = "true";
      var page = new ProgressPage(root);
      page.wire();
      page.render();
    });
  }

  function start() {
    if (!loadRules()) {
      if (document.querySelector(".bpb-quiz, .bpb-scoreboard, .bpb-progress")) {
        // HTML written before the rulebook travelled with it: say so rather than fail silently
        window.console.error("backprop-book: these quizzes carry no rulebook (script.bpb-quiz-rules): re-execute the notebook");
      }
      return;
    }
    // the rules as functions, for the console and tests/browser/test_quiz_rules_site.py
    window.bpbQuiz = { readNumber: readNumber, formatValue: formatValue, within: within, fill: fill };
    init();
    initProgress();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
