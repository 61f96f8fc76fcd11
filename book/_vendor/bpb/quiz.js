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
  var MINUS = "\u2212";

  function points(n) {
    return n === 1 ? "1 point" : n + " points";
  }

  var DECIMAL = "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?";
  var NUMBER = new RegExp("^" + DECIMAL + "$");
  var FRACTION = new RegExp("^(" + DECIMAL + ")\\s*/\\s*(" + DECIMAL + ")$");
  var EXAMPLES = "10.5, -0.25, 1e-3 or 21/2";

  /* backprop_core.quiz.numbers.read_number: {value: number} or {problem: text}. */
  function readNumber(text) {
    var entry = text.trim().replace(/\u2212/g, "-");
    if (!entry) {
      return { problem: "Type a number first." };
    }
    if (entry.indexOf(",") >= 0) {
      return { problem: "Use a point as the decimal separator (10.5, not 10,5). This cost nothing." };
    }
    var value = null;
    var m;
    if (NUMBER.test(entry)) {
      value = parseFloat(entry);
    } else if ((m = FRACTION.exec(entry)) && parseFloat(m[2]) !== 0) {
      value = parseFloat(m[1]) / parseFloat(m[2]);
    }
    if (value === null || !isFinite(value)) {
      var shown = entry.length <= 20 ? entry : entry.slice(0, 19) + "\u2026";
      return { problem: "\u201c" + shown + "\u201d is not a number: type e.g. " + EXAMPLES + ". This cost nothing." };
    }
    return { value: value + 0 };
  }

  function within(value, expected, tolerance, relative) {
    var bound = relative ? tolerance * Math.abs(expected) : tolerance;
    return Math.abs(value - expected) <= bound * (1 + 1e-12) + 1e-15 * Math.abs(expected);
  }

  /* Python's format(value, ".6g"). */
  function formatValue(value) {
    if (value === 0) {
      return "0";
    }
    var exponent = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(6)))));
    if (exponent < -4 || exponent >= 6) {
      var parts = value.toExponential(5).split("e");
      var mantissa = parts[0].indexOf(".") >= 0 ? parts[0].replace(/\.?0+$/, "") : parts[0];
      var e = parseInt(parts[1], 10);
      return mantissa + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
    }
    var fixed = value.toFixed(Math.max(0, 5 - exponent));
    return fixed.indexOf(".") >= 0 ? fixed.replace(/\.?0+$/, "") : fixed;
  }

  function storageKey() {
    return STORE + window.location.pathname;
  }

  function loadStore() {
    try {
      var value = JSON.parse(window.localStorage.getItem(storageKey()) || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) {
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
      return this.numberInput.value.trim() ? "invalid" : "empty";
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

  Quiz.prototype.message = function (outcome, reveals) {
    if (outcome === "invalid" || (outcome === "empty" && this.numeric)) {
      return this.problem;
    }
    if (outcome === "empty") {
      return this.multiple ? "Select at least one answer first." : "Select an answer first.";
    }
    if (outcome === "repeated") {
      if (this.numeric) {
        return "You already tried this number: it is not right, and costs nothing again.";
      }
      return "You already tried exactly this: it is not right, and costs nothing again.";
    }
    var text;
    if (outcome === "wrong") {
      text = "Not right.";
      if (this.multiple) {
        text += " Select every correct answer and no wrong one.";
      }
      if (this.penalty) {
        text += " " + MINUS + points(this.penalty) + ": this question is now worth " + this.worth() + ".";
      } else {
        text += " Try again: wrong tries cost nothing here.";
      }
      return text;
    }
    text = "Right! +" + points(this.score());
    if (this.tried.length) {
      text += " (after " + this.tried.length + " wrong " + (this.tried.length === 1 ? "try" : "tries") + ")";
    }
    text += ".";
    if (this.numeric) {
      text += " The value computed by the book: " + formatValue(this.value) + ".";
    }
    if (reveals) {
      text += " The next question is now shown below.";
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
    if (solved) {
      this.status.textContent = "Scored " + this.score() + " of " + points(this.points) + ".";
    } else if (this.tried.length && this.penalty) {
      this.status.textContent = "Now worth " + this.worth() + " of " + points(this.points) + ".";
    } else {
      this.status.textContent = "Worth " + points(this.points) + ".";
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
        "Chapter score: " + score + " of " + points(total) + " \u00b7 " +
        solved + " of " + count + " questions answered";
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
    } catch (e) {
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
    } catch (e) {
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
    } catch (e) {
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
      open = open && (!q.shownext || solved);
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
      row.querySelector(".bpb-progress-score").textContent = p.score + " of " + p.total;
      row.querySelector(".bpb-progress-answered").textContent = p.solved + " of " + p.count;
      var left = row.querySelector(".bpb-progress-left");
      left.textContent = "";
      if (!p.left.length) {
        left.textContent = "nothing: all answered";
      } else if (p.left.length === p.count) {
        left.textContent = "all " + p.count + " questions";
      } else {
        left.appendChild(document.createTextNode((p.left.length === 1 ? "question " : "questions ")));
        p.left.forEach(function (i, n) {
          if (n) {
            left.appendChild(document.createTextNode(", "));
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
      "Book score: " + score + " of " + points(total) + " \u00b7 " + solved + " of " + count + " questions answered";
  };

  /* Forget the questions with a wrong try, so that they can be answered afresh. */
  ProgressPage.prototype.retry = function (chapters) {
    var self = this;
    var reopened = [];
    chapters.forEach(function (ch) {
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
      a.textContent = self.row(pair[0]).querySelector("th").textContent + ", question " + (pair[1] + 1);
      li.appendChild(a);
      self.reopened.appendChild(li);
    });
    this.reopened.hidden = !reopened.length;
    this.say(reopened.length
      ? "Reopened " + reopened.length + (reopened.length === 1 ? " question" : " questions") +
        " answered wrongly at first (questions that a reopened one unlocks close again):"
      : "No question had a wrong try.");
    this.render();
  };

  ProgressPage.prototype.reset = function (chapters, what) {
    chapters.forEach(function (ch) {
      writePage(ch.page, {});
    });
    this.reopened.hidden = true;
    this.say("Reset: " + what + " starts over.");
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
    a.download = "backprop-book-progress.json";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () {
      URL.revokeObjectURL(a.href);
    }, 1000);
    var n = Object.keys(data.chapters).length;
    this.say("Exported the progress of " + n + (n === 1 ? " chapter" : " chapters") +
      " to backprop-book-progress.json.");
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
        self.say("Imported " + file.name + ": " + n + (n === 1 ? " question" : " questions") + " restored.");
      } catch (e) {
        self.say(file.name + " is not a progress file exported from this book: nothing changed.");
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
        self.reset([ch], "\u201c" + title + "\u201d");
      });
    });
    this.root.querySelector(".bpb-progress-retry-all").addEventListener("click", function () {
      self.retry(self.chapters);
    });
    this.root.querySelector(".bpb-progress-reset-all").addEventListener("click", function () {
      self.reset(self.chapters, "the whole book");
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
    init();
    initProgress();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
