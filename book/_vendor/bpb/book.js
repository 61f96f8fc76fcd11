// First visit: pydata-sphinx-theme reads the colour mode from localStorage and finds ""
// (sphinx-book-theme passes no default), which logs a console error and then falls back
// to "auto". Start from "auto" explicitly; a reader's own choice is kept.
if (!document.documentElement.dataset.mode) {
  document.documentElement.dataset.mode = "auto";
}
